//! `cargo xtask codegen`: regenerate, check for drift, or write a standalone crate.

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
    }
}

pub fn run(args: &[String]) -> ExitCode {
    let mut check = false;
    let mut spec: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut name: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => check = true,
            "--spec" => spec = it.next().map(PathBuf::from),
            "--out" => out = it.next().map(PathBuf::from),
            "--name" => name = it.next().cloned(),
            other => {
                eprintln!("codegen: unknown argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    match (spec, out) {
        (None, None) => project(check),
        (Some(spec), Some(out)) => standalone(&spec, &out, name),
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

fn standalone(spec: &Path, out: &Path, name: Option<String>) -> ExitCode {
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

/// Writes files that changed; returns how many did.
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
    Ok(changed)
}

/// `.rs` files under generated/src that the generator does not produce.
fn stray_files(dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir.join("src")) else {
        return out;
    };
    for e in entries.flatten() {
        let rel = PathBuf::from("src").join(e.file_name());
        if !files.iter().any(|f| f.path == rel) {
            out.push(rel.display().to_string());
        }
    }
    out.sort();
    out
}
