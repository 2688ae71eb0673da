//! The command line of `cargo xtask`: what each command accepts, parsed into [`Command`].

use std::path::PathBuf;

use lexopt::prelude::*;

use crate::error::Error;

pub const USAGE: &str = "\
usage:
  cargo xtask fragment [--spec PATH] [--operation OPERATION_ID]... [--all-operations]
                       [--out PATH] [--check]
      Extracts the operations (default, or with --all-operations: every operation of
      the spec; with --operation, those named) and every schema they reach from the
      full spec (default: spec/stripe/spec3.yaml) into the fragment (default:
      spec/fragment.yaml), once it has checked that codegen can read the result.
  cargo xtask codegen [--spec PATH] [--out DIR] [--check] [--timings]
      Generates the stripe-api crate's code under DIR/src/generated/ (default DIR:
      generated/, the crate) from the fragment (default: spec/fragment.yaml).
  cargo xtask api-diff OLD NEW
      Compares the crate generated from spec OLD with the one from spec NEW (YAML or
      JSON; typically the committed fragment and a new one) and prints, as Markdown, the
      types, fields, enum values, union variants and operations added, removed or
      changed, each marked breaking or additive for users of the crate.

  cargo xtask update-spec FILE [--tag TAG] [--date YYYY-MM-DD] [--report PATH]
      Moves the repository to the spec FILE (YAML or JSON), all or nothing: vendors it
      under spec/stripe/, records its release tag, date (default: today), API version and
      sha256 in spec/stripe/README.md, regenerates the fragment and the crate, puts the
      api-diff report at the top of CHANGELOG.md and bumps the crate's version (breaking:
      the next minor while 0.x, else the next patch). With --report, also writes the
      report to PATH. A FILE that is already vendored changes nothing.

  --check    write nothing; fail when the committed output differs from what would be written
  --timings  print how long each stage of code generation took, to stderr";

/// One invocation of `cargo xtask`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Fragment {
        spec: Option<PathBuf>,
        operations: Operations,
        out: Option<PathBuf>,
        check: bool,
    },
    Codegen {
        spec: Option<PathBuf>,
        out: Option<PathBuf>,
        check: bool,
        timings: bool,
    },
    ApiDiff {
        old: PathBuf,
        new: PathBuf,
    },
    UpdateSpec {
        file: PathBuf,
        tag: Option<String>,
        date: Option<String>,
        report: Option<PathBuf>,
    },
    Help,
}

/// Which operations `fragment` extracts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operations {
    /// Those named on the command line.
    Named(Vec<String>),
    /// Every operation of the spec.
    All,
}

/// Parses the arguments that follow `cargo xtask`.
pub fn parse(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<Command, Error> {
    parse_inner(lexopt::Parser::from_args(args)).map_err(|error| Error::Usage(error.to_string()))
}

fn parse_inner(mut parser: lexopt::Parser) -> Result<Command, lexopt::Error> {
    let Some(arg) = parser.next()? else {
        return Ok(Command::Help);
    };
    let name = match arg {
        Value(name) => name.string()?,
        Short('h') | Long("help") => return Ok(Command::Help),
        other => return Err(other.unexpected()),
    };
    match name.as_str() {
        "fragment" => {
            let (mut spec, mut named, mut all, mut out, mut check) =
                (None, Vec::new(), false, None, false);
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("spec") => spec = Some(parser.value()?.into()),
                    Long("operation") => named.push(parser.value()?.string()?),
                    Long("all-operations") => all = true,
                    Long("out") => out = Some(parser.value()?.into()),
                    Long("check") => check = true,
                    other => return Err(other.unexpected()),
                }
            }
            // Every operation is the default; `--all-operations` says so explicitly.
            let operations = match (all, named.is_empty()) {
                (true, false) => {
                    return Err("--all-operations and --operation cannot be combined".into());
                }
                (_, true) => Operations::All,
                (false, false) => Operations::Named(named),
            };
            Ok(Command::Fragment {
                spec,
                operations,
                out,
                check,
            })
        }
        "codegen" => {
            let (mut spec, mut out, mut check, mut timings) = (None, None, false, false);
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("spec") => spec = Some(parser.value()?.into()),
                    Long("out") => out = Some(parser.value()?.into()),
                    Long("check") => check = true,
                    Long("timings") => timings = true,
                    other => return Err(other.unexpected()),
                }
            }
            Ok(Command::Codegen {
                spec,
                out,
                check,
                timings,
            })
        }
        "api-diff" => {
            let mut paths = Vec::new();
            while let Some(arg) = parser.next()? {
                match arg {
                    Value(path) if paths.len() < 2 => paths.push(PathBuf::from(path)),
                    other => return Err(other.unexpected()),
                }
            }
            let [old, new] = <[PathBuf; 2]>::try_from(paths)
                .map_err(|_| lexopt::Error::from("api-diff needs two specs: OLD and NEW"))?;
            Ok(Command::ApiDiff { old, new })
        }
        "update-spec" => {
            let (mut file, mut tag, mut date, mut report) = (None, None, None, None);
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("tag") => tag = Some(parser.value()?.string()?),
                    Long("date") => date = Some(parser.value()?.string()?),
                    Long("report") => report = Some(parser.value()?.into()),
                    Value(path) if file.is_none() => file = Some(PathBuf::from(path)),
                    other => return Err(other.unexpected()),
                }
            }
            let file = file.ok_or("update-spec needs the new spec: FILE")?;
            Ok(Command::UpdateSpec {
                file,
                tag,
                date,
                report,
            })
        }
        "help" => Ok(Command::Help),
        other => Err(format!("unknown command `{other}`").into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(args: &str) -> Result<Command, Error> {
        parse(args.split_whitespace().map(Into::into))
    }

    #[test]
    fn parses_repeated_operations() {
        let command =
            parse_str("fragment --operation A --operation B --check --out x.yaml").unwrap();
        assert_eq!(
            command,
            Command::Fragment {
                spec: None,
                operations: Operations::Named(vec!["A".into(), "B".into()]),
                out: Some("x.yaml".into()),
                check: true,
            }
        );
    }

    #[test]
    fn all_operations_excludes_naming_some() {
        assert_eq!(
            parse_str("fragment --all-operations").unwrap(),
            Command::Fragment {
                spec: None,
                operations: Operations::All,
                out: None,
                check: false,
            }
        );
        let message = parse_str("fragment --all-operations --operation A")
            .unwrap_err()
            .to_string();
        assert!(message.contains("cannot be combined"), "{message}");
    }

    #[test]
    fn rejects_unknown_flags_with_usage() {
        let message = parse_str("codegen --frobnicate").unwrap_err().to_string();
        assert!(message.contains("--frobnicate"), "{message}");
        assert!(message.contains("usage:"), "{message}");
    }
}
