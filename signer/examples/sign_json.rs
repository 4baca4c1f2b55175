//! JSON-lines driver of `hcgen_signer::sign`, used by the conformance harness
//! (`conformance/sign_compare.py`) to compare this crate with the official Python signer.
//!
//! Reads one request per line on stdin:
//!
//! ```json
//! {"id": "case-1", "method": "POST", "url": "https://host/path?query",
//!  "headers": [["Content-Type", "application/json"], ["X-Custom", " v "]],
//!  "body_hex": "7b7d", "ak": "AK", "sk": "SK", "security_token": null,
//!  "date": "20240101T000000Z"}
//! ```
//!
//! `body_hex` `null` means no body; `date` (optional) is passed as the pinned `date`
//! argument; header values are UTF-8 text. Writes one line per request, in order:
//!
//! ```json
//! {"id": "case-1", "ok": true, "canonical_request": "...", "string_to_sign": "...",
//!  "authorization": "...", "signed_headers": ["host", "x-sdk-date"],
//!  "headers": [["host", "<hex of the value bytes>"], ...], "request_uri": "/path?query"}
//! {"id": "case-2", "ok": false, "error_kind": "InvalidSdkDate", "error": "..."}
//! ```
//!
//! A line that cannot be understood gives `"error_kind": "DriverError"`. The driver never
//! stops early, so every input line gets exactly one output line.
//!
//! Run: `cargo run -p hcgen-signer --example sign_json < requests.jsonl`.

use std::io::{self, BufRead, BufWriter, Write};

use hcgen_signer::{AkSk, parse_sdk_date, sign};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::{Value, json};
use url::Url;

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let response = match serde_json::from_str::<Value>(&line) {
            Ok(request) => {
                let id = request.get("id").cloned().unwrap_or(Value::Null);
                let mut response = handle(&request).unwrap_or_else(
                    |message| json!({"ok": false, "error_kind": "DriverError", "error": message}),
                );
                response["id"] = id;
                response
            }
            Err(e) => json!({
                "id": null, "ok": false, "error_kind": "DriverError",
                "error": format!("invalid JSON: {e}"),
            }),
        };
        serde_json::to_writer(&mut out, &response)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

fn text<'a>(request: &'a Value, key: &str) -> Result<&'a str, String> {
    request[key]
        .as_str()
        .ok_or_else(|| format!("`{key}` must be a string"))
}

/// Signs one request; `Err` only for requests the driver cannot build (not sign errors).
fn handle(request: &Value) -> Result<Value, String> {
    let method = Method::from_bytes(text(request, "method")?.as_bytes())
        .map_err(|e| format!("method: {e}"))?;
    let mut url = Url::parse(text(request, "url")?).map_err(|e| format!("url: {e}"))?;

    let mut headers = HeaderMap::new();
    for pair in request["headers"]
        .as_array()
        .ok_or("`headers` must be an array of [name, value] pairs")?
    {
        let (Some(name), Some(value)) = (pair[0].as_str(), pair[1].as_str()) else {
            return Err(format!("bad header pair {pair}"));
        };
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|e| format!("header {name:?}: {e}"))?;
        let value = HeaderValue::from_bytes(value.as_bytes())
            .map_err(|e| format!("header {name} value {value:?}: {e}"))?;
        headers.append(name, value);
    }

    let body = match &request["body_hex"] {
        Value::Null => None,
        Value::String(h) => Some(hex::decode(h).map_err(|e| format!("body_hex: {e}"))?),
        _ => return Err("`body_hex` must be a hex string or null".into()),
    };

    let mut creds = AkSk::new(text(request, "ak")?, text(request, "sk")?);
    if let Some(token) = request["security_token"].as_str() {
        creds = creds.with_security_token(token);
    }

    let date = match request.get("date") {
        None | Some(Value::Null) => None,
        Some(Value::String(d)) => Some(parse_sdk_date(d).map_err(|e| format!("date: {e}"))?),
        Some(_) => return Err("`date` must be a string or null".into()),
    };

    Ok(
        match sign(
            &creds,
            &method,
            &mut url,
            &mut headers,
            body.as_deref(),
            date,
        ) {
            Ok(out) => {
                let headers: Vec<Value> = headers
                    .iter()
                    .map(|(name, value)| json!([name.as_str(), hex::encode(value.as_bytes())]))
                    .collect();
                let request_uri = match url.query() {
                    Some(query) => format!("{}?{query}", url.path()),
                    None => url.path().to_owned(),
                };
                json!({
                    "ok": true,
                    "canonical_request": out.canonical_request,
                    "string_to_sign": out.string_to_sign,
                    "authorization": out.authorization,
                    "signed_headers": out.signed_headers,
                    "headers": headers,
                    "request_uri": request_uri,
                })
            }
            Err(e) => {
                let debug = format!("{e:?}");
                let kind = debug
                    .split(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                json!({"ok": false, "error_kind": kind, "error": e.to_string()})
            }
        },
    )
}
