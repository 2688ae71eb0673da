//! Writes compact JSON for generated encoders: the same text `serde_json` writes for the
//! same values, so a decoded value encodes back to JSON equal to its input.

use crate::UnknownFields;

/// A growing JSON document.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    /// Whether objects of generated types are written as `TypeName {..}`, for `Debug`.
    labels: bool,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    /// A writer for `Debug` text: JSON, except that each object of a generated type is
    /// preceded by its type's name, so a reader sees which union variant was chosen.
    pub fn labelled() -> Self {
        Writer {
            out: String::new(),
            labels: true,
        }
    }

    pub fn into_string(self) -> String {
        self.out
    }

    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    pub fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    pub fn i64(&mut self, value: i64) {
        self.out.push_str(itoa::Buffer::new().format(value));
    }

    /// A float in its shortest exact form (`1.5`, `25.0`); JSON has no NaN or infinity, so
    /// those are written as `null`, as `serde_json` does.
    pub fn f64(&mut self, value: f64) {
        if value.is_finite() {
            self.out.push_str(zmij::Buffer::new().format_finite(value));
        } else {
            self.null();
        }
    }

    pub fn string(&mut self, value: &str) {
        self.out.push('"');
        let mut start = 0;
        for (i, byte) in value.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0x00..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&value[start..i]);
            if escape.is_empty() {
                self.out.push_str(&format!("\\u{byte:04x}"));
            } else {
                self.out.push_str(escape);
            }
            start = i + 1;
        }
        self.out.push_str(&value[start..]);
        self.out.push('"');
    }

    /// JSON text that is already valid, copied as is.
    pub fn raw(&mut self, json: &str) {
        self.out.push_str(json);
    }

    /// An object of the generated type `type_name`, with the members it kept that it has
    /// no field for, each written before the first field whose name sorts after it; the
    /// name shows only in `Debug` text.
    /// Called, not inlined, into every type's encoder.
    #[inline(never)]
    pub fn typed_object<'w>(
        &'w mut self,
        type_name: &str,
        unknown: &'w UnknownFields,
    ) -> ObjectWriter<'w> {
        if self.labels {
            self.out.push_str(type_name);
            self.out.push(' ');
        }
        let mut object = self.object();
        if !unknown.is_empty() {
            object.unknown = Some(unknown);
        }
        object
    }

    pub fn object(&mut self) -> ObjectWriter<'_> {
        self.out.push('{');
        ObjectWriter {
            writer: self,
            empty: true,
            unknown: None,
            next_unknown: 0,
        }
    }

    pub fn array(&mut self) -> ArrayWriter<'_> {
        self.out.push('[');
        ArrayWriter {
            writer: self,
            empty: true,
        }
    }
}

/// An object being written; [`ObjectWriter::end`] closes it.
#[derive(Debug)]
pub struct ObjectWriter<'w> {
    writer: &'w mut Writer,
    empty: bool,
    /// Members kept from decoding, to be written in name order among the fields; none
    /// when there are none.
    unknown: Option<&'w UnknownFields>,
    /// The first of them not written yet.
    next_unknown: usize,
}

impl ObjectWriter<'_> {
    /// Writes the key, for the caller to write its value with the returned writer.
    pub fn key(&mut self, name: &str) -> &mut Writer {
        if self.unknown.is_some() {
            self.unknown_before(Some(name));
        }
        self.member_key(name)
    }

    fn member_key(&mut self, name: &str) -> &mut Writer {
        if !std::mem::replace(&mut self.empty, false) {
            self.writer.out.push(',');
        }
        self.writer.string(name);
        self.writer.out.push(':');
        self.writer
    }

    /// Writes the kept members whose names sort before `name` (all, for `None`).
    #[cold]
    fn unknown_before(&mut self, name: Option<&str>) {
        let Some(unknown) = self.unknown else {
            return;
        };
        while let Some((key, json)) = unknown.member(self.next_unknown) {
            if name.is_some_and(|name| key >= name) {
                return;
            }
            self.member_key(key).raw(json);
            self.next_unknown += 1;
        }
        self.unknown = None;
    }

    /// Writes a member. One copy for every field type: the value comes as a trait object,
    /// since generic copies of this, one per field type, were a tenth of the crate's
    /// machine code.
    #[inline(never)]
    pub fn field(&mut self, name: &str, value: &dyn super::Encode) {
        value.encode(self.key(name));
    }

    /// Closes the object, after the kept members still to be written. Called, not
    /// inlined, into every type's encoder.
    #[inline(never)]
    pub fn end(mut self) {
        if self.unknown.is_some() {
            self.unknown_before(None);
        }
        self.writer.out.push('}');
    }
}

/// An array being written; [`ArrayWriter::end`] closes it.
#[derive(Debug)]
pub struct ArrayWriter<'w> {
    writer: &'w mut Writer,
    empty: bool,
}

impl ArrayWriter<'_> {
    /// The writer for the next item.
    pub fn item(&mut self) -> &mut Writer {
        if !std::mem::replace(&mut self.empty, false) {
            self.writer.out.push(',');
        }
        self.writer
    }

    pub fn end(self) {
        self.writer.out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_like_serde_json() {
        for text in [
            "plain",
            "q\"uote\\",
            "tab\tnl\n\u{1}\u{1f}",
            "ünïcödé ✓",
            "</script>",
        ] {
            let mut writer = Writer::new();
            writer.string(text);
            assert_eq!(writer.into_string(), serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn numbers_write_like_serde_json() {
        for value in [0.0, 25.0, 1.5, -0.000123, 1e300, 0.1 + 0.2] {
            let mut writer = Writer::new();
            writer.f64(value);
            assert_eq!(writer.into_string(), serde_json::to_string(&value).unwrap());
        }
        let mut writer = Writer::new();
        writer.i64(i64::MIN);
        assert_eq!(writer.into_string(), i64::MIN.to_string());
    }

    #[test]
    fn objects_and_arrays_place_commas() {
        let mut writer = Writer::new();
        let mut object = writer.object();
        object.key("a").i64(1);
        let mut items = object.key("b").array();
        items.item().bool(true);
        items.item().null();
        items.end();
        object.end();
        assert_eq!(writer.into_string(), r#"{"a":1,"b":[true,null]}"#);
    }

    #[test]
    fn kept_members_go_where_their_names_sort_among_the_fields() {
        let mut unknown = UnknownFields::new();
        for (name, json) in [("a", "1"), ("m", "[2]"), ("n", "{}"), ("z", "null")] {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            unknown.insert(name, &value);
        }
        let mut writer = Writer::new();
        let mut object = writer.typed_object("T", &unknown);
        object.key("b").i64(0);
        object.key("x").bool(true);
        object.end();
        assert_eq!(
            writer.into_string(),
            r#"{"a":1,"b":0,"m":[2],"n":{},"x":true,"z":null}"#
        );
        let mut writer = Writer::new();
        writer.typed_object("T", &unknown).end();
        assert_eq!(writer.into_string(), r#"{"a":1,"m":[2],"n":{},"z":null}"#);
    }

    #[test]
    fn type_names_show_only_in_labelled_text() {
        for (mut writer, expected) in [
            (Writer::new(), r#"{"a":{}}"#),
            (Writer::labelled(), r#"Outer {"a":Inner {}}"#),
        ] {
            let none = UnknownFields::new();
            let mut object = writer.typed_object("Outer", &none);
            object.key("a").typed_object("Inner", &none).end();
            object.end();
            assert_eq!(writer.into_string(), expected);
        }
    }
}
