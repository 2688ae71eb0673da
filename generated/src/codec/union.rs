//! Telling apart the variants of a generated union by looking over the JSON object first:
//! which properties it has, and the values of those that name the object's type.

use std::borrow::Cow;

use super::failure::Failure;
use super::reader::{Raw, Reader};
use super::text::same_bytes;

/// A property that has one possible value in a variant, such as `object: "customer"` or
/// `deleted: true`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagValue {
    Str(&'static str),
    Bool(bool),
}

/// What the JSON object of one variant looks like.
#[derive(Clone, Copy, Debug)]
pub struct VariantShape {
    /// Properties that must have exactly this value.
    pub tags: &'static [(&'static str, TagValue)],
    /// Properties that must be present, sorted.
    pub required: &'static [&'static str],
    /// Every property the variant has, sorted.
    pub known: &'static [&'static str],
}

/// How well the object seen so far fits one variant.
#[derive(Clone, Copy, Default)]
struct Fit {
    required_seen: usize,
    tags_matched: usize,
    unknown_keys: usize,
}

impl Fit {
    /// Whether every tag of `shape` matched and every property it requires was seen.
    fn fits(&self, shape: &VariantShape) -> bool {
        self.required_seen == shape.required.len() && self.tags_matched == shape.tags.len()
    }
}

/// The value of a tag property, as found in the object.
enum Seen<'j> {
    Str(Cow<'j, str>),
    Bool(bool),
    Other,
}

impl Seen<'_> {
    fn matches(&self, expected: &TagValue) -> bool {
        match (self, expected) {
            (Seen::Str(value), TagValue::Str(expected)) => value == expected,
            (Seen::Bool(value), TagValue::Bool(expected)) => value == expected,
            _ => false,
        }
    }
}

/// Passes over the next value, a union of `shapes`, and returns its text and the variant
/// it fits: every tag matches and every required property is there; among several, the
/// one that knows the most of its properties, the first on a tie. When none fits, the
/// one variant whose tags all match, if there is one, missing properties and all (see
/// `named_by_tags`). The variant is `None` when the object names no variant or the
/// value is not an object (it is kept as raw JSON then). The value is looked over as it
/// is passed, so that it is read twice, not three times.
pub fn select_variant<'j>(
    reader: &mut Reader<'j>,
    shapes: &[VariantShape],
) -> Result<(Raw<'j>, Option<usize>), Failure> {
    if !reader.at_object()? {
        return Ok((reader.raw()?, None));
    }
    let start = reader.value_start();
    let fits = tally(reader, shapes, false)?;
    let raw = reader.raw_since(start);
    let mut candidates = (0..shapes.len()).filter(|&i| fits[i].fits(&shapes[i]));
    let Some(first) = candidates.next() else {
        return Ok((raw, named_by_tags(&fits, shapes)));
    };
    if candidates.next().is_none() {
        return Ok((raw, Some(first)));
    }
    // Counting unknown properties means looking every key up in every variant; it only
    // breaks ties, so it is done only when more than one variant fits.
    let fits = tally(&mut reader.nested(&raw), shapes, true)?;
    let best = (0..shapes.len())
        .filter(|&i| fits[i].fits(&shapes[i]))
        .min_by_key(|&i| (fits[i].unknown_keys, i));
    Ok((raw, best))
}

/// The variant whose tags the object carries, when it lacks what that variant requires:
/// the object says what it is, so it is decoded as that, and the decoder then says which
/// property is missing, rather than the object passing silently as unknown. Among
/// variants whose tags all match, the one with the most tags (a deleted customer's
/// `deleted: true` and `object: "customer"` over a customer's `object` alone); `None`
/// when no variant with tags has them all, or two with as many tags tie.
fn named_by_tags(fits: &[Fit], shapes: &[VariantShape]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    let mut tied = false;
    for (i, shape) in shapes.iter().enumerate() {
        let tags = shape.tags.len();
        if tags == 0 || fits[i].tags_matched != tags {
            continue;
        }
        match best {
            Some((_, most)) if most > tags => {}
            Some((_, most)) if most == tags => tied = true,
            _ => {
                best = Some((i, tags));
                tied = false;
            }
        }
    }
    best.filter(|_| !tied).map(|(i, _)| i)
}

/// How well the object the reader is at fits each shape, reading it through; unknown
/// properties are counted only when `count_unknown`.
fn tally(
    reader: &mut Reader<'_>,
    shapes: &[VariantShape],
    count_unknown: bool,
) -> Result<Vec<Fit>, Failure> {
    let mut fits = vec![Fit::default(); shapes.len()];
    let mut key = reader.first_key()?;
    while let Some(name) = key {
        for (shape, fit) in shapes.iter().zip(fits.iter_mut()) {
            let mut required = shape.required.iter();
            if required.any(|field| same_bytes(field.as_bytes(), name.as_bytes())) {
                fit.required_seen += 1;
            }
            if count_unknown && shape.known.binary_search(&&*name).is_err() {
                fit.unknown_keys += 1;
            }
        }
        let is_tag = shapes
            .iter()
            .any(|s| s.tags.iter().any(|(tag, _)| *tag == name));
        if is_tag {
            let seen = if reader.at_string()? {
                Seen::Str(reader.str()?)
            } else if reader.at_bool()? {
                Seen::Bool(reader.bool()?)
            } else {
                reader.skip()?;
                Seen::Other
            };
            for (shape, fit) in shapes.iter().zip(fits.iter_mut()) {
                let matched = shape
                    .tags
                    .iter()
                    .filter(|(tag, expected)| *tag == name && seen.matches(expected))
                    .count();
                fit.tags_matched += matched;
            }
        } else {
            reader.skip()?;
        }
        key = reader.next_key()?;
    }
    Ok(fits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Reader;

    const CUSTOMER: VariantShape = VariantShape {
        tags: &[("object", TagValue::Str("customer"))],
        required: &["created", "id", "object"],
        known: &["created", "email", "id", "object"],
    };
    const DELETED: VariantShape = VariantShape {
        tags: &[
            ("deleted", TagValue::Bool(true)),
            ("object", TagValue::Str("customer")),
        ],
        required: &["deleted", "id", "object"],
        known: &["deleted", "id", "object"],
    };

    fn select(json: &str, shapes: &[VariantShape]) -> Option<usize> {
        let mut reader = Reader::new(json);
        let (raw, variant) = select_variant(&mut reader, shapes).unwrap();
        assert_eq!(raw.text, json, "the whole value is passed");
        reader.finish().unwrap();
        variant
    }

    #[test]
    fn tags_and_required_properties_pick_the_variant() {
        let shapes = [CUSTOMER, DELETED];
        assert_eq!(
            select(
                r#"{"id": "cus_1", "object": "customer", "created": 1}"#,
                &shapes
            ),
            Some(0)
        );
        assert_eq!(
            select(
                r#"{"deleted": true, "id": "cus_1", "object": "customer"}"#,
                &shapes
            ),
            Some(1)
        );
        assert_eq!(
            select(r#"{"id": "x", "object": "something_new"}"#, &shapes),
            None
        );
        assert_eq!(select(r#""cus_1""#, &shapes), None);
        // A customer that lacks `created` is still a customer, to fail decoding as one.
        assert_eq!(
            select(r#"{"id": "cus_1", "object": "customer"}"#, &shapes),
            Some(0)
        );
        // A deleted customer without `id`: both variants' tags match, and the one with
        // more of them wins.
        assert_eq!(
            select(r#"{"deleted": true, "object": "customer"}"#, &shapes),
            Some(1)
        );
        // Two variants named by as many tags: neither.
        let twin = VariantShape {
            required: &["id", "object", "twin"],
            ..CUSTOMER
        };
        assert_eq!(select(r#"{"object": "customer"}"#, &[CUSTOMER, twin]), None);
    }

    #[test]
    fn untagged_variants_go_by_known_properties() {
        let a = VariantShape {
            tags: &[],
            required: &[],
            known: &["capture_method", "installments"],
        };
        let b = VariantShape {
            tags: &[],
            required: &[],
            known: &["capture_method", "verification_method"],
        };
        let shapes = [a, b];
        assert_eq!(select("{}", &shapes), Some(0));
        assert_eq!(
            select(r#"{"verification_method": "instant"}"#, &shapes),
            Some(1)
        );
    }
}
