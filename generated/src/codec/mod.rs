//! The JSON codec of every generated type: decoding and encoding without generics over
//! formats, so each type's code is compiled once, in this crate. Generated code calls
//! what is here; none of it is public API.

mod enum_value;
mod failure;
mod fields;
mod impls;
mod object;
mod reader;
#[cfg(feature = "serde")]
mod serde_bridge;
mod spelling;
mod text;
mod union;
mod writer;

pub use enum_value::EnumValue;
pub use failure::Failure;
pub use fields::Fields;
pub use object::{ObjectFields, ObjectShape, decode_object, fill, fill_optional, keep_unknown};
pub use reader::{MAX_DEPTH, Raw, Reader};
#[cfg(feature = "serde")]
pub use serde_bridge::{deserialize_via_json, serialize_via_json};
pub use spelling::{emits_nullable, emits_optional};
pub use union::{TagValue, VariantShape, select_variant};
pub use writer::{ArrayWriter, ObjectWriter, Writer};

use crate::DecodeError;

/// A type that can be read from JSON.
pub trait Decode: Sized {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure>;
}

/// A type that can be written as JSON.
pub trait Encode {
    fn encode(&self, writer: &mut Writer);
}

/// Decodes a whole document as `T`; `target` names `T` in errors.
pub fn decode_slice<T: Decode>(json: &[u8], target: &'static str) -> Result<T, DecodeError> {
    match std::str::from_utf8(json) {
        Ok(text) => decode_str(text, target),
        Err(error) => {
            Err(Failure::new(error.valid_up_to(), "invalid UTF-8").into_decode_error(target, json))
        }
    }
}

/// Decodes a whole document as `T`, as [`decode_slice`] does.
pub fn decode_str<T: Decode>(json: &str, target: &'static str) -> Result<T, DecodeError> {
    let mut reader = Reader::new(json);
    let failure = match T::decode(&mut reader) {
        Ok(value) => match reader.finish() {
            Ok(()) => return Ok(value),
            Err(failure) => failure,
        },
        Err(failure) => failure,
    };
    Err(failure.into_decode_error(target, json.as_bytes()))
}

/// Formats `value` for `Debug` as its JSON with each object named by its type
/// (`Address {"city":"Berlin",..}`), indented for `{:#?}`.
pub fn debug_as_json(f: &mut std::fmt::Formatter<'_>, value: &dyn Encode) -> std::fmt::Result {
    let mut writer = Writer::labelled();
    value.encode(&mut writer);
    let text = writer.into_string();
    if f.alternate() {
        f.write_str(&indent(&text))
    } else {
        f.write_str(&text)
    }
}

/// Spreads compact labelled JSON over lines, one member per line, as `{:#?}` does.
fn indent(compact: &str) -> String {
    const INDENT: &str = "    ";
    let mut out = String::with_capacity(compact.len() * 2);
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(INDENT);
        }
    };
    while let Some(c) = chars.next() {
        out.push(c);
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => {
                // An empty object or array stays on one line.
                if let Some(&close @ ('}' | ']')) = chars.peek() {
                    out.push(close);
                    chars.next();
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                out.pop();
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => newline(&mut out, depth),
            ':' => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Encodes `value` as compact JSON. Called, not inlined, into every type's
/// `to_json_string`.
#[inline(never)]
pub fn encode(value: &dyn Encode) -> String {
    let mut writer = Writer::new();
    value.encode(&mut writer);
    writer.into_string()
}

/// Marks field `index` as seen; `false` if it was seen before.
fn mark_seen(seen: &mut [u64], index: usize) -> bool {
    let (word, bit) = (index / 64, 1 << (index % 64));
    let fresh = seen[word] & bit == 0;
    seen[word] |= bit;
    fresh
}

#[cfg(test)]
mod tests {
    use super::{decode_slice, indent};

    #[test]
    fn a_document_that_is_not_utf8_is_refused_where_it_stops_being_so() {
        let error = decode_slice::<String>(b"\"ab\xff\"", "String").unwrap_err();
        assert_eq!(error.message(), "invalid UTF-8");
        assert_eq!((error.line(), error.column()), (1, 4));
        assert_eq!(
            decode_slice::<String>("\"é\"".as_bytes(), "String"),
            Ok("é".to_owned())
        );
    }

    #[test]
    fn indents_members_and_leaves_strings_alone() {
        let compact = r#"Outer {"a":[1,2],"b":Inner {},"c":"x,{\"y\":[]}","d":[]}"#;
        let expected = r#"Outer {
    "a": [
        1,
        2
    ],
    "b": Inner {},
    "c": "x,{\"y\":[]}",
    "d": []
}"#;
        assert_eq!(indent(compact), expected);
    }
}
