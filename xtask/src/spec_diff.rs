//! `cargo xtask spec-diff`: what a spec change does to the API and to the generated crate.
//!
//! This file only parses arguments; the work is done by the `hcgen-spec-diff` library.
//! Exit status: 0 = report printed (no breaking change, or `--fail-on-breaking` not given);
//! 1 = `--fail-on-breaking` and a breaking change; 2 = bad arguments, an unreadable
//! revision or file, or an invalid document.

use hcgen_spec_diff::Format;
use hcgen_spec_diff::cli::{self, EXIT_ERROR, EXIT_OK, Options};
use std::io::Write;
use std::process::ExitCode;

/// Usage text for `cargo xtask spec-diff --help`.
pub const USAGE: &str = "\
usage: cargo xtask spec-diff [--base REV_OR_FILE] [--head FILE] [--format markdown|json]
                             [--fail-on-breaking] [--repo DIR]

Compare two versions of spec/cbr.yaml: every change, classified breaking / non-breaking /
info for existing callers, the generated Rust API change and the implied semver bump.

  --base REV_OR_FILE   a file, a git revision (reads spec/cbr.yaml at it) or REV:PATH;
                       a revision never starts with `-`;
                       default: the merge base of HEAD with main
  --head FILE          default: spec/cbr.yaml in the work tree
  --format FORMAT      markdown (default; for a PR comment) or json
  --fail-on-breaking   exit 1 when any change is breaking
  --repo DIR           the git repository to read revisions from; default: the one
                       containing the current directory
  -h, --help           print this help

exit status: 0 ok, 1 breaking change with --fail-on-breaking, 2 error";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Compare with these options.
    Diff(Options),
    /// Print [`USAGE`].
    Help,
}

/// Parse the arguments that follow `spec-diff`.
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut opts = Options::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone().or_else(|| it.next().cloned()) {
                Some(v) if !v.is_empty() => Ok(v),
                _ => Err(format!("{name} needs a value")),
            }
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help),
            "--base" => opts.base = Some(value("--base")?),
            "--head" => opts.head = Some(value("--head")?),
            "--repo" => opts.repo = Some(value("--repo")?.into()),
            "--format" => {
                opts.format = match value("--format")?.as_str() {
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        return Err(format!("--format must be markdown or json, not `{other}`"));
                    }
                }
            }
            "--fail-on-breaking" if inline.is_none() => opts.fail_on_breaking = true,
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(Command::Diff(opts))
}

/// Run with explicit output streams; returns the exit status.
pub fn run_with(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match parse_args(args) {
        Ok(Command::Help) => {
            let _ = writeln!(out, "{USAGE}");
            EXIT_OK
        }
        Ok(Command::Diff(opts)) => cli::run_default(&opts, out, err),
        Err(e) => {
            let _ = writeln!(err, "spec-diff: {e}\n\n{USAGE}");
            EXIT_ERROR
        }
    }
}

/// Entry point for `cargo xtask spec-diff ARGS…` (`args` excludes `spec-diff` itself).
pub fn run(args: &[String]) -> ExitCode {
    let code = run_with(
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
