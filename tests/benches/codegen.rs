//! How long `cargo xtask codegen` takes on the committed fragment, stage by stage, beside
//! a baseline timed in the same run: parsing the fragment's YAML into a generic tree, the
//! least any generator reading it has to do.
//!
//! Run: `cargo bench -p stripe-api-tests --bench codegen`

use std::time::{Duration, Instant};

use stripe_api_tests::measure::{Samples, ms, ratio};
use xtask::commands::{Layout, Timings, generate};
use xtask::output::Target;

/// Runs of the whole pipeline; each is well under a second.
const RUNS: usize = 15;

fn main() {
    let layout = Layout::of_this_repository();
    let fragment = layout.fragment();
    let text = std::fs::read_to_string(&fragment).expect("the fragment is committed");

    let baseline = Samples::collect(2, RUNS, || {
        let tree: serde_yaml::Value = serde_yaml::from_str(&text).expect("the fragment is YAML");
        std::hint::black_box(tree);
    });

    let mut stages: [Vec<Duration>; 5] = Default::default();
    for run in 0..RUNS + 2 {
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

    let base = baseline.median();
    println!("codegen on spec/fragment.yaml, {RUNS} runs, medians\n");
    println!("| stage | median | vs. baseline |");
    println!("|---|---|---|");
    println!(
        "| baseline: YAML to a generic tree | {} | 1.00x |",
        ms(base)
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
