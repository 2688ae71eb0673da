//! Stripe's decimal amounts (`format: decimal`), sent as strings to keep every digit.

use std::borrow::Cow;
use std::fmt;

/// A decimal number as Stripe sends it, such as `"0.0123"`: kept as the exact string,
/// since converting to a float would lose digits.
///
/// ```
/// let amount: stripe_api::Decimal = "12.3456789012345678".parse().unwrap();
/// assert_eq!(amount.as_str(), "12.3456789012345678");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Decimal(Cow<'static, str>);

/// Zero, `"0"`: a start for values built in tests, held without an allocation.
impl Default for Decimal {
    fn default() -> Self {
        Decimal(Cow::Borrowed("0"))
    }
}

impl Decimal {
    /// A decimal with exactly these digits.
    pub fn from_digits(digits: &str) -> Self {
        Decimal(Cow::Owned(digits.to_owned()))
    }

    /// The digits exactly as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for Decimal {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Decimal::from_digits(value))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|digits| Decimal(Cow::Owned(digits)))
    }
}
