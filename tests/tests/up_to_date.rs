//! The committed fragment and generated code are what `cargo xtask fragment` and
//! `cargo xtask codegen` produce from the vendored spec now: the staleness check CI runs.

use serde_json::Value;
use xtask::cli::Operations;
use xtask::commands::{self, Layout};

#[test]
fn committed_fragment_is_up_to_date() {
    let layout = Layout::of_this_repository();
    if let Err(error) = commands::fragment(&layout, None, Operations::All, None, true) {
        panic!("{error}");
    }
}

#[test]
fn committed_generated_code_is_up_to_date() {
    let layout = Layout::of_this_repository();
    if let Err(error) = commands::codegen(&layout, None, None, true, false) {
        panic!("{error}");
    }
}

#[test]
fn fragment_holds_the_operations_and_every_schema_they_reach() {
    let layout = Layout::of_this_repository();
    let fragment = xtask::source::SpecFile::read(&layout.fragment())
        .expect("the committed fragment parses")
        .root;
    let schemas = fragment["components"]["schemas"]
        .as_object()
        .expect("schemas");
    // Every schema of the vendored spec: each is reached by some operation.
    assert_eq!(schemas.len(), 819);
    for name in [
        "checkout.session",
        "error",
        "event",
        "notification_event_data",
        "customer",
        "invoice",
        "payment_intent",
        "file",
        "issuing.card",
    ] {
        assert!(schemas.contains_key(name), "{name} missing");
    }
    let ids = |spec: &Value| -> Vec<String> {
        let mut ids: Vec<String> = spec["paths"]
            .as_object()
            .expect("paths")
            .values()
            .flat_map(|item| item.as_object().expect("a path item").values())
            .filter_map(|operation| operation["operationId"].as_str().map(str::to_owned))
            .collect();
        ids.sort();
        ids
    };
    let upstream = xtask::source::SpecFile::read(&layout.upstream_spec())
        .expect("the vendored spec parses")
        .root;
    let served = ids(&fragment);
    assert_eq!(served.len(), 468, "every operation of the vendored spec");
    assert_eq!(served, ids(&upstream));
    // The event types come from the webhook-endpoint operations' parameters.
    let event_types = schemas["event"]["properties"]["type"]["enum"]
        .as_array()
        .expect("event.type lists the event types");
    assert_eq!(event_types.len(), 222);
    assert!(event_types.contains(&"checkout.session.expired".into()));
    assert!(!event_types.contains(&"*".into()));
}
