//! A typed client for Stripe's API, generated from Stripe's OpenAPI spec (API version
//! [`API_VERSION`]).
//!
//! Every object Stripe sends has its type ([`CheckoutSession`], [`Event`]...), which
//! decodes exactly what Stripe sends and keeps decoding when Stripe adds to its API:
//! members a type has no field for are kept in its `unknown_fields` ([`UnknownFields`])
//! and written back; enum values it does not know are kept in the enum's `Unrecognized`
//! variant ([`UnrecognizedValue`]); and a decoded object encodes back to the JSON it
//! came from. Every type is in [`types`], and at the crate root.
//!
//! Each resource of the API is a cargo feature, named as the first segment of its paths
//! (`checkout`, on by default; `customers`; `payment_intents`...; `full` for every one):
//! a type compiles when an enabled feature's operations reach it. Events and webhooks
//! come with any set of features.
//!
//! # Guide
//!
//! | To | Start at |
//! |---|---|
//! | make a client | [`Client::builder`], [`ClientBuilder`] |
//! | call Stripe | [`Client::v1`], then along the path: `.checkout().sessions().create(..)` |
//! | use a resource beyond Checkout | its cargo feature (`customers`, `invoices`...; `full` for all), listed with its calls and types in [`resources`] |
//! | set a call's idempotency key, account or key | [`RequestOptions`], [`Client::with_options`] |
//! | read every page of a list | `list_stream`, a [`ListStream`] |
//! | handle errors | [`Error`], [`ApiError`] |
//! | receive webhooks | [`webhook::construct_event`], [`webhook::Webhook`] |
//! | test your code | `Default` on every object, [`ApiError::new`], [`webhook::signature_header`] |
//! | decode and encode JSON yourself | `from_json_slice`, `to_json_string`, or serde (the default `serde` feature) |
//!
//! ## Make a client and call Stripe
//!
//! Operations follow their path, as Stripe's SDKs name them; each takes its parameters
//! type, whose `new(..)` takes what is required and a setter each the rest.
//!
//! ```no_run
//! # async fn run() -> Result<(), stripe_api::Error> {
//! use stripe_api::{CheckoutSessionCreateParams, CheckoutSessionCreateParamsLineItems, Client};
//!
//! let client = Client::builder("sk_test_...").build()?;
//! let sessions = client.v1().checkout().sessions();
//! let params = CheckoutSessionCreateParams::new("https://example.com/thanks")
//!     .mode(stripe_api::CheckoutSessionCreateParamsMode::Payment)
//!     .line_items([CheckoutSessionCreateParamsLineItems::new().price("price_123").quantity(2)])
//!     .metadata([("order_id", "6735")]);
//! let session = sessions.create(&params).await?;
//! println!("pay at {}", session.url.as_deref().unwrap_or_default());
//!
//! // Options for some calls: an idempotency key of the caller's, a connected account.
//! let options = stripe_api::RequestOptions::new()
//!     .idempotency_key("order-6735-checkout")
//!     .stripe_account("acct_1032D82eZvKYlo2C");
//! client.with_options(&options).v1().checkout().sessions().create(&params).await?;
//! # Ok(())
//! # }
//! ```
//!
//! ## Every page of a list
//!
//! ```no_run
//! # async fn run(client: stripe_api::Client) -> Result<(), stripe_api::Error> {
//! let params = stripe_api::CheckoutSessionListParams::new().customer("cus_123");
//! let mut all = client.v1().checkout().sessions().list_stream(&params);
//! while let Some(session) = all.next().await {
//!     println!("{}", session?.id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Handle errors
//!
//! [`Error::Api`] holds Stripe's error object; the rest say why no usable answer came.
//! No error's text holds a secret key, whatever the server sent.
//!
//! ```no_run
//! # async fn run(client: stripe_api::Client) -> Result<(), stripe_api::Error> {
//! let expired = client.v1().checkout().sessions().expire("cs_test_...", &Default::default()).await;
//! match expired {
//!     Ok(session) => println!("{} expired", session.id),
//!     Err(error) if error.api_error().and_then(|e| e.code()) == Some("resource_missing") => {
//!         println!("no such session (request {:?})", error.request_id());
//!     }
//!     Err(error) => return Err(error),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Receive webhooks
//!
//! [`webhook::construct_event`] checks the `Stripe-Signature` header against the raw body,
//! refuses an event rendered in another API version, and decodes the event:
//!
//! ```
//! # fn handle(body: &[u8], header: &str) -> Result<(), stripe_api::webhook::WebhookError> {
//! let event = stripe_api::webhook::construct_event(body, header, "whsec_...")?;
//! if let Some(session) = event.data.object.as_checkout_session() {
//!     println!("{} {}", event.r#type, session.id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! ## Test your code
//!
//! Every object starts from `Default`, Stripe's errors are built with [`ApiError::new`],
//! and [`webhook::signature_header`] signs a test delivery as Stripe would:
//!
//! ```
//! use stripe_api::{ApiError, ApiErrors, CheckoutSession, CheckoutSessionStatus, Error};
//!
//! let mut session = CheckoutSession::default();
//! session.status = Some(CheckoutSessionStatus::Expired);
//!
//! let mut declined = ApiErrors::default();
//! declined.code = Some("card_declined".to_owned());
//! let error = Error::from(ApiError::new(402, declined));
//!
//! let header = stripe_api::webhook::signature_header(b"{}", "whsec_test", 1_692_000_000);
//! # let _ = (session, error, header);
//! ```
//!
//! ## Decode and encode JSON yourself
//!
//! Each type that Stripe sends on its own has `from_json_slice` and `from_json_str`, and
//! every type `to_json_string`: compiled once, in this crate, so using them adds no
//! decoding code to yours. With the `serde` feature, on by default, the types implement
//! serde's traits too, by way of the same codec. An application that decodes only with
//! these functions can leave it out, and the crate then builds faster:
//!
//! ```toml
//! stripe-api = { version = "0.1", default-features = false, features = ["checkout"] }
//! ```
//!
//! ```
//! # fn main() -> Result<(), stripe_api::DecodeError> {
//! let json = r#"{"id": "cs_test_1", "object": "checkout.session", "created": 1679434412,
//!     "expires_at": 1679520812, "livemode": false, "mode": "payment",
//!     "payment_status": "unpaid", "status": "expired", "automatic_tax": {"enabled": false,
//!     "status": null}, "custom_fields": [], "custom_text": {"shipping_address": null,
//!     "submit": null}, "payment_method_types": ["card"], "shipping_options": []}"#;
//! let session = stripe_api::CheckoutSession::from_json_str(json)?;
//! assert_eq!(session.status, Some(stripe_api::CheckoutSessionStatus::Expired));
//! # Ok(())
//! # }
//! ```

// docs.rs (nightly) labels each item with the features it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

// Generated code names this crate's items as `stripe_api::...`, so the same code also
// compiles outside the crate (the generator's golden tests build it that way).
extern crate self as stripe_api;

mod clearable;
pub mod client;
#[doc(hidden)]
pub mod codec;
mod decimal;
mod error;
mod expandable;
mod file_upload;
#[doc(hidden)]
pub mod form;
mod list;
mod redact;
mod search;
mod timestamp;
mod unknown_fields;
mod unrecognized;
pub mod webhook;

// Everything under `generated/` is written by `cargo xtask codegen` and formatted by
// prettyplease, not rustfmt. It builds with `#![deny(warnings)]`: a warning there is a
// bug in the generator (Cargo caps lints of dependencies, so this never breaks users).
#[rustfmt::skip]
mod generated;

pub use clearable::Clearable;
pub use client::{
    ApiError, Client, ClientBuilder, Error, ListStream, RequestOptions, RetryPolicy, WithOptions,
};
pub use decimal::Decimal;
pub use error::DecodeError;
pub use expandable::{Expandable, ExpandableRef, HasId};
pub use file_upload::FileUpload;
pub use generated::API_VERSION;
pub use generated::operations;
pub use generated::resources;
/// Every generated type. They are also at the crate root (and documented here only),
/// except `Error` (Stripe's `error` schema), whose name the crate's own [`Error`] takes
/// there.
pub use generated::types;
pub use list::List;
pub use search::SearchResult;
pub use timestamp::Timestamp;
#[doc(no_inline)]
pub use types::*;
pub use unknown_fields::UnknownFields;
pub use unrecognized::UnrecognizedValue;
