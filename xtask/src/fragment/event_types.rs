//! Gives Stripe's `event.type` the list of event types the spec knows. The `event` schema
//! leaves `type` a plain string, but the webhook-endpoint operations list every event a
//! webhook can be enabled for (`enabled_events`); the fragment carries that list as the
//! property's `enum`, so later stages read it like any other enum.

use serde_json::{Map, Value};

use crate::error::SpecProblem;
use crate::pointer::Pointer;

/// The component schema of an event.
pub const EVENT_SCHEMA: &str = "event";

/// The operations whose `enabled_events` parameter lists the event types; both hold the
/// same list in Stripe's spec, and any value in either is kept.
const EVENT_TYPE_SOURCES: [&str; 2] = [
    "PostWebhookEndpoints",
    "PostWebhookEndpointsWebhookEndpoint",
];

/// `enabled_events: ['*']` enables every event; it is no event type.
const ALL_EVENTS: &str = "*";

/// Adds the event types to `event.properties.type` in `schemas`, when the fragment holds
/// the event schema. `operation_at` finds an operation's pointer in `root` by its id.
pub fn add_event_types(
    root: &Value,
    operation_at: impl Fn(&str) -> Option<Pointer>,
    schemas: &mut Map<String, Value>,
) -> Result<(), SpecProblem> {
    let Some(event) = schemas.get_mut(EVENT_SCHEMA) else {
        return Ok(());
    };
    let type_at = Pointer::root()
        .push("components")
        .push("schemas")
        .push(EVENT_SCHEMA)
        .push("properties")
        .push("type");
    let Some(Value::Object(property)) = event.pointer_mut("/properties/type") else {
        return Err(SpecProblem::new(
            type_at,
            "the event schema has no `type` property to hold the event types",
        ));
    };
    if property.get("type").and_then(Value::as_str) != Some("string") {
        return Err(SpecProblem::new(
            type_at,
            "an event's `type` is expected to be a string",
        ));
    }

    let mut event_types: Vec<String> = Vec::new();
    let mut found_a_source = false;
    for id in EVENT_TYPE_SOURCES {
        let Some(operation_at) = operation_at(id) else {
            continue;
        };
        let list_at = operation_at
            .push("requestBody")
            .push("content")
            .push("application/x-www-form-urlencoded")
            .push("schema")
            .push("properties")
            .push("enabled_events")
            .push("items")
            .push("enum");
        let Some(values) = root.pointer(list_at.as_str()) else {
            continue;
        };
        let Value::Array(values) = values else {
            return Err(SpecProblem::new(list_at, "expected a list of event types"));
        };
        found_a_source = true;
        for (i, value) in values.iter().enumerate() {
            let Value::String(value) = value else {
                return Err(SpecProblem::new(
                    list_at.index(i),
                    "an event type is expected to be a string",
                ));
            };
            if value != ALL_EVENTS && !event_types.contains(value) {
                event_types.push(value.clone());
            }
        }
    }
    if !found_a_source {
        return Err(SpecProblem::new(
            Pointer::root().push("paths"),
            format!(
                "the event schema is served, but no operation lists the event types \
                 (`enabled_events` of {})",
                EVENT_TYPE_SOURCES.join(" or ")
            ),
        ));
    }
    if property.contains_key("enum") {
        return Err(SpecProblem::new(
            type_at,
            "the event's `type` already lists its values; the generator expected a plain \
             string and would overwrite them",
        ));
    }
    property.insert(
        "enum".to_owned(),
        Value::Array(event_types.into_iter().map(Value::String).collect()),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::fragment::extract;

    /// A spec with an event, the operation that serves it, and the webhook-endpoint
    /// operations that list the event types (`with_lists` of them).
    fn spec(with_lists: usize) -> serde_json::Value {
        let endpoint = |id: &str, types: &[&str]| {
            json!({"post": {
                "operationId": id,
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                    "type": "object",
                    "properties": {"enabled_events": {"type": "array", "items": {
                        "type": "string", "enum": types
                    }}}
                }}}},
                "responses": {}
            }})
        };
        let mut paths = json!({
            "/v1/events/{id}": {"get": {
                "operationId": "GetEventsId",
                "responses": {"200": {"content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/event"
                }}}}}
            }}
        });
        if with_lists > 0 {
            paths["/v1/webhook_endpoints"] =
                endpoint("PostWebhookEndpoints", &["*", "b.happened", "a.happened"]);
        }
        if with_lists > 1 {
            paths["/v1/webhook_endpoints/{webhook_endpoint}"] = endpoint(
                "PostWebhookEndpointsWebhookEndpoint",
                &["*", "a.happened", "c.happened"],
            );
        }
        json!({
            "openapi": "3.0.0",
            "paths": paths,
            "components": {"schemas": {"event": {
                "type": "object",
                "properties": {"type": {"type": "string", "description": "What happened."}}
            }}}
        })
    }

    fn served(spec: &serde_json::Value) -> Result<serde_json::Value, String> {
        extract(spec, &["GetEventsId".to_owned()])
            .map_err(|problem| format!("{}: {}", problem.pointer, problem.problem))
    }

    #[test]
    fn the_event_type_lists_every_type_the_endpoints_take_but_the_wildcard() {
        let fragment = served(&spec(2)).expect("extracts");
        assert_eq!(
            fragment["components"]["schemas"]["event"]["properties"]["type"],
            json!({
                "type": "string",
                "description": "What happened.",
                "enum": ["b.happened", "a.happened", "c.happened"]
            })
        );
        // The endpoints are not served: only their list is carried.
        assert_eq!(
            fragment["paths"].as_object().map(|paths| paths.len()),
            Some(1)
        );
        let fragment = served(&spec(1)).expect("extracts");
        assert_eq!(
            fragment["components"]["schemas"]["event"]["properties"]["type"]["enum"],
            json!(["b.happened", "a.happened"])
        );
    }

    #[test]
    fn an_event_without_a_list_of_types_is_an_error() {
        let error = served(&spec(0)).expect_err("no list");
        assert!(
            error.starts_with("/paths: the event schema is served, but no operation lists"),
            "{error}"
        );
        let mut typed = spec(1);
        typed["components"]["schemas"]["event"]["properties"]["type"]["enum"] = json!(["x"]);
        let error = served(&typed).expect_err("already an enum");
        assert!(
            error.starts_with("/components/schemas/event/properties/type: "),
            "{error}"
        );
    }
}
