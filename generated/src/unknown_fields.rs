//! What an object keeps of its JSON beyond its fields: the members it has no field for,
//! and how its unset fields were spelled, so that an object decoded and encoded again
//! loses nothing Stripe sent.

use std::fmt;

/// Members of a JSON object that its type has no field for: properties Stripe added after
/// the spec this crate was generated from, or that the spec leaves out. Every object type
/// has them, at every depth, in its `unknown_fields` field.
///
/// Each is kept as its JSON text (compacted), by name, and written back when the object is
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
/// assert_eq!(session.unknown_fields.get("ui_mode"), Some(r#""hosted""#));
/// let liability = session.automatic_tax.unknown_fields.get("liability");
/// assert_eq!(liability, Some(r#"{"type":"self"}"#));
/// let liability: serde_json::Value = serde_json::from_str(liability.unwrap_or("null"))?;
/// assert_eq!(liability["type"], "self");
/// assert!(session.to_json_string().contains(r#""ui_mode":"hosted""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct UnknownFields(Option<Box<Kept>>);

/// What an object keeps, once it keeps anything.
#[derive(Clone, Default)]
struct Kept {
    /// Each member's name (decoded) and its compact JSON, sorted by name (stably: a name
    /// sent twice keeps both, in order). Boxed strings rather than spans of one string:
    /// freeing them takes a loop that the compiler keeps out of line, where the few frees
    /// of one string and its spans would be copied into the drop of every object type.
    members: Vec<(Box<str>, Box<str>)>,
    /// A bit per field whose unset spelling is tracked, set when it was spelled the other
    /// way: absent for a nullable field, `null` for an optional one. The first 64 fields'
    /// bits are held here, so that an object whose only record is a spelling (the usual
    /// case) costs one allocation; objects with more tracked fields keep the rest in
    /// `more_none_spelling`.
    none_spelling: u64,
    more_none_spelling: Vec<u64>,
}

impl Kept {
    /// Adds a member, placed among the others by its name.
    fn push(&mut self, name: &str, json: &str) {
        let at = self.members.partition_point(|(other, _)| **other <= *name);
        self.members.insert(at, (name.into(), json.into()));
    }
}

impl UnknownFields {
    /// None.
    pub const fn new() -> Self {
        UnknownFields(None)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        self.0.as_deref().map_or(0, |kept| kept.members.len())
    }

    /// The value of the member named `name`, as compact JSON text:
    /// `serde_json::from_str(text)` reads it as any type.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|&(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// Every member, sorted by name, with its JSON text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        let members = self.0.as_deref().map_or(&[][..], |kept| &kept.members);
        members.iter().map(|(name, json)| (&**name, &**json))
    }

    /// Adds a member, or replaces the value of the one named `name`; returns the JSON
    /// text it replaced. Encoding writes it as it is: give it a name the type has no
    /// field for, or the object will carry that name twice.
    pub fn insert(&mut self, name: impl Into<String>, value: &serde_json::Value) -> Option<String> {
        let name = name.into();
        let replaced = self.remove(&name);
        self.0
            .get_or_insert_with(Box::default)
            .push(&name, &value.to_string());
        replaced
    }

    /// Removes the member named `name` and returns its JSON text.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let kept = self.0.as_deref_mut()?;
        let at = kept.members.iter().position(|(key, _)| &**key == name)?;
        let (_, json) = kept.members.remove(at);
        if kept.members.is_empty()
            && kept.none_spelling == 0
            && kept.more_none_spelling.iter().all(|&word| word == 0)
        {
            self.0 = None;
        }
        Some(json.into())
    }

    /// The member at `index` in name order, for the writer.
    pub(crate) fn member(&self, index: usize) -> Option<(&str, &str)> {
        let (name, json) = self.0.as_deref()?.members.get(index)?;
        Some((name, json))
    }

    /// Adds a member the decoder read: its name, and its value as compact JSON.
    pub(crate) fn push(&mut self, name: &str, json: &str) {
        self.0.get_or_insert_with(Box::default).push(name, json);
    }

    /// Records that tracked field `bit` was spelled the other way than it is written by
    /// default.
    #[inline(never)]
    pub(crate) fn mark_spelled_otherwise(&mut self, bit: usize) {
        let kept = self.0.get_or_insert_with(Box::default);
        let mask = 1 << (bit % 64);
        match (bit / 64).checked_sub(1) {
            None => kept.none_spelling |= mask,
            Some(word) => {
                let words = &mut kept.more_none_spelling;
                if words.len() <= word {
                    words.resize(word + 1, 0);
                }
                words[word] |= mask;
            }
        }
    }

    /// Whether tracked field `bit` was spelled the other way.
    #[inline(never)]
    pub(crate) fn spelled_otherwise(&self, bit: usize) -> bool {
        let Some(kept) = self.0.as_deref() else {
            return false;
        };
        let word = match (bit / 64).checked_sub(1) {
            None => kept.none_spelling,
            Some(word) => kept.more_none_spelling.get(word).copied().unwrap_or(0),
        };
        word & (1 << (bit % 64)) != 0
    }

    /// The first word of the spelling record, and the rest.
    fn spelling(&self) -> (u64, &[u64]) {
        self.0.as_deref().map_or((0, &[]), |kept| {
            (kept.none_spelling, kept.more_none_spelling.as_slice())
        })
    }

    /// Whether both record the same spellings, however many empty words either holds.
    fn same_spellings(&self, other: &Self) -> bool {
        let ((first, more), (other_first, other_more)) = (self.spelling(), other.spelling());
        let longest = more.len().max(other_more.len());
        let word = |words: &[u64], at: usize| words.get(at).copied().unwrap_or(0);
        first == other_first && (0..longest).all(|at| word(more, at) == word(other_more, at))
    }
}

impl PartialEq for UnknownFields {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter()) && self.same_spellings(other)
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

    fn value(json: &str) -> serde_json::Value {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn holding_none_costs_a_pointer() {
        assert_eq!(size_of::<UnknownFields>(), size_of::<usize>());
    }

    #[test]
    fn members_stay_sorted_and_can_be_replaced_and_removed() {
        let mut fields = UnknownFields::new();
        assert!(fields.is_empty());
        fields.push("zeta", "1");
        fields.push("alpha", "[true]");
        assert!(fields.insert("mid", &value("null")).is_none());
        let names: Vec<&str> = fields.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["alpha", "mid", "zeta"]);
        assert_eq!(fields.insert("mid", &value(" [1, 2]")), Some("null".into()));
        assert_eq!(fields.get("mid"), Some("[1,2]"));
        assert_eq!(fields.len(), 3);
        let mut same = fields.clone();
        assert_eq!(same, fields);
        same.insert("mid", &value("3"));
        assert_ne!(same, fields);
        for name in ["alpha", "mid", "zeta"] {
            assert!(fields.remove(name).is_some());
        }
        assert_eq!(fields, UnknownFields::new());
        assert!(fields.0.is_none(), "nothing left on the heap");
        // Dropped with members and spellings, it frees them.
        let mut full = UnknownFields::new();
        full.push("a", "1");
        full.mark_spelled_otherwise(100);
        drop(full);
        assert_eq!(fields.remove("alpha"), None);
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
