//! Memory of a decoded session: `size_of::<CheckoutSession>()` and the heap one decoded
//! session holds (and the most its decoding held at once), beside `serde_json::Value`
//! decoding the same JSON, measured in the same run with a counting allocator.
//!
//! Run: `cargo bench -p stripe-api-tests --bench memory` (seconds). Allocation counts do
//! not depend on how busy the machine is, so one run is enough.

use std::hint::black_box;

use stripe_api::CheckoutSession;
use stripe_api_tests::heap::{self, ThreadCountingAllocator};
use stripe_api_tests::stripe_server::DOCUMENTED_RESPONSE;

#[global_allocator]
static ALLOCATOR: ThreadCountingAllocator = ThreadCountingAllocator;

fn main() {
    let json = DOCUMENTED_RESPONSE.as_bytes();
    println!(
        "The documented session, {} bytes of JSON; heap of one decoded value\n",
        json.len()
    );
    println!("| decoded into | `size_of` | heap held | peak while decoding | held vs. `Value` |");
    println!("|---|---|---|---|---|");
    let (value, baseline) = heap::measure(|| {
        serde_json::from_slice::<serde_json::Value>(json).expect("the fixture is JSON")
    });
    row(
        "`serde_json::Value` (baseline)",
        size_of::<serde_json::Value>(),
        baseline,
        baseline,
    );
    drop(black_box(value));
    let (session, fast) =
        heap::measure(|| CheckoutSession::from_json_slice(json).expect("the fixture decodes"));
    row(
        "`CheckoutSession::from_json_slice`",
        size_of::<CheckoutSession>(),
        fast,
        baseline,
    );
    drop(black_box(session));
    let (session, serde) = heap::measure(|| {
        serde_json::from_slice::<CheckoutSession>(json).expect("the fixture decodes")
    });
    row(
        "`CheckoutSession` via `serde_json::from_slice`",
        size_of::<CheckoutSession>(),
        serde,
        baseline,
    );
    drop(black_box(session));
}

fn row(name: &str, size: usize, usage: heap::Usage, baseline: heap::Usage) {
    println!(
        "| {name} | {size} B | {} B | {} B | {:.2}x |",
        usage.held,
        usage.peak,
        usage.held as f64 / baseline.held as f64
    );
}
