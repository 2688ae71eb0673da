//! The crate's handles, errors and objects are plain data to the compiler: they can be
//! sent and shared between threads, moved when pinned, and used across `catch_unwind`.
//! (Every generated type is checked the same way by a test the generator writes beside
//! the types.)

use std::panic::{RefUnwindSafe, UnwindSafe};

fn assert_auto_traits<T: Send + Sync + Unpin + UnwindSafe + RefUnwindSafe>() {}

#[test]
fn clients_errors_events_and_objects_have_every_auto_trait() {
    assert_auto_traits::<stripe_api::Client>();
    assert_auto_traits::<stripe_api::ClientBuilder>();
    assert_auto_traits::<stripe_api::RequestOptions>();
    assert_auto_traits::<stripe_api::Error>();
    assert_auto_traits::<stripe_api::ApiError>();
    assert_auto_traits::<stripe_api::DecodeError>();
    assert_auto_traits::<stripe_api::Event>();
    assert_auto_traits::<stripe_api::CheckoutSession>();
    assert_auto_traits::<stripe_api::Expandable<stripe_api::CustomerOrDeletedCustomer>>();
    assert_auto_traits::<stripe_api::List<stripe_api::Item>>();
    assert_auto_traits::<stripe_api::UnknownFields>();
    assert_auto_traits::<stripe_api::webhook::Webhook>();
    assert_auto_traits::<stripe_api::webhook::WebhookError>();
}
