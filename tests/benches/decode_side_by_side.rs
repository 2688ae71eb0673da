//! Decoding, encoding and memory of a Checkout Session with `stripe-api` beside the
//! leading Rust client, async-stripe (`async-stripe-shared` and `async-stripe-checkout`
//! 1.0.0-rc.10), on two fixtures: Stripe's documented session, and a session with six
//! objects expanded and its line items included (`tests/fixtures/README.md`).
//!
//! async-stripe is not a dependency of this workspace, which would add a minute or more to
//! every test build. The bench writes a standalone project that depends on both clients
//! (its program is `side_by_side/program.rs` beside this file) into
//! `target/bench-decode-side-by-side/project`, builds it in release and runs it on the
//! fixtures; the program times every contender in interleaved rounds and prints the tables.
//!
//! Run: `cargo bench -p stripe-api-tests --bench decode_side_by_side`. The first run builds
//! async-stripe in release (about ten minutes on two cores); the project is kept, and its
//! files rewritten only when they change, so later runs rebuild only what changed. The
//! program alone takes minutes to build, because serde's decoder and encoder for
//! async-stripe's types are instantiated in it. `STRIPE_API_DIR=<path to generated/>`
//! measures another checkout of the crate.

use std::path::Path;
use std::process::Command;

use stripe_api_tests::builds::time;

/// The version measured, with both serde directions; `checkout_session` gives the
/// checkout crate every Checkout Session operation, as `stripe-api` has them.
const ASYNC_STRIPE: &str = "=1.0.0-rc.10";

/// The measuring program, run inside the standalone project.
const PROGRAM: &str = include_str!("side_by_side/program.rs");
/// The heap accounting the program counts with, the same as the memory benches'.
const HEAP: &str = include_str!("../src/heap.rs");

/// The fixtures measured, by file name under `tests/fixtures/`.
const FIXTURES: [&str; 2] = [
    "expire-a-checkout-session.json",
    "checkout-session-expanded.json",
];

fn main() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = tests.parent().expect("tests/ is in the workspace");
    let target = workspace.join("target/bench-decode-side-by-side");
    let project = target.join("project");
    let crate_dir = std::env::var_os("STRIPE_API_DIR")
        .map_or_else(|| workspace.join("generated"), std::path::PathBuf::from);
    let manifest = format!(
        "[package]\nname = \"side-by-side\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nstripe-api = {{ path = {crate_dir:?} }}\n\
         async-stripe-shared = {{ version = \"{ASYNC_STRIPE}\", features = [\"deserialize\", \"serialize\"] }}\n\
         async-stripe-checkout = {{ version = \"{ASYNC_STRIPE}\", features = [\"checkout_session\", \"deserialize\", \"serialize\"] }}\n\
         miniserde = \"0.1\"\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\n\
         [workspace]\n"
    );
    write_if_changed(&project.join("Cargo.toml"), &manifest);
    write_if_changed(&project.join("src/main.rs"), PROGRAM);
    write_if_changed(&project.join("src/heap.rs"), HEAP);

    eprintln!(
        "Building {} in release (the first build compiles async-stripe: about ten minutes)",
        project.display()
    );
    let built = time(
        Command::new(env!("CARGO"))
            .current_dir(&project)
            .env("CARGO_TARGET_DIR", &target)
            .args(["build", "--release"]),
    );
    eprintln!("Built in {:.0} s; measuring", built.as_secs_f64());

    let status = Command::new(target.join("release/side-by-side"))
        .args(FIXTURES.map(|name| {
            format!(
                "`{name}`={}",
                tests.join("fixtures").join(name).to_string_lossy()
            )
        }))
        .status()
        .expect("the measuring program runs");
    assert!(status.success(), "the measuring program failed: {status}");
}

/// Writes `text` to `path` unless it already holds it, so that cargo rebuilds the project
/// only when it changed.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a file in a directory"))
        .expect("target/ is writable");
    std::fs::write(path, text).expect("target/ is writable");
}
