//! Bad input to `cargo xtask fragment` and `codegen`: each failure exits non-zero with one
//! message naming the file, the JSON pointer of the problem and what was expected, never
//! a panic, and leaves every output file as it was.

// A test that cannot set up its scratch files should stop right there, loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// A valid spec: one operation, an object with an enum, a nested object and an error.
const VALID: &str = r#"openapi: 3.0.0
info: {title: test, version: "2023-08-16"}
paths:
  /v1/widgets/{widget}:
    get:
      operationId: GetWidgetsWidget
      parameters:
        - {in: path, name: widget, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/widget'}}}
        default:
          description: error
          content: {application/json: {schema: {$ref: '#/components/schemas/error'}}}
components:
  schemas:
    widget:
      type: object
      required: [id]
      properties:
        id: {type: string}
        status: {type: string, enum: [active, inactive]}
        settings: {$ref: '#/components/schemas/widget_settings'}
    widget_settings:
      type: object
      properties:
        color: {type: string}
    error:
      type: object
      properties:
        message: {type: string}
"#;

/// A scratch directory with the valid spec, and output already generated from it.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("valid.yaml"), VALID).expect("writable");
        let workspace = Workspace { dir };
        let (ok, stderr) = workspace.run(&["codegen", "--spec", "valid.yaml", "--out", "out"]);
        assert!(ok, "the valid spec generates: {stderr}");
        let (ok, stderr) = workspace.run(&[
            "fragment",
            "--spec",
            "valid.yaml",
            "--operation",
            "GetWidgetsWidget",
            "--out",
            "fragment.yaml",
        ]);
        assert!(ok, "the valid spec gives a fragment: {stderr}");
        workspace
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `text` as the spec `name`.
    fn spec(&self, name: &str, text: &str) -> String {
        std::fs::write(self.path(name), text).expect("writable");
        name.to_owned()
    }

    /// Runs the xtask binary in the scratch directory; success and stderr.
    fn run(&self, args: &[&str]) -> (bool, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("xtask runs");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }

    /// Every file under the scratch directory but the specs, with its contents.
    fn outputs(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut pending = vec![self.path("out")];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    files.insert(path.clone(), std::fs::read(&path).expect("readable"));
                }
            }
        }
        let fragment = self.path("fragment.yaml");
        files.insert(
            fragment.clone(),
            std::fs::read(&fragment).expect("readable"),
        );
        files
    }

    /// Runs codegen and fragment on `spec` and checks each fails with one message holding
    /// every piece of `expected`, and changes no output.
    fn assert_fails(&self, spec: &str, expected: &[&str]) {
        let before = self.outputs();
        let codegen: &[&str] = &["codegen", "--spec", spec, "--out", "out"];
        let fragment: &[&str] = &[
            "fragment",
            "--spec",
            spec,
            "--operation",
            "GetWidgetsWidget",
            "--out",
            "fragment.yaml",
        ];
        for args in [codegen, fragment] {
            let (ok, stderr) = self.run(args);
            assert!(!ok, "{args:?} should fail");
            assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
            assert!(stderr.starts_with("error: "), "{stderr}");
            assert!(
                !stderr.contains("panicked") && !stderr.contains("backtrace"),
                "{stderr}"
            );
            for piece in expected {
                assert!(
                    stderr.contains(piece),
                    "{args:?}: {stderr:?} lacks {piece:?}"
                );
            }
            assert_eq!(self.outputs(), before, "{args:?} changed output");
        }
    }
}

fn with_property(name: &str, schema: &str) -> String {
    VALID.replace(
        "        settings: {$ref: '#/components/schemas/widget_settings'}\n",
        &format!("        settings: {{$ref: '#/components/schemas/widget_settings'}}\n        {name}: {schema}\n"),
    )
}

#[test]
fn an_unreadable_file_is_named() {
    let workspace = Workspace::new();
    workspace.assert_fails("missing.yaml", &["missing.yaml: cannot read"]);
    std::fs::create_dir(workspace.path("a_directory.yaml")).expect("writable");
    workspace.assert_fails("a_directory.yaml", &["a_directory.yaml: cannot read"]);
}

#[test]
fn an_empty_file_says_what_was_expected() {
    let workspace = Workspace::new();
    let spec = workspace.spec("empty.yaml", "  \n");
    workspace.assert_fails(
        &spec,
        &["empty.yaml: the file is empty; expected an OpenAPI 3.0 document"],
    );
}

#[test]
fn invalid_yaml_and_json_give_the_line() {
    let workspace = Workspace::new();
    let spec = workspace.spec("broken.yaml", "openapi: 3.0.0\ninfo: [unclosed\n");
    workspace.assert_fails(&spec, &["broken.yaml: invalid YAML", "line 3 column 1"]);
    let spec = workspace.spec("broken.json", r#"{"openapi": "3.0.0", "info": "#);
    workspace.assert_fails(&spec, &["broken.json: invalid JSON", "line 1 column 29"]);
}

#[test]
fn a_swagger_2_document_is_refused() {
    let workspace = Workspace::new();
    let spec = workspace.spec(
        "swagger.yaml",
        "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n",
    );
    workspace.assert_fails(
        &spec,
        &[
            "swagger.yaml#/swagger",
            "Swagger 2.0",
            "expected OpenAPI 3.0",
        ],
    );
}

#[test]
fn a_ref_to_a_missing_schema_names_where_it_is() {
    let workspace = Workspace::new();
    let spec = workspace.spec(
        "missing_ref.yaml",
        &with_property("gone", "{$ref: '#/components/schemas/nope'}"),
    );
    workspace.assert_fails(
        &spec,
        &[
            "missing_ref.yaml#/components/schemas/widget/properties/gone/$ref",
            "#/components/schemas/nope",
            "points to nothing",
        ],
    );
}

#[test]
fn a_ref_outside_the_document_is_refused() {
    let workspace = Workspace::new();
    let spec = workspace.spec(
        "outside.yaml",
        &with_property("far", "{$ref: 'other.yaml#/components/schemas/x'}"),
    );
    workspace.assert_fails(
        &spec,
        &[
            "outside.yaml#/components/schemas/widget/properties/far/$ref",
            "points outside this document",
            "only local references",
        ],
    );
}

#[test]
fn an_unknown_operation_id_is_named() {
    let workspace = Workspace::new();
    let before = workspace.outputs();
    let (ok, stderr) = workspace.run(&[
        "fragment",
        "--spec",
        "valid.yaml",
        "--operation",
        "PostNothing",
        "--out",
        "fragment.yaml",
    ]);
    assert!(!ok);
    assert_eq!(
        stderr.trim_end(),
        "error: valid.yaml#/paths: no operation has the operationId `PostNothing`"
    );
    assert_eq!(workspace.outputs(), before);
}

#[test]
fn an_unsupported_construct_says_which_and_where() {
    let workspace = Workspace::new();
    let spec = workspace.spec(
        "one_of.yaml",
        &with_property("either", "{oneOf: [{type: string}, {type: integer}]}"),
    );
    workspace.assert_fails(
        &spec,
        &[
            "one_of.yaml#/components/schemas/widget/properties/either/oneOf",
            "`oneOf` is not supported",
        ],
    );
    let spec = workspace.spec(
        "all_of.yaml",
        &with_property(
            "both",
            "{allOf: [{$ref: '#/components/schemas/widget_settings'}]}",
        ),
    );
    workspace.assert_fails(
        &spec,
        &[
            "all_of.yaml#/components/schemas/widget/properties/both/allOf",
            "`allOf` is not supported",
        ],
    );
}

#[test]
fn schemas_whose_rust_names_collide_are_both_named() {
    let workspace = Workspace::new();
    let text = with_property("x", "{$ref: '#/components/schemas/foo.bar'}")
        .replace("    error:\n", "    foo.bar: {type: object, properties: {a: {type: string}}}\n    foo_bar: {type: object, properties: {b: {type: string}}}\n    error:\n")
        .replace("        x: {$ref: '#/components/schemas/foo.bar'}\n", "        x: {$ref: '#/components/schemas/foo.bar'}\n        y: {$ref: '#/components/schemas/foo_bar'}\n");
    let spec = workspace.spec("collide.yaml", &text);
    let (ok, stderr) = workspace.run(&["codegen", "--spec", &spec, "--out", "out"]);
    assert!(!ok);
    assert!(
        stderr.contains("collide.yaml#/components/schemas/foo_bar: the schemas `foo.bar` (#/components/schemas/foo.bar) and `foo_bar` both become the Rust type `FooBar`"),
        "{stderr}"
    );
}

#[test]
fn an_enum_value_that_cannot_be_a_name_is_pointed_at() {
    let workspace = Workspace::new();
    let spec = workspace.spec(
        "bad_enum.yaml",
        &with_property("mark", "{type: string, enum: [ok, '%']}"),
    );
    workspace.assert_fails(
        &spec,
        &[
            "bad_enum.yaml#/components/schemas/widget/properties/mark/enum/1",
            "\"%\" cannot become a Rust variant name",
        ],
    );
}

#[test]
fn a_badly_shaped_document_names_the_value_at_fault() {
    let workspace = Workspace::new();
    let spec = workspace.spec(
        "shape.yaml",
        &VALID.replace("required: [id]", "required: 7"),
    );
    workspace.assert_fails(&spec, &["shape.yaml#/components/schemas/widget"]);
}

#[test]
fn a_ref_to_a_component_that_is_not_a_schema_is_named() {
    let workspace = Workspace::new();
    let text = with_property("wrong", "{$ref: '#/components/responses/not_a_schema'}").replace(
        "components:\n",
        "components:\n  responses:\n    not_a_schema: {description: a response}\n",
    );
    let spec = workspace.spec("wrong_kind.yaml", &text);
    workspace.assert_fails(
        &spec,
        &[
            "wrong_kind.yaml#/components/schemas/widget/properties/wrong/$ref",
            "#/components/responses/not_a_schema",
        ],
    );
}

#[test]
fn the_check_modes_fail_on_stale_output_and_write_nothing() {
    let workspace = Workspace::new();
    let changed = workspace.spec("changed.yaml", &with_property("added", "{type: string}"));
    let before = workspace.outputs();
    let (ok, stderr) = workspace.run(&["codegen", "--spec", &changed, "--out", "out", "--check"]);
    assert!(!ok);
    assert!(stderr.contains("file(s) out of date"), "{stderr}");
    assert!(
        stderr.contains("+    pub added: Option<String>,"),
        "{stderr}"
    );
    assert!(
        stderr.contains("run `cargo xtask codegen` and commit"),
        "{stderr}"
    );
    let (ok, stderr) = workspace.run(&[
        "fragment",
        "--spec",
        &changed,
        "--operation",
        "GetWidgetsWidget",
        "--out",
        "fragment.yaml",
        "--check",
    ]);
    assert!(!ok);
    assert!(
        stderr.contains("run `cargo xtask fragment` and commit"),
        "{stderr}"
    );
    assert_eq!(workspace.outputs(), before);
}

#[test]
fn output_that_was_never_generated_is_not_overwritten() {
    let workspace = Workspace::new();
    let hand_written = workspace.path("out/src/generated/types/widget.rs");
    std::fs::write(&hand_written, "// written by hand\n").expect("writable");
    let before = workspace.outputs();
    let (ok, stderr) = workspace.run(&["codegen", "--spec", "valid.yaml", "--out", "out"]);
    assert!(!ok);
    assert!(
        stderr.contains("widget.rs: cannot write") && stderr.contains("not overwritten"),
        "{stderr}"
    );
    assert_eq!(workspace.outputs(), before);
}
