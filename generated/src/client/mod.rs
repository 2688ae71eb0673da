//! The HTTP client: sends what a generated operation describes, as Stripe's official SDKs
//! send it (headers, idempotency keys, retries with backoff), and turns the response into
//! the operation's type or an [`Error`].

mod error;
mod options;
mod pages;
mod request;
mod retry;
mod secret;

use std::fmt;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};

pub use error::{ApiError, Error};
pub use options::{RequestOptions, WithOptions};
pub use pages::ListStream;
pub use retry::RetryPolicy;

// What generated operations hand the client: public for them, not for users.
#[doc(hidden)]
pub use error::ErrorBody;
#[doc(hidden)]
pub use pages::{DecodePage, DecodeSearch};
#[doc(hidden)]
pub use request::{Host, Method, PathPart, Request};

use crate::codec::{Decode, decode_slice};
use crate::form::{Part, PartValue};
use crate::redact;
use request::Body;
use retry::Outcome;
use secret::SecretKey;

/// Where requests go unless the builder says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.stripe.com";

/// Where uploads and downloads of files' contents go unless the builder says otherwise.
pub const DEFAULT_FILES_BASE_URL: &str = "https://files.stripe.com";

/// How long one try may take, as in Stripe's official SDKs.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(80);

/// How much of an unexpected body an error quotes.
const EXCERPT_CHARS: usize = 200;

/// Parsed once, not for every request.
const IDEMPOTENCY_KEY: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("idempotency-key");

/// What the client calls itself in the `User-Agent` header.
const USER_AGENT: &str = concat!("stripe-api/", env!("CARGO_PKG_VERSION"));

/// A client for Stripe's API. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), stripe_api::Error> {
/// let client = stripe_api::Client::builder("sk_test_...").build()?;
/// let session = client
///     .v1()
///     .checkout()
///     .sessions()
///     .expire("cs_test_...", &stripe_api::CheckoutSessionExpireParams::default())
///     .await?;
/// println!("{} is now {:?}", session.id, session.status);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    /// Where file uploads and downloads go.
    files_base_url: String,
    /// Asserted unwind safe: the client holds its connections behind locks and changes
    /// them only inside its own calls, so a panic in the caller's code cannot leave it
    /// half-changed; it lacks the marker only because the trait objects in it (the DNS
    /// resolver, the TLS settings) do, as every trait object does unless it says so.
    http: AssertUnwindSafe<reqwest::Client>,
    key: SecretKey,
    base_url: String,
    stripe_account: Option<String>,
    retry: RetryPolicy,
    timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("secret_key", &self.inner.key)
            .field("base_url", &self.inner.base_url)
            .field("files_base_url", &self.inner.files_base_url)
            .field("stripe_account", &self.inner.stripe_account)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

/// Settings for a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    key: SecretKey,
    base_url: String,
    /// `None`: the default host for files, or `base_url` when that was set.
    files_base_url: Option<String>,
    stripe_account: Option<String>,
    retry: RetryPolicy,
    timeout: Duration,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("secret_key", &self.key)
            .field("base_url", &self.base_url)
            .field("files_base_url", &self.files_base_url)
            .field("stripe_account", &self.stripe_account)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl ClientBuilder {
    /// Sends requests to `url` instead of `https://api.stripe.com`: a mock server, say.
    /// File uploads and downloads go there too, unless [`files_base_url`] says
    /// otherwise.
    ///
    /// [`files_base_url`]: ClientBuilder::files_base_url
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Sends file uploads and downloads (`files().create(..)`, `quotes().pdf(..)`) to
    /// `url` instead of `https://files.stripe.com`.
    pub fn files_base_url(mut self, url: impl Into<String>) -> Self {
        self.files_base_url = Some(url.into());
        self
    }

    /// Acts on behalf of a connected account (Connect), with the `Stripe-Account` header.
    pub fn stripe_account(mut self, account: impl Into<String>) -> Self {
        self.stripe_account = Some(account.into());
        self
    }

    /// Retries a failed call up to `retries` times (default 2); 0 turns retries off.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The wait before the first retry (default 0.5 s) and the most to wait between
    /// tries (default 5 s); waits double in between, with random jitter.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max;
        self
    }

    /// How long one try may take, from sending to the end of the body (default 80 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let base_url = checked_base_url(&self.base_url)?;
        let files_base_url = match &self.files_base_url {
            Some(url) => checked_base_url(url)?,
            None if self.base_url == DEFAULT_BASE_URL => DEFAULT_FILES_BASE_URL.to_owned(),
            None => base_url.clone(),
        };
        if self.key.expose().is_empty() {
            return Err(Error::config("the secret key is empty"));
        }
        let mut headers = HeaderMap::new();
        let mut authorization = HeaderValue::try_from(format!("Bearer {}", self.key.expose()))
            .map_err(|_| Error::config("the secret key holds characters a header cannot"))?;
        authorization.set_sensitive(true);
        headers.insert(reqwest::header::AUTHORIZATION, authorization);
        headers.insert(
            "Stripe-Version",
            HeaderValue::from_static(crate::API_VERSION),
        );
        if let Some(account) = &self.stripe_account {
            let value = HeaderValue::try_from(account.as_str()).map_err(|_| {
                Error::config(format!("Stripe-Account {account:?} is not a header value"))
            })?;
            headers.insert("Stripe-Account", value);
        }
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .timeout(self.timeout)
            .build()
            .map_err(|error| Error::config(format!("HTTP client: {error}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http: AssertUnwindSafe(http),
                key: self.key,
                base_url,
                files_base_url,
                stripe_account: self.stripe_account,
                retry: self.retry,
                timeout: self.timeout,
            }),
        })
    }
}

/// The base URL `url` without its trailing `/`, if it is one: http(s), with no query or
/// fragment.
fn checked_base_url(url: &str) -> Result<String, Error> {
    let url = url.trim_end_matches('/').to_owned();
    let parsed = reqwest::Url::parse(&url)
        .map_err(|error| Error::config(format!("base URL {url:?}: {error}")))?;
    if !matches!(parsed.scheme(), "http" | "https")
        || parsed.query().is_some()
        || parsed.fragment().is_some()
    {
        return Err(Error::config(format!(
            "base URL {url:?} must be http(s), with no query or fragment"
        )));
    }
    Ok(url)
}

/// A response, read in full.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub request_id: Option<String>,
    /// The `Content-Type` header, if it was sent.
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Client {
    /// Starts a client authenticating with `secret_key` (`sk_live_...`, `sk_test_...` or a
    /// restricted `rk_...` key).
    pub fn builder(secret_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            key: SecretKey::new(secret_key.into()),
            base_url: DEFAULT_BASE_URL.to_owned(),
            files_base_url: None,
            stripe_account: None,
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// Sends `request`, retrying as [`RetryPolicy`] says, with one idempotency key for
    /// every try of a `POST`, so Stripe carries a retried call out once. Generated
    /// operations call this (by way of [`WithOptions::send`]), then [`Client::decode`].
    #[doc(hidden)]
    pub async fn send(&self, request: Request<'_>) -> Result<Response, Error> {
        WithOptions::none(self).send(request).await
    }

    pub(crate) async fn send_with(
        &self,
        request: Request<'_>,
        options: &RequestOptions,
    ) -> Result<Response, Error> {
        let base = match request.host {
            Host::Api => &self.inner.base_url,
            Host::Files => &self.inner.files_base_url,
        };
        let url = request.url(base)?;
        self.send_to(request.method, &url, request.body(), options)
            .await
    }

    /// Sends a request to `url` (path and query), with `body` as the body of a `POST`.
    pub(crate) async fn send_to(
        &self,
        method: Method,
        url: &str,
        body: Body<'_>,
        options: &RequestOptions,
    ) -> Result<Response, Error> {
        let mut headers = options.headers()?;
        // The caller's own key is among `headers`; otherwise a `POST` gets a fresh one,
        // the same for every try.
        if method == Method::Post && options.own_idempotency_key().is_none() {
            let key = uuid::Uuid::new_v4().to_string();
            let value = HeaderValue::try_from(key.as_str())
                .map_err(|_| Error::invalid_request(format!("idempotency key {key:?}")))?;
            headers.insert(IDEMPOTENCY_KEY, value);
        }
        let timeout = options.timeout_or(self.inner.timeout);
        let retry = RetryPolicy {
            max_retries: options.retries_or(self.inner.retry.max_retries),
            ..self.inner.retry
        };
        let mut retries = 0;
        loop {
            let result = self.try_once(method, url, body, &headers, timeout).await;
            let outcome = match &result {
                Ok(tried) => Outcome::Response {
                    status: tried.response.status,
                    should_retry: tried.should_retry.as_deref(),
                },
                Err(_) => Outcome::NoResponse,
            };
            if retry.should_retry(retries, outcome) {
                retries += 1;
                let retry_after = result.as_ref().ok().and_then(|tried| tried.retry_after);
                let wait = retry.backoff(retries, fastrand::f64(), retry_after);
                tokio::time::sleep(wait).await;
                continue;
            }
            let attempts = retries + 1;
            return match result {
                Ok(tried) => Ok(tried.response),
                Err(error) if error.is_timeout() => Err(Error::Timeout {
                    after: timeout,
                    attempts,
                }),
                Err(error) => Err(Error::Connection {
                    attempts,
                    cause: self.scrub(&root_cause(&error), options),
                }),
            };
        }
    }

    async fn try_once(
        &self,
        method: Method,
        url: &str,
        body: Body<'_>,
        headers: &HeaderMap,
        timeout: Duration,
    ) -> Result<Tried, reqwest::Error> {
        let http = &self.inner.http;
        let builder = match (method, body) {
            (Method::Get, _) => http.get(url),
            (Method::Delete, _) => http.delete(url),
            // Stripe's mock server refuses a POST without a form content type, even with
            // an empty body; and an empty body is announced, as the SDKs do, not left out.
            (Method::Post, Body::Form(form)) => http
                .post(url)
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .header(reqwest::header::CONTENT_LENGTH, form.len())
                .body(form.to_owned()),
            // Built again for every try: a form is consumed by sending it.
            (Method::Post, Body::Multipart(parts)) => http.post(url).multipart(multipart(parts)),
        };
        // Headers set here replace the client's defaults of the same name.
        let builder = if headers.is_empty() {
            builder
        } else {
            builder.headers(headers.clone())
        };
        let builder = if timeout == self.inner.timeout {
            builder
        } else {
            builder.timeout(timeout)
        };
        let response = builder.send().await?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let status = response.status().as_u16();
        let request_id = header("Request-Id");
        let content_type = header("Content-Type");
        let should_retry = header("Stripe-Should-Retry");
        let retry_after = header("Retry-After")
            .and_then(|seconds| seconds.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        // `Bytes` to `Vec` takes over the buffer when nothing else holds it, not copying.
        let body = Vec::from(response.bytes().await?);
        Ok(Tried {
            response: Response {
                status,
                request_id,
                content_type,
                body,
            },
            should_retry,
            retry_after,
        })
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// `text` without the keys the call was made with, nor anything else shaped like a
    /// Stripe secret: for any text from a response that goes into an error.
    fn scrub(&self, text: &str, options: &RequestOptions) -> String {
        let text = options.scrub(self.inner.key.scrub(text));
        redact::secrets(&text).into_owned()
    }

    /// Text from a response, cut short and without secrets, for error messages. The
    /// whole body is scrubbed before it is cut, so that no key is cut in two and kept.
    fn excerpt(&self, body: &[u8], options: &RequestOptions) -> String {
        self.scrub(&String::from_utf8_lossy(body), options)
            .chars()
            .take(EXCERPT_CHARS)
            .collect()
    }

    /// Turns a response into the operation's type `T`, or its error body `E` into
    /// [`Error::Api`]; anything else is [`Error::UnexpectedResponse`].
    #[doc(hidden)]
    pub fn decode<T: Decode, E: ErrorBody>(
        &self,
        response: Response,
        target: &'static str,
    ) -> Result<T, Error> {
        WithOptions::none(self).decode::<T, E>(response, target)
    }

    pub(crate) fn decode_with<T: Decode, E: ErrorBody>(
        &self,
        response: Response,
        target: &'static str,
        options: &RequestOptions,
    ) -> Result<T, Error> {
        if (200..300).contains(&response.status) {
            return decode_slice::<T>(&response.body, target)
                .map_err(|error| self.unexpected(&response, error.to_string(), options));
        }
        Err(self.refusal::<E>(response, options))
    }

    /// The error of a response that is not a success: Stripe's error object `E`, or what
    /// was wrong with the body.
    fn refusal<E: ErrorBody>(&self, response: Response, options: &RequestOptions) -> Error {
        // Servers echo what they were sent (`Authorization was 'Bearer sk_...'`): the keys
        // go before the error object is read, so that none of its strings holds one.
        let body = self.scrub(&String::from_utf8_lossy(&response.body), options);
        match decode_slice::<E>(body.as_bytes(), "Error") {
            Ok(body) => Error::Api(Box::new(ApiError {
                status: response.status,
                request_id: response.request_id,
                error: body.into_api_errors(),
            })),
            Err(error) => self.unexpected(
                &response,
                format!("not Stripe's error object: {error}"),
                options,
            ),
        }
    }

    /// The contents of a file Stripe sends, of media type `media` (`application/pdf`),
    /// or its error body `E` as [`Error::Api`]; a body of any other type is
    /// [`Error::UnexpectedResponse`].
    pub(crate) fn download_with<E: ErrorBody>(
        &self,
        response: Response,
        media: &'static str,
        options: &RequestOptions,
    ) -> Result<Vec<u8>, Error> {
        if !(200..300).contains(&response.status) {
            return Err(self.refusal::<E>(response, options));
        }
        let sent = response
            .content_type
            .as_deref()
            .and_then(|value| value.split(';').next())
            .map(str::trim);
        if sent.is_some_and(|sent| sent.eq_ignore_ascii_case(media)) {
            return Ok(response.body);
        }
        let problem = match sent {
            Some(sent) => format!("expected a {media} file but the response is {sent}"),
            None => format!("expected a {media} file but the response has no Content-Type"),
        };
        Err(self.unexpected(&response, problem, options))
    }

    fn unexpected(&self, response: &Response, problem: String, options: &RequestOptions) -> Error {
        Error::UnexpectedResponse {
            status: response.status,
            request_id: response.request_id.clone(),
            problem: self.scrub(&problem, options),
            excerpt: self.excerpt(&response.body, options),
        }
    }
}

/// The `multipart/form-data` body of `parts`, a file part with its name and media type.
fn multipart(parts: &[Part]) -> reqwest::multipart::Form {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        form = match &part.value {
            PartValue::Text(text) => form.text(part.name.clone(), text.clone()),
            PartValue::File(file) => {
                let mut body = reqwest::multipart::Part::bytes(file.bytes().to_vec())
                    .file_name(file.name().to_owned());
                if let Some(media) = file.media_type() {
                    // A media type that is not one is sent as none; Stripe then goes by
                    // the file's name, which it always has.
                    body = match body.mime_str(media) {
                        Ok(typed) => typed,
                        Err(_) => reqwest::multipart::Part::bytes(file.bytes().to_vec())
                            .file_name(file.name().to_owned()),
                    };
                }
                form.part(part.name.clone(), body)
            }
        };
    }
    form
}

/// One try's response, with what the retry decision needs.
struct Tried {
    response: Response,
    should_retry: Option<String>,
    retry_after: Option<Duration>,
}

/// The innermost error under `error`, which says what went wrong (`connection refused`),
/// where the outer ones say what was being done (`error sending request`, `client error
/// (Connect)`); without the OS's error number, and starting in lower case.
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut root = error;
    while let Some(source) = root.source() {
        root = source;
    }
    let text = root.to_string();
    let text = match text.rfind(" (os error ") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text.as_str(),
    };
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        // "Connection refused", but not "TLS handshake" or "I/O".
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    }
}
