//! The Rust twin of the API reference's SDK samples for CopyCheckpoint.
//!
//! ```text
//! CBR_AUTH_TOKEN=... cargo run --example copy_checkpoint -- \
//!     --endpoint URL | --region ID  --project-id ID  [--body FILE]
//! ```
//!
//! When `CLOUD_SDK_AK` and `CLOUD_SDK_SK` are set, requests are AK/SK-signed instead (as in
//! the official samples), and `--project-id` may come from `HUAWEICLOUD_SDK_PROJECT_ID`.
//!
//! Without `--body` it sends the documented example request; `--body` takes a JSON file
//! holding a `CheckpointReplicateReq`. On success the response body is printed as JSON on
//! stdout (exit 0). On failure the kind of error, and for a service error the status,
//! request ID, error code and message, go to stderr (exit 1); an invalid request is
//! reported without sending anything (exit 2); bad arguments exit 64.

use huaweicloud_cbr::{Client, Credentials, Error, types};
use std::process::ExitCode;

const USAGE: &str =
    "usage: copy_checkpoint (--endpoint URL | --region ID) --project-id ID [--body FILE]
  the token is read from CBR_AUTH_TOKEN";

struct Args {
    endpoint: Option<String>,
    region: Option<String>,
    project_id: Option<String>,
    body: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        endpoint: None,
        region: None,
        project_id: None,
        body: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let slot = match a.as_str() {
            "--endpoint" => &mut args.endpoint,
            "--region" => &mut args.region,
            "--project-id" => &mut args.project_id,
            "--body" => &mut args.body,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        };
        *slot = Some(it.next().ok_or_else(|| format!("`{a}` needs a value"))?);
    }
    if args.endpoint.is_none() && args.region.is_none() {
        return Err("give --endpoint URL or --region ID".to_owned());
    }
    Ok(args)
}

/// The documented request of the API reference.
fn documented_request() -> types::CheckpointReplicateReq {
    types::CheckpointReplicateReq::new(
        types::CheckpointReplicateParam::new(
            "68589cac08274b82b4e254268a3862d8",
            "region2",
            "0ca3eb86-8800-46da-9c37-9d657a825274",
            "3b5816b5-f29c-4172-9d9a-76c719a659ce",
        )
        .with_auto_trigger(false)
        .with_enable_acceleration(false),
    )
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(64);
        }
    };
    let body = match &args.body {
        None => documented_request(),
        Some(file) => {
            let parsed = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read {file}: {e}"))
                .and_then(|t| {
                    serde_json::from_str::<types::CheckpointReplicateReq>(&t)
                        .map_err(|e| format!("{file} is not a CheckpointReplicateReq: {e}"))
                });
            match parsed {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("invalid request: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    let mut builder = Client::builder();
    if let Some(e) = &args.endpoint {
        builder = builder.endpoint(e);
    }
    if let Some(r) = &args.region {
        builder = builder.region(r);
    }
    // As the official samples: AK/SK from CLOUD_SDK_AK / CLOUD_SDK_SK when set, else the token.
    let credentials = match Credentials::from_env() {
        Ok(c) => c,
        Err(_) => match std::env::var("CBR_AUTH_TOKEN") {
            Ok(token) if !token.trim().is_empty() => Credentials::token(token).into(),
            _ => {
                eprintln!(
                    "no credentials: set CLOUD_SDK_AK and CLOUD_SDK_SK, or CBR_AUTH_TOKEN (nothing was sent)"
                );
                return ExitCode::from(64);
            }
        },
    };
    let client = match builder.credentials(credentials).build() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}: {e}", e.kind());
            return ExitCode::from(64);
        }
    };
    let mut call = client.copy_checkpoint().body(body);
    // Without --project-id, the credentials' project (HUAWEICLOUD_SDK_PROJECT_ID) is used.
    if let Some(p) = args
        .project_id
        .clone()
        .or_else(|| std::env::var("HUAWEICLOUD_SDK_PROJECT_ID").ok())
    {
        call = call.project_id(p);
    }
    match call.send().await {
        Ok(resp) => {
            match serde_json::to_string_pretty(&resp.body) {
                Ok(json) => println!("{json}"),
                Err(e) => {
                    eprintln!("cannot print the response: {e}");
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => report(&e),
    }
}

/// Text from the server with its control characters escaped, so that it cannot move the
/// cursor, clear the screen or start a line of its own on the terminal.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn report(e: &Error) -> ExitCode {
    eprintln!("{}: {}", e.kind(), printable(&e.to_string()));
    match e {
        Error::Service(s) => {
            eprintln!("status: {}", s.status.as_u16());
            eprintln!(
                "request_id: {}",
                printable(s.request_id.as_deref().unwrap_or(""))
            );
            eprintln!("error_code: {}", printable(&s.error_code));
            eprintln!("error_msg: {}", printable(&s.error_msg));
            ExitCode::FAILURE
        }
        Error::InvalidRequest(_) => ExitCode::from(2),
        _ => ExitCode::FAILURE,
    }
}
