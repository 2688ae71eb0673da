//! An HTTP server on 127.0.0.1 that answers every request with the answer a test set last
//! (status, media type, body) and records what it received: for tests of any operation,
//! where what matters is the request the client sends and what it makes of the answer.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::stripe_server::Recorded;

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
        let accepting = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let server = accepting.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let server = server.clone();
                        async move { Ok::<_, hyper::Error>(server.handle(request).await) }
                    });
                    let _ = http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        server
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
        let mut script = self.script();
        script.recorded.push(Recorded {
            method: parts.method.to_string(),
            target: parts
                .uri
                .path_and_query()
                .map_or_else(String::new, |p| p.as_str().to_owned()),
            headers,
            body,
        });
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
