//! Golden tests of the generator: each case under `tests/golden/` is a small spec and the
//! exact files `cargo xtask codegen` writes for it. The files are also compiled, with
//! `#![deny(warnings)]`, as modules of this crate's library, and exercised by the
//! `golden_*` tests. After a deliberate change, `UPDATE_GOLDEN=1 cargo test --test golden`
//! rewrites them (or, when the old files no longer compile, `cargo xtask codegen --spec
//! tests/golden/CASE/spec.yaml --out tests/golden/CASE/expected`); review the diff before
//! committing.

use std::path::{Path, PathBuf};

use xtask::commands::{Timings, generate};
use xtask::output::{Target, summarize};

/// Every folder under `tests/golden/`, each a case; a folder without its `spec.yaml` is
/// an error, not a case to skip.
fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("golden");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/golden exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    let without_spec: Vec<&PathBuf> = cases
        .iter()
        .filter(|case| !case.join("spec.yaml").is_file())
        .collect();
    assert!(
        without_spec.is_empty(),
        "golden cases without a spec.yaml: {without_spec:?}"
    );
    assert!(!cases.is_empty(), "no golden case in {}", root.display());
    cases
}

/// Whether to rewrite the golden files: only when `UPDATE_GOLDEN` is `1`, so that a
/// stray `UPDATE_GOLDEN=0` or an empty value checks them instead of blessing any output.
fn blessing() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|value| value == "1")
}

#[test]
fn generated_code_matches_the_golden_files() {
    let update = blessing();
    let mut stale = Vec::new();
    for case in cases() {
        let files = generate(&case.join("spec.yaml"), &mut Timings::default())
            .unwrap_or_else(|error| panic!("{}: {error}", case.display()));
        let target = Target {
            root: case.join("expected"),
            owned: Some(PathBuf::from("src/generated")),
        };
        if update {
            target.write(&files).expect("golden files are writable");
            continue;
        }
        let changes = target.compare(&files).expect("golden files are readable");
        if !changes.is_empty() {
            stale.push(format!("{}:\n{}", case.display(), summarize(&changes)));
        }
    }
    assert!(
        stale.is_empty(),
        "generated code differs from the golden files (UPDATE_GOLDEN=1 to accept):\n{}",
        stale.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    for case in cases() {
        let spec = case.join("spec.yaml");
        let first = generate(&spec, &mut Timings::default()).expect("case generates");
        let second = generate(&spec, &mut Timings::default()).expect("case generates");
        assert_eq!(first, second, "{}", case.display());
    }
}
