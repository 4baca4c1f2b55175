//! A new user's first program, outside this workspace: a fresh cargo project in a temporary
//! folder depends on `huaweicloud-cbr` by path, builds (with the generated README's example
//! program as a second binary, so the README's code compiles as it is), and calls
//! CopyCheckpoint against a loopback server, which sees the request the API reference
//! documents.

use std::path::Path;
use std::process::Command;
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const MAIN: &str = r#"use huaweicloud_cbr::{Client, Credentials, types};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let endpoint = std::env::args().nth(1).ok_or("usage: replicate ENDPOINT")?;
    let client = Client::builder()
        .endpoint(endpoint)
        .credentials(Credentials::token("journey-token"))
        .build()?;
    let body = types::CheckpointReplicateReq::new(
        types::CheckpointReplicateParam::new(
            "68589cac08274b82b4e254268a3862d8",
            "region2",
            "0ca3eb86-8800-46da-9c37-9d657a825274",
            "3b5816b5-f29c-4172-9d9a-76c719a659ce",
        )
        .with_auto_trigger(false)
        .with_enable_acceleration(false),
    );
    let response = client
        .copy_checkpoint()
        .project_id("f841e01fd2b14e7fa41b6ae7aa6b0594")
        .body(body)
        .send()
        .await?;
    println!("request ID: {:?}", response.request_id());
    println!("{:?}", response.body);
    Ok(())
}
"#;

/// Writes the new project: a manifest, `src/main.rs`, and this repository's lock file so that
/// the same dependency versions are used (nothing is downloaded).
fn new_project(dir: &Path) {
    let generated = hcgen_tests::root().join("generated");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"replicate\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
             [dependencies]\nhuaweicloud-cbr = {{ path = {:?} }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
            generated.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(dir.join("src/main.rs"), MAIN).unwrap();
    std::fs::create_dir_all(dir.join("src/bin")).unwrap();
    std::fs::write(dir.join("src/bin/readme.rs"), readme_program()).unwrap();
    std::fs::copy(
        hcgen_tests::root().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
}

/// The example program of the generated crate's README (its `rust,no_run` block).
fn readme_program() -> String {
    let readme = std::fs::read_to_string(hcgen_tests::root().join("generated/README.md")).unwrap();
    let start = readme
        .find("```rust,no_run\n")
        .expect("the README has an example program")
        + "```rust,no_run\n".len();
    let len = readme[start..].find("```").expect("the block is closed");
    readme[start..start + len].to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_project_calls_copy_checkpoint_against_a_loopback_server() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(
            "/v3/f841e01fd2b14e7fa41b6ae7aa6b0594/checkpoints/replicate",
        ))
        .and(header("X-Auth-Token", "journey-token"))
        .and(body_json(serde_json::json!({"replicate": {
            "destination_project_id": "68589cac08274b82b4e254268a3862d8",
            "destination_region": "region2",
            "destination_vault_id": "0ca3eb86-8800-46da-9c37-9d657a825274",
            "vault_id": "3b5816b5-f29c-4172-9d9a-76c719a659ce",
            "auto_trigger": false,
            "enable_acceleration": false,
        }})))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "journey-request-1")
                .set_body_json(hcgen_tests::documented_response()),
        )
        .expect(1)
        .mount(&server)
        .await;

    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("replicate");
    new_project(&project);
    let endpoint = server.uri();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    let target = hcgen_tests::root().join("target/hcgen-test-crates/target");
    let run = tokio::task::spawn_blocking(move || {
        let build = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--offline", "--bins"])
            .current_dir(&project)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        if !build.status.success() {
            return build;
        }
        Command::new(target.join("debug/replicate"))
            .arg(&endpoint)
            .output()
            .expect("the program runs")
    });
    let output = tokio::time::timeout(Duration::from_secs(600), run)
        .await
        .expect("the build and the call finish within 10 minutes")
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("request ID: Some(\"journey-request-1\")"),
        "{stdout}"
    );
    assert!(
        stdout.contains("4229d7a45436489f8c3dc2b1d35d4987"),
        "the decoded response: {stdout}"
    );
    server.verify().await;
}
