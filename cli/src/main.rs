//! `hcgen`: generate typed async Rust clients from OpenAPI 3.0 and 3.1 documents, check a
//! committed crate for drift, and review spec changes. `hcgen --help` lists the commands;
//! every command has its own `--help`.

mod args;
mod diff;
mod generate;

use clap::Parser;
use std::process::ExitCode;

/// Success.
pub const EXIT_OK: u8 = 0;
/// Drift (`check`) or a breaking change with `--fail-on-breaking` (`diff`).
pub const EXIT_DRIFT: u8 = 1;
/// Bad usage or bad input (clap uses 2 for usage errors too).
pub const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let mut err = std::io::stderr().lock();
    let code = match &cli.command {
        args::Command::Generate(g) => generate::run(g, false, &mut err),
        args::Command::Check(g) => generate::run(g, true, &mut err),
        args::Command::Diff(d) => diff::run(d, &mut std::io::stdout().lock(), &mut err),
    };
    ExitCode::from(code)
}
