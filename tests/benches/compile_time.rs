//! Compile times, with dependencies already built: of the `stripe-api` crate itself, and of
//! a user crate that decodes a `CheckoutSession`, each beside a baseline built in the same
//! run (rebuilding `serde_json`; a user crate that does not touch `stripe-api`).
//!
//! Run: `cargo bench -p stripe-api-tests --bench compile_time` (about fifteen minutes; it
//! builds into `target/bench-compile/` so that the normal target directory is untouched).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use stripe_api_tests::builds::{run, time, touch};
use stripe_api_tests::measure::{Samples, ratio};

/// Timed builds of each kind; the medians are reported.
const RUNS: usize = 3;

/// The builds of `stripe-api` measured: name, `--release`, and a `--config` override.
/// The last is what a user can set in their own workspace to trade a little decoding
/// speed for a much shorter release build of this crate.
const PROFILES: [(&str, bool, Option<&str>); 3] = [
    ("debug", false, None),
    ("release", true, None),
    (
        "release, `opt-level = \"s\"` for stripe-api",
        true,
        Some("profile.release.package.stripe-api.opt-level=\"s\""),
    ),
];

/// What the user crate's `main` does, one variant per measured build.
const USER_MAINS: [(&str, &str); 3] = [
    (
        "baseline: reads the file, no stripe-api",
        r#"fn main() {
    let json = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    println!("{}", json.len());
}"#,
    ),
    (
        "decodes with CheckoutSession::from_json_slice",
        r#"fn main() {
    let json = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let session = stripe_api::CheckoutSession::from_json_slice(&json).unwrap();
    println!("{} {:?}", session.id, session.status);
}"#,
    ),
    (
        "decodes with serde_json::from_slice::<CheckoutSession>",
        r#"fn main() {
    let json = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let session: stripe_api::CheckoutSession = serde_json::from_slice(&json).unwrap();
    println!("{} {:?}", session.id, session.status);
}"#,
    ),
];

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_owned();
    let target = workspace.join("target/bench-compile");
    let lib_rs = workspace.join("generated/src/lib.rs");

    println!("Compile times, dependencies built, {RUNS} runs each, medians\n");
    println!("| build | profile | median | vs. baseline |");
    println!("|---|---|---|---|");
    let mut release_baseline = None;
    for (profile, release, config) in PROFILES {
        let cargo = |args: &[&str]| {
            let mut command = Command::new(env!("CARGO"));
            command
                .current_dir(&workspace)
                .env("CARGO_TARGET_DIR", &target)
                .args(args);
            if release {
                command.arg("--release");
            }
            if let Some(config) = config {
                command.args(["--config", config]);
            }
            command
        };
        run(&mut cargo(&["build", "-p", "stripe-api"]));
        // The override changes stripe-api alone, so the plain release baseline stands.
        let baseline = match (config, &release_baseline) {
            (Some(_), Some(baseline)) => Samples::clone(baseline),
            _ => Samples::from_durations(
                (0..RUNS)
                    .map(|_| {
                        run(&mut cargo(&["clean", "-p", "serde_json"]));
                        time(&mut cargo(&["build", "-p", "serde_json"]))
                    })
                    .collect(),
            ),
        };
        let own = Samples::from_durations(
            (0..RUNS)
                .map(|_| {
                    touch(&lib_rs);
                    time(&mut cargo(&["build", "-p", "stripe-api", "--timings"]))
                })
                .collect(),
        );
        let base = baseline.median();
        if config.is_none() {
            println!(
                "| baseline: serde_json | {profile} | {:.1} s | 1.00x |",
                base.as_secs_f64()
            );
        }
        println!(
            "| stripe-api | {profile} | {:.1} s | {} |",
            own.median().as_secs_f64(),
            ratio(own.median(), base)
        );
        if release && config.is_none() {
            release_baseline = Some(baseline);
        }
    }

    println!("\nA user crate (release), rebuilt after touching its main.rs, {RUNS} runs each\n");
    println!("| user crate | median | added to baseline |");
    println!("|---|---|---|");
    let user = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        user.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"user\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\nstripe-api = {{ path = {:?} }}\nserde_json = \"1\"\n\n\
             [workspace]\n",
            workspace.join("generated")
        ),
    )
    .expect("temp dir is writable");
    std::fs::create_dir_all(user.path().join("src")).expect("temp dir is writable");
    let lockfile = workspace.join("Cargo.lock");
    std::fs::copy(&lockfile, user.path().join("Cargo.lock")).expect("the lockfile is committed");
    let main_rs = user.path().join("src/main.rs");
    let mut baseline = Duration::ZERO;
    for (i, (name, source)) in USER_MAINS.iter().enumerate() {
        std::fs::write(&main_rs, source).expect("temp dir is writable");
        let build = || {
            let mut command = Command::new(env!("CARGO"));
            command
                .current_dir(user.path())
                .env("CARGO_TARGET_DIR", &target)
                .args(["build", "--release", "--offline"]);
            command
        };
        run(&mut build());
        let samples = Samples::from_durations(
            (0..RUNS)
                .map(|_| {
                    touch(&main_rs);
                    time(&mut build())
                })
                .collect(),
        );
        if i == 0 {
            baseline = samples.median();
        }
        let added = samples.median().saturating_sub(baseline);
        println!(
            "| {name} | {:.2} s | +{:.2} s |",
            samples.median().as_secs_f64(),
            added.as_secs_f64()
        );
    }
}
