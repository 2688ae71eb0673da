//! The `expire_session` example, run as a user would run it, against the in-test server.

use std::process::Output;

use stripe_api_tests::stripe_server::{
    DOCUMENTED_ID, DOCUMENTED_RESPONSE, SECRET_KEY, StripeServer,
};
use stripe_api_tests::{examples, json};

/// `cargo run -p stripe-api --example expire_session -- <args>`.
async fn run_example(server: &StripeServer, key: &str, args: &[&str]) -> Output {
    examples::run_example("expire_session", server, key, args).await
}

#[tokio::test]
async fn the_example_expires_a_session_and_prints_it() {
    let server = StripeServer::start().await;
    let output = run_example(
        &server,
        SECRET_KEY,
        &[DOCUMENTED_ID, "--expand", "customer"],
    )
    .await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(json(stdout.trim()), json(DOCUMENTED_RESPONSE));
    let [request] = server.recorded().try_into().expect("one request");
    assert_eq!(request.body, b"expand[0]=customer");
}

#[tokio::test]
async fn the_example_reports_a_failure_on_stderr_and_exits_non_zero() {
    let server = StripeServer::start().await;
    let output = run_example(&server, SECRET_KEY, &["cs_test_expired"]).await;
    assert!(!output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: Stripe error (HTTP 400"),
        "{stderr}"
    );

    let output = run_example(&server, "sk_test_wrong_key_for_example", &["cs_test_open"]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("HTTP 401"), "{stderr}");
    assert!(
        !stderr.contains("sk_test_wrong_key_for_example"),
        "{stderr}"
    );
}

/// `--help` of every example succeeds, and names the environment it reads.
#[test]
fn every_examples_help_exits_zero_and_names_its_environment() {
    for (example, variables) in [
        ("checkout", &["STRIPE_SECRET_KEY", "STRIPE_API_BASE"][..]),
        (
            "expire_session",
            &["STRIPE_SECRET_KEY", "STRIPE_API_BASE"][..],
        ),
        ("webhook_server", &["STRIPE_WEBHOOK_SECRET"][..]),
    ] {
        let output = std::process::Command::new(env!("CARGO"))
            .args([
                "run",
                "--quiet",
                "-p",
                "stripe-api",
                "--example",
                example,
                "--",
                "--help",
            ])
            .env_remove("STRIPE_SECRET_KEY")
            .env_remove("STRIPE_WEBHOOK_SECRET")
            .output()
            .expect("cargo runs");
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{example} --help: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(help.contains("Usage:"), "{example}: {help}");
        for variable in variables {
            assert!(
                help.contains(variable),
                "{example} --help names {variable}: {help}"
            );
        }
    }
}
