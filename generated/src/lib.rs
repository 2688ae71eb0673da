//! A typed client for Stripe's API, generated from Stripe's OpenAPI spec.
//!
//! Every type mirrors exactly what Stripe sends, and decoding never breaks when Stripe
//! adds to its API:
//!
//! - an object with fields this crate does not know still decodes (they are skipped);
//! - an enum value this crate does not know decodes into the enum's `Unrecognized`
//!   variant, which keeps the value and writes it back unchanged;
//! - decoding a response and encoding it again gives back the same JSON: fields Stripe
//!   sends as `null` are written as `null`, fields it leaves out are left out.
//!
//! Decode with the functions each type carries, such as
//! [`CheckoutSession::from_json_slice`]: they are compiled once, inside this crate, so
//! using them adds no serde code to your build.
//!
//! ```
//! # fn main() -> Result<(), stripe_api::DecodeError> {
//! let json = r#"{"id": "cs_test_1", "object": "checkout.session", "created": 1679434412,
//!     "expires_at": 1679520812, "livemode": false, "mode": "payment",
//!     "payment_status": "unpaid", "status": "expired", "automatic_tax": {"enabled": false,
//!     "status": null}, "custom_fields": [], "custom_text": {"shipping_address": null,
//!     "submit": null}, "payment_method_types": ["card"], "shipping_options": []}"#;
//! let session = stripe_api::CheckoutSession::from_json_str(json)?;
//! assert_eq!(session.id, "cs_test_1");
//! assert_eq!(session.status, Some(stripe_api::CheckoutSessionStatus::Expired));
//! # Ok(())
//! # }
//! ```
//!
//! Events Stripe posts to a webhook endpoint are checked and decoded by
//! [`webhook::construct_event`], which refuses any delivery Stripe did not sign.

//!
//! Call Stripe with a [`Client`]; the operations follow their path, as Stripe's SDKs name
//! them:
//!
//! ```no_run
//! # async fn run() -> Result<(), stripe_api::Error> {
//! use stripe_api::{
//!     CheckoutSessionCreateParams, CheckoutSessionCreateParamsLineItems,
//!     CheckoutSessionCreateParamsMode, CheckoutSessionListParams, Client, RequestOptions,
//! };
//!
//! let client = Client::builder("sk_test_...").build()?;
//! let sessions = client.v1().checkout().sessions();
//! let params = CheckoutSessionCreateParams::new("https://example.com/thanks")
//!     .mode(CheckoutSessionCreateParamsMode::Payment)
//!     .line_items([CheckoutSessionCreateParamsLineItems::new().price("price_123").quantity(2)])
//!     .metadata([("order_id".to_owned(), "6735".to_owned())]);
//! let session = sessions.create(&params).await?;
//! println!("pay at {}", session.url.as_deref().unwrap_or_default());
//!
//! // Every session of a customer, a page at a time.
//! let mut all = sessions.list_stream(&CheckoutSessionListParams::new().customer("cus_123"));
//! while let Some(session) = all.next().await {
//!     println!("{}", session?.id);
//! }
//!
//! // Options for some calls: an idempotency key of the caller's, a connected account.
//! let options = RequestOptions::new()
//!     .idempotency_key("order-6735-checkout")
//!     .stripe_account("acct_1032D82eZvKYlo2C");
//! let sessions = client.with_options(&options).v1().checkout().sessions();
//! sessions.create(&params).await?;
//! # Ok(())
//! # }
//! ```

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
pub mod form;
mod list;
mod redact;
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
pub use generated::API_VERSION;
pub use generated::operations;
/// Every generated type, by module. They are also at the crate root, except `Error`
/// (Stripe's `error` schema), whose name the crate's own [`Error`] takes there.
pub use generated::types;
pub use generated::types::*;
pub use list::List;
pub use timestamp::Timestamp;
pub use unknown_fields::UnknownFields;
pub use unrecognized::UnrecognizedValue;
