//! Decoding, encoding and memory of a Checkout Session with `stripe-api`, beside the
//! leading Rust client, async-stripe (`async-stripe-shared` 1.0.0-rc.10), and beside
//! `serde_json::Value`, all in one process and one run.
//!
//! Not compiled by the workspace: `tests/benches/decode_side_by_side.rs` writes it into a
//! standalone project that depends on both clients, builds it in release and runs it with
//! the fixtures to measure: `side-by-side NAME=PATH...`. It prints markdown tables. (It
//! is not named `main.rs`, which cargo would take for a bench target of the workspace.)

use std::hint::black_box;
use std::time::{Duration, Instant};

use stripe_api::CheckoutSession;

/// async-stripe's session type, as its client hands it over.
type TheirSession = stripe_shared::CheckoutSession;

/// Samples per contender, interleaved round by round so that a slow moment of the machine
/// hits every contender alike; the median is reported.
const ROUNDS: usize = 60;
/// Bytes of JSON decoded per sample (the batch is this divided by the fixture's size), so
/// that a sample takes a few milliseconds whatever the fixture.
const BYTES_PER_SAMPLE: usize = 3_000_000;

/// The workspace's heap accounting (`tests/src/heap.rs`), which the bench writes beside
/// this file: the memory benches count the same way.
mod heap;

#[global_allocator]
static ALLOCATOR: heap::ThreadCountingAllocator = heap::ThreadCountingAllocator;

/// The heap bytes `work` left allocated (what its result holds), and the most it held
/// at once, on this thread, the one that decodes.
fn heap<T>(work: impl FnOnce() -> T) -> (T, i64, i64) {
    let (result, usage) = heap::measure(work);
    (result, usage.held, usage.peak)
}

/// A user's own type with a session inside, as a webhook handler or a queue message has.
#[derive(serde::Deserialize)]
struct Holder {
    session: CheckoutSession,
}

struct Fixture {
    name: String,
    json: Vec<u8>,
    /// The same JSON as `{"session": ...}`, for [`Holder`].
    wrapped: Vec<u8>,
}

/// A contender: its name, the bytes it reads, and one decode or encode.
type Contender<'a> = (&'static str, usize, Box<dyn Fn() + 'a>);

/// Indexes into [`decoders`], for the ratio columns.
const VALUE: usize = 1;
const FROM_JSON_SLICE: usize = 2;
const FROM_READER: usize = 5;
const THEIR_MINISERDE: usize = 7;
const THEIR_SERDE: usize = 8;
const VALUE_FROM_READER: usize = 10;
const THEIR_FROM_READER: usize = 11;

fn decoders(fixture: &Fixture) -> Vec<Contender<'_>> {
    let json = fixture.json.as_slice();
    let wrapped = fixture.wrapped.as_slice();
    // UTF-8, as `check` found.
    let text = std::str::from_utf8(json).unwrap_or_default();
    vec![
        (
            "`serde::de::IgnoredAny` (parse only)",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(json)).ok());
            }),
        ),
        (
            "`serde_json::Value` (baseline)",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(json)).ok());
            }),
        ),
        (
            "stripe-api `CheckoutSession::from_json_slice`",
            json.len(),
            Box::new(move || {
                black_box(CheckoutSession::from_json_slice(black_box(json)).ok());
            }),
        ),
        (
            "stripe-api `serde_json::from_slice`",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_slice::<CheckoutSession>(black_box(json)).ok());
            }),
        ),
        (
            "stripe-api `serde_json::from_str`",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_str::<CheckoutSession>(black_box(text)).ok());
            }),
        ),
        (
            "stripe-api `serde_json::from_reader` (over `&[u8]`)",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_reader::<_, CheckoutSession>(black_box(json)).ok());
            }),
        ),
        (
            "stripe-api in a user's `#[derive(Deserialize)]` struct, `serde_json::from_slice`",
            wrapped.len(),
            Box::new(move || {
                let holder = serde_json::from_slice::<Holder>(black_box(wrapped)).ok();
                black_box(holder.as_ref().map(|holder| &holder.session));
            }),
        ),
        (
            "async-stripe miniserde (`miniserde::json::from_str`, as its client)",
            json.len(),
            Box::new(move || {
                // Its client checks the bytes are UTF-8, then hands the text to miniserde.
                let text = std::str::from_utf8(black_box(json))
                    .ok()
                    .unwrap_or_default();
                black_box(miniserde::json::from_str::<TheirSession>(text).ok());
            }),
        ),
        (
            "async-stripe `serde_json::from_slice`",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_slice::<TheirSession>(black_box(json)).ok());
            }),
        ),
        // `from_reader`'s own baselines: what serde_json's reader costs before any type's
        // `Deserialize` runs.
        (
            "`serde::de::IgnoredAny`, `serde_json::from_reader` (parse only)",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_reader::<_, serde::de::IgnoredAny>(black_box(json)).ok());
            }),
        ),
        (
            "`serde_json::Value`, `serde_json::from_reader`",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_reader::<_, serde_json::Value>(black_box(json)).ok());
            }),
        ),
        (
            "async-stripe `serde_json::from_reader`",
            json.len(),
            Box::new(move || {
                black_box(serde_json::from_reader::<_, TheirSession>(black_box(json)).ok());
            }),
        ),
    ]
}

/// Decoded once each way, to encode.
struct Decoded {
    value: serde_json::Value,
    ours: CheckoutSession,
    theirs: TheirSession,
}

/// Indexes into [`encoders`], for the ratio columns.
const ENCODE_VALUE: usize = 0;
const TO_JSON_STRING: usize = 1;

fn encoders(decoded: &Decoded) -> Vec<Contender<'_>> {
    let output = |text: String| text.len();
    vec![
        (
            "`serde_json::Value`, `serde_json::to_string` (baseline)",
            output(serde_json::to_string(&decoded.value).unwrap_or_default()),
            Box::new(|| {
                black_box(serde_json::to_string(black_box(&decoded.value)).ok());
            }),
        ),
        (
            "stripe-api `CheckoutSession::to_json_string`",
            output(decoded.ours.to_json_string()),
            Box::new(|| {
                black_box(black_box(&decoded.ours).to_json_string());
            }),
        ),
        (
            "stripe-api `serde_json::to_string`",
            output(serde_json::to_string(&decoded.ours).unwrap_or_default()),
            Box::new(|| {
                black_box(serde_json::to_string(black_box(&decoded.ours)).ok());
            }),
        ),
        (
            "async-stripe `serde_json::to_string`",
            output(serde_json::to_string(&decoded.theirs).unwrap_or_default()),
            Box::new(|| {
                black_box(serde_json::to_string(black_box(&decoded.theirs)).ok());
            }),
        ),
    ]
}

/// Every decoder reads the fixture whole, with its expanded objects as objects.
fn check(fixture: &Fixture) -> Decoded {
    let name = &fixture.name;
    let text = std::str::from_utf8(&fixture.json)
        .unwrap_or_else(|error| panic!("{name} is not UTF-8: {error}"));
    let value: serde_json::Value = serde_json::from_slice(&fixture.json)
        .unwrap_or_else(|error| panic!("{name} is not JSON: {error}"));
    let ours = CheckoutSession::from_json_slice(&fixture.json)
        .unwrap_or_else(|error| panic!("stripe-api decodes {name}: {error}"));
    for (route, decoded) in [
        (
            "serde_json::from_slice",
            serde_json::from_slice(&fixture.json),
        ),
        ("serde_json::from_str", serde_json::from_str(text)),
        (
            "serde_json::from_reader",
            serde_json::from_reader(&*fixture.json),
        ),
    ] {
        let decoded: CheckoutSession = decoded
            .unwrap_or_else(|error| panic!("stripe-api decodes {name} with {route}: {error}"));
        assert!(
            decoded == ours,
            "{route} decodes {name} as from_json_slice does"
        );
    }
    let holder: Holder = serde_json::from_slice(&fixture.wrapped)
        .unwrap_or_else(|error| panic!("stripe-api decodes {name} in a Holder: {error}"));
    assert!(
        holder.session == ours,
        "{name} in a Holder decodes the same"
    );
    let theirs: TheirSession = miniserde::json::from_str(text)
        .unwrap_or_else(|error| panic!("async-stripe's miniserde decodes {name}: {error}"));
    let theirs_serde: TheirSession = serde_json::from_slice(&fixture.json)
        .unwrap_or_else(|error| panic!("async-stripe's serde decodes {name}: {error}"));

    let our_expanded = [
        ours.customer
            .as_ref()
            .is_some_and(|field| field.is_object()),
        ours.invoice.as_ref().is_some_and(|field| field.is_object()),
        ours.payment_intent
            .as_ref()
            .is_some_and(|field| field.is_object()),
        ours.payment_link
            .as_ref()
            .is_some_and(|field| field.is_object()),
        ours.setup_intent
            .as_ref()
            .is_some_and(|field| field.is_object()),
        ours.subscription
            .as_ref()
            .is_some_and(|field| field.is_object()),
    ];
    for session in [&theirs, &theirs_serde] {
        let their_expanded = [
            session
                .customer
                .as_ref()
                .is_some_and(|field| field.is_object()),
            session
                .invoice
                .as_ref()
                .is_some_and(|field| field.is_object()),
            session
                .payment_intent
                .as_ref()
                .is_some_and(|field| field.is_object()),
            session
                .payment_link
                .as_ref()
                .is_some_and(|field| field.is_object()),
            session
                .setup_intent
                .as_ref()
                .is_some_and(|field| field.is_object()),
            session
                .subscription
                .as_ref()
                .is_some_and(|field| field.is_object()),
        ];
        assert_eq!(
            our_expanded, their_expanded,
            "{name}: both clients see the same expanded objects"
        );
        assert_eq!(
            ours.line_items.as_ref().map(|list| list.data.len()),
            session.line_items.as_ref().map(|list| list.data.len()),
            "{name}: both clients see the same line items"
        );
    }
    Decoded {
        value,
        ours,
        theirs,
    }
}

/// Times every contender, `ROUNDS` interleaved rounds of `batch` calls each; the median
/// time of one call, per contender.
fn time(contenders: &[Vec<Contender<'_>>], batches: &[usize]) -> Vec<Vec<f64>> {
    let mut samples: Vec<Vec<Vec<Duration>>> = contenders
        .iter()
        .map(|group| vec![Vec::new(); group.len()])
        .collect();
    // One untimed round first: page faults, caches, the allocator's first growth.
    for round in 0..=ROUNDS {
        for ((group, batch), group_samples) in contenders.iter().zip(batches).zip(&mut samples) {
            for ((_, _, run), contender_samples) in group.iter().zip(group_samples.iter_mut()) {
                let start = Instant::now();
                for _ in 0..*batch {
                    run();
                }
                if round > 0 {
                    contender_samples.push(start.elapsed());
                }
            }
        }
    }
    samples
        .into_iter()
        .zip(batches)
        .map(|(group, batch)| {
            group
                .into_iter()
                .map(|mut durations| {
                    durations.sort();
                    durations[durations.len() / 2].as_secs_f64() / *batch as f64
                })
                .collect()
        })
        .collect()
}

fn main() {
    let fixtures: Vec<Fixture> = std::env::args()
        .skip(1)
        .map(|arg| {
            let (name, path) = arg.split_once('=').expect("arguments are NAME=PATH");
            let json = std::fs::read(path).unwrap_or_else(|error| panic!("{path}: {error}"));
            let mut wrapped = b"{\"session\": ".to_vec();
            wrapped.extend_from_slice(&json);
            wrapped.push(b'}');
            Fixture {
                name: name.to_owned(),
                json,
                wrapped,
            }
        })
        .collect();
    assert!(!fixtures.is_empty(), "usage: side-by-side NAME=PATH...");
    let decoded: Vec<Decoded> = fixtures.iter().map(check).collect();

    // Decoding and encoding, all timed in the same rounds.
    let mut groups: Vec<Vec<Contender<'_>>> = Vec::new();
    let mut batches = Vec::new();
    for (fixture, decoded) in fixtures.iter().zip(&decoded) {
        let batch = (BYTES_PER_SAMPLE / fixture.json.len()).max(10);
        groups.push(decoders(fixture));
        batches.push(batch);
        groups.push(encoders(decoded));
        batches.push(batch);
    }
    let medians = time(&groups, &batches);

    for (i, fixture) in fixtures.iter().enumerate() {
        let (decode, decode_times) = (&groups[2 * i], &medians[2 * i]);
        println!(
            "Decoding {} ({} bytes), {ROUNDS} rounds of {} decodes, medians\n",
            fixture.name,
            fixture.json.len(),
            batches[2 * i]
        );
        println!("| decoder | per decode | MB/s | speed vs. `Value` | speed vs. async-stripe |");
        println!("|---|---|---|---|---|");
        for (j, ((name, bytes, _), seconds)) in decode.iter().zip(decode_times).enumerate() {
            let against = match j {
                FROM_JSON_SLICE => Some((THEIR_MINISERDE, "miniserde")),
                FROM_READER => Some((THEIR_FROM_READER, "`from_reader`")),
                3..=6 => Some((THEIR_SERDE, "serde")),
                _ => None,
            };
            let mut against = against.map_or_else(String::new, |(k, route)| {
                format!("{:.2}x its {route}", decode_times[k] / seconds)
            });
            if j == FROM_READER {
                against += &format!(
                    "; {:.2}x `Value` by `from_reader`",
                    decode_times[VALUE_FROM_READER] / seconds
                );
            }
            println!(
                "| {name} | {:.2} µs | {:.0} | {:.2}x | {against} |",
                seconds * 1e6,
                *bytes as f64 / seconds / 1e6,
                decode_times[VALUE] / seconds,
            );
        }
        println!();
    }

    for (i, fixture) in fixtures.iter().enumerate() {
        let (encode, encode_times) = (&groups[2 * i + 1], &medians[2 * i + 1]);
        println!(
            "Encoding {} back to JSON, {ROUNDS} rounds of {} encodes, medians\n",
            fixture.name,
            batches[2 * i + 1]
        );
        println!(
            "| encoder | per encode | bytes out | MB/s out | speed vs. `Value` | time vs. `to_json_string` |"
        );
        println!("|---|---|---|---|---|---|");
        for (j, ((name, bytes, _), seconds)) in encode.iter().zip(encode_times).enumerate() {
            let against = if j == ENCODE_VALUE || j == TO_JSON_STRING {
                String::new()
            } else {
                format!("{:.2}x", seconds / encode_times[TO_JSON_STRING])
            };
            println!(
                "| {name} | {:.2} µs | {bytes} | {:.0} | {:.2}x | {against} |",
                seconds * 1e6,
                *bytes as f64 / seconds / 1e6,
                encode_times[ENCODE_VALUE] / seconds,
            );
        }
        println!();
    }

    println!("Memory of one decoded session: its `size_of`, the heap it holds, and the most");
    println!("its decoding held at once (a counting allocator)\n");
    println!(
        "| fixture | decoded into | `size_of` | heap held | peak while decoding | size + heap | vs. `Value` |"
    );
    println!("|---|---|---|---|---|---|---|");
    for fixture in &fixtures {
        let json = fixture.json.as_slice();
        let text = std::str::from_utf8(json).unwrap_or_default();
        let (value, held, peak) = heap(|| serde_json::from_slice::<serde_json::Value>(json));
        let baseline = size_of::<serde_json::Value>() as i64 + held;
        let row = |name: &str, size: usize, held: i64, peak: i64| {
            let total = size as i64 + held;
            println!(
                "| {} | {name} | {size} B | {held} B | {peak} B | {total} B | {:.2}x |",
                fixture.name,
                total as f64 / baseline as f64
            );
        };
        row(
            "`serde_json::Value` (baseline)",
            size_of::<serde_json::Value>(),
            held,
            peak,
        );
        drop(black_box(value));
        let (ours, held, peak) = heap(|| CheckoutSession::from_json_slice(json));
        row(
            "stripe-api, `from_json_slice`",
            size_of::<CheckoutSession>(),
            held,
            peak,
        );
        drop(black_box(ours));
        let (ours, held, peak) = heap(|| serde_json::from_slice::<CheckoutSession>(json));
        row(
            "stripe-api, `serde_json::from_slice`",
            size_of::<CheckoutSession>(),
            held,
            peak,
        );
        drop(black_box(ours));
        let (theirs, held, peak) = heap(|| miniserde::json::from_str::<TheirSession>(text));
        row(
            "async-stripe, miniserde",
            size_of::<TheirSession>(),
            held,
            peak,
        );
        drop(black_box(theirs));
        let (theirs, held, peak) = heap(|| serde_json::from_slice::<TheirSession>(json));
        row(
            "async-stripe, `serde_json::from_slice`",
            size_of::<TheirSession>(),
            held,
            peak,
        );
        drop(black_box(theirs));
    }
}
