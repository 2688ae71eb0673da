//! Every operation of the API, called against a server on 127.0.0.1: each sends the method
//! and path it must (with an id that would change the URL if it were not escaped), its
//! parameters where they go (query, form body or multipart body, to the files host for
//! uploads), and decodes the answer it documents (a random valid instance of its response
//! schema, encoded back to the same JSON), or the file it downloads. The cases are
//! generated with the crate, one per operation, so none is left out.

use serde_json::{Value, json};
use stripe_api_tests::instances::{Instance, Spec};
use stripe_api_tests::operation_cases::{Answer, Case, ID, Params, cases};
use stripe_api_tests::scripted_server::ScriptedServer;
use stripe_api_tests::stripe_server::{Recorded, SECRET_KEY, form_fields};

/// How many operations the vendored spec has; every one is served.
const OPERATIONS: usize = 468;

#[test]
fn there_is_a_case_for_every_operation_of_the_spec() {
    let cases = cases();
    assert_eq!(cases.len(), OPERATIONS);
    let mut ids: Vec<&str> = cases.iter().map(|case| case.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), OPERATIONS, "each case is a different operation");
}

#[tokio::test(flavor = "current_thread")]
async fn every_operation_sends_its_request_and_decodes_its_answer() {
    let spec =
        Spec::read(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fragment.yaml"));
    let (api, files, client) = ScriptedServer::api_and_files().await;
    let mut failures = Vec::new();
    for (index, case) in cases().into_iter().enumerate() {
        let (server, other) = if case.files_host {
            (&files, &api)
        } else {
            (&api, &files)
        };
        let expected = answer(&spec, server, &case, index);
        let outcome = (case.call)(client.clone()).await;
        let recorded = server.take_recorded();
        let problem = match (outcome, other.take_recorded().is_empty()) {
            (_, false) => Some("a request went to the other host".to_owned()),
            (Err(error), _) => Some(format!("the call failed: {error}")),
            (Ok((answer, debug)), _) => check_request(&case, &recorded)
                .err()
                .or_else(|| check_answer(&spec, &expected, &answer, &debug).err()),
        };
        if let Some(problem) = problem {
            failures.push(format!(
                "{} ({} {}): {problem}",
                case.id, case.method, case.path
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {OPERATIONS} operations failed:\n{}",
        failures.len(),
        failures[..failures.len().min(10)].join("\n")
    );
}

/// What the server answers `case` with, set on `server`.
enum Expected {
    /// An instance of a component; the JSON served is this instance, as the object or as
    /// the one item of a page (then `true`).
    Json(Box<Instance>, Value, bool),
    File(Vec<u8>),
}

fn answer(spec: &Spec, server: &ScriptedServer, case: &Case, index: usize) -> Expected {
    let component = |name: &str| {
        spec.components
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("{}: no component {name}", case.id))
    };
    let (instance, served) = match case.answer {
        Answer::File(media) => {
            let bytes = format!("%PDF-1.4 {} {index}", case.id).into_bytes();
            server.answer(200, media, bytes.clone());
            return Expected::File(bytes);
        }
        Answer::Object(name) => {
            let instance = Instance::sample(spec, component(name), index);
            let served = instance.json().clone();
            (instance, served)
        }
        Answer::List(name) => {
            let instance = Instance::sample(spec, component(name), index);
            let served = json!({
                "object": "list", "data": [instance.json()], "has_more": false, "url": case.path,
            });
            (instance, served)
        }
        Answer::Search(name) => {
            let instance = Instance::sample(spec, component(name), index);
            let served = json!({
                "object": "search_result", "data": [instance.json()], "has_more": false,
                "next_page": null, "url": case.path,
            });
            (instance, served)
        }
    };
    server.answer(200, "application/json", served.to_string());
    let paged = !matches!(case.answer, Answer::Object(_));
    Expected::Json(Box::new(instance), served, paged)
}

fn check_request(case: &Case, recorded: &[Recorded]) -> Result<(), String> {
    let [request] = recorded else {
        return Err(format!("{} requests, not one", recorded.len()));
    };
    if request.method != case.method {
        return Err(format!("sent {}", request.method));
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((request.target.as_str(), ""));
    if path != case.path {
        return Err(format!("requested {path}"));
    }
    if request.header("authorization") != Some(&format!("Bearer {SECRET_KEY}")) {
        return Err("no bearer key".to_owned());
    }
    let content_type = request.header("content-type").unwrap_or_default();
    let sent: Vec<String> = match case.params {
        Params::None | Params::Query => {
            if !request.body.is_empty() {
                return Err("a body where none belongs".to_owned());
            }
            form_fields(query.as_bytes())
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        }
        Params::Form => {
            if !query.is_empty() {
                return Err(format!("a query string {query:?} for a form request"));
            }
            if !request.body.is_empty() && content_type != "application/x-www-form-urlencoded" {
                return Err(format!("a form sent as {content_type:?}"));
            }
            form_fields(&request.body)
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        }
        Params::Multipart => {
            let Some(boundary) = content_type.strip_prefix("multipart/form-data; boundary=") else {
                return Err(format!("an upload sent as {content_type:?}"));
            };
            part_names(&request.body, boundary)?
        }
    };
    if case.params == Params::None && !sent.is_empty() {
        return Err(format!(
            "parameters {sent:?} for an operation that takes none"
        ));
    }
    for name in case.required {
        if !sent.iter().any(|key| key == name) {
            return Err(format!(
                "required parameter `{name}` not sent; sent {sent:?}"
            ));
        }
    }
    Ok(())
}

/// The names of the parts of a `multipart/form-data` body, checking its framing.
fn part_names(body: &[u8], boundary: &str) -> Result<Vec<String>, String> {
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    if !text.trim_end().ends_with(&format!("{delimiter}--")) {
        return Err("the multipart body does not end with its closing boundary".to_owned());
    }
    Ok(text
        .split(&delimiter)
        .filter_map(|part| {
            let start = part.find("name=\"")? + "name=\"".len();
            let end = part[start..].find('"')? + start;
            Some(part[start..end].to_owned())
        })
        .collect())
}

/// Checks what the call made of the answer: the same JSON, with the types of the
/// components that were generated; or the bytes served.
fn check_answer(
    spec: &Spec,
    expected: &Expected,
    answer: &[u8],
    debug: &str,
) -> Result<(), String> {
    match expected {
        Expected::File(bytes) if answer == bytes.as_slice() => Ok(()),
        Expected::File(_) => Err("the downloaded bytes differ from those served".to_owned()),
        Expected::Json(instance, served, paged) => {
            let actual: Value = serde_json::from_slice(answer).map_err(|e| e.to_string())?;
            // The instance alone, or the one item of the page, compared member by member;
            // the page around it must come back as it was.
            let item = if *paged {
                let mut page = actual.clone();
                page["data"] = served["data"].clone();
                if page != *served || actual["data"].as_array().map(Vec::len) != Some(1) {
                    return Err(format!("the page came back as {actual}"));
                }
                actual["data"][0].clone()
            } else {
                actual
            };
            instance.check_encoded(spec, &item.to_string(), debug)
        }
    }
}

#[test]
fn the_case_id_needs_escaping() {
    assert!(ID.contains('/') && ID.contains('?') && ID.contains('#'));
}
