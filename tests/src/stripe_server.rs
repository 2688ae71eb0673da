//! A small HTTP server on 127.0.0.1 that behaves like Stripe for the Checkout Session
//! resource: it creates sessions from a form body, retrieves them, lists them (newest
//! first, filtered, paged by `starting_after` and `ending_before`) with their line items,
//! expires an open one, answers an expired or unknown one with Stripe's error JSON,
//! checks the bearer key, replays a request whose idempotency key it has seen, and
//! records every request. Tests can also script faults (errors, delays) for the next
//! requests.

use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// The key the server accepts.
pub const SECRET_KEY: &str = "sk_test_51ServerSideSecretKeyForTests";

/// The documented response of "Expire a Checkout Session".
pub const DOCUMENTED_RESPONSE: &str = include_str!("../fixtures/expire-a-checkout-session.json");

/// The id of the session in the documented response.
pub const DOCUMENTED_ID: &str =
    "cs_test_a1Ae6ClgOkjygKwrf9B3L6ITtUuZW4Xx9FivL6DZYoYFdfAefQxsYpJJd3";

/// Serves HTTP/1 on `listener` until the test's runtime stops, each connection in a task
/// of its own and each request answered by `handle`.
pub fn serve<F, Answer>(listener: TcpListener, handle: F)
where
    F: Fn(Request<Incoming>) -> Answer + Clone + Send + Sync + 'static,
    Answer: Future<Output = Response<Full<Bytes>>> + Send + 'static,
{
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let handle = handle.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let answer = handle(request);
                    async move { Ok::<_, hyper::Error>(answer.await) }
                });
                let _ = http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The path and query exactly as sent, before any decoding.
    pub target: String,
    /// Header names in lower case, each with every value it had, in order.
    pub headers: BTreeMap<String, Vec<String>>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// Reads `request` whole: what a server records before it answers.
    pub async fn read(request: Request<Incoming>) -> Recorded {
        let (parts, body) = request.into_parts();
        let body = body
            .collect()
            .await
            .map(|collected| collected.to_bytes().to_vec())
            .unwrap_or_default();
        let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in &parts.headers {
            headers
                .entry(name.as_str().to_owned())
                .or_default()
                .push(String::from_utf8_lossy(value.as_bytes()).into_owned());
        }
        Recorded {
            method: parts.method.to_string(),
            target: parts
                .uri
                .path_and_query()
                .map_or_else(String::new, |p| p.as_str().to_owned()),
            headers,
            body,
        }
    }

    /// The only value of header `name`, if it was sent once.
    pub fn header(&self, name: &str) -> Option<&str> {
        match self.headers.get(name).map(Vec::as_slice) {
            Some([value]) => Some(value),
            _ => None,
        }
    }
}

/// What the server does with a request instead of answering it normally.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer this request normally: a fault for a later one follows.
    Pass,
    /// Answer with this status, Stripe's `api_error` JSON and these extra headers.
    Status(u16, Vec<(&'static str, &'static str)>),
    /// Answer with this status and body, as `text/html`.
    Body(u16, String),
    /// Wait this long before handling the request at all.
    DelayBefore(Duration),
    /// Handle the request (expire the session, remember the idempotency key), then wait
    /// this long before answering: a response lost after the work was done.
    DelayAfter(Duration),
}

#[derive(Debug, Default)]
struct State {
    sessions: BTreeMap<String, Value>,
    /// Session ids, newest first, as Stripe lists them.
    newest_first: Vec<String>,
    /// Each session's line items, by session id.
    line_items: BTreeMap<String, Vec<Value>>,
    faults: VecDeque<Fault>,
    recorded: Vec<Recorded>,
    /// Responses already given, by idempotency key, to replay for a retried request.
    replies: BTreeMap<String, (u16, String)>,
    expirations: usize,
    request_ids: usize,
}

/// A running server; it stops when the test's runtime does.
#[derive(Debug, Clone)]
pub struct StripeServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl StripeServer {
    /// Starts a server on an ephemeral port, knowing the documented session (open) and
    /// `cs_test_open`, `cs_test_expired`.
    pub async fn start() -> StripeServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds an ephemeral port");
        let addr = listener.local_addr().expect("has an address");
        let server = StripeServer {
            addr,
            state: Arc::new(Mutex::new(State::default())),
        };
        let documented: Value = serde_json::from_str(DOCUMENTED_RESPONSE).expect("fixture is JSON");
        let mut open = documented.clone();
        open["status"] = "open".into();
        server.add_session(DOCUMENTED_ID, open.clone());
        open["id"] = "cs_test_open".into();
        server.add_session("cs_test_open", open.clone());
        open["id"] = "cs_test_expired".into();
        open["status"] = "expired".into();
        server.add_session("cs_test_expired", open);

        let accepting = server.clone();
        serve(listener, move |request| {
            let server = accepting.clone();
            async move { server.handle(request).await }
        });
        server
    }

    /// The base URL to give the client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panicking test thread poisons the lock; the state is still usable to report.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Adds a session, newer than every session before it.
    pub fn add_session(&self, id: &str, session: Value) {
        let mut state = self.state();
        state.sessions.insert(id.to_owned(), session);
        state.newest_first.retain(|known| known != id);
        state.newest_first.insert(0, id.to_owned());
    }

    /// Sets the line items of a session.
    pub fn set_line_items(&self, id: &str, items: Vec<Value>) {
        self.state().line_items.insert(id.to_owned(), items);
    }

    /// Queues faults for the next requests, one per request.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = Fault>) {
        self.state().faults.extend(faults);
    }

    /// Every request received so far.
    pub fn recorded(&self) -> Vec<Recorded> {
        self.state().recorded.clone()
    }

    /// How many times a session was actually expired.
    pub fn expirations(&self) -> usize {
        self.state().expirations
    }

    pub fn session(&self, id: &str) -> Option<Value> {
        self.state().sessions.get(id).cloned()
    }

    async fn handle(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let recorded = Recorded::read(request).await;
        let fault = {
            let mut state = self.state();
            state.recorded.push(recorded.clone());
            state.request_ids += 1;
            state.faults.pop_front()
        };
        let request_id = format!("req_test_{}", self.state().request_ids);
        let mut delay_after = None;
        match fault {
            Some(Fault::Status(status, extra)) => {
                let error = json!({"error": {"message": "Something went wrong on Stripe's end.", "type": "api_error"}});
                return reply(
                    status,
                    &error.to_string(),
                    "application/json",
                    &request_id,
                    &extra,
                );
            }
            Some(Fault::Body(status, body)) => {
                return reply(status, &body, "text/html", &request_id, &[]);
            }
            Some(Fault::DelayBefore(wait)) => tokio::time::sleep(wait).await,
            Some(Fault::DelayAfter(wait)) => delay_after = Some(wait),
            Some(Fault::Pass) | None => {}
        }
        let (status, body) = self.answer(&recorded);
        if let Some(wait) = delay_after {
            tokio::time::sleep(wait).await;
        }
        reply(status, &body, "application/json", &request_id, &[])
    }

    /// The status and body Stripe would answer with.
    fn answer(&self, request: &Recorded) -> (u16, String) {
        let mut state = self.state();
        let authorization = request.header("authorization").unwrap_or_default();
        if authorization != format!("Bearer {SECRET_KEY}") {
            // As Stripe's mock server does: the refusal quotes the header it was sent.
            let message = format!("Invalid API Key provided. Authorization was '{authorization}'.");
            return (
                401,
                stripe_error("invalid_request_error", None, &message, None),
            );
        }
        let key = request.header("idempotency-key").map(str::to_owned);
        if let Some(reply) = key.as_ref().and_then(|key| state.replies.get(key)) {
            return reply.clone();
        }
        let reply = route(&mut state, request);
        if let Some(key) = key {
            state.replies.insert(key, reply.clone());
        }
        reply
    }
}

/// Answers a request by its method and path.
fn route(state: &mut State, request: &Recorded) -> (u16, String) {
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let query = form_fields(query.as_bytes());
    let rest = path.strip_prefix("/v1/checkout/sessions");
    let (id, action) = match rest.map(|rest| rest.trim_start_matches('/').split_once('/')) {
        Some(Some((id, action))) => (id, action),
        _ => (rest.map_or("", |rest| rest.trim_start_matches('/')), ""),
    };
    match (request.method.as_str(), rest.is_some(), id, action) {
        ("POST", true, "", "") => create(state, &form_fields(&request.body)),
        ("GET", true, "", "") => list_sessions(state, &query),
        ("GET", true, id, "") => match state.sessions.get(id) {
            Some(session) => (200, session.to_string()),
            None => no_such_session(id),
        },
        ("GET", true, id, "line_items") => match state.sessions.get(id) {
            Some(_) => {
                let items = state.line_items.get(id).cloned().unwrap_or_default();
                let url = format!("/v1/checkout/sessions/{id}/line_items");
                page_of(&items, &query, &url)
            }
            None => no_such_session(id),
        },
        ("POST", true, id, "expire") => expire(state, id),
        _ => (
            404,
            stripe_error(
                "invalid_request_error",
                None,
                "Unrecognized request URL.",
                None,
            ),
        ),
    }
}

/// The fields of a form body or query, decoded, in order.
pub fn form_fields(form: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(form).into_owned().collect()
}

fn field<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
}

/// A session made from the documented one and the parameters Stripe's create takes that
/// the tests send: `mode`, `success_url`, `customer`, `customer_email`, `metadata[..]` and
/// `line_items[i][price|quantity]`.
fn create(state: &mut State, fields: &[(String, String)]) -> (u16, String) {
    let Some(success_url) = field(fields, "success_url") else {
        return (
            400,
            stripe_error(
                "invalid_request_error",
                Some("parameter_missing"),
                "Missing required param: success_url.",
                Some("success_url"),
            ),
        );
    };
    let number = state.sessions.len() + 1;
    let id = format!("cs_test_created_{number}");
    let mut session: Value = serde_json::from_str(DOCUMENTED_RESPONSE).expect("fixture is JSON");
    session["id"] = id.clone().into();
    session["status"] = "open".into();
    session["success_url"] = success_url.into();
    session["created"] = (1_700_000_000 + number).into();
    for (key, value) in fields {
        if let Some(name) = key
            .strip_prefix("metadata[")
            .and_then(|k| k.strip_suffix(']'))
        {
            session["metadata"][name] = value.as_str().into();
        }
    }
    for key in ["mode", "customer", "customer_email", "cancel_url"] {
        if let Some(value) = field(fields, key) {
            session[key] = value.into();
        }
    }
    let mut items = Vec::new();
    loop {
        let prefix = format!("line_items[{}]", items.len());
        if !fields.iter().any(|(key, _)| key.starts_with(&prefix)) {
            break;
        }
        let price = field(fields, &format!("{prefix}[price]")).unwrap_or("price_data");
        let quantity: i64 = field(fields, &format!("{prefix}[quantity]"))
            .and_then(|q| q.parse().ok())
            .unwrap_or(1);
        items.push(line_item(
            &format!("li_{number}_{}", items.len()),
            price,
            quantity,
        ));
    }
    state.line_items.insert(id.clone(), items);
    state.sessions.insert(id.clone(), session.clone());
    state.newest_first.insert(0, id);
    (200, session.to_string())
}

/// A line item of `quantity` of `price`, at 1000 cents each.
pub fn line_item(id: &str, price: &str, quantity: i64) -> Value {
    json!({
        "id": id, "object": "item", "amount_discount": 0, "amount_subtotal": 1000 * quantity,
        "amount_tax": 0, "amount_total": 1000 * quantity, "currency": "usd",
        "description": format!("{price} x {quantity}"), "price": null, "quantity": quantity
    })
}

fn list_sessions(state: &State, query: &[(String, String)]) -> (u16, String) {
    let matches = |session: &Value, key: &str| {
        field(query, key).is_none_or(|wanted| session[key].as_str() == Some(wanted))
    };
    let sessions: Vec<Value> = state
        .newest_first
        .iter()
        .filter_map(|id| state.sessions.get(id))
        .filter(|session| matches(session, "customer") && matches(session, "payment_link"))
        .cloned()
        .collect();
    page_of(&sessions, query, "/v1/checkout/sessions")
}

/// One page of `items`, as Stripe pages: `limit` items (10 unless given) after the
/// `starting_after` id, or before the `ending_before` id, or from the start.
fn page_of(items: &[Value], query: &[(String, String)], url: &str) -> (u16, String) {
    let limit = field(query, "limit").map_or(Ok(10), str::parse::<usize>);
    let Ok(limit @ 1..=100) = limit else {
        return (
            400,
            stripe_error(
                "invalid_request_error",
                None,
                "Invalid integer: limit",
                Some("limit"),
            ),
        );
    };
    let position = |key: &str| -> Result<Option<usize>, (u16, String)> {
        let Some(id) = field(query, key) else {
            return Ok(None);
        };
        match items.iter().position(|item| item["id"] == id) {
            Some(position) => Ok(Some(position)),
            None => Err(no_such_session(id)),
        }
    };
    let after = match position("starting_after") {
        Ok(after) => after,
        Err(error) => return error,
    };
    let before = match position("ending_before") {
        Ok(before) => before,
        Err(error) => return error,
    };
    let (start, end, has_more) = match (after, before) {
        (Some(after), _) => {
            let end = (after + 1 + limit).min(items.len());
            (after + 1, end, end < items.len())
        }
        (None, Some(before)) => {
            let start = before.saturating_sub(limit);
            (start, before, start > 0)
        }
        (None, None) => {
            let end = limit.min(items.len());
            (0, end, end < items.len())
        }
    };
    let page = json!({
        "object": "list", "data": &items[start..end], "has_more": has_more, "url": url
    });
    (200, page.to_string())
}

fn no_such_session(id: &str) -> (u16, String) {
    let message = format!("No such checkout.session: '{id}'");
    (
        404,
        stripe_error(
            "invalid_request_error",
            Some("resource_missing"),
            &message,
            Some("session"),
        ),
    )
}

fn expire(state: &mut State, id: &str) -> (u16, String) {
    let Some(session) = state.sessions.get_mut(id) else {
        return no_such_session(id);
    };
    if session["status"] != "open" {
        let message = format!(
            "Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout \
             Session has a status of \"{}\".",
            session["status"].as_str().unwrap_or_default()
        );
        return (
            400,
            stripe_error("invalid_request_error", None, &message, None),
        );
    }
    session["status"] = "expired".into();
    let body = if id == DOCUMENTED_ID {
        DOCUMENTED_RESPONSE.to_owned()
    } else {
        session.to_string()
    };
    state.expirations += 1;
    (200, body)
}

/// Stripe's error JSON.
pub fn stripe_error(kind: &str, code: Option<&str>, message: &str, param: Option<&str>) -> String {
    let mut error = json!({"type": kind, "message": message});
    if let Some(code) = code {
        error["code"] = code.into();
        error["doc_url"] = format!(
            "https://stripe.com/docs/error-codes/{}",
            code.replace('_', "-")
        )
        .into();
    }
    if let Some(param) = param {
        error["param"] = param.into();
    }
    json!({"error": error}).to_string()
}

fn reply(
    status: u16,
    body: &str,
    content_type: &str,
    request_id: &str,
    extra: &[(&'static str, &'static str)],
) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_owned())));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    for (name, value) in [("content-type", content_type), ("request-id", request_id)]
        .into_iter()
        .chain(extra.iter().copied())
    {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::try_from(name),
            hyper::header::HeaderValue::try_from(value),
        ) {
            headers.insert(name, value);
        }
    }
    response
}
