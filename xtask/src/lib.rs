//! The generator behind `cargo xtask`: a pipeline of small stages, each its own module.
//!
//! [`source`] reads a spec (YAML or JSON) -> [`fragment`] cuts it down to the operations
//! we serve, or [`lower`] turns it into the [`model`] -> [`emit`] writes Rust from the
//! model -> [`output`] puts the files in place, all or nothing, or checks them, with the
//! [`regions`] of hand-written files that the generator owns.
//! [`api_diff`] compares the models of two specs, for the changelog of a spec update;
//! [`update_spec`] moves the repository to a new spec with all of the above.

pub mod api_diff;
pub mod cli;
pub mod commands;
pub mod emit;
pub mod error;
pub mod fragment;
pub mod lower;
pub mod model;
pub mod output;
pub mod pointer;
pub mod regions;
pub mod source;
pub mod update_spec;

pub use error::Error;
