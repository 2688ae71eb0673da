//! `cargo xtask`: runs one command, prints its report, or prints its error and fails.

use std::process::ExitCode;

use mimalloc::MiMalloc;

use xtask::cli::{self, Command};
use xtask::commands::{self, Layout};

/// Code generation allocates and frees millions of small token trees and strings on both
/// cores; with the system allocator that was a third of its time.
#[global_allocator]
static ALLOCATOR: MiMalloc = MiMalloc;

fn main() -> ExitCode {
    match run() {
        Ok(report) => {
            if !report.is_empty() {
                println!("{report}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<String, xtask::Error> {
    let layout = Layout::of_this_repository();
    match cli::parse(std::env::args_os().skip(1))? {
        Command::Help => Ok(cli::USAGE.to_owned()),
        Command::Fragment {
            spec,
            operations,
            out,
            check,
        } => commands::fragment(&layout, spec, operations, out, check),
        Command::Codegen {
            spec,
            out,
            check,
            timings,
        } => commands::codegen(&layout, spec, out, check, timings),
        Command::ApiDiff { old, new } => commands::api_diff(&old, &new),
        Command::UpdateSpec {
            file,
            tag,
            date,
            report,
        } => commands::update_spec(&layout, &file, tag, date, report.as_deref()),
    }
}
