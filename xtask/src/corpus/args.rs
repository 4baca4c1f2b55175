//! `corpus`'s command line.

use std::path::PathBuf;

use super::specs::Selection;

#[derive(Debug, Default, PartialEq)]
pub struct Args {
    /// DIR, `--filter`, `--skip`, `--openapi`.
    pub specs: Selection,
    /// `cargo check` the generated crates (off with `--no-check`).
    pub check: bool,
    /// Check them with their `test-util` feature, so the mock module is compiled too (off
    /// with `--no-test-util`).
    pub test_util: bool,
    /// Check only this many crates, spread over the generated ones.
    pub sample: Option<usize>,
    /// Failures grouped by kind instead of a row per spec.
    pub summary: bool,
    /// Also round-trip the spec's examples through the generated types.
    pub examples: bool,
    /// Where the crates and their workspace go (default: `target/corpus`).
    pub out: Option<PathBuf>,
}

/// Parses `[DIR] [--no-check] [--no-test-util] [--sample N] [--filter TEXT] [--skip A,B]
/// [--openapi VERSION] [--examples] [--summary] [--out DIR]`; the error names the argument.
pub fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        check: true,
        test_util: true,
        ..Args::default()
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--no-check" => a.check = false,
            "--no-test-util" => a.test_util = false,
            "--summary" => a.summary = true,
            "--examples" => a.examples = true,
            "--out" => a.out = it.next().map(PathBuf::from),
            "--sample" => a.sample = it.next().and_then(|n| n.parse().ok()),
            other if a.specs.take(other, &mut it) => {}
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::specs::owned;

    fn parsed(args: &[&str]) -> Result<Args, String> {
        parse(&owned(args))
    }

    #[test]
    fn defaults_check_every_spec() {
        let a = parsed(&[]).unwrap();
        assert!(a.check && a.test_util && !a.examples && !a.summary);
        assert_eq!((a.specs, a.sample), (Selection::default(), None));
    }

    #[test]
    fn reads_every_flag() {
        let a = parsed(&[
            "specs",
            "--no-check",
            "--no-test-util",
            "--sample",
            "3",
            "--filter",
            "pet",
            "--skip",
            "a,b",
            "--skip",
            "c",
            "--examples",
            "--summary",
            "--out",
            "o",
        ])
        .unwrap();
        assert_eq!(
            a,
            Args {
                specs: Selection {
                    dir: Some(PathBuf::from("specs")),
                    filter: Some("pet".to_owned()),
                    skip: vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
                    openapi: None,
                },
                check: false,
                test_util: false,
                sample: Some(3),
                summary: true,
                examples: true,
                out: Some(PathBuf::from("o")),
            }
        );
    }

    #[test]
    fn an_unknown_flag_is_named() {
        assert_eq!(
            parsed(&["--bogus"]).unwrap_err(),
            "unknown argument `--bogus`"
        );
    }
}
