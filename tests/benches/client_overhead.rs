//! Per-request client overhead of the generated `CopyCheckpoint` call, compared with a
//! hand-written `reqwest` call that sends the same bytes, both against the same minimal
//! loopback HTTP/1.1 server (127.0.0.1 only) in the same run.
//!
//! Run: `cargo bench -p hcgen-tests --bench client_overhead` (see tests/benches/README.md).
//! Under `cargo test --benches` each benchmark runs once, after the request-equality check.

use std::hint::black_box;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use criterion::Criterion;
use huaweicloud_cbr::{Client, Credentials, types};
use reqwest::header::{ACCEPT, CONTENT_TYPE, USER_AGENT};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

const PROJECT_ID: &str = "f841e01fd2b14e7fa41b6ae7aa6b0594";
const TOKEN: &str = "t";
/// The documented 200 response of CopyCheckpoint (spec example), compact.
const RESPONSE_JSON: &str = concat!(
    r#"{"replication":{"destination_vault_id":"0ca3eb86-8800-46da-9c37-9d657a825274","#,
    r#""provider_id":"0daac4c5-6707-4851-97ba-169e36266b66","source_region":"region1","#,
    r#""vault_id":"3b5816b5-f29c-4172-9d9a-76c719a659ce","destination_region":"region2","#,
    r#""destination_project_id":"68589cac08274b82b4e254268a3862d8","backups":["#,
    r#"{"replication_record_id":"de128dfa-5451-4905-9c11-8fc842b2f41e","backup_id":"7558e1a3-7046-4787-95cd-14b0ad0642a8"},"#,
    r#"{"replication_record_id":"892a7d1e-17c8-4751-ad75-cfbed7051857","backup_id":"6df2b54c-dd62-4059-a07c-1b8f24f2725d"},"#,
    r#"{"replication_record_id":"8bf5ce8f-bfa1-4d57-98de-d6159ab9d86d","backup_id":"aa00034d-ef40-443d-ab7a-dc846d988cdf"}],"#,
    r#""project_id":"4229d7a45436489f8c3dc2b1d35d4987"}}"#
);
/// Same time-outs as the generated client's defaults.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const TIMEOUT: Duration = Duration::from_secs(120);
/// A request larger than this closes the connection (the bench sends ~300 bytes).
const MAX_REQUEST_BYTES: usize = 1 << 20;

const GROUP: &str = "copy_checkpoint";
const GENERATED: &str = "generated";
const HAND_WRITTEN: &str = "hand_written_reqwest";

// ---------------------------------------------------------------------------------------
// Loopback server
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Capture {
    enabled: AtomicBool,
    requests: Mutex<Vec<Vec<u8>>>,
}

/// A minimal keep-alive HTTP/1.1 server on its own thread and current-thread runtime. It
/// reads each request up to its `Content-Length` and answers with one fixed 200 response.
/// Dropping it stops the accept loop; dropping its runtime then ends every connection task.
struct LoopbackServer {
    addr: SocketAddr,
    capture: Arc<Capture>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LoopbackServer {
    fn start() -> io::Result<Self> {
        let listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let capture = Arc::new(Capture::default());
        let (shutdown, mut stop) = oneshot::channel::<()>();
        let response: Arc<[u8]> = Arc::from(response_bytes());
        let cap = Arc::clone(&capture);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("loopback-http".to_owned())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(listener) else {
                        return;
                    };
                    loop {
                        tokio::select! {
                            _ = &mut stop => break,
                            accepted = listener.accept() => match accepted {
                                Ok((stream, _)) => {
                                    tokio::spawn(serve(stream, Arc::clone(&cap), Arc::clone(&response)));
                                }
                                Err(_) => break,
                            },
                        }
                    }
                });
                // `runtime` is dropped here, cancelling every connection task.
            })?;
        Ok(LoopbackServer {
            addr,
            capture,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn start_capture(&self) {
        self.capture
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.capture.enabled.store(true, Ordering::SeqCst);
    }

    fn take_captured(&self) -> Vec<Vec<u8>> {
        self.capture.enabled.store(false, Ordering::SeqCst);
        std::mem::take(
            &mut *self
                .capture
                .requests
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        )
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn response_bytes() -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\n\
         X-Request-Id: 5b1c1e2a9a6f4c3e8d7b6a5f4e3d2c1b\r\nConnection: keep-alive\r\n\r\n{}",
        RESPONSE_JSON.len(),
        RESPONSE_JSON
    )
    .into_bytes()
}

/// Serves one connection until the peer closes it, an I/O error, or a malformed request.
async fn serve(
    mut stream: TcpStream,
    capture: Arc<Capture>,
    response: Arc<[u8]>,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    loop {
        let total = loop {
            if let Some(n) = complete_request_len(&buf)? {
                break n;
            }
            if buf.len() > MAX_REQUEST_BYTES {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "request too large",
                ));
            }
            buf.reserve(4 * 1024);
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(());
            }
        };
        if capture.enabled.load(Ordering::Relaxed) {
            capture
                .requests
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(buf[..total].to_vec());
        }
        buf.drain(..total);
        stream.write_all(&response).await?;
    }
}

/// The length of the first complete request in `buf` (head plus `Content-Length` bytes).
fn complete_request_len(buf: &[u8]) -> io::Result<Option<usize>> {
    let Some(head_end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let head = std::str::from_utf8(&buf[..head_end])
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "non-UTF-8 request head"))?;
    let mut content_length = 0usize;
    for line in head.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if name.eq_ignore_ascii_case("content-length") {
            content_length = value
                .trim()
                .parse()
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad Content-Length"))?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "chunked bodies are not supported",
            ));
        }
    }
    let total = head_end + 4 + content_length;
    Ok((buf.len() >= total).then_some(total))
}

// ---------------------------------------------------------------------------------------
// The two clients
// ---------------------------------------------------------------------------------------

async fn call_generated(
    client: &Client,
    body: &types::CheckpointReplicateReq,
) -> types::CopyCheckpointResponseBody {
    client
        .copy_checkpoint()
        .project_id(PROJECT_ID)
        .body(body.clone())
        .send()
        .await
        .expect("generated CopyCheckpoint call")
        .into_body()
}

/// What a user would write by hand with reqwest and serde_json.
struct HandWritten {
    http: reqwest::Client,
    base: String,
    user_agent: String,
}

impl HandWritten {
    fn new(base: String, user_agent: String) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client");
        HandWritten {
            http,
            base,
            user_agent,
        }
    }

    async fn call(
        &self,
        body: &types::CheckpointReplicateReq,
    ) -> types::CopyCheckpointResponseBody {
        let json = serde_json::to_vec(body).expect("serialize body");
        let response = self
            .http
            .post(format!(
                "{}/v3/{PROJECT_ID}/checkpoints/replicate",
                self.base
            ))
            .header(USER_AGENT, self.user_agent.as_str())
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/json;charset=UTF-8")
            .header("X-Auth-Token", TOKEN)
            .body(json)
            .send()
            .await
            .expect("hand-written call");
        assert!(
            response.status().is_success(),
            "status {}",
            response.status()
        );
        let bytes = response.bytes().await.expect("response body");
        serde_json::from_slice(&bytes).expect("decode response")
    }
}

// ---------------------------------------------------------------------------------------
// Equality check: both clients must put the same request on the wire.
// ---------------------------------------------------------------------------------------

struct WireRequest {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn parse_wire(raw: &[u8]) -> WireRequest {
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("request head");
    let head = std::str::from_utf8(&raw[..head_end]).expect("UTF-8 head");
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default().to_owned();
    let mut headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    headers.sort();
    WireRequest {
        request_line,
        headers,
        body: raw[head_end + 4..].to_vec(),
    }
}

/// Sends one request with each client, checks that they are byte-for-byte the same request
/// (header order aside) and that both decode the documented response, and returns the
/// hand-written client configured with the generated client's User-Agent.
async fn check_same_request(
    server: &LoopbackServer,
    generated: &Client,
    body: &types::CheckpointReplicateReq,
) -> HandWritten {
    server.start_capture();
    let from_generated = call_generated(generated, body).await;
    let captured = server.take_captured();
    assert_eq!(
        captured.len(),
        1,
        "the generated client sent {} requests",
        captured.len()
    );
    let gen_req = parse_wire(&captured[0]);
    let user_agent = gen_req
        .headers
        .iter()
        .find(|(n, _)| n == "user-agent")
        .map(|(_, v)| v.clone())
        .expect("generated client sends a User-Agent");

    let hand = HandWritten::new(server.base_url(), user_agent);
    server.start_capture();
    let from_hand = hand.call(body).await;
    let captured = server.take_captured();
    assert_eq!(
        captured.len(),
        1,
        "the hand-written client sent {} requests",
        captured.len()
    );
    let hand_req = parse_wire(&captured[0]);

    assert_eq!(
        gen_req.request_line,
        format!("POST /v3/{PROJECT_ID}/checkpoints/replicate HTTP/1.1")
    );
    assert_eq!(
        gen_req.request_line, hand_req.request_line,
        "request lines differ"
    );
    assert_eq!(gen_req.headers, hand_req.headers, "header sets differ");
    assert_eq!(gen_req.body, hand_req.body, "bodies differ");
    let expected_body = serde_json::to_vec(body).expect("serialize");
    assert_eq!(
        gen_req.body, expected_body,
        "body is not the compact JSON of the request"
    );
    for name in [
        "user-agent",
        "accept",
        "content-type",
        "x-auth-token",
        "content-length",
        "host",
    ] {
        assert!(
            gen_req.headers.iter().any(|(n, _)| n == name),
            "missing header {name}"
        );
    }
    assert_eq!(from_generated, from_hand, "decoded responses differ");
    let backups = from_generated
        .replication
        .as_ref()
        .and_then(|r| r.backups.as_ref())
        .map(Vec::len);
    assert_eq!(backups, Some(3), "documented response not decoded");
    hand
}

// ---------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------

/// Where criterion writes its results; set explicitly so the ratio can be read back.
/// Same order as criterion's own default: `$CRITERION_HOME`, `$CARGO_TARGET_DIR/criterion`,
/// else the workspace's `target/criterion`.
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(target).join("criterion");
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("target")
        .join("criterion")
}

/// True when criterion will measure (`cargo bench`), not just run once (`cargo test`),
/// list or profile.
fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    has("--bench")
        && !has("--test")
        && !has("--list")
        && !args.iter().any(|a| a.starts_with("--profile-time"))
}

#[derive(Debug, Clone, Copy)]
struct Estimate {
    median_ns: f64,
    mean_ns: f64,
    /// The estimate criterion prints on its `time:` line (linear sampling), if any.
    slope_ns: Option<f64>,
}

/// Reads `<dir>/<group>/<bench>/new/estimates.json`, if written by this run.
fn read_estimate(dir: &Path, bench: &str, since: SystemTime) -> Option<Estimate> {
    let file = dir
        .join(GROUP)
        .join(bench)
        .join("new")
        .join("estimates.json");
    let fresh = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= since);
    if !fresh {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).ok()?).ok()?;
    Some(Estimate {
        median_ns: json["median"]["point_estimate"].as_f64()?,
        mean_ns: json["mean"]["point_estimate"].as_f64()?,
        slope_ns: json["slope"]["point_estimate"].as_f64(),
    })
}

fn micros(ns: f64) -> String {
    format!("{:.2} µs", ns / 1_000.0)
}

/// The `q` quantile (0..=1) of `xs`, by linear interpolation; NaN when empty.
fn quantile(xs: &[f64], q: f64) -> f64 {
    let mut xs = xs.to_vec();
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n => {
            let pos = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            xs[lo] + (xs[hi] - xs[lo]) * (pos - lo as f64)
        }
    }
}

fn median(xs: &[f64]) -> f64 {
    quantile(xs, 0.5)
}

/// Result of the interleaved A/B measurement (all times in ns per call).
struct AbResult {
    generated: Quartiles,
    hand: Quartiles,
}

#[derive(Debug, Clone, Copy)]
struct Quartiles {
    q1: f64,
    median: f64,
    q3: f64,
}

impl Quartiles {
    fn of(xs: &[f64]) -> Self {
        Quartiles {
            q1: quantile(xs, 0.25),
            median: median(xs),
            q3: quantile(xs, 0.75),
        }
    }
}

/// The headline measurement: the two clients alternate call by call (A B, B A, A B, ...),
/// each call timed on its own, so that drift and background load (other processes on a
/// shared 2-core machine) hit both alike; the median per-call latency of each client then
/// ignores the calls that were preempted.
async fn interleaved(
    generated: &Client,
    hand: &HandWritten,
    body: &types::CheckpointReplicateReq,
    pairs: usize,
) -> AbResult {
    for _ in 0..AB_WARM_UP {
        black_box(call_generated(generated, body).await);
        black_box(hand.call(body).await);
    }
    let mut gen_ns = Vec::with_capacity(pairs);
    let mut hand_ns = Vec::with_capacity(pairs);
    for pair in 0..pairs {
        for generated_turn in [pair % 2 == 0, pair % 2 == 1] {
            let start = Instant::now();
            if generated_turn {
                black_box(call_generated(generated, body).await);
                gen_ns.push(start.elapsed().as_nanos() as f64);
            } else {
                black_box(hand.call(body).await);
                hand_ns.push(start.elapsed().as_nanos() as f64);
            }
        }
    }
    AbResult {
        generated: Quartiles::of(&gen_ns),
        hand: Quartiles::of(&hand_ns),
    }
}

const TARGET_RATIO: f64 = 1.05;
/// Interleaved A/B: calls per client after warm-up (~0.7 s at ~32 µs a call).
const AB_PAIRS: usize = 10_000;
const AB_WARM_UP: usize = 500;

/// `CLIENT_OVERHEAD_COUNT=<client>:<calls>` (client `generated` or `hand_written_reqwest`):
/// after the equality check, make that many calls with one client and exit, for an
/// instruction count under `valgrind --tool=callgrind` (see tests/benches/instructions.sh).
fn counting_run() -> Option<(String, usize)> {
    let spec = std::env::var("CLIENT_OVERHEAD_COUNT").ok()?;
    let (client, calls) = spec.split_once(':')?;
    if client != GENERATED && client != HAND_WRITTEN {
        panic!("CLIENT_OVERHEAD_COUNT: unknown client {client:?}");
    }
    Some((
        client.to_owned(),
        calls
            .parse()
            .expect("CLIENT_OVERHEAD_COUNT: a number of calls"),
    ))
}

fn main() {
    let started = SystemTime::now();
    let server = LoopbackServer::start().expect("start the loopback server");
    // The client side runs on the bench thread (current-thread runtime); the server has its
    // own thread: two busy threads for two cores.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");
    let generated = Client::builder()
        .endpoint(server.base_url())
        .credentials(Credentials::token(TOKEN))
        .build()
        .expect("generated client");
    let body = hcgen_tests::documented_request();
    let hand = rt.block_on(check_same_request(&server, &generated, &body));
    if let Some((client, calls)) = counting_run() {
        rt.block_on(async {
            for _ in 0..calls {
                match client.as_str() {
                    GENERATED => drop(black_box(call_generated(&generated, &body).await)),
                    _ => drop(black_box(hand.call(&body).await)),
                }
            }
        });
        println!("{calls} calls of {client}");
        return;
    }

    let dir = criterion_dir();
    let mut criterion = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .output_directory(&dir)
        .configure_from_args();
    {
        let (generated, hand, body) = (&generated, &hand, &body);
        let mut group = criterion.benchmark_group(GROUP);
        group.bench_function(GENERATED, |b| {
            b.to_async(&rt).iter(|| call_generated(generated, body))
        });
        group.bench_function(HAND_WRITTEN, |b| b.to_async(&rt).iter(|| hand.call(body)));
        group.finish();
    }
    criterion.final_summary();

    if !measuring() {
        return;
    }
    println!();
    match (
        read_estimate(&dir, GENERATED, started),
        read_estimate(&dir, HAND_WRITTEN, started),
    ) {
        (Some(g), Some(h)) => {
            for (name, e) in [(GENERATED, g), (HAND_WRITTEN, h)] {
                let slope = e
                    .slope_ns
                    .map(|ns| format!(", slope {}", micros(ns)))
                    .unwrap_or_default();
                println!(
                    "criterion {GROUP}/{name}: median {}, mean {}{slope}",
                    micros(e.median_ns),
                    micros(e.mean_ns)
                );
            }
            println!(
                "criterion ratio generated/hand-written: {:.2} (medians), {:.2} (means); the two \
                 benches run one after the other, so load changes between them skew this ratio",
                g.median_ns / h.median_ns,
                g.mean_ns / h.mean_ns
            );
        }
        _ => println!(
            "criterion estimates for both {GROUP}/{GENERATED} and {GROUP}/{HAND_WRITTEN} were not \
             written by this run (filtered?) under {}",
            dir.display()
        ),
    }
    let ab = rt.block_on(interleaved(&generated, &hand, &body, AB_PAIRS));
    let ratio = ab.generated.median / ab.hand.median;
    for (name, q) in [(GENERATED, ab.generated), (HAND_WRITTEN, ab.hand)] {
        println!(
            "interleaved A/B {GROUP}/{name}: median {} per call (quartiles {} .. {}, {AB_PAIRS} calls)",
            micros(q.median),
            micros(q.q1),
            micros(q.q3)
        );
    }
    println!(
        "overhead per call: {} (difference of the interleaved medians)",
        micros(ab.generated.median - ab.hand.median)
    );
    println!("ratio generated/hand-written = {ratio:.2}");
    let verdict = if ratio <= TARGET_RATIO {
        "met"
    } else {
        "NOT met"
    };
    println!(
        "(ratio of the median per-call latencies, calls interleaved one by one; \
         {ratio:.3} vs target {TARGET_RATIO:.2}: {verdict})"
    );
    drop(rt);
    drop(server);
}
