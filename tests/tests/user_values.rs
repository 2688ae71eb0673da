//! Values as users build and read them in their own code and tests: objects from
//! `Default`, Stripe's errors by hand, enums compared by value, unions read through their
//! accessors, and parameters from string literals.

use std::collections::HashSet;

use stripe_api::{
    ApiError, ApiErrors, ApiErrorsType, CheckoutSession, CheckoutSessionCreateParams,
    CheckoutSessionCreateParamsInvoiceCreationInvoiceData, CheckoutSessionMode,
    CheckoutSessionStatus, Clearable, Customer, CustomerOrDeletedCustomer, DeletedCustomer, Error,
    Expandable, PaymentIntentStatus,
};

/// What a user's code under test might do with a session.
fn describe(session: &CheckoutSession) -> &'static str {
    match &session.status {
        Some(CheckoutSessionStatus::Expired) => "expired",
        Some(CheckoutSessionStatus::Complete) => "paid",
        _ => "pending",
    }
}

#[test]
fn an_object_starts_from_default_and_takes_what_the_test_sets() {
    let mut session = CheckoutSession::default();
    assert_eq!(describe(&session), "pending");
    session.status = Some(CheckoutSessionStatus::Expired);
    assert_eq!(describe(&session), "expired");
    // Required fields hold their type's default; a required enum, the first value the
    // spec lists.
    assert_eq!(session.id, "");
    assert_eq!(session.mode, CheckoutSessionMode::Payment);
    assert!(!session.livemode);
    assert!(session.unknown_fields.is_empty());
    // It encodes like any other session, and decodes back to itself.
    let json = session.to_json_string();
    assert_eq!(CheckoutSession::from_json_str(&json), Ok(session));
}

#[test]
fn an_api_error_is_built_by_hand_and_becomes_an_error() {
    let mut object = ApiErrors::default();
    assert_eq!(object.r#type, ApiErrorsType::ApiError);
    object.r#type = ApiErrorsType::InvalidRequestError;
    object.code = Some("resource_missing".to_owned());
    object.message = Some("No such checkout.session: 'cs_test_gone'".to_owned());
    let error: Error = ApiError::new(404, object)
        .with_request_id("req_test_9")
        .into();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.request_id(), Some("req_test_9"));
    assert_eq!(
        error.api_error().and_then(ApiError::code),
        Some("resource_missing")
    );
    assert_eq!(
        error.to_string(),
        "Stripe error (HTTP 404, request req_test_9) invalid_request_error \
         [resource_missing]: No such checkout.session: 'cs_test_gone'"
    );
}

#[test]
fn enums_compare_by_value_however_the_value_was_made() {
    // "open" is no payment intent status, so it is kept as unrecognized there; moved
    // into a session status, which knows it, it is still the same value.
    let PaymentIntentStatus::Unrecognized(open) = PaymentIntentStatus::from("open") else {
        panic!("a payment intent has no `open` status");
    };
    let wrapped = CheckoutSessionStatus::Unrecognized(open);
    assert_eq!(wrapped, CheckoutSessionStatus::Open);
    assert_eq!(CheckoutSessionStatus::Open, wrapped);
    assert_ne!(wrapped, CheckoutSessionStatus::Expired);
    let set: HashSet<CheckoutSessionStatus> = [wrapped].into_iter().collect();
    assert!(set.contains(&CheckoutSessionStatus::Open));
    // Every public way in from text gives the known variant.
    assert!(matches!(
        CheckoutSessionStatus::from("open"),
        CheckoutSessionStatus::Open
    ));
    assert!(matches!(
        "open".parse::<CheckoutSessionStatus>(),
        Ok(CheckoutSessionStatus::Open)
    ));
}

#[test]
fn a_union_is_read_through_its_accessors() {
    let mut customer = Customer::default();
    customer.id = "cus_1".to_owned();
    let mut session = CheckoutSession::default();
    session.customer = Some(Expandable::from_object(
        CustomerOrDeletedCustomer::Customer(Box::new(customer)),
    ));
    let read = session
        .customer
        .as_ref()
        .and_then(Expandable::as_object)
        .and_then(CustomerOrDeletedCustomer::as_customer)
        .map(|customer| customer.id.as_str());
    assert_eq!(read, Some("cus_1"));

    let deleted = CustomerOrDeletedCustomer::DeletedCustomer(Box::default());
    assert!(deleted.as_customer().is_none());
    assert!(deleted.as_deleted_customer().is_some());
    assert_eq!(
        deleted.into_deleted_customer().map(|d| d.deleted),
        Some(DeletedCustomer::default().deleted)
    );
    let unknown = CustomerOrDeletedCustomer::default();
    assert!(unknown.clone().into_customer().is_none());
    assert!(matches!(
        unknown,
        CustomerOrDeletedCustomer::Unrecognized(serde_json::Value::Null)
    ));
}

#[test]
fn maps_and_lists_of_strings_take_str() {
    let params = CheckoutSessionCreateParams::new("https://example.com/thanks")
        .metadata([("order_id", "6735"), ("note", "gift")])
        .expand(["line_items"]);
    let metadata = params.metadata.as_ref().expect("set");
    assert_eq!(metadata["order_id"], "6735");
    assert_eq!(metadata.len(), 2);
    assert_eq!(
        params.expand.as_deref(),
        Some(&["line_items".to_owned()][..])
    );
    // Owned pairs, and a map, as before.
    let owned = CheckoutSessionCreateParams::new("https://example.com/thanks").metadata(
        std::collections::BTreeMap::from([("order_id".to_owned(), "6735".to_owned())]),
    );
    assert_eq!(
        owned.metadata.as_ref().map(|m| m["order_id"].as_str()),
        Some("6735")
    );
    // A list that can also be cleared.
    let invoice =
        CheckoutSessionCreateParamsInvoiceCreationInvoiceData::new().account_tax_ids(["txi_1"]);
    assert_eq!(
        invoice.account_tax_ids,
        Some(Clearable::Set(vec!["txi_1".to_owned()]))
    );
}
