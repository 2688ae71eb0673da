//! Verifies the events Stripe posts to a webhook endpoint and decodes them.
//!
//! Stripe signs every delivery: its `Stripe-Signature` header reads
//! `t=TIMESTAMP,v1=SIGNATURE`, where the signature is the HMAC-SHA256, under the
//! endpoint's signing secret (the whole `whsec_...` string), of the timestamp, a `.`, and
//! the request body exactly as received, in lowercase hex. While a secret is being rolled,
//! the header carries one `v1` per secret, and any one that matches is enough. Only a
//! signature proves that Stripe sent the event, so decode nothing before it is checked,
//! and check it against the raw body bytes, before any parsing or re-encoding.
//!
//! ```
//! # fn handle(body: &[u8], header: &str) -> Result<(), stripe_api::webhook::WebhookError> {
//! let secret = "whsec_..."; // the endpoint's signing secret
//! let event = stripe_api::webhook::construct_event(body, header, secret)?;
//! if event.r#type == stripe_api::EventType::CheckoutSessionExpired {
//!     if let stripe_api::EventObject::CheckoutSession(session) = &event.data.object {
//!         println!("{} expired", session.id);
//!     }
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::codec::Reader;
use crate::{API_VERSION, DecodeError, Event};

/// How old a signed timestamp may be before the delivery is refused as a possible replay:
/// five minutes, as in Stripe's own libraries.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The signature scheme Stripe signs with; `v0` (test signatures) and any other scheme in
/// the header are ignored.
const SIGNATURE_SCHEME: &str = "v1";
const TIMESTAMP_KEY: &str = "t";
/// An HMAC-SHA256 is 32 bytes, 64 hex digits.
const SIGNATURE_LEN: usize = 32;

/// Verifies `signature_header` (the `Stripe-Signature` header) against `payload` (the
/// raw request body) under `secret`, with a tolerance of [`DEFAULT_TOLERANCE`], checks
/// that the event is rendered in this crate's [`API_VERSION`], then decodes it. See
/// [`Webhook`] to choose another tolerance or accept other versions.
pub fn construct_event(
    payload: &[u8],
    signature_header: &str,
    secret: &str,
) -> Result<Event, WebhookError> {
    Webhook::new(secret).construct_event(payload, signature_header)
}

/// Why a delivery was refused. None of these holds the secret; none holds the payload or
/// the header either, so they can be logged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The `Stripe-Signature` header is empty.
    #[error("the Stripe-Signature header is empty")]
    EmptyHeader,
    /// The header is not a list of `key=value` pairs, or gives the timestamp twice.
    #[error("the Stripe-Signature header is malformed: {0}")]
    MalformedHeader(&'static str),
    /// The header has no timestamp (`t=`).
    #[error("the Stripe-Signature header has no timestamp (t=)")]
    MissingTimestamp,
    /// The header's timestamp is not a number of seconds.
    #[error("the Stripe-Signature header's timestamp is not a number")]
    InvalidTimestamp,
    /// The header has no `v1` signature.
    #[error("the Stripe-Signature header has no v1 signature")]
    MissingSignature,
    /// No `v1` signature in the header is the payload's signature under the secret: the
    /// payload was not sent by Stripe, was altered, or is checked against the wrong secret.
    #[error("no v1 signature in the Stripe-Signature header matches the payload")]
    SignatureMismatch,
    /// The signature is right, but the timestamp is older than the tolerance.
    #[error(
        "the signature's timestamp is {age_seconds} s old, more than the tolerance of {tolerance_seconds} s"
    )]
    TimestampTooOld {
        age_seconds: i64,
        tolerance_seconds: u64,
    },
    /// The signature is right, but the payload is not an event.
    #[error("the payload is signed but is not a Stripe event: {0}")]
    InvalidPayload(DecodeError),
    /// The event is rendered in another API version than this crate's: Stripe renders
    /// an event's object in the webhook endpoint's version (by default, the account's at
    /// the time the endpoint was made), and what moved between the versions would be
    /// lost or misread. Make the endpoint with `api_version` set to [`API_VERSION`], or
    /// accept such events with [`Webhook::ignore_api_version_mismatch`].
    #[error(
        "the event is rendered in Stripe API version {event_version}, but this crate reads \
         {crate_version}: create the webhook endpoint with api_version {crate_version} \
         (POST /v1/webhook_endpoints), or accept events of other versions with \
         Webhook::ignore_api_version_mismatch()"
    )]
    #[non_exhaustive]
    ApiVersionMismatch {
        /// The event's `api_version`.
        event_version: String,
        /// [`API_VERSION`].
        crate_version: &'static str,
    },
    /// The event is signed, but its object, of a type this crate has, does not decode as
    /// that type; the error names the field.
    #[error("the event's object does not decode: {0}")]
    InvalidObject(DecodeError),
}

/// A webhook endpoint's verifier: its signing secret, the tolerance for old timestamps,
/// and the clock it reads.
///
/// ```
/// use std::time::Duration;
///
/// let webhook = stripe_api::webhook::Webhook::new("whsec_...")
///     .tolerance(Duration::from_secs(60));
/// # let _ = webhook;
/// ```
#[derive(Clone)]
pub struct Webhook {
    secret: String,
    tolerance: Duration,
    now: Clock,
    accept_other_versions: bool,
}

#[derive(Clone, Copy)]
enum Clock {
    System,
    Fixed(i64),
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("secret", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .field("accept_other_versions", &self.accept_other_versions)
            .finish_non_exhaustive()
    }
}

impl Webhook {
    /// A verifier for the endpoint whose signing secret is `secret` (`whsec_...`).
    pub fn new(secret: impl Into<String>) -> Self {
        Webhook {
            secret: secret.into(),
            tolerance: DEFAULT_TOLERANCE,
            now: Clock::System,
            accept_other_versions: false,
        }
    }

    /// Refuses deliveries whose timestamp is more than `tolerance` old (whole seconds).
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Judges timestamps as if the clock read `unix_seconds`, instead of the system
    /// clock: for tests, and for replaying deliveries stored earlier.
    pub fn at_time(mut self, unix_seconds: i64) -> Self {
        self.now = Clock::Fixed(unix_seconds);
        self
    }

    /// Accepts events rendered in any API version, not only in [`API_VERSION`]. Their
    /// objects decode as far as they match this crate's types: a field that moved is
    /// missing, and an object that no longer fits fails with
    /// [`WebhookError::InvalidObject`].
    pub fn ignore_api_version_mismatch(mut self) -> Self {
        self.accept_other_versions = true;
        self
    }

    /// Verifies the delivery, checks its API version, and decodes its event.
    pub fn construct_event(
        &self,
        payload: &[u8],
        signature_header: &str,
    ) -> Result<Event, WebhookError> {
        self.verify(payload, signature_header)?;
        if !self.accept_other_versions
            && let Some(event_version) = api_version(payload)
            && event_version != API_VERSION
        {
            return Err(WebhookError::ApiVersionMismatch {
                event_version,
                crate_version: API_VERSION,
            });
        }
        Event::from_json_slice(payload).map_err(|error| {
            if error.path() == EVENT_OBJECT || error.path().starts_with(EVENT_OBJECT_FIELDS) {
                WebhookError::InvalidObject(error)
            } else {
                WebhookError::InvalidPayload(error)
            }
        })
    }

    /// Verifies that Stripe signed `payload` with this endpoint's secret, recently enough.
    pub fn verify(&self, payload: &[u8], signature_header: &str) -> Result<(), WebhookError> {
        let header = SignatureHeader::parse(signature_header)?;
        let mac = signer(&self.secret, header.timestamp_text, payload);
        let matches = header.signatures.iter().any(|signature| {
            // `verify_slice` compares in constant time; a signature that is not 64 hex
            // digits cannot match, and its length says nothing about the secret.
            decode_signature(signature)
                .is_some_and(|bytes| mac.clone().verify_slice(&bytes).is_ok())
        });
        if !matches {
            return Err(WebhookError::SignatureMismatch);
        }
        let age_seconds = self.now_seconds().saturating_sub(header.timestamp);
        let tolerance_seconds = self.tolerance.as_secs();
        // A timestamp ahead of the clock is a clock difference, not a replay: accepted.
        if u64::try_from(age_seconds).is_ok_and(|age| age > tolerance_seconds) {
            return Err(WebhookError::TimestampTooOld {
                age_seconds,
                tolerance_seconds,
            });
        }
        Ok(())
    }

    fn now_seconds(&self) -> i64 {
        match self.now {
            Clock::Fixed(seconds) => seconds,
            Clock::System => SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| {
                    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
                }),
        }
    }
}

/// Where in an event its object is, as a decoding error's path says it.
const EVENT_OBJECT: &str = "data.object";
const EVENT_OBJECT_FIELDS: &str = "data.object.";

/// The HMAC-SHA256 under `secret` of `timestamp`, a `.` and `payload`: what Stripe signs.
fn signer(secret: &str, timestamp: &str, payload: &[u8]) -> Hmac<Sha256> {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
        Err(_) => unreachable!("HMAC accepts a key of any length"),
    };
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

/// The `Stripe-Signature` header Stripe would send with `payload` at `timestamp` (seconds
/// since the epoch) to the endpoint whose signing secret is `secret`: for tests of code
/// that receives webhooks.
///
/// ```
/// use stripe_api::webhook::{Webhook, signature_header};
///
/// let payload = br#"{"id": "evt_1", "object": "event", "api_version": "2023-08-16",
///     "created": 1692000000, "livemode": false, "pending_webhooks": 0, "request": null,
///     "type": "ping", "data": {"object": {"id": "x"}}}"#;
/// let header = signature_header(payload, "whsec_test", 1692000000);
/// assert!(header.starts_with("t=1692000000,v1="));
/// let event = Webhook::new("whsec_test").at_time(1692000060).construct_event(payload, &header)?;
/// assert_eq!(event.id, "evt_1");
/// # Ok::<(), stripe_api::webhook::WebhookError>(())
/// ```
pub fn signature_header(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let signature = signer(secret, &timestamp.to_string(), payload).finalize();
    let mut header = format!("t={timestamp},{SIGNATURE_SCHEME}=");
    for byte in signature.into_bytes() {
        header.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        header.push(char::from(HEX_DIGITS[usize::from(byte & 0xf)]));
    }
    header
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The event's `api_version`, read from the top level of `payload` alone; `None` when it
/// is `null`, missing, or the payload cannot be read (decoding then says why).
fn api_version(payload: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(payload).ok()?;
    let mut reader = Reader::new(text);
    let mut key = reader.first_key().ok()?;
    while let Some(name) = key {
        if name == "api_version" {
            return if reader.null().ok()? {
                None
            } else {
                reader.string().ok()
            };
        }
        reader.skip().ok()?;
        key = reader.next_key().ok()?;
    }
    None
}

/// The parts of a `Stripe-Signature` header that verification reads.
struct SignatureHeader<'h> {
    /// The timestamp as sent, which is what was signed.
    timestamp_text: &'h str,
    timestamp: i64,
    /// The `v1` signatures, in order.
    signatures: Vec<&'h str>,
}

impl<'h> SignatureHeader<'h> {
    fn parse(header: &'h str) -> Result<Self, WebhookError> {
        let header = header.trim();
        if header.is_empty() {
            return Err(WebhookError::EmptyHeader);
        }
        let mut timestamp_text = None;
        let mut signatures = Vec::new();
        for element in header.split(',') {
            let Some((key, value)) = element.trim().split_once('=') else {
                return Err(WebhookError::MalformedHeader(
                    "an element is not a key=value pair",
                ));
            };
            if key.is_empty() {
                return Err(WebhookError::MalformedHeader("an element has no key"));
            }
            match key {
                TIMESTAMP_KEY if timestamp_text.is_some() => {
                    return Err(WebhookError::MalformedHeader(
                        "the timestamp (t=) is given more than once",
                    ));
                }
                TIMESTAMP_KEY => timestamp_text = Some(value),
                SIGNATURE_SCHEME => signatures.push(value),
                _ => {}
            }
        }
        let timestamp_text = timestamp_text.ok_or(WebhookError::MissingTimestamp)?;
        let timestamp = parse_timestamp(timestamp_text).ok_or(WebhookError::InvalidTimestamp)?;
        if signatures.is_empty() {
            return Err(WebhookError::MissingSignature);
        }
        Ok(SignatureHeader {
            timestamp_text,
            timestamp,
            signatures,
        })
    }
}

/// Seconds since the epoch, as ASCII digits only: no sign, no spaces, no fraction.
fn parse_timestamp(text: &str) -> Option<i64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The 32 bytes a signature's 64 hex digits spell, either case; `None` for anything else.
fn decode_signature(hex: &str) -> Option<[u8; SIGNATURE_LEN]> {
    let digits = hex.as_bytes();
    if digits.len() != SIGNATURE_LEN * 2 {
        return None;
    }
    let mut bytes = [0; SIGNATURE_LEN];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = hex_value(pair[0])? << 4 | hex_value(pair[1])?;
    }
    Some(bytes)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_signatures_decode_in_either_case_and_nothing_else_does() {
        let lower = "00ff10ab".repeat(8);
        let upper = lower.to_uppercase();
        let expected: Vec<u8> = [0x00, 0xff, 0x10, 0xab].repeat(8);
        assert_eq!(
            decode_signature(&lower).map(Vec::from),
            Some(expected.clone())
        );
        assert_eq!(decode_signature(&upper).map(Vec::from), Some(expected));
        assert_eq!(decode_signature(&lower[..62]), None);
        assert_eq!(decode_signature(&format!("{lower}00")), None);
        assert_eq!(decode_signature(&format!("{}zz", &lower[..62])), None);
        assert_eq!(decode_signature(""), None);
    }

    #[test]
    fn timestamps_are_plain_digits() {
        assert_eq!(parse_timestamp("1692000000"), Some(1_692_000_000));
        for bad in ["", "+1", "-1", " 1", "1.5", "1e9", "99999999999999999999"] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
    }
}
