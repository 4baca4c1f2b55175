//! TLS with whichever backend this build enabled (`rustls`, `rustls-aws-lc-rs` or
//! `native-tls`): a certificate the client does not trust, or one for another name, is
//! refused before any request is sent; a client given the CA gets the answer.

use crate::{Client, POST, builder, call};
use hcgen_runtime::{Error, RetryPolicy, reqwest};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

const CA: &[u8] = include_bytes!("tls/ca.pem");
const LOOPBACK: (&[u8], &[u8]) = (
    include_bytes!("tls/loopback.pem"),
    include_bytes!("tls/loopback.key"),
);
const WRONG_NAME: (&[u8], &[u8]) = (
    include_bytes!("tls/wrong-name.pem"),
    include_bytes!("tls/wrong-name.key"),
);

/// An HTTPS server on 127.0.0.1 (rustls with ring, whatever the client uses) that answers
/// every request with `200 ok` and counts handshakes that failed and requests it read.
struct TlsServer {
    url: String,
    requests: Arc<Mutex<Vec<String>>>,
    failed_handshakes: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl TlsServer {
    fn start((cert, key): (&[u8], &[u8])) -> TlsServer {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::{CertificateDer, PrivateKeyDer};
        let chain = vec![CertificateDer::from_pem_slice(cert).expect("test certificate")];
        let key = PrivateKeyDer::from_pem_slice(key).expect("test key");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server certificate");
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("https://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let failed_handshakes = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (requests, failed, stop) = (
                Arc::clone(&requests),
                Arc::clone(&failed_handshakes),
                Arc::clone(&stop),
            );
            std::thread::spawn(move || {
                // Bounded: at most 30 s, or until the test drops the server.
                for _ in 0..3000 {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    match listener.accept() {
                        Ok((stream, _)) => serve(stream, &config, &requests, &failed),
                        Err(_) => std::thread::sleep(Duration::from_millis(10)),
                    }
                }
            })
        };
        TlsServer {
            url,
            requests,
            failed_handshakes,
            stop,
            thread: Some(thread),
        }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One connection: the handshake, one request head, `200 ok`.
fn serve(
    stream: TcpStream,
    config: &Arc<rustls::ServerConfig>,
    requests: &Mutex<Vec<String>>,
    failed: &AtomicUsize,
) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let Ok(conn) = rustls::ServerConnection::new(Arc::clone(config)) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(conn, stream);
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match tls.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => {
                if tls.conn.is_handshaking() {
                    failed.fetch_add(1, Ordering::SeqCst);
                }
                return;
            }
        }
    }
    requests
        .lock()
        .unwrap()
        .push(String::from_utf8_lossy(&head).into_owned());
    let _ = tls.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

/// A `reqwest::Client` that trusts the test CA (besides the usual roots), as a caller with
/// a private CA would build one.
fn trusting_the_test_ca() -> reqwest::Client {
    // Builds with `rustls` (ring, no provider of reqwest's own) need one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ca = reqwest::Certificate::from_pem(CA).expect("test CA");
    reqwest::Client::builder()
        .add_root_certificate(ca)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client trusting the test CA")
}

fn assert_refused(result: Result<hcgen_runtime::RawResponse, Error>, server: &TlsServer) {
    let err = result.expect_err("the TLS handshake must fail");
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert!(
        server.requests().is_empty(),
        "a request was sent over an unverified connection: {:?}",
        server.requests()
    );
    // The server sees the failure when the client's alert or close reaches it: wait for it
    // (bounded: 5 s).
    for _ in 0..500 {
        if server.failed_handshakes.load(Ordering::SeqCst) > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(server.failed_handshakes.load(Ordering::SeqCst), 1, "{err}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn a_certificate_from_an_unknown_ca_is_refused_by_the_default_client() {
    let server = TlsServer::start(LOOPBACK);
    let Client(core) = builder(&server.url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    assert_refused(call(&core, &POST).await, &server);
}

#[tokio::test]
async fn a_client_that_trusts_the_ca_gets_the_answer() {
    let server = TlsServer::start(LOOPBACK);
    let Client(core) = builder(&server.url)
        .http_client(trusting_the_test_ca())
        .build()
        .unwrap();
    let response = call(&core, &POST)
        .await
        .expect("the call succeeds over TLS");
    assert_eq!(response.status, 200);
    assert_eq!(&response.body[..], b"ok");
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(
        requests[0].starts_with("POST /thing HTTP/1.1\r\n"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_certificate_for_another_name_is_refused_even_from_a_trusted_ca() {
    let server = TlsServer::start(WRONG_NAME);
    let Client(core) = builder(&server.url)
        .http_client(trusting_the_test_ca())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    assert_refused(call(&core, &POST).await, &server);
}
