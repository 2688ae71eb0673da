//! Settings for one call rather than the whole client, as Stripe's SDKs take them: the
//! caller's own idempotency key, the connected account, the API key, retries and timeout.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

use super::error::ErrorBody;
use super::secret::SecretKey;
use super::{Client, Error, IDEMPOTENCY_KEY, Request, Response};
use crate::codec::Decode;

/// Options that apply to one call and override the [`Client`]'s settings for it. Nothing
/// is overridden unless set, and a call made without options costs nothing extra.
///
/// ```no_run
/// # async fn run(client: stripe_api::Client) -> Result<(), stripe_api::Error> {
/// use stripe_api::client::RequestOptions;
///
/// let options = RequestOptions::new()
///     .idempotency_key("order-1234-checkout")
///     .stripe_account("acct_1032D82eZvKYlo2C");
/// let params = stripe_api::CheckoutSessionExpireParams::new();
/// let session = client
///     .with_options(&options)
///     .v1()
///     .checkout()
///     .sessions()
///     .expire("cs_test_...", &params)
///     .await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    idempotency_key: Option<String>,
    stripe_account: Option<String>,
    api_key: Option<SecretKey>,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
}

/// The options of every call made without any.
static NO_OPTIONS: RequestOptions = RequestOptions::new();

impl RequestOptions {
    /// Options that override nothing.
    pub const fn new() -> Self {
        RequestOptions {
            idempotency_key: None,
            stripe_account: None,
            api_key: None,
            max_retries: None,
            timeout: None,
        }
    }

    /// Sends `key` as the `Idempotency-Key` of the call, on every try, instead of a fresh
    /// random one: repeating the call with the same key (after a crash, say) makes Stripe
    /// answer with the first call's result rather than act twice.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Acts on behalf of this connected account (the `Stripe-Account` header), in place of
    /// the client's.
    pub fn stripe_account(mut self, account: impl Into<String>) -> Self {
        self.stripe_account = Some(account.into());
        self
    }

    /// Authenticates the call with this secret key in place of the client's: for platforms
    /// that hold a key per merchant.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(SecretKey::new(key.into()));
        self
    }

    /// Retries the call up to `retries` times, in place of the client's setting.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// How long one try of the call may take, in place of the client's setting.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub(crate) fn retries_or(&self, default: u32) -> u32 {
        self.max_retries.unwrap_or(default)
    }

    pub(crate) fn timeout_or(&self, default: Duration) -> Duration {
        self.timeout.unwrap_or(default)
    }

    pub(crate) fn own_idempotency_key(&self) -> Option<&str> {
        self.idempotency_key.as_deref()
    }

    /// The headers that override the client's, checked before anything is sent.
    pub(crate) fn headers(&self) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        if let Some(key) = &self.api_key {
            if key.expose().is_empty() {
                return Err(Error::invalid_request("the API key is empty"));
            }
            let mut value =
                HeaderValue::try_from(format!("Bearer {}", key.expose())).map_err(|_| {
                    Error::invalid_request("the API key holds characters a header cannot")
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let named = [
            (
                HeaderName::from_static("stripe-account"),
                &self.stripe_account,
            ),
            (IDEMPOTENCY_KEY, &self.idempotency_key),
        ];
        for (name, value) in named {
            if let Some(value) = value {
                let header = HeaderValue::try_from(value.as_str()).map_err(|_| {
                    Error::invalid_request(format!("{name} {value:?} is not a header value"))
                })?;
                headers.insert(name, header);
            }
        }
        Ok(headers)
    }

    /// `text` without the call's own API key, for text that leaves the client.
    pub(crate) fn scrub(&self, text: String) -> String {
        match &self.api_key {
            Some(key) => key.scrub(&text),
            None => text,
        }
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("idempotency_key", &self.idempotency_key)
            .field("stripe_account", &self.stripe_account)
            .field("api_key", &self.api_key)
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// A client with the options of the calls made through it, from [`Client::with_options`].
/// The operations hang off it as off the client: `.v1().checkout().sessions()...`.
#[derive(Clone, Copy, Debug)]
pub struct WithOptions<'c> {
    client: &'c Client,
    options: &'c RequestOptions,
}

impl Client {
    /// Makes the calls that follow with `options`, which override the client's settings:
    /// `client.with_options(&options).v1()...`.
    pub fn with_options<'c>(&'c self, options: &'c RequestOptions) -> WithOptions<'c> {
        WithOptions {
            client: self,
            options,
        }
    }
}

impl<'c> WithOptions<'c> {
    /// The client with no options: how `client.v1()` starts.
    #[doc(hidden)]
    pub fn none(client: &'c Client) -> Self {
        client.with_options(&NO_OPTIONS)
    }

    #[doc(hidden)]
    pub fn client(&self) -> &'c Client {
        self.client
    }

    #[doc(hidden)]
    pub fn options(&self) -> &'c RequestOptions {
        self.options
    }

    /// Sends `request` with these options; generated operations call this, then
    /// [`WithOptions::decode`].
    #[doc(hidden)]
    pub async fn send(&self, request: Request<'_>) -> Result<Response, Error> {
        self.client.send_with(request, self.options).await
    }

    /// The contents of a file of media type `media` that the response carries, or its
    /// error body `E` as [`Error::Api`]; a body of another type is an error.
    #[doc(hidden)]
    pub fn download<E: ErrorBody>(
        &self,
        response: Response,
        media: &'static str,
    ) -> Result<Vec<u8>, Error> {
        self.client
            .download_with::<E>(response, media, self.options)
    }

    /// Turns a response into the operation's type `T`, or its error body `E` into
    /// [`Error::Api`], as [`Client::decode`] does.
    #[doc(hidden)]
    pub fn decode<T: Decode, E: ErrorBody>(
        &self,
        response: Response,
        target: &'static str,
    ) -> Result<T, Error> {
        self.client
            .decode_with::<T, E>(response, target, self.options)
    }
}
