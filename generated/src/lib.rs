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
mod timestamp;
mod unrecognized;
pub mod webhook;

// Everything under `generated/` is written by `cargo xtask codegen` and formatted by
// prettyplease, not rustfmt. It builds with `#![deny(warnings)]`: a warning there is a
// bug in the generator (Cargo caps lints of dependencies, so this never breaks users).
#[rustfmt::skip]
mod generated;

pub use clearable::Clearable;
pub use client::{ApiError, Client, ClientBuilder, Error, RetryPolicy};
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
pub use unrecognized::UnrecognizedValue;
