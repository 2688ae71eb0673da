//! Heap accounting for the memory benchmarks: an allocator that counts the bytes the
//! current thread holds, and the most it has held, while counting is on. A benchmark
//! installs it with `#[global_allocator]`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Passes every call to the system allocator, counting the calling thread's bytes.
#[derive(Debug)]
pub struct ThreadCountingAllocator;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static HELD: Cell<i64> = const { Cell::new(0) };
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

fn count(delta: i64) {
    // `try_with`: the allocator also runs while thread-locals are torn down.
    let _ = COUNTING.try_with(|counting| {
        if counting.get() {
            let held = HELD.with(|held| {
                held.set(held.get() + delta);
                held.get()
            });
            PEAK.with(|peak| peak.set(peak.get().max(held)));
        }
    });
}

// Safety: every call is passed on to the system allocator unchanged; the counting
// touches only const-initialised thread-locals, which never allocate.
unsafe impl GlobalAlloc for ThreadCountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as i64);
        // Safety: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as i64));
        // Safety: the caller's contract is passed on unchanged.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as i64 - layout.size() as i64);
        // Safety: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// What `work` left allocated on this thread, and the most it held at once, in bytes,
/// counted with [`ThreadCountingAllocator`] (zero unless it is the global allocator).
pub fn measure<T>(work: impl FnOnce() -> T) -> (T, Usage) {
    HELD.with(|held| held.set(0));
    PEAK.with(|peak| peak.set(0));
    COUNTING.with(|counting| counting.set(true));
    let result = work();
    COUNTING.with(|counting| counting.set(false));
    let usage = Usage {
        held: HELD.with(Cell::get),
        peak: PEAK.with(Cell::get),
    };
    (result, usage)
}

/// Bytes a piece of work left allocated, and the most it held at once.
#[derive(Debug, Clone, Copy)]
pub struct Usage {
    pub held: i64,
    pub peak: i64,
}
