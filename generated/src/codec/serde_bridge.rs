//! `serde` support for every generated type, by way of JSON: what a `Serializer` sees is
//! exactly the JSON the type encodes to. The per-type code is a call into here, so serde
//! support costs the crate almost no compile time; this crate's own decoding never uses it.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{Decode, Encode, decode_slice, encode};

/// Serializes `value` as the JSON value it encodes to.
pub fn serialize_via_json<T: Encode, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let json = to_json_value(&encode(value)).map_err(serde::ser::Error::custom)?;
    serde::Serialize::serialize(&json, serializer)
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
    decode_slice(text.as_bytes(), target).map_err(serde::de::Error::custom)
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
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Cow::Borrowed("{}"));
        };
        if first == RAW_JSON {
            return map.next_value_seed(RawText);
        }
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
}
