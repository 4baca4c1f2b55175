//! OpenAPI 3.1 twins of 3.0 specs (`hcgen_codegen::load::upgrade_to_3_1`):
//!
//! - `cargo xtask upgrade-31 IN OUT`: IN a spec file -> OUT, its 3.1 twin (JSON); IN a
//!   folder -> `OUT/3.0/NAME.json` and `OUT/3.1/NAME.json` for each spec in it (both JSON,
//!   written alike, for `cargo xtask bench-gen OUT/3.0` against `OUT/3.1`);
//! - `cargo xtask same-api-31 [DIR] [--filter TEXT] [--skip A,B]`: for each spec, spec-diff
//!   of it against its 3.1 twin, with the generator: no spec change but the version (`info`)
//!   and no Rust API change.

use crate::spec_pairs::{Check, Outcome, compare, read_spec, rust_rows};
use hcgen_spec_diff::{Semver, Severity};
use serde_json::Value;
use std::path::Path;
use std::process::ExitCode;

pub fn upgrade(args: &[String]) -> ExitCode {
    let [input, output] = args else {
        eprintln!("usage: cargo xtask upgrade-31 IN OUT");
        return ExitCode::from(2);
    };
    let (input, output) = (Path::new(input), Path::new(output));
    let result = if input.is_dir() {
        upgrade_folder(input, output)
    } else {
        upgrade_file(input).and_then(|(_, v31)| write_json(output, &v31))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("upgrade-31: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The spec at `path` and its 3.1 twin.
fn upgrade_file(path: &Path) -> Result<(Value, Value), String> {
    let (_, v30) = read_spec(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut v31 = v30.clone();
    hcgen_codegen::load::upgrade_to_3_1(&mut v31);
    Ok((v30, v31))
}

fn upgrade_folder(input: &Path, output: &Path) -> Result<(), String> {
    let selection = crate::corpus::specs::Selection {
        dir: Some(input.to_path_buf()),
        ..Default::default()
    };
    let (_, specs) = selection.specs(input)?;
    for spec in &specs {
        let (v30, v31) = upgrade_file(spec)?;
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        write_json(&output.join("3.0").join(format!("{stem}.json")), &v30)?;
        write_json(&output.join("3.1").join(format!("{stem}.json")), &v31)?;
    }
    println!(
        "{} specs: 3.0 in {}, 3.1 in {}",
        specs.len(),
        output.join("3.0").display(),
        output.join("3.1").display()
    );
    Ok(())
}

fn write_json(path: &Path, v: &Value) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = serde_json::to_string(v).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn same_api(args: &[String]) -> ExitCode {
    Check {
        command: "same-api-31",
        usage: "[DIR] [--filter TEXT] [--skip A,B]",
        columns: &["spec rows (not info)", "Rust API rows", "bump"],
        summary: |ok, all| {
            format!("{ok} of {all} specs: the 3.1 twin generates the same Rust API as the 3.0 spec")
        },
    }
    .run(args, same_api_one)
}

fn same_api_one(spec: &Path) -> Result<Outcome, String> {
    let (name, v30) = read_spec(spec)?;
    let mut v31 = v30.clone();
    hcgen_codegen::load::upgrade_to_3_1(&mut v31);
    let report = compare(&name, &v30, &v31)?;
    let spec_rows: Vec<_> = report
        .changes
        .iter()
        .filter(|c| !c.kind.starts_with("rust-") && c.severity != Severity::Info)
        .collect();
    for c in spec_rows.iter().take(5) {
        eprintln!(
            "same-api-31: {name}: {} at {}: {}",
            c.kind, c.pointer, c.message
        );
    }
    let rust = rust_rows(&report);
    Ok(Outcome {
        cells: vec![
            spec_rows.len().to_string(),
            rust.to_string(),
            report.semver.to_string(),
        ],
        ok: spec_rows.is_empty() && rust == 0 && report.semver <= Semver::Patch,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's own specs (the README's test command has no `../shared`): each 3.1
    /// twin has the same Rust API.
    #[test]
    fn the_repository_specs_have_3_1_twins_with_the_same_api() {
        let root = crate::codegen::root();
        for spec in [
            "spec/cbr.yaml",
            "tests/fixtures/snapshots/petstore-mini.yaml",
            "tests/fixtures/corpus/readme-petstore.yaml",
        ] {
            let outcome = same_api_one(&root.join(spec)).unwrap_or_else(|e| panic!("{spec}: {e}"));
            assert!(outcome.ok, "{spec}: {:?}", outcome.cells);
        }
    }
}
