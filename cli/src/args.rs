//! The command line: every command, flag and value check, described for clap.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Exit codes, shown at the end of every `--help`.
pub const EXIT_CODES: &str = "\
Exit status:
  0  success (generated; up to date; report printed)
  1  drift: the output folder is stale (check), or a breaking change with --fail-on-breaking (diff)
  2  bad usage or bad input: an unknown or missing argument, an unreadable or invalid spec, an
     output folder that holds files hcgen did not write";

/// Generate typed async Rust clients from OpenAPI 3.0 and 3.1 documents.
#[derive(Debug, Parser)]
#[command(
    name = "hcgen",
    version,
    about,
    long_about = "Generate a typed async Rust client crate from an OpenAPI 3.0 or 3.1 document, \
                  check a committed crate for drift, and report what a spec change does to \
                  callers and to the generated crate's semver.",
    after_help = EXIT_CODES,
    propagate_version = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a crate generated from SPEC into the output folder.
    #[command(after_help = EXIT_CODES)]
    Generate(GenerateArgs),
    /// Fail with a unified diff (exit 1) when the output folder is not what `generate` with the
    /// same arguments would write.
    #[command(after_help = EXIT_CODES)]
    Check(GenerateArgs),
    /// Compare two versions of a spec: every change, classified for existing callers, the
    /// generated Rust API's changes and the semver bump they imply.
    #[command(after_help = EXIT_CODES)]
    Diff(DiffArgs),
}

/// What `generate` and `check` take.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// The OpenAPI 3.0 or 3.1 document (YAML or JSON). `$ref`s may read files in its folder.
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,

    /// The crate's folder. It is written only if it is missing, empty, or was written by
    /// hcgen (its Cargo.toml has the `@generated` line); anything else is refused.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    /// Package name [default: from the spec's info.title].
    #[arg(long, value_name = "NAME", value_parser = crate_name)]
    pub name: Option<String>,

    /// Package version [default: the spec's info.version when it is SemVer, else 0.1.0].
    #[arg(long, value_name = "VERSION", value_parser = version)]
    pub crate_version: Option<String>,

    /// Package description [default: from the spec's info.title].
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// Repository URL of the package.
    #[arg(long, value_name = "URL")]
    pub repository: Option<String>,

    /// Licence, an SPDX expression [default: the spec's info.license.name when it is one;
    /// otherwise none is written].
    #[arg(long, value_name = "SPDX", value_parser = license)]
    pub license: Option<String>,

    /// A crates.io keyword (up to 5).
    #[arg(long = "keyword", value_name = "WORD", value_parser = keyword)]
    pub keywords: Vec<String>,

    /// Rust edition of the crate.
    #[arg(long, value_name = "EDITION", default_value = "2024", value_parser = ["2021", "2024"])]
    pub edition: String,

    #[command(flatten)]
    pub runtime: RuntimeArgs,

    /// Add an empty `[workspace]` table, so the crate builds on its own outside any workspace
    /// (it then cannot be a member of yours).
    #[arg(long)]
    pub standalone: bool,

    /// Split the types over several crates when they would exceed about N lines (0: one
    /// crate whatever the size).
    #[arg(long, value_name = "N", default_value_t = hcgen_codegen::DEFAULT_TYPE_CRATE_LINES)]
    pub type_crate_lines: usize,

    /// Another folder that `$ref`s may read files from (repeatable).
    #[arg(long, value_name = "DIR")]
    pub allow_ref_path: Vec<PathBuf>,

    /// The vendor profile to generate the client with [default: the spec's
    /// `x-hcgen-profile`, else none: a generic client].
    #[arg(long, value_name = "NAME", value_parser = parse_profile)]
    pub profile: Option<hcgen_codegen::Profile>,

    /// Service ID used in the Huawei Cloud profile's endpoint override variables [default:
    /// the first label of the first server's host].
    #[arg(long, value_name = "ID")]
    pub service: Option<String>,
}

/// A profile by name (`huaweicloud`).
fn parse_profile(name: &str) -> Result<hcgen_codegen::Profile, String> {
    hcgen_codegen::Profile::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = hcgen_codegen::Profile::ALL
            .iter()
            .map(|p| p.name())
            .collect();
        format!("unknown profile; known profiles: {}", known.join(", "))
    })
}

/// How the generated crate depends on hcgen's runtime crates (`hcgen-types`, `hcgen-runtime`
/// and the profile's crate, released together): one of these, or the default.
#[derive(Debug, Args)]
pub struct RuntimeArgs {
    /// A crates.io version requirement [default: the runtime released with this hcgen].
    #[arg(long, value_name = "REQ", conflicts_with_all = ["runtime_path", "runtime_git"])]
    pub runtime_version: Option<String>,

    /// A local checkout of hcgen, the folder holding types/, runtime/ and huaweicloud/
    /// (relative to the current folder, or absolute); it is written relative to the output
    /// folder.
    #[arg(long, value_name = "PATH", conflicts_with = "runtime_git")]
    pub runtime_path: Option<PathBuf>,

    /// A git repository holding hcgen's runtime crates.
    #[arg(long, value_name = "URL")]
    pub runtime_git: Option<String>,

    /// The revision of --runtime-git to use (commit, tag or branch).
    #[arg(long, value_name = "REV", requires = "runtime_git")]
    pub runtime_rev: Option<String>,
}

/// What `diff` takes.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The base version: a file, or a git revision as REV:PATH (or REV, which reads HEAD's path
    /// at REV).
    #[arg(value_name = "BASE")]
    pub base: String,

    /// The head version: a file.
    #[arg(value_name = "HEAD")]
    pub head: String,

    /// Report format.
    #[arg(long, value_name = "FORMAT", default_value = "markdown", value_parser = ["markdown", "md", "json"])]
    pub format: String,

    /// Exit 1 when any change is breaking.
    #[arg(long)]
    pub fail_on_breaking: bool,

    /// The git repository to read revisions from [default: the one holding the current
    /// folder].
    #[arg(long, value_name = "DIR")]
    pub repo: Option<PathBuf>,
}

fn crate_name(s: &str) -> Result<String, String> {
    hcgen_codegen::package::check_crate_name(s).map(|()| s.to_owned())
}

fn version(s: &str) -> Result<String, String> {
    hcgen_codegen::package::check_version(s).map(|()| s.to_owned())
}

fn license(s: &str) -> Result<String, String> {
    hcgen_codegen::package::spdx_license(s)
}

fn keyword(s: &str) -> Result<String, String> {
    hcgen_codegen::package::check_keyword(s).map(|()| s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_take_values_both_ways_and_refuse_bad_ones() {
        let parse = |args: &[&str]| Cli::try_parse_from([&["hcgen"], args].concat());
        let cli = parse(&[
            "generate",
            "a.yaml",
            "--out=x",
            "--name",
            "my-api",
            "--license=Apache 2.0",
        ])
        .unwrap();
        let Command::Generate(g) = cli.command else {
            panic!("generate")
        };
        assert_eq!(g.out, PathBuf::from("x"));
        assert_eq!(g.name.as_deref(), Some("my-api"));
        assert_eq!(g.license.as_deref(), Some("Apache-2.0"));

        for (args, flag) in [
            (&["generate", "a.yaml", "--out"][..], "--out"),
            (
                &["generate", "a.yaml", "-o", "x", "--name", "2fa"],
                "--name",
            ),
            (
                &["generate", "a.yaml", "-o", "x", "--crate-version", "v1"],
                "--crate-version",
            ),
            (
                &["generate", "a.yaml", "-o", "x", "--edition", "2018"],
                "--edition",
            ),
            (
                &[
                    "generate",
                    "a.yaml",
                    "-o",
                    "x",
                    "--runtime-path",
                    "r",
                    "--runtime-git",
                    "u",
                ],
                "--runtime",
            ),
            (
                &["generate", "a.yaml", "-o", "x", "--runtime-rev", "v1"],
                "--runtime-git",
            ),
            (&["generate", "a.yaml", "-o", "x", "--bogus"], "--bogus"),
        ] {
            let e = parse(args).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{args:?}");
            assert!(e.to_string().contains(flag), "{args:?}: {e}");
        }
    }
}
