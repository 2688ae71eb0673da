//! The build of `stripe-api` beside the build of the leading Rust client's Checkout types
//! (`async-stripe-shared` and `async-stripe-checkout`, which serve the same Checkout
//! Session operations), both in one project, so that their shared dependencies are built
//! once and both builds see the same machine in the same run.
//!
//! Run: `cargo bench -p stripe-api-tests --bench compile_checkout` (about ten minutes for
//! both profiles; `PROFILES=debug` or `PROFILES=release` for one). It fetches the other
//! client from crates.io the first time and builds into `target/bench-compile-checkout/`.
//! `STRIPE_API_DIR=<path to generated/>` measures another checkout of the crate, such as
//! an earlier commit's, against the same baseline.

use std::path::Path;

use stripe_api_tests::builds::{cargo_in, run, time};
use stripe_api_tests::measure::{Samples, ratio};

/// Timed builds of each contender per profile; the medians are reported.
const RUNS: usize = 3;

/// The version measured.
const ASYNC_STRIPE: &str = "=1.0.0-rc.10";
/// Every Checkout Session operation and both serde directions, as `stripe-api` has them;
/// `ASYNC_STRIPE_SERDE=0` leaves serde out (their own decoder, miniserde, stays).
const WITH_SERDE: [&str; 2] = [
    r#"["deserialize", "serialize"]"#,
    r#"["checkout_session", "deserialize", "serialize"]"#,
];
const WITHOUT_SERDE: [&str; 2] = ["[]", r#"["checkout_session"]"#];

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_owned();
    let target = workspace.join("target/bench-compile-checkout");
    let crate_dir = std::env::var_os("STRIPE_API_DIR")
        .map_or_else(|| workspace.join("generated"), std::path::PathBuf::from);
    let [shared_features, checkout_features] =
        if std::env::var("ASYNC_STRIPE_SERDE").as_deref() == Ok("0") {
            WITHOUT_SERDE
        } else {
            WITH_SERDE
        };
    let project = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        project.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"side-by-side\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\nstripe-api = {{ path = {:?} }}\n\
             async-stripe-shared = {{ version = \"{ASYNC_STRIPE}\", features = {shared_features} }}\n\
             async-stripe-checkout = {{ version = \"{ASYNC_STRIPE}\", features = {checkout_features} }}\n\n\
             [workspace]\n",
            crate_dir
        ),
    )
    .expect("temp dir is writable");
    std::fs::create_dir_all(project.path().join("src")).expect("temp dir is writable");
    std::fs::write(project.path().join("src/lib.rs"), "").expect("temp dir is writable");

    let profiles = std::env::var("PROFILES").unwrap_or_else(|_| "debug,release".to_owned());
    println!(
        "Builds from scratch with dependencies built, {RUNS} runs each, alternating, medians\n"
    );
    println!("| profile | async-stripe Checkout types | stripe-api | ratio |");
    println!("|---|---|---|---|");
    for profile in profiles.split(',') {
        let release = profile == "release";
        let cargo = |args: &[&str]| cargo_in(project.path(), &target, release, args);
        run(&mut cargo(&[
            "build",
            "-p",
            "stripe-api",
            "-p",
            "async-stripe-checkout",
        ]));
        let mut theirs = Vec::new();
        let mut ours = Vec::new();
        for _ in 0..RUNS {
            run(&mut cargo(&[
                "clean",
                "-p",
                "async-stripe-shared",
                "-p",
                "async-stripe-checkout",
            ]));
            theirs.push(time(&mut cargo(&["build", "-p", "async-stripe-checkout"])));
            run(&mut cargo(&["clean", "-p", "stripe-api"]));
            ours.push(time(&mut cargo(&["build", "-p", "stripe-api"])));
        }
        let theirs = Samples::from_durations(theirs).median();
        let ours = Samples::from_durations(ours).median();
        println!(
            "| {profile} | {:.1} s | {:.1} s | {} |",
            theirs.as_secs_f64(),
            ours.as_secs_f64(),
            ratio(ours, theirs)
        );
    }
}
