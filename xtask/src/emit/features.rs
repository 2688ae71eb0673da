//! The crate's cargo features, as the `[features]` table of its manifest and the table of
//! its README: one feature per resource, named by the paths it serves.

use std::collections::BTreeMap;

use crate::model::{Api, Gate, Operation, PathSegment};

/// The feature on by default: what the crate served before it had features.
pub const DEFAULT_FEATURE: &str = "checkout";

/// The feature that turns every resource on.
pub const FULL_FEATURE: &str = "full";

/// The feature that gives every type serde's `Serialize` and `Deserialize`; on by default.
/// Without it the crate builds faster, and types still decode with `from_json_slice`.
pub const SERDE_FEATURE: &str = "serde";

/// What one feature serves.
struct Served<'a> {
    operations: Vec<&'a Operation>,
    /// The distinct first path steps of its operations (`/v1/customers`).
    prefixes: Vec<String>,
}

/// The features the operations are gated by, in name order.
fn features(api: &Api) -> BTreeMap<&str, Served<'_>> {
    let mut features: BTreeMap<&str, Served<'_>> = BTreeMap::new();
    for operation in &api.operations {
        let Gate::Features(names) = &operation.gate else {
            continue;
        };
        for name in names {
            let served = features.entry(name).or_insert(Served {
                operations: Vec::new(),
                prefixes: Vec::new(),
            });
            served.operations.push(operation);
            let prefix = prefix(operation);
            if !served.prefixes.contains(&prefix) {
                served.prefixes.push(prefix);
            }
        }
    }
    for served in features.values_mut() {
        served.prefixes.sort();
    }
    features
}

/// The path up to and including the step that names the resource:
/// `/v1/test_helpers/customers` for a test helper on customers.
fn prefix(operation: &Operation) -> String {
    let mut prefix = String::new();
    for segment in &operation.path {
        let PathSegment::Literal(text) = segment else {
            break;
        };
        prefix.push('/');
        prefix.push_str(text);
        if text != &operation.namespace && text != "test_helpers" {
            break;
        }
    }
    prefix
}

/// The `[features]` table of the crate's manifest, as TOML lines.
pub fn cargo_features(api: &Api) -> String {
    let features = features(api);
    let mut out = String::from("[features]\n");
    out.push_str(&format!(
        "default = [\"{DEFAULT_FEATURE}\", \"{SERDE_FEATURE}\"]\n\
         # serde's `Serialize` and `Deserialize` for every type, by way of its JSON.\n\
         {SERDE_FEATURE} = [\"dep:serde\"]\n"
    ));
    out.push_str(&format!(
        "# Every resource of the API.\n{FULL_FEATURE} = [\n"
    ));
    for name in features.keys() {
        out.push_str(&format!("    \"{name}\",\n"));
    }
    out.push_str("]\n");
    for (name, served) in &features {
        out.push_str(&format!(
            "# {}: {} operation{}.\n{name} = []\n",
            served.prefixes.join(", "),
            served.operations.len(),
            if served.operations.len() == 1 {
                ""
            } else {
                "s"
            },
        ));
    }
    out
}

/// The README's table of features, as Markdown.
pub fn readme_features(api: &Api) -> String {
    let features = features(api);
    let always = api
        .operations
        .iter()
        .filter(|operation| operation.gate == Gate::Always)
        .count();
    let mut out = format!(
        "Each feature serves the operations under its paths and compiles the types they \
         reach. Events ({always} operations under `/v1/events`) and webhooks are served \
         whatever the features; `default` is `{DEFAULT_FEATURE}` and `{SERDE_FEATURE}`, and \
         `{FULL_FEATURE}` turns on all {} resource features. `{SERDE_FEATURE}` gives every \
         type serde's `Serialize` and `Deserialize`; without it the crate builds faster, \
         and types still decode with `from_json_slice`.\n\n| Feature | Serves | Operations |\n|---|---|---:|\n",
        features.len()
    );
    for (name, served) in &features {
        let paths: Vec<String> = served.prefixes.iter().map(|p| format!("`{p}`")).collect();
        out.push_str(&format!(
            "| `{name}` | {} | {} |\n",
            paths.join(", "),
            served.operations.len()
        ));
    }
    out
}
