//! How a string enum's text maps to its variant: one lookup for every enum, so that each
//! enum's own code is a `match` on a position rather than its own copy of the search.

use std::borrow::Cow;

use super::text::same_bytes;
use crate::UnrecognizedValue;

/// Up to how many values an enum's are compared one by one rather than searched: most
/// enums have a handful, and comparing lengths first rules out most values at once.
const SCANNED: usize = 16;

/// A string enum's value as read: where it stands among the values the enum knows, or,
/// for a value it does not know, the value as sent.
#[derive(Debug, PartialEq)]
pub enum EnumValue {
    Known(usize, &'static str),
    Unknown(UnrecognizedValue),
}

impl EnumValue {
    /// Finds `text` in `values` (sorted).
    #[inline(never)]
    pub fn of(values: &'static [&'static str], text: &str) -> EnumValue {
        Self::find(values, Cow::Borrowed(text))
    }

    /// As [`EnumValue::of`], keeping an owned `text` for an unknown value without a copy.
    pub(super) fn find(values: &'static [&'static str], text: Cow<'_, str>) -> EnumValue {
        let found = if values.len() <= SCANNED {
            let bytes = text.as_bytes();
            values
                .iter()
                .position(|value| same_bytes(value.as_bytes(), bytes))
        } else {
            values.binary_search(&text.as_ref()).ok()
        };
        match found.and_then(|position| Some((position, *values.get(position)?))) {
            Some((position, value)) => EnumValue::Known(position, value),
            None => EnumValue::Unknown(UnrecognizedValue::from_string(text.into_owned())),
        }
    }

    /// The value's position among the known values, if it is one of them.
    pub fn position(&self) -> Option<usize> {
        match self {
            EnumValue::Known(position, _) => Some(*position),
            EnumValue::Unknown(_) => None,
        }
    }

    /// The value as sent, for the catch-all variant.
    #[cold]
    pub fn into_unrecognized(self) -> UnrecognizedValue {
        match self {
            EnumValue::Known(_, text) => UnrecognizedValue::new(text),
            EnumValue::Unknown(value) => value,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_known_values_and_keeps_unknown_ones() {
        let values = &["complete", "expired", "open"];
        assert_eq!(EnumValue::of(values, "expired").position(), Some(1));
        assert_eq!(EnumValue::of(values, "open").position(), Some(2));
        let unknown = EnumValue::of(values, "paused");
        assert_eq!(unknown.position(), None);
        assert_eq!(unknown.into_unrecognized().as_str(), "paused");
        assert_eq!(
            EnumValue::of(values, "complete")
                .into_unrecognized()
                .as_str(),
            "complete"
        );
        assert_eq!(EnumValue::of(&[], "").position(), None);
        // Long enums are searched rather than scanned; both find the same.
        let many: Vec<&'static str> = (0..40)
            .map(|i| &*Box::leak(format!("value_{i:02}").into_boxed_str()))
            .collect();
        let many: &'static [&'static str] = Box::leak(many.into_boxed_slice());
        for (position, value) in many.iter().enumerate() {
            assert_eq!(EnumValue::of(many, value).position(), Some(position));
            assert_eq!(
                EnumValue::of(&many[..SCANNED], value).position(),
                (position < SCANNED).then_some(position)
            );
        }
        assert_eq!(EnumValue::of(many, "value_40").position(), None);
    }
}
