//! Stripe's form encoding of request parameters, shared by every operation: nested
//! objects and lists become bracketed keys (`expand[0]=customer`,
//! `line_items[0][price]=price_1`), encoded byte for byte as Stripe's official SDKs do;
//! or, for an upload, the same keys as the parts of a `multipart/form-data` body.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::{Decimal, FileUpload, Timestamp};

/// Characters sent as they are; all others are percent-encoded. The official SDKs encode
/// like Python's `quote_plus`, which keeps these, then turn `%5B`/`%5D` back into `[`/`]`
/// so keys stay readable; Stripe accepts both.
const FORM_SAFE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

/// A parameter type that can be written as form fields.
pub trait FormEncode {
    /// Writes each field that is set, under `form`'s current key.
    fn encode_form(&self, form: &mut FormEncoder);
}

/// A value of a form field: a scalar, or a list, map or object of them.
pub trait FormValue {
    fn encode_value(&self, form: &mut FormEncoder);
}

/// Builds an `application/x-www-form-urlencoded` body or query string, or the parts of a
/// `multipart/form-data` body.
#[derive(Debug, Default)]
pub struct FormEncoder {
    out: String,
    /// The key of the value being written, such as `line_items[0][price]`.
    key: String,
    /// The parts written so far, when the form is a multipart body.
    parts: Option<Vec<Part>>,
}

/// One part of a `multipart/form-data` body: a field's bracketed key and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub value: PartValue,
}

/// What a part holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartValue {
    Text(String),
    File(FileUpload),
}

impl FormEncoder {
    pub fn new() -> Self {
        FormEncoder::default()
    }

    /// Encodes `params` as a complete body: `a=1&b[0]=x`, or empty when nothing is set.
    pub fn encode(params: &dyn FormEncode) -> String {
        let mut form = FormEncoder::new();
        params.encode_form(&mut form);
        form.out
    }

    /// Encodes `params` as the parts of a `multipart/form-data` body: a text part per
    /// field, under the key it has in a form (`file_link_data[create]`), and a file part
    /// per file.
    pub fn multipart(params: &dyn FormEncode) -> Vec<Part> {
        let mut form = FormEncoder {
            parts: Some(Vec::new()),
            ..FormEncoder::default()
        };
        params.encode_form(&mut form);
        form.parts.unwrap_or_default()
    }

    /// Writes the field `name` of the object being written.
    pub fn field(&mut self, name: &str, value: &dyn FormValue) {
        let start = self.key.len();
        if start == 0 {
            self.key.push_str(name);
        } else {
            self.key.push('[');
            self.key.push_str(name);
            self.key.push(']');
        }
        value.encode_value(self);
        self.key.truncate(start);
    }

    /// Writes the item at `index` of the list being written.
    fn item(&mut self, index: usize, value: &dyn FormValue) {
        let start = self.key.len();
        self.key.push('[');
        self.key.push_str(itoa::Buffer::new().format(index));
        self.key.push(']');
        value.encode_value(self);
        self.key.truncate(start);
    }

    /// Writes `key=value` for the current key.
    pub fn scalar(&mut self, value: &str) {
        match &mut self.parts {
            Some(parts) => parts.push(Part {
                name: self.key.clone(),
                value: PartValue::Text(value.to_owned()),
            }),
            None => push_pair(&mut self.out, &self.key, value),
        }
    }

    /// Writes a file for the current key: a file part of a multipart body. A form that
    /// is not multipart cannot carry a file, and gets its name, which is what a browser's
    /// form would send.
    pub fn file(&mut self, file: &FileUpload) {
        match &mut self.parts {
            Some(parts) => parts.push(Part {
                name: self.key.clone(),
                value: PartValue::File(file.clone()),
            }),
            None => push_pair(&mut self.out, &self.key, file.name()),
        }
    }
}

/// Appends the field `key=value` to the form `out`.
pub(crate) fn push_pair(out: &mut String, key: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    push_encoded(out, key);
    out.push('=');
    push_encoded(out, value);
}

/// Appends `text` form-encoded: spaces as `+`, brackets as they are.
fn push_encoded(out: &mut String, text: &str) {
    for chunk in utf8_percent_encode(text, FORM_SAFE) {
        match chunk {
            "%20" => out.push('+'),
            "%5B" => out.push('['),
            "%5D" => out.push(']'),
            other => out.push_str(other),
        }
    }
}

impl FormValue for String {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.scalar(self);
    }
}

impl FormValue for str {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.scalar(self);
    }
}

impl FormValue for i64 {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.scalar(itoa::Buffer::new().format(*self));
    }
}

impl FormValue for f64 {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.scalar(zmij::Buffer::new().format(*self));
    }
}

impl FormValue for bool {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.scalar(if *self { "true" } else { "false" });
    }
}

impl FormValue for Timestamp {
    fn encode_value(&self, form: &mut FormEncoder) {
        self.unix_seconds().encode_value(form);
    }
}

impl FormValue for Decimal {
    fn encode_value(&self, form: &mut FormEncoder) {
        form.scalar(self.as_str());
    }
}

/// An unset parameter is not sent at all.
impl<T: FormValue> FormValue for Option<T> {
    fn encode_value(&self, form: &mut FormEncoder) {
        if let Some(value) = self {
            value.encode_value(form);
        }
    }
}

/// Lists are indexed, as Stripe's SDKs send them: `expand[0]=a&expand[1]=b`.
impl<T: FormValue> FormValue for Vec<T> {
    fn encode_value(&self, form: &mut FormEncoder) {
        for (index, item) in self.iter().enumerate() {
            form.item(index, item);
        }
    }
}

impl<T: FormValue> FormValue for BTreeMap<String, T> {
    fn encode_value(&self, form: &mut FormEncoder) {
        for (key, value) in self {
            form.field(key, value);
        }
    }
}

impl<T: FormValue> FormValue for Box<T> {
    fn encode_value(&self, form: &mut FormEncoder) {
        (**self).encode_value(form);
    }
}

/// A free-form object (a parameter whose schema lists no properties) is sent as its
/// members, each under its key, as a map is; an empty one sends nothing, as Stripe's SDKs
/// send an empty hash.
impl FormValue for serde_json::Map<String, serde_json::Value> {
    fn encode_value(&self, form: &mut FormEncoder) {
        for (key, value) in self {
            form.field(key, value);
        }
    }
}

/// Untyped JSON in a request: objects and arrays bracketed as typed ones are, scalars as
/// their JSON text, and `null` as an empty value.
impl FormValue for serde_json::Value {
    fn encode_value(&self, form: &mut FormEncoder) {
        use serde_json::Value;
        match self {
            Value::Null => form.scalar(""),
            Value::Bool(value) => value.encode_value(form),
            Value::Number(number) => form.scalar(&number.to_string()),
            Value::String(text) => form.scalar(text),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    form.item(index, item);
                }
            }
            Value::Object(members) => members.encode_value(form),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item {
        price: String,
        quantity: Option<i64>,
    }

    impl FormValue for Item {
        fn encode_value(&self, form: &mut FormEncoder) {
            form.field("price", &self.price);
            form.field("quantity", &self.quantity);
        }
    }

    struct Params {
        expand: Option<Vec<String>>,
        line_items: Vec<Item>,
        metadata: BTreeMap<String, String>,
        note: Option<String>,
        livemode: bool,
    }

    impl FormEncode for Params {
        fn encode_form(&self, form: &mut FormEncoder) {
            form.field("expand", &self.expand);
            form.field("line_items", &self.line_items);
            form.field("metadata", &self.metadata);
            form.field("note", &self.note);
            form.field("livemode", &self.livemode);
        }
    }

    #[test]
    fn nested_lists_maps_and_objects_use_bracketed_keys() {
        let params = Params {
            expand: Some(vec!["line_items".into(), "customer".into()]),
            line_items: vec![
                Item {
                    price: "price_1".into(),
                    quantity: Some(2),
                },
                Item {
                    price: "price_2".into(),
                    quantity: None,
                },
            ],
            metadata: BTreeMap::from([("order id".to_owned(), "a&b=c".to_owned())]),
            note: None,
            livemode: false,
        };
        assert_eq!(
            FormEncoder::encode(&params),
            "expand[0]=line_items&expand[1]=customer\
             &line_items[0][price]=price_1&line_items[0][quantity]=2\
             &line_items[1][price]=price_2\
             &metadata[order+id]=a%26b%3Dc&livemode=false"
        );
    }

    #[test]
    fn untyped_json_is_bracketed_like_typed_values() {
        let value = serde_json::json!({
            "empty": {},
            "options": {"a b": [1, 2.5, true], "none": null, "text": "x&y"},
        });
        let mut form = FormEncoder::new();
        form.field("data", &value);
        assert_eq!(
            form.out,
            "data[options][a+b][0]=1&data[options][a+b][1]=2.5&data[options][a+b][2]=true\
             &data[options][none]=&data[options][text]=x%26y"
        );
    }

    #[test]
    fn values_encode_like_pythons_quote_plus() {
        let mut out = String::new();
        push_encoded(&mut out, "a b~c*d/é[0]_.-");
        assert_eq!(out, "a+b~c%2Ad%2F%C3%A9[0]_.-");
    }

    #[test]
    fn a_multipart_form_has_a_part_per_field_and_per_file() {
        struct Upload {
            file: FileUpload,
            expand: Vec<String>,
            link: BTreeMap<String, bool>,
        }
        impl FormEncode for Upload {
            fn encode_form(&self, form: &mut FormEncoder) {
                form.field("expand", &self.expand);
                form.field("file", &self.file);
                form.field("file_link_data", &self.link);
            }
        }
        let file = FileUpload::new("a b.png", vec![0, 159, 146, 150]).content_type("image/png");
        let upload = Upload {
            file: file.clone(),
            expand: vec!["links".into()],
            link: BTreeMap::from([("create".to_owned(), true)]),
        };
        let text = |name: &str, value: &str| Part {
            name: name.to_owned(),
            value: PartValue::Text(value.to_owned()),
        };
        assert_eq!(
            FormEncoder::multipart(&upload),
            [
                text("expand[0]", "links"),
                Part {
                    name: "file".to_owned(),
                    value: PartValue::File(file),
                },
                text("file_link_data[create]", "true"),
            ]
        );
    }

    #[test]
    fn nothing_set_encodes_to_an_empty_body() {
        let params = Params {
            expand: None,
            line_items: Vec::new(),
            metadata: BTreeMap::new(),
            note: None,
            livemode: true,
        };
        assert_eq!(FormEncoder::encode(&params), "livemode=true");
    }
}
