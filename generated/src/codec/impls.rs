//! How the building blocks of generated types are read and written: scalars, options,
//! lists, maps, untyped JSON, and this crate's own wrappers.

use std::collections::BTreeMap;

use super::{
    Decode, Encode, Failure, Fields, ObjectFields, ObjectShape, Reader, Writer, decode_object,
    fill, keep_unknown,
};
use crate::{Decimal, List, Timestamp, UnknownFields};

impl Decode for String {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        reader.string()
    }
}

impl Encode for String {
    fn encode(&self, writer: &mut Writer) {
        writer.string(self);
    }
}

impl Encode for str {
    fn encode(&self, writer: &mut Writer) {
        writer.string(self);
    }
}

impl Decode for i64 {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        reader.i64()
    }
}

impl Encode for i64 {
    fn encode(&self, writer: &mut Writer) {
        writer.i64(*self);
    }
}

impl Decode for f64 {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        reader.f64()
    }
}

impl Encode for f64 {
    fn encode(&self, writer: &mut Writer) {
        writer.f64(*self);
    }
}

impl Decode for bool {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        reader.bool()
    }
}

impl Encode for bool {
    fn encode(&self, writer: &mut Writer) {
        writer.bool(*self);
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        match reader.null() {
            Ok(true) => Ok(None),
            Ok(false) => match T::decode(reader) {
                Ok(value) => Ok(Some(value)),
                Err(failure) => Err(failure),
            },
            Err(failure) => Err(failure),
        }
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, writer: &mut Writer) {
        match self {
            Some(value) => value.encode(writer),
            None => writer.null(),
        }
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        T::decode(reader).map(Box::new)
    }
}

impl<T: Encode + ?Sized> Encode for Box<T> {
    fn encode(&self, writer: &mut Writer) {
        (**self).encode(writer);
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        let mut items = Vec::new();
        let mut more = reader.first_item()?;
        while more {
            let item = T::decode(reader).map_err(|failure| failure.in_item(items.len()))?;
            items.push(item);
            more = reader.next_item()?;
        }
        Ok(items)
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, writer: &mut Writer) {
        let mut array = writer.array();
        for item in self {
            item.encode(array.item());
        }
        array.end();
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        let mut map = BTreeMap::new();
        let mut key = reader.first_key()?;
        while let Some(name) = key {
            let value = T::decode(reader).map_err(|failure| failure.in_key(&name))?;
            if map.insert(name.into_owned(), value).is_some() {
                return Err(reader.fail("duplicate key in map"));
            }
            key = reader.next_key()?;
        }
        Ok(map)
    }
}

impl<T: Encode> Encode for BTreeMap<String, T> {
    fn encode(&self, writer: &mut Writer) {
        let mut object = writer.object();
        for (key, value) in self {
            object.field(key, value);
        }
        object.end();
    }
}

impl Decode for serde_json::Value {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        reader.json_value()
    }
}

impl Encode for serde_json::Value {
    fn encode(&self, writer: &mut Writer) {
        writer.raw(&self.to_string());
    }
}

impl Decode for serde_json::Map<String, serde_json::Value> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        match reader.json_value()? {
            serde_json::Value::Object(map) => Ok(map),
            _ => Err(reader.fail("expected object")),
        }
    }
}

impl Encode for serde_json::Map<String, serde_json::Value> {
    fn encode(&self, writer: &mut Writer) {
        let mut object = writer.object();
        for (key, value) in self {
            object.field(key, value);
        }
        object.end();
    }
}

impl Decode for Timestamp {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        reader.i64().map(Timestamp::from_unix_seconds)
    }
}

impl Encode for Timestamp {
    fn encode(&self, writer: &mut Writer) {
        writer.i64(self.unix_seconds());
    }
}

impl Decode for Decimal {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        reader.with_str(Decimal::from_digits)
    }
}

impl Encode for Decimal {
    fn encode(&self, writer: &mut Writer) {
        writer.string(self.as_str());
    }
}

/// The properties of a list, sorted.
const LIST_FIELDS: Fields = Fields::new(&["data", "has_more", "object", "url"]);

/// A list's fields, every one required.
const LIST_SHAPE: ObjectShape = ObjectShape::new(&LIST_FIELDS, "list", &[0, 1, 2, 3], &[], &[]);

impl<T: Decode> Decode for List<T> {
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        let mut list = List::unfilled();
        decode_object(reader, &mut list, &LIST_SHAPE)?;
        Ok(list)
    }
}

impl<T: Decode> ObjectFields for List<T> {
    fn fill_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Failure> {
        match index {
            0 => fill(reader, &mut self.data),
            1 => fill(reader, &mut self.has_more),
            2 => fill(reader, &mut self.object),
            3 => fill(reader, &mut self.url),
            _ => keep_unknown(reader, &mut self.unknown_fields),
        }
    }

    fn unknown_fields(&mut self) -> &mut UnknownFields {
        &mut self.unknown_fields
    }
}

impl<T: Encode> Encode for List<T> {
    fn encode(&self, writer: &mut Writer) {
        let mut object = writer.typed_object("List", &self.unknown_fields);
        object.field("data", &self.data);
        object.field("has_more", &self.has_more);
        object.field("object", &self.object);
        object.field("url", &self.url);
        object.end();
    }
}
