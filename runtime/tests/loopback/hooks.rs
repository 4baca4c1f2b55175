//! Hooks see every attempt, before authentication.

use crate::server::{Server, reply};
use crate::{GET, builder, call};
use hcgen_runtime::{
    Attempt, Authenticator, Credentials, Error, Hook, OperationInfo, OutgoingRequest, ResponseInfo,
};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Counts the attempts that ended without a response.
pub struct CountErrors(pub Arc<AtomicU32>);

impl Hook for CountErrors {
    fn on_error(&self, _: &Error, _: &Attempt<'_>, _: Duration) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// What a hook saw of a response: attempt, status, request ID.
type Seen = Arc<Mutex<Vec<(u32, u16, Option<String>)>>>;

/// Adds `x-attempt: <n>` and records the responses it sees.
struct Tagger {
    seen: Seen,
}

impl Hook for Tagger {
    fn on_request(&self, request: &mut OutgoingRequest, attempt: &Attempt<'_>) {
        request
            .headers
            .insert("x-attempt", attempt.number.to_string().parse().unwrap());
    }

    fn on_response(&self, response: &ResponseInfo<'_>) {
        self.seen.lock().unwrap().push((
            response.attempt.number,
            response.status.as_u16(),
            response.request_id.map(str::to_owned),
        ));
    }
}

/// Records the `x-attempt` header it is asked to authenticate, and signs it into
/// `x-signed`, as a signature covers the headers it sees.
#[derive(Debug)]
struct Signer;

impl Authenticator for Signer {
    fn authenticate(&self, request: &mut OutgoingRequest, _: &OperationInfo) -> Result<(), Error> {
        let attempt = request
            .headers
            .get("x-attempt")
            .map(|v| v.to_str().unwrap_or("?").to_owned())
            .unwrap_or_else(|| "none".to_owned());
        request
            .headers
            .insert("x-signed", format!("attempt={attempt}").parse().unwrap());
        Ok(())
    }
}

#[tokio::test]
async fn a_hook_adds_headers_before_signing_and_sees_every_attempt() {
    let server = Server::start(vec![
        reply("503 Service Unavailable", &["x-request-id: r1"], b""),
        reply("200 OK", &["x-request-id: r2"], b"{}"),
    ]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = builder(&server.url)
        .hook(Tagger { seen: seen.clone() })
        .credentials(Credentials::custom(Signer))
        .build()
        .unwrap();
    call(&client.0, &GET).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for (i, head) in requests.iter().enumerate() {
        let n = i + 1;
        assert!(head.contains(&format!("\r\nx-attempt: {n}\r\n")), "{head}");
        // The authenticator ran again on each attempt, after the hook.
        assert!(
            head.contains(&format!("\r\nx-signed: attempt={n}\r\n")),
            "{head}"
        );
    }
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (1, 503, Some("r1".to_owned())),
            (2, 200, Some("r2".to_owned()))
        ]
    );
}

#[tokio::test]
async fn hooks_run_in_the_order_they_were_added() {
    struct Append(&'static str);
    impl Hook for Append {
        fn on_request(&self, request: &mut OutgoingRequest, _: &Attempt<'_>) {
            request.headers.append("x-order", self.0.parse().unwrap());
        }
    }
    let server = Server::start(vec![reply("204 No Content", &[], b"")]);
    let client = builder(&server.url)
        .hook(Append("first"))
        .hook(Append("second"))
        .build()
        .unwrap();
    call(&client.0, &GET).await.unwrap();
    let head = &server.requests()[0];
    let first = head.find("x-order: first").expect(head);
    let second = head.find("x-order: second").expect(head);
    assert!(first < second, "{head}");
}
