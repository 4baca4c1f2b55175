//! tests/fastapi-app served by uvicorn on 127.0.0.1, on a port the system picks (uvicorn's
//! `--port 0`; the port is read from its start-up line, so no other process can take it in
//! between), stopped when the [`Server`] is dropped. Every wait is bounded.
//!
//! The Python is `HCGEN_FASTAPI_PYTHON` (default `python3`; a relative path is from the
//! workspace root) and must have tests/fastapi-app/requirements.txt installed. The tests run
//! only with `HCGEN_FASTAPI=1` (as `.ci/run` sets it; see tests/build.rs), and are reported as
//! ignored otherwise; a missing Python is then a failure.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the Python check and uvicorn's start may take.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The line uvicorn writes once it listens; the address follows it.
const RUNNING: &str = "Uvicorn running on http://";

/// A running application; killed (and waited for) on drop.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `HCGEN_FASTAPI_PYTHON` (a relative path is taken from the workspace root, as `.ci/run`
/// sees it, not from tests/ where cargo runs the test), else `python3` from `PATH`.
fn python() -> String {
    match std::env::var("HCGEN_FASTAPI_PYTHON") {
        Ok(p) if p.contains('/') && std::path::Path::new(&p).is_relative() => {
            hcgen_tests::root().join(p).display().to_string()
        }
        Ok(p) => p,
        Err(_) => "python3".to_owned(),
    }
}

/// The application served. These tests run when `HCGEN_FASTAPI=1` turned them on (or
/// `--ignored` asked for them): a Python without the requirements is then a failure, named
/// with how to fix it. `test` names the caller in the message.
pub fn start(test: &str) -> Server {
    if let Err(why) = requirements_present() {
        panic!(
            "{test} needs a Python with tests/fastapi-app/requirements.txt installed \
             (`pip install -r tests/fastapi-app/requirements.txt`), named by \
             HCGEN_FASTAPI_PYTHON: {why}"
        );
    }
    serve()
}

/// Whether `python()` runs and imports what the application needs; the error says which
/// Python failed and how.
fn requirements_present() -> Result<(), String> {
    let py = python();
    let child = Command::new(&py)
        .args(["-B", "-c", "import fastapi, uvicorn, multipart"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("`{py}` does not run ({e})"))?;
    let (status, stderr) = wait_bounded(child, START_TIMEOUT)
        .map_err(|e| format!("`{py} -c 'import fastapi, uvicorn, multipart'`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        let last = stderr.lines().last().unwrap_or("").to_owned();
        Err(format!(
            "`{py}` lacks the application's requirements ({last})"
        ))
    }
}

/// Waits for `child` at most `timeout` (killing it after that); its exit status and stderr.
fn wait_bounded(
    mut child: Child,
    timeout: Duration,
) -> Result<(std::process::ExitStatus, String), String> {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                let mut stderr = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
                }
                return Ok((status, stderr));
            }
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {timeout:?}"));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// Starts uvicorn and waits (bounded) for the line that names its address; panics with
/// uvicorn's output when it exits or stays silent instead.
fn serve() -> Server {
    let app_dir = hcgen_tests::root().join("tests/fastapi-app");
    let mut child = Command::new(python())
        .args(["-B", "-m", "uvicorn", "--app-dir"])
        .arg(&app_dir)
        .args(["app:app", "--host", "127.0.0.1", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("uvicorn starts");
    let stderr = child.stderr.take().expect("uvicorn's stderr is piped");
    let mut server = Server {
        child,
        url: String::new(),
    };
    // uvicorn's log, line by line; the thread ends when uvicorn exits (its stderr closes).
    let (lines, log) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + START_TIMEOUT;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match log.recv_timeout(left) {
            Ok(line) => {
                if let Some(rest) = line.split(RUNNING).nth(1) {
                    let address = rest.split_whitespace().next().unwrap_or_default();
                    server.url = format!("http://{address}");
                    break;
                }
                seen.push(line);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "uvicorn did not start within {START_TIMEOUT:?}; its log:\n{}",
                seen.join("\n")
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!(
                "uvicorn exited before listening; its log:\n{}",
                seen.join("\n")
            ),
        }
    }
    // The rest of the log goes to the test's output (shown when it fails).
    std::thread::spawn(move || {
        for line in log {
            eprintln!("uvicorn: {line}");
        }
    });
    server
}
