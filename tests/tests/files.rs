//! Files: an upload goes to Stripe's files host as `multipart/form-data`, with the file's
//! name, media type and exact bytes in its `file` part and the other parameters as parts
//! of their own; a download (a quote's PDF) comes back as the bytes sent, and only when
//! the response is the media type the spec gives.

use stripe_api::{Error, FileCreateParams, FileCreateParamsPurpose, FileUpload, QuotePdfParams};
use stripe_api_tests::scripted_server::ScriptedServer;
use stripe_api_tests::stripe_server::stripe_error;

/// Bytes no text encoding would carry unchanged: every byte value, CRLFs and a line that
/// looks like a multipart boundary.
fn awkward_bytes() -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..=255).collect();
    bytes.extend_from_slice(b"\r\n--boundary\r\n\r\n%PDF-1.4\x00\xff");
    bytes
}

const FILE_OBJECT: &str = r#"{"id":"file_1","object":"file","created":1700000000,"expires_at":null,"filename":"receipt.pdf","links":null,"purpose":"dispute_evidence","size":273,"title":null,"type":"pdf","url":null}"#;

#[tokio::test(flavor = "current_thread")]
async fn an_upload_is_multipart_to_the_files_host_with_the_exact_bytes() {
    let (api, files, client) = ScriptedServer::api_and_files().await;
    files.answer(200, "application/json", FILE_OBJECT);
    let upload = FileUpload::new("receipt.pdf", awkward_bytes()).content_type("application/pdf");
    let params = FileCreateParams::new(upload, FileCreateParamsPurpose::DisputeEvidence);
    let file = client.v1().files().create(&params).await.expect("uploads");
    assert_eq!(file.id, "file_1");
    assert!(
        api.take_recorded().is_empty(),
        "nothing went to the API host"
    );

    let recorded = files.take_recorded();
    let [request] = recorded.as_slice() else {
        panic!("one request, not {}", recorded.len());
    };
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/v1/files")
    );
    let content_type = request.header("content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("multipart, not {content_type}"));
    let parts = parts(&request.body, boundary);
    let file_part = parts
        .iter()
        .find(|(headers, _)| headers.contains("name=\"file\""))
        .expect("a `file` part");
    assert!(
        file_part.0.contains("filename=\"receipt.pdf\""),
        "{}",
        file_part.0
    );
    assert!(
        file_part
            .0
            .to_ascii_lowercase()
            .contains("content-type: application/pdf"),
        "{}",
        file_part.0
    );
    assert_eq!(file_part.1, awkward_bytes(), "the bytes arrive unchanged");
    let purpose = parts
        .iter()
        .find(|(headers, _)| headers.contains("name=\"purpose\""))
        .expect("a `purpose` part");
    assert_eq!(purpose.1, b"dispute_evidence");
}

/// The parts of a multipart body: each part's header text and its body bytes.
fn parts(body: &[u8], boundary: &str) -> Vec<(String, Vec<u8>)> {
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    // The first delimiter has no CRLF before it.
    let mut rest = body
        .strip_prefix(&delimiter[2..])
        .expect("the body opens with the boundary")
        .to_vec();
    let mut found = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return found;
        }
        let rest_after_crlf = rest.strip_prefix(b"\r\n").expect("CRLF after the boundary");
        let end = find(rest_after_crlf, &delimiter).expect("every part is closed");
        let part = &rest_after_crlf[..end];
        let split = find(part, b"\r\n\r\n").expect("a part has headers");
        found.push((
            String::from_utf8_lossy(&part[..split]).into_owned(),
            part[split + 4..].to_vec(),
        ));
        rest = rest_after_crlf[end + delimiter.len()..].to_vec();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[tokio::test(flavor = "current_thread")]
async fn a_quote_pdf_is_downloaded_from_the_files_host_as_bytes() {
    let (api, files, client) = ScriptedServer::api_and_files().await;
    files.answer(200, "application/pdf", awkward_bytes());
    let pdf = client
        .v1()
        .quotes()
        .pdf("qt_1", &QuotePdfParams::new())
        .await
        .expect("downloads");
    assert_eq!(pdf, awkward_bytes());
    assert!(api.take_recorded().is_empty());
    let recorded = files.take_recorded();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].target, "/v1/quotes/qt_1/pdf");
}

#[tokio::test(flavor = "current_thread")]
async fn a_download_of_another_media_type_is_an_error_naming_both() {
    let (_api, files, client) = ScriptedServer::api_and_files().await;
    files.answer(200, "text/html; charset=utf-8", "<html>maintenance</html>");
    let error = client
        .v1()
        .quotes()
        .pdf("qt_1", &QuotePdfParams::new())
        .await
        .expect_err("HTML is not a PDF");
    let text = error.to_string();
    assert!(
        matches!(error, Error::UnexpectedResponse { status: 200, .. }),
        "{error:?}"
    );
    assert!(
        text.contains("application/pdf") && text.contains("text/html"),
        "{text}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn a_refused_download_is_stripes_error() {
    let (_api, files, client) = ScriptedServer::api_and_files().await;
    files.answer(
        404,
        "application/json",
        stripe_error(
            "invalid_request_error",
            Some("resource_missing"),
            "No such quote: 'qt_x'",
            None,
        ),
    );
    let error = client
        .v1()
        .quotes()
        .pdf("qt_x", &QuotePdfParams::new())
        .await
        .expect_err("no such quote");
    let api_error = error.api_error().expect("Stripe's error object");
    assert_eq!(api_error.code(), Some("resource_missing"));
}
