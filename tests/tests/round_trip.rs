//! The documented response of "Expire a Checkout Session" decodes into `CheckoutSession`
//! and encodes back to the same JSON.

use serde_json::Value;
use stripe_api::{CheckoutSession, CheckoutSessionMode, CheckoutSessionStatus};

const DOCUMENTED_RESPONSE: &str = include_str!("../fixtures/expire-a-checkout-session.json");

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
