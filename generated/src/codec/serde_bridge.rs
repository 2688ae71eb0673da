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
