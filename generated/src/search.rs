//! Stripe's search results: one page of the objects a search query matched.

use crate::UnknownFields;
use crate::codec::{
    Decode, Encode, Failure, Fields, ObjectFields, ObjectShape, Reader, Writer, decode_object,
    emits_nullable, emits_optional, fill, fill_optional, keep_unknown,
};
#[cfg(feature = "serde")]
use crate::codec::{deserialize_via_json, serialize_via_json};

/// One page of search results, as Stripe sends it: `{"object": "search_result", "data":
/// [...], "has_more": true, "next_page": "...", "url": "/v1/customers/search"}`, with
/// `total_count` when the request expanded it. The next page is asked for with `page`
/// set to `next_page`; a search operation's `search_stream` does that.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SearchResult<T> {
    /// The objects on this page.
    pub data: Vec<T>,
    /// Whether more objects match after this page.
    pub has_more: bool,
    /// The token that asks for the next page, when there is one.
    pub next_page: Option<String>,
    /// Always `search_result`.
    pub object: String,
    /// How many objects match in all (accurate up to 10,000), when the request expanded
    /// `total_count`.
    pub total_count: Option<i64>,
    /// The URL of the search.
    pub url: String,
    /// Members Stripe sent that a search result has no field for, kept to be written
    /// back (with how its unset fields were spelled).
    pub unknown_fields: UnknownFields,
}

/// The `object` of every search result.
const SEARCH_RESULT_OBJECT: &str = "search_result";

/// The properties of a search result, sorted.
const SEARCH_FIELDS: Fields = Fields::new(&[
    "data",
    "has_more",
    "next_page",
    "object",
    "total_count",
    "url",
]);

/// The spelling bits: `next_page` is nullable (absent is odd), `total_count` optional
/// (`null` is odd).
const NEXT_PAGE_SPELLING: usize = 0;
const TOTAL_COUNT_SPELLING: usize = 1;

/// An empty last page, whose `object` is `search_result`.
impl<T> Default for SearchResult<T> {
    fn default() -> Self {
        SearchResult {
            object: String::from(SEARCH_RESULT_OBJECT),
            ..SearchResult::unfilled()
        }
    }
}

impl<T> SearchResult<T> {
    /// A page to decode into, which allocates nothing: decoding sets every field.
    fn unfilled() -> Self {
        SearchResult {
            data: Vec::new(),
            has_more: false,
            next_page: None,
            object: String::new(),
            total_count: None,
            url: String::new(),
            unknown_fields: UnknownFields::new(),
        }
    }
}

impl<T: Encode> SearchResult<T> {
    /// The page as JSON, as Stripe sent it.
    pub fn to_json_string(&self) -> String {
        crate::codec::encode(self)
    }
}

/// A page's fields: `next_page` is nullable, `total_count` optional.
const SEARCH_SHAPE: ObjectShape =
    ObjectShape::new(&SEARCH_FIELDS, "search_result", &[0, 1, 3, 5], &[2], &[4]);

impl<T: Decode> Decode for SearchResult<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        let mut page = SearchResult::unfilled();
        decode_object(reader, &mut page, &SEARCH_SHAPE)?;
        Ok(page)
    }
}

impl<T: Decode> ObjectFields for SearchResult<T> {
    fn fill_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Failure> {
        match index {
            0 => fill(reader, &mut self.data),
            1 => fill(reader, &mut self.has_more),
            2 => fill_optional(reader, &mut self.next_page),
            3 => fill(reader, &mut self.object),
            4 => fill_optional(reader, &mut self.total_count),
            5 => fill(reader, &mut self.url),
            _ => keep_unknown(reader, &mut self.unknown_fields),
        }
    }

    fn unknown_fields(&mut self) -> &mut UnknownFields {
        &mut self.unknown_fields
    }

    fn is_unset(&self, index: usize) -> bool {
        index == 4 && self.total_count.is_none()
    }
}

impl<T: Encode> Encode for SearchResult<T> {
    fn encode(&self, writer: &mut Writer) {
        let mut object = writer.typed_object("SearchResult", &self.unknown_fields);
        object.field("data", &self.data);
        object.field("has_more", &self.has_more);
        let kept = &self.unknown_fields;
        if emits_nullable(kept, NEXT_PAGE_SPELLING, self.next_page.is_some()) {
            object.field("next_page", &self.next_page);
        }
        object.field("object", &self.object);
        if emits_optional(kept, TOTAL_COUNT_SPELLING, self.total_count.is_some()) {
            object.field("total_count", &self.total_count);
        }
        object.field("url", &self.url);
        object.end();
    }
}

#[cfg(feature = "serde")]
impl<T: Encode> serde::Serialize for SearchResult<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_via_json(self, serializer)
    }
}

#[cfg(feature = "serde")]
impl<'de, T: Decode> serde::Deserialize<'de> for SearchResult<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_via_json(deserializer, "SearchResult")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::decode_str;

    #[test]
    fn a_page_of_results_round_trips_with_every_spelling() {
        for json in [
            r#"{"data":["a","b"],"has_more":true,"next_page":"tok_2","object":"search_result","url":"/v1/customers/search"}"#,
            r#"{"data":[],"has_more":false,"next_page":null,"object":"search_result","total_count":0,"url":"/v1/charges/search"}"#,
            r#"{"data":[],"has_more":false,"object":"search_result","total_count":null,"url":"/u"}"#,
            r#"{"data":[],"extra":{"x":1},"has_more":false,"next_page":null,"object":"search_result","url":"/u"}"#,
        ] {
            let page: SearchResult<String> = decode_str(json, "SearchResult").unwrap();
            assert_eq!(page.to_json_string(), json);
        }
        let page: SearchResult<String> = decode_str(
            r#"{"object":"search_result","data":["a"],"has_more":true,"next_page":"t","url":"/u"}"#,
            "SearchResult",
        )
        .unwrap();
        assert_eq!(page.next_page.as_deref(), Some("t"));
        assert_eq!(page.data, ["a"]);
        let missing = decode_str::<SearchResult<String>>(r#"{"data":[]}"#, "SearchResult");
        assert!(missing.is_err());
    }
}
