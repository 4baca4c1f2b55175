//! A scripted HTTP/1.1 server on 127.0.0.1 that records every request it receives.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How the server answers one request.
#[derive(Clone)]
pub enum Reply {
    /// These bytes (a whole response, `connection: close`), then the connection is closed.
    Raw(Vec<u8>),
    /// A chunked 200 response of `chunks` chunks of 1 KiB that never ends: the server then
    /// waits (up to 10 s) for the client to close the connection, and records whether it did.
    Endless { chunks: usize },
}

/// A response with `status`, extra header lines and `body`.
pub fn reply(status: &str, headers: &[&str], body: &[u8]) -> Reply {
    let mut raw = format!(
        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for h in headers {
        raw.push_str(h);
        raw.push_str("\r\n");
    }
    raw.push_str("\r\n");
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(body);
    Reply::Raw(raw)
}

/// The running server; it stops when dropped.
pub struct Server {
    pub url: String,
    requests: Arc<Mutex<Vec<String>>>,
    client_closed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Answers the requests with `script` in order, the last reply repeated once it runs out.
    pub fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let client_closed = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (requests, client_closed, stop) =
                (requests.clone(), client_closed.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut served = 0;
                while !stop.load(Ordering::Relaxed) {
                    let stream = match listener.accept() {
                        Ok((s, _)) => s,
                        Err(_) => {
                            std::thread::sleep(Duration::from_millis(1));
                            continue;
                        }
                    };
                    let Some(head) = read_request(&stream) else {
                        continue;
                    };
                    requests.lock().unwrap().push(head);
                    let reply = script[served.min(script.len() - 1)].clone();
                    served += 1;
                    answer(stream, reply, &client_closed);
                }
            })
        };
        Server {
            url,
            requests,
            client_closed,
            stop,
            thread: Some(thread),
        }
    }

    /// The heads of the requests received so far (request line and headers, lower-case names
    /// as the client sent them).
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }

    /// True when the client closed a connection in the middle of an endless body.
    pub fn client_closed(&self) -> bool {
        self.client_closed.load(Ordering::Relaxed)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Reads a request's head and its `content-length` body; `None` if the client went away.
fn read_request(mut stream: &TcpStream) -> Option<String> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? != 1 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some(head)
}

fn answer(mut stream: TcpStream, reply: Reply, client_closed: &AtomicBool) {
    match reply {
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Endless { chunks } => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n");
            let chunk = format!("400\r\n{}\r\n", "z".repeat(1024));
            for _ in 0..chunks {
                let _ = stream.write_all(chunk.as_bytes());
            }
            let _ = stream.flush();
            // The body never ends: only the client can end this connection.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut buf = [0u8; 64];
            let closed = match stream.read(&mut buf) {
                Ok(0) => true,
                Ok(_) => false,
                Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
            };
            client_closed.store(closed, Ordering::Relaxed);
        }
    }
}
