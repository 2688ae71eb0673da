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
//! server, say). Each object is printed as JSON on stdout; with `--all`, one object per
//! line, each as its page arrives. On failure, Stripe's message, code and request id go to
//! stderr and the exit status is 1.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use stripe_api::client::{ListStream, RequestOptions};
use stripe_api::{
    CheckoutSessionCreateParams, CheckoutSessionCreateParamsLineItems, CheckoutSessionExpireParams,
    CheckoutSessionLineItemsParams, CheckoutSessionListParams, CheckoutSessionRetrieveParams,
    Client, Error, HasId,
};

#[derive(Parser)]
#[command(about = "Calls Stripe's Checkout Session API")]
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
    /// The `Idempotency-Key` to send, in place of a random one.
    #[arg(long, global = true, value_name = "KEY")]
    idempotency_key: Option<String>,
    /// The connected account to act for (`Stripe-Account`).
    #[arg(long, global = true, value_name = "ACCOUNT")]
    stripe_account: Option<String>,
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
    },
    /// Retrieves a Checkout Session.
    Retrieve { id: String },
    /// Expires an open Checkout Session.
    Expire { id: String },
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
        idempotency_key,
        stripe_account,
    } = cli.common;
    let mut options = RequestOptions::new();
    if let Some(key) = idempotency_key {
        options = options.idempotency_key(key);
    }
    if let Some(account) = stripe_account {
        options = options.stripe_account(account);
    }
    let sessions = client.with_options(&options).v1().checkout().sessions();
    let Resource::Sessions(command) = cli.resource;
    match command {
        SessionCommand::Create {
            mode,
            success_url,
            cancel_url,
            line_items,
            metadata,
            customer_email,
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
                params = params.metadata(
                    metadata
                        .into_iter()
                        .collect::<std::collections::BTreeMap<_, _>>(),
                );
            }
            if let Some(email) = customer_email {
                params = params.customer_email(email);
            }
            print_json(&sessions.create(&params).await?.to_json_string());
        }
        SessionCommand::Retrieve { id } => {
            let params = CheckoutSessionRetrieveParams::new().expand(expand);
            print_json(&sessions.retrieve(&id, &params).await?.to_json_string());
        }
        SessionCommand::Expire { id } => {
            let params = CheckoutSessionExpireParams::new().expand(expand);
            print_json(&sessions.expire(&id, &params).await?.to_json_string());
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
                print_each(sessions.list_stream(&params), |s| s.to_json_string()).await?;
            } else {
                print_json(&sessions.list(&params).await?.to_json_string());
            }
        }
        SessionCommand::LineItems { id, limit, all } => {
            let mut params = CheckoutSessionLineItemsParams::new().expand(expand);
            if let Some(limit) = limit {
                params = params.limit(limit);
            }
            if all {
                print_each(sessions.line_items_stream(&id, &params), |i| {
                    i.to_json_string()
                })
                .await?;
            } else {
                print_json(&sessions.line_items(&id, &params).await?.to_json_string());
            }
        }
    }
    Ok(())
}

fn print_json(json: &str) {
    println!("{json}");
}

/// Every item, one JSON object per line, written as soon as its page arrives.
async fn print_each<T: HasId>(
    mut items: ListStream<T>,
    to_json: impl Fn(&T) -> String,
) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    while let Some(item) = items.next().await {
        // A closed pipe (`| head`) ends the listing quietly.
        if writeln!(stdout, "{}", to_json(&item?)).is_err() {
            return Ok(());
        }
    }
    Ok(())
}
