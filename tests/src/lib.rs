//! Support for the workspace's tests, and the generator's golden output compiled as
//! modules: each `golden_*` module is exactly what `cargo xtask codegen` writes for the
//! spec in `tests/golden/<case>/spec.yaml`, built here with `#![deny(warnings)]` so
//! that the tests can use it. Like all generated code they are formatted by
//! prettyplease, so rustfmt skips them.

#[rustfmt::skip]
#[path = "../golden/cycles/expected/src/generated/mod.rs"]
pub mod golden_cycles;
#[rustfmt::skip]
#[path = "../golden/expandable/expected/src/generated/mod.rs"]
pub mod golden_expandable;
#[rustfmt::skip]
#[path = "../golden/naming/expected/src/generated/mod.rs"]
pub mod golden_naming;
#[rustfmt::skip]
#[path = "../golden/presence/expected/src/generated/mod.rs"]
pub mod golden_presence;
#[rustfmt::skip]
#[path = "../golden/scalars/expected/src/generated/mod.rs"]
pub mod golden_scalars;
#[rustfmt::skip]
#[path = "../golden/unions/expected/src/generated/mod.rs"]
pub mod golden_unions;

pub mod measure;

/// Parses JSON text that a test wrote, to compare JSON values.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("test JSON is valid")
}
