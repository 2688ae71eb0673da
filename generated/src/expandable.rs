//! Expandable fields: Stripe sends an object's id, or the whole object when the request
//! asked to expand the field.

use crate::codec::{Decode, Encode, deserialize_via_json, serialize_via_json};

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
/// ```
/// use stripe_api::{CheckoutSession, Expandable, HasId};
/// # fn show(session: &CheckoutSession) {
/// if let Some(customer) = &session.customer {
///     println!("customer {}", customer.id());
///     if let Some(object) = customer.as_object() {
///         println!("expanded: {object:?}");
///     }
/// }
/// # }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Expandable<T> {
    /// The id of the object, when the field was not expanded.
    Id(String),
    /// The object, when the field was expanded.
    Object(Box<T>),
}

impl<T: HasId> Expandable<T> {
    /// The id, whether or not the field was expanded.
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) => id,
            Expandable::Object(object) => object.id(),
        }
    }
}

impl<T> Expandable<T> {
    /// Whether the field holds the whole object.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }

    /// The object, if the field was expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }

    /// The object, if the field was expanded.
    pub fn into_object(self) -> Option<T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(*object),
        }
    }
}

impl<T: Encode> serde::Serialize for Expandable<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_via_json(self, serializer)
    }
}

impl<'de, T: Decode> serde::Deserialize<'de> for Expandable<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_via_json(deserializer, "Expandable")
    }
}
