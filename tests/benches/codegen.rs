//! How long `cargo xtask codegen` takes, stage by stage, on the committed fragment and on
//! the whole API (`cargo xtask fragment --all-operations`), each beside a baseline timed
//! in the same run: parsing the same YAML into a generic tree, the least any generator
//! reading it has to do.
//!
//! Run: `cargo bench -p stripe-api-tests --bench codegen`

use std::path::Path;
use std::time::{Duration, Instant};

use stripe_api_tests::measure::{Samples, ms, ratio};
use xtask::cli::Operations;
use xtask::commands::{self, Layout, Timings, generate};
use xtask::output::Target;

/// `cargo xtask`'s allocator, so that the figures are those of the command.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs of the whole pipeline on the committed fragment; each is well under a second.
const RUNS: usize = 15;
/// Runs on the whole API, each about three times as long.
const FULL_RUNS: usize = 7;

fn main() {
    let layout = Layout::of_this_repository();
    bench(&layout.fragment(), "spec/fragment.yaml", RUNS);

    let full = tempfile::tempdir().expect("temp dir");
    let full_fragment = full.path().join("fragment.yaml");
    commands::fragment(
        &layout,
        None,
        Operations::All,
        Some(full_fragment.clone()),
        false,
    )
    .expect("the whole API's fragment");
    println!();
    bench(
        &full_fragment,
        "the whole API (fragment --all-operations)",
        FULL_RUNS,
    );
}

fn bench(fragment: &Path, label: &str, runs: usize) {
    let fragment = fragment.to_owned();
    let text = std::fs::read_to_string(&fragment).expect("the fragment is readable");

    let baseline = Samples::collect(2, runs, || {
        let tree: serde_yaml::Value = serde_yaml::from_str(&text).expect("the fragment is YAML");
        std::hint::black_box(tree);
    });

    let files = generate(&fragment, &mut Timings::default()).expect("the fragment generates");
    // The floor of the write stage: the same files written in place, with no staging,
    // comparison or rename.
    // Directories are removed after timing, as in the pipeline runs below.
    let mut written = Vec::new();
    let plain_write = Samples::collect(2, runs, || {
        let output = tempfile::tempdir().expect("temp dir");
        for (path, contents) in files.iter() {
            let full = output.path().join(path);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent).expect("temp dir is writable");
            }
            std::fs::write(&full, contents).expect("temp dir is writable");
        }
        written.push(output);
    });
    drop(written);

    let mut stages: [Vec<Duration>; 5] = Default::default();
    let mut written = Vec::new();
    for run in 0..runs + 2 {
        let output = tempfile::tempdir().expect("temp dir");
        let start = Instant::now();
        let mut timings = Timings::default();
        let files = generate(&fragment, &mut timings).expect("the fragment generates");
        let write = Instant::now();
        Target {
            root: output.path().to_owned(),
            owned: Some("src/generated".into()),
        }
        .write(&files)
        .expect("temp dir is writable");
        let write = write.elapsed();
        let total = start.elapsed();
        written.push(output);
        if run >= 2 {
            for (stage, time) in
                stages
                    .iter_mut()
                    .zip([timings.parse, timings.lower, timings.emit, write, total])
            {
                stage.push(time);
            }
        }
    }

    drop(written);

    let base = baseline.median();
    let schemas = serde_yaml::from_str::<serde_yaml::Value>(&text)
        .ok()
        .and_then(|tree| {
            tree.get("components")?
                .get("schemas")?
                .as_mapping()
                .map(|m| m.len())
        })
        .unwrap_or_default();
    println!(
        "codegen on {label} ({schemas} schemas, {} files), {runs} runs, medians\n",
        files.len()
    );
    println!("| stage | median | vs. baseline |");
    println!("|---|---|---|");
    println!(
        "| baseline: YAML to a generic tree | {} | 1.00x |",
        ms(base)
    );
    println!(
        "| baseline: the same {} files written with `std::fs::write` | {} | {} |",
        files.len(),
        ms(plain_write.median()),
        ratio(plain_write.median(), base)
    );
    let names = [
        "parse (YAML, openapiv3)",
        "lower",
        "emit + format",
        "write",
        "total",
    ];
    for (name, samples) in names.iter().zip(stages) {
        let median = Samples::from_durations(samples).median();
        println!("| {name} | {} | {} |", ms(median), ratio(median, base));
    }
}
