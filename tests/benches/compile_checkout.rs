//! The build of `stripe-api` beside the build of the leading Rust client's Checkout types
//! (`async-stripe-shared` and `async-stripe-checkout`, which serve the same Checkout
//! Session operations), each both lean and with serde's traits, all four in one run into
//! one target directory, so that shared dependencies are built once and every build sees
//! the same machine.
//!
//! - lean: `stripe-api` with `default-features = false, features = ["checkout"]`, beside
//!   async-stripe with `checkout_session` alone (their decoder, miniserde, stays);
//! - serde: `stripe-api` with its default features (`checkout` and `serde`), beside
//!   async-stripe with `deserialize` and `serialize` as well.
//!
//! Run: `cargo bench -p stripe-api-tests --bench compile_checkout` (about twenty minutes
//! for both profiles; `PROFILES=debug` or `PROFILES=release` for one, `RUNS=n` for other
//! than three runs each). It fetches the other client from crates.io the first time and
//! builds into `target/bench-compile-checkout/`. `STRIPE_API_DIR=<path to generated/>`
//! measures another checkout of the crate, such as an earlier commit's, against the same
//! baselines.

use std::path::{Path, PathBuf};
use std::time::Duration;

use stripe_api_tests::builds::{cargo_in, run, time};
use stripe_api_tests::measure::{Samples, ratio};

/// Timed builds of each contender per profile, unless `RUNS` says otherwise; the medians
/// are reported.
const RUNS: usize = 3;

/// The version measured.
const ASYNC_STRIPE: &str = "=1.0.0-rc.10";

/// One way of depending on both clients.
struct Setup {
    name: &'static str,
    /// `stripe-api`'s dependency attributes besides its path.
    ours: &'static str,
    /// async-stripe-shared's features, then async-stripe-checkout's.
    theirs: [&'static str; 2],
}

const SETUPS: [Setup; 2] = [
    Setup {
        name: "lean",
        ours: r#"default-features = false, features = ["checkout"]"#,
        theirs: ["[]", r#"["checkout_session"]"#],
    },
    Setup {
        name: "serde",
        ours: "",
        theirs: [
            r#"["deserialize", "serialize"]"#,
            r#"["checkout_session", "deserialize", "serialize"]"#,
        ],
    },
];

/// The packages each client's build consists of, cleaned before each timed build; the
/// last is the one built.
const THEIR_PACKAGES: [&str; 2] = ["async-stripe-shared", "async-stripe-checkout"];
const OUR_PACKAGES: [&str; 1] = ["stripe-api"];

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_owned();
    let target = workspace.join("target/bench-compile-checkout");
    let crate_dir = std::env::var_os("STRIPE_API_DIR")
        .map_or_else(|| workspace.join("generated"), PathBuf::from);
    let runs = std::env::var("RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(RUNS);
    let projects: Vec<tempfile::TempDir> = SETUPS
        .iter()
        .map(|setup| project(setup, &crate_dir))
        .collect();

    let profiles = std::env::var("PROFILES").unwrap_or_else(|_| "debug,release".to_owned());
    println!(
        "Builds from scratch with dependencies built, {runs} runs each, alternating, medians\n"
    );
    println!(
        "| profile | async-stripe lean | stripe-api lean | ratio | async-stripe with serde | \
         stripe-api with serde | ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for profile in profiles.split(',') {
        let release = profile == "release";
        let mut row = format!("| {profile} ");
        // The four builds alternate run by run, so that a busier stretch of the machine
        // falls on all of them.
        let mut samples = vec![[Vec::new(), Vec::new()]; SETUPS.len()];
        for project in &projects {
            let cargo = |args: &[&str]| cargo_in(project.path(), &target, release, args);
            run(&mut cargo(&[
                "build",
                "-p",
                "stripe-api",
                "-p",
                "async-stripe-checkout",
            ]));
        }
        for _ in 0..runs {
            for (project, setup_samples) in projects.iter().zip(&mut samples) {
                for (packages, samples) in [&THEIR_PACKAGES[..], &OUR_PACKAGES[..]]
                    .into_iter()
                    .zip(setup_samples.iter_mut())
                {
                    samples.push(clean_build(project.path(), &target, release, packages));
                }
            }
        }
        for [theirs, ours] in samples {
            let theirs = Samples::from_durations(theirs).median();
            let ours = Samples::from_durations(ours).median();
            row.push_str(&format!(
                "| {:.1} s | {:.1} s | {} ",
                theirs.as_secs_f64(),
                ours.as_secs_f64(),
                ratio(ours, theirs)
            ));
        }
        println!("{row}|");
    }
}

/// A project that depends on both clients as `setup` says.
fn project(setup: &Setup, crate_dir: &Path) -> tempfile::TempDir {
    let project = tempfile::tempdir().expect("temp dir");
    let ours = if setup.ours.is_empty() {
        String::new()
    } else {
        format!(", {}", setup.ours)
    };
    let [shared, checkout] = setup.theirs;
    std::fs::write(
        project.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"side-by-side-{}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\nstripe-api = {{ path = {crate_dir:?}{ours} }}\n\
             async-stripe-shared = {{ version = \"{ASYNC_STRIPE}\", features = {shared} }}\n\
             async-stripe-checkout = {{ version = \"{ASYNC_STRIPE}\", features = {checkout} }}\n\n\
             [workspace]\n",
            setup.name
        ),
    )
    .expect("temp dir is writable");
    std::fs::create_dir_all(project.path().join("src")).expect("temp dir is writable");
    std::fs::write(project.path().join("src/lib.rs"), "").expect("temp dir is writable");
    project
}

/// Cleans `packages` and times building the last of them, with what they depend on.
fn clean_build(project: &Path, target: &Path, release: bool, packages: &[&str]) -> Duration {
    let mut clean = vec!["clean"];
    for package in packages {
        clean.extend(["-p", package]);
    }
    run(&mut cargo_in(project, target, release, &clean));
    let built = packages.last().expect("a package to build");
    time(&mut cargo_in(
        project,
        target,
        release,
        &["build", "-p", built],
    ))
}
