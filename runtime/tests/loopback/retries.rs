//! Which calls are tried again, counted at the server.

use crate::server::{Server, reply};
use crate::{GET, POST, builder, call, fast_retries};
use hcgen_runtime::{Error, RetryPolicy};
use std::time::Duration;

fn unavailable() -> crate::server::Reply {
    reply(
        "503 Service Unavailable",
        &[],
        b"{\"code\":\"busy\",\"message\":\"try later\"}",
    )
}

#[tokio::test]
async fn get_is_retried_until_it_succeeds() {
    let server = Server::start(vec![
        unavailable(),
        unavailable(),
        reply("200 OK", &[], b"{}"),
    ]);
    let client = builder(&server.url).build().unwrap();
    let response = call(&client.0, &GET).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = Server::start(vec![unavailable(), reply("200 OK", &[], b"{}")]);
    let client = builder(&server.url).build().unwrap();
    let err = call(&client.0, &POST).await.unwrap_err();
    let service = err.as_service().expect("the service error");
    assert_eq!(service.status, 503);
    assert_eq!(service.error_code, "busy");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn post_is_retried_when_the_caller_opts_in() {
    let server = Server::start(vec![unavailable(), reply("200 OK", &[], b"{}")]);
    let client = builder(&server.url)
        .retry_policy(fast_retries().retry_non_idempotent(true))
        .build()
        .unwrap();
    call(&client.0, &POST).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests.iter().all(|r| r.starts_with("POST /thing ")),
        "{requests:?}"
    );
}

#[tokio::test]
async fn retry_after_is_honoured_instead_of_the_backoff() {
    // With an hour of backoff, only the server's `Retry-After: 0` lets the call end in time.
    let server = Server::start(vec![
        reply("429 Too Many Requests", &["retry-after: 0"], b""),
        reply("200 OK", &[], b"{}"),
    ]);
    let client = builder(&server.url)
        .retry_policy(
            RetryPolicy::new()
                .base_delay(Duration::from_secs(3600))
                .max_delay(Duration::from_secs(3600))
                .total_budget(Duration::from_secs(7200)),
        )
        .build()
        .unwrap();
    call(&client.0, &GET).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = Server::start(vec![unavailable()]);
    let client = builder(&server.url)
        .retry_policy(fast_retries().max_attempts(4))
        .build()
        .unwrap();
    let err = call(&client.0, &GET).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn no_retries_makes_one_attempt_per_call_and_per_call_policies_share_the_client() {
    let server = Server::start(vec![unavailable()]);
    let client = builder(&server.url).build().unwrap();
    let once = client.0.with_retry_policy(RetryPolicy::none());
    call(&once, &GET).await.unwrap_err();
    assert_eq!(server.requests().len(), 1);
    // The original keeps its own policy.
    call(&client.0, &GET).await.unwrap_err();
    assert_eq!(server.requests().len(), 1 + 3);
    assert_eq!(once.retry_policy(), &RetryPolicy::none());
}

#[tokio::test]
async fn error_statuses_that_are_not_transient_are_not_retried() {
    let server = Server::start(vec![reply("500 Internal Server Error", &[], b"oops")]);
    let client = builder(&server.url).build().unwrap();
    call(&client.0, &GET).await.unwrap_err();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_get_only() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let attempts = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let client = builder(&format!("http://127.0.0.1:{port}"))
        .hook(crate::hooks::CountErrors(attempts.clone()))
        .build()
        .unwrap();
    let err = call(&client.0, &GET).await.unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    // The transport's error is ours, opaque, with its causes behind it.
    let source = std::error::Error::source(&err).expect("a source");
    let transport = source
        .downcast_ref::<hcgen_runtime::TransportError>()
        .expect("a TransportError");
    assert!(transport.is_connect(), "{transport:?}");
    assert!(
        std::error::Error::source(transport).is_some(),
        "{transport:?}"
    );
    assert_eq!(attempts.load(std::sync::atomic::Ordering::Relaxed), 3);
    call(&client.0, &POST).await.unwrap_err();
    assert_eq!(attempts.load(std::sync::atomic::Ordering::Relaxed), 3 + 1);
}
