//! Reads JSON one value at a time, for generated decoders to pull typed values from:
//! a cursor over the input that checks the grammar as it goes, limits nesting, and
//! fails with the offset of the fault. Nothing is built that the caller does not ask
//! for: a value can be passed over (or its text taken, to keep a member no field holds),
//! and strings without escapes are borrowed.

use std::borrow::Cow;

use super::enum_value::EnumValue;
use super::failure::Failure;
use super::fields::Fields;
use super::mark_seen;
use super::text::{self, LexError, same_bytes};
use crate::UnknownFields;

/// How deep objects and arrays may nest. Stripe's objects nest a dozen levels at most;
/// the limit keeps hostile input from exhausting the stack through recursive types.
pub const MAX_DEPTH: usize = 64;

/// A cursor over one JSON document.
#[derive(Debug)]
pub struct Reader<'j> {
    text: &'j str,
    data: &'j [u8],
    /// The next byte to read.
    at: usize,
    /// Where `data` starts in the whole input, for error offsets.
    base: usize,
    depth: usize,
    /// The field to guess after a key that was not a field (its member kept aside): the
    /// one guessed for that key, which Stripe sends in its sorted place.
    resume: usize,
    /// Where the text of the last key that was not guessed starts (after its quote):
    /// for [`Reader::unknown_member`], when it turns out to be no field at all.
    unguessed_key: usize,
}

impl<'j> Reader<'j> {
    /// A reader over `text`; the whole document is UTF-8 already, so that every string
    /// in it can be borrowed without checking it again.
    pub fn new(text: &'j str) -> Self {
        Reader {
            text,
            data: text.as_bytes(),
            at: 0,
            base: 0,
            depth: 0,
            resume: 0,
            unguessed_key: 0,
        }
    }

    /// A reader over `raw`, a value this reader already passed (see [`Reader::raw`]).
    pub fn nested(&self, raw: &Raw<'j>) -> Reader<'j> {
        Reader {
            text: raw.text,
            data: raw.text.as_bytes(),
            at: 0,
            base: raw.offset,
            depth: self.depth,
            resume: 0,
            unguessed_key: 0,
        }
    }

    /// A failure at the current position.
    #[cold]
    pub fn fail(&self, message: impl Into<String>) -> Failure {
        self.fail_at(self.at, message)
    }

    #[cold]
    fn fail_at(&self, at: usize, message: impl Into<String>) -> Failure {
        Failure::new(self.base + at, message)
    }

    #[cold]
    fn lex_failure(&self, error: LexError) -> Failure {
        self.fail_at(error.at, error.message)
    }

    /// The failure for a key seen twice in one object.
    #[cold]
    fn duplicate_field(&self, name: &'static str) -> Failure {
        self.fail(format!("duplicate field `{name}`"))
    }

    /// The failure for a required field that was not there.
    #[cold]
    pub fn missing_field(&self, name: &'static str, object: &'static str) -> Failure {
        self.fail(format!("missing field `{name}` in {object}"))
    }

    /// The failure for a value of another kind than `expected`, at the current position.
    #[cold]
    fn unexpected(&self, expected: &str) -> Failure {
        let found = match self.data.get(self.at) {
            None => return self.fail("EOF while parsing a value"),
            Some(b'"') => "string",
            Some(b'{') => "object",
            Some(b'[') => "array",
            Some(b't' | b'f') => "bool",
            Some(b'n') => "null",
            Some(b'-' | b'0'..=b'9') => match text::number(self.data, self.at) {
                Ok((_, true)) => "float",
                Ok((_, false)) => "int",
                Err(error) => return self.lex_failure(error),
            },
            Some(_) => return self.fail("expected value"),
        };
        self.fail(format!("expected {expected} but found {found}"))
    }

    /// The next byte that is not whitespace, which the reader then stands at.
    ///
    /// This and the punctuation steps built on it (`step`, `colon`, `key_quote`) are
    /// always inlined: they run for every key and value, and left to itself the
    /// compiler calls them out of line, which costs more than they do.
    #[inline(always)]
    fn peek(&mut self) -> Option<u8> {
        self.at = text::skip_whitespace(self.data, self.at);
        self.data.get(self.at).copied()
    }

    /// Consumes `word` (`null`, `true` or `false`), whose first byte was peeked.
    fn keyword(&mut self, word: &'static [u8]) -> Result<(), Failure> {
        if self.data.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.fail("expected value"))
        }
    }

    /// Fails unless only whitespace follows the value read.
    pub fn finish(&mut self) -> Result<(), Failure> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.fail("trailing characters")),
        }
    }

    /// Consumes a `null` if one comes next. Called, not inlined, since every optional
    /// field type's decoder asks it first.
    #[inline(never)]
    pub fn null(&mut self) -> Result<bool, Failure> {
        match self.peek() {
            Some(b'n') => self.keyword(b"null").map(|()| true),
            _ => Ok(false),
        }
    }

    /// Whether a string comes next.
    pub fn at_string(&mut self) -> Result<bool, Failure> {
        Ok(self.peek() == Some(b'"'))
    }

    /// Whether an object comes next.
    pub fn at_object(&mut self) -> Result<bool, Failure> {
        Ok(self.peek() == Some(b'{'))
    }

    /// Whether `true` or `false` comes next.
    pub fn at_bool(&mut self) -> Result<bool, Failure> {
        Ok(matches!(self.peek(), Some(b't' | b'f')))
    }

    /// The next string, borrowed from the input unless it has escapes.
    #[inline]
    pub fn str(&mut self) -> Result<Cow<'j, str>, Failure> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("string"));
        }
        match text::string(self.text, self.at + 1) {
            Ok((text, end)) => {
                self.at = end;
                Ok(text)
            }
            Err(error) => Err(self.lex_failure(error)),
        }
    }

    pub fn string(&mut self) -> Result<String, Failure> {
        self.str().map(Cow::into_owned)
    }

    /// Reads a string and passes it to `f` without copying it.
    pub fn with_str<T>(&mut self, f: impl FnOnce(&str) -> T) -> Result<T, Failure> {
        self.str().map(|text| f(&text))
    }

    /// Reads a string enum's value, whose known values are `values` (sorted).
    pub fn enum_value(&mut self, values: &'static [&'static str]) -> Result<EnumValue, Failure> {
        self.str().map(|text| EnumValue::find(values, text))
    }

    /// The text of the next number, whether it has a fraction or an exponent, and where
    /// it starts, for errors.
    fn number(&mut self, expected: &str) -> Result<(&'j str, bool, usize), Failure> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected(expected));
        }
        let start = self.at;
        match text::number(self.data, start) {
            Ok((end, float)) => {
                // The grammar admits ASCII alone, so both ends are character boundaries.
                let digits = self.text.get(start..end).unwrap_or_default();
                self.at = end;
                Ok((digits, float, start))
            }
            Err(error) => Err(self.lex_failure(error)),
        }
    }

    pub fn i64(&mut self) -> Result<i64, Failure> {
        match self.number("int")? {
            (_, true, start) => Err(self.fail_at(start, "expected int but found float")),
            (digits, false, start) => digits
                .parse()
                .map_err(|_| self.fail_at(start, "number out of range")),
        }
    }

    pub fn f64(&mut self) -> Result<f64, Failure> {
        let (digits, _, start) = self.number("float")?;
        match digits.parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(self.fail_at(start, "number out of range")),
        }
    }

    pub fn bool(&mut self) -> Result<bool, Failure> {
        match self.peek() {
            Some(b't') => self.keyword(b"true").map(|()| true),
            Some(b'f') => self.keyword(b"false").map(|()| false),
            _ => Err(self.unexpected("bool")),
        }
    }

    fn enter(&mut self) -> Result<(), Failure> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.depth += 1;
        Ok(())
    }

    /// Consumes `{`; returns whether the object has a member, whose key comes next.
    #[inline]
    fn open_object(&mut self) -> Result<bool, Failure> {
        self.open(b'{', b'}', "object")
    }

    /// Consumes `open`, which starts an object or array (`kind`); returns whether
    /// something comes before its `close`, consuming the `close` if not.
    #[inline]
    fn open(&mut self, open: u8, close: u8, kind: &str) -> Result<bool, Failure> {
        if self.peek() != Some(open) {
            return Err(self.unexpected(kind));
        }
        self.enter()?;
        self.at += 1;
        if self.peek() == Some(close) {
            self.at += 1;
            self.depth -= 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// After a member's value: consumes `,` and returns `true` (a key comes next), or
    /// consumes `}` and returns `false`.
    #[inline]
    fn object_step(&mut self) -> Result<bool, Failure> {
        self.step(
            b'}',
            "expected `,` or `}` after an object member",
            "EOF while parsing an object",
        )
    }

    /// After a member or an item: consumes `,` and returns `true`, or consumes `close`,
    /// which ends the object or array, and returns `false`.
    #[inline(always)]
    fn step(&mut self, close: u8, unexpected: &str, eof: &str) -> Result<bool, Failure> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(byte) if byte == close => {
                self.at += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(_) => Err(self.fail(unexpected)),
            None => Err(self.fail(eof)),
        }
    }

    /// The opening quote of a key, which the reader then stands at.
    #[inline(always)]
    fn key_quote(&mut self) -> Result<(), Failure> {
        match self.peek() {
            Some(b'"') => Ok(()),
            _ => Err(self.fail("key must be a string")),
        }
    }

    /// The colon after a key.
    #[inline(always)]
    fn colon(&mut self) -> Result<(), Failure> {
        if self.peek() != Some(b':') {
            return Err(self.fail("expected `:` after an object key"));
        }
        self.at += 1;
        Ok(())
    }

    /// A key and the colon after it.
    fn key(&mut self) -> Result<Cow<'j, str>, Failure> {
        self.key_quote()?;
        let key = self.str()?;
        self.colon()?;
        Ok(key)
    }

    /// A key and the colon after it, as its index in `fields`; `guess` is the field
    /// expected, which is matched in place, without scanning the key first.
    #[inline(always)]
    fn field(
        &mut self,
        fields: &'static Fields,
        guess: usize,
        seen: &mut [u64],
    ) -> Result<Option<usize>, Failure> {
        let index = self.match_field(fields.names(), guess)?;
        match index {
            Some(index) if !mark_seen(seen, index) => {
                Err(self.duplicate_field(fields.name(index).unwrap_or_default()))
            }
            Some(_) => Ok(index),
            None => {
                self.resume = guess;
                Ok(None)
            }
        }
    }

    /// The index in `fields` of the key at hand, matching `guess` in place first.
    #[inline(always)]
    fn match_field(
        &mut self,
        fields: &'static [&'static str],
        guess: usize,
    ) -> Result<Option<usize>, Failure> {
        self.key_quote()?;
        let start = self.at + 1;
        if let Some(field) = fields.get(guess) {
            let end = start + field.len();
            // No field name has a `"` or `\`, so a key whose text is the name and then a
            // quote is that field, however else it could have been spelled.
            if self.data.get(end) == Some(&b'"')
                && self
                    .data
                    .get(start..end)
                    .is_some_and(|text| same_bytes(text, field.as_bytes()))
            {
                self.at = end + 1;
                self.colon()?;
                return Ok(Some(guess));
            }
        }
        self.unguessed_key = start;
        let key = self.key()?;
        Ok(lookup(fields, key.as_bytes(), guess))
    }

    /// Keeps, in `unknown`, the member whose key [`Reader::first_field`] or
    /// [`Reader::next_field`] just found to be no field of the object: its name, and
    /// its value as compact JSON text, checked as it is passed.
    #[cold]
    pub fn unknown_member(&mut self, unknown: &mut UnknownFields) -> Result<(), Failure> {
        let name = match text::string(self.text, self.unguessed_key) {
            Ok((name, _)) => name,
            Err(error) => return Err(self.lex_failure(error)),
        };
        let raw = self.raw()?;
        unknown.push(&name, &text::compact(raw.text));
        Ok(())
    }

    /// Starts an object whose known keys are `fields`; returns the index of the first
    /// key in `fields` (`Some(None)` for a key not in it), or `None` if it is empty.
    /// `seen` has a bit per field, set as each is read: a field seen twice is an error.
    pub fn first_field(
        &mut self,
        fields: &'static Fields,
        seen: &mut [u64],
    ) -> Result<Option<Option<usize>>, Failure> {
        match self.open_object()? {
            true => self.field(fields, fields.first(), seen).map(Some),
            false => Ok(None),
        }
    }

    /// The next key of the object, as [`Reader::first_field`] gives the first; `previous`
    /// is the index of the key before it, since Stripe sends keys in a known order (see
    /// [`Fields`]) and the field after it is then the first guess.
    pub fn next_field(
        &mut self,
        fields: &'static Fields,
        previous: Option<usize>,
        seen: &mut [u64],
    ) -> Result<Option<Option<usize>>, Failure> {
        match self.object_step()? {
            true => {
                let guess = previous.map_or(self.resume, |index| fields.after(index));
                self.field(fields, guess, seen).map(Some)
            }
            false => Ok(None),
        }
    }

    /// Starts an object with free-form keys; returns the first key.
    pub fn first_key(&mut self) -> Result<Option<Cow<'j, str>>, Failure> {
        match self.open_object()? {
            true => self.key().map(Some),
            false => Ok(None),
        }
    }

    pub fn next_key(&mut self) -> Result<Option<Cow<'j, str>>, Failure> {
        match self.object_step()? {
            true => self.key().map(Some),
            false => Ok(None),
        }
    }

    /// Starts an array; returns whether it has a first item.
    pub fn first_item(&mut self) -> Result<bool, Failure> {
        self.open(b'[', b']', "array")
    }

    /// Whether the array has another item.
    pub fn next_item(&mut self) -> Result<bool, Failure> {
        self.step(
            b']',
            "expected `,` or `]` after an array item",
            "EOF while parsing an array",
        )
    }

    /// Skips a value of any kind, checking that it is well-formed: what decoders do with
    /// keys they do not know.
    pub fn skip(&mut self) -> Result<(), Failure> {
        match self.peek() {
            Some(b'"') => self.str().map(drop),
            Some(b'{') => {
                let mut more = self.open_object()?;
                while more {
                    self.key()?;
                    self.skip()?;
                    more = self.object_step()?;
                }
                Ok(())
            }
            Some(b'[') => {
                let mut more = self.first_item()?;
                while more {
                    self.skip()?;
                    more = self.next_item()?;
                }
                Ok(())
            }
            Some(b't' | b'f') => self.bool().map(drop),
            Some(b'n') => self.keyword(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number("number").map(drop),
            Some(_) => Err(self.fail("expected value")),
            None => Err(self.fail("EOF while parsing a value")),
        }
    }

    /// Passes over the next value, checking that it is well-formed JSON, and returns its
    /// text, to be looked at first and decoded after (see [`Reader::nested`]).
    pub fn raw(&mut self) -> Result<Raw<'j>, Failure> {
        let start = self.value_start();
        self.skip()?;
        Ok(self.raw_since(start))
    }

    /// Where the next value starts, for [`Reader::raw_since`] once it is read.
    pub fn value_start(&mut self) -> usize {
        self.peek();
        self.at
    }

    /// The text of the value read since `start` (from [`Reader::value_start`]).
    pub fn raw_since(&self, start: usize) -> Raw<'j> {
        Raw {
            // Both ends are at ASCII bytes (a value's first byte, the byte after its
            // last), so at character boundaries.
            text: self.text.get(start..self.at).unwrap_or_default(),
            offset: self.base + start,
        }
    }

    /// The next value as untyped JSON. (`serde_json` reads it with `float_roundtrip`,
    /// enabled in the manifest, so floats come back exactly as sent.)
    pub fn json_value(&mut self) -> Result<serde_json::Value, Failure> {
        let raw = self.raw()?;
        serde_json::from_str(raw.text).map_err(|error| Failure::new(raw.offset, error.to_string()))
    }
}

/// The text of one JSON value, and where it starts in the whole input.
#[derive(Clone, Copy, Debug)]
pub struct Raw<'j> {
    pub text: &'j str,
    offset: usize,
}

/// How many fields after the guessed one [`lookup`] tries before searching: Stripe sends
/// keys in sorted order, so a miss is mostly a field or two the object left out.
const LOOKAHEAD: usize = 4;

/// The position of `key` in the sorted `fields`: first the few fields from `guess` on,
/// then a binary search.
fn lookup(fields: &[&str], key: &[u8], guess: usize) -> Option<usize> {
    let ahead = fields.get(guess..).unwrap_or_default();
    for (offset, field) in ahead.iter().take(LOOKAHEAD).enumerate() {
        if same_bytes(field.as_bytes(), key) {
            return Some(guess + offset);
        }
    }
    fields
        .binary_search_by(|field| field.as_bytes().cmp(key))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_returns_the_text_of_one_value() {
        let mut reader = Reader::new(r#"[ {"a": [1, 2]} , "x"]"#);
        assert!(reader.first_item().unwrap());
        let object = reader.raw().unwrap();
        assert_eq!(object.text, r#"{"a": [1, 2]}"#);
        assert_eq!(object.offset, 2);
        assert!(reader.next_item().unwrap());
        assert_eq!(reader.raw().unwrap().text, r#""x""#);
        assert!(!reader.next_item().unwrap());
        reader.finish().unwrap();
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        let mut reader = Reader::new(&deep);
        let mut result = Ok(true);
        for _ in 0..=MAX_DEPTH {
            result = reader.first_item();
            if result.is_err() {
                break;
            }
        }
        assert!(result.is_err());
    }

    #[test]
    fn every_i64_decodes_whatever_its_number_of_digits() {
        for value in [
            i64::MAX,
            i64::MIN,
            1_000_000_000_000_000_000,
            -1_000_000_000_000_000_000,
            999_999_999_999_999_999,
            0,
            -1,
        ] {
            let text = format!("[{value} ,1]");
            let mut reader = Reader::new(&text);
            assert!(reader.first_item().unwrap());
            assert_eq!(reader.i64().unwrap(), value, "{text}");
            assert!(reader.next_item().unwrap());
            assert_eq!(reader.i64().unwrap(), 1);
            assert!(!reader.next_item().unwrap());
            reader.finish().unwrap();
        }
        for (text, message) in [
            ("9223372036854775808", "number out of range"),
            ("-9223372036854775809", "number out of range"),
            ("123456789012345678901234567890", "number out of range"),
            ("1e3", "expected int but found float"),
            ("1.5", "expected int but found float"),
        ] {
            let failure = Reader::new(text).i64().unwrap_err();
            let error = failure.into_decode_error("i64", text.as_bytes());
            assert_eq!(error.message(), message, "{text}");
        }
    }

    fn json_value(text: &str) -> Result<serde_json::Value, Failure> {
        let mut reader = Reader::new(text);
        let value = reader.json_value()?;
        reader.finish()?;
        Ok(value)
    }

    #[test]
    fn untyped_json_keeps_every_float_exactly() {
        // Without `serde_json`'s `float_roundtrip`, the first two come back one unit off.
        for text in [
            "2.291712365432881e-9",
            "-1.6811537338566483e-234",
            "1.7976931348623157e308",
            "5e-324",
        ] {
            let value = json_value(&format!("{{\"x\": [{text}]}}")).unwrap();
            let float = value["x"][0].as_f64().unwrap();
            assert_eq!(
                float.to_bits(),
                text.parse::<f64>().unwrap().to_bits(),
                "{text}"
            );
        }
    }

    #[test]
    fn fields_are_found_by_guess_or_binary_search() {
        let fields = ["amount", "id", "object"];
        assert_eq!(lookup(&fields, b"id", 1), Some(1));
        assert_eq!(lookup(&fields, b"id", 0), Some(1));
        assert_eq!(lookup(&fields, b"amount", 3), Some(0));
        assert_eq!(lookup(&fields, b"new_field", 1), None);
        let many = ["a", "b", "c", "d", "e", "f", "g", "h"];
        for (index, key) in many.iter().enumerate() {
            for guess in [0, 1, 4, 8] {
                assert_eq!(lookup(&many, key.as_bytes(), guess), Some(index));
            }
        }
        // A key is looked up as decoded, whatever escapes spell it, guessed or not.
        const FIELDS: Fields = Fields::new(&["amount", "id"]);
        for json in [r#"{"\u0069d": 1}"#, r#"{"amount": 1, "i\u0064": 2}"#] {
            let mut reader = Reader::new(json);
            let mut seen = [0];
            let mut index = reader.first_field(&FIELDS, &mut seen).unwrap();
            if index == Some(Some(0)) {
                assert_eq!(reader.i64().unwrap(), 1);
                index = reader.next_field(&FIELDS, Some(0), &mut seen).unwrap();
            }
            assert_eq!(index, Some(Some(1)), "{json}");
        }
    }

    /// Every key is found whatever order it comes in: in the order Stripe sends, after
    /// a key that is not a field, and out of order.
    #[test]
    fn fields_are_found_in_any_order() {
        const FIELDS: Fields = Fields::new(&["amount", "created", "id", "object", "url"]);
        let keys_of = |json: &str| {
            let mut reader = Reader::new(json);
            let mut seen = [0];
            let mut found = Vec::new();
            let mut key = reader.first_field(&FIELDS, &mut seen).unwrap();
            while let Some(index) = key {
                found.push(index.and_then(|index| FIELDS.name(index)));
                reader.skip().unwrap();
                key = reader.next_field(&FIELDS, index, &mut seen).unwrap();
            }
            found
        };
        let stripe =
            r#"{"id": "x", "object": "o", "amount": 1, "new": 0, "created": 2, "url": ""}"#;
        assert_eq!(
            keys_of(stripe),
            [
                Some("id"),
                Some("object"),
                Some("amount"),
                None,
                Some("created"),
                Some("url")
            ]
        );
        let shuffled = r#"{"url": "", "new": 0, "object": "o", "amount": 1, "id": "x"}"#;
        assert_eq!(
            keys_of(shuffled),
            [
                Some("url"),
                None,
                Some("object"),
                Some("amount"),
                Some("id")
            ]
        );
    }
}
