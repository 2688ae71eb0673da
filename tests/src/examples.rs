//! Runs the crate's examples as a user would, `cargo run -p stripe-api --example NAME`,
//! against the in-test server.

use std::process::{Command, Output};

use crate::stripe_server::StripeServer;

/// `cargo run -p stripe-api --example <example> -- <args>`, with `STRIPE_SECRET_KEY` set
/// to `key` and `STRIPE_API_BASE` pointing at `server`.
pub async fn run_example(example: &str, server: &StripeServer, key: &str, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO"));
    command
        .args([
            "run",
            "--quiet",
            "-p",
            "stripe-api",
            "--example",
            example,
            "--",
        ])
        .args(args)
        .env("STRIPE_SECRET_KEY", key)
        .env("STRIPE_API_BASE", server.url());
    tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the example's process is awaited")
        .expect("cargo runs")
}
