//! Finds what differs between two models, and judges each difference by what it does to
//! code written against the old generated crate: response structs, enums and unions are
//! `#[non_exhaustive]`, so growing them is additive; anything that changes a Rust type, a
//! name or a constructor's arguments, or drops something, is breaking.

use std::collections::BTreeMap;

use super::fields::{FieldOwner, Label, compare_fields, type_text};
use super::report::code;
use super::{Change, Impact, Subject};
use crate::emit::operation::{rust_call, wire_call};
use crate::emit::types::rust_type;
use crate::lower::names::CATCH_ALL_VARIANT;
use crate::model::{
    Api, Choice, ChoiceValue, Enum, Operation, Params, ParamsLocation, Role, Shape, TypeDef, Union,
};

/// Every change from `old` to `new`, sorted by subject, then by text. An alias is
/// compared as the definition it names: to its users, that is what it is.
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let (old, new) = (&old.with_aliases_expanded(), &new.with_aliases_expanded());
    let mut changes = Changes::default();
    for (name, pair) in paired(&old.types, &new.types, |def| &def.name) {
        let subject = Subject::Type(name.to_owned());
        match pair {
            (None, Some(def)) => changes.add(
                &subject,
                Impact::Additive,
                format!("Type {} added: {}.", code(name), kind(def)),
            ),
            (Some(_), None) => changes.add(
                &subject,
                Impact::Breaking,
                format!("Type {} removed.", code(name)),
            ),
            (Some(old), Some(new)) => compare_type(&subject, old, new, &mut changes),
            (None, None) => {}
        }
    }
    for (id, pair) in paired(&old.operations, &new.operations, |op| &op.id) {
        let subject = Subject::Operation(id.to_owned());
        match pair {
            (None, Some(op)) => changes.add(
                &subject,
                Impact::Additive,
                format!("{} added: {}.", operation_label(op), code(&rust_call(op))),
            ),
            (Some(op), None) => changes.add(
                &subject,
                Impact::Breaking,
                format!("{} removed.", operation_label(op)),
            ),
            (Some(old), Some(new)) => compare_operation(&subject, old, new, &mut changes),
            (None, None) => {}
        }
    }
    let mut changes = changes.0;
    changes.sort();
    changes
}

/// The changes found so far, each with its subject, by which the report groups them.
#[derive(Default)]
pub(super) struct Changes(Vec<Change>);

impl Changes {
    pub(super) fn add(&mut self, subject: &Subject, impact: Impact, text: String) {
        self.0.push(Change {
            subject: subject.clone(),
            impact,
            text,
        });
    }
}

/// The items of two lists matched up by key, in key order: an item only on the new side
/// was added, one only on the old side removed.
pub(super) fn paired<'a, T>(
    old: &'a [T],
    new: &'a [T],
    key: impl Fn(&'a T) -> &'a str,
) -> BTreeMap<&'a str, (Option<&'a T>, Option<&'a T>)> {
    let mut pairs: BTreeMap<&str, (Option<&T>, Option<&T>)> = BTreeMap::new();
    for item in old {
        pairs.entry(key(item)).or_default().0 = Some(item);
    }
    for item in new {
        pairs.entry(key(item)).or_default().1 = Some(item);
    }
    pairs
}

/// What kind of Rust item a type is; a type that changes kind is a different item.
fn kind(def: &TypeDef) -> &'static str {
    match (&def.shape, def.role) {
        (Shape::Object(_), Role::Response) => "a struct",
        (Shape::Object(_), Role::Request) => "a request struct",
        (Shape::Enum(_), _) => "a string enum",
        (Shape::Union(_), _) => "a union enum",
        (Shape::Choice(_), _) => "a request enum of alternatives",
        (Shape::Alias(_), _) => "a type alias",
    }
}

fn compare_type(subject: &Subject, old: &TypeDef, new: &TypeDef, changes: &mut Changes) {
    let name = &new.name;
    match (&old.shape, &new.shape) {
        (Shape::Object(before), Shape::Object(after)) if old.role == new.role => {
            // Request structs are built with `new(required fields...)`; response structs
            // are only ever decoded, so their required fields are nobody's argument.
            let constructor = (new.role == Role::Request).then(|| format!("{name}::new"));
            let owner = FieldOwner {
                subject,
                label: Label::TypeField(name),
                constructor,
            };
            compare_fields(&owner, &before.fields, &after.fields, changes);
        }
        (Shape::Enum(before), Shape::Enum(after)) => {
            compare_enum(subject, name, before, after, changes);
        }
        (Shape::Union(before), Shape::Union(after)) => {
            compare_union(subject, name, before, after, changes);
        }
        (Shape::Choice(before), Shape::Choice(after)) => {
            compare_choice(subject, name, before, after, changes);
        }
        _ => changes.add(
            subject,
            Impact::Breaking,
            format!(
                "Type {} changed from {} to {}.",
                code(name),
                kind(old),
                kind(new)
            ),
        ),
    }
}

fn compare_enum(subject: &Subject, name: &str, old: &Enum, new: &Enum, changes: &mut Changes) {
    let variant = |variant: &str| code(&format!("{name}::{variant}"));
    for (wire, pair) in paired(&old.values, &new.values, |value| &value.wire) {
        let value = format!("{} value {}", code(name), code(wire));
        match pair {
            (None, Some(added)) => changes.add(
                subject,
                Impact::Additive,
                format!("{value} added ({}).", variant(&added.name)),
            ),
            (Some(removed), None) => changes.add(
                subject,
                Impact::Breaking,
                format!(
                    "{value} removed ({}); it now decodes as {}.",
                    variant(&removed.name),
                    variant(CATCH_ALL_VARIANT)
                ),
            ),
            (Some(before), Some(after)) if before.name != after.name => changes.add(
                subject,
                Impact::Breaking,
                format!(
                    "{value} is now {} instead of {}.",
                    variant(&after.name),
                    variant(&before.name)
                ),
            ),
            _ => {}
        }
    }
}

/// A request enum is built by callers: a new variant is one more way to send the value,
/// and one that goes or changes what it holds breaks the code that builds it.
fn compare_choice(
    subject: &Subject,
    name: &str,
    old: &Choice,
    new: &Choice,
    changes: &mut Changes,
) {
    let holding = |value: &ChoiceValue| match value {
        ChoiceValue::Value(ty) => code(&type_text(rust_type(ty))),
        ChoiceValue::Literal(wire) => format!("nothing (sends {})", code(wire)),
    };
    for (variant, pair) in paired(&old.variants, &new.variants, |v| &v.name) {
        let label = format!("{} variant {}", code(name), code(variant));
        match pair {
            (None, Some(added)) => changes.add(
                subject,
                Impact::Additive,
                format!("{label} added, holding {}.", holding(&added.value)),
            ),
            (Some(_), None) => changes.add(subject, Impact::Breaking, format!("{label} removed.")),
            (Some(before), Some(after)) if before.value != after.value => changes.add(
                subject,
                Impact::Breaking,
                format!(
                    "{label} now holds {} instead of {}.",
                    holding(&after.value),
                    holding(&before.value)
                ),
            ),
            _ => {}
        }
    }
}

fn compare_union(subject: &Subject, name: &str, old: &Union, new: &Union, changes: &mut Changes) {
    for (variant, pair) in paired(&old.variants, &new.variants, |v| &v.name) {
        let label = format!("{} variant {}", code(name), code(variant));
        match pair {
            (None, Some(added)) => {
                let holding = if added.ty == added.name {
                    String::new()
                } else {
                    format!(", holding {}", code(&added.ty))
                };
                changes.add(
                    subject,
                    Impact::Additive,
                    format!("{label} added{holding}."),
                );
            }
            (Some(_), None) => changes.add(
                subject,
                Impact::Breaking,
                format!(
                    "{label} removed; such objects now decode as {}.",
                    code(&format!("{name}::{CATCH_ALL_VARIANT}"))
                ),
            ),
            (Some(before), Some(after)) if before.ty != after.ty => changes.add(
                subject,
                Impact::Breaking,
                format!(
                    "{label} now holds {} instead of {}.",
                    code(&after.ty),
                    code(&before.ty)
                ),
            ),
            _ => {}
        }
    }
}

/// How the report names an operation: by its id, to look it up by, and its HTTP call, to
/// recognise it by.
fn operation_label(op: &Operation) -> String {
    format!("Operation {} ({})", code(&op.id), code(&wire_call(op)))
}

fn compare_operation(subject: &Subject, old: &Operation, new: &Operation, changes: &mut Changes) {
    let label = operation_label(new);
    let mut add = |impact, text: String| changes.add(subject, impact, format!("{label}: {text}"));
    let (old_call, new_call) = (rust_call(old), rust_call(new));
    if old_call != new_call {
        add(
            Impact::Breaking,
            format!(
                "now called as {} instead of {}.",
                code(&new_call),
                code(&old_call)
            ),
        );
    } else if wire_call(old) != wire_call(new) {
        add(
            Impact::Additive,
            format!(
                "was sent as {}; the Rust call is unchanged.",
                code(&wire_call(old))
            ),
        );
    }
    if old.path_params.len() != new.path_params.len() {
        add(
            Impact::Breaking,
            format!(
                "takes {} path arguments instead of {}.",
                new.path_params.len(),
                old.path_params.len()
            ),
        );
    }
    for (what, before, after) in [
        ("response", &old.response, &new.response),
        ("error", &old.error, &new.error),
    ] {
        let (before, after) = (type_text(rust_type(before)), type_text(rust_type(after)));
        if before != after {
            add(
                Impact::Breaking,
                format!(
                    "{what} type changed from {} to {}.",
                    code(&before),
                    code(&after)
                ),
            );
        }
    }
    match (&old.params, &new.params) {
        (None, Some(params)) => add(
            Impact::Breaking,
            format!("now takes parameters, {}.", code(&params.name)),
        ),
        (Some(params), None) => add(
            Impact::Breaking,
            format!("no longer takes parameters (was {}).", code(&params.name)),
        ),
        (Some(before), Some(after)) => {
            compare_params(subject, &label, before, after, changes);
        }
        (None, None) => {}
    }
}

fn compare_params(
    subject: &Subject,
    label: &str,
    old: &Params,
    new: &Params,
    changes: &mut Changes,
) {
    if old.name != new.name {
        changes.add(
            subject,
            Impact::Breaking,
            format!(
                "{label}: parameters type renamed from {} to {}.",
                code(&old.name),
                code(&new.name)
            ),
        );
    }
    if old.location != new.location {
        let place = |location| match location {
            ParamsLocation::Body => "the request body",
            ParamsLocation::Multipart => "the multipart request body",
            ParamsLocation::Query => "the query string",
        };
        changes.add(
            subject,
            Impact::Additive,
            format!(
                "{label}: parameters are now sent in {} instead of {}.",
                place(new.location),
                place(old.location)
            ),
        );
    }
    let owner = FieldOwner {
        subject,
        label: Label::Parameter(label),
        constructor: Some(format!("{}::new", new.name)),
    };
    compare_fields(&owner, &old.fields, &new.fields, changes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EnumValue, Field, Gate, IdField, Object, Presence, TypeRef, Variant};

    fn field(name: &str, ty: TypeRef, presence: Presence) -> Field {
        Field::named(name, ty, presence)
    }

    fn def(name: &str, shape: Shape) -> TypeDef {
        TypeDef {
            name: name.into(),
            origin: String::new(),
            home: name.into(),
            doc: None,
            role: Role::Response,
            shape,
            gate: Gate::Never,
        }
    }

    fn object(fields: Vec<Field>) -> Shape {
        Shape::Object(Object {
            fields,
            id: IdField::None,
        })
    }

    /// A string enum of `wires`.
    fn values(wires: &[&str]) -> Shape {
        Shape::Enum(Enum {
            values: wires
                .iter()
                .map(|wire| EnumValue {
                    wire: (*wire).into(),
                    name: crate::lower::names::variant_name(wire).unwrap_or_default(),
                })
                .collect(),
        })
    }

    fn api(types: Vec<TypeDef>) -> Api {
        Api {
            version: "v".into(),
            types,
            operations: Vec::new(),
        }
    }

    fn texts(old: &Api, new: &Api) -> Vec<(Impact, String)> {
        compare(old, new)
            .into_iter()
            .map(|change| (change.impact, change.text))
            .collect()
    }

    #[test]
    fn fields_are_judged_by_their_rust_type() {
        let old = api(vec![def(
            "Session",
            object(vec![
                field("amount", TypeRef::Integer, Presence::Required),
                field("gone", TypeRef::Boolean, Presence::Optional),
                field("status", TypeRef::String, Presence::Nullable),
                field("total", TypeRef::Integer, Presence::Nullable),
            ]),
        )]);
        let new = api(vec![def(
            "Session",
            object(vec![
                field("amount", TypeRef::Integer, Presence::RequiredNullable),
                field("new", TypeRef::Timestamp, Presence::Required),
                field("status", TypeRef::String, Presence::Optional),
                field("total", TypeRef::Decimal, Presence::Nullable),
            ]),
        )]);
        assert_eq!(
            texts(&old, &new),
            [
                (
                    Impact::Breaking,
                    "`Session.amount` changed type from `i64` to `Option<i64>` \
                     (required to optional)."
                        .to_owned()
                ),
                (
                    Impact::Breaking,
                    "`Session.gone` removed (was `Option<bool>`).".to_owned()
                ),
                (
                    Impact::Breaking,
                    "`Session.total` changed type from `Option<i64>` to \
                     `Option<stripe_api::Decimal>`."
                        .to_owned()
                ),
                (
                    Impact::Additive,
                    "`Session.new` added: `stripe_api::Timestamp`.".to_owned()
                ),
                (
                    Impact::Additive,
                    "`Session.status` changed from nullable to optional, still \
                     `Option<String>`: an unset value is now left out of the JSON instead \
                     of written as `null`."
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn enums_and_unions_grow_additively_and_shrink_breakingly() {
        let union = |names: &[&str]| {
            Shape::Union(Union {
                variants: names
                    .iter()
                    .map(|name| Variant {
                        name: (*name).into(),
                        ty: (*name).into(),
                        tags: Vec::new(),
                        required: Vec::new(),
                        gate: Gate::Always,
                    })
                    .collect(),
            })
        };
        let old = api(vec![
            def("Source", union(&["Card", "Customer"])),
            def("Status", values(&["open", "expired"])),
        ]);
        let new = api(vec![
            def("Source", union(&["Card", "DeletedCustomer"])),
            def("Status", values(&["open", "paused"])),
        ]);
        assert_eq!(
            texts(&old, &new),
            [
                (
                    Impact::Breaking,
                    "`Source` variant `Customer` removed; such objects now decode as \
                     `Source::Unrecognized`."
                        .to_owned()
                ),
                (
                    Impact::Additive,
                    "`Source` variant `DeletedCustomer` added.".to_owned()
                ),
                (
                    Impact::Breaking,
                    "`Status` value `expired` removed (`Status::Expired`); it now decodes \
                     as `Status::Unrecognized`."
                        .to_owned()
                ),
                (
                    Impact::Additive,
                    "`Status` value `paused` added (`Status::Paused`).".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn an_alias_is_compared_as_the_enum_it_names() {
        let old = api(vec![
            def("Allowed", values(&["at", "de"])),
            def("Blocked", Shape::Alias("Allowed".into())),
        ]);
        let new = api(vec![
            def("Allowed", values(&["at", "de"])),
            def("Blocked", values(&["at", "de", "fr"])),
        ]);
        assert_eq!(
            texts(&old, &new),
            [(
                Impact::Additive,
                "`Blocked` value `fr` added (`Blocked::Fr`).".to_owned()
            )]
        );
        assert!(texts(&new, &new).is_empty());
    }

    #[test]
    fn a_type_that_changes_kind_is_one_breaking_change() {
        let old = api(vec![def("Thing", object(Vec::new()))]);
        let new = api(vec![def("Thing", Shape::Enum(Enum { values: Vec::new() }))]);
        assert_eq!(
            texts(&old, &new),
            [(
                Impact::Breaking,
                "Type `Thing` changed from a struct to a string enum.".to_owned()
            )]
        );
        assert!(texts(&old, &old).is_empty());
    }
}
