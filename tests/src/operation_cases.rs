//! The test case of every operation of the API, generated with the crate
//! (`tests/generated/operation_cases.rs`): the call, the request it must send, and what to
//! answer it with.

use std::future::Future;
use std::pin::Pin;

#[rustfmt::skip]
#[path = "../generated/operation_cases.rs"]
mod table;

pub use table::{ANSWERED, ID, cases, round_trip};

/// What a case's call gives back: the answer encoded again (JSON) with the `Debug` text
/// of the decoded value, or the file's bytes and nothing.
pub type Called =
    Pin<Box<dyn Future<Output = Result<(Vec<u8>, String), stripe_api::Error>> + Send>>;

/// One operation.
pub struct Case {
    /// The spec's `operationId`.
    pub id: &'static str,
    pub method: &'static str,
    /// Whether it goes to Stripe's files host rather than the API's.
    pub files_host: bool,
    /// The path it must request, with [`ID`] escaped for every path parameter.
    pub path: &'static str,
    pub params: Params,
    /// The required parameters that are sent even when left at their defaults.
    pub required: &'static [&'static str],
    pub answer: Answer,
    /// Calls the operation with [`ID`] for every path parameter and default parameters.
    pub call: fn(stripe_api::Client) -> Called,
}

/// Where a case's parameters go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Params {
    /// It takes none.
    None,
    /// In the query string.
    Query,
    /// In an `application/x-www-form-urlencoded` body.
    Form,
    /// In a `multipart/form-data` body.
    Multipart,
}

/// What to answer a case with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// An object of this component schema.
    Object(&'static str),
    /// A page of a list holding one object of this component schema.
    List(&'static str),
    /// A page of search results holding one object of this component schema.
    Search(&'static str),
    /// A file of this media type.
    File(&'static str),
}
