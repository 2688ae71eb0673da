//! Fetching events again through the client: `events().retrieve(id)` and
//! `events().list(..)`, against a server on 127.0.0.1 that answers as Stripe does and
//! records what it was asked.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use stripe_api::{
    Client, EventListParams, EventListParamsCreatedRangeQuerySpecs, EventObject,
    EventRetrieveParams, EventType,
};
use stripe_api_tests::json;
use tokio::net::TcpListener;

const EXPIRED_EVENT: &str = include_str!("../fixtures/checkout-session-expired-event.json");
const EVENT_ID: &str = "evt_1MoGUyLkdIwHu7ixBqkVh2Zy";

/// Starts the server; returns its base URL and the request targets it receives.
async fn start() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let recorder = Arc::clone(&recorder);
            tokio::spawn(async move {
                let service = service_fn(move |request: Request<Incoming>| {
                    let recorder = Arc::clone(&recorder);
                    async move {
                        let target = request.uri().to_string();
                        recorder.lock().expect("not poisoned").push(target);
                        Ok::<_, Infallible>(answer(request.uri()))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (url, seen)
}

/// The id of the event on the second and last page of the list.
const SECOND_ID: &str = "evt_second_page";

/// Answers as Stripe does: the event by id, and the list in two pages, the second after
/// the first page's event; asking past the last page is an error, so a stream that reads
/// on after `has_more: false` fails instead of going round.
fn answer(uri: &hyper::Uri) -> Response<Full<Bytes>> {
    let path = uri.path();
    let cursor = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("starting_after="));
    let page = |event: String, has_more: bool| {
        format!(r#"{{"object":"list","data":[{event}],"has_more":{has_more},"url":"/v1/events"}}"#)
    };
    let body = match (path, cursor) {
        ("/v1/events", None) => page(EXPIRED_EVENT.to_owned(), true),
        ("/v1/events", Some(EVENT_ID)) => page(EXPIRED_EVENT.replace(EVENT_ID, SECOND_ID), false),
        _ if path == format!("/v1/events/{EVENT_ID}") => EXPIRED_EVENT.to_owned(),
        _ => {
            return Response::builder()
                .status(404)
                .body(Full::new(Bytes::from(
                    r#"{"error":{"type":"invalid_request_error","message":"No such event"}}"#,
                )))
                .expect("a response");
        }
    };
    Response::new(Full::new(Bytes::from(body)))
}

fn client(url: &str) -> Client {
    Client::builder("sk_test_events")
        .base_url(url)
        .max_retries(0)
        .build()
        .expect("a client")
}

#[tokio::test]
async fn an_event_is_retrieved_by_id() {
    let (url, seen) = start().await;
    let event = client(&url)
        .v1()
        .events()
        .retrieve(EVENT_ID, &EventRetrieveParams::new())
        .await
        .expect("the event");
    assert_eq!(event.r#type, EventType::CheckoutSessionExpired);
    assert!(matches!(event.data.object, EventObject::CheckoutSession(_)));
    assert_eq!(json(&event.to_json_string()), json(EXPIRED_EVENT));

    let missing = client(&url)
        .v1()
        .events()
        .retrieve("evt_missing", &EventRetrieveParams::new())
        .await
        .expect_err("no such event");
    assert!(matches!(missing, stripe_api::Error::Api(_)), "{missing:?}");
    assert_eq!(
        *seen.lock().expect("not poisoned"),
        [
            format!("/v1/events/{EVENT_ID}"),
            "/v1/events/evt_missing".to_owned()
        ]
    );
}

#[tokio::test]
async fn events_are_listed_with_a_time_or_a_range() {
    let (url, seen) = start().await;
    let exact = EventListParams::new()
        .created(1_679_434_470)
        .r#type("checkout.session.expired");
    let page = client(&url)
        .v1()
        .events()
        .list(&exact)
        .await
        .expect("a page");
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id, EVENT_ID);

    let range = EventListParams::new()
        .created(EventListParamsCreatedRangeQuerySpecs::new().gte(1_679_434_000))
        .limit(3);
    client(&url)
        .v1()
        .events()
        .list(&range)
        .await
        .expect("a page");
    assert_eq!(
        *seen.lock().expect("not poisoned"),
        [
            "/v1/events?created=1679434470&type=checkout.session.expired",
            "/v1/events?created[gte]=1679434000&limit=3",
        ]
    );
}

#[tokio::test]
async fn every_event_of_every_page_streams() {
    let (url, seen) = start().await;
    let client = Client::builder("sk_test_x")
        .base_url(url)
        .max_retries(0)
        .build()
        .expect("a client");
    let params = EventListParams::new().limit(10);
    let mut events = client.v1().events().list_stream(&params);
    let read_all = async {
        let mut ids = Vec::new();
        // Bounded: a stream that does not stop after the last page fails here, or on
        // the server's error, rather than running on.
        while let Some(event) = events.next().await {
            ids.push(event.expect("an event").id);
            assert!(ids.len() <= 2, "read past the last page: {ids:?}");
        }
        ids
    };
    let ids = tokio::time::timeout(std::time::Duration::from_secs(60), read_all)
        .await
        .expect("the stream ends");
    assert_eq!(ids, [EVENT_ID, SECOND_ID]);
    assert_eq!(
        seen.lock().expect("not poisoned").as_slice(),
        [
            "/v1/events?limit=10".to_owned(),
            format!("/v1/events?limit=10&starting_after={EVENT_ID}")
        ],
        "two pages, the second of which says there are no more"
    );
}
