//! The lexical layer under [`Reader`](super::Reader): where a JSON string or number
//! ends, what a string says once its escapes are decoded, and whitespace. Works on
//! bytes and positions only, so the reader decides what each token means.

use std::borrow::Cow;

/// A lexical error: where it is in the data scanned and what is wrong.
pub(super) struct LexError {
    pub at: usize,
    pub message: &'static str,
}

fn error<T>(at: usize, message: &'static str) -> Result<T, LexError> {
    Err(LexError { at, message })
}

/// The first position at or after `at` that is not JSON whitespace. Stripe indents its
/// JSON, so a line break is followed by a run of spaces as deep as the nesting; that run
/// is passed a word at a time.
#[inline]
pub(super) fn skip_whitespace(data: &[u8], mut at: usize) -> usize {
    loop {
        match data.get(at) {
            Some(b'\n') => at = skip_spaces(data, at + 1),
            Some(b' ' | b'\r' | b'\t') => at += 1,
            _ => return at,
        }
    }
}

/// The first position at or after `at` that is not a space, looking a word at a time.
#[inline]
fn skip_spaces(data: &[u8], mut at: usize) -> usize {
    while at + WORD <= data.len() {
        let others = word_at(data, at) ^ SPACES;
        if others != 0 {
            return at + (others.trailing_zeros() / 8) as usize;
        }
        at += WORD;
    }
    at
}

/// The `WORD` bytes of `data` from `at` as one number, little-endian; zero past the end
/// (which callers check before).
#[inline]
pub(super) fn word_at(data: &[u8], at: usize) -> u64 {
    let bytes = data
        .get(at..at + WORD)
        .and_then(|bytes| bytes.try_into().ok());
    u64::from_le_bytes(bytes.unwrap_or([0; WORD]))
}

/// Whether two short byte strings are equal, compared a word at a time in line rather
/// than through a call to `memcmp`, which costs more than the comparison for a key. The
/// last word read may overlap the one before it.
#[inline]
pub(super) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let len = a.len();
    if len < WORD {
        return a.iter().zip(b).all(|(x, y)| x == y);
    }
    let mut at = 0;
    while at + WORD < len {
        if word_at(a, at) != word_at(b, at) {
            return false;
        }
        at += WORD;
    }
    word_at(a, len - WORD) == word_at(b, len - WORD)
}

/// Bytes in a word: strings are scanned a word at a time, since most are URLs, ids and
/// other runs of plain text.
pub(super) const WORD: usize = 8;
const ONES: u64 = u64::from_ne_bytes([0x01; WORD]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; WORD]);
const SPACES: u64 = u64::from_ne_bytes([b' '; WORD]);

/// The bytes of `word` (read little-endian) that are `"`, `\` or a control character
/// (below 0x20), the bytes that end a plain run of string text, each flagged by its high
/// bit. A test can also flag bytes above a true match, where its borrow runs on, but
/// never one below, so the lowest flag is exact.
#[inline]
fn special_bytes(word: u64) -> u64 {
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let quote = zero_in(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_in(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    quote | backslash | control
}

/// The position of the first `"`, `\` or control byte at or after `at`, or the end.
#[inline]
fn special_byte(data: &[u8], mut at: usize) -> usize {
    while at + WORD <= data.len() {
        let flags = special_bytes(word_at(data, at));
        if flags != 0 {
            return at + (flags.trailing_zeros() / 8) as usize;
        }
        at += WORD;
    }
    while let Some(&byte) = data.get(at) {
        if matches!(byte, b'"' | b'\\' | 0..=0x1f) {
            break;
        }
        at += 1;
    }
    at
}

/// Scans the string whose text starts at `start` (just after its opening quote); returns
/// its decoded text, borrowed when it has no escapes, and the position after its closing
/// quote. Always inlined: the reader reads every string through it, and with a second
/// caller (a key read again for an unknown member) the compiler would call it out of line.
#[inline(always)]
pub(super) fn string(text: &str, start: usize) -> Result<(Cow<'_, str>, usize), LexError> {
    let end = special_byte(text.as_bytes(), start);
    match text.as_bytes().get(end) {
        Some(b'"') => Ok((Cow::Borrowed(slice(text, start, end)?), end + 1)),
        Some(b'\\') => unescape(text, start, end),
        Some(_) => error(end, "control character in string"),
        None => error(end, "EOF while parsing a string"),
    }
}

/// The text between two positions that the scan stopped at. Each is at an ASCII byte
/// or at the end, so always at a character boundary; the check costs two comparisons.
fn slice(text: &str, start: usize, end: usize) -> Result<&str, LexError> {
    text.get(start..end)
        .map_or_else(|| error(start, "invalid UTF-8 in string"), Ok)
}

/// Decodes a string that has an escape at `at`; `start` is where its text starts.
#[cold]
fn unescape(text: &str, start: usize, mut at: usize) -> Result<(Cow<'_, str>, usize), LexError> {
    let data = text.as_bytes();
    let mut out = String::with_capacity(at - start + 16);
    out.push_str(slice(text, start, at)?);
    loop {
        let simple = |c: char| Ok((c, at + 2));
        let (decoded, run) = match data.get(at + 1) {
            Some(b'"') => simple('"'),
            Some(b'\\') => simple('\\'),
            Some(b'/') => simple('/'),
            Some(b'b') => simple('\u{8}'),
            Some(b'f') => simple('\u{c}'),
            Some(b'n') => simple('\n'),
            Some(b'r') => simple('\r'),
            Some(b't') => simple('\t'),
            Some(b'u') => unicode_escape(data, at),
            Some(_) => error(at, "invalid escape"),
            None => error(at, "EOF while parsing a string"),
        }?;
        out.push(decoded);
        at = special_byte(data, run);
        out.push_str(slice(text, run, at)?);
        match data.get(at) {
            Some(b'"') => return Ok((Cow::Owned(out), at + 1)),
            Some(b'\\') => {}
            Some(_) => return error(at, "control character in string"),
            None => return error(at, "EOF while parsing a string"),
        }
    }
}

/// The character of the `\uXXXX` escape at `at` (a surrogate pair takes two), and the
/// position after it.
fn unicode_escape(data: &[u8], at: usize) -> Result<(char, usize), LexError> {
    let first = hex4(data, at + 2)?;
    let (code, end) = match first {
        0xD800..=0xDBFF => {
            if data.get(at + 6..at + 8) != Some(b"\\u") {
                return error(at, "lone leading surrogate in hex escape");
            }
            let second = hex4(data, at + 8)?;
            if !(0xDC00..=0xDFFF).contains(&second) {
                return error(at, "lone leading surrogate in hex escape");
            }
            let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            (code, at + 12)
        }
        0xDC00..=0xDFFF => return error(at, "lone trailing surrogate in hex escape"),
        _ => (first, at + 6),
    };
    match char::from_u32(code) {
        Some(c) => Ok((c, end)),
        None => error(at, "invalid escape"),
    }
}

fn hex4(data: &[u8], at: usize) -> Result<u32, LexError> {
    let Some(digits) = data.get(at..at + 4) else {
        return error(at, "EOF while parsing a string");
    };
    digits
        .iter()
        .try_fold(0, |code, &digit| match (digit as char).to_digit(16) {
            Some(value) => Ok(code * 16 + value),
            None => error(at, "invalid escape"),
        })
}

/// Checks the number starting at `start`; returns the position after it and whether it
/// has a fraction or an exponent.
pub(super) fn number(data: &[u8], start: usize) -> Result<(usize, bool), LexError> {
    let digits = |mut at: usize| {
        while data.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        at
    };
    let mut at = start + usize::from(data.get(start) == Some(&b'-'));
    at = match data.get(at) {
        Some(b'0') => at + 1,
        Some(b'1'..=b'9') => digits(at + 1),
        _ => return error(at, "invalid number"),
    };
    let mut float = false;
    if data.get(at) == Some(&b'.') {
        let end = digits(at + 1);
        if end == at + 1 {
            return error(end, "invalid number");
        }
        (at, float) = (end, true);
    }
    if let Some(b'e' | b'E') = data.get(at) {
        at += 1;
        if let Some(b'+' | b'-') = data.get(at) {
            at += 1;
        }
        let end = digits(at);
        if end == at {
            return error(end, "invalid number");
        }
        (at, float) = (end, true);
    }
    Ok((at, float))
}

/// `json`, a valid JSON value (the reader has checked it), without the whitespace between
/// its tokens, as a compact writer would write it; borrowed when there is none. Strings
/// are passed a word at a time, as the reader passes them, and so are runs of
/// indentation; each run of text between two runs of whitespace is copied whole, so the
/// copy stays UTF-8.
pub(super) fn compact(json: &str) -> Cow<'_, str> {
    let data = json.as_bytes();
    let mut out: Option<String> = None;
    let (mut at, mut copied) = (0, 0);
    while let Some(&byte) = data.get(at) {
        match byte {
            b'"' => at = string_end(data, at + 1),
            b' ' | b'\n' | b'\r' | b'\t' => {
                let out = out.get_or_insert_with(|| String::with_capacity(json.len()));
                // `copied` and `at` are each at an ASCII byte or the end: character
                // boundaries.
                out.push_str(json.get(copied..at).unwrap_or_default());
                at = skip_whitespace(data, at);
                copied = at;
            }
            _ => at += 1,
        }
    }
    match out {
        None => Cow::Borrowed(json),
        Some(mut out) => {
            out.push_str(json.get(copied..).unwrap_or_default());
            Cow::Owned(out)
        }
    }
}

/// The position after the closing quote of the string whose text starts at `start`,
/// in JSON the reader has checked.
fn string_end(data: &[u8], mut at: usize) -> usize {
    loop {
        at = special_byte(data, at);
        match data.get(at) {
            Some(b'\\') => at += 2,
            Some(b'"') => return at + 1,
            // Checked JSON holds no control byte in a string, and ends after its quote.
            Some(_) => at += 1,
            None => return at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(json: &str) -> Result<(String, usize), &'static str> {
        string(json, 1)
            .map(|(text, end)| (text.into_owned(), end))
            .map_err(|e| e.message)
    }

    #[test]
    fn strings_end_at_their_closing_quote_whatever_their_length() {
        for length in 0..40 {
            let text = "a".repeat(length);
            let json = format!("\"{text}\",");
            assert_eq!(decoded(&json), Ok((text, length + 2)));
        }
    }

    #[test]
    fn escapes_decode_as_json_says() {
        let json = r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00 long enough to cross a word""#;
        let expected = "a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{1f600} long enough to cross a word";
        assert_eq!(decoded(json).map(|(text, _)| text), Ok(expected.to_owned()));
        assert_eq!(
            decoded("\"é and more text\"").map(|(t, _)| t),
            Ok("é and more text".into())
        );
    }

    #[test]
    fn bad_strings_are_refused() {
        for (json, message) in [
            ("\"abc", "EOF while parsing a string"),
            ("\"a\u{1}b\"", "control character in string"),
            (
                "\"plenty of text then\u{1f}\"",
                "control character in string",
            ),
            (r#""\x""#, "invalid escape"),
            (r#""\u12G4""#, "invalid escape"),
            (r#""\ud83d""#, "lone leading surrogate in hex escape"),
            (r#""\ude00""#, "lone trailing surrogate in hex escape"),
            (r#""\u00"#, "EOF while parsing a string"),
        ] {
            assert_eq!(decoded(json), Err(message), "{json:?}");
        }
    }

    #[test]
    fn whitespace_of_any_length_is_skipped() {
        for length in 0..20 {
            let json = format!("{}\n\t\r  {}x", " ".repeat(length), " ".repeat(length));
            assert_eq!(skip_whitespace(json.as_bytes(), 0), json.len() - 1);
        }
        assert_eq!(skip_whitespace(b"x  ", 0), 0);
        assert_eq!(skip_whitespace(b"  ", 0), 2);
        // Indentation, where it runs a word at a time, ending anywhere in a word, at the
        // end of the input, or in other whitespace.
        for depth in 0..20 {
            let indented = format!("\n{}", " ".repeat(depth));
            for tail in ["\"x\"", "", "\t\n  \r 1"] {
                let json = format!("{indented}{tail}");
                let end = json.len() - tail.trim_start().len();
                assert_eq!(skip_whitespace(json.as_bytes(), 0), end, "{json:?}");
            }
        }
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        for (text, end, float) in [
            ("0", 1, false),
            ("-12,", 3, false),
            ("1.5]", 3, true),
            ("2e10", 4, true),
            ("-3.25E-7}", 8, true),
        ] {
            assert_eq!(
                number(text.as_bytes(), 0).ok(),
                Some((end, float)),
                "{text}"
            );
        }
        for text in ["-", "01", "1.", ".5", "1e", "+1", "1e+"] {
            let result = number(text.as_bytes(), 0);
            assert!(
                result.is_err() || result.is_ok_and(|(end, _)| end < text.len()),
                "{text}"
            );
        }
    }

    #[test]
    fn keys_compare_equal_only_when_equal() {
        assert!(same_bytes(b"payment_method_types", b"payment_method_types"));
        assert!(!same_bytes(
            b"payment_method_types",
            b"payment_method_typez"
        ));
        assert!(!same_bytes(
            b"payment_method_tzpes",
            b"payment_method_types"
        ));
        assert!(!same_bytes(b"id", b"ix"));
        assert!(!same_bytes(b"id", b"idx"));
        assert!(same_bytes(b"", b""));
    }

    #[test]
    fn compacting_drops_whitespace_between_tokens_only() {
        for (json, compacted) in [
            (
                "{ \"a b\" : [1,\n\t2 ] ,\r\n \"c\":\"x \\\" y\" }",
                "{\"a b\":[1,2],\"c\":\"x \\\" y\"}",
            ),
            (
                "{\n        \"long key with spaces\": \"é \\\\ ü\",\n        \"n\": null\n    }",
                "{\"long key with spaces\":\"é \\\\ ü\",\"n\":null}",
            ),
            (" \"\\\"\" ", "\"\\\"\""),
        ] {
            assert_eq!(compact(json), compacted, "{json}");
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(compact(json), value.to_string());
        }
        assert!(matches!(compact("[1,2]"), Cow::Borrowed("[1,2]")));
    }
}
