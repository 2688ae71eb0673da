//! The build of `stripe-api` with some of its resource features beside the build of the
//! leading Rust client's crates serving the same resources, both in one project, so that
//! shared dependencies are built once and both builds see the same machine in the same
//! run.
//!
//! Run: `SCENARIO=full cargo bench -p stripe-api-tests --bench compile_resources` for the
//! whole API (`stripe-api` with `full`, beside every API crate of async-stripe with its
//! `full` feature), `SCENARIO=customers` for customers alone (`stripe-api` with
//! `customers` only, beside `async-stripe-core` with `customer` and the crates it pulls
//! in). Both sides build with serde's traits, as `stripe-api` has them. `PROFILES=debug`
//! or `release` (default), `RUNS=n` timed builds each (default 3; the medians are
//! reported). It fetches the other client from crates.io the first time and builds into
//! `target/bench-compile-resources/`.

use std::path::Path;

use stripe_api_tests::builds::{cargo_in, run, time};
use stripe_api_tests::measure::{Samples, ratio};

/// The version measured.
const ASYNC_STRIPE: &str = "=1.0.0-rc.10";

/// async-stripe's API crates, each serving a group of resources; `shared` holds the types
/// several groups use.
const API_CRATES: [&str; 11] = [
    "async-stripe-billing",
    "async-stripe-checkout",
    "async-stripe-connect",
    "async-stripe-core",
    "async-stripe-fraud",
    "async-stripe-issuing",
    "async-stripe-misc",
    "async-stripe-payment",
    "async-stripe-product",
    "async-stripe-terminal",
    "async-stripe-treasury",
];

struct Scenario {
    /// `stripe-api`'s features (without its defaults).
    ours: &'static str,
    /// Each of async-stripe's crates measured, with its features.
    theirs: Vec<(&'static str, &'static str)>,
}

fn scenario(name: &str) -> Scenario {
    const SERDE: &str = r#"["deserialize", "serialize"]"#;
    match name {
        "full" => Scenario {
            ours: r#"["full"]"#,
            theirs: std::iter::once(("async-stripe-shared", SERDE))
                .chain(
                    API_CRATES
                        .iter()
                        .map(|name| (*name, r#"["full", "deserialize", "serialize"]"#)),
                )
                .collect(),
        },
        "customers" => Scenario {
            ours: r#"["customers"]"#,
            theirs: vec![
                ("async-stripe-shared", SERDE),
                (
                    "async-stripe-core",
                    r#"["customer", "deserialize", "serialize"]"#,
                ),
            ],
        },
        other => panic!("SCENARIO={other}: `full` or `customers`"),
    }
}

fn main() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace")
        .to_owned();
    let target = workspace.join("target/bench-compile-resources");
    let name = std::env::var("SCENARIO").unwrap_or_else(|_| "full".to_owned());
    let scenario = scenario(&name);
    let runs: usize = std::env::var("RUNS").map_or(3, |runs| runs.parse().expect("RUNS=n"));
    let project = tempfile::tempdir().expect("temp dir");
    let theirs_deps: String = scenario
        .theirs
        .iter()
        .map(|(krate, features)| {
            format!("{krate} = {{ version = \"{ASYNC_STRIPE}\", features = {features} }}\n")
        })
        .collect();
    std::fs::write(
        project.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"side-by-side\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\nstripe-api = {{ path = {:?}, default-features = false, \
             features = {} }}\n{theirs_deps}\n[workspace]\n",
            workspace.join("generated"),
            scenario.ours,
        ),
    )
    .expect("temp dir is writable");
    std::fs::create_dir_all(project.path().join("src")).expect("temp dir is writable");
    std::fs::write(project.path().join("src/lib.rs"), "").expect("temp dir is writable");

    let profiles = std::env::var("PROFILES").unwrap_or_else(|_| "release".to_owned());
    println!(
        "Scenario `{name}`: builds from scratch with dependencies built, {runs} runs each, \
         alternating, medians\n"
    );
    println!("| profile | async-stripe | stripe-api | ratio |");
    println!("|---|---|---|---|");
    let packages = |crates: &[&str]| -> Vec<String> {
        crates
            .iter()
            .flat_map(|krate| ["-p".to_owned(), (*krate).to_owned()])
            .collect()
    };
    let theirs_crates: Vec<&str> = scenario.theirs.iter().map(|(krate, _)| *krate).collect();
    for profile in profiles.split(',') {
        let release = profile == "release";
        let cargo = |args: &[String]| cargo_in(project.path(), &target, release, args);
        let with = |verb: &str, crates: &[&str]| -> Vec<String> {
            std::iter::once(verb.to_owned())
                .chain(packages(crates))
                .collect()
        };
        let mut all = theirs_crates.clone();
        all.push("stripe-api");
        run(&mut cargo(&with("build", &all)));
        let mut theirs = Vec::new();
        let mut ours = Vec::new();
        for _ in 0..runs {
            run(&mut cargo(&with("clean", &theirs_crates)));
            theirs.push(time(&mut cargo(&with("build", &theirs_crates))));
            run(&mut cargo(&with("clean", &["stripe-api"])));
            ours.push(time(&mut cargo(&with("build", &["stripe-api"]))));
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
