//! Loading a spec file: YAML or JSON, told apart by content, into one JSON tree, so both
//! spellings of a spec lead to the same output.

use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};

use crate::error::{Error, SpecProblem};
use crate::pointer::Pointer;

/// A spec as read from disk: where it came from and its document tree.
#[derive(Debug, Clone)]
pub struct SpecFile {
    pub path: PathBuf,
    pub root: Value,
}

impl SpecFile {
    /// Reads and parses `path`, then checks that it claims to be OpenAPI 3.0.
    pub fn read(path: &Path) -> Result<SpecFile, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let root = parse(&bytes).map_err(|message| Error::Syntax {
            path: path.to_owned(),
            message,
        })?;
        check_version(&root).map_err(|problem| problem.in_file(path))?;
        Ok(SpecFile {
            path: path.to_owned(),
            root,
        })
    }

    /// The document as typed OpenAPI; a shape error names the pointer of the bad value.
    pub fn openapi(&self) -> Result<openapiv3::OpenAPI, Error> {
        serde_path_to_error::deserialize(&self.root).map_err(|error| {
            let pointer = pointer_of(error.path());
            SpecProblem::new(pointer, error.into_inner().to_string()).in_file(&self.path)
        })
    }
}

/// Parses YAML or JSON. A document whose first character is `{` is read as JSON, so a
/// broken JSON file gets a JSON error rather than a confusing YAML one.
fn parse(bytes: &[u8]) -> Result<Value, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|error| format!("not UTF-8 text (at byte {})", error.valid_up_to()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    if start.is_empty() {
        return Err("the file is empty; expected an OpenAPI 3.0 document".to_owned());
    }
    if start.starts_with('{') {
        return serde_json::from_str(text).map_err(|error| format!("invalid JSON: {error}"));
    }
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|error| format!("invalid YAML: {error}"))?;
    yaml_to_json(yaml, &Pointer::root()).map_err(|problem| {
        format!(
            "unsupported YAML at #{}: {}",
            problem.pointer, problem.problem
        )
    })
}

/// Converts a YAML tree to JSON; scalar map keys become strings, as YAML allows
/// `200:` where JSON needs `"200":`.
fn yaml_to_json(yaml: serde_yaml::Value, at: &Pointer) -> Result<Value, SpecProblem> {
    use serde_yaml::Value as Yaml;
    Ok(match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => Value::Number(yaml_number(&n).ok_or_else(|| {
            SpecProblem::new(at.clone(), format!("the number {n} has no JSON form"))
        })?),
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &at.index(i)))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Mapping(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                let key = match key {
                    Yaml::String(s) => s,
                    Yaml::Number(n) => n.to_string(),
                    Yaml::Bool(b) => b.to_string(),
                    _ => {
                        return Err(SpecProblem::new(
                            at.clone(),
                            "a mapping key is not a string, number or boolean",
                        ));
                    }
                };
                let value = yaml_to_json(value, &at.push(&key))?;
                map.insert(key, value);
            }
            Value::Object(map)
        }
        Yaml::Tagged(tagged) => {
            return Err(SpecProblem::new(
                at.clone(),
                format!("the YAML tag {} has no JSON form", tagged.tag),
            ));
        }
    })
}

fn yaml_number(n: &serde_yaml::Number) -> Option<Number> {
    if let Some(i) = n.as_i64() {
        Some(i.into())
    } else if let Some(u) = n.as_u64() {
        Some(u.into())
    } else {
        n.as_f64().and_then(Number::from_f64)
    }
}

/// Rejects documents that are not OpenAPI 3.0 before anything tries to read them as such.
fn check_version(root: &Value) -> Result<(), SpecProblem> {
    let Some(object) = root.as_object() else {
        return Err(SpecProblem::new(
            "",
            "the document is not a mapping; expected an OpenAPI 3.0 document",
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(SpecProblem::new(
            "/swagger",
            format!(
                "this is a Swagger {} document; expected OpenAPI 3.0 (`openapi: 3.0.x`)",
                swagger.as_str().unwrap_or("2.0")
            ),
        ));
    }
    match object.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") || version == "3.0" => Ok(()),
        Some(other) => Err(SpecProblem::new(
            "/openapi",
            format!("OpenAPI version {other} is not supported; expected 3.0.x"),
        )),
        None => Err(SpecProblem::new(
            "",
            "no `openapi` field; expected an OpenAPI 3.0 document",
        )),
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.index(*index),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { .. } | Segment::Unknown => pointer,
        };
    }
    pointer.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_give_the_same_tree() {
        let yaml = parse(b"openapi: 3.0.0\nresponses:\n  200: {a: [1, 2.5, true]}\n").unwrap();
        let json =
            parse(br#"{"openapi": "3.0.0", "responses": {"200": {"a": [1, 2.5, true]}}}"#).unwrap();
        assert_eq!(yaml, json);
    }

    #[test]
    fn broken_json_is_reported_as_json() {
        let message = parse(b"{\"openapi\": ").unwrap_err();
        assert!(message.starts_with("invalid JSON: "), "{message}");
    }

    #[test]
    fn version_check_names_swagger() {
        let root = parse(b"swagger: '2.0'\n").unwrap();
        let problem = check_version(&root).unwrap_err();
        assert_eq!(problem.pointer, "/swagger");
        assert!(
            problem.problem.contains("Swagger 2.0"),
            "{}",
            problem.problem
        );
    }
}
