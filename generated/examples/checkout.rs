//! Creates, retrieves, lists and expires Checkout Sessions from the command line, the way
//! the Stripe CLI's `stripe checkout sessions ...` does, and prints what Stripe answers.
//!
//! ```sh
//! export STRIPE_SECRET_KEY=sk_test_...
//! cargo run -p stripe-api --example checkout -- sessions create --mode payment \
//!     --success-url https://example.com/done --line-item price_123:2 --metadata order=6735
//! cargo run -p stripe-api --example checkout -- sessions list --customer cus_123 --all
//! cargo run -p stripe-api --example checkout -- sessions line-items cs_test_... --all
//! ```
//!
//! `STRIPE_API_BASE` sends requests elsewhere than `https://api.stripe.com` (a mock
//! server, say). Each object is printed as indented JSON on stdout, as the Stripe CLI
//! prints it, or on one line with `--compact`; with `--all`, each object as its page
//! arrives. On failure, Stripe's message, code and request id go to stderr and the exit
//! status is 1.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use stripe_api::client::{ListStream, RequestOptions};
use stripe_api::{
    CheckoutSessionCreateParams, CheckoutSessionCreateParamsLineItems, CheckoutSessionExpireParams,
    CheckoutSessionLineItemsParams, CheckoutSessionListParams, CheckoutSessionRetrieveParams,
    Client, Error, HasId,
};

/// What `--help` says after the options: where the key and the server come from.
const ENVIRONMENT: &str = "Environment:
  STRIPE_SECRET_KEY  the secret key to call Stripe with (sk_test_... or sk_live_...); required
  STRIPE_API_BASE    where to send requests instead of https://api.stripe.com, such as
                     http://localhost:12111 for Stripe's mock server";

#[derive(Parser)]
#[command(about = "Calls Stripe's Checkout Session API", after_help = ENVIRONMENT)]
struct Cli {
    #[command(subcommand)]
    resource: Resource,
    #[command(flatten)]
    common: Common,
}

#[derive(Subcommand)]
enum Resource {
    /// Checkout Sessions.
    #[command(subcommand)]
    Sessions(SessionCommand),
}

/// Options every command takes.
#[derive(Args)]
struct Common {
    /// A field of the response to expand (repeatable), such as `line_items` or `customer`.
    #[arg(long, global = true, value_name = "FIELD")]
    expand: Vec<String>,
    /// The connected account to act for (`Stripe-Account`).
    #[arg(long, global = true, value_name = "ACCOUNT")]
    stripe_account: Option<String>,
    /// Print each object on one line instead of indented.
    #[arg(long, global = true)]
    compact: bool,
}

/// Options of the commands that change something (`POST`s), which Stripe carries out
/// once per idempotency key.
#[derive(Args)]
struct Change {
    /// The `Idempotency-Key` to send, in place of a random one: repeating the command
    /// with the same key gives the first answer instead of acting twice.
    #[arg(long, value_name = "KEY")]
    idempotency_key: Option<String>,
}

#[derive(Subcommand)]
enum SessionCommand {
    /// Creates a Checkout Session.
    Create {
        /// `payment`, `setup` or `subscription`.
        #[arg(long)]
        mode: String,
        #[arg(long, value_name = "URL")]
        success_url: String,
        #[arg(long, value_name = "URL")]
        cancel_url: Option<String>,
        /// A price and its quantity (repeatable).
        #[arg(long = "line-item", value_name = "PRICE:QUANTITY", value_parser = parse_line_item)]
        line_items: Vec<(String, i64)>,
        /// A metadata entry (repeatable).
        #[arg(long, value_name = "KEY=VALUE", value_parser = parse_metadata)]
        metadata: Vec<(String, String)>,
        #[arg(long, value_name = "EMAIL")]
        customer_email: Option<String>,
        #[command(flatten)]
        change: Change,
    },
    /// Retrieves a Checkout Session.
    Retrieve { id: String },
    /// Expires an open Checkout Session.
    Expire {
        id: String,
        #[command(flatten)]
        change: Change,
    },
    /// Lists Checkout Sessions, newest first.
    List {
        /// Sessions per page (1 to 100).
        #[arg(long)]
        limit: Option<i64>,
        /// Only the sessions of this customer.
        #[arg(long, value_name = "ID")]
        customer: Option<String>,
        /// Only the sessions of this payment link.
        #[arg(long, value_name = "ID")]
        payment_link: Option<String>,
        /// Every page, one session per line.
        #[arg(long)]
        all: bool,
    },
    /// Lists the line items of a Checkout Session.
    LineItems {
        id: String,
        /// Items per page (1 to 100).
        #[arg(long)]
        limit: Option<i64>,
        /// Every page, one item per line.
        #[arg(long)]
        all: bool,
    },
}

fn parse_line_item(text: &str) -> Result<(String, i64), String> {
    let (price, quantity) = text
        .rsplit_once(':')
        .ok_or_else(|| format!("{text:?} is not PRICE:QUANTITY"))?;
    let quantity = quantity
        .parse()
        .map_err(|_| format!("the quantity in {text:?} is not a whole number"))?;
    Ok((price.to_owned(), quantity))
}

fn parse_metadata(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not KEY=VALUE"))?;
    Ok((key.to_owned(), value.to_owned()))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Setup(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
        Err(Failure::Stripe(error)) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

enum Failure {
    Setup(String),
    Stripe(Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Stripe(error)
    }
}

/// Stripe's message, code and request id, one per line, as far as there are any.
fn report(error: &Error) {
    match error.api_error() {
        Some(api) => {
            let message = api.error.message.as_deref().unwrap_or("(no message)");
            eprintln!("error: {message}");
            if let Some(code) = &api.error.code {
                eprintln!("code: {code}");
            }
            eprintln!("status: {}", api.status);
            if let Some(request_id) = &api.request_id {
                eprintln!("request id: {request_id}");
            }
        }
        None => eprintln!("error: {error}"),
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let key = std::env::var("STRIPE_SECRET_KEY")
        .map_err(|_| Failure::Setup("set STRIPE_SECRET_KEY to your secret key".to_owned()))?;
    let mut builder = Client::builder(key);
    if let Ok(base) = std::env::var("STRIPE_API_BASE") {
        builder = builder.base_url(base);
    }
    let client = builder.build()?;
    let Common {
        expand,
        stripe_account,
        compact,
    } = cli.common;
    let print = Printer { compact };
    let mut options = RequestOptions::new();
    if let Some(account) = stripe_account {
        options = options.stripe_account(account);
    }
    let Resource::Sessions(command) = cli.resource;
    // Only the commands that `POST` take an idempotency key; Stripe ignores one on reads.
    if let SessionCommand::Create { change, .. } | SessionCommand::Expire { change, .. } = &command
        && let Some(key) = &change.idempotency_key
    {
        options = options.idempotency_key(key.as_str());
    }
    let sessions = client.with_options(&options).v1().checkout().sessions();
    match command {
        SessionCommand::Create {
            mode,
            success_url,
            cancel_url,
            line_items,
            metadata,
            customer_email,
            change: _,
        } => {
            let mut params = CheckoutSessionCreateParams::new(success_url)
                .mode(mode.as_str())
                .expand(expand);
            if let Some(url) = cancel_url {
                params = params.cancel_url(url);
            }
            if !line_items.is_empty() {
                params = params.line_items(line_items.into_iter().map(|(price, quantity)| {
                    CheckoutSessionCreateParamsLineItems::new()
                        .price(price)
                        .quantity(quantity)
                }));
            }
            if !metadata.is_empty() {
                params = params.metadata(metadata);
            }
            if let Some(email) = customer_email {
                params = params.customer_email(email);
            }
            print.one(&sessions.create(&params).await?);
        }
        SessionCommand::Retrieve { id } => {
            let params = CheckoutSessionRetrieveParams::new().expand(expand);
            print.one(&sessions.retrieve(&id, &params).await?);
        }
        SessionCommand::Expire { id, change: _ } => {
            let params = CheckoutSessionExpireParams::new().expand(expand);
            print.one(&sessions.expire(&id, &params).await?);
        }
        SessionCommand::List {
            limit,
            customer,
            payment_link,
            all,
        } => {
            let mut params = CheckoutSessionListParams::new().expand(expand);
            if let Some(limit) = limit {
                params = params.limit(limit);
            }
            if let Some(customer) = customer {
                params = params.customer(customer);
            }
            if let Some(link) = payment_link {
                params = params.payment_link(link);
            }
            if all {
                print.each(sessions.list_stream(&params)).await?;
            } else {
                print.one(&sessions.list(&params).await?);
            }
        }
        SessionCommand::LineItems { id, limit, all } => {
            let mut params = CheckoutSessionLineItemsParams::new().expand(expand);
            if let Some(limit) = limit {
                params = params.limit(limit);
            }
            if all {
                print.each(sessions.line_items_stream(&id, &params)).await?;
            } else {
                print.one(&sessions.line_items(&id, &params).await?);
            }
        }
    }
    Ok(())
}

/// How objects are printed: indented, as the Stripe CLI prints them, or one per line.
struct Printer {
    compact: bool,
}

impl Printer {
    fn text(&self, object: &impl Serialize) -> String {
        let json = if self.compact {
            serde_json::to_string(object)
        } else {
            serde_json::to_string_pretty(object)
        };
        // The crate's types always serialize: they are JSON already.
        json.unwrap_or_else(|error| format!("(cannot print the object: {error})"))
    }

    fn one(&self, object: &impl Serialize) {
        println!("{}", self.text(object));
    }

    /// Every item, each written as soon as its page arrives.
    async fn each<T: HasId + Serialize>(&self, mut items: ListStream<T>) -> Result<(), Error> {
        let mut stdout = std::io::stdout().lock();
        while let Some(item) = items.next().await {
            // A closed pipe (`| head`) ends the listing quietly.
            if writeln!(stdout, "{}", self.text(&item?)).is_err() {
                return Ok(());
            }
        }
        Ok(())
    }
}
