//! Memory of auto-pagination: the most heap a `list_stream` reader holds while it walks N
//! pages, beside the most heap that fetching and decoding one page with `list` holds,
//! measured in the same run. A stream that holds one page at a time stays near the
//! baseline however many pages it walks; collecting every item grows with N.
//!
//! Run: `cargo bench -p stripe-api-tests --bench paging` (under a minute). The in-test
//! server runs on its own thread and runtime; only the reader's thread is counted.

use serde_json::Value;
use stripe_api::{CheckoutSessionListParams, Client};
use stripe_api_tests::heap::{self, ThreadCountingAllocator};
use stripe_api_tests::stripe_server::{DOCUMENTED_RESPONSE, SECRET_KEY, StripeServer};

/// Items per page: the most Stripe gives.
const PAGE: i64 = 100;
/// The walks measured, in pages.
const WALKS: [usize; 3] = [1, 10, 30];

#[global_allocator]
static ALLOCATOR: ThreadCountingAllocator = ThreadCountingAllocator;

/// Runs `work` with this thread's heap counted; the most it held above where it started.
fn peak_of<T>(work: impl FnOnce() -> T) -> (T, i64) {
    let (result, usage) = heap::measure(work);
    (result, usage.peak)
}

fn main() {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        runtime.block_on(async {
            sender
                .send(StripeServer::start().await)
                .expect("the reader waits");
            std::future::pending::<()>().await;
        });
    });
    let server = receiver.recv().expect("the server starts");
    let most = WALKS.iter().max().copied().unwrap_or(1) * PAGE as usize;
    let template: Value = serde_json::from_str(DOCUMENTED_RESPONSE).expect("fixture is JSON");
    for n in 0..most {
        let mut session = template.clone();
        let id = format!("cs_test_paging_{n:05}");
        session["id"] = id.clone().into();
        session["customer"] = "cus_paging".into();
        server.add_session(&id, session);
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let client = Client::builder(SECRET_KEY)
        .base_url(server.url())
        .build()
        .expect("the client builds");
    let params = CheckoutSessionListParams::new()
        .customer("cus_paging")
        .limit(PAGE);
    let sessions = client.v1().checkout().sessions();
    // Warm the connection pool and lazily built statics outside the counted runs.
    runtime.block_on(sessions.list(&params)).expect("a page");

    let (page, one_page) = peak_of(|| runtime.block_on(sessions.list(&params)).expect("a page"));
    assert_eq!(page.data.len(), PAGE as usize);
    drop(page);
    println!("Peak heap of the reader's thread, pages of {PAGE} sessions (1.7 KB each)\n");
    println!("| walk | items | peak heap | vs. one page with `list` |");
    println!("|---|---|---|---|");
    println!(
        "| baseline: one page with `list` | {PAGE} | {} | 1.00x |",
        kib(one_page)
    );
    for pages in WALKS {
        let wanted = pages * PAGE as usize;
        let (read, peak) = peak_of(|| {
            runtime.block_on(async {
                let mut stream = sessions.list_stream(&params);
                let mut read = 0;
                while read < wanted {
                    match stream.next().await {
                        Some(session) => {
                            std::hint::black_box(session.expect("a session"));
                            read += 1;
                        }
                        None => break,
                    }
                }
                read
            })
        });
        assert_eq!(read, wanted);
        println!(
            "| `list_stream`, {pages} page(s) | {read} | {} | {:.2}x |",
            kib(peak),
            peak as f64 / one_page as f64
        );
    }
    let pages = WALKS[WALKS.len() - 1];
    let (all, collected) = peak_of(|| {
        runtime.block_on(async {
            let mut stream = sessions.list_stream(&params);
            let mut all = Vec::new();
            while let Some(session) = stream.next().await {
                all.push(session.expect("a session"));
            }
            all
        })
    });
    println!(
        "| every item collected into a `Vec`, {pages} pages | {} | {} | {:.2}x |",
        all.len(),
        kib(collected),
        collected as f64 / one_page as f64
    );
}

fn kib(bytes: i64) -> String {
    format!("{:.0} KiB", bytes as f64 / 1024.0)
}
