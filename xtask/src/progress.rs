//! Progress on stderr for the commands that walk many specs (`corpus`, `bench-gen`): the phase
//! (generate, check, measure, build, ...), the spec, n of N and the time since the command
//! started.
//!
//! On a terminal, an indicatif bar whose spinner and clock tick even while one step takes
//! minutes; result lines are printed above it. Anywhere else (a CI log, a pipe), one plain line
//! when a step starts and one per result, so that a log shows what was running when it
//! stopped:
//!
//! ```text
//! corpus: [00:01:05] check 3/12: github-rest.json: cargo check
//! bench-gen: [00:02:14] build 1/2: petstore.yaml: hcgen build: ok in 9.8 s, peak 412 MiB
//! ```
//!
//! Nothing here goes to stdout, which holds the commands' reports.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How often the bar redraws by itself (spinner and clock) while a step runs.
const TICK: Duration = Duration::from_millis(200);

pub struct Progress {
    command: &'static str,
    started: Instant,
    phase: String,
    total: usize,
    step: usize,
    item: String,
    what: String,
    out: Output,
}

enum Output {
    /// A terminal: a bar redrawn in place.
    Bar(ProgressBar),
    /// Anything else: each line handed to this sink (stderr, or a test's buffer).
    Lines(Box<dyn FnMut(&str)>),
}

impl Progress {
    /// A bar when stderr is a terminal, plain lines on stderr otherwise.
    pub fn stderr(command: &'static str) -> Self {
        let out = if std::io::stderr().is_terminal() {
            Output::Bar(bar())
        } else {
            Output::Lines(Box::new(|line| eprintln!("{line}")))
        };
        Self::with_output(command, out)
    }

    /// Plain lines handed to `sink`, whatever stderr is.
    #[cfg(test)]
    pub fn lines(command: &'static str, sink: impl FnMut(&str) + 'static) -> Self {
        Self::with_output(command, Output::Lines(Box::new(sink)))
    }

    fn with_output(command: &'static str, out: Output) -> Self {
        Progress {
            command,
            started: Instant::now(),
            phase: String::new(),
            total: 0,
            step: 0,
            item: String::new(),
            what: String::new(),
            out,
        }
    }

    /// Starts phase `name`, of `total` steps (one a spec, usually).
    pub fn phase(&mut self, name: &str, total: usize) {
        self.phase = name.to_owned();
        self.total = total;
        self.step = 0;
        if let Output::Bar(bar) = &self.out {
            bar.set_prefix(format!("{}: {name}", self.command));
            bar.set_length(total as u64);
            bar.set_position(0);
        }
    }

    /// Starts step `n` (from 1) of the phase: `item` (a spec), doing `what` ("" when the phase
    /// says it all). Prints a plain line; updates the bar.
    pub fn begin(&mut self, n: usize, item: &str, what: &str) {
        self.step = n;
        self.item = item.to_owned();
        self.what = what.to_owned();
        match &mut self.out {
            Output::Bar(bar) => {
                bar.set_position(n as u64);
                bar.set_message(joined(&[item, what]));
            }
            Output::Lines(_) => {
                let line = self.line(None);
                self.emit(&line);
            }
        }
    }

    /// What the current step is doing now (a round of a measurement): shown on the bar only, as
    /// a plain line per round would drown a log; [`Progress::done`]'s line leaves it out.
    pub fn update(&mut self, now: &str) {
        if let Output::Bar(bar) = &self.out {
            bar.set_message(joined(&[&self.item, &self.what, now]));
        }
    }

    /// The current step's result: one line (above the bar on a terminal).
    pub fn done(&mut self, result: &str) {
        let line = self.line(Some(result));
        self.emit(&line);
    }

    /// A line of its own (a warning), printed without disturbing the bar.
    pub fn note(&mut self, text: &str) {
        self.emit(text);
    }

    /// Removes the bar, before the report goes to stdout.
    pub fn finish(self) {
        if let Output::Bar(bar) = &self.out {
            bar.finish_and_clear();
        }
    }

    fn line(&self, result: Option<&str>) -> String {
        line(
            self.command,
            self.started.elapsed(),
            (&self.phase, self.step, self.total),
            &self.item,
            &self.what,
            result,
        )
    }

    fn emit(&mut self, line: &str) {
        match &mut self.out {
            Output::Bar(bar) => bar.println(line),
            Output::Lines(sink) => sink(line),
        }
    }
}

impl Drop for Progress {
    /// A command that returns early (an error) leaves no bar behind.
    fn drop(&mut self) {
        if let Output::Bar(bar) = &self.out
            && !bar.is_finished()
        {
            bar.finish_and_clear();
        }
    }
}

fn bar() -> ProgressBar {
    let style = ProgressStyle::with_template(
        "{prefix} {spinner} [{elapsed_precise}] {bar:24} {pos}/{len} {wide_msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    let bar = ProgressBar::new(0).with_style(style);
    bar.enable_steady_tick(TICK);
    bar
}

/// The non-empty parts, joined with `: ` (the spec, what is being done to it, the result).
fn joined(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    parts.join(": ")
}

/// One plain line: `COMMAND: [HH:MM:SS] PHASE N/TOTAL: ITEM[: WHAT][: RESULT]`.
fn line(
    command: &str,
    elapsed: Duration,
    (phase, n, total): (&str, usize, usize),
    item: &str,
    what: &str,
    result: Option<&str>,
) -> String {
    format!(
        "{command}: [{}] {phase} {n}/{total}: {}",
        clock(elapsed),
        joined(&[item, what, result.unwrap_or("")])
    )
}

/// `HH:MM:SS`, as indicatif's `elapsed_precise` shows it on the bar.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn clock_is_hours_minutes_seconds() {
        assert_eq!(clock(Duration::ZERO), "00:00:00");
        assert_eq!(clock(Duration::from_millis(65_900)), "00:01:05");
        assert_eq!(
            clock(Duration::from_secs(3 * 3600 + 59 * 60 + 7)),
            "03:59:07"
        );
    }

    #[test]
    fn a_line_names_command_time_phase_step_spec_and_result() {
        let t = Duration::from_secs(65);
        assert_eq!(
            line(
                "corpus",
                t,
                ("check", 3, 12),
                "github.json",
                "cargo check",
                None
            ),
            "corpus: [00:01:05] check 3/12: github.json: cargo check"
        );
        assert_eq!(
            line("corpus", t, ("generate", 1, 2), "a.yaml", "", None),
            "corpus: [00:01:05] generate 1/2: a.yaml"
        );
        assert_eq!(
            line(
                "bench-gen",
                t,
                ("build", 2, 2),
                "a.yaml",
                "hcgen build",
                Some("ok in 1.0 s")
            ),
            "bench-gen: [00:01:05] build 2/2: a.yaml: hcgen build: ok in 1.0 s"
        );
    }

    /// The lines a run writes, without their clock (the one part that depends on time).
    fn run(f: impl FnOnce(&mut Progress)) -> Vec<String> {
        let lines = Rc::new(RefCell::new(Vec::new()));
        let sink = lines.clone();
        let mut p = Progress::lines("cmd", move |l| sink.borrow_mut().push(l.to_owned()));
        f(&mut p);
        p.finish();
        let out = lines.borrow().clone();
        out.into_iter()
            .map(|l| match (l.find(" ["), l.find("] ")) {
                (Some(a), Some(b)) if a < b => format!("{}{}", &l[..a + 1], &l[b + 2..]),
                _ => l,
            })
            .collect()
    }

    #[test]
    fn without_a_terminal_each_step_and_result_is_one_line() {
        let lines = run(|p| {
            p.phase("generate", 2);
            p.begin(1, "a.json", "");
            p.begin(2, "b.yaml", "");
            p.phase("build", 1);
            p.begin(1, "a.json", "hcgen build");
            p.update("not printed");
            p.done("ok in 2.0 s");
            p.note("warning: something");
        });
        assert_eq!(
            lines,
            [
                "cmd: generate 1/2: a.json",
                "cmd: generate 2/2: b.yaml",
                "cmd: build 1/1: a.json: hcgen build",
                "cmd: build 1/1: a.json: hcgen build: ok in 2.0 s",
                "warning: something",
            ]
        );
    }
}
