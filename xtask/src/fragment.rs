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
