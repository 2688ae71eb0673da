//! What an object keeps of its JSON beyond its fields: the members it has no field for,
//! and how its unset fields were spelled, so that an object decoded and encoded again
//! loses nothing Stripe sent.

use std::fmt;

use serde_json::value::RawValue;

/// Members of a JSON object that its type has no field for: properties Stripe added after
/// the spec this crate was generated from, or that the spec leaves out. Every object type
/// has them, at every depth, in its `unknown_fields` field.
///
/// Each is kept as its JSON (compacted), by name, and written back when the object is
/// encoded, in the same object, in the sorted place among the known fields where Stripe
/// sends it. The same field also remembers which unset fields were absent and which were
/// `null`, where that differs from how they are written by default, for the same reason.
/// An object that needs neither, as most do, pays one pointer and nothing on the heap.
///
/// ```
/// let json = r#"{"id": "cs_1", "object": "checkout.session", "created": 1,
///     "expires_at": 2, "livemode": false, "mode": "payment", "payment_status": "unpaid",
///     "automatic_tax": {"enabled": false, "status": null, "liability": {"type": "self"}},
///     "custom_fields": [], "custom_text": {"shipping_address": null, "submit": null},
///     "payment_method_types": [], "shipping_options": [], "ui_mode": "hosted"}"#;
/// let session = stripe_api::CheckoutSession::from_json_str(json)?;
/// assert_eq!(session.unknown_fields.get("ui_mode").map(|v| v.get()), Some(r#""hosted""#));
/// let liability = session.automatic_tax.unknown_fields.get("liability");
/// assert_eq!(liability.map(|v| v.get()), Some(r#"{"type":"self"}"#));
/// assert!(session.to_json_string().contains(r#""ui_mode":"hosted""#));
/// # Ok::<(), stripe_api::DecodeError>(())
/// ```
#[derive(Clone, Default)]
pub struct UnknownFields(Option<Box<Kept>>);

/// One member: its name and its compact JSON.
type Member = (Box<str>, Box<RawValue>);

/// What an object keeps, once it keeps anything.
#[derive(Clone, Default)]
struct Kept {
    /// Sorted by name (stably: a name sent twice keeps both, in order).
    members: Vec<Member>,
    /// A bit per field whose unset spelling is tracked, set when it was spelled the other
    /// way: absent for a nullable field, `null` for an optional one.
    none_spelling: Vec<u64>,
}

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
        if let Some(kept) = self.0.as_deref_mut()
            && let Some(member) = kept.members.iter_mut().find(|(key, _)| *key == name)
        {
            return Some(std::mem::replace(&mut member.1, value));
        }
        self.push(name, value);
        None
    }

    /// Removes the member named `name` and returns its value.
    pub fn remove(&mut self, name: &str) -> Option<Box<RawValue>> {
        let kept = self.0.as_deref_mut()?;
        let at = kept.members.iter().position(|(key, _)| &**key == name)?;
        let (_, value) = kept.members.remove(at);
        if kept.members.is_empty() && kept.none_spelling.is_empty() {
            self.0 = None;
        }
        Some(value)
    }

    /// The members, sorted by name.
    pub(crate) fn members(&self) -> &[Member] {
        self.0
            .as_deref()
            .map_or(&[], |kept| kept.members.as_slice())
    }

    /// Adds a member the decoder read, keeping the members sorted by name.
    pub(crate) fn push(&mut self, name: Box<str>, value: Box<RawValue>) {
        let members = &mut self.0.get_or_insert_with(Box::default).members;
        let at = members.partition_point(|(key, _)| **key <= *name);
        members.insert(at, (name, value));
    }

    /// Records that tracked field `bit` was spelled the other way than it is written by
    /// default.
    pub(crate) fn mark_spelled_otherwise(&mut self, bit: usize) {
        let words = &mut self.0.get_or_insert_with(Box::default).none_spelling;
        let word = bit / 64;
        if words.len() <= word {
            words.resize(word + 1, 0);
        }
        words[word] |= 1 << (bit % 64);
    }

    /// Whether tracked field `bit` was spelled the other way.
    pub(crate) fn spelled_otherwise(&self, bit: usize) -> bool {
        self.0
            .as_deref()
            .and_then(|kept| kept.none_spelling.get(bit / 64))
            .is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }

    fn spelling_words(&self) -> &[u64] {
        self.0.as_deref().map_or(&[], |kept| {
            let words = kept.none_spelling.as_slice();
            let used = words
                .iter()
                .rposition(|&word| word != 0)
                .map_or(0, |last| last + 1);
            &words[..used]
        })
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
            && self.spelling_words() == other.spelling_words()
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
        assert!(fields.0.is_none(), "nothing left on the heap");
        assert_eq!(fields.remove("alpha").map(|v| v.get().to_owned()), None);
    }

    #[test]
    fn spellings_span_words_and_count_in_equality() {
        let mut fields = UnknownFields::new();
        assert!(!fields.spelled_otherwise(70));
        fields.mark_spelled_otherwise(70);
        fields.mark_spelled_otherwise(3);
        assert!(fields.spelled_otherwise(70) && fields.spelled_otherwise(3));
        assert!(!fields.spelled_otherwise(4) && !fields.spelled_otherwise(200));
        assert!(fields.is_empty(), "no member");
        assert_ne!(fields, UnknownFields::new());
        let mut other = UnknownFields::new();
        other.mark_spelled_otherwise(3);
        other.mark_spelled_otherwise(70);
        assert_eq!(fields, other);
    }
}
