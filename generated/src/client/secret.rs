//! The secret API key, kept out of every `Debug`, `Display` and error message.

use std::fmt;

/// A Stripe secret key. It can only be read to build the `Authorization` header; its
/// `Debug` shows the key's kind (`sk_test_`, `rk_live_`...) and nothing more.
#[derive(Clone)]
pub(crate) struct SecretKey(String);

impl SecretKey {
    pub(crate) fn new(key: String) -> Self {
        SecretKey(key)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the key replaced, for text that leaves the client.
    pub(crate) fn scrub(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_owned()
        } else {
            text.replace(&self.0, "[redacted]")
        }
    }

    /// The key's kind, such as `sk_test_`: enough to tell keys apart in logs.
    fn kind(&self) -> &str {
        let prefix_end = self
            .0
            .match_indices('_')
            .nth(1)
            .map_or(0, |(index, _)| index + 1);
        &self.0[..prefix_end]
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}[redacted]\"", self.kind())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_only_the_kind() {
        let key = SecretKey::new("sk_test_51AbCdEfSecretPart".to_owned());
        assert_eq!(format!("{key:?}"), "\"sk_test_[redacted]\"");
        assert_eq!(
            format!("{:?}", SecretKey::new("nounderscores".into())),
            "\"[redacted]\""
        );
        assert_eq!(
            key.scrub("echo sk_test_51AbCdEfSecretPart!"),
            "echo [redacted]!"
        );
    }
}
