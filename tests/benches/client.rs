//! The client's overhead per call: `client.v1().checkout().sessions().expire(...)` against
//! a server on 127.0.0.1 that answers every request with the documented response, over a
//! kept-alive connection, beside a bare `reqwest` POST to the same server (with the two
//! headers Stripe requires), timed in the same run, round by round. The client's call
//! also decodes the response, so it is set beside two baselines: the bare POST that only
//! reads the body, and the bare POST that also decodes it into a `serde_json::Value`,
//! the least a caller without typed decoding would do.
//!
//! Run: `cargo bench -p stripe-api-tests --bench client`

use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use stripe_api::client::{Host, Method, PathPart, Request};
use stripe_api::form::FormEncoder;
use stripe_api::{CheckoutSessionExpireParams, Client};
use stripe_api_tests::measure::Samples;
use stripe_api_tests::stripe_server::{DOCUMENTED_ID, DOCUMENTED_RESPONSE, SECRET_KEY};

/// Calls per contender per round; rounds alternate so both see the same noise.
const CALLS: usize = 250;
const ROUNDS: usize = 12;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = start_fixed_server().await;
    let client = Client::builder(SECRET_KEY)
        .base_url(&url)
        .build()
        .expect("the client builds");
    let bare = reqwest::Client::new();
    let expire_url = format!("{url}/v1/checkout/sessions/{DOCUMENTED_ID}/expire");
    let params = CheckoutSessionExpireParams::default();

    let path = [
        PathPart::Literal("/v1/checkout/sessions/"),
        PathPart::Param {
            name: "session",
            value: DOCUMENTED_ID,
        },
        PathPart::Literal("/expire"),
    ];
    let mut ours = Vec::new();
    let mut transport = Vec::new();
    let mut baseline = Vec::new();
    let mut baseline_value = Vec::new();
    for round in 0..ROUNDS + 1 {
        for decode in [false, true] {
            let mut times = Vec::with_capacity(CALLS);
            for _ in 0..CALLS {
                let start = Instant::now();
                let response = bare
                    .post(&expire_url)
                    .header("Authorization", format!("Bearer {SECRET_KEY}"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Stripe-Version", "2023-08-16")
                    .body("")
                    .send()
                    .await
                    .expect("the server answers");
                let body = response.bytes().await.expect("the body arrives");
                if decode {
                    let value: serde_json::Value =
                        serde_json::from_slice(&body).expect("the body is JSON");
                    std::hint::black_box(value);
                }
                std::hint::black_box(body);
                times.push(start.elapsed());
            }
            if round > 0 {
                if decode {
                    baseline_value.extend(times);
                } else {
                    baseline.extend(times);
                }
            }
        }
        let mut times = Vec::with_capacity(CALLS);
        for _ in 0..CALLS {
            let start = Instant::now();
            let session = client
                .v1()
                .checkout()
                .sessions()
                .expire(DOCUMENTED_ID, &params)
                .await
                .expect("the call succeeds");
            std::hint::black_box(session);
            times.push(start.elapsed());
        }
        // The first round warms connections and caches; it is not counted.
        if round > 0 {
            ours.extend(times);
        }
        let mut times = Vec::with_capacity(CALLS);
        for _ in 0..CALLS {
            let start = Instant::now();
            let request = Request {
                method: Method::Post,
                host: Host::Api,
                path: &path,
                form: FormEncoder::encode(&params),
                parts: None,
            };
            let response = client.send(request).await.expect("the call succeeds");
            std::hint::black_box(response);
            times.push(start.elapsed());
        }
        if round > 0 {
            transport.extend(times);
        }
    }

    let baseline = Samples::from_durations(baseline);
    let baseline_value = Samples::from_durations(baseline_value);
    let transport = Samples::from_durations(transport);
    let ours = Samples::from_durations(ours);
    let per_second = |samples: &Samples| 1.0 / samples.median().as_secs_f64();
    let us = |d: Duration| format!("{:.0} µs", d.as_secs_f64() * 1e6);
    println!("{ROUNDS} rounds of {CALLS} sequential calls each, one kept-alive connection\n");
    let versus = |samples: &Samples, base: &Samples| {
        let change = samples.median().as_secs_f64() / base.median().as_secs_f64() - 1.0;
        format!("{:+.1}%", change * 100.0)
    };
    println!(
        "| client | calls/s (median) | p50 | p99 | p50 vs. bare POST | p50 vs. bare POST + Value |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, samples) in [
        ("bare reqwest POST, body read", &baseline),
        (
            "bare reqwest POST, body decoded to serde_json::Value",
            &baseline_value,
        ),
        (
            "stripe_api Client::send: the same POST, body read",
            &transport,
        ),
        ("stripe_api expire(), decoded to CheckoutSession", &ours),
    ] {
        println!(
            "| {name} | {:.0} | {} | {} | {} | {} |",
            per_second(samples),
            us(samples.median()),
            us(samples.percentile(99.0)),
            versus(samples, &baseline),
            versus(samples, &baseline_value),
        );
    }
}

/// A server on an ephemeral port that answers everything with the documented response.
async fn start_fixed_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds an ephemeral port");
    let url = format!("http://{}", listener.local_addr().expect("has an address"));
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let service = service_fn(|_request| async {
                    let mut response = hyper::Response::new(Full::new(Bytes::from_static(
                        DOCUMENTED_RESPONSE.as_bytes(),
                    )));
                    response.headers_mut().insert(
                        hyper::header::CONTENT_TYPE,
                        hyper::header::HeaderValue::from_static("application/json"),
                    );
                    Ok::<_, hyper::Error>(response)
                });
                let _ = http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    url
}
