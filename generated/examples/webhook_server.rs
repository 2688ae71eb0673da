//! A webhook endpoint that checks every delivery's signature and reports Checkout
//! Sessions that expire.
//!
//! ```sh
//! STRIPE_WEBHOOK_SECRET=whsec_... cargo run -p stripe-api --example webhook_server -- --port 4242
//! stripe listen --forward-to localhost:4242/webhook
//! ```
//!
//! It listens on 127.0.0.1 (`--port 0` takes any free port) and prints `listening on
//! ADDRESS` once it can take requests. Every `POST /webhook` is verified against
//! `STRIPE_WEBHOOK_SECRET`: a delivery that fails is answered 400 with the reason, any
//! other 200. A `checkout.session.expired` event prints `checkout.session.expired cs_...
//! expired`; any other event prints its type and id.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use clap::Parser;
use stripe_api::webhook::Webhook;
use stripe_api::{Event, EventObject, EventType};

const SIGNATURE_HEADER: &str = "stripe-signature";

/// What `--help` says after the options: where the secret comes from.
const ENVIRONMENT: &str = "Environment:
  STRIPE_WEBHOOK_SECRET  the endpoint's signing secret (whsec_...), which `stripe listen`
                         prints; required";

#[derive(Parser)]
#[command(
    about = "Receives Stripe's webhook deliveries on 127.0.0.1, checks each signature, \
             and prints the events",
    after_help = ENVIRONMENT
)]
struct Cli {
    /// The port to listen on; 0 takes any free one.
    #[arg(long, default_value_t = 4242)]
    port: u16,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let port = Cli::parse().port;
    let secret = std::env::var("STRIPE_WEBHOOK_SECRET")
        .map_err(|_| "set STRIPE_WEBHOOK_SECRET to the endpoint's signing secret".to_owned())?;
    let webhook = Arc::new(Webhook::new(secret));
    let app = Router::new()
        .route("/webhook", post(receive))
        .with_state(webhook);
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
        .map_err(|error| format!("cannot listen on port {port}: {error}"))?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    println!("listening on {address}");
    axum::serve(listener, app)
        .await
        .map_err(|error| error.to_string())
}

/// Verifies one delivery; only a verified event is looked at.
async fn receive(
    State(webhook): State<Arc<Webhook>>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, String) {
    let Some(signature) = headers.get(SIGNATURE_HEADER) else {
        return (
            StatusCode::BAD_REQUEST,
            "no Stripe-Signature header".to_owned(),
        );
    };
    let Ok(signature) = signature.to_str() else {
        return (
            StatusCode::BAD_REQUEST,
            "the Stripe-Signature header is not text".to_owned(),
        );
    };
    match webhook.construct_event(&body, signature) {
        Ok(event) => {
            println!("{}", describe(&event));
            (StatusCode::OK, String::new())
        }
        Err(error) => (StatusCode::BAD_REQUEST, error.to_string()),
    }
}

fn describe(event: &Event) -> String {
    match (&event.r#type, &event.data.object) {
        (EventType::CheckoutSessionExpired, EventObject::CheckoutSession(session)) => {
            format!("checkout.session.expired {} expired", session.id)
        }
        (event_type, _) => format!("{} {}", event_type.as_str(), event.id),
    }
}
