//! Stripe's list objects: one page of a paginated collection.

use crate::codec::Encode;
#[cfg(feature = "serde")]
use crate::codec::{Decode, deserialize_via_json, serialize_via_json};

/// One page of a list, as Stripe sends it: `{"object": "list", "data": [...],
/// "has_more": false, "url": "/v1/..."}`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct List<T> {
    /// The items on this page.
    pub data: Vec<T>,
    /// Whether there are more items after this page.
    pub has_more: bool,
    /// Always `list`.
    pub object: String,
    /// The URL of the list, for fetching further pages.
    pub url: String,
    /// Members Stripe sent that a list has no field for, kept to be written back.
    pub unknown_fields: crate::UnknownFields,
}

/// An empty page with no more after it, whose `object` is `list`.
impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            data: Vec::new(),
            has_more: false,
            object: String::from(LIST_OBJECT),
            url: String::new(),
            unknown_fields: crate::UnknownFields::new(),
        }
    }
}

impl<T> List<T> {
    /// A page to decode into, which allocates nothing: decoding sets every field.
    pub(crate) fn unfilled() -> Self {
        List {
            data: Vec::new(),
            has_more: false,
            object: String::new(),
            url: String::new(),
            unknown_fields: crate::UnknownFields::new(),
        }
    }
}

/// The `object` of every list.
const LIST_OBJECT: &str = "list";

impl<T: Encode> List<T> {
    /// The page as JSON, as Stripe sent it.
    pub fn to_json_string(&self) -> String {
        crate::codec::encode(self)
    }
}

#[cfg(feature = "serde")]
impl<T: Encode> serde::Serialize for List<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_via_json(self, serializer)
    }
}

#[cfg(feature = "serde")]
impl<'de, T: Decode> serde::Deserialize<'de> for List<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_via_json(deserializer, "List")
    }
}
