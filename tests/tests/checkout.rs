//! The Checkout Session resource against a real HTTP server on 127.0.0.1 that behaves
//! like Stripe: create's form body, retrieve and list, auto-pagination, line items, and
//! per-call options.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};
use stripe_api::client::RequestOptions;
use stripe_api::{
    CheckoutSession, CheckoutSessionCreateParams, CheckoutSessionCreateParamsCustomText,
    CheckoutSessionCreateParamsLineItems, CheckoutSessionCreateParamsLineItemsAdjustableQuantity,
    CheckoutSessionCreateParamsLineItemsPriceData,
    CheckoutSessionCreateParamsLineItemsPriceDataProductData, CheckoutSessionCreateParamsMode,
    CheckoutSessionCreateParamsPaymentMethodOptions,
    CheckoutSessionCreateParamsPaymentMethodOptionsCard,
    CheckoutSessionCreateParamsPaymentMethodOptionsCardSetupFutureUsage,
    CheckoutSessionCreateParamsPaymentMethodTypes, CheckoutSessionExpireParams,
    CheckoutSessionLineItemsParams, CheckoutSessionListParams, CheckoutSessionRetrieveParams,
    Clearable, Client, Error, ListStream,
};
use stripe_api_tests::stripe_server::{
    DOCUMENTED_RESPONSE, Fault, Recorded, SECRET_KEY, StripeServer, line_item,
};

/// A client for `server` whose retries wait a millisecond, not half a second.
fn client(server: &StripeServer) -> Client {
    client_with_key(server, SECRET_KEY)
}

fn client_with_key(server: &StripeServer, key: &str) -> Client {
    Client::builder(key)
        .base_url(server.url())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("the client builds")
}

/// Adds sessions `cs_A1`..`cs_A7` of customer `cus_A`, newest last, with a session of
/// `cus_B` after every other one; Stripe lists them newest first.
fn add_customer_sessions(server: &StripeServer) {
    let template: Value = serde_json::from_str(DOCUMENTED_RESPONSE).expect("fixture is JSON");
    for n in 1..=7 {
        for (customer, id) in [("cus_A", format!("cs_A{n}")), ("cus_B", format!("cs_B{n}"))] {
            if customer == "cus_B" && n % 2 == 1 {
                continue;
            }
            let mut session = template.clone();
            session["id"] = id.clone().into();
            session["customer"] = customer.into();
            server.add_session(&id, session);
        }
    }
}

/// More items than any test's server holds: a stream that yields this many has run on
/// past its last page.
const MORE_THAN_ANY_TEST_HOLDS: usize = 100;

/// Every item of `stream`; fails, rather than hangs, if the stream does not end.
async fn drain<T: stripe_api::HasId>(mut stream: ListStream<T>) -> Vec<Result<T, Error>> {
    let read_all = async {
        let mut items = Vec::new();
        while let Some(item) = stream.next().await {
            items.push(item);
            assert!(
                items.len() <= MORE_THAN_ANY_TEST_HOLDS,
                "the stream runs on past its last page"
            );
        }
        items
    };
    tokio::time::timeout(Duration::from_secs(60), read_all)
        .await
        .expect("the stream ends")
}

fn ids(items: &[Result<CheckoutSession, Error>]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item.as_ref().expect("no error").id.as_str())
        .collect()
}

fn targets(recorded: &[Recorded]) -> Vec<&str> {
    recorded.iter().map(|r| r.target.as_str()).collect()
}

#[tokio::test]
async fn create_sends_nested_parameters_in_stripes_form_encoding() {
    use CheckoutSessionCreateParamsPaymentMethodTypes as MethodType;
    let server = StripeServer::start().await;
    let product = CheckoutSessionCreateParamsLineItemsPriceDataProductData::new("T-shirt & socks")
        .metadata(BTreeMap::from([("sku".to_owned(), "TS=01".to_owned())]));
    let params = CheckoutSessionCreateParams::new(
        "https://example.com/success?session={CHECKOUT_SESSION_ID}",
    )
    .mode(CheckoutSessionCreateParamsMode::Payment)
    .cancel_url("https://example.com/cancel")
    .customer_email("jenny+test@example.com")
    .allow_promotion_codes(false)
    .line_items([
        CheckoutSessionCreateParamsLineItems::new()
            .price_data(
                CheckoutSessionCreateParamsLineItemsPriceData::new("usd")
                    .unit_amount(2000)
                    .product_data(product),
            )
            .quantity(2),
        CheckoutSessionCreateParamsLineItems::new()
            .price("price_1NxYz")
            .quantity(1)
            .adjustable_quantity(
                CheckoutSessionCreateParamsLineItemsAdjustableQuantity::new(true).maximum(10),
            ),
    ])
    .metadata(BTreeMap::from([
        ("order_id".to_owned(), "6735".to_owned()),
        ("note".to_owned(), "gift wrap, 50% off".to_owned()),
    ]))
    .payment_method_types([MethodType::Card, MethodType::from("a_method_added_later")])
    .payment_method_options(CheckoutSessionCreateParamsPaymentMethodOptions::new().card(
        CheckoutSessionCreateParamsPaymentMethodOptionsCard::new().setup_future_usage(
            CheckoutSessionCreateParamsPaymentMethodOptionsCardSetupFutureUsage::OnSession,
        ),
    ))
    .custom_text(CheckoutSessionCreateParamsCustomText::new().submit(Clearable::Clear))
    .expand(["line_items"]);

    let session = client(&server)
        .v1()
        .checkout()
        .sessions()
        .create(&params)
        .await
        .unwrap();
    assert_eq!(session.id, "cs_test_created_4");
    assert_eq!(
        session.customer_email.as_deref(),
        Some("jenny+test@example.com")
    );
    assert_eq!(
        session.metadata.as_ref().unwrap()["note"],
        "gift wrap, 50% off"
    );

    // Written out by hand from Stripe's encoding: bracketed keys, indexed lists, booleans
    // as words, an empty value to clear, and `&`, `=`, `+`, `,`, `%`, `{`, space encoded.
    let expected = [
        "allow_promotion_codes=false",
        "cancel_url=https%3A%2F%2Fexample.com%2Fcancel",
        "custom_text[submit]=",
        "customer_email=jenny%2Btest%40example.com",
        "expand[0]=line_items",
        "line_items[0][price_data][currency]=usd",
        "line_items[0][price_data][product_data][metadata][sku]=TS%3D01",
        "line_items[0][price_data][product_data][name]=T-shirt+%26+socks",
        "line_items[0][price_data][unit_amount]=2000",
        "line_items[0][quantity]=2",
        "line_items[1][adjustable_quantity][enabled]=true",
        "line_items[1][adjustable_quantity][maximum]=10",
        "line_items[1][price]=price_1NxYz",
        "line_items[1][quantity]=1",
        "metadata[note]=gift+wrap%2C+50%25+off",
        "metadata[order_id]=6735",
        "mode=payment",
        "payment_method_options[card][setup_future_usage]=on_session",
        "payment_method_types[0]=card",
        "payment_method_types[1]=a_method_added_later",
        "success_url=https%3A%2F%2Fexample.com%2Fsuccess%3Fsession%3D%7BCHECKOUT_SESSION_ID%7D",
    ]
    .join("&");
    let [request] = server.recorded().try_into().expect("one request");
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/v1/checkout/sessions");
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(request.header("idempotency-key").is_some());

    // The server made the session's line items from the body.
    let items = client(&server)
        .v1()
        .checkout()
        .sessions()
        .line_items(&session.id, &CheckoutSessionLineItemsParams::new())
        .await
        .unwrap();
    let quantities: Vec<_> = items.data.iter().map(|item| item.quantity).collect();
    assert_eq!(quantities, [Some(2), Some(1)]);
}

#[tokio::test]
async fn retrieve_sends_a_get_with_its_parameters_in_the_query_and_no_body() {
    let server = StripeServer::start().await;
    let params = CheckoutSessionRetrieveParams::new().expand(["line_items", "customer"]);
    let session = client(&server)
        .v1()
        .checkout()
        .sessions()
        .retrieve("cs_test_expired", &params)
        .await
        .unwrap();
    assert_eq!(session.id, "cs_test_expired");

    let [request] = server.recorded().try_into().expect("one request");
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.target,
        "/v1/checkout/sessions/cs_test_expired?expand[0]=line_items&expand[1]=customer"
    );
    assert!(request.body.is_empty());
    for absent in [
        "content-type",
        "content-length",
        "idempotency-key",
        "stripe-account",
    ] {
        assert_eq!(request.headers.get(absent), None, "{absent}");
    }

    let error = client(&server)
        .v1()
        .checkout()
        .sessions()
        .retrieve("cs_test_missing", &params)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
}

#[tokio::test]
async fn list_gives_one_page_with_the_filters_in_the_query() {
    let server = StripeServer::start().await;
    add_customer_sessions(&server);
    let params = CheckoutSessionListParams::new().customer("cus_A").limit(3);
    let page = client(&server)
        .v1()
        .checkout()
        .sessions()
        .list(&params)
        .await
        .unwrap();
    let ids: Vec<&str> = page.data.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["cs_A7", "cs_A6", "cs_A5"]);
    assert!(page.has_more);
    assert_eq!(page.url, "/v1/checkout/sessions");
    assert_eq!(
        targets(&server.recorded()),
        ["/v1/checkout/sessions?customer=cus_A&limit=3"]
    );
}

#[tokio::test]
async fn the_stream_walks_every_page_keeping_the_other_parameters() {
    let server = StripeServer::start().await;
    add_customer_sessions(&server);
    let params = CheckoutSessionListParams::new()
        .customer("cus_A")
        .limit(3)
        .expand(["data.customer"]);
    let client = client(&server);
    let items = drain(client.v1().checkout().sessions().list_stream(&params)).await;
    assert_eq!(
        ids(&items),
        [
            "cs_A7", "cs_A6", "cs_A5", "cs_A4", "cs_A3", "cs_A2", "cs_A1"
        ]
    );
    assert_eq!(
        targets(&server.recorded()),
        [
            "/v1/checkout/sessions?customer=cus_A&expand[0]=data.customer&limit=3",
            "/v1/checkout/sessions?customer=cus_A&expand[0]=data.customer&limit=3&starting_after=cs_A5",
            "/v1/checkout/sessions?customer=cus_A&expand[0]=data.customer&limit=3&starting_after=cs_A2",
        ],
        "three pages, the last with has_more: false"
    );
    assert!(
        server
            .recorded()
            .iter()
            .all(|r| r.method == "GET" && r.body.is_empty())
    );
}

#[tokio::test]
async fn the_stream_asks_for_a_page_only_when_the_reader_reaches_it() {
    let server = StripeServer::start().await;
    add_customer_sessions(&server);
    let params = CheckoutSessionListParams::new().customer("cus_A").limit(3);
    let client = client(&server);
    let mut stream = client.v1().checkout().sessions().list_stream(&params);
    assert!(
        server.recorded().is_empty(),
        "nothing is sent before reading"
    );
    for expected in ["cs_A7", "cs_A6", "cs_A5"] {
        assert_eq!(stream.next().await.unwrap().unwrap().id, expected);
        assert_eq!(server.recorded().len(), 1);
    }
    assert_eq!(stream.next().await.unwrap().unwrap().id, "cs_A4");
    assert_eq!(server.recorded().len(), 2);
}

#[tokio::test]
async fn the_stream_starts_from_the_callers_cursor() {
    let server = StripeServer::start().await;
    add_customer_sessions(&server);
    let params = CheckoutSessionListParams::new()
        .customer("cus_A")
        .limit(2)
        .starting_after("cs_A5");
    let client = client(&server);
    let items = drain(client.v1().checkout().sessions().list_stream(&params)).await;
    assert_eq!(ids(&items), ["cs_A4", "cs_A3", "cs_A2", "cs_A1"]);
    assert_eq!(
        targets(&server.recorded()),
        [
            "/v1/checkout/sessions?customer=cus_A&limit=2&starting_after=cs_A5",
            "/v1/checkout/sessions?customer=cus_A&limit=2&starting_after=cs_A3",
        ]
    );
}

#[tokio::test]
async fn the_stream_walks_backward_from_ending_before() {
    let server = StripeServer::start().await;
    add_customer_sessions(&server);
    let params = CheckoutSessionListParams::new()
        .customer("cus_A")
        .limit(2)
        .ending_before("cs_A2");
    let client = client(&server);
    let items = drain(client.v1().checkout().sessions().list_stream(&params)).await;
    // Away from the cursor, newer and newer: each page's items last to first.
    assert_eq!(ids(&items), ["cs_A3", "cs_A4", "cs_A5", "cs_A6", "cs_A7"]);
    assert_eq!(
        targets(&server.recorded()),
        [
            "/v1/checkout/sessions?customer=cus_A&ending_before=cs_A2&limit=2",
            "/v1/checkout/sessions?customer=cus_A&limit=2&ending_before=cs_A4",
            "/v1/checkout/sessions?customer=cus_A&limit=2&ending_before=cs_A6",
        ]
    );
}

#[tokio::test]
async fn with_both_cursors_the_stream_walks_forward() {
    let server = StripeServer::start().await;
    add_customer_sessions(&server);
    let params = CheckoutSessionListParams::new()
        .customer("cus_A")
        .limit(2)
        .starting_after("cs_A6")
        .ending_before("cs_A1");
    let client = client(&server);
    let items = drain(client.v1().checkout().sessions().list_stream(&params)).await;
    assert_eq!(ids(&items), ["cs_A5", "cs_A4", "cs_A3", "cs_A2", "cs_A1"]);
    assert_eq!(
        targets(&server.recorded()),
        [
            "/v1/checkout/sessions?customer=cus_A&ending_before=cs_A1&limit=2&starting_after=cs_A6",
            "/v1/checkout/sessions?customer=cus_A&limit=2&starting_after=cs_A4",
            "/v1/checkout/sessions?customer=cus_A&limit=2&starting_after=cs_A2",
        ],
        "as Stripe's SDKs do, starting_after wins"
    );
}

#[tokio::test]
async fn an_error_on_page_two_is_yielded_once_and_ends_the_stream() {
    let server = StripeServer::start().await;
    add_customer_sessions(&server);
    server.push_faults([Fault::Pass, Fault::Status(400, Vec::new())]);
    let params = CheckoutSessionListParams::new().customer("cus_A").limit(3);
    let client = client(&server);
    let items = drain(client.v1().checkout().sessions().list_stream(&params)).await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(ids(&items[..3]), ["cs_A7", "cs_A6", "cs_A5"]);
    let Err(error) = &items[3] else {
        panic!("the fourth item is the error: {items:?}")
    };
    assert_eq!(error.status(), Some(400));
    assert_eq!(
        server.recorded().len(),
        2,
        "nothing is fetched after the error"
    );
}

#[tokio::test]
async fn a_page_that_is_not_a_list_is_an_error_that_ends_the_stream() {
    let server = StripeServer::start().await;
    add_customer_sessions(&server);
    server.push_faults([Fault::Body(200, "<html>maintenance</html>".to_owned())]);
    let client = client(&server);
    let params = CheckoutSessionListParams::new();
    let items = drain(client.v1().checkout().sessions().list_stream(&params)).await;
    let [Err(Error::UnexpectedResponse { status: 200, .. })] = items.as_slice() else {
        panic!("one error: {items:?}")
    };
}

#[tokio::test]
async fn a_stream_with_a_bad_id_yields_the_error_without_sending_anything() {
    let server = StripeServer::start().await;
    let client = client(&server);
    let params = CheckoutSessionLineItemsParams::new();
    let stream = client
        .v1()
        .checkout()
        .sessions()
        .line_items_stream("..", &params);
    let items = drain(stream).await;
    let [Err(Error::InvalidRequest(_))] = items.as_slice() else {
        panic!("one error: {items:?}")
    };
    assert!(server.recorded().is_empty());
}

#[tokio::test]
async fn line_items_page_through_a_sessions_items() {
    let server = StripeServer::start().await;
    let items: Vec<Value> = (1..=5)
        .map(|n| line_item(&format!("li_{n}"), &format!("price_{n}"), n))
        .collect();
    server.set_line_items("cs_test_open", items);
    let client = client(&server);
    let params = CheckoutSessionLineItemsParams::new().limit(2);
    let stream = client
        .v1()
        .checkout()
        .sessions()
        .line_items_stream("cs_test_open", &params);
    let items = drain(stream).await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|item| item.expect("no error").id)
        .collect();
    assert_eq!(ids, ["li_1", "li_2", "li_3", "li_4", "li_5"]);
    assert_eq!(
        targets(&server.recorded()),
        [
            "/v1/checkout/sessions/cs_test_open/line_items?limit=2",
            "/v1/checkout/sessions/cs_test_open/line_items?limit=2&starting_after=li_2",
            "/v1/checkout/sessions/cs_test_open/line_items?limit=2&starting_after=li_4",
        ]
    );
}

#[tokio::test]
async fn the_callers_idempotency_key_is_sent_on_every_retry() {
    let server = StripeServer::start().await;
    server.push_faults([
        Fault::Status(500, Vec::new()),
        Fault::Status(503, Vec::new()),
    ]);
    let options = RequestOptions::new().idempotency_key("order-6735-expire");
    let client = client(&server);
    let session = client
        .with_options(&options)
        .v1()
        .checkout()
        .sessions()
        .expire("cs_test_open", &CheckoutSessionExpireParams::new())
        .await
        .unwrap();
    assert_eq!(session.id, "cs_test_open");
    let recorded = server.recorded();
    assert_eq!(recorded.len(), 3);
    for request in &recorded {
        assert_eq!(request.header("idempotency-key"), Some("order-6735-expire"));
    }

    // The same key again gets the first answer, and Stripe does not act twice.
    client
        .with_options(&options)
        .v1()
        .checkout()
        .sessions()
        .expire("cs_test_open", &CheckoutSessionExpireParams::new())
        .await
        .unwrap();
    assert_eq!(server.expirations(), 1);
}

#[tokio::test]
async fn a_per_call_account_replaces_the_clients_and_is_sent_only_when_set() {
    let server = StripeServer::start().await;
    let params = CheckoutSessionRetrieveParams::new();
    let plain = client(&server);
    let connected = Client::builder(SECRET_KEY)
        .base_url(server.url())
        .stripe_account("acct_client")
        .build()
        .unwrap();
    let options = RequestOptions::new().stripe_account("acct_call");
    for (client, with_options) in [
        (&plain, false),
        (&plain, true),
        (&connected, false),
        (&connected, true),
    ] {
        let sessions = if with_options {
            client.with_options(&options).v1().checkout().sessions()
        } else {
            client.v1().checkout().sessions()
        };
        sessions.retrieve("cs_test_open", &params).await.unwrap();
    }
    let accounts: Vec<Option<Vec<String>>> = server
        .recorded()
        .iter()
        .map(|r| r.headers.get("stripe-account").cloned())
        .collect();
    assert_eq!(
        accounts,
        [
            None,
            Some(vec!["acct_call".to_owned()]),
            Some(vec!["acct_client".to_owned()]),
            Some(vec!["acct_call".to_owned()]),
        ]
    );
}

#[tokio::test]
async fn a_per_call_api_key_authenticates_that_call_only() {
    let server = StripeServer::start().await;
    let client = client_with_key(&server, "sk_test_another_merchants_key");
    let params = CheckoutSessionRetrieveParams::new();
    let options = RequestOptions::new().api_key(SECRET_KEY);
    client
        .with_options(&options)
        .v1()
        .checkout()
        .sessions()
        .retrieve("cs_test_open", &params)
        .await
        .unwrap();
    let refused = client
        .v1()
        .checkout()
        .sessions()
        .retrieve("cs_test_open", &params)
        .await
        .unwrap_err();
    assert_eq!(refused.status(), Some(401));
    let authorizations: Vec<_> = server
        .recorded()
        .iter()
        .map(|r| r.header("authorization").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        authorizations,
        [
            format!("Bearer {SECRET_KEY}"),
            "Bearer sk_test_another_merchants_key".to_owned()
        ]
    );
    assert!(!format!("{options:?}").contains(SECRET_KEY));

    // A key that cannot be a header is refused before anything is sent.
    let bad = RequestOptions::new().api_key("sk_test_\nbad");
    let error = client
        .with_options(&bad)
        .v1()
        .checkout()
        .sessions()
        .retrieve("cs_test_open", &params)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(!error.to_string().contains("bad"), "{error}");
    assert_eq!(server.recorded().len(), 2);
}

#[tokio::test]
async fn per_call_retries_and_timeout_replace_the_clients() {
    let server = StripeServer::start().await;
    let client = client(&server);
    let params = CheckoutSessionRetrieveParams::new();

    server.push_faults([Fault::Status(500, Vec::new())]);
    let no_retries = RequestOptions::new().max_retries(0);
    let error = client
        .with_options(&no_retries)
        .v1()
        .checkout()
        .sessions()
        .retrieve("cs_test_open", &params)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.recorded().len(), 1, "no retry");

    server.push_faults([Fault::DelayBefore(Duration::from_secs(30))]);
    let short = RequestOptions::new()
        .max_retries(0)
        .timeout(Duration::from_millis(200));
    let error = client
        .with_options(&short)
        .v1()
        .checkout()
        .sessions()
        .retrieve("cs_test_open", &params)
        .await
        .unwrap_err();
    let Error::Timeout {
        after, attempts, ..
    } = error
    else {
        panic!("a timeout: {error:?}")
    };
    assert_eq!((after, attempts), (Duration::from_millis(200), 1));
}

#[test]
fn a_page_encodes_back_to_the_json_it_came_from() {
    let page = json!({
        "object": "list",
        "data": [serde_json::from_str::<Value>(DOCUMENTED_RESPONSE).unwrap()],
        "has_more": false,
        "url": "/v1/checkout/sessions"
    });
    let decoded: stripe_api::List<CheckoutSession> =
        stripe_api::codec::decode_str(&page.to_string(), "List").unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&decoded.to_json_string()).unwrap(),
        page
    );
}

/// Fails to compile unless `value` can move to another thread for good.
fn assert_send_static<T: Send + 'static>(_: &T) {}

/// Fails to compile unless `value` can move to another thread.
fn assert_send<T: Send>(_: &T) {}

#[tokio::test]
async fn calls_and_streams_can_move_to_other_tasks() {
    let server = StripeServer::start().await;
    let client = client(&server);
    let params = CheckoutSessionListParams::new();
    let sessions = client.v1().checkout().sessions();
    let stream = sessions.list_stream(&params);
    assert_send_static(&stream);
    let call = sessions.list(&params);
    assert_send(&call);
    // A stream owns what it needs: it outlives the accessor and the parameters.
    let handle = tokio::spawn(drain(stream));
    let items = handle.await.expect("the task finishes");
    assert_eq!(items.len(), 3);
    assert_eq!(call.await.expect("a page").data.len(), 3);
}
