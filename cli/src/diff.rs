//! `hcgen diff BASE HEAD`: spec-diff, with its report formats and exit codes.

use crate::args::DiffArgs;
use hcgen_spec_diff::Format;
use hcgen_spec_diff::cli::{self, Options};
use std::io::Write;

/// Runs `diff`; returns the exit status (spec-diff's: 0, 1 on a breaking change with
/// `--fail-on-breaking`, 2 on an error).
pub fn run(args: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let opts = Options {
        base: Some(args.base.clone()),
        head: Some(args.head.clone()),
        format: if args.format == "json" {
            Format::Json
        } else {
            Format::Markdown
        },
        fail_on_breaking: args.fail_on_breaking,
        repo: args.repo.clone(),
        // A bare revision as BASE reads HEAD's path at it.
        spec_path: args.head.clone(),
    };
    u8::try_from(cli::run_default(&opts, out, err)).unwrap_or(crate::EXIT_USAGE)
}
