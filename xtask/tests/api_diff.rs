//! `cargo xtask api-diff` on pairs of specs made from the committed fragment: each pair
//! changes a few things, and the report must list exactly those, as breaking or additive.

// The helpers build the specs; one that cannot should stop the test right there, loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use xtask::commands::{api_diff, read_model};
use xtask::source::SpecFile;

const SESSION: &str = "/components/schemas/checkout.session";
const EXPIRE: &str = "/paths/~1v1~1checkout~1sessions~1{session}~1expire";

fn fragment_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fragment.yaml")
}

fn fragment() -> Value {
    SpecFile::read(&fragment_path())
        .expect("the committed fragment reads")
        .root
}

fn at<'v>(root: &'v mut Value, pointer: &str) -> &'v mut Value {
    root.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("the fragment has {pointer}"))
}

/// The array at `pointer`, with `value` added or taken out.
fn edit_list(root: &mut Value, pointer: &str, value: &str, add: bool) {
    let list = at(root, pointer).as_array_mut().expect("an array");
    if add {
        list.push(json!(value));
    } else {
        let before = list.len();
        list.retain(|item| item != value);
        assert_eq!(list.len() + 1, before, "{pointer} held {value}");
    }
}

/// Writes OLD as JSON and NEW as YAML, since the command takes either, and diffs them.
fn diff(old: &Value, new: &Value) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let old_path = dir.path().join("old.json");
    let new_path = dir.path().join("new.yaml");
    std::fs::write(&old_path, serde_json::to_string(old).expect("JSON")).expect("writable");
    std::fs::write(&new_path, serde_yaml::to_string(new).expect("YAML")).expect("writable");
    api_diff(&old_path, &new_path).expect("both specs lower")
}

/// The lines of the report's section `heading`, up to the next heading or the summary.
fn section<'r>(report: &'r str, heading: &str) -> Vec<&'r str> {
    report
        .lines()
        .skip_while(|line| *line != heading)
        .skip(1)
        .take_while(|line| !line.starts_with('#') && !line.starts_with("Summary:"))
        .filter(|line| !line.is_empty())
        .collect()
}

fn summary(report: &str) -> &str {
    report.lines().last().unwrap_or_default()
}

#[test]
fn a_new_property_and_enum_value_are_additive() {
    let old = fragment();
    let mut new = old.clone();
    at(&mut new, &format!("{SESSION}/properties"))
        .as_object_mut()
        .expect("properties")
        .insert(
            "ui_mode".to_owned(),
            json!({"type": "string", "nullable": true, "maxLength": 5000}),
        );
    edit_list(
        &mut new,
        &format!("{SESSION}/properties/status/enum"),
        "paused",
        true,
    );

    let report = diff(&old, &new);
    assert_eq!(
        report.lines().next(),
        Some("# Stripe API changes from 2023-08-16 to 2023-08-16")
    );
    assert_eq!(section(&report, "## Breaking changes"), ["None."]);
    assert_eq!(
        section(&report, "## Additive changes"),
        [
            "- `CheckoutSession.ui_mode` added: `Option<String>`.",
            "- `CheckoutSessionStatus` value `paused` added (`CheckoutSessionStatus::Paused`).",
        ],
        "{report}"
    );
    assert_eq!(
        summary(&report),
        "Summary: 0 breaking changes, 2 additive changes."
    );
}

#[test]
fn a_removed_property_and_a_changed_type_are_breaking() {
    let old = fragment();
    let mut new = old.clone();
    at(&mut new, &format!("{SESSION}/properties"))
        .as_object_mut()
        .expect("properties")
        .remove("cancel_url")
        .expect("checkout.session has cancel_url");
    let reference = at(
        &mut new,
        &format!("{SESSION}/properties/client_reference_id"),
    );
    reference["type"] = json!("integer");
    reference
        .as_object_mut()
        .expect("a schema")
        .remove("maxLength");
    edit_list(
        &mut new,
        &format!("{SESSION}/properties/status/enum"),
        "open",
        false,
    );

    let report = diff(&old, &new);
    assert_eq!(
        section(&report, "## Breaking changes"),
        [
            "- `CheckoutSession.cancel_url` removed (was `Option<String>`).",
            "- `CheckoutSession.client_reference_id` changed type from `Option<String>` to \
             `Option<i64>`.",
            "- `CheckoutSessionStatus` value `open` removed (`CheckoutSessionStatus::Open`); \
             it now decodes as `CheckoutSessionStatus::Unrecognized`.",
        ],
        "{report}"
    );
    assert_eq!(section(&report, "## Additive changes"), ["None."]);
    assert_eq!(
        summary(&report),
        "Summary: 3 breaking changes, 0 additive changes."
    );
}

#[test]
fn optionality_breaks_only_when_the_rust_type_changes() {
    let old = fragment();
    let mut new = old.clone();
    // Required to optional: `Timestamp` becomes `Option<Timestamp>`.
    edit_list(
        &mut new,
        &format!("{SESSION}/required"),
        "expires_at",
        false,
    );
    // Nullable to required: `Option<String>` becomes `String`.
    edit_list(&mut new, &format!("{SESSION}/required"), "currency", true);
    at(&mut new, &format!("{SESSION}/properties/currency"))
        .as_object_mut()
        .expect("a schema")
        .remove("nullable");
    // Nullable to optional: still `Option<...>`, only the JSON of an unset value changes.
    at(&mut new, &format!("{SESSION}/properties/status"))
        .as_object_mut()
        .expect("a schema")
        .remove("nullable");

    let report = diff(&old, &new);
    assert_eq!(
        section(&report, "## Breaking changes"),
        [
            "- `CheckoutSession.currency` changed type from `Option<String>` to `String` \
             (optional to required).",
            "- `CheckoutSession.expires_at` changed type from `stripe_api::Timestamp` to \
             `Option<stripe_api::Timestamp>` (required to optional).",
        ],
        "{report}"
    );
    assert_eq!(
        section(&report, "## Additive changes"),
        [
            "- `CheckoutSession.status` changed from nullable to optional, still \
             `Option<CheckoutSessionStatus>`: an unset value is now left out of the JSON \
             instead of written as `null`."
        ],
        "{report}"
    );
}

#[test]
fn a_removed_operation_and_a_new_required_parameter_are_breaking() {
    let mut old = fragment();
    // OLD also serves a second operation, a copy of `expire` under another verb.
    let mut cancel = at(&mut old, EXPIRE).clone();
    cancel["post"]["operationId"] = json!("PostCheckoutSessionsSessionCancel");
    at(&mut old, "/paths")
        .as_object_mut()
        .expect("paths")
        .insert("/v1/checkout/sessions/{session}/cancel".to_owned(), cancel);

    let mut new = fragment();
    let form = at(
        &mut new,
        &format!("{EXPIRE}/post/requestBody/content/application~1x-www-form-urlencoded/schema"),
    );
    form["properties"]["reason"] = json!({"type": "string", "maxLength": 5000});
    form["properties"]["note"] = json!({"type": "string", "maxLength": 5000});
    form["required"] = json!(["reason"]);

    let report = diff(&old, &new);
    let expire = "Operation `PostCheckoutSessionsSessionExpire` \
                  (`POST /v1/checkout/sessions/{session}/expire`)";
    assert_eq!(
        section(&report, "## Breaking changes"),
        [
            "- Operation `PostCheckoutSessionsSessionCancel` \
             (`POST /v1/checkout/sessions/{session}/cancel`) removed."
                .to_owned(),
            format!(
                "- {expire}: parameter `reason` added, required: `String`; \
                 `CheckoutSessionExpireParams::new` now takes it."
            ),
        ],
        "{report}"
    );
    assert_eq!(
        section(&report, "## Additive changes"),
        [format!(
            "- {expire}: parameter `note` added: `Option<String>`."
        )],
        "{report}"
    );
    assert_eq!(
        summary(&report),
        "Summary: 2 breaking changes, 1 additive change."
    );
}

#[test]
fn the_fragment_against_itself_has_no_changes() {
    let api = read_model(&fragment_path()).expect("the fragment lowers");
    assert!(xtask::api_diff::compare(&api, &api).is_empty());
    let report = xtask::api_diff::report(&api, &api);
    assert_eq!(section(&report, "## Breaking changes"), ["None."]);
    assert_eq!(section(&report, "## Additive changes"), ["None."]);
    assert_eq!(
        summary(&report),
        "Summary: no changes to the generated crate's types and operations."
    );
}

#[test]
fn the_command_prints_the_report_and_names_a_missing_spec() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("api-diff")
        .args([fragment_path(), fragment_path()])
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.starts_with("# Stripe API changes from 2023-08-16 to 2023-08-16\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("Summary: no changes to the generated crate's types and operations.\n"),
        "{stdout}"
    );

    let missing = Path::new("no/such/spec.yaml");
    let error = api_diff(missing, &fragment_path()).expect_err("a missing spec fails");
    assert!(
        error
            .to_string()
            .starts_with("no/such/spec.yaml: cannot read"),
        "{error}"
    );
}
