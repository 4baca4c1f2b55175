//! bench-gen's command line.

use crate::corpus::specs::{Selection, list};

#[derive(Debug, PartialEq)]
pub struct Args {
    /// DIR, `--filter`, `--skip`.
    pub specs: Selection,
    pub cfg: Config,
}

/// What is measured, and how often.
#[derive(Debug, PartialEq)]
pub struct Config {
    pub runs: usize,
    /// Rounds of (hcgen, progenitor) measurements per spec, alternating; the median is kept.
    pub rounds: usize,
    pub build: bool,
    pub build_skip: Vec<String>,
    pub progenitor: bool,
    /// Also build every crate without incremental compilation.
    pub non_incremental: bool,
}

impl Default for Config {
    /// 11 runs, 3 rounds, progenitor too, clean builds with and without incremental compilation.
    fn default() -> Self {
        Config {
            runs: 11,
            rounds: 3,
            build: true,
            build_skip: Vec::new(),
            progenitor: true,
            non_incremental: true,
        }
    }
}

/// Parses `[DIR] [--filter TEXT] [--skip A,B] [--openapi VERSION] [--no-build]
/// [--build-skip A,B] [--runs N] [--rounds N] [--no-progenitor] [--incremental-only]`; the error names the argument.
pub fn parse(args: &[String]) -> Result<Args, String> {
    let mut a = Args {
        specs: Selection::default(),
        cfg: Config::default(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let positive = |it: &mut std::slice::Iter<String>| match it.next().map(|n| n.parse()) {
            Some(Ok(n)) if n > 0 => Ok(n),
            _ => Err(format!("{arg} takes a positive number")),
        };
        match arg.as_str() {
            "--no-build" => a.cfg.build = false,
            "--no-progenitor" => a.cfg.progenitor = false,
            "--incremental-only" => a.cfg.non_incremental = false,
            "--build-skip" => a.cfg.build_skip.extend(list(it.next())),
            "--runs" => a.cfg.runs = positive(&mut it)?,
            "--rounds" => a.cfg.rounds = positive(&mut it)?,
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
    fn defaults_measure_and_build_both_generators() {
        let a = parsed(&[]).unwrap();
        assert_eq!(a.specs, Selection::default());
        let c = a.cfg;
        assert_eq!((c.runs, c.rounds, c.build_skip.len()), (11, 3, 0));
        assert!(c.build && c.progenitor && c.non_incremental);
    }

    #[test]
    fn reads_every_flag() {
        let a = parsed(&[
            "specs",
            "--filter",
            "pet",
            "--skip",
            "a,,b",
            "--no-build",
            "--build-skip",
            "c,d",
            "--runs",
            "1",
            "--rounds",
            "2",
            "--no-progenitor",
            "--incremental-only",
        ])
        .unwrap();
        assert_eq!(
            a.specs,
            Selection {
                dir: Some(std::path::PathBuf::from("specs")),
                filter: Some("pet".to_owned()),
                skip: vec!["a".to_owned(), "b".to_owned()],
                openapi: None,
            }
        );
        assert_eq!(
            a.cfg,
            Config {
                runs: 1,
                rounds: 2,
                build: false,
                build_skip: vec!["c".to_owned(), "d".to_owned()],
                progenitor: false,
                non_incremental: false,
            }
        );
    }

    #[test]
    fn counts_must_be_positive_numbers() {
        for bad in [&["--runs", "0"][..], &["--rounds", "x"], &["--runs"]] {
            let flag = bad[0];
            assert_eq!(
                parsed(bad).unwrap_err(),
                format!("{flag} takes a positive number")
            );
        }
        assert_eq!(
            parsed(&["--bogus"]).unwrap_err(),
            "unknown argument `--bogus`"
        );
    }
}
