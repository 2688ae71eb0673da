//! Reads JSON one value at a time, for generated decoders to pull typed values from; a
//! thin layer over `jiter` that adds nesting limits and errors that know their offset.

use jiter::{Jiter, JiterError, JiterErrorType, JsonErrorType, NumberInt, Peek};

use super::failure::Failure;

/// How deep objects and arrays may nest. Stripe's objects nest a dozen levels at most;
/// the limit keeps hostile input from exhausting the stack through recursive types.
pub const MAX_DEPTH: usize = 64;

/// A cursor over one JSON document.
#[derive(Debug)]
pub struct Reader<'j> {
    jiter: Jiter<'j>,
    data: &'j [u8],
    /// Where `data` starts in the whole input, for error offsets.
    base: usize,
    depth: usize,
}

impl<'j> Reader<'j> {
    pub fn new(data: &'j [u8]) -> Self {
        Reader {
            jiter: Jiter::new(data),
            data,
            base: 0,
            depth: 0,
        }
    }

    /// A reader over `raw`, a value this reader already passed (see [`Reader::raw`]).
    pub fn nested(&self, raw: &Raw<'j>) -> Reader<'j> {
        Reader {
            jiter: Jiter::new(raw.text),
            data: raw.text,
            base: raw.offset,
            depth: self.depth,
        }
    }

    /// A failure at the current position.
    #[cold]
    pub fn fail(&self, message: impl Into<String>) -> Failure {
        Failure::new(self.base + self.jiter.current_index(), message)
    }

    /// The failure for a key seen twice in one object.
    #[cold]
    pub fn duplicate_field(&self, name: &'static str) -> Failure {
        self.fail(format!("duplicate field `{name}`"))
    }

    /// The failure for a required field that was not there.
    #[cold]
    pub fn missing_field(&self, name: &'static str, object: &'static str) -> Failure {
        self.fail(format!("missing field `{name}` in {object}"))
    }

    #[cold]
    fn jiter_failure(&self, error: JiterError) -> Failure {
        Failure::new(self.base + error.index, error.error_type.to_string())
    }

    /// Fails unless only whitespace follows the value read.
    pub fn finish(&mut self) -> Result<(), Failure> {
        self.jiter.finish().map_err(|e| self.jiter_failure(e))
    }

    /// Consumes a `null` if one comes next.
    pub fn null(&mut self) -> Result<bool, Failure> {
        match self.jiter.peek() {
            Ok(Peek::Null) => {
                self.jiter.known_null().map_err(|e| self.jiter_failure(e))?;
                Ok(true)
            }
            Ok(_) => Ok(false),
            Err(error) => Err(self.jiter_failure(error)),
        }
    }

    /// Whether a string comes next.
    pub fn at_string(&mut self) -> Result<bool, Failure> {
        match self.jiter.peek() {
            Ok(peek) => Ok(peek == Peek::String),
            Err(error) => Err(self.jiter_failure(error)),
        }
    }

    pub fn string(&mut self) -> Result<String, Failure> {
        match self.jiter.next_str() {
            Ok(text) => Ok(text.to_owned()),
            Err(error) => Err(self.jiter_failure(error)),
        }
    }

    /// Reads a string and passes it to `f` without copying it.
    pub fn with_str<T>(&mut self, f: impl FnOnce(&str) -> T) -> Result<T, Failure> {
        match self.jiter.next_str() {
            Ok(text) => Ok(f(text)),
            Err(error) => Err(self.jiter_failure(error)),
        }
    }

    /// Reads a string enum through its `From<&str>`, which gives its catch-all variant for
    /// any value it does not know.
    pub fn string_enum<T: for<'a> From<&'a str>>(&mut self) -> Result<T, Failure> {
        match self.jiter.next_str() {
            Ok(text) => Ok(T::from(text)),
            Err(error) => Err(self.jiter_failure(error)),
        }
    }

    pub fn i64(&mut self) -> Result<i64, Failure> {
        match self.jiter.next_int() {
            Ok(NumberInt::Int(value)) => Ok(value),
            Err(error)
                if error.error_type
                    == JiterErrorType::JsonError(JsonErrorType::NumberOutOfRange) =>
            {
                self.long_i64(error)
            }
            Err(error) => Err(self.jiter_failure(error)),
        }
    }

    /// An integer `jiter` calls out of range: without its `num-bigint` feature it reads at
    /// most 18 digits after the first, so it refuses 19-digit integers that fit in an
    /// `i64` (10^18 up to `i64::MAX`). A failed read leaves the position at the number.
    #[cold]
    fn long_i64(&mut self, out_of_range: JiterError) -> Result<i64, Failure> {
        let parsed = match self.jiter.next_number_bytes() {
            Ok(text) => std::str::from_utf8(text)
                .ok()
                .and_then(|text| text.parse::<i64>().ok()),
            Err(error) => return Err(self.jiter_failure(error)),
        };
        parsed.ok_or_else(|| self.jiter_failure(out_of_range))
    }

    pub fn f64(&mut self) -> Result<f64, Failure> {
        self.jiter.next_float().map_err(|e| self.jiter_failure(e))
    }

    pub fn bool(&mut self) -> Result<bool, Failure> {
        self.jiter.next_bool().map_err(|e| self.jiter_failure(e))
    }

    fn enter(&mut self) -> Result<(), Failure> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.depth += 1;
        Ok(())
    }

    /// Starts an object whose known keys are `fields` (sorted); returns the index of the
    /// first key in `fields` (`Some(None)` for a key not in it), or `None` if it is empty.
    pub fn first_field(
        &mut self,
        fields: &'static [&'static str],
    ) -> Result<Option<Option<usize>>, Failure> {
        self.enter()?;
        let key = match self.jiter.next_object_bytes() {
            Ok(key) => key.map(|key| lookup(fields, key, None)),
            Err(error) => return Err(self.jiter_failure(error)),
        };
        self.left_if_done(key.is_none());
        Ok(key)
    }

    /// The next key of the object, as [`Reader::first_field`] gives the first; `previous`
    /// is the index of the key before it, since Stripe sends keys in sorted order and the
    /// next field is then the first guess.
    pub fn next_field(
        &mut self,
        fields: &'static [&'static str],
        previous: Option<usize>,
    ) -> Result<Option<Option<usize>>, Failure> {
        let key = match self.jiter.next_key_bytes() {
            Ok(key) => key.map(|key| lookup(fields, key, previous)),
            Err(error) => return Err(self.jiter_failure(error)),
        };
        self.left_if_done(key.is_none());
        Ok(key)
    }

    /// Starts an object with free-form keys; returns the first key.
    pub fn first_key(&mut self) -> Result<Option<String>, Failure> {
        self.enter()?;
        let key = match self.jiter.next_object() {
            Ok(key) => key.map(str::to_owned),
            Err(error) => return Err(self.jiter_failure(error)),
        };
        self.left_if_done(key.is_none());
        Ok(key)
    }

    pub fn next_key(&mut self) -> Result<Option<String>, Failure> {
        let key = match self.jiter.next_key() {
            Ok(key) => key.map(str::to_owned),
            Err(error) => return Err(self.jiter_failure(error)),
        };
        self.left_if_done(key.is_none());
        Ok(key)
    }

    /// Starts an array; returns whether it has a first item.
    pub fn first_item(&mut self) -> Result<bool, Failure> {
        self.enter()?;
        let more = match self.jiter.next_array() {
            Ok(peek) => peek.is_some(),
            Err(error) => return Err(self.jiter_failure(error)),
        };
        self.left_if_done(!more);
        Ok(more)
    }

    /// Whether the array has another item.
    pub fn next_item(&mut self) -> Result<bool, Failure> {
        let more = match self.jiter.array_step() {
            Ok(peek) => peek.is_some(),
            Err(error) => return Err(self.jiter_failure(error)),
        };
        self.left_if_done(!more);
        Ok(more)
    }

    fn left_if_done(&mut self, done: bool) {
        if done {
            self.depth -= 1;
        }
    }

    /// Skips a value of any kind: what decoders do with keys they do not know.
    pub fn skip(&mut self) -> Result<(), Failure> {
        self.jiter.next_skip().map_err(|e| self.jiter_failure(e))
    }

    /// Passes over the next value, checking that it is well-formed JSON, and returns its
    /// text, to be looked at first and decoded after (see [`Reader::nested`]).
    pub fn raw(&mut self) -> Result<Raw<'j>, Failure> {
        self.jiter.peek().map_err(|e| self.jiter_failure(e))?;
        let start = self.jiter.current_index();
        self.skip()?;
        Ok(Raw {
            text: &self.data[start..self.jiter.current_index()],
            offset: self.base + start,
        })
    }

    /// The next value as untyped JSON. (`serde_json` reads it with `float_roundtrip`,
    /// enabled in the manifest, so floats come back exactly as sent.)
    pub fn json_value(&mut self) -> Result<serde_json::Value, Failure> {
        let raw = self.raw()?;
        serde_json::from_slice(raw.text)
            .map_err(|error| Failure::new(raw.offset, error.to_string()))
    }
}

/// The text of one JSON value, and where it starts in the whole input.
#[derive(Clone, Copy, Debug)]
pub struct Raw<'j> {
    pub text: &'j [u8],
    offset: usize,
}

/// The position of `key`, as sent (escapes not decoded), in the sorted `fields`: first
/// the field after `previous`, then a binary search. A key spelled with escapes
/// (`"\u0069d"`) is decoded first; no Stripe key needs that, so it costs nothing otherwise.
fn lookup(fields: &[&str], key: &[u8], previous: Option<usize>) -> Option<usize> {
    let guess = previous.map_or(0, |index| index + 1);
    if fields
        .get(guess)
        .is_some_and(|field| field.as_bytes() == key)
    {
        return Some(guess);
    }
    if key.contains(&b'\\') {
        let mut quoted = Vec::with_capacity(key.len() + 2);
        quoted.push(b'"');
        quoted.extend_from_slice(key);
        quoted.push(b'"');
        let decoded: String = serde_json::from_slice(&quoted).ok()?;
        return fields.binary_search(&decoded.as_str()).ok();
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
        let mut reader = Reader::new(br#"[ {"a": [1, 2]} , "x"]"#);
        assert!(reader.first_item().unwrap());
        let object = reader.raw().unwrap();
        assert_eq!(object.text, br#"{"a": [1, 2]}"#);
        assert_eq!(object.offset, 2);
        assert!(reader.next_item().unwrap());
        assert_eq!(reader.raw().unwrap().text, br#""x""#);
        assert!(!reader.next_item().unwrap());
        reader.finish().unwrap();
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        let mut reader = Reader::new(deep.as_bytes());
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
            let mut reader = Reader::new(text.as_bytes());
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
            let failure = Reader::new(text.as_bytes()).i64().unwrap_err();
            let error = failure.into_decode_error("i64", text.as_bytes());
            assert_eq!(error.message(), message, "{text}");
        }
    }

    fn json_value(text: &str) -> Result<serde_json::Value, Failure> {
        let mut reader = Reader::new(text.as_bytes());
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
        assert_eq!(lookup(&fields, b"id", Some(0)), Some(1));
        assert_eq!(lookup(&fields, b"id", None), Some(1));
        assert_eq!(lookup(&fields, b"amount", Some(2)), Some(0));
        assert_eq!(lookup(&fields, b"new_field", Some(0)), None);
        assert_eq!(lookup(&fields, br"\u0069d", None), Some(1));
    }
}
