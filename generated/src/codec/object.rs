//! Decoding a generated object type by table: the loop over keys, the record of fields
//! seen, the check of required ones and the record of unusual spellings are compiled
//! once, here. A type brings a constant [`ObjectShape`] and a `match` that reads each
//! field in place, so its decoding costs the crate's build a call per field rather than
//! a call, an error path and a spelling check each.

use super::fields::Fields;
use super::reader::Reader;
use super::{Decode, Failure};
use crate::UnknownFields;

/// Words in each record of one bit per field: 128 fields, more than any object Stripe
/// documents has. The generator refuses a larger object, and so does [`ObjectShape::new`].
const WORDS: usize = 2;

/// The most fields an object type may have.
const MAX_FIELDS: usize = WORDS * 64;

/// One bit per field of an object.
type Bits = [u64; WORDS];

/// What an object type's decoder needs to know of it, besides its fields' types: which
/// fields must be present, and which have their unset spelling recorded, as one bit per
/// field, so that checking them after an object is read costs a few word operations.
#[derive(Debug)]
pub struct ObjectShape {
    /// The JSON property names, sorted, in field order.
    fields: &'static Fields,
    /// The object as errors name it: its schema name.
    label: &'static str,
    required: Bits,
    /// Nullable fields whose spelling is recorded when they are absent.
    nullable: Bits,
    /// Optional fields whose spelling is recorded when they are `null`.
    optional: Bits,
}

impl ObjectShape {
    /// The shape of an object with `fields`, named `label` in errors. The rest are field
    /// indexes: those that must be present, and the nullable and optional fields whose
    /// unset spelling is recorded, which together take the bits of [`UnknownFields`]'s
    /// record in field order.
    pub const fn new(
        fields: &'static Fields,
        label: &'static str,
        required: &[u16],
        nullable: &[u16],
        optional: &[u16],
    ) -> ObjectShape {
        assert!(
            fields.names().len() <= MAX_FIELDS,
            "an object has more fields than the decoder records"
        );
        ObjectShape {
            fields,
            label,
            required: bits(required),
            nullable: bits(nullable),
            optional: bits(optional),
        }
    }
}

/// The bits of `indexes`.
const fn bits(indexes: &[u16]) -> Bits {
    let mut bits = [0; WORDS];
    let mut i = 0;
    while i < indexes.len() {
        let index = indexes[i] as usize;
        bits[index / 64] |= 1 << (index % 64);
        i += 1;
    }
    bits
}

/// An object type's fields, by their index in its shape's sorted property names.
pub trait ObjectFields {
    /// Reads the value of the field at `index` into it; at any other index, the member
    /// whose key the type has no field for.
    fn fill_field(&mut self, index: usize, reader: &mut Reader<'_>) -> Result<(), Failure>;

    /// The record of members the type has no field for.
    fn unknown_fields(&mut self) -> &mut UnknownFields;

    /// Whether the optional field at `index`, whose spelling is recorded, holds nothing;
    /// asked only of such fields, once seen, to tell that they were `null`.
    fn is_unset(&self, index: usize) -> bool {
        let _ = index;
        false
    }
}

/// Reads a field's value in place. Out of line and kept to what depends on `T`, since
/// every field type gets its own copy.
#[inline(never)]
pub fn fill<T: Decode>(reader: &mut Reader<'_>, field: &mut T) -> Result<(), Failure> {
    *field = T::decode(reader)?;
    Ok(())
}

/// Reads an optional field's value in place, as [`fill`] does: one copy per field type
/// instead of two, since `Option<T>::decode` would be a second.
#[inline(never)]
pub fn fill_optional<T: Decode>(
    reader: &mut Reader<'_>,
    field: &mut Option<T>,
) -> Result<(), Failure> {
    if reader.null()? {
        return Ok(());
    }
    let earlier = field.replace(T::decode(reader)?);
    // The field held `None`: it starts as the default's `None`, and a key seen twice
    // fails before its value is read. There is nothing to drop, and forgetting instead
    // spares every field type a copy of its drop code here.
    debug_assert!(earlier.is_none());
    std::mem::forget(earlier);
    Ok(())
}

/// Keeps the member whose key the reader just found to be no field of the object.
pub fn keep_unknown(reader: &mut Reader<'_>, unknown: &mut UnknownFields) -> Result<(), Failure> {
    reader.unknown_member(unknown)
}

/// Reads an object into `out`, whose fields start unset, as `shape` describes it.
#[inline(never)]
pub fn decode_object(
    reader: &mut Reader<'_>,
    out: &mut dyn ObjectFields,
    shape: &'static ObjectShape,
) -> Result<(), Failure> {
    let fields = shape.fields;
    let mut seen: Bits = [0; WORDS];
    let mut key = reader.first_field(fields, &mut seen)?;
    while let Some(index) = key {
        if let Err(failure) = out.fill_field(index.unwrap_or(usize::MAX), reader) {
            return Err(in_field(failure, fields, index));
        }
        key = reader.next_field(fields, index, &mut seen)?;
    }
    let mut tracked_before = 0;
    for (word, seen) in seen.into_iter().enumerate() {
        let missing = shape.required[word] & !seen;
        if missing != 0 {
            let index = word * 64 + missing.trailing_zeros() as usize;
            let name = fields.name(index).unwrap_or_default();
            return Err(reader.missing_field(name, shape.label));
        }
        let tracked = shape.nullable[word] | shape.optional[word];
        let mut odd = (shape.nullable[word] & !seen) | (shape.optional[word] & seen);
        while odd != 0 {
            let at = odd.trailing_zeros();
            odd &= odd - 1;
            let index = word * 64 + at as usize;
            // A recorded optional field that was there is odd only if it was `null`.
            if shape.optional[word] & (1 << at) != 0 && !out.is_unset(index) {
                continue;
            }
            let bit = tracked_before + (tracked & ((1 << at) - 1)).count_ones() as usize;
            out.unknown_fields().mark_spelled_otherwise(bit);
        }
        tracked_before += tracked.count_ones() as usize;
    }
    Ok(())
}

/// `failure`, inside the field at `index` in `fields` (none for a key that is not one).
#[cold]
fn in_field(failure: Failure, fields: &'static Fields, index: Option<usize>) -> Failure {
    match index.and_then(|index| fields.name(index)) {
        Some(name) => failure.in_field(name),
        None => failure,
    }
}
