//! Moving to another version of Stripe's spec needs no code change: a spec with fields
//! added and removed, an enum value added and a property turned nullable regenerates,
//! `--check` reports the difference in a bounded summary, and the regenerated crate
//! builds and decodes what the new spec describes, with resources beyond Checkout (an
//! update with nested, clearable parameters; a list) behind their features.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use xtask::commands::{self, Layout, Timings, generate};
use xtask::source::SpecFile;

/// The fragment with the changes a newer Stripe spec brings.
fn newer_fragment(layout: &Layout) -> Value {
    let mut spec = SpecFile::read(&layout.fragment())
        .expect("the committed fragment reads")
        .root;
    bring_changes(&mut spec);
    spec
}

/// Adds a field, removes one, adds an enum value and turns a field nullable.
fn bring_changes(spec: &mut Value) {
    let session = &mut spec["components"]["schemas"]["checkout.session"];
    session["properties"]["ui_theme"] = json!({
        "type": "string", "nullable": true, "description": "A field added later."
    });
    let properties = session["properties"].as_object_mut().expect("properties");
    properties.remove("client_reference_id");
    properties["livemode"]["nullable"] = true.into();
    if let Some(status) = properties["status"]["enum"].as_array_mut() {
        status.push("paused".into());
    }
    let required = session["required"].as_array_mut().expect("required");
    required.retain(|name| name != "livemode");
}

#[test]
fn check_reports_a_spec_change_in_a_bounded_summary() {
    let layout = Layout::of_this_repository();
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("newer.json");
    std::fs::write(&spec, newer_fragment(&layout).to_string()).expect("writable");
    let error = commands::codegen(&layout, Some(spec), None, true, false)
        .expect_err("the committed code is stale for the newer spec");
    let report = error.to_string();
    assert!(
        report.contains("changed: src/generated/types/checkout_session.rs"),
        "{report}"
    );
    assert!(
        report.contains("+    pub ui_theme: Option<String>,"),
        "{report}"
    );
    assert!(
        report.contains("run `cargo xtask codegen` and commit"),
        "{report}"
    );
    assert!(report.lines().count() < 60, "bounded: {report}");
}

#[test]
fn the_crate_regenerated_from_a_newer_spec_builds_and_decodes_it() {
    let layout = Layout::of_this_repository();
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("newer.json");
    std::fs::write(&spec, newer_fragment(&layout).to_string()).expect("writable");

    // A copy of the crate: its hand-written runtime, and code generated from the new spec.
    let crate_dir = dir.path().join("stripe-api");
    copy_runtime(&layout.crate_dir().join("src"), &crate_dir.join("src"));
    // The manifest names the examples.
    copy_runtime(
        &layout.crate_dir().join("examples"),
        &crate_dir.join("examples"),
    );
    let files = generate(&spec, &mut Timings::default()).expect("the newer spec generates");
    commands::codegen_target(crate_dir.clone())
        .write(&files)
        .expect("writes");
    let manifest = std::fs::read_to_string(layout.crate_dir().join("Cargo.toml"))
        .expect("manifest")
        .replace("edition.workspace = true", "edition = \"2024\"")
        .replace("rust-version.workspace = true\n", "")
        .replace("license.workspace = true\n", "")
        .replace("[lints]\nworkspace = true\n", "");
    std::fs::write(
        crate_dir.join("Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .expect("writable");
    std::fs::copy(layout.root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).expect("lockfile");
    std::fs::create_dir_all(crate_dir.join("src/bin")).expect("writable");
    std::fs::write(
        crate_dir.join("src/bin/decode_newer.rs"),
        r#"fn main() {
    let json = std::io::read_to_string(std::io::stdin()).unwrap();
    let session = stripe_api::CheckoutSession::from_json_str(&json).unwrap();
    println!("{:?} {:?} {:?}", session.status, session.livemode, session.ui_theme);
    println!("{}", session.to_json_string());

    // Operations of other features, with parameters that nest and clear.
    use stripe_api::{Clearable, ProductUpdateParams, ProductUpdateParamsPackageDimensions};
    let params = ProductUpdateParams::new()
        .description(Clearable::Clear)
        .package_dimensions(ProductUpdateParamsPackageDimensions::new(1.5, 2.0, 10.0, 0.25))
        .name("Blue shirt");
    print!("{}", stripe_api::form::FormEncoder::encode(&params));
    let client = stripe_api::Client::builder("sk_test_x").build().unwrap();
    let _update = client.v1().products().update("prod_1", &params);
    let list_params = stripe_api::PaymentLinkLineItemsParams::new().limit(3);
    let links = client.v1().payment_links();
    let _line_items = links.line_items("plink_1", &list_params);
    let _every_line_item = links.line_items_stream("plink_1", &list_params);
}
"#,
    )
    .expect("writable");

    let mut session: Value =
        serde_json::from_str(stripe_api_tests::stripe_server::DOCUMENTED_RESPONSE)
            .expect("fixture");
    let object = session.as_object_mut().expect("object");
    object.remove("client_reference_id");
    object.remove("livemode");
    object.insert("status".into(), "paused".into());
    object.insert("ui_theme".into(), "dark".into());
    let output = cargo_run(
        &crate_dir,
        &layout.root.join("target"),
        &session.to_string(),
    );
    let mut lines = output.lines();
    assert_eq!(
        lines.next(),
        Some("Some(Paused) None Some(\"dark\")"),
        "{output}"
    );
    let encoded: Value = serde_json::from_str(lines.next().expect("JSON line")).expect("JSON");
    assert_eq!(encoded, session, "the newer session round-trips");
    assert_eq!(
        lines.next(),
        Some(
            "description=&name=Blue+shirt&package_dimensions[height]=1.5\
             &package_dimensions[length]=2.0&package_dimensions[weight]=10.0\
             &package_dimensions[width]=0.25"
        ),
        "{output}"
    );
}

fn copy_runtime(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("writable");
    for entry in std::fs::read_dir(from).expect("readable") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("named");
        if name == "generated" {
            continue;
        }
        if path.is_dir() {
            copy_runtime(&path, &to.join(name));
        } else {
            std::fs::copy(&path, to.join(name)).expect("copies");
        }
    }
}

/// Builds and runs the copy's `decode_newer` with `input` on stdin; its stdout.
fn cargo_run(crate_dir: &Path, target: &Path, input: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--offline",
            "--bin",
            "decode_newer",
            "--features",
            "products,payment_links",
            "--manifest-path",
        ])
        .arg(crate_dir.join("Cargo.toml"))
        // The workspace's target directory, so the dependencies already built are reused.
        .env("CARGO_TARGET_DIR", target)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("cargo runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("writes stdin");
    let output = child.wait_with_output().expect("cargo finishes");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}
