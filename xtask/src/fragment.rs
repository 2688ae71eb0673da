//! Cuts a full spec down to the chosen operations and every component they reach through
//! `$ref`, as an OpenAPI 3.0 document that stands on its own. What codegen needs from the
//! rest of the spec is carried into it: the event types, which the `event` schema leaves
//! a plain string.

mod event_types;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::error::SpecProblem;
use crate::pointer::Pointer;

/// The HTTP methods a path item can hold, in the order OpenAPI lists them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Top-level fields copied unchanged, because they describe the API as a whole.
const DOCUMENT_FIELDS: [&str; 4] = ["openapi", "info", "servers", "security"];

/// Builds the fragment holding `operation_ids` from the spec `root`.
pub fn extract(root: &Value, operation_ids: &[String]) -> Result<Value, SpecProblem> {
    let paths_at = Pointer::root().push("paths");
    let paths = object_at(root, &paths_at)?;
    let found = find_operations(paths, &paths_at)?;

    let mut out_paths = Map::new();
    let mut reached = Reached::default();
    for id in operation_ids {
        let Some((path, method)) = found.get(id.as_str()) else {
            return Err(SpecProblem::new(
                paths_at.clone(),
                format!("no operation has the operationId `{id}`"),
            ));
        };
        let item_at = paths_at.push(path);
        let item = object_at(root, &item_at)?;
        let entry = out_paths
            .entry((*path).to_owned())
            .or_insert_with(|| Value::Object(path_item_without_operations(item)));
        let operation = &item[*method];
        entry[*method] = operation.clone();
        reached.walk(root, operation, &item_at.push(method))?;
        reached.walk(
            root,
            &Value::Object(path_item_without_operations(item)),
            &item_at,
        )?;
        reached.security(root, operation.get("security"));
    }
    reached.security(root, root.get("security"));
    let mut components = reached.into_components();
    if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
        let operation_at = |id: &str| {
            found
                .get(id)
                .map(|(path, method)| paths_at.push(path).push(method))
        };
        event_types::add_event_types(root, operation_at, schemas)?;
    }

    let mut out = Map::new();
    for field in DOCUMENT_FIELDS {
        if let Some(value) = root.get(field) {
            out.insert(field.to_owned(), value.clone());
        }
    }
    out.insert("paths".to_owned(), Value::Object(out_paths));
    out.insert("components".to_owned(), components);
    Ok(Value::Object(out))
}

/// The media types of the request bodies the client sends.
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";
/// The media type of the responses the client decodes.
const JSON: &str = "application/json";

/// The operations of a spec, sorted by id: those the client can call, and those it
/// cannot, each with the reason.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AllOperations {
    pub callable: Vec<String>,
    pub skipped: Vec<(String, String)>,
}

/// Every operation in the spec `root`. The client sends form-encoded bodies and uploads
/// (`multipart/form-data`), and reads JSON or one file (a PDF), so an operation that
/// takes another kind of body, or answers with several kinds of document none of which is
/// JSON, is skipped.
pub fn all_operations(root: &Value) -> Result<AllOperations, SpecProblem> {
    let paths_at = Pointer::root().push("paths");
    let found = find_operations(object_at(root, &paths_at)?, &paths_at)?;
    let mut all = AllOperations::default();
    for (id, (path, method)) in found {
        let operation = &root["paths"][path][method];
        let body_media: Vec<&String> = operation
            .pointer("/requestBody/content")
            .and_then(Value::as_object)
            .map(|content| content.keys().collect())
            .unwrap_or_default();
        let success_media: Vec<&String> = operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter(|(code, _)| code.starts_with('2'))
            .filter_map(|(_, response)| response.get("content").and_then(Value::as_object))
            .flat_map(|content| content.keys())
            .collect();
        let sendable = |media: &&String| *media == FORM || *media == MULTIPART;
        let reason = if !body_media.is_empty() && !body_media.iter().any(sendable) {
            Some(format!("its request body is {}", joined(&body_media)))
        } else if success_media.len() > 1 && !success_media.iter().any(|m| *m == JSON) {
            Some(format!("it answers with {}", joined(&success_media)))
        } else {
            None
        };
        match reason {
            Some(reason) => all.skipped.push((id.to_owned(), reason)),
            None => all.callable.push(id.to_owned()),
        }
    }
    Ok(all)
}

fn joined(media: &[&String]) -> String {
    media
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every operation by id, with the path and method that hold it.
fn find_operations<'a>(
    paths: &'a Map<String, Value>,
    at: &Pointer,
) -> Result<BTreeMap<&'a str, (&'a str, &'static str)>, SpecProblem> {
    let mut found = BTreeMap::new();
    for (path, item) in paths {
        for method in METHODS {
            let Some(id) = item.get(method).and_then(|op| op.get("operationId")) else {
                continue;
            };
            let id_at = at.push(path).push(method).push("operationId");
            let id = id
                .as_str()
                .ok_or_else(|| SpecProblem::new(id_at.clone(), "operationId is not a string"))?;
            if found.insert(id, (path.as_str(), method)).is_some() {
                return Err(SpecProblem::new(
                    id_at,
                    format!("operationId `{id}` is used by more than one operation"),
                ));
            }
        }
    }
    Ok(found)
}

fn path_item_without_operations(item: &Map<String, Value>) -> Map<String, Value> {
    item.iter()
        .filter(|(key, _)| !METHODS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

fn object_at<'a>(root: &'a Value, at: &Pointer) -> Result<&'a Map<String, Value>, SpecProblem> {
    root.pointer(at.as_str())
        .and_then(Value::as_object)
        .ok_or_else(|| SpecProblem::new(at.clone(), "expected a mapping"))
}

/// The components reached so far, keyed by kind (`schemas`) then name.
#[derive(Default)]
struct Reached {
    components: BTreeMap<String, BTreeMap<String, Value>>,
    seen: BTreeSet<Pointer>,
}

impl Reached {
    /// Follows every `$ref` under `value` (found at `at`), adding what they reach.
    fn walk(&mut self, root: &Value, value: &Value, at: &Pointer) -> Result<(), SpecProblem> {
        let mut pending = vec![(value, at.clone())];
        while let Some((value, at)) = pending.pop() {
            match value {
                Value::Object(map) => {
                    for (key, child) in map {
                        let child_at = at.push(key);
                        match (key.as_str(), child) {
                            ("$ref", Value::String(reference)) => {
                                if let Some((target, target_at)) =
                                    self.follow(root, reference, &child_at)?
                                {
                                    pending.push((target, target_at));
                                }
                            }
                            _ => pending.push((child, child_at)),
                        }
                    }
                }
                Value::Array(items) => {
                    for (i, child) in items.iter().enumerate() {
                        pending.push((child, at.index(i)));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Records the component `reference` names; returns it when it is new.
    fn follow<'a>(
        &mut self,
        root: &'a Value,
        reference: &str,
        at: &Pointer,
    ) -> Result<Option<(&'a Value, Pointer)>, SpecProblem> {
        let target = Pointer::from_local_ref(reference).ok_or_else(|| {
            SpecProblem::new(
                at.clone(),
                format!(
                    "`$ref: {reference}` points outside this document; \
                     only local references (`#/components/...`) are supported"
                ),
            )
        })?;
        let tokens: Vec<String> = target.tokens().collect();
        let [components, kind, name] = tokens.as_slice() else {
            return Err(SpecProblem::new(
                at.clone(),
                format!("`$ref: {reference}` does not name a component (`#/components/KIND/NAME`)"),
            ));
        };
        let value = root
            .pointer(target.as_str())
            .filter(|_| components == "components");
        let Some(value) = value else {
            return Err(SpecProblem::new(
                at.clone(),
                format!("`$ref: {reference}` points to nothing: there is no {target}"),
            ));
        };
        if !self.seen.insert(target.clone()) {
            return Ok(None);
        }
        self.components
            .entry(kind.clone())
            .or_default()
            .insert(name.clone(), value.clone());
        Ok(Some((value, target)))
    }

    /// Copies the security schemes a `security` requirement list names.
    fn security(&mut self, root: &Value, requirements: Option<&Value>) {
        let Some(Value::Array(requirements)) = requirements else {
            return;
        };
        for requirement in requirements.iter().filter_map(Value::as_object) {
            for name in requirement.keys() {
                let at = Pointer::root()
                    .push("components")
                    .push("securitySchemes")
                    .push(name);
                if let Some(scheme) = root.pointer(at.as_str()) {
                    self.components
                        .entry("securitySchemes".to_owned())
                        .or_default()
                        .insert(name.clone(), scheme.clone());
                }
            }
        }
    }

    fn into_components(self) -> Value {
        Value::Object(
            self.components
                .into_iter()
                .map(|(kind, named)| (kind, Value::Object(named.into_iter().collect())))
                .collect(),
        )
    }
}

/// Checks that every `$ref` in `document` is local and points to a value inside it.
pub fn check_refs(document: &Value) -> Result<(), SpecProblem> {
    let mut pending = vec![(document, Pointer::root())];
    while let Some((value, at)) = pending.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_at = at.push(key);
                    if let ("$ref", Value::String(reference)) = (key.as_str(), child) {
                        let resolves = Pointer::from_local_ref(reference)
                            .is_some_and(|target| document.pointer(target.as_str()).is_some());
                        if !resolves {
                            return Err(SpecProblem::new(
                                child_at,
                                format!("`$ref: {reference}` does not resolve inside the fragment"),
                            ));
                        }
                    } else {
                        pending.push((child, child_at));
                    }
                }
            }
            Value::Array(items) => {
                pending.extend(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, child)| (child, at.index(i))),
                );
            }
            _ => {}
        }
    }
    Ok(())
}

/// Serializes a fragment as YAML, keys sorted at every level so that the output depends
/// only on the spec's content, not on the order or syntax it was written in.
pub fn to_yaml(fragment: &Value, header: &str) -> String {
    let body = serde_yaml::to_string(&sorted(fragment))
        // A JSON tree always has a YAML form; the only failure is a non-string map key,
        // which a `serde_json::Value` cannot hold.
        .unwrap_or_else(|error| unreachable!("a JSON tree is always valid YAML: {error}"));
    format!("{header}{body}")
}

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let ordered: BTreeMap<&String, Value> =
                map.iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(ordered.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dangling_ref_is_named_by_its_pointer() {
        let document = serde_json::json!({
            "components": {"schemas": {
                "a": {"properties": {"b": {"$ref": "#/components/schemas/b"}}},
                "c": {"items": [{"$ref": "#/components/schemas/a"}]},
            }}
        });
        let problem = check_refs(&document).unwrap_err();
        assert_eq!(problem.pointer, "/components/schemas/a/properties/b/$ref");
        assert!(
            problem.problem.contains("#/components/schemas/b"),
            "{problem:?}"
        );
    }

    #[test]
    fn refs_that_resolve_pass() {
        let document = serde_json::json!({
            "components": {"schemas": {
                "a": {"type": "string"},
                "c": {"items": [{"$ref": "#/components/schemas/a"}]},
            }}
        });
        assert_eq!(check_refs(&document), Ok(()));
    }

    #[test]
    fn operations_the_client_cannot_call_are_skipped_with_the_reason() {
        let json = |media: &str| serde_json::json!({"content": {media: {"schema": {}}}});
        let two = serde_json::json!({"content": {"text/csv": {}, "text/plain": {}}});
        let root = serde_json::json!({"paths": {
            "/v1/files": {"post": {
                "operationId": "PostFiles",
                "requestBody": json("multipart/form-data"),
                "responses": {"200": json("application/json")},
            }},
            "/v1/quotes/{quote}/pdf": {"get": {
                "operationId": "GetQuotesQuotePdf",
                "responses": {"200": json("application/pdf"), "default": json("application/json")},
            }},
            "/v1/quotes": {"post": {
                "operationId": "PostQuotes",
                "requestBody": json("application/x-www-form-urlencoded"),
                "responses": {"200": json("application/json")},
            }},
            "/v1/reports": {"post": {
                "operationId": "PostReports",
                "requestBody": json("application/xml"),
                "responses": {"200": json("application/json")},
            }},
            "/v1/reports/{report}": {"get": {
                "operationId": "GetReportsReport",
                "responses": {"200": two},
            }},
        }});
        let all = all_operations(&root).unwrap();
        assert_eq!(
            all.callable,
            ["GetQuotesQuotePdf", "PostFiles", "PostQuotes"]
        );
        assert_eq!(
            all.skipped,
            [
                (
                    "GetReportsReport".to_owned(),
                    "it answers with `text/csv`, `text/plain`".to_owned()
                ),
                (
                    "PostReports".to_owned(),
                    "its request body is `application/xml`".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_ref_to_another_file_is_refused() {
        let document = serde_json::json!({"a": {"$ref": "other.yaml#/a"}});
        assert_eq!(check_refs(&document).unwrap_err().pointer, "/a/$ref");
    }
}
