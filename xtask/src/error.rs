//! The one error type of every xtask command: each variant names the file, and for a
//! problem inside a spec, the JSON pointer of the value at fault.

use std::path::PathBuf;

/// A failure of `cargo xtask`; its `Display` is the whole message the user sees.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line could not be understood.
    #[error("{0}\n\n{usage}", usage = crate::cli::USAGE)]
    Usage(String),

    /// A file could not be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A file is not well-formed YAML or JSON.
    #[error("{path}: {message}")]
    Syntax { path: PathBuf, message: String },

    /// A spec is well-formed but not something the generator can use.
    #[error("{path}#{pointer}: {problem}")]
    Spec {
        path: PathBuf,
        pointer: String,
        problem: String,
    },

    /// The generator produced something it cannot use: a bug in the generator.
    #[error("generating `{item}` failed: {message}")]
    Emit { item: String, message: String },

    /// Output could not be written; nothing was changed.
    #[error("{path}: cannot write: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    /// `--check` found committed output that differs from what the command would write.
    #[error("{summary}\nrun `cargo xtask {command}` and commit the result")]
    Stale {
        command: &'static str,
        summary: String,
    },
}

/// A problem found in a spec, located by JSON pointer; the caller adds the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecProblem {
    /// Where in the document, as a JSON pointer (`/components/schemas/charge`).
    pub pointer: String,
    /// What was wrong and what was expected.
    pub problem: String,
}

impl SpecProblem {
    pub fn new(pointer: impl Into<String>, problem: impl Into<String>) -> Self {
        SpecProblem {
            pointer: pointer.into(),
            problem: problem.into(),
        }
    }

    /// Attaches the file the problem was found in.
    pub fn in_file(self, path: impl Into<PathBuf>) -> Error {
        Error::Spec {
            path: path.into(),
            pointer: self.pointer,
            problem: self.problem,
        }
    }
}
