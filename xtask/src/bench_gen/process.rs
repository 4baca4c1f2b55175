//! Child processes run with their output to files, a deadline, and their memory measured.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cmd` with stdout and stderr to files, killing it after `timeout`; `None` on timeout.
pub fn run_logged(
    cmd: Command,
    stdout: &Path,
    stderr: &Path,
    timeout: Duration,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    run_logged_sampling(cmd, stdout, stderr, timeout, None)
}

/// [`run_logged`]; with `rustc_peak`, also samples (every 100 ms) the summed resident memory
/// of all `rustc` processes, and keeps the largest sum in KiB: when cargo builds several
/// crates at once, that is what the build needs, more than its largest process.
pub fn run_logged_sampling(
    mut cmd: Command,
    stdout: &Path,
    stderr: &Path,
    timeout: Duration,
    mut rustc_peak: Option<&mut u64>,
) -> std::io::Result<Option<std::process::ExitStatus>> {
    cmd.stdin(Stdio::null())
        .stdout(File::create(stdout)?)
        .stderr(File::create(stderr)?);
    let mut child = cmd.spawn()?;
    let deadline = Instant::now() + timeout;
    for tick in 0u64.. {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(None);
        }
        if tick % 5 == 0
            && let Some(peak) = rustc_peak.as_deref_mut()
        {
            *peak = (*peak).max(rustc_rss_kib());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(None)
}

/// The summed resident memory of the running `rustc` processes, in KiB (Linux `/proc`; 0
/// elsewhere).
fn rustc_rss_kib() -> u64 {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return 0;
    };
    procs
        .flatten()
        .filter(|p| {
            p.file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|p| {
            std::fs::read_to_string(p.path().join("comm")).is_ok_and(|c| c.trim_end() == "rustc")
        })
        .filter_map(|p| std::fs::read_to_string(p.path().join("status")).ok())
        .filter_map(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .sum()
}

/// `Maximum resident set size (kbytes): N` from `/usr/bin/time -v`.
pub fn max_rss_kib(text: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

/// Why a command run with `output()` failed: its exit status and the last line of its stderr
/// (cargo's error), or the error that kept it from running.
pub fn failure(output: &std::io::Result<std::process::Output>) -> String {
    match output {
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            match stderr.lines().rev().find(|l| !l.trim().is_empty()) {
                Some(last) => format!("{}: {}", o.status, last.trim()),
                None => o.status.to_string(),
            }
        }
        Err(e) => e.to_string(),
    }
}
