//! The committed fragment and generated code are what `cargo xtask fragment` and
//! `cargo xtask codegen` produce from the vendored spec now: the staleness check CI runs.

use xtask::commands::{self, Layout};

#[test]
fn committed_fragment_is_up_to_date() {
    let layout = Layout::of_this_repository();
    if let Err(error) = commands::fragment(&layout, None, Vec::new(), None, true) {
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
fn fragment_holds_the_operation_and_every_schema_it_reaches() {
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
    assert_eq!(
        paths.keys().collect::<Vec<_>>(),
        [
            "/v1/checkout/sessions/{session}/expire",
            "/v1/events",
            "/v1/events/{id}"
        ]
    );
    // The event types come from the webhook-endpoint operations, which are not served.
    let event_types = schemas["event"]["properties"]["type"]["enum"]
        .as_array()
        .expect("event.type lists the event types");
    assert_eq!(event_types.len(), 222);
    assert!(event_types.contains(&"checkout.session.expired".into()));
    assert!(!event_types.contains(&"*".into()));
    assert_eq!(
        fragment["paths"]["/v1/checkout/sessions/{session}/expire"]["post"]["operationId"],
        "PostCheckoutSessionsSessionExpire"
    );
}
