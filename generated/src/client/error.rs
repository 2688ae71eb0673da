//! The error of a call to Stripe: Stripe's own error object, a response that is not what
//! the operation documents, a timeout, a connection failure, or a bad argument.

use std::fmt;
use std::time::Duration;

use crate::codec::Decode;
use crate::redact;
use crate::types::{ApiErrors, ApiErrorsType};

/// Why a call to Stripe failed.
///
/// No message holds a secret: the keys the client was given, and anything shaped like a
/// Stripe secret (`sk_live_...`, `rk_test_...`, `whsec_...`), are replaced by
/// `[redacted]` in `Display` and `Debug` alike, whatever the server echoed. Each message
/// names its cause once: none of these has a `source()`, since the cause is in the text.
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
    #[non_exhaustive]
    UnexpectedResponse {
        status: u16,
        request_id: Option<String>,
        /// What was wrong, such as where the JSON stops matching the expected type.
        problem: String,
        /// The start of the body, cut short, with secrets removed.
        excerpt: String,
    },

    /// No response came within the client's timeout, on any try.
    #[error("no response from Stripe within {after:?} ({tries})", tries = Tries(*attempts))]
    #[non_exhaustive]
    Timeout { after: Duration, attempts: u32 },

    /// Stripe could not be reached: DNS, connection or TLS failure, on every try.
    #[error("could not reach Stripe ({tries}): {cause}", tries = Tries(*attempts))]
    #[non_exhaustive]
    Connection {
        attempts: u32,
        /// What failed at the bottom, such as `connection refused` or
        /// `failed to lookup address information: Name or service not known`.
        cause: String,
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

    /// The `Request-Id` Stripe gave the response, if there was one: quote it to Stripe
    /// support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.request_id.as_deref(),
            Error::UnexpectedResponse { request_id, .. } => request_id.as_deref(),
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

    /// The error for a request that cannot leave the client as given. `message` is the
    /// crate's own text; anything secret-shaped in it is removed all the same.
    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Error::InvalidRequest(redact::secrets(&message.into()).into_owned())
    }

    /// The error for settings a client cannot be built from.
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config(redact::secrets(&message.into()).into_owned())
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Error::Api(Box::new(error))
    }
}

/// "tried once", "tried 3 times".
struct Tries(u32);

impl fmt::Display for Tries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("tried once"),
            n => write!(f, "tried {n} times"),
        }
    }
}

/// Stripe's error object, with the HTTP status and the `Request-Id` of the response.
///
/// Tests build one to see how code handles a refusal, and turn it into an [`Error`]:
///
/// ```
/// use stripe_api::{ApiError, ApiErrors, ApiErrorsType, Error};
///
/// let mut declined = ApiErrors::default();
/// declined.r#type = ApiErrorsType::CardError;
/// declined.code = Some("card_declined".to_owned());
/// declined.decline_code = Some("insufficient_funds".to_owned());
/// let error = Error::from(ApiError::new(402, declined).with_request_id("req_123"));
/// assert_eq!(error.status(), Some(402));
/// assert_eq!(error.api_error().and_then(ApiError::decline_code), Some("insufficient_funds"));
/// ```
#[derive(Clone, PartialEq)]
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
    /// Stripe's error object `error`, as an answer with HTTP status `status` and no
    /// request id.
    pub fn new(status: u16, error: ApiErrors) -> Self {
        ApiError {
            status,
            request_id: None,
            error,
        }
    }

    /// The same error, as if Stripe had given the response this `Request-Id`.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

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
        let mut text = format!("Stripe error (HTTP {}", self.status);
        text.push_str(&request_id_suffix(self.request_id.as_deref()));
        text.push_str(&format!(") {}", self.kind()));
        if let Some(code) = self.code() {
            text.push_str(&format!(" [{code}]"));
        }
        if let Some(param) = self.param() {
            text.push_str(&format!(" on `{param}`"));
        }
        if let Some(message) = self.message() {
            text.push_str(&format!(": {message}"));
        }
        f.write_str(&redact::secrets(&text))
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("request_id", &Redacted(&self.request_id))
            .field("error", &Redacted(&self.error))
            .finish()
    }
}

/// A value's `Debug` text with secret-shaped words removed.
struct Redacted<'a, T>(&'a T);

impl<T: fmt::Debug> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = if f.alternate() {
            format!("{:#?}", self.0)
        } else {
            format!("{:?}", self.0)
        };
        f.write_str(&redact::secrets(&text))
    }
}

fn request_id_suffix(request_id: Option<&str>) -> String {
    request_id.map_or_else(String::new, |id| format!(", request {id}"))
}

/// The body of an operation's error response, which the client turns into [`ApiError`].
/// Stripe documents one such body for every operation: its `error` schema.
#[doc(hidden)]
pub trait ErrorBody: Decode {
    fn into_api_errors(self) -> ApiErrors;
}

impl ErrorBody for crate::types::Error {
    fn into_api_errors(self) -> ApiErrors {
        self.error
    }
}
