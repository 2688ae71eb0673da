//! Expandable fields: Stripe sends an object's id, or the whole object when the request
//! asked to expand the field.

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::panic::{RefUnwindSafe, UnwindSafe};

use crate::codec::{Decode, Encode, Failure, Reader, Writer, decode_slice, encode};
#[cfg(feature = "serde")]
use crate::codec::{deserialize_via_json, serialize_via_json};

/// An object that has an id.
pub trait HasId {
    /// The object's id, such as `cus_123`. Objects Stripe sends expanded always carry
    /// one; the few types whose schema makes it optional (an upcoming invoice) give
    /// the empty string when it is missing.
    fn id(&self) -> &str;
}

/// A field Stripe sends as an id, or as the object itself when the request expanded it
/// (with `expand[]=customer`, say).
///
/// The expanded object is held behind a trait object, so that dropping, cloning or
/// comparing an expandable field runs code compiled in this crate: a crate that decodes a
/// `CheckoutSession` does not compile drop glue for every object it could expand to.
/// Cloning and comparing go by way of the object's JSON, which keeps this crate from
/// compiling `Clone` and `PartialEq` for all of them: a clone decodes a copy (a few
/// microseconds), and two objects are equal when they encode to the same JSON.
///
/// ```
/// use stripe_api::{CheckoutSession, ExpandableRef};
/// # fn show(session: &CheckoutSession) {
/// if let Some(customer) = &session.customer {
///     println!("customer {}", customer.id());
///     match customer.get() {
///         ExpandableRef::Id(id) => println!("not expanded: {id}"),
///         ExpandableRef::Object(object) => println!("expanded: {object:?}"),
///     }
/// }
/// # }
/// ```
pub struct Expandable<T> {
    inner: Inner,
    object_type: PhantomData<fn() -> T>,
}

enum Inner {
    Id(String),
    Object(Box<dyn Object>),
}

/// An [`Expandable`] borrowed for a `match`: the id, or the expanded object.
#[derive(Debug, PartialEq)]
pub enum ExpandableRef<'a, T> {
    Id(&'a str),
    Object(&'a T),
}

/// What an expanded object can do behind the trait object. The auto traits every
/// generated type has are supertraits, so that a type holding an `Expandable` keeps them.
trait Object: Any + Send + Sync + UnwindSafe + RefUnwindSafe {
    /// A copy, decoded from this object's JSON.
    fn redecode(&self) -> Box<dyn Object>;
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn encode_object(&self, writer: &mut Writer);
    fn as_any(&self) -> &dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<T> Object for T
where
    T: Decode + Encode + fmt::Debug + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    fn redecode(&self) -> Box<dyn Object> {
        match decode_slice::<T>(encode(self).as_bytes(), "Expandable") {
            Ok(copy) => Box::new(copy),
            // Every generated type decodes what it encodes (tests/tests/instances.rs
            // proves it for every schema), so its own JSON always decodes.
            Err(error) => unreachable!("an object's own JSON decodes: {error}"),
        }
    }

    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }

    fn encode_object(&self, writer: &mut Writer) {
        self.encode(writer);
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

impl<T> Expandable<T> {
    /// The field as Stripe sends it unexpanded: an id.
    pub fn from_id(id: impl Into<String>) -> Self {
        Expandable {
            inner: Inner::Id(id.into()),
            object_type: PhantomData,
        }
    }

    /// Whether the field holds the whole object.
    pub fn is_object(&self) -> bool {
        matches!(self.inner, Inner::Object(_))
    }

    /// The id, when the field was not expanded.
    pub fn as_id(&self) -> Option<&str> {
        match &self.inner {
            Inner::Id(id) => Some(id),
            Inner::Object(_) => None,
        }
    }
}

impl<T> Expandable<T>
where
    T: Decode + Encode + fmt::Debug + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    /// The field as Stripe sends it expanded: the object.
    pub fn from_object(object: T) -> Self {
        Expandable {
            inner: Inner::Object(Box::new(object)),
            object_type: PhantomData,
        }
    }
}

impl<T: 'static> Expandable<T> {
    /// The id or the object, to `match` on.
    pub fn get(&self) -> ExpandableRef<'_, T> {
        match &self.inner {
            Inner::Id(id) => ExpandableRef::Id(id),
            Inner::Object(object) => match object.as_any().downcast_ref::<T>() {
                Some(object) => ExpandableRef::Object(object),
                // Only `from_object` builds the `Object` side, from a `T`.
                None => unreachable!("an Expandable<T> holds a T"),
            },
        }
    }

    /// The object, if the field was expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self.get() {
            ExpandableRef::Object(object) => Some(object),
            ExpandableRef::Id(_) => None,
        }
    }

    /// The object, if the field was expanded.
    pub fn into_object(self) -> Option<T> {
        match self.inner {
            Inner::Id(_) => None,
            Inner::Object(object) => object.into_any().downcast::<T>().ok().map(|boxed| *boxed),
        }
    }
}

impl<T: HasId + 'static> Expandable<T> {
    /// The id, whether or not the field was expanded.
    pub fn id(&self) -> &str {
        match self.get() {
            ExpandableRef::Id(id) => id,
            ExpandableRef::Object(object) => object.id(),
        }
    }
}

impl<T> Clone for Expandable<T> {
    fn clone(&self) -> Self {
        let inner = match &self.inner {
            Inner::Id(id) => Inner::Id(id.clone()),
            Inner::Object(object) => Inner::Object(object.redecode()),
        };
        Expandable {
            inner,
            object_type: PhantomData,
        }
    }
}

impl<T> PartialEq for Expandable<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.inner, &other.inner) {
            (Inner::Id(a), Inner::Id(b)) => a == b,
            (Inner::Object(a), Inner::Object(b)) => {
                let (mut left, mut right) = (Writer::new(), Writer::new());
                a.encode_object(&mut left);
                b.encode_object(&mut right);
                left.into_string() == right.into_string()
            }
            _ => false,
        }
    }
}

impl<T> fmt::Debug for Expandable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Id(id) => f.debug_tuple("Id").field(id).finish(),
            Inner::Object(object) => {
                f.write_str("Object(")?;
                object.debug(f)?;
                f.write_str(")")
            }
        }
    }
}

impl<T> Decode for Expandable<T>
where
    T: Decode + Encode + fmt::Debug + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
        if reader.at_string()? {
            reader.string().map(Expandable::from_id)
        } else {
            T::decode(reader).map(Expandable::from_object)
        }
    }
}

impl<T> Encode for Expandable<T> {
    fn encode(&self, writer: &mut Writer) {
        match &self.inner {
            Inner::Id(id) => writer.string(id),
            Inner::Object(object) => object.encode_object(writer),
        }
    }
}

/// An empty id: a start for values built in tests.
impl<T> Default for Expandable<T> {
    fn default() -> Self {
        Expandable::from_id("")
    }
}

#[cfg(feature = "serde")]
impl<T> serde::Serialize for Expandable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_via_json(self, serializer)
    }
}

#[cfg(feature = "serde")]
impl<'de, T> serde::Deserialize<'de> for Expandable<T>
where
    T: Decode + Encode + fmt::Debug + Send + Sync + UnwindSafe + RefUnwindSafe + 'static,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_via_json(deserializer, "Expandable")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Fields;

    #[derive(Clone, Debug, PartialEq)]
    struct Thing {
        id: String,
    }

    impl Encode for Thing {
        fn encode(&self, writer: &mut Writer) {
            let mut object = writer.object();
            object.field("id", &self.id);
            object.end();
        }
    }

    const THING_FIELDS: Fields = Fields::new(&["id"]);

    impl Decode for Thing {
        fn decode(reader: &mut Reader<'_>) -> Result<Self, Failure> {
            let mut id = String::new();
            let mut seen = [0];
            let mut key = reader.first_field(&THING_FIELDS, &mut seen)?;
            while let Some(index) = key {
                match index {
                    Some(_) => id = reader.string()?,
                    None => reader.skip()?,
                }
                key = reader.next_field(&THING_FIELDS, index, &mut seen)?;
            }
            Ok(Thing { id })
        }
    }

    impl HasId for Thing {
        fn id(&self) -> &str {
            &self.id
        }
    }

    #[test]
    fn holds_an_id_or_an_object_behind_the_trait_object() {
        let id: Expandable<Thing> = Expandable::from_id("th_1");
        let object = Expandable::from_object(Thing { id: "th_2".into() });
        assert_eq!((id.id(), object.id()), ("th_1", "th_2"));
        assert_eq!(id.as_id(), Some("th_1"));
        assert_eq!(object.as_object().map(|t| t.id.as_str()), Some("th_2"));
        assert_eq!(
            object.get(),
            ExpandableRef::Object(&Thing { id: "th_2".into() })
        );
        assert_eq!(object.clone(), object);
        assert_ne!(object, Expandable::from_object(Thing { id: "th_3".into() }));
        assert_ne!(id, Expandable::from_id("th_2"));
        assert_eq!(format!("{object:?}"), "Object(Thing { id: \"th_2\" })");
        assert_eq!(crate::codec::encode(&object), r#"{"id":"th_2"}"#);
        assert_eq!(object.into_object(), Some(Thing { id: "th_2".into() }));
        assert_eq!(id.into_object(), None);
    }
}
