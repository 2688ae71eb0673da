//! Removes anything shaped like a Stripe secret from text that leaves the crate: error
//! messages, `Debug` output. The keys a client holds are removed by exact match where they
//! are known (see `client::secret`); this catches the rest, such as a key a server echoes
//! that the client never held, or one a user put in an error built by hand.

use std::borrow::Cow;

/// What a secret is replaced with, after its kind (`sk_live_[redacted]`).
pub(crate) const REDACTED: &str = "[redacted]";

/// The starts of Stripe's secrets: secret and restricted API keys, webhook signing
/// secrets. Publishable keys (`pk_`) are meant to be public and are left alone.
const SECRET_PREFIXES: [&str; 3] = ["sk_", "rk_", "whsec_"];

/// Characters after the prefix for the text to be taken for a secret: real ones run to
/// dozens, and a shorter run (`sk_test_...` in an example) is not a key.
const MIN_SECRET_CHARS: usize = 8;

/// `text` with every secret-shaped word replaced by its kind and [`REDACTED`]: a word
/// that starts with `sk_`, `rk_` or `whsec_` and goes on with at least
/// [`MIN_SECRET_CHARS`] letters, digits or underscores.
pub(crate) fn secrets(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        let starts_word = at == 0 || !is_word_byte(bytes[at - 1]);
        let prefix = SECRET_PREFIXES
            .iter()
            .find(|prefix| starts_word && bytes[at..].starts_with(prefix.as_bytes()));
        let Some(prefix) = prefix else {
            at += 1;
            continue;
        };
        let rest_start = at + prefix.len();
        let rest_len = bytes[rest_start..]
            .iter()
            .take_while(|&&b| is_word_byte(b))
            .count();
        if rest_len < MIN_SECRET_CHARS {
            at = rest_start + rest_len;
            continue;
        }
        // Keep the kind: `sk_live_`, `rk_test_`, `whsec_`.
        let kind_len = match bytes[rest_start..rest_start + rest_len]
            .iter()
            .position(|&b| b == b'_')
        {
            Some(underscore) if *prefix != "whsec_" => prefix.len() + underscore + 1,
            _ => prefix.len(),
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
        // Every index here is at an ASCII byte, so at a character boundary.
        out.push_str(&text[copied..at + kind_len]);
        out.push_str(REDACTED);
        at = rest_start + rest_len;
        copied = at;
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[copied..]);
            Cow::Owned(out)
        }
    }
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

#[cfg(test)]
mod tests {
    use super::secrets;

    #[test]
    fn secret_shaped_words_lose_all_but_their_kind() {
        for (text, expected) in [
            (
                "Authorization was 'Bearer sk_live_51AbCdEf0123'.",
                "Authorization was 'Bearer sk_live_[redacted]'.",
            ),
            (
                "rk_test_abcdefgh12 and whsec_0123456789abcdef",
                "rk_test_[redacted] and whsec_[redacted]",
            ),
            ("sk_abcdefghijkl", "sk_[redacted]"),
            ("(sk_test_4eC39HqLyjWDarjtT1zdp7dc)", "(sk_test_[redacted])"),
            ("é sk_live_abcdefgh é", "é sk_live_[redacted] é"),
        ] {
            assert_eq!(secrets(text), expected, "{text}");
        }
    }

    #[test]
    fn other_text_is_left_alone_and_not_copied() {
        for text in [
            "sk_test_...",
            "desk_lamp_0123456789",
            "pk_live_0123456789abcdef",
            "whsec_",
            "sk_live_[redacted]",
            "",
            "ünïcödé",
        ] {
            assert!(
                matches!(secrets(text), std::borrow::Cow::Borrowed(same) if same == text),
                "{text}"
            );
        }
    }
}
