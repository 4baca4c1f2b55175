//! A child process under bounds: an address-space limit (`RLIMIT_AS`, inherited by its own
//! children), a wall-clock timeout that kills its whole process group, and its peak resident
//! memory from `wait4` (the largest of the child and the descendants it waited for).

use std::fs::File;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The bounds of one child.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    /// `RLIMIT_AS` in bytes: a hard backstop (allocations fail above it).
    pub address_space: u64,
}

/// How a child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Exited(i32),
    Signaled(i32),
    /// Killed after `Limits::timeout`.
    TimedOut,
}

/// What a bounded run gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub elapsed: Duration,
    /// Peak resident set size in KiB (`ru_maxrss`).
    pub peak_kib: u64,
    /// Standard output and error, interleaved as written.
    pub output: String,
}

impl Outcome {
    pub fn peak_mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }
}

/// Runs `cmd` under `limits`, with its standard output and error going to `log` (then read
/// back into the outcome).
pub fn run(mut cmd: Command, limits: Limits, log: &Path) -> io::Result<Outcome> {
    let file = File::create(log)?;
    cmd.stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file)
        .process_group(0);
    let bytes = limits.address_space as libc::rlim_t;
    // SAFETY: between fork and exec the closure only calls setrlimit, which is
    // async-signal-safe, and allocates nothing.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(io::Error::last_os_error())
            }
        });
    }
    let started = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut timed_out = false;
    let (raw, usage) = loop {
        let flags = if timed_out { 0 } else { libc::WNOHANG };
        match wait4(pid, flags)? {
            Some(done) => break done,
            None if started.elapsed() >= limits.timeout => {
                // The child leads its own process group: cargo's rustc goes too.
                // SAFETY: plain syscall on a process group this function created.
                unsafe { libc::kill(-pid, libc::SIGKILL) };
                timed_out = true;
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let elapsed = started.elapsed();
    // The child was reaped by wait4 above; dropping the handle neither waits nor kills.
    drop(child);
    let status = if timed_out {
        Status::TimedOut
    } else if libc::WIFEXITED(raw) {
        Status::Exited(libc::WEXITSTATUS(raw))
    } else {
        Status::Signaled(libc::WTERMSIG(raw))
    };
    let output = String::from_utf8_lossy(&std::fs::read(log)?).into_owned();
    Ok(Outcome {
        status,
        elapsed,
        peak_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        output,
    })
}

/// The subcommand of this binary that runs one child for [`run_measured`].
pub const WRAPPER: &str = "hostile-child";

/// [`run`] through a fresh process of this binary (`xtask hostile-child`). A child's
/// `ru_maxrss` starts at the resident size of the process that forked it (Linux carries the
/// forking process's high-water mark over `exec`), so a child forked by a large parent would
/// report at least the parent's size; the wrapper is small (a few MiB), so the peak is the
/// child's own.
pub fn run_measured(cmd: Command, limits: Limits, log: &Path) -> io::Result<Outcome> {
    let exe = std::env::current_exe()?;
    let report = log.with_extension("report");
    let _ = std::fs::remove_file(&report);
    let mut wrapper = Command::new(exe);
    wrapper
        .arg(WRAPPER)
        .arg(limits.timeout.as_millis().to_string())
        .arg(limits.address_space.to_string())
        .arg(log)
        .arg(&report)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => wrapper.env(key, v),
            None => wrapper.env_remove(key),
        };
    }
    // The wrapper enforces the timeout; this bound only catches a wrapper that hangs.
    let grace = Limits {
        timeout: limits.timeout + Duration::from_secs(30),
        address_space: u64::MAX,
    };
    let outer = run(wrapper, grace, &log.with_extension("wrapper.log"))?;
    match std::fs::read_to_string(&report)
        .ok()
        .and_then(|r| parse_report(&r))
    {
        Some((status, peak_kib, elapsed)) => Ok(Outcome {
            status,
            elapsed,
            peak_kib,
            output: String::from_utf8_lossy(&std::fs::read(log)?).into_owned(),
        }),
        None => Err(io::Error::other(format!(
            "the measuring wrapper gave no report ({:?}): {}",
            outer.status, outer.output
        ))),
    }
}

/// `xtask hostile-child TIMEOUT_MS ADDRESS_SPACE LOG REPORT PROGRAM ARGS...`: runs PROGRAM
/// under those limits and writes its status, peak and time to REPORT.
pub fn wrapper_main(args: &[String]) -> std::process::ExitCode {
    let parsed = match args {
        [ms, bytes, log, report, program, rest @ ..] => ms
            .parse()
            .ok()
            .zip(bytes.parse().ok())
            .map(|(ms, bytes)| (ms, bytes, log, report, program, rest)),
        _ => None,
    };
    let Some((ms, bytes, log, report, program, rest)) = parsed else {
        eprintln!("usage: xtask {WRAPPER} TIMEOUT_MS ADDRESS_SPACE LOG REPORT PROGRAM ARGS...");
        return std::process::ExitCode::from(2);
    };
    let limits = Limits {
        timeout: Duration::from_millis(ms),
        address_space: bytes,
    };
    let mut cmd = Command::new(program);
    cmd.args(rest);
    let written =
        run(cmd, limits, Path::new(log)).and_then(|o| std::fs::write(report, format_report(&o)));
    match written {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{WRAPPER}: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn format_report(o: &Outcome) -> String {
    let status = match o.status {
        Status::Exited(c) => format!("exit {c}"),
        Status::Signaled(s) => format!("signal {s}"),
        Status::TimedOut => "timeout 0".to_owned(),
    };
    format!("{status} {} {}\n", o.peak_kib, o.elapsed.as_micros())
}

fn parse_report(r: &str) -> Option<(Status, u64, Duration)> {
    let mut f = r.split_whitespace();
    let (kind, n) = (f.next()?, f.next()?.parse().ok()?);
    let status = match kind {
        "exit" => Status::Exited(n),
        "signal" => Status::Signaled(n),
        "timeout" => Status::TimedOut,
        _ => return None,
    };
    let peak = f.next()?.parse().ok()?;
    let micros = f.next()?.parse().ok()?;
    Some((status, peak, Duration::from_micros(micros)))
}

/// `wait4(pid, flags)`: `None` while the child runs (with `WNOHANG`).
fn wait4(pid: libc::pid_t, flags: libc::c_int) -> io::Result<Option<(libc::c_int, libc::rusage)>> {
    loop {
        let mut raw: libc::c_int = 0;
        // SAFETY: rusage is plain data, for which all-zero bytes are a valid value.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: both pointers refer to live locals of the right types.
        let r = unsafe { libc::wait4(pid, &mut raw, flags, &mut usage) };
        if r == pid {
            return Ok(Some((raw, usage)));
        }
        if r == 0 {
            return Ok(None);
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn sh(script: &str, limits: Limits) -> Outcome {
        static RUNS: AtomicUsize = AtomicUsize::new(0);
        let n = RUNS.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("hcgen-child-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(script);
        let out = run(cmd, limits, &dir.join("log")).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        out
    }

    const EASY: Limits = Limits {
        timeout: Duration::from_secs(30),
        address_space: 1 << 30,
    };

    #[test]
    fn exit_codes_signals_and_output_are_reported() {
        let o = sh("echo out; echo err >&2; exit 3", EASY);
        assert_eq!(o.status, Status::Exited(3));
        assert_eq!(o.output, "out\nerr\n");
        assert!(o.peak_kib > 0);
        assert_eq!(sh("kill -ABRT $$", EASY).status, Status::Signaled(6));
    }

    #[test]
    fn the_wrapper_report_round_trips() {
        for status in [Status::Exited(2), Status::Signaled(6), Status::TimedOut] {
            let o = Outcome {
                status,
                elapsed: Duration::from_micros(1_500_000),
                peak_kib: 4096,
                output: String::new(),
            };
            assert_eq!(
                parse_report(&format_report(&o)),
                Some((status, 4096, o.elapsed))
            );
        }
        assert_eq!(parse_report("exit"), None);
    }

    #[test]
    fn a_child_over_its_time_is_killed_with_its_children() {
        let dir = std::env::temp_dir().join(format!("hcgen-child-kill-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let marker = dir.join("survived");
        let limits = Limits {
            timeout: Duration::from_millis(200),
            ..EASY
        };
        let o = sh(&format!("sleep 3; touch '{}'", marker.display()), limits);
        assert_eq!(o.status, Status::TimedOut);
        // Had the kill missed, wait4 would have waited for the shell to write the file.
        assert!(!marker.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
