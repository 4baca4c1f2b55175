//! What `corpus` and `bench-gen` share: options for a crate that depends on this
//! repository's runtime by path, and one generation timed phase by phase.

use std::path::Path;
use std::time::{Duration, Instant};

use hcgen_codegen::load::Loaded;
use hcgen_codegen::model::Api;
use hcgen_codegen::{GeneratedFile, Options, RuntimeDependency};

/// Options for crate `name`, written to `out`, generated from `spec` by `command`, depending
/// on `root/runtime` by a path relative to `out` (the crates are built inside this
/// repository's target directory).
pub fn local_crate_options(
    root: &Path,
    out: &Path,
    name: &str,
    spec: &Path,
    command: String,
) -> Options {
    let path = std::env::current_dir()
        .ok()
        .and_then(|cwd| hcgen_codegen::write::absolute_path(&cwd, out).ok())
        .and_then(|out| hcgen_codegen::write::relative_path(root, &out))
        .unwrap_or_else(|| root.display().to_string());
    Options {
        crate_name: name.to_owned(),
        runtime: RuntimeDependency::Path {
            path,
            version: hcgen_codegen::RUNTIME_VERSION.to_owned(),
        },
        source_label: spec.display().to_string(),
        command,
        standalone: false,
        ..Options::default()
    }
}

/// One generation and the time of each phase.
pub struct Timed {
    pub loaded: Loaded,
    pub model: Api,
    pub files: Vec<GeneratedFile>,
    /// Read and parse (`load`), lower to the model, emit and format.
    pub phases: [Duration; 3],
}

/// Loads `spec` and generates from it ([`hcgen_codegen::generate`]), timing each phase.
pub fn generate(spec: &Path, opts: &Options) -> Result<Timed, hcgen_codegen::Error> {
    let start = Instant::now();
    let loaded = hcgen_codegen::load::load_path(spec)?;
    let load = start.elapsed();
    let out = hcgen_codegen::generate(&loaded, opts)?;
    Ok(Timed {
        loaded,
        model: out.model,
        files: out.files,
        phases: [load, out.timings.lower, out.timings.emit],
    })
}
