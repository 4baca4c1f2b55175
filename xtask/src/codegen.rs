//! `cargo xtask codegen`: regenerate the committed generated crates, check them for drift, or
//! write a standalone crate.

use hcgen_codegen::{Options, RuntimeDependency, write};
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
        license: Some("MIT OR Apache-2.0".to_owned()),
        edition: hcgen_codegen::package::Edition::E2024,
        runtime: RuntimeDependency::Path {
            path: "..".to_owned(),
            version: "0.1.0".to_owned(),
        },
        source_label: "spec/cbr.yaml".to_owned(),
        command: "cargo xtask codegen".to_owned(),
        profile: None,
        service: Some("CBR".to_owned()),
        standalone: false,
        type_crate_lines: hcgen_codegen::DEFAULT_TYPE_CRATE_LINES,
        allow_ref_paths: Vec::new(),
    }
}

/// `cargo xtask codegen`'s arguments.
#[derive(Debug, clap::Parser)]
#[command(
    name = "cargo xtask codegen",
    about = "Regenerate generated/ from spec/cbr.yaml and tests/fastapi-app/client/ from \
             tests/fastapi-app/openapi.json (this repository's defaults), check them for \
             drift, or write a crate for another spec (as `hcgen generate` does, depending on \
             this checkout's runtime by a relative path)",
    after_help = "Exit status: 0 ok; 1 a committed crate is stale (--check); 2 bad usage, an \
                  invalid spec or an output folder hcgen did not write"
)]
struct Args {
    /// Fail with a unified diff when generated/ or tests/fastapi-app/client/ is stale.
    #[arg(long, conflicts_with = "spec")]
    check: bool,
    /// Generate from this spec instead (with --out).
    #[arg(long, value_name = "FILE", requires = "out")]
    spec: Option<PathBuf>,
    /// The crate's folder for --spec.
    #[arg(long, value_name = "DIR", requires = "spec")]
    out: Option<PathBuf>,
    /// Package name for --spec [default: from the folder's name].
    #[arg(long, value_name = "NAME", requires = "spec")]
    name: Option<String>,
    /// Split the types over several crates above about N lines (0: one crate).
    #[arg(long, value_name = "N", default_value_t = hcgen_codegen::DEFAULT_TYPE_CRATE_LINES)]
    type_crate_lines: usize,
    /// Another folder that `$ref`s may read files from (repeatable).
    #[arg(long, value_name = "DIR")]
    allow_ref_path: Vec<PathBuf>,
}

pub fn run(args: &[String]) -> ExitCode {
    use clap::Parser as _;
    let args = match Args::try_parse_from(
        std::iter::once("codegen".to_owned()).chain(args.iter().cloned()),
    ) {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match (args.spec, args.out) {
        (Some(spec), Some(out)) => standalone(
            &spec,
            &out,
            args.name,
            args.type_crate_lines,
            args.allow_ref_path,
        ),
        _ => project(args.check),
    }
}

/// A crate this repository commits, generated from a spec it also commits (paths relative
/// to the repository's root).
struct Committed {
    spec: &'static str,
    dir: &'static str,
    options: Options,
}

/// Every committed generated crate: `generated/` (the CBR client users depend on) and
/// `tests/fastapi-app/client/` (the client of the FastAPI application's own OpenAPI 3.1
/// document, run against that application by tests/tests/fastapi_app.rs).
fn committed() -> [Committed; 2] {
    [
        Committed {
            spec: "spec/cbr.yaml",
            dir: "generated",
            options: project_options(),
        },
        Committed {
            spec: "tests/fastapi-app/openapi.json",
            dir: "tests/fastapi-app/client",
            options: fastapi_options(),
        },
    ]
}

/// Options for the committed client of tests/fastapi-app: a generic client (no profile),
/// depending on this checkout's runtime crates by path.
fn fastapi_options() -> Options {
    Options {
        crate_name: "fastapi-app-client".to_owned(),
        description: Some(
            "Client of the FastAPI application of hcgen's tests, generated from FastAPI's own \
             OpenAPI 3.1 document"
                .to_owned(),
        ),
        repository: Some("https://github.com/hcgen/hcgen".to_owned()),
        license: Some("MIT OR Apache-2.0".to_owned()),
        runtime: RuntimeDependency::Path {
            path: "../../..".to_owned(),
            version: "0.1.0".to_owned(),
        },
        source_label: "tests/fastapi-app/openapi.json".to_owned(),
        command: "cargo xtask codegen".to_owned(),
        ..Options::default()
    }
}

/// Regenerates every [`committed`] crate, or with `check` fails with a diff when one is stale.
fn project(check: bool) -> ExitCode {
    let root = root();
    let mut status = ExitCode::SUCCESS;
    for c in committed() {
        let code = project_crate(&root, &c, check);
        if code != ExitCode::SUCCESS {
            status = code;
        }
    }
    status
}

fn project_crate(root: &Path, c: &Committed, check: bool) -> ExitCode {
    let Committed { spec, dir, options } = c;
    let started = Instant::now();
    let text = match std::fs::read_to_string(root.join(spec)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{spec}: cannot read the file: {e}");
            return ExitCode::from(2);
        }
    };
    let output = match hcgen_codegen::generate_from_str(spec, &text, options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for w in &output.warnings {
        eprintln!("{spec}: {w}");
    }
    let elapsed = started.elapsed();
    let out = root.join(dir);
    if check {
        let drift = match write::check_crate(&out, dir, &output.files) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        if !drift.is_empty() {
            for d in &drift {
                eprint!("{}", d.diff);
            }
            eprintln!("error: {dir}/ is stale: run `cargo xtask codegen` and commit the result");
            return ExitCode::FAILURE;
        }
        println!(
            "{dir}/ is up to date with {spec} ({} files, generated in {elapsed:.1?})",
            output.files.len()
        );
        return ExitCode::SUCCESS;
    }
    match write::write_crate(&out, &output.files) {
        Ok(written) => {
            println!(
                "{dir}/ from {spec}: {} files, {} changed, {} types, {} operations, in {elapsed:.1?}",
                output.files.len(),
                written.changed.len() + written.removed.len(),
                output.model.types.len(),
                output.model.operations.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
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
    let runtime = match std::env::current_dir()
        .map_err(|e| e.to_string())
        .and_then(|cwd| write::absolute_path(&cwd, out))
        .map(|out| write::relative_path(&root(), &out))
    {
        Ok(Some(path)) => path,
        Ok(None) | Err(_) => {
            eprintln!(
                "error: {}: cannot reach this checkout's runtime by a relative path",
                out.display()
            );
            return ExitCode::from(2);
        }
    };
    let opts = Options {
        crate_name,
        runtime: RuntimeDependency::Path {
            path: runtime,
            version: hcgen_codegen::RUNTIME_VERSION.to_owned(),
        },
        source_label: spec.file_name().map_or_else(
            || "the spec".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        ),
        command: "cargo xtask codegen --spec".to_owned(),
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
    match write::write_crate(out, &output.files) {
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
            ExitCode::from(2)
        }
    }
}

/// Writes a crate that corpus and bench-gen generate (see [`write::write_crate`]); returns
/// how many files changed or were removed.
pub fn write_files(dir: &Path, files: &[hcgen_codegen::GeneratedFile]) -> Result<usize, String> {
    write::write_crate(dir, files)
        .map(|w| w.changed.len() + w.removed.len())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_checked() {
        for bad in [
            &["--type-crate-lines"][..],
            &["--type-crate-lines", "many"],
            &["--type-crate-lines", "-1"],
            &["--spec"],
            &["--spec", "a.yaml"],
            &["--out", "x"],
            &["--bogus"],
        ] {
            let args: Vec<String> = bad.iter().map(|a| (*a).to_owned()).collect();
            assert_eq!(run(&args), ExitCode::from(2), "{bad:?}");
        }
        assert_eq!(run(&["--help".to_owned()]), ExitCode::SUCCESS);
    }
}
