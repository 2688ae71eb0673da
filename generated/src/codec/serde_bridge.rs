//! `serde` support for every generated type, by way of JSON: what a `Serializer` sees is
//! exactly the JSON the type encodes to. The per-type code is a call into here, so serde
//! support costs the crate almost no compile time; this crate's own decoding never uses it.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;

use super::{Decode, Encode, decode_str, encode};

/// Serializes `value` as the JSON value it encodes to. Into serde_json's compact writer
/// (`serde_json::to_string`, `to_vec`, `to_writer`) the encoded text goes as it is, as
/// serde_json writes its own `RawValue`; any other serializer is handed the JSON as a
/// `serde_json::Value`.
pub fn serialize_via_json<T: Encode, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let json = encode(value);
    if writes_compact_json::<S>() {
        let mut raw = serializer.serialize_struct(RAW_JSON, 1)?;
        raw.serialize_field(RAW_JSON, &json)?;
        return raw.end();
    }
    let json = to_json_value(&json).map_err(serde::ser::Error::custom)?;
    serde::Serialize::serialize(&json, serializer)
}

/// Whether `S` is serde_json's writer with its compact formatter, the one serializer
/// that takes raw JSON text for a struct named [`RAW_JSON`] and writes it unchanged. Told
/// by the type's name, since serde offers no other way to ask: should a compiler ever
/// name it differently, serializing takes the general route, which writes the same JSON
/// more slowly. A test pins the names this crate expects.
fn writes_compact_json<S>() -> bool {
    let name = std::any::type_name::<S>();
    let Some(arguments) = name
        .strip_prefix("&mut serde_json::ser::Serializer<")
        .and_then(|rest| rest.strip_suffix('>'))
    else {
        return false;
    };
    // The writer, then the formatter unless it is the default, `CompactFormatter`.
    let mut depth = 0usize;
    let formatter = arguments.char_indices().find_map(|(at, c)| {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => return Some(arguments[at + 1..].trim()),
            _ => {}
        }
        None
    });
    formatter.is_none_or(|formatter| formatter == "serde_json::ser::CompactFormatter")
}

/// The name under which serde_json hands a value over as its raw text (what its
/// `RawValue` asks for): serde_json answers with one map entry, this name and the text,
/// borrowed from the input when it can be; any other format sees a newtype struct, or
/// forwards the request to `deserialize_any`.
const RAW_JSON: &str = "$serde_json::private::RawValue";

/// Deserializes `T` from any self-describing input: serde_json hands over the value's
/// text as it is, which the crate's decoder reads directly; any other format is read
/// into a `serde_json::Value` first, whose text the decoder then reads. Nothing here
/// depends on `T`, so a user's crate compiles it once per input format, not per type.
pub fn deserialize_via_json<'de, T: Decode, D: serde::Deserializer<'de>>(
    deserializer: D,
    target: &'static str,
) -> Result<T, D::Error> {
    let text = deserializer.deserialize_newtype_struct(RAW_JSON, JsonText)?;
    decode_str(&text, target).map_err(serde::de::Error::custom)
}

/// The JSON text of a value, whichever way the input format offers it.
struct JsonText;

impl JsonText {
    fn of<E: serde::de::Error>(value: &serde_json::Value) -> Result<Cow<'static, str>, E> {
        serde_json::to_string(value)
            .map(Cow::Owned)
            .map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for JsonText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    /// serde_json's raw text, or an object of a format that reads newtype structs as
    /// what they hold.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let first = match map.next_key_seed(ReadFirstKey)? {
            None => return Ok(Cow::Borrowed("{}")),
            Some(FirstKey::Raw) => return map.next_value_seed(RawText),
            Some(FirstKey::Other(first)) => first,
        };
        let mut object = serde_json::Map::new();
        object.insert(first, map.next_value()?);
        while let Some((key, value)) = map.next_entry()? {
            object.insert(key, value);
        }
        JsonText::of(&serde_json::Value::Object(object))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        JsonText::of(&serde_json::Value::deserialize(deserializer)?)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.visit_newtype_struct(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<serde_json::Value>()? {
            items.push(item);
        }
        JsonText::of(&serde_json::Value::Array(items))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        JsonText::of(&serde_json::Value::from(value))
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Self::Value, E> {
        JsonText::of(&serde_json::Value::from(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
        JsonText::of(&serde_json::Value::from(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        JsonText::of(&serde_json::Value::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Self::Value, E> {
        JsonText::of(&serde_json::Value::from(value))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed("null"))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed("null"))
    }
}

/// The first key of a map: serde_json's name for raw text, told apart without copying
/// it, or any other key.
enum FirstKey {
    Raw,
    Other(String),
}

/// Reads a [`FirstKey`].
struct ReadFirstKey;

impl<'de> DeserializeSeed<'de> for ReadFirstKey {
    type Value = FirstKey;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for ReadFirstKey {
    type Value = FirstKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(match key {
            RAW_JSON => FirstKey::Raw,
            other => FirstKey::Other(other.to_owned()),
        })
    }

    fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Self::Value, E> {
        Ok(match key.as_str() {
            RAW_JSON => FirstKey::Raw,
            _ => FirstKey::Other(key),
        })
    }
}

/// serde_json's raw text: borrowed from the input when it is in memory (`from_slice`,
/// `from_str`), owned when it was read (`from_reader`).
struct RawText;

impl<'de> DeserializeSeed<'de> for RawText {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawText {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON text")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}

/// The JSON this crate wrote, as a value; floats keep every digit, as `serde_json` reads
/// them with `float_roundtrip`.
fn to_json_value(json: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializing_keeps_every_float_exactly() {
        let float: f64 = 2.291712365432881e-9;
        let value = serde_json::json!({"amount": float, "items": [float]});
        let serialized = serialize_via_json(&value, serde_json::value::Serializer).unwrap();
        assert_eq!(
            serialized["amount"].as_f64().map(f64::to_bits),
            Some(float.to_bits())
        );
        assert_eq!(serialized, value);
    }

    #[test]
    fn raw_text_goes_to_serde_json_compact_writer_alone() {
        type Compact<'a> = &'a mut serde_json::Serializer<Vec<u8>>;
        type Pretty<'a> =
            &'a mut serde_json::Serializer<Vec<u8>, serde_json::ser::PrettyFormatter<'a>>;
        assert!(writes_compact_json::<Compact<'_>>());
        assert!(!writes_compact_json::<Pretty<'_>>());
        assert!(!writes_compact_json::<serde_json::value::Serializer>());
    }

    #[test]
    fn every_writer_gets_the_same_json() {
        let value = serde_json::json!({"a": [1, 2.5, null, "x\"y"], "b": {"c": true}});
        let compact = serde_json::to_string(&Wrapped(&value)).unwrap();
        assert_eq!(compact, value.to_string());
        let mut bytes = Vec::new();
        serde_json::to_writer(&mut bytes, &Wrapped(&value)).unwrap();
        assert_eq!(bytes, compact.as_bytes());
        let pretty = serde_json::to_string_pretty(&Wrapped(&value)).unwrap();
        assert_eq!(pretty, serde_json::to_string_pretty(&value).unwrap());
        let nested = serde_json::to_string(&[Wrapped(&value)]).unwrap();
        assert_eq!(nested, format!("[{compact}]"));
    }

    /// A value serialized through this module, as every generated type is.
    struct Wrapped<'a>(&'a serde_json::Value);

    impl serde::Serialize for Wrapped<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_via_json(self.0, serializer)
        }
    }
}
