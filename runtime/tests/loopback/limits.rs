//! The response size limit.

use crate::server::{Reply, Server, reply};
use crate::{Client, GET, builder, call};
use hcgen_runtime::Error;
use std::time::{Duration, Instant};

/// A client of `server` that reads at most 1 KiB of a response.
fn capped(server: &Server) -> Client {
    builder(&server.url)
        .max_response_bytes(1024)
        .build()
        .unwrap()
}

/// One call of `server` with a 1 KiB limit, which must fail with the limit's error.
async fn too_large(server: &Server) -> Error {
    let err = call(&capped(server).0, &GET).await.unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 1024, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("1024 bytes") && text.contains("max_response_bytes"),
        "{text}"
    );
    err
}

#[tokio::test]
async fn a_body_over_the_limit_stops_the_read_and_drops_the_connection() {
    // A body that never ends: only a client that stops reading finishes this call.
    let server = Server::start(vec![Reply::Endless { chunks: 2 }]);
    let err = too_large(&server).await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    // Not retried: the same body would come again.
    assert_eq!(server.requests().len(), 1);
    // The server saw the client close the connection (it waits up to 10 s for that). The
    // wait yields, so that the runtime's connection task can close it.
    let deadline = Instant::now() + Duration::from_secs(15);
    while !server.client_closed() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(server.client_closed());
}

#[tokio::test]
async fn a_content_length_over_the_limit_fails_before_reading() {
    let body = vec![b'x'; 64 * 1024];
    too_large(&Server::start(vec![reply("200 OK", &[], &body)])).await;
}

#[tokio::test]
async fn an_error_body_over_the_limit_is_reported_as_too_large() {
    let body = vec![b'e'; 64 * 1024];
    let status = "400 Bad Request";
    let server = Server::start(vec![reply(status, &["x-request-id: big"], &body)]);
    let err = too_large(&server).await;
    assert_eq!(err.request_id(), Some("big"));
}

#[tokio::test]
async fn a_body_at_the_limit_is_read_whole() {
    let body = vec![b'x'; 1024];
    let server = Server::start(vec![reply("200 OK", &[], &body)]);
    let response = call(&capped(&server).0, &GET).await.unwrap();
    assert_eq!(response.body.len(), 1024);
}
