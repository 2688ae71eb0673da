//! The documented response of "Expire a Checkout Session", and a session with every
//! expandable object expanded, decode into `CheckoutSession` and encode back to the same
//! JSON.

use serde_json::Value;
use stripe_api::{CheckoutSession, CheckoutSessionMode, CheckoutSessionStatus, Expandable};
use stripe_api_tests::stripe_server::DOCUMENTED_RESPONSE;
use stripe_api_tests::{EXPANDED_SESSION, FIELDS_NEWER_THAN_THE_SPEC};

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("test JSON is valid")
}

#[test]
fn documented_response_round_trips_exactly() {
    let session = CheckoutSession::from_json_str(DOCUMENTED_RESPONSE).unwrap();
    assert_eq!(
        session.id,
        "cs_test_a1Ae6ClgOkjygKwrf9B3L6ITtUuZW4Xx9FivL6DZYoYFdfAefQxsYpJJd3"
    );
    assert_eq!(session.status, Some(CheckoutSessionStatus::Expired));
    assert_eq!(session.mode, CheckoutSessionMode::Payment);
    assert_eq!(session.amount_total, Some(2198));
    assert_eq!(session.created.unix_seconds(), 1679434412);
    assert_eq!(session.payment_method_types, ["card"]);
    assert!(session.customer.is_none());
    assert_eq!(json(&session.to_json_string()), json(DOCUMENTED_RESPONSE));
}

#[test]
fn expanded_session_round_trips_with_the_fields_newer_than_the_spec() {
    let session = CheckoutSession::from_json_str(EXPANDED_SESSION).unwrap();
    // Each expansion decodes as the object, not as an id.
    assert!(expanded(&session.customer));
    assert!(expanded(&session.invoice));
    assert!(expanded(&session.payment_intent));
    assert!(expanded(&session.payment_link));
    assert!(expanded(&session.setup_intent));
    assert!(expanded(&session.subscription));
    assert_eq!(
        session.line_items.as_ref().map(|list| list.data.len()),
        Some(2)
    );

    // Fields the spec does not have are there, and each is kept in its own object.
    let expected = json(EXPANDED_SESSION);
    for pointer in FIELDS_NEWER_THAN_THE_SPEC {
        assert!(
            expected.pointer(pointer).is_some(),
            "{pointer} is in the fixture"
        );
    }
    let subscription = session
        .subscription
        .as_ref()
        .and_then(Expandable::as_object)
        .expect("expanded");
    assert_eq!(
        subscription.unknown_fields.get("billing_mode").map(json),
        expected.pointer("/subscription/billing_mode").cloned()
    );
    let item = &subscription.items.data[0];
    assert!(item.unknown_fields.get("current_period_end").is_some());
    assert!(session.unknown_fields.is_empty());

    assert_eq!(json(&session.to_json_string()), expected);
    #[cfg(feature = "serde")]
    {
        assert_eq!(serde_json::to_value(&session).unwrap(), expected);
        let through_serde: CheckoutSession = serde_json::from_str(EXPANDED_SESSION).unwrap();
        assert_eq!(through_serde, session);
    }
}

fn expanded<T>(field: &Option<Expandable<T>>) -> bool {
    field.as_ref().is_some_and(Expandable::is_object)
}

#[test]
fn expanded_objects_carry_every_property_of_their_schema() {
    let spec: Value = serde_yaml::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/fragment.yaml"),
        )
        .unwrap(),
    )
    .unwrap();
    let session = json(EXPANDED_SESSION);
    let line_items = session["line_items"]["data"].as_array().unwrap();
    let objects = [
        ("customer", &session["customer"]),
        ("invoice", &session["invoice"]),
        ("payment_intent", &session["payment_intent"]),
        ("payment_link", &session["payment_link"]),
        ("setup_intent", &session["setup_intent"]),
        ("subscription", &session["subscription"]),
    ]
    .into_iter()
    .chain(line_items.iter().map(|item| ("item", item)));
    for (schema, object) in objects {
        let properties = spec["components"]["schemas"][schema]["properties"]
            .as_object()
            .unwrap();
        let missing: Vec<&String> = properties
            .keys()
            .filter(|property| object.get(property.as_str()).is_none())
            .collect();
        assert!(missing.is_empty(), "{schema} lacks {missing:?}");
    }
}

#[test]
fn an_unknown_enum_value_and_an_unknown_field_decode_and_the_value_survives() {
    let mut value = json(DOCUMENTED_RESPONSE);
    value["status"] = "paused".into();
    value["a_field_stripe_added_later"] = serde_json::json!({"with": ["nested", {"values": 1}]});
    let session = CheckoutSession::from_json_str(&value.to_string()).unwrap();
    let status = session.status.clone().expect("status is set");
    assert!(
        matches!(&status, CheckoutSessionStatus::Unrecognized(raw) if raw.as_str() == "paused")
    );
    assert_eq!(status.as_str(), "paused");

    let encoded = json(&session.to_json_string());
    assert_eq!(encoded["status"], "paused");
    assert_eq!(encoded, value, "the unknown field is kept");
}

#[cfg(feature = "serde")]
#[test]
fn serde_sees_the_same_json_as_the_codec() {
    let session = CheckoutSession::from_json_str(DOCUMENTED_RESPONSE).unwrap();
    let through_serde = serde_json::to_value(&session).unwrap();
    assert_eq!(through_serde, json(DOCUMENTED_RESPONSE));
    let back: CheckoutSession = serde_json::from_value(through_serde).unwrap();
    assert_eq!(back, session);
}

#[cfg(feature = "serde")]
#[test]
fn every_serde_route_decodes_the_same_session() {
    let session = CheckoutSession::from_json_str(DOCUMENTED_RESPONSE).unwrap();
    // serde_json hands over the text itself: borrowed, read from a reader, or a value's.
    let from_slice: CheckoutSession =
        serde_json::from_slice(DOCUMENTED_RESPONSE.as_bytes()).unwrap();
    let from_str: CheckoutSession = serde_json::from_str(DOCUMENTED_RESPONSE).unwrap();
    let from_reader: CheckoutSession =
        serde_json::from_reader(DOCUMENTED_RESPONSE.as_bytes()).unwrap();
    let from_value: CheckoutSession = serde_json::from_value(json(DOCUMENTED_RESPONSE)).unwrap();
    // Inside a user's own type, and inside one that serde buffers first (untagged).
    #[derive(serde::Deserialize)]
    struct Delivery {
        session: CheckoutSession,
        attempt: u32,
    }
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Session(Box<CheckoutSession>),
    }
    let wrapped = format!(r#"{{"attempt": 2, "session": {DOCUMENTED_RESPONSE}}}"#);
    let delivery: Delivery = serde_json::from_str(&wrapped).unwrap();
    assert_eq!(delivery.attempt, 2);
    let Either::Session(untagged) = serde_json::from_str(DOCUMENTED_RESPONSE).unwrap();
    // Another format: YAML is read into a JSON value first.
    let yaml = serde_yaml::to_string(&json(DOCUMENTED_RESPONSE)).unwrap();
    let from_yaml: CheckoutSession = serde_yaml::from_str(&yaml).unwrap();
    for decoded in [
        from_slice,
        from_str,
        from_reader,
        from_value,
        delivery.session,
        *untagged,
        from_yaml,
    ] {
        assert_eq!(decoded, session);
    }

    // What the decoder refuses, it refuses on every route, with where it stopped.
    let mut wrong = json(DOCUMENTED_RESPONSE);
    wrong["created"] = "yesterday".into();
    let error = serde_json::from_str::<CheckoutSession>(&wrong.to_string()).unwrap_err();
    assert!(error.to_string().contains("created"), "{error}");
    assert!(serde_json::from_value::<CheckoutSession>(wrong).is_err());
}

#[test]
fn debug_shows_the_json_with_each_object_named_by_its_type() {
    let session = CheckoutSession::from_json_str(DOCUMENTED_RESPONSE).unwrap();
    let compact = format!("{session:?}");
    assert!(compact.starts_with(r#"CheckoutSession {"after_expiration":null,"#));
    assert!(compact.contains(
        r#""automatic_tax":PaymentPagesCheckoutSessionAutomaticTax {"enabled":false,"status":null}"#
    ));
    // Without the type names, the text is the JSON Stripe sent.
    assert_eq!(
        json(&without_type_names(&compact)),
        json(DOCUMENTED_RESPONSE)
    );

    let pretty = format!("{session:#?}");
    assert!(pretty.starts_with("CheckoutSession {\n    \"after_expiration\": null,\n"));
    assert!(pretty.ends_with("\n}"));
    assert_eq!(
        pretty.split_whitespace().collect::<String>(),
        compact.split_whitespace().collect::<String>()
    );
}

/// Drops the `TypeName ` before each object outside JSON strings.
fn without_type_names(debug: &str) -> String {
    let mut out = String::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut name = String::new();
    for c in debug.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c.is_ascii_alphanumeric() || c == '_' {
            name.push(c);
        } else if c == ' ' {
            name.clear();
        } else {
            out.push_str(&std::mem::take(&mut name));
            in_string = c == '"';
            out.push(c);
        }
    }
    out.push_str(&name);
    out
}
