//! Testing code that uses the generated client, as a user would: a small "replicate my vault"
//! function that calls CopyCheckpoint and handles its errors, tested with the `test-util`
//! mocks of huaweicloud-cbr, in process and over loopback HTTP.

use huaweicloud_cbr::mock::{self, Loopback, Mock, Reply};
use huaweicloud_cbr::{Client, Credentials, Error, builder, types};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

// ---- The user's code -------------------------------------------------------------------

const PROJECT: &str = "68589cac08274b82b4e254268a3862d8";
const VAULT: &str = "3b5816b5-f29c-4172-9d9a-76c719a659ce";

/// Why a replication did not start.
#[derive(Debug, PartialEq)]
enum ReplicationError {
    /// The service refused it; the code says why (e.g. `BackupService.6302`, the target vault
    /// is gone), the request ID is for a support ticket.
    Rejected {
        code: String,
        request_id: Option<String>,
    },
    /// No answer in time: it may have started, look before trying again.
    MayHaveStarted,
    /// The request was wrong before it was sent.
    Invalid(String),
    /// Anything else.
    Other(String),
}

/// Replicates `vault`'s backups to `to_vault` in `to_region`; returns the replication
/// records the service started.
async fn replicate_my_vault(
    client: &Client,
    vault: &str,
    to_region: &str,
    to_vault: &str,
) -> Result<Vec<String>, ReplicationError> {
    let request = types::CheckpointReplicateReq::new(types::CheckpointReplicateParam::new(
        PROJECT, to_region, to_vault, vault,
    ));
    let result = client
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(request)
        .send()
        .await;
    match result {
        Ok(response) => Ok(response
            .body
            .replication
            .and_then(|r| r.backups)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|b| b.replication_record_id)
            .collect()),
        Err(error @ Error::Service(_)) => {
            // The typed error body when it decoded, the service's code otherwise.
            let typed =
                builder::CopyCheckpoint::error_body(&error).and_then(|b| b.error_code.clone());
            let service = error.as_service();
            Err(ReplicationError::Rejected {
                code: typed
                    .or_else(|| service.map(|s| s.error_code.clone()))
                    .unwrap_or_default(),
                request_id: error.request_id().map(str::to_owned),
            })
        }
        Err(Error::Timeout { .. }) => Err(ReplicationError::MayHaveStarted),
        Err(Error::InvalidRequest(e)) => Err(ReplicationError::Invalid(e.to_string())),
        Err(other) => Err(ReplicationError::Other(other.to_string())),
    }
}

// ---- Its tests ---------------------------------------------------------------------------

const TARGET_VAULT: &str = "0ca3eb86-8800-46da-9c37-9d657a825274";
const TOKEN: &str = "s3cret-token-value";

/// A success body with one replication record.
fn started(record: &str) -> types::CopyCheckpointResponseBody {
    let mut backup = types::CheckpointReplicateRespbackups::default();
    backup.replication_record_id = Some(record.to_owned());
    let mut replication = types::CheckpointReplicateRespBody::default();
    replication.backups = Some(vec![backup]);
    let mut body = types::CopyCheckpointResponseBody::default();
    body.replication = Some(replication);
    body
}

/// CBR's declared error body.
fn error_body(code: &str) -> types::ErrorResponse {
    let mut body = types::ErrorResponse::default();
    body.error_code = Some(code.to_owned());
    body.error_msg = Some("The destination vault does not exist.".to_owned());
    body
}

/// A client answered by `mock`, with a token (so that authentication runs).
fn mocked(mock: Mock) -> Client {
    Client::builder()
        .region("cn-north-4")
        .credentials(Credentials::token(TOKEN))
        .mock(mock)
        .build()
        .unwrap()
}

/// No retries, or POST retried at once.
fn retrying(client: &Client) -> Client {
    client.with_retry_policy(
        hcgen_runtime::RetryPolicy::new()
            .retry_non_idempotent(true)
            .base_delay(Duration::from_millis(1)),
    )
}

#[tokio::test]
async fn a_replication_that_starts_returns_its_records() {
    let rule = mock::copy_checkpoint()
        .matching(|req| {
            req.project_id == PROJECT
                && req.body.replicate.destination_region == "eu-west-0"
                && req.body.replicate.vault_id == VAULT
        })
        .then_ok(started("rec-1"));
    let client = mocked(Mock::new().with(&rule));
    let records = replicate_my_vault(&client, VAULT, "eu-west-0", TARGET_VAULT).await;
    assert_eq!(records, Ok(vec!["rec-1".to_owned()]));
    assert_eq!(rule.calls(), 1);
}

#[tokio::test]
async fn a_rejection_reports_the_services_error_code_and_request_id() {
    // A typed error body with its status, and a request ID.
    let typed = mock::copy_checkpoint().then_reply(
        Reply::json(400, &error_body("BackupService.6302")).with_request_id("req-6302"),
    );
    let client = mocked(Mock::new().with(&typed));
    assert_eq!(
        replicate_my_vault(&client, VAULT, "eu-west-0", TARGET_VAULT).await,
        Err(ReplicationError::Rejected {
            code: "BackupService.6302".to_owned(),
            request_id: Some("req-6302".to_owned()),
        })
    );
    // A service error from a code and a message: written in Huawei Cloud's format, so the
    // profile reads it back and the declared body decodes too.
    let service = mock::copy_checkpoint().then_service_error(403, "CBR.0001", "forbidden");
    let client = mocked(Mock::new().with(&service));
    let error = copy(&client).await.unwrap_err();
    let s = error.as_service().unwrap();
    assert_eq!(
        (
            s.status.as_u16(),
            s.error_code.as_str(),
            s.error_msg.as_str()
        ),
        (403, "CBR.0001", "forbidden")
    );
    assert_eq!(
        builder::CopyCheckpoint::error_body(&error).and_then(|b| b.error_code.as_deref()),
        Some("CBR.0001")
    );
    assert_eq!(
        s.body,
        br#"{"error_code":"CBR.0001","error_msg":"forbidden"}"#[..]
    );
}

/// A call of CopyCheckpoint with a valid request.
async fn copy(
    client: &Client,
) -> Result<huaweicloud_cbr::ApiResponse<types::CopyCheckpointResponseBody>, Error> {
    client
        .copy_checkpoint()
        .project_id(PROJECT)
        .body(request_to("x"))
        .send()
        .await
}

fn request_to(region: &str) -> types::CheckpointReplicateReq {
    types::CheckpointReplicateReq::new(types::CheckpointReplicateParam::new(
        PROJECT,
        region,
        TARGET_VAULT,
        VAULT,
    ))
}

#[tokio::test]
async fn a_time_out_may_have_started_the_replication_and_is_never_retried() {
    let rule = mock::copy_checkpoint()
        .then_timeout()
        .then_ok(started("rec-1"));
    let client = mocked(Mock::new().with(&rule));
    // Not even with retries of POST allowed: the service may have processed it.
    let result = replicate_my_vault(&retrying(&client), VAULT, "eu-west-0", TARGET_VAULT).await;
    assert_eq!(result, Err(ReplicationError::MayHaveStarted));
    assert_eq!(rule.calls(), 1);
    // The error is the real transport's: the client's time-out, the endpoint.
    let error = copy(&client).await;
    // The sequence moved on: the second call succeeds (and the last reply repeats).
    assert!(error.is_ok(), "{error:?}");
    assert_eq!(rule.calls(), 2);
    let timeout = mock::copy_checkpoint().then_timeout();
    let client = Client::builder()
        .region("cn-north-4")
        .timeout(Duration::from_secs(7))
        .mock(Mock::new().with(&timeout))
        .build()
        .unwrap();
    let error = copy(&client).await.unwrap_err();
    match &error {
        Error::Timeout {
            endpoint,
            timeout,
            source,
        } => {
            assert_eq!(endpoint, "https://cbr.cn-north-4.myhuaweicloud.com");
            assert_eq!(*timeout, Duration::from_secs(7));
            assert!(source.is_timeout() && !source.is_connect());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn post_is_retried_only_where_the_policy_allows_it() {
    let rule = || {
        mock::copy_checkpoint()
            .then_service_error(503, "APIGW.0503", "busy")
            .then_ok(started("rec-2"))
    };
    // The default policy never repeats a POST.
    let once = rule();
    let client = mocked(Mock::new().with(&once));
    let result = replicate_my_vault(&client, VAULT, "eu-west-0", TARGET_VAULT).await;
    assert!(
        matches!(&result, Err(ReplicationError::Rejected { code, .. }) if code == "APIGW.0503"),
        "{result:?}"
    );
    assert_eq!(once.calls(), 1);
    // Opted in: the 503 is retried, and the second attempt succeeds.
    let twice = rule();
    let client = retrying(&mocked(Mock::new().with(&twice)));
    let result = replicate_my_vault(&client, VAULT, "eu-west-0", TARGET_VAULT).await;
    assert_eq!(result, Ok(vec!["rec-2".to_owned()]));
    assert_eq!(twice.calls(), 2);
    // A connection error is retried the same way, and is a connection error otherwise.
    let refused = mock::copy_checkpoint()
        .then_connect_error()
        .then_ok(started("rec-3"));
    let client = mocked(Mock::new().with(&refused));
    let result = replicate_my_vault(&client, VAULT, "eu-west-0", TARGET_VAULT).await;
    assert!(
        matches!(&result, Err(ReplicationError::Other(m)) if m.starts_with("could not connect")),
        "{result:?}"
    );
    let result = replicate_my_vault(&retrying(&client), VAULT, "eu-west-0", TARGET_VAULT).await;
    assert_eq!(result, Ok(vec!["rec-3".to_owned()]));
}

#[tokio::test]
async fn an_unmatched_request_names_the_operation_and_shows_the_request_without_secrets() {
    let rule = mock::copy_checkpoint()
        .matching(|req| req.body.replicate.destination_region == "eu-west-0")
        .then_ok(started("rec-1"));
    let mock = Mock::new().with(&rule);
    let client = mocked(mock.clone());
    let result = replicate_my_vault(&client, VAULT, "ap-southeast-1", TARGET_VAULT).await;
    let Err(ReplicationError::Other(message)) = result else {
        panic!("{result:?}");
    };
    assert!(
        message.contains("no mock rule matches this CopyCheckpoint request: rule 1 (CopyCheckpoint): its matcher returned false"),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "POST https://cbr.cn-north-4.myhuaweicloud.com/v3/{PROJECT}/checkpoints/replicate\n"
        )),
        "{message}"
    );
    assert!(message.contains("x-auth-token: <redacted>\n"), "{message}");
    assert!(
        message.contains("\"destination_region\":\"ap-southeast-1\""),
        "{message}"
    );
    assert!(!message.contains(TOKEN), "{message}");
    assert_eq!(rule.calls(), 0);
    assert_eq!(mock.unmatched().len(), 1);
    assert!(mock.unmatched()[0].contains("<redacted>"));
    // AK/SK: the signature is redacted too, and a mock without rules says so.
    let client = Client::builder()
        .region("cn-north-4")
        .credentials(Credentials::ak_sk("AKEXAMPLE", "sk-secret-value").with_project_id(PROJECT))
        .mock(Mock::new())
        .build()
        .unwrap();
    let error = client
        .copy_checkpoint()
        .body(request_to("x"))
        .send()
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(
        message.contains("there is no rule for it (rules for: none)"),
        "{message}"
    );
    assert!(message.contains("authorization: <redacted>\n"), "{message}");
    assert!(
        !message.contains("AKEXAMPLE") && !message.contains("sk-secret-value"),
        "{message}"
    );
}

#[tokio::test]
async fn a_request_that_breaks_the_spec_fails_before_any_rule_sees_it() {
    let rule = mock::copy_checkpoint().then_ok(started("rec-1"));
    let mock = Mock::new().with(&rule);
    let client = mocked(mock.clone());
    // `vault_id` must be a UUID.
    let result = replicate_my_vault(&client, "not-a-uuid", "eu-west-0", TARGET_VAULT).await;
    let Err(ReplicationError::Invalid(message)) = result else {
        panic!("{result:?}");
    };
    assert!(message.contains("replicate.vault_id"), "{message}");
    assert_eq!(rule.calls(), 0);
    assert!(mock.unmatched().is_empty());
}

#[tokio::test]
async fn hooks_and_the_response_size_limit_run_as_with_the_network() {
    struct Count(Arc<AtomicUsize>);
    impl hcgen_runtime::Hook for Count {
        fn on_response(&self, response: &hcgen_runtime::ResponseInfo<'_>) {
            assert_eq!(response.request_id, Some("req-1"));
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let seen = Arc::new(AtomicUsize::new(0));
    let rule = mock::copy_checkpoint()
        .then_reply(Reply::json(200, &started("rec-1")).with_request_id("req-1"));
    let client = Client::builder()
        .region("cn-north-4")
        .hook(Count(Arc::clone(&seen)))
        .mock(Mock::new().with(&rule))
        .build()
        .unwrap();
    let response = copy(&client).await.unwrap();
    assert_eq!(response.request_id(), Some("req-1"));
    assert_eq!(seen.load(Ordering::SeqCst), 1);
    let small = Client::builder()
        .region("cn-north-4")
        .max_response_bytes(16)
        .mock(Mock::new().with(&rule))
        .build()
        .unwrap();
    let error = copy(&small).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 16, .. }),
        "{error:?}"
    );
}

// ---- The same rules over loopback HTTP ---------------------------------------------------

/// A client of the loopback server, with a short time-out for the time-out rule.
fn client_of(server: &Loopback) -> Client {
    Client::builder()
        .endpoint(server.url())
        .credentials(Credentials::token(TOKEN))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap()
}

#[tokio::test]
async fn over_loopback_the_same_rules_answer_from_the_wire() {
    let ok = mock::copy_checkpoint()
        .matching(|req| req.body.replicate.destination_region == "eu-west-0")
        .then_ok(started("rec-1"));
    let rejected = mock::copy_checkpoint()
        .matching(|req| req.body.replicate.destination_region == "gone")
        .then_service_error(
            400,
            "BackupService.6302",
            "The destination vault does not exist.",
        );
    let slow = mock::copy_checkpoint()
        .matching(|req| req.body.replicate.destination_region == "slow")
        .then_timeout();
    let closed = mock::copy_checkpoint()
        .matching(|req| req.body.replicate.destination_region == "closed")
        .then_connect_error();
    let server = Loopback::start(
        Mock::new()
            .with(&ok)
            .with(&rejected)
            .with(&slow)
            .with(&closed),
    )
    .await
    .unwrap();
    let client = client_of(&server);
    let replicate = |region: &'static str| {
        let client = client.clone();
        async move { replicate_my_vault(&client, VAULT, region, TARGET_VAULT).await }
    };
    assert_eq!(replicate("eu-west-0").await, Ok(vec!["rec-1".to_owned()]));
    assert_eq!(
        replicate("gone").await,
        Err(ReplicationError::Rejected {
            code: "BackupService.6302".to_owned(),
            request_id: None
        })
    );
    assert_eq!(
        replicate("slow").await,
        Err(ReplicationError::MayHaveStarted)
    );
    let closed_result = replicate("closed").await;
    assert!(
        matches!(&closed_result, Err(ReplicationError::Other(m)) if m.starts_with("transport error")),
        "{closed_result:?}"
    );
    // Unmatched: status 501 with the message (secrets redacted), also listed by the server.
    let unmatched = replicate("elsewhere").await;
    assert!(
        matches!(&unmatched, Err(ReplicationError::Rejected { code, .. }) if code == "501"),
        "{unmatched:?}"
    );
    let listed = server.unmatched();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(listed[0].starts_with("no mock rule matches this request: rule 1 (CopyCheckpoint): its matcher returned false;"), "{}", listed[0]);
    assert!(
        listed[0].contains("x-auth-token: <redacted>\n"),
        "{}",
        listed[0]
    );
    assert!(!listed[0].contains(TOKEN));
    assert_eq!(
        (ok.calls(), rejected.calls(), slow.calls(), closed.calls()),
        (1, 1, 1, 1)
    );
}

// ---- Responses with required fields -----------------------------------------------------

/// A type that only responses use has no constructor in a normal build (it is decoded, not
/// built); with `test-util` it has `new` and `with_*`, so a test can answer with it. Here
/// FastAPI's `NotFound { detail, pet_id }`, both required, for a 404 of `GET /pets/{pet_id}`.
#[tokio::test]
async fn a_response_only_type_with_required_fields_is_built_for_a_mocked_answer() {
    use fastapi_app_client::{Client as PetClient, mock as pet_mock, types as pet_types};
    const PET: &str = "5b1c1e2a-9a6f-4c3e-8d7b-6a5f4e3d2c1b";
    let not_found = pet_types::NotFound::new("no such pet", PET);
    let rule = pet_mock::get_pet_pets_pet_id_get()
        .matching(|req| req.pet_id == PET)
        .then_error(404, not_found.clone());
    let client = PetClient::builder()
        .endpoint("http://pets.test")
        .mock(Mock::new().with(&rule))
        .build()
        .unwrap();
    let error = client
        .get_pet_pets_pet_id_get()
        .pet_id(PET)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{error}");
    assert_eq!(error.body::<pet_types::NotFound>(), Some(&not_found));
    assert_eq!(rule.calls(), 1);
}
