//! Decoding the documented response of "Expire a Checkout Session": into
//! `CheckoutSession` with the crate's codec, beside two baselines timed in the same run,
//! `serde_json::Value` (what untyped code does) and `serde::de::IgnoredAny` (the floor:
//! parsing without building anything). Encoding back to JSON is timed too.
//!
//! Run: `cargo bench -p stripe-api-tests --bench decode`. With `PROFILE_ONLY=1` it only
//! decodes, 20,000 times, for a profiler (`valgrind --tool=callgrind` counts instructions
//! the same way whatever else the machine is doing); `PROFILE_ONLY=expanded` decodes the
//! session with its objects expanded instead, 2,000 times, and `PROFILE_ONLY=expanded-known`
//! the same session without its 16 members newer than the spec, which the crate keeps as
//! unknown fields.

use std::hint::black_box;
use std::time::Duration;

use stripe_api::CheckoutSession;
use stripe_api_tests::EXPANDED_SESSION;
use stripe_api_tests::measure::Samples;
use stripe_api_tests::stripe_server::DOCUMENTED_RESPONSE;

/// Decodes per sample; a sample then takes a few milliseconds, long enough to time.
const BATCH: usize = 2_000;
/// Samples per contender, interleaved so that a slow moment hits every contender alike.
const ROUNDS: usize = 60;

fn main() {
    let json = DOCUMENTED_RESPONSE.as_bytes();
    if let Some(which) = std::env::var_os("PROFILE_ONLY") {
        let known = stripe_api_tests::expanded_session_without_newer_fields();
        let (json, times) = match which.to_str() {
            Some("expanded") => (EXPANDED_SESSION.as_bytes(), 2_000),
            Some("expanded-known") => (known.as_bytes(), 2_000),
            _ => (json, 20_000),
        };
        for _ in 0..times {
            black_box(CheckoutSession::from_json_slice(black_box(json)).ok());
        }
        return;
    }
    let contenders: [(&str, &dyn Fn()); 4] = [
        ("serde::de::IgnoredAny (parse only)", &|| {
            black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(json)).ok());
        }),
        ("serde_json::Value", &|| {
            black_box(serde_json::from_slice::<serde_json::Value>(black_box(json)).ok());
        }),
        ("CheckoutSession::from_json_slice", &|| {
            black_box(CheckoutSession::from_json_slice(black_box(json)).ok());
        }),
        ("CheckoutSession via serde_json::from_slice", &|| {
            black_box(serde_json::from_slice::<CheckoutSession>(black_box(json)).ok());
        }),
    ];
    let session = CheckoutSession::from_json_slice(json).expect("the fixture decodes");
    let encoders: [(&str, &dyn Fn()); 2] = [
        ("CheckoutSession::to_json_string", &|| {
            black_box(black_box(&session).to_json_string());
        }),
        ("serde_json::to_string(&CheckoutSession)", &|| {
            black_box(serde_json::to_string(black_box(&session)).ok());
        }),
    ];
    assert_eq!(
        serde_json::to_string(&session).ok(),
        Some(session.to_json_string()),
        "both encoders write the same JSON"
    );

    let runs = contenders.iter().chain(&encoders);
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); contenders.len() + encoders.len()];
    for _ in 0..ROUNDS {
        for (i, (_, run)) in runs.clone().enumerate() {
            samples[i].push(Samples::collect(0, 1, || (0..BATCH).for_each(|_| run())).median());
        }
    }

    let throughput = |samples: &[Duration]| {
        let per_call = Samples::from_durations(samples.to_vec())
            .median()
            .as_secs_f64()
            / BATCH as f64;
        (per_call, json.len() as f64 / per_call / 1e6)
    };
    let (value_time, _) = throughput(&samples[1]);
    println!(
        "Decoding the documented response ({} bytes), {ROUNDS} rounds of {BATCH}, medians\n",
        json.len()
    );
    println!("| decoder | per decode | MB/s | speed vs. Value |");
    println!("|---|---|---|---|");
    for ((name, _), samples) in contenders.iter().zip(&samples) {
        let (time, mbps) = throughput(samples);
        println!(
            "| {name} | {:.2} µs | {mbps:.0} | {:.2}x |",
            time * 1e6,
            value_time / time
        );
    }
    let encoded = &samples[contenders.len()..];
    let (direct, _) = throughput(&encoded[0]);
    println!("\n| encoder | per encode | MB/s | time vs. to_json_string |");
    println!("|---|---|---|---|");
    for ((name, _), samples) in encoders.iter().zip(encoded) {
        let (time, mbps) = throughput(samples);
        println!(
            "| {name} | {:.2} µs | {mbps:.0} | {:.2}x |",
            time * 1e6,
            time / direct
        );
    }
}
