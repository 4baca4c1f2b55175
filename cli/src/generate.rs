//! `hcgen generate` and `hcgen check`: the generator's options from the flags and the spec,
//! then one generation written into the output folder or compared with it.

use crate::args::GenerateArgs;
use crate::{EXIT_DRIFT, EXIT_OK, EXIT_USAGE};
use hcgen_codegen::package::{Edition, Field, SpecMetadata};
use hcgen_codegen::{Options, RuntimeDependency, write};
use std::io::Write;
use std::path::Path;

/// Runs `generate` (or, with `check`, `check`); returns the exit status.
pub fn run(args: &GenerateArgs, check: bool, err: &mut dyn Write) -> u8 {
    match generate(args, check, err) {
        Ok(code) => code,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            EXIT_USAGE
        }
    }
}

fn generate(args: &GenerateArgs, check: bool, err: &mut dyn Write) -> Result<u8, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
    let out = write::absolute_path(&cwd, &args.out)?;
    let mut opts = Options {
        allow_ref_paths: args.allow_ref_path.clone(),
        ..Options::default()
    };
    let loaded = hcgen_codegen::load_spec(&args.spec, &opts).map_err(|e| e.to_string())?;
    let meta = SpecMetadata::from_info(&loaded.doc.info);
    opts.crate_name = match (&args.name, &meta.name) {
        (Some(n), _) | (None, Some(n)) => n.clone(),
        (None, None) => {
            return Err(format!(
                "{}: info.title {:?} gives no crate name: pass --name",
                args.spec.display(),
                loaded.doc.info.title
            ));
        }
    };
    for (field, note) in &meta.notes {
        // A note matters only for a value the flags do not give.
        let given = match field {
            Field::Name => args.name.is_some(),
            Field::Version => args.crate_version.is_some(),
            Field::License => args.license.is_some(),
        };
        if !given {
            let _ = writeln!(err, "note: {}: {note}", args.spec.display());
        }
    }
    opts.crate_version = args
        .crate_version
        .clone()
        .or(meta.version)
        .unwrap_or_else(|| "0.1.0".to_owned());
    opts.license = args.license.clone().or(meta.license);
    opts.description = args.description.clone();
    opts.repository = args.repository.clone();
    opts.keywords = args.keywords.clone();
    opts.edition = args.edition.parse::<Edition>()?;
    opts.standalone = args.standalone;
    opts.type_crate_lines = args.type_crate_lines;
    opts.service = args.service.clone();
    opts.profile = args.profile;
    opts.runtime = runtime(args, &cwd, &out)?;
    // The same label for `generate` and `check`, and no absolute path: the spec as given when
    // it is relative (`spec/api.yaml`), its file name otherwise.
    opts.command = "hcgen generate".to_owned();
    opts.source_label = if args.spec.is_relative() {
        args.spec.display().to_string()
    } else {
        file_name(&args.spec)
    };

    let output = hcgen_codegen::generate(&loaded, &opts).map_err(|e| e.to_string())?;
    // Two operations sharing a request body give the same warning twice: print it once.
    let mut seen = std::collections::HashSet::new();
    for w in output.warnings.iter().map(ToString::to_string) {
        if seen.insert(w.clone()) {
            let _ = writeln!(err, "{}: {w}", args.spec.display());
        }
    }
    if check {
        let label = args.out.display().to_string();
        let drift = write::check_crate(&out, &label, &output.files).map_err(|e| e.to_string())?;
        if drift.is_empty() {
            let _ = writeln!(
                err,
                "{} is up to date with {} ({} files)",
                args.out.display(),
                args.spec.display(),
                output.files.len()
            );
            return Ok(EXIT_OK);
        }
        for d in &drift {
            let _ = write!(err, "{}", d.diff);
        }
        let _ = writeln!(
            err,
            "error: {} is stale ({} files differ): run `hcgen generate` with the same arguments",
            args.out.display(),
            drift.len()
        );
        return Ok(EXIT_DRIFT);
    }
    let written = write::write_crate(&out, &output.files).map_err(|e| e.to_string())?;
    let _ = writeln!(
        err,
        "{}: {} types, {} operations -> {} ({} files, {} changed{})",
        args.spec.display(),
        output.model.types.len(),
        output.model.operations.len(),
        args.out.display(),
        output.files.len(),
        written.changed.len(),
        if written.removed.is_empty() {
            String::new()
        } else {
            format!(", {} stale type crates removed", written.removed.len())
        }
    );
    Ok(EXIT_OK)
}

/// The runtime dependency the flags ask for; a path is written relative to the output folder.
fn runtime(args: &GenerateArgs, cwd: &Path, out: &Path) -> Result<RuntimeDependency, String> {
    let r = &args.runtime;
    if let Some(url) = &r.runtime_git {
        return Ok(RuntimeDependency::Git {
            url: url.clone(),
            rev: r.runtime_rev.clone(),
        });
    }
    if let Some(path) = &r.runtime_path {
        let dir = write::absolute_path(cwd, path)?;
        if !dir.join("runtime").join("Cargo.toml").is_file() {
            return Err(format!(
                "--runtime-path {}: no runtime/Cargo.toml there (give a checkout of hcgen, the folder holding types/, runtime/ and huaweicloud/)",
                path.display()
            ));
        }
        let rel = write::relative_path(&dir, out).ok_or_else(|| {
            format!(
                "--runtime-path {}: cannot be reached from {} by a relative path",
                path.display(),
                args.out.display()
            )
        })?;
        return Ok(RuntimeDependency::Path {
            path: rel,
            version: hcgen_codegen::RUNTIME_VERSION.to_owned(),
        });
    }
    Ok(RuntimeDependency::Version(
        r.runtime_version
            .clone()
            .unwrap_or_else(|| hcgen_codegen::RUNTIME_VERSION.to_owned()),
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the spec".to_owned())
}
