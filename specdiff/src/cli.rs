//! The command behind `cargo xtask spec-diff`: resolve the two sides, build the report,
//! print it and choose the exit status. Argument parsing lives in the xtask.

use crate::Error;
use crate::load::{self, DEFAULT_SPEC_PATH, SpecSource};
use crate::report::{Format, Report};
use crate::rust_api::Generator;
use std::io::Write;
use std::path::PathBuf;

/// Exit status: no breaking change, or `--fail-on-breaking` not given.
pub const EXIT_OK: i32 = 0;
/// Exit status: `--fail-on-breaking` and at least one breaking change.
pub const EXIT_BREAKING: i32 = 1;
/// Exit status: an unreadable revision or file, an invalid document, or bad arguments.
pub const EXIT_ERROR: i32 = 2;

/// What to compare and how to report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// `--base`: a git revision (`REV` reads `spec_path` at it; `REV:PATH` reads `PATH`) or
    /// a file. `None` is the merge base of `HEAD` with `main`.
    pub base: Option<String>,
    /// `--head`: a file. `None` is `spec_path` in the work tree.
    pub head: Option<String>,
    /// `--format`.
    pub format: Format,
    /// `--fail-on-breaking`: exit 1 when any change is breaking.
    pub fail_on_breaking: bool,
    /// The repository to read revisions from; `None` is the git work tree containing the
    /// current directory.
    pub repo: Option<PathBuf>,
    /// The spec's path inside the repository.
    pub spec_path: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base: None,
            head: None,
            format: Format::Markdown,
            fail_on_breaking: false,
            repo: None,
            spec_path: DEFAULT_SPEC_PATH.to_string(),
        }
    }
}

/// The generator used by [`run_default`]: `hcgen-codegen` with the project's crate name.
pub fn default_generator() -> Option<Box<dyn Generator>> {
    Some(Box::new(crate::rust_api::Codegen::default()))
}

/// [`run`] with [`default_generator`].
pub fn run_default(opts: &Options, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let generator = default_generator();
    run(opts, generator.as_deref(), out, err)
}

/// Load both sides, print the report to `out`, errors to `err`; returns the exit status
/// ([`EXIT_OK`], [`EXIT_BREAKING`] or [`EXIT_ERROR`]).
pub fn run(
    opts: &Options,
    generator: Option<&dyn Generator>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    match report(opts, generator) {
        Ok(report) => {
            if let Err(e) = out.write_all(report.render(opts.format).as_bytes()) {
                let _ = writeln!(err, "spec-diff: cannot write the report: {e}");
                return EXIT_ERROR;
            }
            if opts.fail_on_breaking && report.has_breaking() {
                let _ = writeln!(
                    err,
                    "spec-diff: {} breaking change(s) (--fail-on-breaking)",
                    report.summary.breaking
                );
                EXIT_BREAKING
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            let _ = writeln!(err, "spec-diff: error: {e}");
            EXIT_ERROR
        }
    }
}

/// The two sources `opts` designates.
pub fn sources(opts: &Options) -> Result<(SpecSource, SpecSource), Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::Read {
        what: "the current directory".to_string(),
        detail: e.to_string(),
    })?;
    let repo = match &opts.repo {
        Some(repo) => repo.clone(),
        None => load::repo_root(&cwd).unwrap_or_else(|_| cwd.clone()),
    };
    let base = match &opts.base {
        Some(arg) => SpecSource::from_arg(arg, &repo, &opts.spec_path),
        None => SpecSource::Git {
            rev: load::merge_base_with_main(&repo)?,
            repo: repo.clone(),
            path: opts.spec_path.clone(),
        },
    };
    let head = match &opts.head {
        Some(path) => SpecSource::File(cwd.join(path)),
        None => SpecSource::File(repo.join(&opts.spec_path)),
    };
    Ok((base, head))
}

/// Load both sides and build the report.
pub fn report(opts: &Options, generator: Option<&dyn Generator>) -> Result<Report, Error> {
    let (base, head) = sources(opts)?;
    let base = base.load()?;
    let head = head.load()?;
    Ok(Report::build(&base, &head, generator))
}
