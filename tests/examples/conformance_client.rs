//! Driver of the `wire` and `errors` conformance suites (`conformance/wire_errors.py`).
//!
//! Reads one JSON object per line on stdin, sends one CopyCheckpoint call per line through
//! the generated `huaweicloud-cbr` client, and answers each with one JSON line on stdout,
//! in order. Only loopback endpoints are expected; nothing else is contacted.
//!
//! Request line:
//!
//! ```json
//! {"id": "x", "endpoint": "http://127.0.0.1:PORT", "ak": "...", "sk": "...",
//!  "project_id": "...", "body": {"replicate": {...}}, "timeout_secs": 10}
//! ```
//!
//! `project_id` goes into the credentials (`Credentials::ak_sk(..).with_project_id(..)`),
//! not onto the call, as the official SDK's `BasicCredentials(ak, sk, project_id)` does.
//!
//! Answer line (machine-readable; never parse the human `error` text):
//!
//! ```json
//! {"id": "x", "ok": false, "kind": "service error", "status": 400, "client_error": true,
//!  "request_id": "req-1", "error_code": "BackupService.6302", "error_msg": "...",
//!  "encoded_authorization_message": null, "error": "<Display of the error>"}
//! {"id": "x", "ok": true, "status": 200, "request_id": null, "body": {...}}
//! ```
//!
//! A line that is not a valid request is answered with `{"id": .., "ok": false,
//! "kind": "driver error", "error": ".."}`; the driver exits 0 after the last line.

use huaweicloud_cbr::{Client, Credentials, Error, types};
use serde_json::{Value, json};
use std::io::{BufRead, Write};
use std::time::Duration;

/// The fields of one request line.
struct Call {
    endpoint: String,
    ak: String,
    sk: String,
    project_id: Option<String>,
    body: types::CheckpointReplicateReq,
    timeout: Duration,
}

fn parse_call(line: &Value) -> Result<Call, String> {
    let text = |key: &str| -> Result<Option<String>, String> {
        match line.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(format!("`{key}` must be a string, got {other}")),
        }
    };
    let required = |key: &str| text(key)?.ok_or_else(|| format!("`{key}` is missing"));
    let body = line.get("body").cloned().ok_or("`body` is missing")?;
    let body = serde_json::from_value::<types::CheckpointReplicateReq>(body)
        .map_err(|e| format!("`body` is not a CheckpointReplicateReq: {e}"))?;
    let timeout = match line.get("timeout_secs") {
        None | Some(Value::Null) => 10.0,
        Some(v) => v
            .as_f64()
            .filter(|t| *t > 0.0 && *t <= 600.0)
            .ok_or("`timeout_secs` must be a number in (0, 600]")?,
    };
    Ok(Call {
        endpoint: required("endpoint")?,
        ak: required("ak")?,
        sk: required("sk")?,
        project_id: text("project_id")?,
        body,
        timeout: Duration::from_secs_f64(timeout),
    })
}

async fn run(call: Call) -> Value {
    let mut credentials = Credentials::ak_sk(call.ak, call.sk);
    if let Some(p) = call.project_id {
        credentials = credentials.with_project_id(p);
    }
    let client = Client::builder()
        .endpoint(call.endpoint)
        .credentials(credentials)
        .connect_timeout(call.timeout)
        .timeout(call.timeout)
        .build();
    let client = match client {
        Ok(c) => c,
        Err(e) => return error_answer(&e),
    };
    match client.copy_checkpoint().body(call.body).send().await {
        Ok(response) => json!({
            "ok": true,
            "status": response.status.as_u16(),
            "request_id": response.request_id,
            "body": serde_json::to_value(&response.body).unwrap_or(Value::Null),
        }),
        Err(e) => error_answer(&e),
    }
}

fn error_answer(e: &Error) -> Value {
    let mut answer = json!({
        "ok": false,
        "kind": e.kind(),
        "status": e.status().map(|s| s.as_u16()),
        "request_id": e.request_id(),
        "error": e.to_string(),
    });
    if let Some(s) = e.as_service() {
        answer["client_error"] = json!(s.is_client_error());
        answer["error_code"] = json!(s.error_code);
        answer["error_msg"] = json!(s.error_msg);
        answer["encoded_authorization_message"] = json!(s.detail("encoded_authorization_message"));
    }
    answer
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for (n, line) in stdin.lock().lines().enumerate() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("conformance_client: cannot read stdin: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let (id, mut answer) = match serde_json::from_str::<Value>(&line) {
            Ok(request) => {
                let id = request.get("id").cloned().unwrap_or(Value::Null);
                let answer = match parse_call(&request) {
                    Ok(call) => run(call).await,
                    Err(e) => json!({"ok": false, "kind": "driver error", "error": e}),
                };
                (id, answer)
            }
            Err(e) => (
                Value::Null,
                json!({"ok": false, "kind": "driver error", "error": format!("line {}: {e}", n + 1)}),
            ),
        };
        answer["id"] = id;
        // serde_json escapes control characters, so one answer is exactly one line.
        if writeln!(stdout, "{answer}")
            .and_then(|()| stdout.flush())
            .is_err()
        {
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}
