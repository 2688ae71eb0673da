//! The members of a JSON object that this version of the crate has no field for, kept so
//! that an object decoded and encoded again loses nothing Stripe sent.

use std::fmt;

use serde_json::value::RawValue;

/// Members of a JSON object that its type has no field for: properties Stripe added after
/// the spec this crate was generated from, or that the spec leaves out. Every object type
/// has them, at every depth, in its `unknown_fields` field.
///
/// Each is kept as its JSON (compacted), by name, and written back when the object is
/// encoded, in the same object, in the sorted place among the known fields where Stripe
/// sends it. Holding none costs a pointer and nothing on the heap.
///
/// ```
/// let json = r#"{"id": "cs_1", "object": "checkout.session", "created": 1,
///     "expires_at": 2, "livemode": false, "mode": "payment", "payment_status": "unpaid",
///     "automatic_tax": {"enabled": false, "status": null, "liability": {"type": "self"}},
///     "custom_fields": [], "custom_text": {}, "payment_method_types": [],
///     "shipping_options": [], "ui_mode": "hosted"}"#;
/// let session = stripe_api::CheckoutSession::from_json_str(json)?;
/// assert_eq!(session.unknown_fields.get("ui_mode").map(|v| v.get()), Some(r#""hosted""#));
/// let liability = session.automatic_tax.unknown_fields.get("liability");
/// assert_eq!(liability.map(|v| v.get()), Some(r#"{"type":"self"}"#));
/// assert!(session.to_json_string().contains(r#""ui_mode":"hosted""#));
/// # Ok::<(), stripe_api::DecodeError>(())
/// ```
#[derive(Clone, Default)]
// A boxed `Vec` is one pointer; a `Vec` is three, and a boxed slice two. An object pays
// for this whether or not it holds a member, and it mostly does not.
#[allow(clippy::box_collection)]
pub struct UnknownFields(Option<Box<Vec<Member>>>);

/// One member: its name and its compact JSON.
type Member = (Box<str>, Box<RawValue>);

impl UnknownFields {
    /// None.
    pub const fn new() -> Self {
        UnknownFields(None)
    }

    pub fn is_empty(&self) -> bool {
        self.members().is_empty()
    }

    pub fn len(&self) -> usize {
        self.members().len()
    }

    /// The value of the member named `name`, as JSON: `.get()` gives its text, and
    /// `serde_json::from_str(value.get())` reads it as any type.
    pub fn get(&self, name: &str) -> Option<&RawValue> {
        self.members()
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, value)| &**value)
    }

    /// Every member, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawValue)> {
        self.members().iter().map(|(key, value)| (&**key, &**value))
    }

    /// Adds a member, or replaces the value of the one named `name`; returns the value
    /// it replaced. Encoding writes it as it is: give it a name the type has no field
    /// for, or the object will carry that name twice.
    pub fn insert(
        &mut self,
        name: impl Into<String>,
        value: Box<RawValue>,
    ) -> Option<Box<RawValue>> {
        let name: Box<str> = name.into().into_boxed_str();
        if let Some(members) = self.0.as_deref_mut()
            && let Some(member) = members.iter_mut().find(|(key, _)| *key == name)
        {
            return Some(std::mem::replace(&mut member.1, value));
        }
        self.push(name, value);
        None
    }

    /// Removes the member named `name` and returns its value.
    pub fn remove(&mut self, name: &str) -> Option<Box<RawValue>> {
        let members = self.0.as_mut()?;
        let at = members.iter().position(|(key, _)| &**key == name)?;
        let (_, value) = members.remove(at);
        if members.is_empty() {
            self.0 = None;
        }
        Some(value)
    }

    /// The members, sorted by name (stably: a name sent twice keeps both, in order).
    pub(crate) fn members(&self) -> &[Member] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    /// Adds a member the decoder read, keeping the members sorted by name.
    pub(crate) fn push(&mut self, name: Box<str>, value: Box<RawValue>) {
        let members = self.0.get_or_insert_with(Box::default);
        let at = members.partition_point(|(key, _)| **key <= *name);
        members.insert(at, (name, value));
    }
}

impl PartialEq for UnknownFields {
    fn eq(&self, other: &Self) -> bool {
        let (mine, theirs) = (self.members(), other.members());
        mine.len() == theirs.len()
            && mine
                .iter()
                .zip(theirs)
                .all(|((a, x), (b, y))| a == b && x.get() == y.get())
    }
}

impl fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(json: &str) -> Box<RawValue> {
        RawValue::from_string(json.to_owned()).unwrap()
    }

    #[test]
    fn holding_none_costs_a_pointer() {
        assert_eq!(size_of::<UnknownFields>(), size_of::<usize>());
    }

    #[test]
    fn members_stay_sorted_and_can_be_replaced_and_removed() {
        let mut fields = UnknownFields::new();
        assert!(fields.is_empty());
        fields.push("zeta".into(), raw("1"));
        fields.push("alpha".into(), raw("[true]"));
        assert!(fields.insert("mid", raw("null")).is_none());
        let names: Vec<&str> = fields.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["alpha", "mid", "zeta"]);
        assert_eq!(
            fields.insert("mid", raw("2")).map(|v| v.get().to_owned()),
            Some("null".into())
        );
        assert_eq!(fields.get("mid").map(RawValue::get), Some("2"));
        assert_eq!(fields.len(), 3);
        let mut same = fields.clone();
        assert_eq!(same, fields);
        same.insert("mid", raw("3"));
        assert_ne!(same, fields);
        for name in ["alpha", "mid", "zeta"] {
            assert!(fields.remove(name).is_some());
        }
        assert_eq!(fields, UnknownFields::new());
        assert_eq!(fields.remove("alpha").map(|v| v.get().to_owned()), None);
    }
}
