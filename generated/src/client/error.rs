//! The error of a call to Stripe: Stripe's own error object, a response that is not what
//! the operation documents, a timeout, a connection failure, or a bad argument.

use std::fmt;
use std::time::Duration;

use crate::codec::Decode;
use crate::types::{ApiErrors, ApiErrorsType};

/// Why a call to Stripe failed. None of the messages contain the secret key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Stripe answered with its error object: the request was refused or failed.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// Stripe answered with something that is not the JSON the operation documents.
    #[error(
        "unexpected response from Stripe (HTTP {status}{request}): {problem}; the body begins {excerpt:?}",
        request = request_id_suffix(request_id.as_deref())
    )]
    UnexpectedResponse {
        status: u16,
        request_id: Option<String>,
        /// What was wrong, such as where the JSON stops matching the expected type.
        problem: String,
        /// The start of the body, cut short, with the secret key removed if it was there.
        excerpt: String,
    },

    /// No response came within the client's timeout, on any try.
    #[error("no response from Stripe within {after:?} (tried {attempts} time(s))")]
    Timeout { after: Duration, attempts: u32 },

    /// Stripe could not be reached: DNS, connection or TLS failure, on every try.
    #[error("could not reach Stripe (tried {attempts} time(s)): {source}")]
    Connection {
        attempts: u32,
        #[source]
        source: reqwest::Error,
    },

    /// An argument cannot be sent as given (an empty id, say); nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),

    /// The client could not be built from its settings.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The HTTP status of the response, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::UnexpectedResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Stripe's error object, if Stripe sent one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
}

/// Stripe's error object, with the HTTP status and the `Request-Id` of the response.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    pub status: u16,
    /// The `Request-Id` header: quote it to Stripe support.
    pub request_id: Option<String>,
    /// The `error` object: `type`, `code`, `message`, `param`, `decline_code`, `doc_url`
    /// and more. Codes and types Stripe adds later decode too.
    pub error: ApiErrors,
}

impl ApiError {
    /// The kind of error (`invalid_request_error`, `card_error`...).
    pub fn kind(&self) -> &ApiErrorsType {
        &self.error.r#type
    }

    /// A short code such as `resource_missing`, for errors that can be handled in code.
    pub fn code(&self) -> Option<&str> {
        self.error.code.as_deref()
    }

    /// A message for people; for card errors, one you can show your customer.
    pub fn message(&self) -> Option<&str> {
        self.error.message.as_deref()
    }

    /// The parameter the error is about, if it is about one.
    pub fn param(&self) -> Option<&str> {
        self.error.param.as_deref()
    }

    /// For card declines, the issuer's reason, if it gave one.
    pub fn decline_code(&self) -> Option<&str> {
        self.error.decline_code.as_deref()
    }

    /// A link to Stripe's documentation of the error code.
    pub fn doc_url(&self) -> Option<&str> {
        self.error.doc_url.as_deref()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stripe error (HTTP {}", self.status)?;
        write!(f, "{})", request_id_suffix(self.request_id.as_deref()))?;
        write!(f, " {}", self.kind())?;
        if let Some(code) = self.code() {
            write!(f, " [{code}]")?;
        }
        if let Some(param) = self.param() {
            write!(f, " on `{param}`")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

fn request_id_suffix(request_id: Option<&str>) -> String {
    request_id.map_or_else(String::new, |id| format!(", request {id}"))
}

/// The body of an operation's error response, which the client turns into [`ApiError`].
/// Stripe documents one such body for every operation: its `error` schema.
pub trait ErrorBody: Decode {
    fn into_api_errors(self) -> ApiErrors;
}

impl ErrorBody for crate::types::Error {
    fn into_api_errors(self) -> ApiErrors {
        self.error
    }
}
