//! The generic runtime authenticates as the spec's `securitySchemes` say, against a loopback
//! server: an API key in the query or a cookie, HTTP basic, and a bearer token from a token
//! provider that is asked before every request.

use hcgen_runtime::secrecy::SecretString;
use hcgen_runtime::{
    ApiInfo, ClientBuilder, ClientCore, Credentials, Error, FromCore, KeyLocation, OperationInfo,
    RetryPolicy, SecurityInfo, TokenFuture, TokenProvider,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static API: ApiInfo = ApiInfo {
    crate_name: "generic-auth-test",
    crate_version: "0.0.0",
    servers: &[],
    profile: None,
};

struct Client(ClientCore);

impl FromCore for Client {
    fn from_core(core: ClientCore) -> Self {
        Client(core)
    }
}

fn operation(security: &'static [SecurityInfo]) -> &'static OperationInfo {
    Box::leak(Box::new(OperationInfo {
        name: "GetThing",
        method: "GET",
        path_template: "/thing",
        security,
    }))
}

async fn call(
    uri: &str,
    credentials: Credentials,
    security: &'static [SecurityInfo],
) -> Result<(), Error> {
    let client: Client = ClientBuilder::new(&API)
        .endpoint(uri)
        .credentials(credentials)
        .build()?;
    client
        .0
        .request(operation(security), "/thing".to_owned())
        .send()
        .await
        .map(|_| ())
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/thing"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn api_keys_go_in_the_query_or_a_cookie() {
    let server = server().await;
    call(
        &server.uri(),
        Credentials::token("k&y=1").into(),
        &[SecurityInfo::ApiKey {
            scheme: "q",
            location: KeyLocation::Query,
            name: "api_key",
        }],
    )
    .await
    .unwrap();
    call(
        &server.uri(),
        Credentials::token("c00kie").into(),
        &[SecurityInfo::ApiKey {
            scheme: "c",
            location: KeyLocation::Cookie,
            name: "session",
        }],
    )
    .await
    .unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    let key: Vec<(String, String)> = received[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(key, [("api_key".to_owned(), "k&y=1".to_owned())]);
    assert_eq!(received[1].headers["cookie"], "session=c00kie");
}

#[tokio::test]
async fn basic_credentials_are_sent_to_basic_schemes_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Basic dXNlcjpwQHNz"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    call(
        &server.uri(),
        Credentials::basic("user", "p@ss"),
        &[SecurityInfo::Basic { scheme: "basic" }],
    )
    .await
    .unwrap();
    let err = call(
        &server.uri(),
        Credentials::basic("user", "p@ss"),
        &[SecurityInfo::Bearer { scheme: "jwt" }],
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(!err.to_string().contains("p@ss"), "{err}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "nothing sent"
    );
}

/// A provider that counts its calls and gives a new token each time.
#[derive(Debug, Default)]
struct Counting(Arc<AtomicUsize>);

impl TokenProvider for Counting {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let n = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(SecretString::from(format!("token-{n}")))
        })
    }
}

#[derive(Debug)]
struct Failing;

impl TokenProvider for Failing {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async { Err(Error::Auth("the identity provider is down".to_owned())) })
    }
}

#[tokio::test]
async fn a_token_provider_is_asked_before_every_request() {
    let server = MockServer::start().await;
    for n in 1..=2 {
        Mock::given(method("GET"))
            .and(header(
                "authorization",
                format!("Bearer token-{n}").as_str(),
            ))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
    }
    let calls = Arc::new(AtomicUsize::new(0));
    let credentials = Credentials::token_provider(Counting(calls.clone()));
    let security: &'static [SecurityInfo] = &[SecurityInfo::OAuth2 { scheme: "oauth" }];
    for _ in 0..2 {
        call(&server.uri(), credentials.clone(), security)
            .await
            .unwrap();
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    let err = call(
        &server.uri(),
        Credentials::token_provider(Failing),
        security,
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("the identity provider is down"),
        "{err}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "nothing sent"
    );
}

/// A key in the query never shows in a transport error (reqwest's own message names the
/// URL it failed on).
#[tokio::test]
async fn a_query_key_stays_out_of_transport_errors() {
    // A port nothing listens on: the connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let uri = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client: Client = ClientBuilder::new(&API)
        .endpoint(&uri)
        .credentials(Credentials::token("s3cret-key"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let security: &'static [SecurityInfo] = &[SecurityInfo::ApiKey {
        scheme: "q",
        location: KeyLocation::Query,
        name: "api_key",
    }];
    let err = client
        .0
        .request(operation(security), "/thing".to_owned())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    let mut shown = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(s) = source {
        shown.push_str(&format!(" {s} {s:?}"));
        source = s.source();
    }
    assert!(!shown.contains("s3cret"), "{shown}");
}
