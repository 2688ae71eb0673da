//! The object a Stripe event is about. The spec leaves `data.object` of an event an
//! untyped object; it is typed as a union of the resources the crate's operations return,
//! chosen by the object's `object` tag, so an event about something the crate serves
//! decodes to that type and any other event still decodes, as JSON.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Schema, SchemaKind, StatusCode, Type};

use super::features::operation_gate;
use super::operation::Found;
use super::reach::{Components, split};
use crate::error::SpecProblem;
use crate::model::Gate;
use crate::pointer::Pointer;

/// The media type of Stripe's responses.
const JSON: &str = "application/json";

/// The schema of an event's `data`, whose `object` property becomes the union.
const EVENT_DATA_SCHEMA: &str = "notification_event_data";
const EVENT_DATA_OBJECT: &str = "object";
/// The event itself, which is never what an event is about.
const EVENT_SCHEMA: &str = "event";

/// The name of the union.
pub const EVENT_OBJECT: &str = "EventObject";

/// What the union's documentation says it is.
pub const EVENT_OBJECT_DOC: &str = "The object an event is about (`data.object`): the \
resource as it was when the event happened. There is a variant for every resource the \
operations of the enabled cargo features return, chosen by the object's `object` tag; an \
object of one of those types that does not decode as it fails, naming the field, and an \
object of any other type is kept, as its JSON, in `Unrecognized`, so an event about \
anything else still decodes, whichever features are on.";

/// Where the spec defines the property that holds the object an event is about.
pub fn event_object_at() -> Pointer {
    Components::pointer(EVENT_DATA_SCHEMA)
        .push("properties")
        .push(EVENT_DATA_OBJECT)
}

/// The `$ref`s of the resources the operations return, in component name order: the
/// component a success response names, or the item of a top-level list it returns (a list
/// under a resource, such as a session's line items, holds parts of that resource, which
/// events are not about). Only objects with an `object` tag count, as that is how an
/// event's object is told apart.
///
/// Each comes with the gate of the operations that return it: the event's variant for a
/// resource compiles when a feature serving the resource is on.
pub fn served_resources<'a>(
    found: &[Found<'a>],
    components: &Components<'a>,
) -> Result<Vec<(&'a str, Pointer, Gate)>, SpecProblem> {
    let mut served: BTreeMap<&'a str, (&'a str, Pointer, Gate)> = BTreeMap::new();
    for operation in found {
        let gate = operation_gate(operation.path);
        let responses_at = operation.at.push("responses");
        for (code, response) in &operation.operation.responses.responses {
            let (StatusCode::Code(200..=299), ReferenceOr::Item(response)) = (code, response)
            else {
                continue;
            };
            let Some(schema) = response.content.get(JSON).and_then(|c| c.schema.as_ref()) else {
                continue;
            };
            let schema_at = responses_at
                .push(&code.to_string())
                .push("content")
                .push(JSON)
                .push("schema");
            let top_level = !operation.path.contains('{');
            let Some((reference, reference_at)) = resource_ref(schema, &schema_at, top_level)
            else {
                continue;
            };
            let (name, schema) = components.resolve(reference, &reference_at)?;
            if name != EVENT_SCHEMA && has_object_tag(schema) {
                served
                    .entry(name)
                    .or_insert((reference, reference_at, Gate::Never))
                    .2
                    .widen(&gate);
            }
        }
    }
    Ok(served.into_values().collect())
}

/// The `$ref` of a response schema, or of the items of the list it is when `lists` says
/// lists count; with its pointer.
fn resource_ref<'a>(
    schema: &'a ReferenceOr<Schema>,
    at: &Pointer,
    lists: bool,
) -> Option<(&'a str, Pointer)> {
    match schema {
        ReferenceOr::Reference { reference } => Some((reference, at.clone())),
        ReferenceOr::Item(_) if !lists => None,
        ReferenceOr::Item(schema) => {
            let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
                return None;
            };
            let data = split(object.properties.get("data")?).1?;
            let SchemaKind::Type(Type::Array(array)) = &data.schema_kind else {
                return None;
            };
            let object_is_list = split(object.properties.get("object")?).1.is_some_and(|s| {
                matches!(&s.schema_kind, SchemaKind::Type(Type::String(string))
                    if string.enumeration == [Some("list".to_owned())])
            });
            match (array.items.as_ref().map(split), object_is_list) {
                (Some((Some(reference), _)), true) => {
                    Some((reference, at.push("properties").push("data").push("items")))
                }
                _ => None,
            }
        }
    }
}

fn has_object_tag(schema: &Schema) -> bool {
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return false;
    };
    object.required.iter().any(|name| name == "object")
        && object.properties.get("object").is_some_and(|property| {
            matches!(split(property).1.map(|s| &s.schema_kind),
                Some(SchemaKind::Type(Type::String(string))) if string.enumeration.len() == 1)
        })
}
