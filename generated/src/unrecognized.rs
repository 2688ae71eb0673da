//! The value an enum keeps when Stripe sends a value this crate does not know yet.

use std::fmt;

/// A string enum value this version of the crate does not know, kept exactly as sent.
///
/// Every generated enum has an `Unrecognized(UnrecognizedValue)` variant, and is
/// `#[non_exhaustive]`, so that a value Stripe adds never fails a decode and code that
/// matches on the enum keeps compiling when a later version of the crate knows the value:
///
/// ```
/// use stripe_api::CheckoutSessionStatus;
///
/// fn describe(status: &CheckoutSessionStatus) -> String {
///     match status {
///         CheckoutSessionStatus::Open => "still open".to_owned(),
///         CheckoutSessionStatus::Complete | CheckoutSessionStatus::Expired => "done".to_owned(),
///         CheckoutSessionStatus::Unrecognized(value) => format!("new status {value}"),
///         // Needed: a later version may turn today's unrecognized value into a variant.
///         _ => "other".to_owned(),
///     }
/// }
///
/// let status = CheckoutSessionStatus::from("paused");
/// assert_eq!(describe(&status), "new status paused");
/// assert_eq!(status.as_str(), "paused");
/// ```
///
/// Match on `Unrecognized` to log or pass the value on, not to test for a particular
/// value: once the crate knows a value, it decodes into its own variant instead. Enums
/// compare by value, so `==` holds between a variant and the same value held any other
/// way.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnrecognizedValue(String);

impl UnrecognizedValue {
    /// Wraps a value as Stripe sent it. Not public: an enum gets one from `From<&str>`,
    /// which gives a value it knows its own variant.
    pub(crate) fn new(value: &str) -> Self {
        UnrecognizedValue(value.to_owned())
    }

    /// Wraps an owned value as Stripe sent it, without a copy.
    pub(crate) fn from_string(value: String) -> Self {
        UnrecognizedValue(value)
    }

    /// The value as Stripe sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnrecognizedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for UnrecognizedValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}
