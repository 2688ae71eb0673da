//! Which component schemas the operations reach, and resolving `$ref`s to them.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use crate::error::SpecProblem;
use crate::pointer::Pointer;

/// The component schemas of a spec, looked up by `$ref`.
pub struct Components<'a> {
    schemas: BTreeMap<&'a str, &'a ReferenceOr<Schema>>,
}

impl<'a> Components<'a> {
    pub fn new(openapi: &'a OpenAPI) -> Self {
        let schemas = openapi
            .components
            .iter()
            .flat_map(|components| components.schemas.iter())
            .map(|(name, schema)| (name.as_str(), schema))
            .collect();
        Components { schemas }
    }

    /// The name and schema `reference` (found at `at`) points to.
    pub fn resolve(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<(&'a str, &'a Schema), SpecProblem> {
        let mut reference = reference;
        // An alias chain longer than the number of schemas must loop.
        for _ in 0..=self.schemas.len() {
            let name = schema_name(reference, at)?;
            let Some((&name, &schema)) = self.schemas.get_key_value(name) else {
                return Err(SpecProblem::new(
                    at.clone(),
                    format!("`$ref: {reference}` points to nothing: there is no schema `{name}`"),
                ));
            };
            match schema {
                ReferenceOr::Item(schema) => return Ok((name, schema)),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        Err(SpecProblem::new(
            at.clone(),
            format!("`$ref: {reference}` is part of a loop of references"),
        ))
    }

    pub fn pointer(name: &str) -> Pointer {
        Pointer::root()
            .push("components")
            .push("schemas")
            .push(name)
    }

    /// Every component schema reachable from `roots`, by name.
    pub fn reachable(
        &self,
        roots: &[(&'a ReferenceOr<Schema>, Pointer)],
    ) -> Result<BTreeMap<&'a str, &'a Schema>, SpecProblem> {
        let mut found = BTreeMap::new();
        let mut pending: Vec<(Reference<'a>, Pointer)> = Vec::new();
        for (schema, at) in roots {
            match schema {
                ReferenceOr::Reference { reference } => {
                    pending.push((Reference::Ref(reference), at.push("$ref")));
                }
                ReferenceOr::Item(schema) => pending.push((Reference::Inline(schema), at.clone())),
            }
        }
        while let Some((next, at)) = pending.pop() {
            let (schema, at) = match next {
                Reference::Ref(reference) => {
                    let (name, schema) = self.resolve(reference, &at)?;
                    if found.insert(name, schema).is_some() {
                        continue;
                    }
                    (schema, Self::pointer(name))
                }
                Reference::Inline(schema) => (schema, at),
            };
            children(schema, &at, &mut pending);
        }
        Ok(found)
    }
}

enum Reference<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

/// The schema name in `#/components/schemas/NAME`.
fn schema_name<'r>(reference: &'r str, at: &Pointer) -> Result<&'r str, SpecProblem> {
    if let Some(name) = reference.strip_prefix("#/components/schemas/")
        && !name.is_empty()
        && !name.contains('/')
    {
        return Ok(name);
    }
    let problem = if reference.starts_with('#') {
        format!("`$ref: {reference}` does not name a schema (`#/components/schemas/NAME`)")
    } else {
        format!(
            "`$ref: {reference}` points outside this document; \
             only local references (`#/components/schemas/NAME`) are supported"
        )
    };
    Err(SpecProblem::new(at.clone(), problem))
}

/// Queues the sub-schemas of `schema` (found at `at`).
fn children<'a>(schema: &'a Schema, at: &Pointer, pending: &mut Vec<(Reference<'a>, Pointer)>) {
    let mut push = |child: (Option<&'a str>, Option<&'a Schema>), at: Pointer| match child {
        (Some(reference), _) => pending.push((Reference::Ref(reference), at.push("$ref"))),
        (None, Some(schema)) => pending.push((Reference::Inline(schema), at)),
        (None, None) => {}
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            for (name, property) in &object.properties {
                push(split(property), at.push("properties").push(name));
            }
            if let Some(AdditionalProperties::Schema(value)) = &object.additional_properties {
                push(split(value), at.push("additionalProperties"));
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &array.items {
                push(split(items), at.push("items"));
            }
        }
        SchemaKind::Type(_) => {}
        SchemaKind::AnyOf { any_of: list }
        | SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list } => {
            let key = combinator_key(&schema.schema_kind);
            for (i, item) in list.iter().enumerate() {
                push(split(item), at.push(key).index(i));
            }
        }
        SchemaKind::Not { not } => push(split(not), at.push("not")),
        SchemaKind::Any(any) => {
            for (name, property) in &any.properties {
                push(split(property), at.push("properties").push(name));
            }
            if let Some(items) = &any.items {
                push(split(items), at.push("items"));
            }
            if let Some(AdditionalProperties::Schema(value)) = &any.additional_properties {
                push(split(value), at.push("additionalProperties"));
            }
            for (key, list) in [
                ("anyOf", &any.any_of),
                ("oneOf", &any.one_of),
                ("allOf", &any.all_of),
            ] {
                for (i, item) in list.iter().enumerate() {
                    push(split(item), at.push(key).index(i));
                }
            }
        }
    }
}

/// The spec keyword of a combinator schema kind.
pub fn combinator_key(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::OneOf { .. } => "oneOf",
        SchemaKind::AllOf { .. } => "allOf",
        SchemaKind::Not { .. } => "not",
        SchemaKind::Type(_) | SchemaKind::Any(_) => "",
    }
}

/// A `$ref` or an inline schema, whichever `value` holds.
pub fn split<T: Borrow<Schema>>(value: &ReferenceOr<T>) -> (Option<&str>, Option<&Schema>) {
    match value {
        ReferenceOr::Reference { reference } => (Some(reference), None),
        ReferenceOr::Item(schema) => (None, Some(schema.borrow())),
    }
}
