//! Remembering whether an unset field was absent or `null` in the JSON it came from, so
//! that an object decoded from JSON encodes back to the same JSON. The record is kept in
//! the object's [`UnknownFields`], beside the members it has no field for, and costs
//! nothing while every unset field was spelled the usual way: `null` for a nullable
//! field, absent for an optional one.

use crate::UnknownFields;

/// Whether a nullable field is written: always, unless it is unset and was absent.
#[inline]
pub fn emits_nullable(kept: &UnknownFields, bit: usize, is_some: bool) -> bool {
    is_some || !kept.spelled_otherwise(bit)
}

/// Whether an optional field is written: when set, or when it was `null`.
#[inline]
pub fn emits_optional(kept: &UnknownFields, bit: usize, is_some: bool) -> bool {
    is_some || kept.spelled_otherwise(bit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_field_is_written_unless_spelled_otherwise() {
        let mut kept = UnknownFields::new();
        kept.mark_spelled_otherwise(70);
        assert!(!emits_nullable(&kept, 70, false));
        assert!(emits_nullable(&kept, 70, true));
        assert!(emits_nullable(&kept, 4, false));
        assert!(emits_optional(&kept, 70, false));
        assert!(!emits_optional(&kept, 4, false));
        assert!(emits_optional(&kept, 4, true));
    }
}
