//! How a probe ended: a crate, a clear error, or a failure of the generator (an abort, a
//! panic, a timeout, memory over the bound, an error that names no place in the spec, a
//! crate that does not compile or that runs text from the spec as a doctest).

use super::child::{Outcome, Status};
use super::probes::Expect;

/// The generator's peak resident memory bound (the issue's 1 GiB).
pub const GENERATOR_PEAK_KIB: u64 = 1 << 20;

/// The verdict on one probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Generated,
    /// A clear error; its first line.
    Error(String),
    /// What went wrong.
    Fail(String),
}

/// Classifies the generator's run on `spec` (the path as given on its command line). Any
/// exit code other than 0 and 101 (Rust's panic code) is an error exit; it must name the
/// file and a JSON pointer (`FILE: #/…`) or a line and column (`FILE:L:C:`).
pub fn generator(o: &Outcome, spec: &str) -> Verdict {
    match o.status {
        Status::TimedOut => Verdict::Fail(format!("timeout ({:.0} s)", o.elapsed.as_secs_f64())),
        Status::Signaled(sig) => Verdict::Fail(abort_reason(&o.output, sig)),
        Status::Exited(101) => Verdict::Fail(format!(
            "panic: {}",
            first_line_with(&o.output, "panicked").unwrap_or("exit code 101")
        )),
        _ if o.peak_kib > GENERATOR_PEAK_KIB => Verdict::Fail(format!(
            "peak memory {:.0} MiB over {} MiB",
            o.peak_mib(),
            GENERATOR_PEAK_KIB / 1024
        )),
        Status::Exited(0) => Verdict::Generated,
        Status::Exited(code) => {
            let first = first_line_with(&o.output, "error")
                .unwrap_or("(no message)")
                .to_owned();
            if names_a_place(&o.output, spec) {
                Verdict::Error(first)
            } else {
                Verdict::Fail(format!("exit {code}, error without a pointer: {first}"))
            }
        }
    }
}

fn abort_reason(output: &str, sig: i32) -> String {
    if output.contains("has overflowed its stack") {
        format!("stack overflow (signal {sig})")
    } else if let Some(line) = first_line_with(output, "memory allocation of") {
        format!("out of memory (address-space bound): {line}")
    } else {
        format!("killed by signal {sig}")
    }
}

/// Whether `output` names `spec` followed by a JSON pointer (`: #/…`, or `: #:` for the
/// document's root) or by `:LINE:COLUMN:`.
pub fn names_a_place(output: &str, spec: &str) -> bool {
    if spec.is_empty() {
        return false;
    }
    output.match_indices(spec).any(|(i, _)| {
        let rest = &output[i + spec.len()..];
        if rest.starts_with(": #/") || rest.starts_with(": #:") {
            return true;
        }
        let mut parts = rest.splitn(4, ':');
        let lead = parts.next();
        let line = parts.next().unwrap_or("");
        let column = parts.next().unwrap_or("");
        lead == Some("")
            && parts.next().is_some()
            && [line, column]
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// [`generator`] for `cargo xtask spec-diff`, whose errors name the place in their own words
/// (`FILE: … at /paths/~1t/get: …`, `… (at #/x-a/0)`, `… at line 3 column 5`) as well as in the generator's.
pub fn spec_diff(o: &Outcome, spec: &str) -> Verdict {
    match generator(o, spec) {
        Verdict::Fail(f)
            if f.contains("without a pointer") && names_a_place_in_words(&o.output) =>
        {
            Verdict::Error(
                first_line_with(&o.output, "error")
                    .unwrap_or_default()
                    .to_owned(),
            )
        }
        v => v,
    }
}

/// `at /POINTER` or `at line N column M` on an error line.
fn names_a_place_in_words(output: &str) -> bool {
    output.lines().filter(|l| l.contains("error")).any(|l| {
        l.contains(" at /")
            || l.contains(" at #")
            || l.contains("(at #")
            || l.split(" at line ").nth(1).is_some_and(|rest| {
                rest.split_whitespace()
                    .next()
                    .is_some_and(|n| n.parse::<u64>().is_ok())
                    && rest.contains(" column ")
            })
    })
}

/// Holds a verdict against what the probe expects: an unexpected crate or error fails.
pub fn against(expect: Expect, v: Verdict) -> Verdict {
    match (expect, v) {
        (Expect::Error, Verdict::Generated) => {
            Verdict::Fail("generated, but the issue demands an error".to_owned())
        }
        (Expect::Generated, Verdict::Error(e)) => {
            Verdict::Fail(format!("error, but the issue demands a crate: {e}"))
        }
        (_, v) => v,
    }
}

/// Classifies `cargo check` (run with `-D warnings`) of a generated crate.
pub fn check(o: &Outcome) -> Option<String> {
    match o.status {
        Status::Exited(0) => None,
        Status::TimedOut => Some(format!(
            "cargo check timed out ({:.0} s)",
            o.elapsed.as_secs_f64()
        )),
        Status::Signaled(sig) => Some(format!("cargo check killed by signal {sig}")),
        Status::Exited(_) => Some(format!(
            "does not compile: {}",
            first_line_with(&o.output, "error")
                .or_else(|| first_line_with(&o.output, "warning"))
                .unwrap_or("(no message)")
        )),
    }
}

/// Classifies `cargo test --doc` of a generated crate: it must succeed, leave no marker
/// and run only `allowed` (the generator's own examples, as `crate::file - (line N)`).
pub fn doctests(o: &Outcome, marker_written: bool, allowed: &[String]) -> Option<String> {
    if marker_written {
        return Some("spec text ran as a doctest (the marker file was written)".to_owned());
    }
    let foreign: Vec<String> = doctest_names(&o.output)
        .into_iter()
        .filter(|n| !allowed.contains(n))
        .collect();
    if let Some(first) = foreign.first() {
        return Some(format!(
            "{} doctest(s) not from the generator, first {first}",
            foreign.len()
        ));
    }
    match o.status {
        Status::Exited(0) => None,
        Status::TimedOut => Some("cargo test --doc timed out".to_owned()),
        Status::Signaled(sig) => Some(format!("cargo test --doc killed by signal {sig}")),
        Status::Exited(_) => Some(format!(
            "cargo test --doc failed: {}",
            first_line_with(&o.output, "error").unwrap_or("(no message)")
        )),
    }
}

/// The doctests in `cargo test --doc` output, each as `crate::file - (line N)` (from the
/// `Doc-tests crate` headers and `test file - item (line N) ... ok` lines).
pub fn doctest_names(output: &str) -> Vec<String> {
    let mut krate = String::new();
    let mut names = Vec::new();
    for line in output.lines() {
        let line = line.trim();
        if let Some(k) = line.strip_prefix("Doc-tests ") {
            krate = k.trim().to_owned();
        } else if let Some(rest) = line.strip_prefix("test ")
            && let Some((name, _)) = rest.split_once(" ... ")
        {
            // `src/lib.rs - (line 16) - compile`: the mode after the line is not part of it.
            let name = name.find(')').map_or(name, |end| &name[..=end]);
            names.push(format!("{krate}::{name}"));
        }
    }
    names
}

/// The line of the generator's own example in a generated `lib.rs` (the fence after
/// `//! # Example`), as `cargo test --doc` names it.
pub fn own_example(krate: &str, lib_rs: &str) -> Option<String> {
    let mut after_heading = false;
    for (i, line) in lib_rs.lines().enumerate() {
        if line.trim() == "//! # Example" {
            after_heading = true;
        } else if after_heading && line.trim_start().starts_with("//! ```") {
            return Some(format!("{krate}::src/lib.rs - (line {})", i + 1));
        }
    }
    None
}

fn first_line_with<'a>(output: &'a str, needle: &str) -> Option<&'a str> {
    output.lines().find(|l| l.contains(needle)).map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn outcome(status: Status, output: &str) -> Outcome {
        Outcome {
            status,
            elapsed: Duration::from_millis(10),
            peak_kib: 10 * 1024,
            output: output.to_owned(),
        }
    }

    const SPEC: &str = "/tmp/p/spec.json";

    #[test]
    fn an_abort_is_a_failure() {
        let o = outcome(
            Status::Signaled(6),
            "\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow\n",
        );
        assert_eq!(
            generator(&o, SPEC),
            Verdict::Fail("stack overflow (signal 6)".to_owned())
        );
        let o = outcome(Status::Signaled(6), "memory allocation of 8 bytes failed\n");
        assert!(matches!(generator(&o, SPEC), Verdict::Fail(m) if m.starts_with("out of memory")));
        let o = outcome(Status::Signaled(9), "");
        assert_eq!(
            generator(&o, SPEC),
            Verdict::Fail("killed by signal 9".to_owned())
        );
    }

    #[test]
    fn a_panic_a_timeout_and_memory_over_the_bound_are_failures() {
        let o = outcome(
            Status::Exited(101),
            "thread 'main' panicked at codegen/src/lower.rs:1:1:\nboom\n",
        );
        assert!(matches!(generator(&o, SPEC), Verdict::Fail(m) if m.starts_with("panic: thread")));
        let o = outcome(Status::TimedOut, "");
        assert!(matches!(generator(&o, SPEC), Verdict::Fail(m) if m.starts_with("timeout")));
        let mut o = outcome(Status::Exited(0), "");
        o.peak_kib = GENERATOR_PEAK_KIB + 1;
        assert!(matches!(generator(&o, SPEC), Verdict::Fail(m) if m.starts_with("peak memory")));
    }

    #[test]
    fn an_error_must_name_the_file_and_a_place_in_it() {
        for (code, line) in [
            (
                2,
                "error: /tmp/p/spec.json: #/components/parameters/P: $ref cycle",
            ),
            (1, "error: /tmp/p/spec.json: #: not an OpenAPI document"),
            (
                2,
                "error: /tmp/p/spec.json:12:3: mapping values are not allowed",
            ),
        ] {
            let o = outcome(Status::Exited(code), &format!("{line}\n"));
            assert_eq!(
                generator(&o, SPEC),
                Verdict::Error(line.to_owned()),
                "{line}"
            );
        }
        for line in [
            "error: /tmp/p/spec.json: too deep",
            "error: #/components/parameters/P: $ref cycle",
            "error: /tmp/p/other.json: #/x: wrong file",
            "error: /tmp/p/spec.json:12: no column",
        ] {
            let o = outcome(Status::Exited(2), &format!("{line}\n"));
            assert!(
                matches!(generator(&o, SPEC), Verdict::Fail(m) if m.contains("without a pointer")),
                "{line}"
            );
        }
        let o = outcome(Status::Exited(0), "spec.json: 1 types\n");
        assert_eq!(generator(&o, SPEC), Verdict::Generated);
    }

    #[test]
    fn spec_diff_may_name_the_place_in_words() {
        let line = "spec-diff: error: /tmp/p/spec.json: invalid $ref at /paths/~1t/get/parameters/0/$ref: reference cycle";
        let o = outcome(Status::Exited(2), line);
        assert_eq!(spec_diff(&o, SPEC), Verdict::Error(line.to_owned()));
        let o = outcome(
            Status::Exited(2),
            "spec-diff: error: /tmp/p/spec.json: invalid JSON: recursion limit exceeded at line 28 column 2547",
        );
        assert!(matches!(spec_diff(&o, SPEC), Verdict::Error(_)));
        let o = outcome(
            Status::Exited(2),
            "spec-diff: error: /tmp/p/spec.json: not YAML or JSON: too big here (at #/x-a/0)",
        );
        assert!(matches!(spec_diff(&o, SPEC), Verdict::Error(_)));
        let o = outcome(
            Status::Exited(2),
            "spec-diff: error: /tmp/p/spec.json: too big",
        );
        assert!(matches!(spec_diff(&o, SPEC), Verdict::Fail(_)));
        let o = outcome(Status::Signaled(6), "has overflowed its stack at /x");
        assert!(matches!(spec_diff(&o, SPEC), Verdict::Fail(_)));
    }

    #[test]
    fn the_expectation_turns_the_other_outcome_into_a_failure() {
        let error = Verdict::Error("error: x".to_owned());
        assert!(matches!(
            against(Expect::Error, Verdict::Generated),
            Verdict::Fail(_)
        ));
        assert!(matches!(
            against(Expect::Generated, error.clone()),
            Verdict::Fail(_)
        ));
        assert_eq!(against(Expect::Either, error.clone()), error);
        assert_eq!(
            against(Expect::Either, Verdict::Generated),
            Verdict::Generated
        );
        let fail = Verdict::Fail("panic".to_owned());
        assert_eq!(against(Expect::Either, fail.clone()), fail);
    }

    #[test]
    fn only_the_generators_own_example_may_be_a_doctest() {
        let lib = "//! t\n//!\n//! # Example\n//!\n//! ```no_run\n//! x\n//! ```\n";
        let own = own_example("probe", lib).unwrap();
        assert_eq!(own, "probe::src/lib.rs - (line 5)");
        let ok =
            "   Doc-tests probe\n\nrunning 1 test\ntest src/lib.rs - (line 5) - compile ... ok\n";
        let o = outcome(Status::Exited(0), ok);
        assert_eq!(doctests(&o, false, std::slice::from_ref(&own)), None);
        assert!(doctests(&o, true, std::slice::from_ref(&own)).is_some());
        let foreign = format!(
            "{ok}   Doc-tests probe_types_0\ntest src/lib.rs - (line 5) ... ok\ntest src/lib.rs - types::Thing (line 40) ... ok\n"
        );
        let o = outcome(Status::Exited(0), &foreign);
        assert_eq!(
            doctests(&o, false, std::slice::from_ref(&own)),
            Some(
                "2 doctest(s) not from the generator, first probe_types_0::src/lib.rs - (line 5)"
                    .to_owned()
            )
        );
    }

    #[test]
    fn a_crate_that_does_not_compile_fails() {
        let o = outcome(
            Status::Exited(101),
            "error: missing documentation for a struct\nerror: could not compile\n",
        );
        assert_eq!(
            check(&o),
            Some("does not compile: error: missing documentation for a struct".to_owned())
        );
        assert_eq!(check(&outcome(Status::Exited(0), "")), None);
    }
}
