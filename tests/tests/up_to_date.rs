//! The committed fragment and generated code are what `cargo xtask fragment` and
//! `cargo xtask codegen` produce from the vendored spec now: the staleness check CI runs.

use serde_json::Value;
use xtask::cli::Operations;
use xtask::commands::{self, Layout};

#[test]
fn committed_fragment_is_up_to_date() {
    let layout = Layout::of_this_repository();
    if let Err(error) = commands::fragment(&layout, None, Operations::Listed, None, true) {
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
    assert_eq!(schemas.len(), 595);
    for name in [
        "checkout.session",
        "error",
        "event",
        "notification_event_data",
        "customer",
        "invoice",
        "payment_intent",
    ] {
        assert!(schemas.contains_key(name), "{name} missing");
    }
    let paths = fragment["paths"].as_object().expect("paths");
    let operations: Vec<(&str, &str, &Value)> = paths
        .iter()
        .flat_map(|(path, item)| {
            let item = item.as_object().expect("a path item");
            item.iter().map(move |(method, operation)| {
                (path.as_str(), method.as_str(), &operation["operationId"])
            })
        })
        .collect();
    assert_eq!(
        operations,
        [
            (
                "/v1/checkout/sessions",
                "get",
                &Value::from("GetCheckoutSessions")
            ),
            (
                "/v1/checkout/sessions",
                "post",
                &Value::from("PostCheckoutSessions")
            ),
            (
                "/v1/checkout/sessions/{session}",
                "get",
                &Value::from("GetCheckoutSessionsSession")
            ),
            (
                "/v1/checkout/sessions/{session}/expire",
                "post",
                &Value::from("PostCheckoutSessionsSessionExpire")
            ),
            (
                "/v1/checkout/sessions/{session}/line_items",
                "get",
                &Value::from("GetCheckoutSessionsSessionLineItems")
            ),
            ("/v1/events", "get", &Value::from("GetEvents")),
            ("/v1/events/{id}", "get", &Value::from("GetEventsId")),
        ]
    );
    // The event types come from the webhook-endpoint operations, which are not served.
    let event_types = schemas["event"]["properties"]["type"]["enum"]
        .as_array()
        .expect("event.type lists the event types");
    assert_eq!(event_types.len(), 222);
    assert!(event_types.contains(&"checkout.session.expired".into()));
    assert!(!event_types.contains(&"*".into()));
}
