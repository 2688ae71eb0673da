//! Expires a Checkout Session and prints it as JSON: the one call, alone.
//!
//! ```sh
//! STRIPE_SECRET_KEY=sk_test_... cargo run -p stripe-api --example expire_session -- cs_test_... [--expand FIELD]...
//! ```
//!
//! `STRIPE_API_BASE` sends the request elsewhere than `https://api.stripe.com` (a mock
//! server, say). On failure the error goes to stderr and the exit status is 1.

use std::process::ExitCode;

use clap::Parser;
use stripe_api::{CheckoutSessionExpireParams, Client};

/// What `--help` says after the options: where the key and the server come from.
const ENVIRONMENT: &str = "Environment:
  STRIPE_SECRET_KEY  the secret key to call Stripe with (sk_test_... or sk_live_...); required
  STRIPE_API_BASE    where to send the request instead of https://api.stripe.com";

#[derive(Parser)]
#[command(
    about = "Expires an open Checkout Session and prints it as JSON",
    after_help = ENVIRONMENT
)]
struct Cli {
    /// The session to expire (cs_...).
    session_id: String,
    /// A field of the response to expand (repeatable), such as `line_items`.
    #[arg(long, value_name = "FIELD")]
    expand: Vec<String>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
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

async fn run(cli: Cli) -> Result<String, String> {
    let key = std::env::var("STRIPE_SECRET_KEY")
        .map_err(|_| "set STRIPE_SECRET_KEY to your secret key".to_owned())?;
    let mut builder = Client::builder(key);
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.base_url(base);
    }
    let client = builder.build().map_err(|error| error.to_string())?;
    let mut params = CheckoutSessionExpireParams::new();
    if !cli.expand.is_empty() {
        params = params.expand(cli.expand);
    }
    let session = client
        .v1()
        .checkout()
        .sessions()
        .expire(&cli.session_id, &params)
        .await
        .map_err(|error| error.to_string())?;
    Ok(session.to_json_string())
}
