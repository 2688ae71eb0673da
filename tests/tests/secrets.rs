//! No secret in any error: a server that echoes the key it was sent (as Stripe's mock
//! server does on a refused key) cannot put it into an error's `Display` or `Debug`, nor
//! into the error object the caller reads, whether the key is the client's or a call's
//! own, shaped like a Stripe key or not; and secret-shaped words the client never held
//! are removed too.

use std::time::Duration;

use stripe_api::client::RequestOptions;
use stripe_api::{
    ApiError, ApiErrors, ApiErrorsType, CheckoutSession, CheckoutSessionExpireParams, Client, Error,
};
use stripe_api_tests::stripe_server::{Fault, SECRET_KEY, StripeServer, stripe_error};

fn client_with_key(server: &StripeServer, key: &str) -> Client {
    Client::builder(key)
        .base_url(server.url())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("the client builds")
}

async fn expire(client: &Client, options: &RequestOptions) -> Result<CheckoutSession, Error> {
    client
        .with_options(options)
        .v1()
        .checkout()
        .sessions()
        .expire("cs_test_open", &CheckoutSessionExpireParams::new())
        .await
}

/// Every text of `error` a program could print or log: `Display`, `Debug` and `{:#?}`,
/// of the error and of Stripe's error object in it.
fn printed(error: &Error) -> Vec<String> {
    let mut texts = vec![
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    if let Some(api) = error.api_error() {
        texts.push(api.to_string());
        texts.push(format!("{api:#?}"));
    }
    texts
}

/// `secret` is in nothing printed of an error that came from a server, nor in what the
/// error object says when read field by field.
fn assert_hidden(error: &Error, secret: &str) {
    let mut texts = printed(error);
    if let Some(api) = error.api_error() {
        texts.extend(api.message().map(str::to_owned));
        texts.push(api.error.to_json_string());
    }
    for text in texts {
        assert!(!text.contains(secret), "the key shows in {text}");
    }
}

/// Keys of every shape: Stripe's, a restricted one, and one that looks like nothing.
const WRONG_KEYS: [&str; 3] = [
    "sk_live_51WrongKeyOfTheClient0123",
    "rk_test_51RestrictedKey0123",
    "plain-token-without-a-prefix-42",
];

#[tokio::test]
async fn the_clients_key_echoed_by_the_server_never_shows() {
    let server = StripeServer::start().await;
    for key in WRONG_KEYS {
        let client = client_with_key(&server, key);
        let error = expire(&client, &RequestOptions::new()).await.unwrap_err();
        let api = error.api_error().expect("Stripe's error object");
        assert_eq!(api.status, 401);
        // The server did echo it; the error says where it was.
        let message = api.message().expect("a message");
        assert!(
            message.starts_with("Invalid API Key provided. Authorization was 'Bearer ")
                && message.contains("[redacted]"),
            "{message}"
        );
        assert_hidden(&error, key);
    }
}

#[tokio::test]
async fn a_calls_own_key_echoed_by_the_server_never_shows() {
    let server = StripeServer::start().await;
    let client = client_with_key(&server, SECRET_KEY);
    for key in WRONG_KEYS {
        let options = RequestOptions::new().api_key(key);
        let error = expire(&client, &options).await.unwrap_err();
        assert_eq!(error.status(), Some(401), "{error}");
        assert_hidden(&error, key);

        // The same key echoed in a body that is not Stripe's error object.
        server.push_faults([Fault::Body(502, format!("<p>bad gateway for {key}</p>"))]);
        let options = options.clone().max_retries(0);
        let error = expire(&client, &options).await.unwrap_err();
        assert!(
            matches!(error, Error::UnexpectedResponse { status: 502, .. }),
            "{error:?}"
        );
        assert_hidden(&error, key);
    }
}

#[tokio::test]
async fn secrets_the_client_never_held_are_removed_too() {
    let server = StripeServer::start().await;
    let client = client_with_key(&server, SECRET_KEY);
    let leaked = [
        "sk_live_51SomeoneElsesKey01",
        "whsec_0123456789abcdefABCDEF",
    ];
    let message = format!("keys {} and {} were seen", leaked[0], leaked[1]);
    server.push_faults([Fault::Body(
        400,
        stripe_error("invalid_request_error", None, &message, None),
    )]);
    let error = expire(&client, &RequestOptions::new()).await.unwrap_err();
    assert_eq!(
        error.api_error().and_then(ApiError::message),
        Some("keys sk_live_[redacted] and whsec_[redacted] were seen")
    );
    for secret in leaked {
        assert_hidden(&error, secret);
    }
}

#[test]
fn an_error_built_by_hand_hides_secret_shaped_words() {
    let mut object = ApiErrors::default();
    object.r#type = ApiErrorsType::InvalidRequestError;
    object.message = Some("Authorization was 'Bearer sk_test_51HandMadeSecret'".to_owned());
    let error = Error::from(ApiError::new(401, object));
    for text in printed(&error) {
        assert!(!text.contains("sk_test_51HandMadeSecret"), "{text}");
        assert!(text.contains("sk_test_[redacted]"), "{text}");
    }
}

#[tokio::test]
async fn a_connection_error_names_its_cause_once_and_no_key() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client = Client::builder(SECRET_KEY)
        .base_url(url)
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .unwrap();
    let options = RequestOptions::new().api_key(WRONG_KEYS[2]);
    let error = expire(&client, &options).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "could not reach Stripe (tried 3 times): connection refused"
    );
    assert!(std::error::Error::source(&error).is_none());
    assert_hidden(&error, SECRET_KEY);
    assert_hidden(&error, WRONG_KEYS[2]);
}
