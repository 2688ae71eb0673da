//! An HTTP server on 127.0.0.1 that answers every request with the answer a test set last
//! (status, media type, body) and records what it received: for tests of any operation,
//! where what matters is the request the client sends and what it makes of the answer.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use tokio::net::TcpListener;

use crate::stripe_server::{Recorded, SECRET_KEY, serve};

#[derive(Debug, Default)]
struct Script {
    status: u16,
    content_type: String,
    body: Vec<u8>,
    recorded: Vec<Recorded>,
}

/// A running server; it stops when the test's runtime does.
#[derive(Debug, Clone)]
pub struct ScriptedServer {
    addr: SocketAddr,
    script: Arc<Mutex<Script>>,
}

impl ScriptedServer {
    /// Starts a server on an ephemeral port that answers `404` with no body until told
    /// otherwise.
    pub async fn start() -> ScriptedServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds an ephemeral port");
        let server = ScriptedServer {
            addr: listener.local_addr().expect("has an address"),
            script: Arc::new(Mutex::new(Script {
                status: 404,
                ..Script::default()
            })),
        };
        let answering = server.clone();
        serve(listener, move |request| {
            let server = answering.clone();
            async move { server.handle(request).await }
        });
        server
    }

    /// A server for Stripe's API host, one for its files host, and a client of both
    /// that does not retry, so each call is one request.
    pub async fn api_and_files() -> (ScriptedServer, ScriptedServer, stripe_api::Client) {
        let api = ScriptedServer::start().await;
        let files = ScriptedServer::start().await;
        let client = stripe_api::Client::builder(SECRET_KEY)
            .base_url(api.url())
            .files_base_url(files.url())
            .max_retries(0)
            .build()
            .expect("client builds");
        (api, files, client)
    }

    /// The base URL to give the client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers every request from now on with `status`, `content_type` and `body`.
    pub fn answer(&self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) {
        let mut script = self.script();
        script.status = status;
        script.content_type = content_type.to_owned();
        script.body = body.into();
    }

    /// The requests received since the last call, oldest first.
    pub fn take_recorded(&self) -> Vec<Recorded> {
        std::mem::take(&mut self.script().recorded)
    }

    fn script(&self) -> MutexGuard<'_, Script> {
        // A test that panicked while holding the lock has failed already.
        self.script
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    async fn handle(&self, request: Request<Incoming>) -> Response<Full<Bytes>> {
        let recorded = Recorded::read(request).await;
        let mut script = self.script();
        script.recorded.push(recorded);
        let mut response = Response::new(Full::new(Bytes::from(script.body.clone())));
        *response.status_mut() =
            hyper::StatusCode::from_u16(script.status).unwrap_or(hyper::StatusCode::IM_A_TEAPOT);
        if let Ok(value) = script.content_type.parse() {
            response.headers_mut().insert("content-type", value);
        }
        if let Ok(value) = "req_scripted".parse() {
            response.headers_mut().insert("request-id", value);
        }
        response
    }
}
