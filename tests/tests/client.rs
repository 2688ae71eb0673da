//! The expire call against a real HTTP server on 127.0.0.1 that behaves like Stripe:
//! what goes on the wire, what comes back, every kind of error, and retries.

use std::time::{Duration, Instant};

use stripe_api::{
    ApiErrorsType, CheckoutSession, CheckoutSessionExpireParams, CheckoutSessionStatus, Client,
    Error,
};
use stripe_api_tests::json;
use stripe_api_tests::stripe_server::{
    DOCUMENTED_ID, DOCUMENTED_RESPONSE, Fault, SECRET_KEY, StripeServer,
};

/// A client for `server` whose retries wait a millisecond, not half a second.
fn client(server: &StripeServer) -> Client {
    Client::builder(SECRET_KEY)
        .base_url(server.url())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("the client builds")
}

async fn expire(client: &Client, id: &str) -> Result<CheckoutSession, Error> {
    client
        .v1()
        .checkout()
        .sessions()
        .expire(id, &CheckoutSessionExpireParams::default())
        .await
}

fn api_error(error: &Error) -> &stripe_api::ApiError {
    error
        .api_error()
        .unwrap_or_else(|| panic!("expected Stripe's error object, got {error:?}"))
}

#[tokio::test]
async fn the_request_is_what_stripes_sdks_send() {
    let server = StripeServer::start().await;
    let params = CheckoutSessionExpireParams::new().expand(["line_items", "customer"]);
    let session = client(&server)
        .v1()
        .checkout()
        .sessions()
        .expire("cs_test_open", &params)
        .await
        .unwrap();
    assert_eq!(session.status, Some(CheckoutSessionStatus::Expired));

    let [request] = server.recorded().try_into().expect("one request");
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/v1/checkout/sessions/cs_test_open/expire");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {SECRET_KEY}").as_str())
    );
    assert_eq!(request.header("stripe-version"), Some("2023-08-16"));
    assert_eq!(
        request.header("user-agent"),
        Some(concat!("stripe-api/", "0.1.0"))
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.header("stripe-account"), None);
    let key = request
        .header("idempotency-key")
        .expect("a POST carries an idempotency key");
    assert_eq!(key.len(), 36, "a UUID: {key}");
    assert_eq!(request.body, b"expand[0]=line_items&expand[1]=customer");
    assert_eq!(
        request.header("content-length"),
        Some("39"),
        "once, and right"
    );
}

#[tokio::test]
async fn an_empty_body_still_says_it_is_a_form() {
    let server = StripeServer::start().await;
    expire(&client(&server), "cs_test_open").await.unwrap();
    let [request] = server.recorded().try_into().expect("one request");
    assert_eq!(request.body, b"");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.header("content-length"), Some("0"));
}

#[tokio::test]
async fn each_call_gets_its_own_idempotency_key_and_connect_sends_the_account() {
    let server = StripeServer::start().await;
    let client = Client::builder(SECRET_KEY)
        .base_url(server.url())
        .stripe_account("acct_1Connected")
        .build()
        .unwrap();
    expire(&client, "cs_test_open").await.unwrap();
    let _ = expire(&client, "cs_test_open").await;
    let requests = server.recorded();
    assert_eq!(
        requests[0].header("stripe-account"),
        Some("acct_1Connected")
    );
    assert_ne!(
        requests[0].header("idempotency-key"),
        requests[1].header("idempotency-key")
    );
}

#[tokio::test]
async fn hostile_ids_cannot_leave_their_path_segment() {
    let server = StripeServer::start().await;
    let client = client(&server);
    let cases = [
        ("../x?y#z", "/v1/checkout/sessions/..%2Fx%3Fy%23z/expire"),
        (
            "a/../../v1/customers",
            "/v1/checkout/sessions/a%2F..%2F..%2Fv1%2Fcustomers/expire",
        ),
        ("%2F", "/v1/checkout/sessions/%252F/expire"),
        (
            "cs test é",
            "/v1/checkout/sessions/cs%20test%20%C3%A9/expire",
        ),
    ];
    for (id, path) in cases {
        let error = expire(&client, id).await.unwrap_err();
        assert_eq!(api_error(&error).status, 404, "{id}");
        assert_eq!(
            server
                .recorded()
                .last()
                .map(|r| r.target.clone())
                .as_deref(),
            Some(path)
        );
    }
    let sent = server.recorded().len();
    for id in ["", ".", ".."] {
        let error = expire(&client, id).await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{id:?}: {error:?}"
        );
    }
    assert_eq!(
        server.recorded().len(),
        sent,
        "nothing was sent for unusable ids"
    );
}

#[tokio::test]
async fn the_documented_response_round_trips_through_the_call() {
    let server = StripeServer::start().await;
    let session = expire(&client(&server), DOCUMENTED_ID).await.unwrap();
    assert_eq!(session.id, DOCUMENTED_ID);
    assert_eq!(json(&session.to_json_string()), json(DOCUMENTED_RESPONSE));
}

#[tokio::test]
async fn stripes_error_object_comes_back_with_status_and_request_id() {
    let server = StripeServer::start().await;
    let client = client(&server);

    let error = expire(&client, "cs_test_missing").await.unwrap_err();
    let api = api_error(&error);
    assert_eq!(api.status, 404);
    assert_eq!(api.kind(), &ApiErrorsType::InvalidRequestError);
    assert_eq!(api.code(), Some("resource_missing"));
    assert_eq!(api.param(), Some("session"));
    assert_eq!(
        api.message(),
        Some("No such checkout.session: 'cs_test_missing'")
    );
    assert_eq!(
        api.doc_url(),
        Some("https://stripe.com/docs/error-codes/resource-missing")
    );
    assert_eq!(api.request_id.as_deref(), Some("req_test_1"));
    assert_eq!(
        error.to_string(),
        "Stripe error (HTTP 404, request req_test_1) invalid_request_error [resource_missing] \
         on `session`: No such checkout.session: 'cs_test_missing'"
    );

    let error = expire(&client, "cs_test_expired").await.unwrap_err();
    assert_eq!(api_error(&error).status, 400);
    assert!(
        api_error(&error)
            .message()
            .is_some_and(|m| m.contains("status of \"expired\""))
    );

    let wrong_key = Client::builder("sk_test_wrong")
        .base_url(server.url())
        .build()
        .unwrap();
    let error = expire(&wrong_key, "cs_test_open").await.unwrap_err();
    assert_eq!(api_error(&error).status, 401);
}

#[tokio::test]
async fn unknown_error_types_and_codes_still_decode() {
    let server = StripeServer::start().await;
    let body = stripe_api_tests::stripe_server::stripe_error(
        "brand_new_error",
        Some("brand_new_code"),
        "A kind of error Stripe added later.",
        None,
    );
    server.push_faults([Fault::Body(402, body)]);
    let error = expire(&client(&server), "cs_test_open").await.unwrap_err();
    let api = api_error(&error);
    assert_eq!(api.status, 402);
    assert!(
        matches!(api.kind(), ApiErrorsType::Unrecognized(raw) if raw.as_str() == "brand_new_error")
    );
    assert_eq!(api.code(), Some("brand_new_code"));
}

#[tokio::test]
async fn a_body_that_is_not_the_documented_json_is_reported_safely() {
    let server = StripeServer::start().await;
    let client = client(&server);
    server.push_faults([Fault::Body(200, "<html>maintenance</html>".into())]);
    match expire(&client, "cs_test_open").await.unwrap_err() {
        Error::UnexpectedResponse {
            status,
            request_id,
            excerpt,
            problem,
            ..
        } => {
            assert_eq!(status, 200);
            assert_eq!(request_id.as_deref(), Some("req_test_1"));
            assert_eq!(excerpt, "<html>maintenance</html>");
            assert!(
                problem.contains("cannot decode CheckoutSession"),
                "{problem}"
            );
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }

    // A JSON object of the wrong shape, and an error body that echoes the key.
    server.push_faults([Fault::Body(200, r#"{"id": 7}"#.into())]);
    let error = expire(&client, "cs_test_open").await.unwrap_err();
    assert!(
        error.to_string().contains("at `id`: expected string"),
        "{error}"
    );
    let echo = format!(
        "{} bad key {SECRET_KEY} {}",
        "x".repeat(10),
        "y".repeat(400)
    );
    server.push_faults([Fault::Body(400, echo)]);
    let error = expire(&client, "cs_test_open").await.unwrap_err();
    let Error::UnexpectedResponse {
        status: 400,
        excerpt,
        ..
    } = &error
    else {
        panic!("expected UnexpectedResponse, got {error:?}");
    };
    assert!(
        excerpt.contains("[redacted]") && excerpt.len() < 250,
        "{excerpt}"
    );
    assert!(!format!("{error} {error:?}").contains(SECRET_KEY));
}

#[tokio::test]
async fn a_timeout_fires() {
    let server = StripeServer::start().await;
    server.push_faults([Fault::DelayBefore(Duration::from_secs(5))]);
    let client = Client::builder(SECRET_KEY)
        .base_url(server.url())
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let start = Instant::now();
    let error = expire(&client, "cs_test_open").await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "gave up long before the server answered"
    );
}

#[tokio::test]
async fn a_connection_failure_is_its_own_error() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client = Client::builder(SECRET_KEY)
        .base_url(url)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .unwrap();
    let error = expire(&client, "cs_test_open").await.unwrap_err();
    assert!(
        matches!(error, Error::Connection { attempts: 3, .. }),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains(SECRET_KEY));
}

#[tokio::test]
async fn a_500_is_retried_with_the_same_idempotency_key() {
    let server = StripeServer::start().await;
    server.push_faults([Fault::Status(500, vec![]), Fault::Status(503, vec![])]);
    let session = expire(&client(&server), "cs_test_open").await.unwrap();
    assert_eq!(session.status, Some(CheckoutSessionStatus::Expired));
    let requests = server.recorded();
    assert_eq!(requests.len(), 3, "two retries after two failures");
    let key = requests[0].header("idempotency-key");
    assert!(key.is_some());
    assert!(requests.iter().all(|r| r.header("idempotency-key") == key));
    assert_eq!(server.expirations(), 1);
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_409_is_retried() {
    let server = StripeServer::start().await;
    server.push_faults([
        Fault::Status(409, vec![]),
        Fault::Status(500, vec![]),
        Fault::Status(500, vec![]),
    ]);
    let error = expire(&client(&server), "cs_test_open").await.unwrap_err();
    assert_eq!(api_error(&error).status, 500);
    assert_eq!(server.recorded().len(), 3, "the first try and two retries");
    assert_eq!(server.expirations(), 0);
}

#[tokio::test]
async fn a_400_and_stripe_should_retry_false_are_not_retried() {
    let server = StripeServer::start().await;
    let client = client(&server);
    expire(&client, "cs_test_expired").await.unwrap_err();
    assert_eq!(server.recorded().len(), 1);

    server.push_faults([Fault::Status(503, vec![("stripe-should-retry", "false")])]);
    let error = expire(&client, "cs_test_open").await.unwrap_err();
    assert_eq!(api_error(&error).status, 503);
    assert_eq!(
        server.recorded().len(),
        2,
        "no retry when Stripe says not to"
    );

    server.push_faults([Fault::Status(400, vec![("stripe-should-retry", "true")])]);
    expire(&client, "cs_test_open").await.unwrap();
    assert_eq!(
        server.recorded().len(),
        4,
        "a retry when Stripe says to, even for a 400"
    );
}

#[tokio::test]
async fn a_retried_call_never_expires_a_session_twice() {
    let server = StripeServer::start().await;
    // The first try expires the session, but its answer comes after the client gave up.
    server.push_faults([Fault::DelayAfter(Duration::from_millis(800))]);
    let client = Client::builder(SECRET_KEY)
        .base_url(server.url())
        .timeout(Duration::from_millis(200))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .unwrap();
    let session = expire(&client, "cs_test_open").await.unwrap();
    assert_eq!(session.status, Some(CheckoutSessionStatus::Expired));
    assert_eq!(
        server.expirations(),
        1,
        "the retry was answered from the first try"
    );
    let requests = server.recorded();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("idempotency-key"),
        requests[1].header("idempotency-key")
    );
    assert_eq!(
        server.session("cs_test_open").map(|s| s["status"].clone()),
        Some("expired".into())
    );
}

#[tokio::test]
async fn the_secret_key_never_shows() {
    let server = StripeServer::start().await;
    let builder = Client::builder(SECRET_KEY).base_url(server.url());
    let client = builder.clone().build().unwrap();
    for text in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(!text.contains(SECRET_KEY), "{text}");
        assert!(text.contains("sk_test_[redacted]"), "{text}");
    }
    let bad = Client::builder("sk_test_\nnot a header")
        .build()
        .unwrap_err();
    assert!(
        !format!("{bad} {bad:?}").contains("not a header"),
        "{bad:?}"
    );
}
