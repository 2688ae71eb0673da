//! Signs webhook deliveries the way Stripe does, so tests of the receiving side can
//! produce headers for any payload, timestamp and secret.

use std::fmt::Write as _;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The `v1` signature of `payload` sent at `timestamp`: HMAC-SHA256 under the whole
/// `whsec_...` secret of `"{timestamp}.{payload}"`, in lowercase hex.
pub fn v1_signature(secret: &str, timestamp: i64, payload: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    let mut hex = String::with_capacity(64);
    for byte in mac.finalize().into_bytes() {
        write!(hex, "{byte:02x}").expect("writing to a String");
    }
    hex
}

/// The `Stripe-Signature` header Stripe would send with `payload`.
pub fn signature_header(secret: &str, timestamp: i64, payload: &[u8]) -> String {
    format!(
        "t={timestamp},v1={}",
        v1_signature(secret, timestamp, payload)
    )
}
