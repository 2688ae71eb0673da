//! Expires a Checkout Session and prints it as JSON.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p stripe-api --example expire_session -- cs_test_... [--expand FIELD]...
//! ```
//!
//! `STRIPE_API_BASE` sends the request elsewhere than `https://api.stripe.com` (a mock
//! server, say). On failure the error goes to stderr and the exit status is 1.

use std::process::ExitCode;

use stripe_api::{CheckoutSessionExpireParams, Client};

const USAGE: &str = "usage: expire_session <SESSION_ID> [--expand FIELD]...";

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<String, String> {
    let (session_id, expand) = parse_args(std::env::args().skip(1))?;
    let key = std::env::var("STRIPE_SECRET_KEY")
        .map_err(|_| "set STRIPE_SECRET_KEY to your secret key".to_owned())?;
    let mut builder = Client::builder(key);
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.base_url(base);
    }
    let client = builder.build().map_err(|error| error.to_string())?;
    let mut params = CheckoutSessionExpireParams::new();
    if !expand.is_empty() {
        params = params.expand(expand);
    }
    let session = client
        .v1()
        .checkout()
        .sessions()
        .expire(&session_id, &params)
        .await
        .map_err(|error| error.to_string())?;
    Ok(session.to_json_string())
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(String, Vec<String>), String> {
    let mut session_id = None;
    let mut expand = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--expand" => expand.push(args.next().ok_or(USAGE)?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            _ if arg.starts_with("--") => return Err(format!("unknown option {arg}\n{USAGE}")),
            _ if session_id.is_none() => session_id = Some(arg),
            _ => return Err(format!("unexpected argument {arg}\n{USAGE}")),
        }
    }
    Ok((session_id.ok_or(USAGE)?, expand))
}
