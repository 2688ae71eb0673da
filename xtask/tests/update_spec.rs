//! `cargo xtask update-spec` on a small repository in a scratch directory: an additive
//! update, a breaking one, the same file twice, and broken files, which change nothing.

// A test that cannot set up its scratch files should stop right there, loudly.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use xtask::cli::Operations;
use xtask::commands::{self, Layout};
use xtask::update_spec::{Outcome, Provenance, update_spec};

/// The spec the scratch repository starts from.
const SPEC: &str = r#"openapi: 3.0.0
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
    error:
      type: object
      properties:
        message: {type: string}
"#;

const LOCK: &str = "version = 4\n\n[[package]]\nname = \"stripe-api\"\nversion = \"0.1.0\"\n";

/// A repository with [`SPEC`] vendored, its fragment and crate generated.
struct Repository {
    dir: tempfile::TempDir,
}

impl Repository {
    fn new() -> Repository {
        let dir = tempfile::tempdir().expect("temp dir");
        let repository = Repository { dir };
        repository.put("spec/stripe/spec3.yaml", SPEC);
        repository.put(
            "spec/stripe/README.md",
            &format!(
                "# Stripe's OpenAPI spec, vendored\n\n\
                 - Release tag: v1\n\
                 - Release date: 2023-09-12\n\
                 - API version (`info.version`): **2023-08-16**\n\
                 - sha256: `{}`\n\
                 - Licence: MIT\n",
                sha256(SPEC.as_bytes())
            ),
        );
        repository.put(
            "generated/Cargo.toml",
            "[package]\nname = \"stripe-api\"\nversion = \"0.1.0\"\n\n[dependencies]\n\n\
             # @generated begin features\n# @generated end features\n",
        );
        repository.put("Cargo.lock", LOCK);
        let layout = repository.layout();
        commands::fragment(&layout, None, Operations::All, None, false).expect("fragment");
        commands::codegen(&layout, None, None, false, false).expect("codegen");
        repository
    }

    fn layout(&self) -> Layout {
        Layout {
            root: self.dir.path().to_owned(),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn put(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable");
        std::fs::write(path, text).expect("writable");
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("readable")
    }

    /// Writes `text` outside the repository, as a downloaded spec would be.
    fn download(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(&format!("downloads/{name}"));
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable");
        std::fs::write(&path, text).expect("writable");
        path
    }

    fn update(&self, file: &Path) -> Result<Outcome, xtask::Error> {
        let provenance = Provenance {
            tag: Some("v2".to_owned()),
            date: Some("2024-01-02".to_owned()),
        };
        update_spec(&self.layout(), file, &provenance)
    }

    /// Every file of the repository but the downloads, with its contents.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut pending = vec![self.dir.path().to_owned()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable") {
                let path = entry.expect("entry").path();
                if path.ends_with("downloads") {
                    continue;
                }
                if path.is_dir() {
                    pending.push(path);
                } else {
                    files.insert(path.clone(), std::fs::read(&path).expect("readable"));
                }
            }
        }
        files
    }
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn additive_spec() -> String {
    SPEC.replace("2023-08-16", "2023-10-16").replace(
        "        status: {type: string, enum: [active, inactive]}\n",
        "        status: {type: string, enum: [active, inactive]}\n        color: {type: string}\n",
    )
}

#[test]
fn an_additive_update_vendors_records_regenerates_and_bumps_the_patch() {
    let repository = Repository::new();
    let new_spec = additive_spec();
    let file = repository.download("spec3.yaml", &new_spec);
    let outcome = repository.update(&file).expect("the update succeeds");
    let Outcome::Updated {
        api_version,
        crate_version,
        breaking,
        report,
    } = outcome
    else {
        panic!("the spec was new: {outcome:?}");
    };
    assert_eq!(
        (api_version.as_str(), crate_version.as_str(), breaking),
        ("2023-10-16", "0.1.1", false)
    );
    assert!(
        report.contains("`Widget.color` added: `Option<String>`."),
        "{report}"
    );

    assert_eq!(repository.read("spec/stripe/spec3.yaml"), new_spec);
    let readme = repository.read("spec/stripe/README.md");
    assert!(readme.contains("- Release tag: v2\n"), "{readme}");
    assert!(readme.contains("- Release date: 2024-01-02\n"), "{readme}");
    assert!(readme.contains("- API version (`info.version`): **2023-10-16**\n"));
    assert!(readme.contains(&format!("- sha256: `{}`\n", sha256(new_spec.as_bytes()))));
    assert!(readme.contains("- Licence: MIT\n"));
    assert!(repository.read("spec/fragment.yaml").contains("color:"));
    let widget = repository.read("generated/src/generated/types/widget.rs");
    assert!(widget.contains("pub color: Option<String>,"), "{widget}");
    assert!(
        repository
            .read("generated/Cargo.toml")
            .contains("version = \"0.1.1\"")
    );
    assert!(
        repository
            .read("Cargo.lock")
            .contains("name = \"stripe-api\"\nversion = \"0.1.1\"")
    );
    let changelog = repository.read("CHANGELOG.md");
    assert!(
        changelog.starts_with(
            "# Changelog\n\n## 0.1.1 (Stripe API 2023-10-16, 2024-01-02)\n\n\
             ### Breaking changes\n\nNone.\n\n### Additive changes\n\n"
        ),
        "{changelog}"
    );
}

#[test]
fn a_breaking_update_bumps_the_minor_version_while_0_x() {
    let repository = Repository::new();
    repository.put(
        "CHANGELOG.md",
        "# Changelog\n\n## 0.1.0\n\nThe first release.\n",
    );
    let removed = SPEC.replace(
        "        status: {type: string, enum: [active, inactive]}\n",
        "",
    );
    let file = repository.download("spec3.yaml", &removed);
    let outcome = repository.update(&file).expect("the update succeeds");
    assert!(
        matches!(&outcome, Outcome::Updated { crate_version, breaking: true, .. } if crate_version == "0.2.0"),
        "{outcome:?}"
    );
    assert!(
        repository
            .read("generated/Cargo.toml")
            .contains("version = \"0.2.0\"")
    );
    let changelog = repository.read("CHANGELOG.md");
    let (newest, older) = changelog
        .split_once("\n## 0.1.0\n")
        .expect("the older release stays");
    assert!(newest.starts_with("# Changelog\n\n## 0.2.0 (Stripe API 2023-08-16, 2024-01-02)\n"));
    let breaking = newest
        .split_once("### Breaking changes\n")
        .and_then(|(_, rest)| rest.split_once("### Additive changes"))
        .expect("both sections")
        .0;
    assert!(breaking.contains("`Widget.status` removed"), "{breaking}");
    assert!(older.contains("The first release."));
}

#[test]
fn the_same_file_twice_changes_nothing_the_second_time() {
    let repository = Repository::new();
    let file = repository.download("spec3.yaml", &additive_spec());
    repository.update(&file).expect("the first update succeeds");
    let before = repository.snapshot();
    let outcome = repository.update(&file).expect("the second run succeeds");
    assert!(
        matches!(outcome, Outcome::AlreadyCurrent { .. }),
        "{outcome:?}"
    );
    assert_eq!(repository.snapshot(), before);
}

#[test]
fn a_broken_file_changes_nothing_and_says_why() {
    let repository = Repository::new();
    let before = repository.snapshot();
    let cases = [
        (
            "broken.yaml",
            "openapi: 3.0.0\ninfo: [unclosed\n",
            "invalid YAML",
        ),
        (
            "dangling.yaml",
            &SPEC.replace(
                "        id: {type: string}\n",
                "        id: {type: string}\n        gone: {$ref: '#/components/schemas/nope'}\n",
            ),
            "#/components/schemas/widget/properties/gone/$ref",
        ),
        (
            "unsupported.json",
            &serde_json::to_string(
                &serde_yaml::from_str::<serde_json::Value>(&SPEC.replace(
                    "        id: {type: string}\n",
                    "        id: {oneOf: [{type: string}, {type: integer}]}\n",
                ))
                .expect("YAML"),
            )
            .expect("JSON"),
            "#/components/schemas/widget/properties/id/oneOf",
        ),
    ];
    for (name, text, expected) in cases {
        let file = repository.download(name, text);
        let error = repository.update(&file).expect_err(name).to_string();
        assert!(error.contains(name), "{error}");
        assert!(error.contains(expected), "{error}");
        assert_eq!(
            repository.snapshot(),
            before,
            "{name} changed the repository"
        );
    }
}

#[test]
fn a_json_spec_is_vendored_as_json_in_place_of_the_yaml() {
    let repository = Repository::new();
    let json = serde_json::to_string_pretty(
        &serde_yaml::from_str::<serde_json::Value>(&additive_spec()).expect("YAML"),
    )
    .expect("JSON");
    let file = repository.download("spec3.json", &json);
    repository.update(&file).expect("the update succeeds");
    assert_eq!(repository.read("spec/stripe/spec3.json"), json);
    assert!(!repository.path("spec/stripe/spec3.yaml").exists());
    assert_eq!(
        repository.layout().upstream_spec(),
        repository.path("spec/stripe/spec3.json")
    );
    let widget = repository.read("generated/src/generated/types/widget.rs");
    assert!(widget.contains("pub color: Option<String>,"), "{widget}");
}
