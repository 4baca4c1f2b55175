//! Which specs `corpus` and `bench-gen` run on: `[DIR] [--filter TEXT] [--skip A,B]
//! [--openapi VERSION]`.

use std::path::{Path, PathBuf};

#[derive(Debug, Default, PartialEq)]
pub struct Selection {
    /// The folder of specs (default: `../shared/specs/real-world` beside the repository).
    pub dir: Option<PathBuf>,
    /// Only the specs whose path below DIR contains this.
    pub filter: Option<String>,
    /// Not the specs whose path below DIR contains one of these.
    pub skip: Vec<String>,
    /// Only the specs that declare this version (`3.0`, `3.1`, `Swagger 2.0`: see
    /// [`super::version::declared`]).
    pub openapi: Option<String>,
}

impl Selection {
    /// Takes `arg` (and its value from `it`) when it is DIR, `--filter`, `--skip` or
    /// `--openapi`; `false` for any other argument.
    pub fn take(&mut self, arg: &str, it: &mut std::slice::Iter<String>) -> bool {
        match arg {
            "--filter" => self.filter = it.next().cloned(),
            "--skip" => self.skip.extend(list(it.next())),
            "--openapi" => self.openapi = it.next().cloned(),
            dir if !dir.starts_with("--") => self.dir = Some(PathBuf::from(dir)),
            _ => return false,
        }
        true
    }

    /// DIR and its specs that the filters let through, sorted; the error names the folder that
    /// cannot be read. `--openapi` reads every spec the other filters let through.
    pub fn specs(&self, root: &Path) -> Result<(PathBuf, Vec<PathBuf>), String> {
        let dir = self
            .dir
            .clone()
            .unwrap_or_else(|| root.join("../shared/specs/real-world"));
        let mut specs = Vec::new();
        walk(&dir, &mut specs).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        specs.retain(|p| self.selects(p.strip_prefix(&dir).unwrap_or(p)));
        if let Some(wanted) = &self.openapi {
            specs.retain(|p| super::version::declared(p) == *wanted);
        }
        specs.sort();
        Ok((dir, specs))
    }

    /// Whether the spec at `rel` (below DIR, so that DIR's own name matches nothing) is run.
    fn selects(&self, rel: &Path) -> bool {
        let s = rel.display().to_string();
        self.filter.as_ref().is_none_or(|f| s.contains(f.as_str()))
            && !self.skip.iter().any(|k| s.contains(k.as_str()))
    }
}

/// The non-empty items of a comma-separated list (`a,b`).
pub fn list(value: Option<&String>) -> Vec<String> {
    value
        .into_iter()
        .flat_map(|s| s.split(',').filter(|s| !s.is_empty()).map(str::to_owned))
        .collect()
}

/// Every `.json`, `.yaml` and `.yml` file below `dir`.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// `args` as a command receives them (for tests of argument parsing).
#[cfg(test)]
pub fn owned(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(args: &[&str]) -> (Selection, Vec<String>) {
        let args = owned(args);
        let mut sel = Selection::default();
        let mut rest = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if !sel.take(a, &mut it) {
                rest.push(a.clone());
            }
        }
        (sel, rest)
    }

    #[test]
    fn takes_dir_filter_and_skip_lists_and_leaves_the_rest() {
        let (sel, rest) = taken(&[
            "d",
            "--filter",
            "pet",
            "--skip",
            "a,,b",
            "--x",
            "--skip",
            "c",
            "--openapi",
            "3.1",
        ]);
        assert_eq!(
            sel,
            Selection {
                dir: Some(PathBuf::from("d")),
                filter: Some("pet".to_owned()),
                skip: vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
                openapi: Some("3.1".to_owned()),
            }
        );
        assert_eq!(rest, ["--x"]);
    }

    #[test]
    fn filters_match_the_path_below_dir() {
        let (sel, _) = taken(&["--filter", "pet", "--skip", "legacy"]);
        assert!(sel.selects(Path::new("readme-petstore.yaml")));
        assert!(sel.selects(Path::new("pets/a.json")));
        assert!(!sel.selects(Path::new("petstore-legacy.yaml")));
        assert!(!sel.selects(Path::new("github.json")));
    }

    #[test]
    fn walks_every_spec_below_dir_sorted_and_selects_by_version() {
        let dir = std::env::temp_dir().join(format!("xtask-specs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for (f, text) in [
            ("b.yaml", "openapi: 3.1.0\n"),
            ("a.json", r#"{"openapi": "3.0.3"}"#),
            ("sub/c.yml", "openapi: 3.1.1\n"),
            ("notes.md", ""),
        ] {
            std::fs::write(dir.join(f), text).unwrap();
        }
        let mut sel = Selection {
            dir: Some(dir.clone()),
            ..Selection::default()
        };
        let found = |sel: &Selection| {
            let (found_dir, specs) = sel.specs(Path::new("/nowhere")).unwrap();
            assert_eq!(found_dir, dir);
            specs
                .iter()
                .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
                .collect::<Vec<_>>()
        };
        let every = found(&sel);
        sel.openapi = Some("3.1".to_owned());
        let v31 = found(&sel);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(every, ["a.json", "b.yaml", "sub/c.yml"]);
        assert_eq!(v31, ["b.yaml", "sub/c.yml"]);
    }
}
