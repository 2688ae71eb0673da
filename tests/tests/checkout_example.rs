//! The `checkout` example, `stripe checkout sessions ...` in Rust, run as a user would run
//! it against the in-test server: every command, the options every command takes, and
//! how it fails.

use std::process::Output;

use serde_json::Value;
use stripe_api_tests::examples;
use stripe_api_tests::stripe_server::{SECRET_KEY, StripeServer};

async fn checkout(server: &StripeServer, args: &[&str]) -> Output {
    examples::run_example("checkout", server, SECRET_KEY, args).await
}

/// The example's stdout, after checking that it succeeded.
fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

/// The JSON objects printed one after another, each indented over several lines.
fn json_lines(text: &str) -> Vec<Value> {
    assert!(
        text.starts_with("{\n  \""),
        "objects are printed indented: {text}"
    );
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .map(|value| value.expect("JSON objects, one after another"))
        .collect()
}

/// The JSON objects printed one per line, as `--compact` prints them.
fn compact_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

#[tokio::test]
async fn every_sessions_command_runs() {
    let server = StripeServer::start().await;

    let created = checkout(
        &server,
        &[
            "sessions",
            "create",
            "--mode",
            "payment",
            "--success-url",
            "https://example.com/done",
            "--cancel-url",
            "https://example.com/cart",
            "--line-item",
            "price_shirt:2",
            "--line-item",
            "price_socks:1",
            "--metadata",
            "order=6735",
            "--customer-email",
            "jenny@example.com",
            "--expand",
            "line_items",
            "--idempotency-key",
            "order-6735",
            "--stripe-account",
            "acct_connected",
        ],
    )
    .await;
    let [session] = json_lines(&stdout(&created))
        .try_into()
        .expect("one object");
    let id = session["id"].as_str().expect("an id").to_owned();
    assert_eq!(session["mode"], "payment");
    assert_eq!(session["metadata"]["order"], "6735");
    let [request] = server.recorded().try_into().expect("one request");
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "cancel_url=https%3A%2F%2Fexample.com%2Fcart&customer_email=jenny%40example.com\
         &expand[0]=line_items&line_items[0][price]=price_shirt&line_items[0][quantity]=2\
         &line_items[1][price]=price_socks&line_items[1][quantity]=1&metadata[order]=6735\
         &mode=payment&success_url=https%3A%2F%2Fexample.com%2Fdone"
    );
    assert_eq!(request.header("idempotency-key"), Some("order-6735"));
    assert_eq!(request.header("stripe-account"), Some("acct_connected"));

    let retrieved = checkout(&server, &["sessions", "retrieve", &id]).await;
    let [session] = json_lines(&stdout(&retrieved))
        .try_into()
        .expect("one object");
    assert_eq!(session["id"], id.as_str());

    let page = checkout(&server, &["sessions", "list", "--limit", "2"]).await;
    let [page] = json_lines(&stdout(&page)).try_into().expect("one object");
    assert_eq!(page["object"], "list");
    assert_eq!(page["data"][0]["id"], id.as_str(), "newest first");
    assert_eq!(page["has_more"], true);

    // Three sessions the server starts with, and the one created: two pages of two.
    let before = server.recorded().len();
    let all = checkout(&server, &["sessions", "list", "--limit", "2", "--all"]).await;
    let sessions = json_lines(&stdout(&all));
    assert_eq!(sessions.len(), 4);
    let compact = checkout(
        &server,
        &["sessions", "list", "--limit", "2", "--all", "--compact"],
    )
    .await;
    assert_eq!(compact_lines(&stdout(&compact)), sessions, "one per line");
    assert_eq!(server.recorded().len() - before, 4, "one request per page");
    let before = server.recorded().len();
    let all = checkout(&server, &["sessions", "list", "--limit", "2", "--all"]).await;
    assert_eq!(json_lines(&stdout(&all)).len(), 4);
    assert!(sessions.iter().all(|s| s["object"] == "checkout.session"));
    assert_eq!(server.recorded().len() - before, 2, "one request per page");

    let items = checkout(
        &server,
        &["sessions", "line-items", &id, "--limit", "1", "--all"],
    )
    .await;
    let quantities: Vec<Value> = json_lines(&stdout(&items))
        .into_iter()
        .map(|item| item["quantity"].clone())
        .collect();
    assert_eq!(quantities, [2, 1]);

    let first_page = checkout(&server, &["sessions", "line-items", &id]).await;
    let [first_page] = json_lines(&stdout(&first_page))
        .try_into()
        .expect("one object");
    assert_eq!(first_page["data"].as_array().map(Vec::len), Some(2));

    let expired = checkout(&server, &["sessions", "expire", &id]).await;
    let [session] = json_lines(&stdout(&expired))
        .try_into()
        .expect("one object");
    assert_eq!(session["status"], "expired");
}

#[tokio::test]
async fn a_failure_prints_stripes_message_code_and_request_id() {
    let server = StripeServer::start().await;
    let output = checkout(&server, &["sessions", "retrieve", "cs_test_missing"]).await;
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "error: No such checkout.session: 'cs_test_missing'",
        "code: resource_missing",
        "status: 404",
        "request id: req_test_1",
    ] {
        assert!(stderr.contains(expected), "{expected} in {stderr}");
    }
}

#[tokio::test]
async fn bad_arguments_are_refused_before_anything_is_sent() {
    let server = StripeServer::start().await;
    let output = checkout(
        &server,
        &[
            "sessions",
            "create",
            "--mode",
            "payment",
            "--success-url",
            "https://example.com",
            "--line-item",
            "price_without_quantity",
        ],
    )
    .await;
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not PRICE:QUANTITY"), "{stderr}");
    assert!(server.recorded().is_empty());
}

#[tokio::test]
async fn an_idempotency_key_is_taken_by_the_commands_that_post_only() {
    let server = StripeServer::start().await;
    let expired = checkout(
        &server,
        &[
            "sessions",
            "expire",
            "cs_test_open",
            "--idempotency-key",
            "expire-1",
        ],
    )
    .await;
    assert_eq!(json_lines(&stdout(&expired))[0]["status"], "expired");
    let [request] = server.recorded().try_into().expect("one request");
    assert_eq!(request.header("idempotency-key"), Some("expire-1"));

    for read in [
        &["sessions", "retrieve", "cs_test_open"][..],
        &["sessions", "list"][..],
        &["sessions", "line-items", "cs_test_open"][..],
    ] {
        let args = [read, &["--idempotency-key", "read-1"]].concat();
        let output = checkout(&server, &args).await;
        assert!(!output.status.success(), "{args:?} took a key");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("--idempotency-key"), "{stderr}");
    }
    assert_eq!(server.recorded().len(), 1, "no read was sent");
}

#[tokio::test]
async fn a_refused_key_is_not_printed() {
    let server = StripeServer::start().await;
    let wrong = "sk_live_51WrongKeyGivenToTheExample";
    let output = examples::run_example(
        "checkout",
        &server,
        wrong,
        &["sessions", "retrieve", "cs_test_open"],
    )
    .await;
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("status: 401"), "{stderr}");
    assert!(stderr.contains("Authorization was"), "{stderr}");
    assert!(!stderr.contains(wrong), "{stderr}");
}
