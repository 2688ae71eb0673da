//! Webhook deliveries: the `Stripe-Signature` check, every way a delivery is refused, and
//! decoding the signed event into typed `Event`s.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use stripe_api::webhook::{self, DEFAULT_TOLERANCE, Webhook, WebhookError};
use stripe_api::{Event, EventObject, EventType};
use stripe_api_tests::json;
use stripe_api_tests::webhook_signing::{signature_header, v1_signature};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET: &str = "whsec_7Yb2RMXk2WjQ4mTt9ZcU1eNq3hLgF8dA";
const SENT_AT: i64 = 1_692_000_000;

/// Stripe's `checkout.session.expired` event, with the documented expired session as
/// its object.
const EXPIRED_EVENT: &str = include_str!("../fixtures/checkout-session-expired-event.json");
const SESSION_ID: &str = "cs_test_a1Ae6ClgOkjygKwrf9B3L6ITtUuZW4Xx9FivL6DZYoYFdfAefQxsYpJJd3";

/// A verifier whose clock reads `SENT_AT`.
fn webhook() -> Webhook {
    Webhook::new(SECRET).at_time(SENT_AT)
}

fn refusal(header: &str) -> WebhookError {
    webhook()
        .construct_event(EXPIRED_EVENT.as_bytes(), header)
        .expect_err("refused")
}

// The known answer was computed once, outside this code base (Python's `hmac` module),
// for this secret, timestamp and body; a change to what is signed or how breaks it.
#[test]
fn a_known_signature_verifies() {
    let body = br#"{"id":"evt_known_answer","object":"event"}"#;
    let known = "066198247be2b79b027c5dd71c1f03da06bbf23ae2186b4cb82aa1b1e13f7c2d";
    assert_eq!(v1_signature(SECRET, SENT_AT, body), known);
    let header = format!("t={SENT_AT},v1={known}");
    assert_eq!(webhook().verify(body, &header), Ok(()));

    let mut wrong = known.to_owned();
    wrong.replace_range(63.., "e");
    let header = format!("t={SENT_AT},v1={wrong}");
    assert_eq!(
        webhook().verify(body, &header),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn the_documented_event_decodes_to_its_types() {
    let header = signature_header(SECRET, SENT_AT, EXPIRED_EVENT.as_bytes());
    let event = webhook()
        .construct_event(EXPIRED_EVENT.as_bytes(), &header)
        .expect("a signed event");
    assert_eq!(event.id, "evt_1MoGUyLkdIwHu7ixBqkVh2Zy");
    assert_eq!(event.r#type, EventType::CheckoutSessionExpired);
    assert_eq!(event.r#type.as_str(), "checkout.session.expired");
    let EventObject::CheckoutSession(session) = &event.data.object else {
        panic!("not a session: {:?}", event.data.object);
    };
    assert_eq!(session.id, SESSION_ID);
    assert_eq!(
        session.status,
        Some(stripe_api::CheckoutSessionStatus::Expired)
    );
    assert_eq!(event.data.previous_attributes, None);
}

#[test]
fn the_documented_event_encodes_back_to_the_same_json() {
    let event = Event::from_json_str(EXPIRED_EVENT).expect("decodes");
    assert_eq!(json(&event.to_json_string()), json(EXPIRED_EVENT));
    let again = Event::from_json_str(&event.to_json_string()).expect("decodes again");
    assert_eq!(again, event);
}

#[test]
fn the_free_function_verifies_with_the_system_clock_and_five_minutes() {
    assert_eq!(DEFAULT_TOLERANCE, Duration::from_secs(300));
    let now = i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_secs(),
    )
    .expect("fits");
    let body = EXPIRED_EVENT.as_bytes();
    let event = webhook::construct_event(body, &signature_header(SECRET, now, body), SECRET)
        .expect("signed just now");
    assert_eq!(event.r#type, EventType::CheckoutSessionExpired);

    // An hour old: far outside the tolerance however slowly the test runs.
    let old = now - 3600;
    let error = webhook::construct_event(body, &signature_header(SECRET, old, body), SECRET)
        .expect_err("an hour old");
    assert!(
        matches!(
            error,
            WebhookError::TimestampTooOld {
                tolerance_seconds: 300,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn malformed_headers_are_refused() {
    let v1 = v1_signature(SECRET, SENT_AT, EXPIRED_EVENT.as_bytes());
    assert_eq!(refusal(""), WebhookError::EmptyHeader);
    assert_eq!(refusal("   "), WebhookError::EmptyHeader);
    for header in [
        "garbage".to_owned(),
        format!("t={SENT_AT},v1"),
        format!("t={SENT_AT},,v1={v1}"),
        format!("=x,t={SENT_AT},v1={v1}"),
        format!("t={SENT_AT},t={SENT_AT},v1={v1}"),
    ] {
        assert!(
            matches!(refusal(&header), WebhookError::MalformedHeader(_)),
            "{header}: {:?}",
            refusal(&header)
        );
    }
    assert_eq!(refusal(&format!("v1={v1}")), WebhookError::MissingTimestamp);
    // A `;` instead of a `,` leaves no `v1`, and a timestamp that is no number.
    let semicolon = format!("1692000000;v1={v1}");
    for t in [
        "",
        "abc",
        "-5",
        "+1692000000",
        "1692000000.0",
        " 1692000000x",
        &semicolon,
    ] {
        assert_eq!(
            refusal(&format!("t={t},v1={v1}")),
            WebhookError::InvalidTimestamp,
            "t={t}"
        );
    }
    assert_eq!(
        refusal(&format!("t={SENT_AT}")),
        WebhookError::MissingSignature
    );
    // A right signature under another scheme is no `v1`.
    assert_eq!(
        refusal(&format!("t={SENT_AT},v0={v1},v2={v1}")),
        WebhookError::MissingSignature
    );
}

#[test]
fn v0_and_unknown_schemes_are_ignored() {
    let body = EXPIRED_EVENT.as_bytes();
    let v1 = v1_signature(SECRET, SENT_AT, body);
    let header = format!("t={SENT_AT},v0={v1},v1={v1},v9=x,scheme=");
    assert!(webhook().construct_event(body, &header).is_ok());
    // A right signature under any scheme but v1 counts for nothing: beside a wrong v1,
    // and alone.
    let wrong = "0".repeat(64);
    for other in ["v0", "v2", "V1"] {
        let header = format!("t={SENT_AT},{other}={v1},v1={wrong}");
        assert_eq!(refusal(&header), WebhookError::SignatureMismatch, "{other}");
        let header = format!("t={SENT_AT},{other}={v1}");
        assert_eq!(refusal(&header), WebhookError::MissingSignature, "{other}");
    }
}

#[test]
fn a_signature_that_does_not_match_is_refused() {
    let body = EXPIRED_EVENT.as_bytes();
    let wrong_secret = signature_header(OTHER_SECRET, SENT_AT, body);
    assert_eq!(refusal(&wrong_secret), WebhookError::SignatureMismatch);

    // The timestamp is part of what is signed: moving it breaks the signature.
    let v1 = v1_signature(SECRET, SENT_AT, body);
    let moved = format!("t={},v1={v1}", SENT_AT - 1);
    assert_eq!(refusal(&moved), WebhookError::SignatureMismatch);

    // One byte of the body changed.
    let mut altered = body.to_vec();
    let at = EXPIRED_EVENT.find("2198").expect("an amount");
    altered[at] = b'9';
    let header = signature_header(SECRET, SENT_AT, body);
    assert_eq!(
        webhook().construct_event(&altered, &header),
        Err(WebhookError::SignatureMismatch)
    );

    // Not hex, too short, too long, empty.
    for v1 in [
        "zz".repeat(32),
        v1[..62].to_owned(),
        format!("{v1}00"),
        String::new(),
    ] {
        assert_eq!(
            refusal(&format!("t={SENT_AT},v1={v1}")),
            WebhookError::SignatureMismatch,
            "{v1}"
        );
    }
}

#[test]
fn any_one_matching_v1_passes() {
    let body = EXPIRED_EVENT.as_bytes();
    let old_secret = v1_signature(OTHER_SECRET, SENT_AT, body);
    let new_secret = v1_signature(SECRET, SENT_AT, body);
    for header in [
        format!("t={SENT_AT},v1={old_secret},v1={new_secret}"),
        format!("t={SENT_AT},v1={new_secret},v1={old_secret}"),
        format!("v1={old_secret},v1={new_secret},t={SENT_AT}"),
    ] {
        assert!(webhook().construct_event(body, &header).is_ok(), "{header}");
    }
    let neither = v1_signature(OTHER_SECRET, SENT_AT + 1, body);
    assert_eq!(
        refusal(&format!("t={SENT_AT},v1={old_secret},v1={neither}")),
        WebhookError::SignatureMismatch
    );
}

#[test]
fn timestamps_older_than_the_tolerance_are_refused() {
    let body = EXPIRED_EVENT.as_bytes();
    let header = signature_header(SECRET, SENT_AT, body);
    let at = |now: i64| Webhook::new(SECRET).at_time(now);

    assert!(at(SENT_AT + 300).construct_event(body, &header).is_ok());
    assert_eq!(
        at(SENT_AT + 301).construct_event(body, &header),
        Err(WebhookError::TimestampTooOld {
            age_seconds: 301,
            tolerance_seconds: 300
        })
    );
    // Ahead of the receiver's clock is a clock difference, not a replay.
    assert!(at(SENT_AT - 3600).construct_event(body, &header).is_ok());

    let strict = |now: i64| at(now).tolerance(Duration::from_secs(10));
    assert!(strict(SENT_AT + 10).construct_event(body, &header).is_ok());
    assert_eq!(
        strict(SENT_AT + 11).construct_event(body, &header),
        Err(WebhookError::TimestampTooOld {
            age_seconds: 11,
            tolerance_seconds: 10
        })
    );
    let lenient = at(SENT_AT + 86_400).tolerance(Duration::from_secs(86_400));
    assert!(lenient.construct_event(body, &header).is_ok());

    // The signature is checked first: an old delivery with a wrong signature says so.
    let forged = signature_header(OTHER_SECRET, SENT_AT, body);
    assert_eq!(
        at(SENT_AT + 301).construct_event(body, &forged),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn a_signed_body_that_is_not_an_event_is_an_error() {
    for body in [
        &b""[..],
        b"not json",
        b"{\"id\": \"evt_1\"",
        b"[]",
        br#"{"id":"evt_known_answer","object":"event"}"#,
        b"\xff\xfe",
    ] {
        let header = signature_header(SECRET, SENT_AT, body);
        let error = webhook()
            .construct_event(body, &header)
            .expect_err("not an event");
        assert!(
            matches!(error, WebhookError::InvalidPayload(_)),
            "{body:?}: {error:?}"
        );
        // Verification alone does not read the body.
        assert_eq!(webhook().verify(body, &header), Ok(()));
    }
}

#[test]
fn errors_and_debug_output_never_show_the_secret() {
    let body = EXPIRED_EVENT.as_bytes();
    let errors = [
        refusal(""),
        refusal("x"),
        refusal("v1=00"),
        refusal("t=x,v1=00"),
        refusal("t=1"),
        refusal(&signature_header(OTHER_SECRET, SENT_AT, body)),
        Webhook::new(SECRET)
            .at_time(SENT_AT + 999)
            .construct_event(body, &signature_header(SECRET, SENT_AT, body))
            .expect_err("too old"),
        webhook()
            .construct_event(b"{}", &signature_header(SECRET, SENT_AT, b"{}"))
            .expect_err("not an event"),
    ];
    for error in errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains("MfKQ9r8G"), "{shown}");
    }
    let debug = format!("{:?}", webhook());
    assert!(!debug.contains("MfKQ9r8G"), "{debug}");
}

#[test]
fn a_large_body_verifies_and_decodes() {
    let text = "x".repeat(4 << 20);
    let body = format!(
        r#"{{"id":"evt_large","object":"event","api_version":"2023-08-16","created":{SENT_AT},"data":{{"object":{{"id":"note_1","object":"note","text":"{text}"}}}},"livemode":false,"pending_webhooks":0,"request":null,"type":"note.created"}}"#
    );
    let header = signature_header(SECRET, SENT_AT, body.as_bytes());
    let event = webhook()
        .construct_event(body.as_bytes(), &header)
        .expect("a large event");
    let EventObject::Unrecognized(object) = &event.data.object else {
        panic!("a note is no resource of the crate");
    };
    assert_eq!(object["text"].as_str().map(str::len), Some(4 << 20));

    let mut altered = body.into_bytes();
    let last_x = altered.len() - 120;
    altered[last_x] = b'y';
    assert_eq!(
        webhook().construct_event(&altered, &header),
        Err(WebhookError::SignatureMismatch)
    );
}

#[test]
fn non_ascii_text_is_signed_and_decoded_as_sent() {
    let body = EXPIRED_EVENT.replace(
        "0f3a6c1e-3b7e-4d35-9a3c-5f1b2d8c7e41",
        "Zürich–東京 ☕ \\u00e9t\\u00e9",
    );
    let header = signature_header(SECRET, SENT_AT, body.as_bytes());
    let event = webhook()
        .construct_event(body.as_bytes(), &header)
        .expect("a signed event");
    let request = event.request.as_ref().expect("a request");
    assert_eq!(
        request.idempotency_key.as_deref(),
        Some("Zürich–東京 ☕ été")
    );
    assert_eq!(json(&event.to_json_string()), json(&body));

    // The signature covers the bytes: the same text with an escape instead of `ü` differs.
    let escaped = body.replacen('ü', "\\u00fc", 1);
    assert_eq!(
        webhook().construct_event(escaped.as_bytes(), &header),
        Err(WebhookError::SignatureMismatch)
    );
}

/// An event of a type the crate does not know, about an object it does not know.
const UNKNOWN_EVENT: &str = r#"{"id":"evt_new","object":"event","api_version":"2023-08-16","created":1692000000,"data":{"object":{"id":"thing_1","object":"thing","size":3},"previous_attributes":{"size":2}},"livemode":true,"pending_webhooks":2,"request":{"id":null,"idempotency_key":null},"type":"thing.resized"}"#;

#[test]
fn an_event_the_crate_does_not_know_still_decodes() {
    let body = UNKNOWN_EVENT;
    let header = signature_header(SECRET, SENT_AT, body.as_bytes());
    let event = webhook()
        .construct_event(body.as_bytes(), &header)
        .expect("an unknown event");
    let EventType::Unrecognized(kind) = &event.r#type else {
        panic!("a new event type: {:?}", event.r#type);
    };
    assert_eq!(kind.as_str(), "thing.resized");
    assert_eq!(
        event.data.object,
        EventObject::Unrecognized(json(r#"{"id":"thing_1","object":"thing","size":3}"#))
    );
    let previous = event.data.previous_attributes.as_ref().expect("present");
    assert_eq!(previous.get("size"), Some(&serde_json::Value::from(2)));
    assert_eq!(json(&event.to_json_string()), json(body));
}

#[test]
fn a_session_that_does_not_decode_is_refused_naming_the_field_never_passed_as_unknown() {
    // An expired session event whose session lacks `mode`, and one whose `status` is a
    // number: both say `object: checkout.session`, so neither may pass as unknown.
    let mut lacking = json(EXPIRED_EVENT);
    lacking["data"]["object"]
        .as_object_mut()
        .expect("an object")
        .remove("mode");
    let mut mistyped = json(EXPIRED_EVENT);
    mistyped["data"]["object"]["status"] = 7.into();
    for (event, path, says) in [
        (lacking, "data.object", "missing field `mode`"),
        (mistyped, "data.object.status", "expected string"),
    ] {
        let body = event.to_string();
        let header = signature_header(SECRET, SENT_AT, body.as_bytes());
        let Err(WebhookError::InvalidObject(error)) =
            webhook().construct_event(body.as_bytes(), &header)
        else {
            panic!("not refused for its object: {body}");
        };
        assert_eq!(error.path(), path);
        assert!(error.message().contains(says), "{error}");
        assert!(Event::from_json_str(&body).is_err());
    }
}

#[test]
fn an_event_in_another_api_version_is_refused_with_what_to_do() {
    for version in ["2024-04-10", "2022-11-15"] {
        let body = EXPIRED_EVENT.replace("\"2023-08-16\"", &format!("\"{version}\""));
        assert_ne!(body, EXPIRED_EVENT);
        let header = signature_header(SECRET, SENT_AT, body.as_bytes());
        let error = webhook()
            .construct_event(body.as_bytes(), &header)
            .expect_err("another version");
        assert!(
            matches!(&error, WebhookError::ApiVersionMismatch { event_version, crate_version, .. }
                if event_version == version && *crate_version == stripe_api::API_VERSION),
            "{error:?}"
        );
        let message = error.to_string();
        for part in [
            version,
            "2023-08-16",
            "create the webhook endpoint with api_version 2023-08-16",
            "ignore_api_version_mismatch",
        ] {
            assert!(message.contains(part), "{part:?} not in {message}");
        }
        // Opting out decodes it as far as it fits.
        let event = webhook()
            .ignore_api_version_mismatch()
            .construct_event(body.as_bytes(), &header)
            .expect("accepted when asked");
        assert_eq!(event.api_version.as_deref(), Some(version));
        assert!(matches!(event.data.object, EventObject::CheckoutSession(_)));
    }
    // The signature is checked first: a forged event in another version is a forgery.
    let forged = EXPIRED_EVENT.replace("\"2023-08-16\"", "\"2024-04-10\"");
    let header = signature_header(OTHER_SECRET, SENT_AT, forged.as_bytes());
    assert_eq!(
        webhook().construct_event(forged.as_bytes(), &header),
        Err(WebhookError::SignatureMismatch)
    );
    // An event with no version (`null`) is not refused for it.
    let body = UNKNOWN_EVENT.replace("\"2023-08-16\"", "null");
    let header = signature_header(SECRET, SENT_AT, body.as_bytes());
    assert!(webhook().construct_event(body.as_bytes(), &header).is_ok());
}

#[test]
fn signature_header_gives_what_stripe_sends() {
    for (payload, timestamp) in [
        (EXPIRED_EVENT.as_bytes(), SENT_AT),
        (b"{}".as_slice(), 0),
        ("Zürich".as_bytes(), 2_000_000_000),
    ] {
        let header = webhook::signature_header(payload, SECRET, timestamp);
        assert_eq!(header, signature_header(SECRET, timestamp, payload));
        assert_eq!(
            Webhook::new(SECRET)
                .at_time(timestamp)
                .verify(payload, &header),
            Ok(())
        );
    }
    let header = webhook::signature_header(EXPIRED_EVENT.as_bytes(), SECRET, SENT_AT);
    let event = webhook()
        .construct_event(EXPIRED_EVENT.as_bytes(), &header)
        .expect("signed as Stripe signs");
    assert_eq!(event.r#type, EventType::CheckoutSessionExpired);
}

/// Every event type the upstream spec lists has its own variant, and reads back as sent.
#[test]
fn every_event_type_in_the_spec_has_a_variant() {
    let spec: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../spec/stripe/spec3.yaml"
        ))
        .expect("the vendored spec"),
    )
    .expect("YAML");
    let listed = spec["paths"]["/v1/webhook_endpoints"]["post"]["requestBody"]["content"]
        ["application/x-www-form-urlencoded"]["schema"]["properties"]["enabled_events"]["items"]
        ["enum"]
        .as_sequence()
        .expect("the list of event types");
    let mut types = 0;
    for value in listed {
        let value = value.as_str().expect("a string");
        if value == "*" {
            continue;
        }
        let event_type = EventType::from(value);
        assert!(
            !matches!(event_type, EventType::Unrecognized(_)),
            "{value} has no variant"
        );
        assert_eq!(event_type.as_str(), value);
        types += 1;
    }
    assert_eq!(types, 222);
}
