//! `cargo xtask codegen`: regenerate, check for drift, or write a standalone crate.

use hcgen_codegen::emit::type_crates;
use hcgen_codegen::{GeneratedFile, Options, RuntimeDependency};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The workspace root (xtask's parent directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Options for the committed crate in generated/.
pub fn project_options() -> Options {
    Options {
        crate_name: "huaweicloud-cbr".to_owned(),
        crate_version: "0.1.0".to_owned(),
        description: Some(
            "Typed async Rust client for Huawei Cloud CBR (Cloud Backup and Recovery), generated from its OpenAPI spec"
                .to_owned(),
        ),
        keywords: ["huaweicloud", "cbr", "backup", "sdk", "openapi"]
            .map(String::from)
            .to_vec(),
        repository: Some("https://github.com/hcgen/hcgen".to_owned()),
        runtime: RuntimeDependency::Path {
            path: "../runtime".to_owned(),
            version: "0.1.0".to_owned(),
        },
        source_label: "spec/cbr.yaml".to_owned(),
        command: "cargo xtask codegen".to_owned(),
        service: Some("CBR".to_owned()),
        standalone: false,
        type_crate_lines: hcgen_codegen::DEFAULT_TYPE_CRATE_LINES,
        allow_ref_paths: Vec::new(),
    }
}

pub fn run(args: &[String]) -> ExitCode {
    let mut check = false;
    let mut spec: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut name: Option<String> = None;
    let mut type_crate_lines = hcgen_codegen::DEFAULT_TYPE_CRATE_LINES;
    let mut allow_ref_paths = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--spec" => spec = it.next().map(PathBuf::from),
            "--out" => out = it.next().map(PathBuf::from),
            "--name" => name = it.next().cloned(),
            "--allow-ref-path" => match it.next() {
                Some(dir) => allow_ref_paths.push(PathBuf::from(dir)),
                None => {
                    eprintln!("codegen: --allow-ref-path takes a folder");
                    return ExitCode::from(2);
                }
            },
            "--type-crate-lines" => match it.next().map(|n| n.parse::<usize>()) {
                Some(Ok(n)) => type_crate_lines = n,
                _ => {
                    eprintln!("codegen: --type-crate-lines takes a number of lines (0: one crate)");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("codegen: unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    match (spec, out) {
        (None, None) => project(check),
        (Some(spec), Some(out)) => standalone(&spec, &out, name, type_crate_lines, allow_ref_paths),
        _ => {
            eprintln!("codegen: --spec and --out go together");
            ExitCode::from(2)
        }
    }
}

fn project(check: bool) -> ExitCode {
    let root = root();
    let spec = root.join("spec/cbr.yaml");
    let started = Instant::now();
    let text = match std::fs::read_to_string(&spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("spec/cbr.yaml: cannot read the file: {e}");
            return ExitCode::from(2);
        }
    };
    let output = match hcgen_codegen::generate_from_str("spec/cbr.yaml", &text, &project_options())
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for w in &output.warnings {
        eprintln!("spec/cbr.yaml: {w}");
    }
    let elapsed = started.elapsed();
    let dir = root.join("generated");
    if check {
        let mut stale = false;
        for f in &output.files {
            let path = dir.join(&f.path);
            let current = std::fs::read_to_string(&path).unwrap_or_default();
            if current != f.contents {
                stale = true;
                let rel = format!("generated/{}", f.path.display());
                let diff = similar::TextDiff::from_lines(&current, &f.contents);
                eprint!(
                    "{}",
                    diff.unified_diff()
                        .context_radius(3)
                        .header(&rel, &format!("{rel} (from spec)"))
                );
            }
        }
        for extra in stray_files(&dir, &output.files) {
            stale = true;
            eprintln!("generated/{extra}: not produced by the generator (delete it)");
        }
        if stale {
            eprintln!(
                "error: generated/ is stale: run `cargo xtask codegen` and commit the result"
            );
            return ExitCode::FAILURE;
        }
        println!(
            "generated/ is up to date with spec/cbr.yaml ({} files, generated in {elapsed:.1?})",
            output.files.len()
        );
        return ExitCode::SUCCESS;
    }
    match write_files(&dir, &output.files) {
        Ok(changed) => {
            println!(
                "generated/ from spec/cbr.yaml: {} files, {changed} changed, {} types, {} operations, in {elapsed:.1?}",
                output.files.len(),
                output.model.types.len(),
                output.model.operations.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn standalone(
    spec: &Path,
    out: &Path,
    name: Option<String>,
    type_crate_lines: usize,
    allow_ref_paths: Vec<PathBuf>,
) -> ExitCode {
    let started = Instant::now();
    let crate_name = name.unwrap_or_else(|| {
        out.file_name()
            .map(|n| {
                n.to_string_lossy()
                    .to_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
            })
            .filter(|n| !n.is_empty() && !n.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or_else(|| "generated-api".to_owned())
    });
    let runtime = root().join("runtime");
    let opts = Options {
        crate_name,
        runtime: RuntimeDependency::Path {
            path: runtime.display().to_string(),
            version: "0.1.0".to_owned(),
        },
        source_label: spec.display().to_string(),
        command: format!(
            "cargo xtask codegen --spec {} --out {}",
            spec.display(),
            out.display()
        ),
        standalone: true,
        type_crate_lines,
        allow_ref_paths,
        ..Options::default()
    };
    let output = match hcgen_codegen::generate_from_path(spec, &opts) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for w in &output.warnings {
        eprintln!("{}: {w}", spec.display());
    }
    match write_files(out, &output.files) {
        Ok(_) => {
            println!(
                "{}: {} types, {} operations -> {} in {:.1?}",
                spec.display(),
                output.model.types.len(),
                output.model.operations.len(),
                out.display(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes files that changed and removes type crates the generator no longer produces
/// (when a spec shrinks); returns how many files changed.
pub fn write_files(dir: &Path, files: &[GeneratedFile]) -> Result<usize, String> {
    let mut changed = 0;
    for f in files {
        let path = dir.join(&f.path);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(f.contents.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &f.contents).map_err(|e| format!("{}: {e}", path.display()))?;
        changed += 1;
    }
    for stale in stale_type_crates(dir, files) {
        let path = dir.join(&stale);
        std::fs::remove_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        changed += 1;
    }
    Ok(changed)
}

/// `.rs` files under `src/` and type crates under `type-crates/` that the generator does not
/// produce.
fn stray_files(dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir.join("src")) {
        for e in entries.flatten() {
            let rel = PathBuf::from("src").join(e.file_name());
            if !files.iter().any(|f| f.path == rel) {
                out.push(rel.display().to_string());
            }
        }
    }
    out.extend(
        stale_type_crates(dir, files)
            .into_iter()
            .map(|p| p.display().to_string()),
    );
    out.sort();
    out
}

/// Directories `type-crates/N` that a previous generation wrote (their manifest says
/// `@generated`) and this one does not produce. Nothing else there is ever touched.
fn stale_type_crates(dir: &Path, files: &[GeneratedFile]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir.join(type_crates::DIR)) else {
        return out;
    };
    for e in entries.flatten() {
        let rel = PathBuf::from(type_crates::DIR).join(e.file_name());
        let generated = std::fs::read_to_string(dir.join(&rel).join("Cargo.toml"))
            .is_ok_and(|t| t.starts_with("# @generated"));
        if generated && !files.iter().any(|f| f.path.starts_with(&rel)) {
            out.push(rel);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_crate_lines_must_be_a_number() {
        for bad in [
            &["--type-crate-lines"][..],
            &["--type-crate-lines", "many"],
            &["--type-crate-lines", "-1"],
        ] {
            let args: Vec<String> = bad.iter().map(|a| (*a).to_owned()).collect();
            assert_eq!(run(&args), ExitCode::from(2), "{bad:?}");
        }
    }

    #[test]
    fn writing_removes_the_type_crates_a_smaller_spec_no_longer_has() {
        let dir = std::env::temp_dir().join(format!("hcgen-stale-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let manifest = "# @generated by `cargo xtask codegen`. DO NOT EDIT.\n[package]\n";
        for k in ["0", "1", "2"] {
            let d = dir.join("type-crates").join(k);
            std::fs::create_dir_all(d.join("src")).unwrap();
            std::fs::write(d.join("Cargo.toml"), manifest).unwrap();
        }
        // Not written by the generator: never touched.
        std::fs::create_dir_all(dir.join("type-crates/notes")).unwrap();
        std::fs::write(dir.join("type-crates/notes/Cargo.toml"), "[package]\n").unwrap();
        let files = vec![
            GeneratedFile {
                path: PathBuf::from("type-crates/0/Cargo.toml"),
                contents: manifest.to_owned(),
            },
            GeneratedFile {
                path: PathBuf::from("src/lib.rs"),
                contents: "//! x\n".to_owned(),
            },
        ];
        assert_eq!(
            stray_files(&dir, &files),
            vec!["type-crates/1".to_owned(), "type-crates/2".to_owned()]
        );
        assert_eq!(
            write_files(&dir, &files),
            Ok(3),
            "src/lib.rs written, two removed"
        );
        assert!(dir.join("type-crates/0/Cargo.toml").exists());
        assert!(!dir.join("type-crates/1").exists());
        assert!(!dir.join("type-crates/2").exists());
        assert!(dir.join("type-crates/notes/Cargo.toml").exists());
        assert!(stray_files(&dir, &files).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
