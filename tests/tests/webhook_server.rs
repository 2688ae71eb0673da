//! The `webhook_server` example, run as a user would run it, receiving deliveries signed
//! in the test as Stripe signs them.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{SystemTime, UNIX_EPOCH};

use stripe_api_tests::webhook_signing::signature_header;

const SECRET: &str = "whsec_ExampleServerSecretForTheEndToEndTest";
const EXPIRED_EVENT: &str = include_str!("../fixtures/checkout-session-expired-event.json");
const SESSION_ID: &str = "cs_test_a1Ae6ClgOkjygKwrf9B3L6ITtUuZW4Xx9FivL6DZYoYFdfAefQxsYpJJd3";

/// The example's process, killed when the test ends however it ends.
struct Server {
    child: Child,
    lines: Receiver<String>,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Builds the example, starts it on a free port, and waits until it listens.
    fn start() -> Server {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "-p",
                "stripe-api",
                "--example",
                "webhook_server",
            ])
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the example builds");
        let mut child = Command::new(example_binary())
            .args(["--port", "0"])
            .env("STRIPE_WEBHOOK_SECRET", SECRET)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the example starts");
        let stdout = child.stdout.take().expect("piped");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let first = lines.recv().expect("the example prints where it listens");
        let address = first
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {first}"));
        assert!(address.starts_with("127.0.0.1:"), "{address}");
        Server {
            url: format!("http://{address}/webhook"),
            child,
            lines,
        }
    }

    /// The next line the example prints.
    fn next_line(&self) -> String {
        self.lines.recv().expect("the example prints a line")
    }

    async fn post(&self, body: &str, signature: Option<&str>) -> (u16, String) {
        let mut request = reqwest::Client::new().post(&self.url).body(body.to_owned());
        if let Some(signature) = signature {
            request = request.header("Stripe-Signature", signature);
        }
        let response = request.send().await.expect("the example answers");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    }
}

/// The example binary cargo builds beside this test's own binary (`target/debug/deps/`).
fn example_binary() -> PathBuf {
    let test_binary = std::env::current_exe().expect("the test binary's path");
    let profile_dir = test_binary
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps/<test>");
    profile_dir
        .join("examples")
        .join(format!("webhook_server{}", std::env::consts::EXE_SUFFIX))
}

fn now() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since.as_secs()).expect("fits")
}

#[tokio::test]
async fn the_example_verifies_deliveries_and_reports_expired_sessions() {
    let server = Server::start();

    let signed = signature_header(SECRET, now(), EXPIRED_EVENT.as_bytes());
    let (status, body) = server.post(EXPIRED_EVENT, Some(&signed)).await;
    assert_eq!((status, body.as_str()), (200, ""));
    assert_eq!(
        server.next_line(),
        format!("checkout.session.expired {SESSION_ID} expired")
    );

    let forged = signature_header(
        "whsec_not_the_endpoint_secret",
        now(),
        EXPIRED_EVENT.as_bytes(),
    );
    let (status, body) = server.post(EXPIRED_EVENT, Some(&forged)).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        "no v1 signature in the Stripe-Signature header matches the payload"
    );
    assert!(!body.contains(SECRET));

    let (status, body) = server.post(EXPIRED_EVENT, None).await;
    assert_eq!((status, body.as_str()), (400, "no Stripe-Signature header"));

    let (status, body) = server.post(EXPIRED_EVENT, Some("t=abc,v1=00")).await;
    assert_eq!(status, 400);
    assert!(body.contains("timestamp is not a number"), "{body}");

    // An hour old: a replay.
    let old = signature_header(SECRET, now() - 3600, EXPIRED_EVENT.as_bytes());
    let (status, body) = server.post(EXPIRED_EVENT, Some(&old)).await;
    assert_eq!(status, 400);
    assert!(body.contains("more than the tolerance of 300 s"), "{body}");

    let not_an_event = r#"{"hello":"world"}"#;
    let signed = signature_header(SECRET, now(), not_an_event.as_bytes());
    let (status, body) = server.post(not_an_event, Some(&signed)).await;
    assert_eq!(status, 400);
    assert!(
        body.starts_with("the payload is signed but is not a Stripe event"),
        "{body}"
    );

    // Any other event is acknowledged and named; nothing was printed for the refusals.
    let other = r#"{"id":"evt_other","object":"event","created":1,"data":{"object":{"object":"thing"}},"livemode":false,"pending_webhooks":0,"type":"thing.happened"}"#;
    let signed = signature_header(SECRET, now(), other.as_bytes());
    let (status, _) = server.post(other, Some(&signed)).await;
    assert_eq!(status, 200);
    assert_eq!(server.next_line(), "thing.happened evt_other");
}
