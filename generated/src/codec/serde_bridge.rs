//! `serde` support for every generated type, by way of JSON: what a `Serializer` sees is
//! exactly the JSON the type encodes to. The per-type code is a call into here, so serde
//! support costs the crate almost no compile time; this crate's own decoding never uses it.

use super::{Decode, Encode, decode_slice, encode};

/// Serializes `value` as the JSON value it encodes to.
pub fn serialize_via_json<T: Encode, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let json = to_json_value(&encode(value)).map_err(serde::ser::Error::custom)?;
    serde::Serialize::serialize(&json, serializer)
}

/// Deserializes any self-describing input as JSON, then decodes it as `T`.
pub fn deserialize_via_json<'de, T: Decode, D: serde::Deserializer<'de>>(
    deserializer: D,
    target: &'static str,
) -> Result<T, D::Error> {
    let json: serde_json::Value = serde::Deserialize::deserialize(deserializer)?;
    decode_slice(json.to_string().as_bytes(), target).map_err(serde::de::Error::custom)
}

fn to_json_value(json: &str) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(json)
}
