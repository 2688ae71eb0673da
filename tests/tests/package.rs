//! `stripe-api` as a registry sees it: the metadata crates.io and docs.rs show, read
//! through `cargo metadata` as they would read it. (`.ci/run` packages the crate and
//! builds it from the packaged sources.)

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn stripe_api_package() -> Value {
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|package| package["name"] == "stripe-api")
        .expect("stripe-api is a workspace member")
        .clone()
}

fn non_empty_string(package: &Value, key: &str) -> String {
    let value = package[key].as_str().unwrap_or_default().trim().to_owned();
    assert!(!value.is_empty(), "`{key}` is missing");
    value
}

#[test]
fn the_package_carries_what_a_registry_shows() {
    let package = stripe_api_package();
    non_empty_string(&package, "description");
    assert_eq!(non_empty_string(&package, "license"), "MIT OR Apache-2.0");
    let repository = non_empty_string(&package, "repository");
    assert!(repository.starts_with("https://"), "{repository}");
    assert!(package["publish"].is_null(), "the crate is publishable");

    let manifest = Path::new(package["manifest_path"].as_str().expect("manifest path"));
    let readme = manifest
        .parent()
        .expect("a manifest lives in a directory")
        .join(non_empty_string(&package, "readme"));
    let text = std::fs::read_to_string(&readme).expect("the readme exists");
    assert!(text.starts_with("# stripe-api\n"), "{}", readme.display());

    // crates.io takes at most five keywords and lists the crate under its categories.
    let keywords = package["keywords"].as_array().expect("keywords");
    assert!((1..=5).contains(&keywords.len()), "{keywords:?}");
    let categories = package["categories"].as_array().expect("categories");
    assert!(!categories.is_empty());

    let docs_rs = &package["metadata"]["docs"]["rs"];
    assert!(docs_rs["targets"].is_array(), "docs.rs settings: {docs_rs}");
}
