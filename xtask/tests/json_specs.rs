//! Stripe publishes its spec as JSON as well as YAML: both commands accept either, told
//! apart by content, and give byte-for-byte the same output for the same spec.

// A test that cannot set up its scratch files should stop right there, loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use xtask::commands::{Layout, Timings, callable_operations, fragment_text, generate};
use xtask::source::SpecFile;

/// Writes the spec at `yaml` as JSON into `dir`; returns the JSON file's path.
fn as_json(yaml: &Path, dir: &Path) -> std::path::PathBuf {
    let spec = SpecFile::read(yaml).expect("the committed spec reads");
    let path = dir.join("spec.json");
    std::fs::write(
        &path,
        serde_json::to_vec_pretty(&spec.root).expect("serializes"),
    )
    .expect("writable");
    path
}

#[test]
fn the_fragment_of_the_json_spec_is_the_committed_fragment() {
    let layout = Layout::of_this_repository();
    let dir = tempfile::tempdir().expect("temp dir");
    let json = as_json(&layout.upstream_spec(), dir.path());
    let spec = SpecFile::read(&json).expect("JSON reads");
    let operations = callable_operations(&spec).expect("operations").callable;
    let from_json = fragment_text(&spec, &operations).expect("fragment from JSON");
    let committed = std::fs::read_to_string(layout.fragment()).expect("committed fragment");
    assert!(
        from_json == committed,
        "the fragment from JSON differs from the committed one"
    );
}

#[test]
fn codegen_on_the_json_fragment_gives_the_committed_code() {
    let layout = Layout::of_this_repository();
    let dir = tempfile::tempdir().expect("temp dir");
    let json = as_json(&layout.fragment(), dir.path());
    let from_yaml = generate(&layout.fragment(), &mut Timings::default()).expect("YAML generates");
    let from_json = generate(&json, &mut Timings::default()).expect("JSON generates");
    assert!(from_yaml == from_json, "JSON and YAML give different code");
    // And the binary agrees with what is committed, reading the JSON.
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check", "--spec"])
        .arg(&json)
        .output()
        .expect("xtask runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
