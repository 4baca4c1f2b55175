//! The generated client against loopback HTTP servers (127.0.0.1 only, bounded time-outs).

use huaweicloud_cbr::{Client, Credentials, Error, builder, types};
use std::time::{Duration, Instant};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-SECRET-0123456789";
const PROJECT: &str = "f841e01fd2b14e7fa41b6ae7aa6b0594";

use hcgen_tests::{documented_request as documented_body, documented_response};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

fn replicate_path(project: &str) -> String {
    format!("/v3/{project}/checkpoints/replicate")
}

/// The error the documented call gets from `server`.
async fn documented_call_error(server: &MockServer) -> Error {
    client(server)
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(documented_body())
        .send()
        .await
        .unwrap_err()
}

async fn server_answering(status: u16, template: ResponseTemplate) -> MockServer {
    let _ = status;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn sends_exact_method_path_headers_and_body() {
    let server = MockServer::start().await;
    let expected_body: serde_json::Value = serde_json::to_value(documented_body()).unwrap();
    Mock::given(method("POST"))
        .and(path(replicate_path(PROJECT)))
        .and(header("x-auth-token", TOKEN))
        .and(header("content-type", "application/json;charset=UTF-8"))
        .and(body_json(&expected_body))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(documented_response())
                .insert_header("X-Request-Id", "req-ok-1"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let resp = client(&server)
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(documented_body())
        .send()
        .await
        .expect("success");
    assert_eq!(resp.status.as_u16(), 200);
    assert_eq!(resp.request_id(), Some("req-ok-1"));
    let expected: types::CopyCheckpointResponseBody =
        serde_json::from_value(documented_response()).unwrap();
    assert_eq!(resp.body, expected);
    assert_eq!(
        resp.body
            .replication
            .as_ref()
            .and_then(|r| r.backups.as_ref())
            .map(Vec::len),
        Some(3)
    );

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let ua = received[0]
        .headers
        .get("user-agent")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        ua.starts_with("huaweicloud-cbr/0.1.0 hcgen-runtime/"),
        "{ua}"
    );
    // The exact bytes: compact JSON in declaration order.
    assert_eq!(
        received[0].body,
        serde_json::to_vec(&documented_body()).unwrap()
    );
}

#[tokio::test]
async fn service_error_carries_status_request_id_code_and_message() {
    let server = server_answering(
        400,
        ResponseTemplate::new(400)
            .insert_header("X-Request-Id", "req-400-6302-0001")
            .set_body_raw(
                r#"{"error_code":"BackupService.6302","error_msg":"The destination vault does not exist or is unavailable."}"#,
                "application/json",
            ),
    )
    .await;
    let err = documented_call_error(&server).await;
    let Error::Service(s) = &err else {
        panic!("expected a service error, got {err:?}")
    };
    assert_eq!(s.status.as_u16(), 400);
    assert_eq!(s.request_id.as_deref(), Some("req-400-6302-0001"));
    assert_eq!(s.error_code, "BackupService.6302");
    assert_eq!(
        s.error_msg,
        "The destination vault does not exist or is unavailable."
    );
    assert_eq!(
        err.to_string(),
        "the service rejected the request: HTTP 400 Bad Request, error code BackupService.6302: The destination vault does not exist or is unavailable. (request ID: req-400-6302-0001)"
    );
    // The body decoded as the spec declares it (components/responses/Error -> ErrorResponse),
    // through the operation's typed accessor and through Error::body.
    let typed = builder::CopyCheckpoint::error_body(&err).expect("decoded error body");
    assert_eq!(typed.error_code.as_deref(), Some(s.error_code.as_str()));
    assert_eq!(typed.error_msg.as_deref(), Some(s.error_msg.as_str()));
    assert_eq!(err.body::<types::ErrorResponse>(), Some(typed));
    assert_eq!(s.body::<types::ErrorResponse>(), Some(typed));
    assert!(s.body.starts_with(br#"{"error_code":"BackupService.6302""#));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "a POST is never retried"
    );
}

#[tokio::test]
async fn non_json_and_empty_error_bodies() {
    let html = "<html><body><h1>500 Internal Server Error</h1></body></html>";
    let server = server_answering(
        500,
        ResponseTemplate::new(500)
            .insert_header("X-Request-Id", "req-500")
            .set_body_raw(html, "text/html"),
    )
    .await;
    let err = documented_call_error(&server).await;
    let s = err.as_service().expect("service error");
    assert_eq!(
        (
            s.status.as_u16(),
            s.error_code.as_str(),
            s.error_msg.as_str()
        ),
        (500, "500", html)
    );
    assert_eq!(s.request_id.as_deref(), Some("req-500"));
    assert!(
        err.to_string().starts_with("the service failed: HTTP 500"),
        "{err}"
    );
    // 500 declares an ErrorResponse, but this body is not JSON: only the raw bytes.
    assert_eq!(builder::CopyCheckpoint::error_body(&err), None);
    assert_eq!(s.body, html.as_bytes());

    let server = server_answering(502, ResponseTemplate::new(502)).await;
    let err = documented_call_error(&server).await;
    let s = err.as_service().expect("service error");
    assert_eq!(
        (
            s.status.as_u16(),
            s.error_code.as_str(),
            s.error_msg.as_str(),
            s.request_id.as_deref()
        ),
        (502, "502", "", None)
    );
    // 502 is not declared: nothing is decoded.
    assert_eq!(err.body::<types::ErrorResponse>(), None);
}

#[tokio::test]
async fn declared_error_bodies_that_do_not_decode_keep_the_raw_bytes() {
    // JSON, but not an ErrorResponse (error_code is a number): no typed body, and what the
    // error says about itself is as without typed bodies.
    let body = r#"{"error_code":6302,"error_msg":"numeric code"}"#;
    let server = server_answering(
        404,
        ResponseTemplate::new(404)
            .insert_header("X-Request-Id", "req-404")
            .set_body_raw(body, "application/json"),
    )
    .await;
    let err = documented_call_error(&server).await;
    let s = err.as_service().expect("service error");
    assert_eq!(s.status.as_u16(), 404);
    assert_eq!(s.request_id.as_deref(), Some("req-404"));
    assert_eq!(s.body, body.as_bytes());
    assert_eq!(builder::CopyCheckpoint::error_body(&err), None);
    assert_eq!(err.body::<types::ErrorResponse>(), None);
    let same = hcgen_runtime::ServiceError::new(
        s.status,
        s.headers.clone(),
        s.body.clone(),
        huaweicloud_cbr::API
            .profile
            .expect("CBR has the Huawei Cloud profile")
            .error_details(&s.body),
    );
    assert_eq!(
        *s, same,
        "status, request ID, code and message are unchanged"
    );
    assert_eq!(
        (s.error_code.as_str(), s.error_msg.as_str()),
        (same.error_code.as_str(), same.error_msg.as_str())
    );
}

#[tokio::test]
async fn unknown_fields_are_ignored_and_invalid_json_keeps_the_bytes() {
    let mut body = documented_response();
    body["replication"]["brand_new_field"] = serde_json::json!({"nested": [1, 2]});
    body["another"] = serde_json::json!(true);
    let server = server_answering(200, ResponseTemplate::new(200).set_body_json(&body)).await;
    let resp = client(&server)
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(documented_body())
        .send()
        .await
        .expect("decodes");
    assert_eq!(
        resp.body.replication.unwrap().source_region.as_deref(),
        Some("region1")
    );

    let server = server_answering(
        200,
        ResponseTemplate::new(200)
            .insert_header("X-Request-Id", "req-bad")
            .set_body_raw("{not json", "application/json"),
    )
    .await;
    let err = client(&server)
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(documented_body())
        .send()
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("expected a decode error, got {err:?}")
    };
    assert_eq!(&d.body[..], b"{not json");
    assert_eq!(d.status.as_u16(), 200);
    assert_eq!(d.request_id.as_deref(), Some("req-bad"));
    assert!(err.to_string().contains("does not decode as"), "{err}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let server = server_answering(
        200,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(30)),
    )
    .await;
    let client = Client::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(documented_body())
        .send()
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    assert!(
        err.to_string()
            .contains("no response from http://127.0.0.1:"),
        "{err}"
    );
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    // Bind, learn the port, close: nothing listens there any more.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(Credentials::token(TOKEN))
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let err = client
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(documented_body())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_eq!(err.kind(), "connection error");
}

#[tokio::test]
async fn invalid_requests_are_never_sent() {
    let server = server_answering(
        200,
        ResponseTemplate::new(200).set_body_json(documented_response()),
    )
    .await;
    let c = client(&server);
    let long = types::CheckpointReplicateReq::new(types::CheckpointReplicateParam::new(
        "p",
        "r".repeat(256),
        "v",
        "3b5816b5-f29c-4172-9d9a-76c719a659ce",
    ));
    let err = c
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(long)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "invalid request, nothing was sent: `replicate.destination_region` breaks maxLength 255: is 256 characters long"
    );
    let err = c
        .copy_checkpoint()
        .project_id(PROJECT)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request, nothing was sent: `body` breaks required: is missing"
    );
    // No project_id in the call nor in the credentials: an error, not a literal `{project_id}`.
    let err = c
        .copy_checkpoint()
        .body(documented_body())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request, nothing was sent: `project_id` breaks required: is missing"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may reach the server"
    );
}

#[tokio::test]
async fn project_id_falls_back_to_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(replicate_path("proj-from-creds")))
        .respond_with(ResponseTemplate::new(200).set_body_json(documented_response()))
        .expect(1)
        .mount(&server)
        .await;
    let c = Client::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN).with_project_id("proj-from-creds"))
        .build()
        .unwrap();
    c.copy_checkpoint()
        .body(documented_body())
        .send()
        .await
        .expect("uses the credentials' project");
}

#[tokio::test]
async fn path_parameters_cannot_change_the_path() {
    let server = server_answering(
        200,
        ResponseTemplate::new(200).set_body_json(documented_response()),
    )
    .await;
    let c = client(&server);
    let cases = [
        ("a/../b", "/v3/a%2F..%2Fb/checkpoints/replicate"),
        ("x y", "/v3/x%20y/checkpoints/replicate"),
        ("%2F", "/v3/%252F/checkpoints/replicate"),
        ("...", "/v3/.../checkpoints/replicate"),
        (
            "项目?#",
            "/v3/%E9%A1%B9%E7%9B%AE%3F%23/checkpoints/replicate",
        ),
    ];
    for (project, _) in &cases {
        c.copy_checkpoint()
            .project_id(*project)
            .body(documented_body())
            .send()
            .await
            .expect("sent");
    }
    let received = server.received_requests().await.unwrap();
    let paths: Vec<String> = received.iter().map(|r| r.url.path().to_owned()).collect();
    let expected: Vec<&str> = cases.iter().map(|(_, p)| *p).collect();
    assert_eq!(paths, expected);
    for bad in ["..", ".", ""] {
        let err = c
            .copy_checkpoint()
            .project_id(bad)
            .body(documented_body())
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{bad:?}: {err:?}");
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        cases.len(),
        "rejected values were not sent"
    );
}

#[tokio::test]
async fn the_token_never_appears_in_debug_or_display() {
    let server = server_answering(
        400,
        ResponseTemplate::new(400)
            .set_body_raw(r#"{"error_code":"E","error_msg":"m"}"#, "application/json"),
    )
    .await;
    let c = client(&server);
    let builder = c
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(documented_body());
    let mut texts = vec![
        format!("{c:?}"),
        format!("{builder:?}"),
        format!("{:?}", Credentials::token(TOKEN)),
        format!("{:?}", Credentials::token(TOKEN).with_project_id("p")),
    ];
    let err = builder.send().await.unwrap_err();
    texts.push(format!("{err:?}"));
    texts.push(err.to_string());
    let timeout = Client::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .build()
        .unwrap();
    texts.push(format!("{timeout:?}"));
    for t in &texts {
        assert!(!t.contains(TOKEN) && !t.contains("SECRET"), "leaked: {t}");
    }
    assert!(texts[2].contains("redacted"), "{}", texts[2]);
}

#[test]
fn regions_come_from_the_spec_and_unknown_ones_are_listed() {
    assert_eq!(huaweicloud_cbr::REGIONS.len(), 34);
    let c = Client::builder().region("cn-north-4").build().unwrap();
    assert_eq!(
        c.core().base_url().as_str(),
        "https://cbr.cn-north-4.myhuaweicloud.com/"
    );
    let err = Client::builder().region("mars-1").build().unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("unknown region \"mars-1\"")
            && text.contains("cn-north-4")
            && text.contains("tr-west-1"),
        "{text}"
    );
}

/// The example program: documented request against a loopback server, output contract.
#[tokio::test]
async fn example_program_follows_its_output_contract() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(replicate_path(PROJECT)))
        .and(header("x-auth-token", TOKEN))
        .and(body_json(serde_json::to_value(documented_body()).unwrap()))
        .respond_with(ResponseTemplate::new(200).set_body_json(documented_response()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(replicate_path("bad-project")))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("X-Request-Id", "req-400-6302-0001")
                .set_body_raw(
                    r#"{"error_code":"BackupService.6302","error_msg":"gone"}"#,
                    "application/json",
                ),
        )
        .mount(&server)
        .await;
    // A hostile server: terminal escape sequences and a forged line in its error.
    Mock::given(method("POST"))
        .and(path(replicate_path("escape-project")))
        .respond_with(ResponseTemplate::new(403).set_body_raw(
            "{\"error_code\":\"X\\u001b[2J\",\"error_msg\":\"denied\\r\\nstatus: 200\\u001b]0;pwned\\u0007\"}",
            "application/json",
        ))
        .mount(&server)
        .await;
    let uri = server.uri();
    let run = move |project: &str, body: Option<&std::path::Path>| {
        let mut cmd = std::process::Command::new(env!("CARGO"));
        cmd.args([
            "run",
            "--quiet",
            "--offline",
            "-p",
            "hcgen-tests",
            "--example",
            "copy_checkpoint",
            "--",
        ])
        .args(["--endpoint", &uri, "--project-id", project])
        .env("CBR_AUTH_TOKEN", TOKEN);
        if let Some(b) = body {
            cmd.arg("--body").arg(b);
        }
        cmd.output().expect("cargo run")
    };
    let ok = tokio::task::spawn_blocking({
        let run = run.clone();
        move || run(PROJECT, None)
    });
    let ok = ok.await.unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("stdout is JSON");
    assert_eq!(printed, documented_response());

    let bad = tokio::task::spawn_blocking({
        let run = run.clone();
        move || run("bad-project", None)
    })
    .await
    .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    for expected in [
        "service error",
        "status: 400",
        "request_id: req-400-6302-0001",
        "error_code: BackupService.6302",
        "error_msg: gone",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in {stderr}"
        );
    }
    assert!(!stderr.contains(TOKEN));

    let hostile = tokio::task::spawn_blocking({
        let run = run.clone();
        move || run("escape-project", None)
    })
    .await
    .unwrap();
    assert_eq!(hostile.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&hostile.stderr);
    assert!(
        !stderr.contains(['\u{1b}', '\r', '\u{7}']),
        "control characters reach the terminal: {stderr:?}"
    );
    assert!(
        !stderr.lines().any(|l| l.starts_with("status: 200")),
        "{stderr}"
    );
    assert!(stderr.contains("status: 403"), "{stderr}");
    assert!(stderr.contains(r"error_code: X\u{1b}[2J"), "{stderr}");

    // No token, no AK/SK: refused before anything is sent.
    let before = server.received_requests().await.unwrap().len();
    let uri = server.uri();
    let no_token = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--offline", "-p", "hcgen-tests"])
            .args(["--example", "copy_checkpoint", "--", "--endpoint", &uri])
            .args(["--project-id", PROJECT])
            .env_remove("CBR_AUTH_TOKEN")
            .env_remove("CLOUD_SDK_AK")
            .env_remove("HUAWEICLOUD_SDK_AK")
            .output()
            .expect("cargo run")
    })
    .await
    .unwrap();
    assert_eq!(
        no_token.status.code(),
        Some(64),
        "{}",
        String::from_utf8_lossy(&no_token.stderr)
    );
    assert!(String::from_utf8_lossy(&no_token.stderr).contains("no credentials"));
    assert_eq!(server.received_requests().await.unwrap().len(), before);

    let dir = hcgen_tests::root().join("target/hcgen-test-crates");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("too-long-region.json");
    let long = serde_json::json!({"replicate": {"destination_project_id": "p", "destination_region": "r".repeat(256), "destination_vault_id": "v", "vault_id": "3b5816b5-f29c-4172-9d9a-76c719a659ce"}});
    std::fs::write(&file, long.to_string()).unwrap();
    let before = server.received_requests().await.unwrap().len();
    let invalid = tokio::task::spawn_blocking(move || run(PROJECT, Some(&file)))
        .await
        .unwrap();
    assert_eq!(
        invalid.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&invalid.stderr)
    );
    assert!(String::from_utf8_lossy(&invalid.stderr).contains("maxLength 255"));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        before,
        "nothing sent"
    );
}

/// AK/SK credentials sign the exact request that is sent; the server can verify it.
#[tokio::test]
async fn ak_sk_requests_are_signed_over_the_bytes_sent() {
    const AK: &str = "HPUATESTAKEXAMPLE0001";
    const SK: &str = "testSecretKeyExample0000000000000000000001";
    let server = server_answering(
        200,
        ResponseTemplate::new(200).set_body_json(documented_response()),
    )
    .await;
    let c = Client::builder()
        .endpoint(server.uri())
        .credentials(Credentials::ak_sk(AK, SK).with_project_id(PROJECT))
        .build()
        .unwrap();
    assert!(!format!("{c:?}").contains(SK), "the SK leaks through Debug");
    c.copy_checkpoint()
        .body(documented_body())
        .send()
        .await
        .expect("sent");
    let received = server.received_requests().await.unwrap();
    let r = &received[0];
    assert_eq!(
        r.url.path(),
        replicate_path(PROJECT),
        "project from the credentials"
    );
    assert_eq!(r.headers.get("x-project-id").unwrap(), PROJECT);
    let auth = r
        .headers
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        auth.starts_with(&format!("SDK-HMAC-SHA256 Access={AK}, SignedHeaders=accept;content-type;host;user-agent;x-project-id;x-sdk-date, Signature=")),
        "{auth}"
    );
    // Verify as a gateway would: re-sign what arrived (without Authorization) and compare.
    let mut headers = http::HeaderMap::new();
    for name in [
        "accept",
        "content-type",
        "host",
        "user-agent",
        "x-project-id",
        "x-sdk-date",
    ] {
        headers.insert(
            http::HeaderName::from_static(name),
            http::HeaderValue::from_bytes(r.headers.get(name).unwrap().as_bytes()).unwrap(),
        );
    }
    let mut url = url::Url::parse(r.url.as_str()).unwrap();
    let out = hcgen_signer::sign(
        &hcgen_signer::AkSk::new(AK, SK),
        &http::Method::POST,
        &mut url,
        &mut headers,
        Some(&r.body),
        None,
    )
    .unwrap();
    assert_eq!(out.authorization, auth);
}

/// As the official SDK: with AK/SK, `X-Project-Id` is the project the call is made for,
/// sent and signed also when the caller passes `project_id` to the operation (with or
/// without a project in the credentials).
#[tokio::test]
async fn ak_sk_sends_and_signs_the_project_the_call_names() {
    const AK: &str = "HPUATESTAKEXAMPLE0002";
    const SK: &str = "testSecretKeyExample0000000000000000000002";
    let server = server_answering(
        200,
        ResponseTemplate::new(200).set_body_json(documented_response()),
    )
    .await;
    for (credentials, called) in [
        (Credentials::ak_sk(AK, SK), "proj-of-the-call"),
        (
            Credentials::ak_sk(AK, SK).with_project_id("proj-of-the-credentials"),
            "another-project",
        ),
    ] {
        let c = Client::builder()
            .endpoint(server.uri())
            .credentials(credentials)
            .build()
            .unwrap();
        c.copy_checkpoint()
            .project_id(called)
            .body(documented_body())
            .send()
            .await
            .expect("sent");
        let received = server.received_requests().await.unwrap();
        let r = received.last().unwrap();
        assert_eq!(r.url.path(), replicate_path(called));
        assert_eq!(r.headers.get("x-project-id").unwrap(), called);
        let auth = r.headers.get("authorization").unwrap().to_str().unwrap();
        assert!(
            auth.contains(
                "SignedHeaders=accept;content-type;host;user-agent;x-project-id;x-sdk-date,"
            ),
            "{auth}"
        );
    }
    // A token is not signed, and gets no X-Project-Id (as the official SDK).
    let c = Client::builder()
        .endpoint(server.uri())
        .credentials(Credentials::token(TOKEN))
        .build()
        .unwrap();
    c.copy_checkpoint()
        .project_id("p")
        .body(documented_body())
        .send()
        .await
        .expect("sent");
    let received = server.received_requests().await.unwrap();
    assert!(
        received
            .last()
            .unwrap()
            .headers
            .get("x-project-id")
            .is_none()
    );
}

#[test]
fn credentials_from_the_environment_are_explicit_about_what_is_missing() {
    // The process environment is shared by tests: read it, never change it here.
    let has_keys = ["CLOUD_SDK_AK", "HUAWEICLOUD_SDK_AK"]
        .iter()
        .any(|k| std::env::var_os(k).is_some());
    match Credentials::from_env() {
        Err(err) => {
            assert!(
                !has_keys || std::env::var_os("CLOUD_SDK_SK").is_none(),
                "{err}"
            );
            assert!(
                err.to_string()
                    .contains("set CLOUD_SDK_AK and CLOUD_SDK_SK"),
                "{err}"
            );
        }
        Ok(creds) => {
            assert!(has_keys, "credentials appeared from nowhere");
            let shown = format!("{creds:?}");
            // Only secrets long enough not to occur by chance in the Debug text are checked.
            for secret in ["CLOUD_SDK_SK", "HUAWEICLOUD_SDK_SK"]
                .iter()
                .filter_map(|k| std::env::var(k).ok())
                .filter(|s| s.len() >= 8)
            {
                assert!(!shown.contains(&secret), "the SK leaks through Debug");
            }
        }
    }
}

#[test]
fn the_official_region_endpoint_override_is_honoured() {
    // Only this test touches this variable (region cn-north-9), so the shared process
    // environment cannot race with another test.
    // SAFETY: no other thread reads or writes this variable.
    unsafe {
        std::env::set_var(
            "HUAWEICLOUD_SDK_REGION_CBR_CN_NORTH_9",
            "http://127.0.0.1:18080, http://127.0.0.1:18081",
        )
    };
    let c = Client::builder().region("cn-north-9").build().unwrap();
    assert_eq!(
        c.core().base_url().as_str(),
        "http://127.0.0.1:18080/",
        "the first endpoint is used"
    );
    let c = Client::builder()
        .region("cn-north-9")
        .endpoint("https://explicit.example")
        .build()
        .unwrap();
    assert_eq!(
        c.core().base_url().as_str(),
        "https://explicit.example/",
        "an explicit endpoint wins"
    );
}

/// Each request runs in a `hcgen.request` span with the operation, method, path template,
/// status, request ID and duration; the token never reaches the logs.
#[tokio::test]
async fn requests_are_traced_without_secrets() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = server_answering(
        200,
        ResponseTemplate::new(200)
            .insert_header("X-Request-Id", "req-traced-1")
            .set_body_json(documented_response()),
    )
    .await;
    client(&server)
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(documented_body())
        .send()
        .await
        .expect("sent");
    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "hcgen.request",
        "operation=\"CopyCheckpoint\"",
        "method=\"POST\"",
        "path_template=\"/v3/{project_id}/checkpoints/replicate\"",
        "status=200",
        "request_id=\"req-traced-1\"",
        "duration_ms=",
    ] {
        assert!(logs.contains(expected), "missing {expected} in:\n{logs}");
    }
    assert!(
        !logs.contains(TOKEN),
        "the token leaked into the logs:\n{logs}"
    );
}
