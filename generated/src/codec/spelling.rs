//! Remembering whether an unset field was absent or `null` in the JSON it came from.

/// How each unset (`None`) field of an object was spelled in the JSON it was decoded
/// from, where that differs from how the field is written by default: a nullable field
/// that was absent, or an optional field that was `null`. One bit per such field, so an
/// object decoded from JSON encodes back to the same JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NoneSpelling<const WORDS: usize>([u64; WORDS]);

impl<const WORDS: usize> Default for NoneSpelling<WORDS> {
    fn default() -> Self {
        NoneSpelling([0; WORDS])
    }
}

impl<const WORDS: usize> NoneSpelling<WORDS> {
    /// Records that field `bit` was spelled the other way: absent for a nullable field,
    /// `null` for an optional one.
    pub fn mark(&mut self, bit: usize, spelled_otherwise: bool) {
        if spelled_otherwise {
            self.0[bit / 64] |= 1 << (bit % 64);
        }
    }

    fn is_set(&self, bit: usize) -> bool {
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Whether a nullable field is written: always, unless it is unset and was absent.
    pub fn emits_nullable(&self, bit: usize, is_some: bool) -> bool {
        is_some || !self.is_set(bit)
    }

    /// Whether an optional field is written: when set, or when it was `null`.
    pub fn emits_optional(&self, bit: usize, is_some: bool) -> bool {
        is_some || self.is_set(bit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_span_words() {
        let mut spelling = NoneSpelling::<2>::default();
        spelling.mark(70, true);
        assert!(!spelling.emits_nullable(70, false));
        assert!(spelling.emits_nullable(70, true));
        assert!(spelling.emits_nullable(3, false));
        spelling.mark(3, true);
        spelling.mark(4, false);
        assert!(spelling.emits_optional(3, false));
        assert!(!spelling.emits_optional(4, false));
    }
}
