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
pub mod instances;
pub mod measure;
pub mod operation_cases;
/// A completed session with `customer`, `invoice`, `payment_intent`, `payment_link`,
/// `setup_intent` and `subscription` expanded and `line_items` included; each expanded
/// object carries every property of its schema (see `tests/fixtures/README.md`).
pub const EXPANDED_SESSION: &str = include_str!("../fixtures/checkout-session-expanded.json");

/// Fields of the expanded session that the vendored spec (API version 2023-08-16) does not
/// have. async-stripe's types, generated from a later API version, require them, and the
/// side-by-side bench decodes the fixture with both clients; this crate keeps them as
/// unknown fields, in the objects they were sent in, and writes them back.
pub const FIELDS_NEWER_THAN_THE_SPEC: &[&str] = &[
    "/customer/tax/provider",
    "/invoice/amount_overpaid",
    "/invoice/issuer",
    "/invoice/lines/data/0/subtotal",
    "/invoice/lines/data/1/subtotal",
    "/payment_link/subscription_data/invoice_settings",
    "/payment_link/subscription_data/metadata",
    "/payment_link/tax_id_collection/required",
    "/subscription/billing_mode",
    "/subscription/billing_schedules",
    "/subscription/discounts",
    "/subscription/invoice_settings",
    "/subscription/items/data/0/current_period_end",
    "/subscription/items/data/0/current_period_start",
    "/subscription/items/data/0/discounts",
    "/subscription/items/data/0/plan",
];

/// The expanded session without [`FIELDS_NEWER_THAN_THE_SPEC`]: every member known to
/// the crate's types, to tell the cost of keeping unknown members from the rest.
pub fn expanded_session_without_newer_fields() -> String {
    let mut session: serde_json::Value = json(EXPANDED_SESSION);
    for pointer in FIELDS_NEWER_THAN_THE_SPEC {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
        if let Some(object) = session.pointer_mut(parent).and_then(|v| v.as_object_mut()) {
            object.remove(key);
        }
    }
    serde_json::to_string_pretty(&session).unwrap_or_default()
}

pub mod scripted_server;
pub mod stripe_server;
pub mod webhook_signing;

/// Parses JSON text that a test wrote, to compare JSON values.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("test JSON is valid")
}
