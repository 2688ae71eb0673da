//! Finds the optional fields of response objects that hold a large object, which are
//! boxed: unset, such a field then takes a pointer's room rather than the object's, and
//! every move of its owner copies that much less. Stripe leaves many of them unset.

use std::collections::BTreeMap;

use super::cycles::direct_target;
use crate::model::{ChoiceValue, Field, Role, Shape, TypeDef, TypeRef};

/// How many values an object may hold inline, counting through the objects it holds
/// inline, before an optional field of its type is boxed. A box costs an allocation when
/// the field is set; below this, copying the object costs less than that.
const LARGE_OBJECT: usize = 16;

/// Marks as boxed each optional field of a response object whose type is an object that
/// holds more than [`LARGE_OBJECT`] values inline, once its own large fields are boxed.
/// Runs after cycles are boxed, so that what is inline has no cycles.
pub fn box_large_objects(types: &mut [TypeDef]) {
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut weights = Weights {
        types,
        index: &index,
        known: vec![None; types.len()],
    };
    let large: Vec<(usize, usize)> = (0..types.len())
        .flat_map(|owner| weights.large_fields(owner))
        .collect();
    for (owner, field) in large {
        if let Shape::Object(object) = &mut types[owner].shape {
            object.fields[field].boxed = true;
        }
    }
}

/// How many values each type holds inline, worked out once per type.
struct Weights<'a> {
    types: &'a [TypeDef],
    index: &'a BTreeMap<&'a str, usize>,
    known: Vec<Option<usize>>,
}

impl Weights<'_> {
    /// The fields of `owner` to box, by position.
    fn large_fields(&mut self, owner: usize) -> Vec<(usize, usize)> {
        let types = self.types;
        let Shape::Object(object) = &types[owner].shape else {
            return Vec::new();
        };
        object
            .fields
            .iter()
            .enumerate()
            .filter(|(_, field)| self.is_large(owner, field))
            .map(|(i, _)| (owner, i))
            .collect()
    }

    /// Whether this pass boxes `field` of the type at `owner`: the owner is a response,
    /// and the field is optional, not boxed yet, and holds a large object inline.
    fn is_large(&mut self, owner: usize, field: &Field) -> bool {
        let Some(target) = direct_target(&field.ty).and_then(|name| self.index.get(name)) else {
            return false;
        };
        let target = *target;
        self.types[owner].role == Role::Response
            && field.presence.is_optional()
            && !field.boxed
            && matches!(self.types[target].shape, Shape::Object(_))
            && self.weight(target) > LARGE_OBJECT
    }

    /// How many values the type at `at` holds inline, its large fields counted as one.
    fn weight(&mut self, at: usize) -> usize {
        if let Some(weight) = self.known[at] {
            return weight;
        }
        // Marked before the fields are weighed, so that a cycle (which is boxed, and so
        // never followed) could not recurse without end.
        self.known[at] = Some(1);
        let types = self.types;
        let weight = match &types[at].shape {
            Shape::Object(object) => {
                let mut total = 0;
                for field in &object.fields {
                    total += if field.boxed || self.is_large(at, field) {
                        1
                    } else {
                        self.weight_of(&field.ty)
                    };
                }
                total.max(1)
            }
            Shape::Choice(choice) => {
                let mut widest = 1;
                for variant in &choice.variants {
                    if let ChoiceValue::Value(ty) = &variant.value {
                        widest = widest.max(self.weight_of(ty));
                    }
                }
                widest
            }
            Shape::Alias(name) => match self.index.get(name.as_str()) {
                Some(&target) => self.weight(target),
                None => 1,
            },
            Shape::Union(_) | Shape::Enum(_) => 1,
        };
        self.known[at] = Some(weight);
        weight
    }

    /// How many values a field of type `ty` holds inline.
    fn weight_of(&mut self, ty: &TypeRef) -> usize {
        match direct_target(ty).and_then(|name| self.index.get(name)) {
            Some(&target) => self.weight(target),
            None => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Gate, IdField, Object, Presence};

    fn field(name: &str, ty: TypeRef, presence: Presence) -> Field {
        Field::named(name, ty, presence)
    }

    fn object(name: &str, role: Role, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.into(),
            origin: format!("/components/schemas/{name}"),
            home: name.into(),
            doc: None,
            role,
            shape: Shape::Object(Object {
                fields,
                id: IdField::None,
            }),
            gate: Gate::Never,
        }
    }

    fn strings(count: usize) -> Vec<Field> {
        (0..count)
            .map(|i| field(&format!("s{i}"), TypeRef::String, Presence::Required))
            .collect()
    }

    fn boxed<'a>(types: &'a [TypeDef], owner: &str) -> Vec<&'a str> {
        let owner = types.iter().find(|t| t.name == owner).unwrap();
        let Shape::Object(object) = &owner.shape else {
            return Vec::new();
        };
        object
            .fields
            .iter()
            .filter(|f| f.boxed)
            .map(|f| f.name.as_str())
            .collect()
    }

    #[test]
    fn optional_fields_of_large_objects_are_boxed_in_responses_only() {
        let large = || TypeRef::Named("Large".into());
        let mut types = vec![
            object("Large", Role::Response, strings(LARGE_OBJECT + 1)),
            object("Small", Role::Response, strings(LARGE_OBJECT)),
            object(
                "Owner",
                Role::Response,
                vec![
                    field("optional", large(), Presence::Nullable),
                    field("required", large(), Presence::Required),
                    field("small", TypeRef::Named("Small".into()), Presence::Optional),
                    field(
                        "listed",
                        TypeRef::Array(Box::new(large())),
                        Presence::Optional,
                    ),
                ],
            ),
            object(
                "Params",
                Role::Request,
                vec![field("optional", large(), Presence::Optional)],
            ),
        ];
        box_large_objects(&mut types);
        assert_eq!(boxed(&types, "Owner"), ["optional"]);
        assert!(boxed(&types, "Params").is_empty());
    }

    #[test]
    fn an_object_made_small_by_boxing_its_own_fields_stays_inline() {
        let mut middle = strings(LARGE_OBJECT - 1);
        middle.push(field(
            "inner",
            TypeRef::Named("Large".into()),
            Presence::Optional,
        ));
        let mut types = vec![
            object("Large", Role::Response, strings(LARGE_OBJECT + 1)),
            object("Middle", Role::Response, middle),
            object(
                "Owner",
                Role::Response,
                vec![field(
                    "middle",
                    TypeRef::Named("Middle".into()),
                    Presence::Optional,
                )],
            ),
        ];
        box_large_objects(&mut types);
        assert_eq!(boxed(&types, "Middle"), ["inner"]);
        assert!(
            boxed(&types, "Owner").is_empty(),
            "Middle weighs 16 once inner is boxed"
        );
    }
}
