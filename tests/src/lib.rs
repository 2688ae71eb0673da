//! Support for the workspace's tests, and the generator's golden output compiled as
//! modules: each `golden_*` module is exactly the types `cargo xtask codegen` writes
//! for the spec in `tests/golden/<case>/spec.yaml`, built here with `#[deny(warnings)]`
//! so that the tests can use them. (The operations are left out: they add methods to
//! `stripe_api::Client`, which only the `stripe-api` crate itself can do.) Like all generated code they are formatted by
//! prettyplease, so rustfmt skips them.

#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/alternatives/expected/src/generated/types/mod.rs"]
pub mod golden_alternatives;
#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/cycles/expected/src/generated/types/mod.rs"]
pub mod golden_cycles;
#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/events/expected/src/generated/types/mod.rs"]
pub mod golden_events;
#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/expandable/expected/src/generated/types/mod.rs"]
pub mod golden_expandable;
#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/naming/expected/src/generated/types/mod.rs"]
pub mod golden_naming;
#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/params/expected/src/generated/types/mod.rs"]
pub mod golden_params;
#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/presence/expected/src/generated/types/mod.rs"]
pub mod golden_presence;
#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/scalars/expected/src/generated/types/mod.rs"]
pub mod golden_scalars;
#[rustfmt::skip]
#[deny(warnings)]
#[path = "../golden/unions/expected/src/generated/types/mod.rs"]
pub mod golden_unions;

pub mod builds;
pub mod examples;
pub mod heap;
pub mod measure;
/// A completed session with `customer`, `invoice`, `payment_intent`, `payment_link`,
/// `setup_intent` and `subscription` expanded and `line_items` included; each expanded
/// object carries every property of its schema (see `tests/fixtures/README.md`).
pub const EXPANDED_SESSION: &str = include_str!("../fixtures/checkout-session-expanded.json");

pub mod stripe_server;
pub mod webhook_signing;

/// Parses JSON text that a test wrote, to compare JSON values.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("test JSON is valid")
}
