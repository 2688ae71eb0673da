//! `cargo xtask api-diff`: compares the models of two specs and reports, as Markdown for a
//! changelog, what changes for users of the generated crate and whether it breaks their code.
//!
//! [`compare`] finds the changes, worded for the changelog; [`render`] lays them out. Both
//! read the [`model`](crate::model) only: what the generated crate exposes is decided there,
//! so the raw spec has nothing to add.

mod compare;
mod fields;
mod report;

use crate::model::Api;

pub use compare::compare;
pub use report::render;

/// Whether code written against the old generated crate keeps working with the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// It may stop compiling, or lose a value it relied on.
    Breaking,
    /// It keeps compiling and working; at most the JSON it writes is spelled differently.
    Additive,
}

/// What a change is about. Changes are listed types first, by name, then operations, by
/// id, so that everything about one type or operation stays together.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    Type(String),
    Operation(String),
}

/// One change, worded as a line of the changelog.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub subject: Subject,
    pub impact: Impact,
    /// The Markdown text of the line, without the list marker.
    pub text: String,
}

/// The Markdown report of how the generated crate changes from `old` to `new`.
pub fn report(old: &Api, new: &Api) -> String {
    render(&old.version, &new.version, &compare(old, new))
}
