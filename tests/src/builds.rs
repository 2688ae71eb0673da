//! Runs and times the cargo builds of the compile-time benchmarks.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Rewrites `path` unchanged, so cargo rebuilds the crate it belongs to.
pub fn touch(path: &Path) {
    let text = std::fs::read(path).expect("file is readable");
    std::fs::write(path, text).expect("file is writable");
}

/// `cargo` with `args` in the project at `project`, building into `target` from scratch
/// as a dependency builds: without the incremental cache, which cargo keeps for path
/// dependencies alone. In release when `release`.
pub fn cargo_in<S: AsRef<std::ffi::OsStr>>(
    project: &Path,
    target: &Path,
    release: bool,
    args: &[S],
) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .current_dir(project)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .args(args);
    if release {
        command.arg("--release");
    }
    command
}

/// Runs `command`, failing the benchmark with its output if it fails.
pub fn run(command: &mut Command) {
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// How long `command` takes to succeed.
pub fn time(command: &mut Command) -> Duration {
    let start = Instant::now();
    run(command);
    start.elapsed()
}
