#![doc = include_str!("../README.md")]
//!
//! ## Modules
//!
//! The data flows one way, one module per step:
//!
//! 1. [`load`]: YAML or JSON text -> a checked OpenAPI document in the 3.0 model (3.0.x as
//!    written, 3.1.x rewritten into it);
//! 2. [`lower`]: the document -> the intermediate [`model`] (`$ref`s resolved, every type
//!    and field named, constraints and usage known);
//! 3. [`emit`]: the model -> Rust tokens (`quote`) -> formatted files (`prettyplease`, then
//!    the passes of [`emit::print`]).
//!
//! [`generate`] runs steps 2 and 3 on a loaded document; [`generate_from_str`] and
//! [`generate_from_path`] load first. [`Generator`] writes the types and the client as one
//! module file instead of a crate, for a build script and `include!`.
//!
//! Every failure is an [`Error`] naming the file and the JSON pointer (or line and column
//! for syntax errors). Documented fallbacks are reported as [`Warning`]s. [`package`] checks
//! what reaches a generated `Cargo.toml`; [`write`](mod@write) writes a generated crate into a folder
//! (only a missing, empty or hcgen-written one) and reports drift.
#![deny(missing_docs)]

mod build_script;
pub mod emit;
mod error;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod package;
mod pointer;
pub mod write;

pub use build_script::{Generator, Module};
pub use error::{Error, ErrorKind, Location, Warning};
pub use model::Profile;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How the generated crate depends on hcgen's runtime crates (`hcgen-types`,
/// `hcgen-runtime`, and the profile's crate such as `hcgen-huaweicloud`), which are released
/// together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A path dependency (with the version to publish against).
    Path {
        /// The folder holding the crates (a checkout of hcgen: `types/`, `runtime/`,
        /// `huaweicloud/`), relative to the generated crate (type crates get it adjusted).
        /// The `hcgen` command only ever writes relative paths; an absolute one is written as
        /// given (this repository's tests build crates against its own runtime that way).
        path: String,
        /// Version requirement.
        version: String,
    },
    /// A crates.io version requirement (the default: [`RUNTIME_VERSION`]).
    Version(String),
    /// A git dependency.
    Git {
        /// Repository URL.
        url: String,
        /// A revision (commit, tag or branch) to pin, if any.
        rev: Option<String>,
    },
}

/// The `hcgen-runtime` version requirement generated crates use by default: the runtime
/// released with this generator (`MAJOR.MINOR` of this crate's version, as both are released
/// together).
pub const RUNTIME_VERSION: &str = {
    // `0.1.0` -> `0.1`: everything before the second dot.
    const V: &str = env!("CARGO_PKG_VERSION");
    const fn second_dot(v: &[u8]) -> usize {
        let mut i = 0;
        let mut dots = 0;
        while i < v.len() {
            if v[i] == b'.' {
                dots += 1;
                if dots == 2 {
                    return i;
                }
            }
            i += 1;
        }
        v.len()
    }
    match V.split_at_checked(second_dot(V.as_bytes())) {
        Some((major_minor, _)) => major_minor,
        None => V,
    }
};

/// Generation options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Package name of the generated crate.
    pub crate_name: String,
    /// Its version.
    pub crate_version: String,
    /// Its description (default: from the spec's title).
    pub description: Option<String>,
    /// crates.io keywords.
    pub keywords: Vec<String>,
    /// Repository URL.
    pub repository: Option<String>,
    /// The licence, an SPDX expression (see [`package::spdx_license`]); none is written
    /// when `None`.
    pub license: Option<String>,
    /// The Rust edition.
    pub edition: package::Edition,
    /// The runtime dependency.
    pub runtime: RuntimeDependency,
    /// How the spec is named in the `@generated` line (e.g. `spec/cbr.yaml`).
    pub source_label: String,
    /// The command named in the `@generated` line.
    pub command: String,
    /// The vendor profile to generate the client with; `None` keeps what the spec's
    /// `x-hcgen-profile` says (by default, none: a generic client).
    pub profile: Option<model::Profile>,
    /// Service ID of the Huawei Cloud profile's endpoint override variables (default: the
    /// first label of the first server host).
    pub service: Option<String>,
    /// Add an empty `[workspace]` table, so the crate builds on its own anywhere (but cannot
    /// be a member of another workspace).
    pub standalone: bool,
    /// When the types would make more than about this many lines, they are split into
    /// several crates of about this size under `type-crates/` (the main crate re-exports
    /// them all from its `types` module); `0` keeps them in one crate whatever the size.
    /// See [`emit::type_crates`] for why.
    pub type_crate_lines: usize,
    /// Folders, besides the spec's own, from which `$ref`s to other files may read (see
    /// [`load::load_path_with`]); [`generate_from_path`] only.
    pub allow_ref_paths: Vec<PathBuf>,
}

/// The default [`Options::type_crate_lines`]: crates of about this size build fastest
/// (measured on the Stripe and GitHub specs; see `bench/README.md`).
pub const DEFAULT_TYPE_CRATE_LINES: usize = 20_000;

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_name: "generated-api".to_owned(),
            crate_version: "0.1.0".to_owned(),
            description: None,
            keywords: Vec::new(),
            repository: None,
            license: None,
            edition: package::Edition::default(),
            runtime: RuntimeDependency::Version(RUNTIME_VERSION.to_owned()),
            source_label: "the spec".to_owned(),
            command: "cargo xtask codegen".to_owned(),
            profile: None,
            service: None,
            standalone: false,
            type_crate_lines: DEFAULT_TYPE_CRATE_LINES,
            allow_ref_paths: Vec::new(),
        }
    }
}

/// One output file, relative to the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative path (`Cargo.toml`, `src/lib.rs`, ...).
    pub path: PathBuf,
    /// Contents.
    pub contents: String,
}

/// The result of a generation.
#[derive(Debug, Clone)]
pub struct Output {
    /// The crate's files, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Documented fallbacks that were applied.
    pub warnings: Vec<Warning>,
    /// The model the files were emitted from.
    pub model: model::Api,
    /// How long each phase took.
    pub timings: Timings,
}

/// How long the phases of [`generate`] took (measured, for `cargo xtask bench-gen`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Lowering the document to the model.
    pub lower: Duration,
    /// Emitting and printing the files.
    pub emit: Duration,
}

/// Generates a crate from a loaded spec: checks the options, lowers the document to the
/// model and emits the crate's files. [`generate_from_str`], [`generate_from_path`], the
/// `hcgen` command, `cargo xtask` and spec-diff all generate through this one function.
pub fn generate(loaded: &load::Loaded, opts: &Options) -> Result<Output, Error> {
    opts.check()?;
    let start = Instant::now();
    let (model, warnings) = lower_for(loaded, opts)?;
    let lowered = Instant::now();
    let files = emit::emit_crate(&model, opts)?;
    let timings = Timings {
        lower: lowered - start,
        emit: lowered.elapsed(),
    };
    Ok(Output {
        files,
        warnings,
        model,
        timings,
    })
}

/// The model of `loaded` for `opts`: [`lower::lower`], with [`Options::profile`] applied.
pub(crate) fn lower_for(
    loaded: &load::Loaded,
    opts: &Options,
) -> Result<(model::Api, Vec<Warning>), Error> {
    let (mut model, warnings) = lower::lower(loaded)?;
    if opts.profile.is_some() {
        model.profile = opts.profile;
    }
    Ok((model, warnings))
}

/// Generates a crate from spec text: [`load::load_str`], then [`generate`]. `source_name`
/// names the input in diagnostics. With no folder to read them from, `$ref`s to other files
/// are errors.
pub fn generate_from_str(source_name: &str, text: &str, opts: &Options) -> Result<Output, Error> {
    generate(&load::load_str(source_name, text)?, opts)
}

/// Loads a spec file as [`generate_from_path`] does: its `$ref`s to other files in its
/// folder (or in [`Options::allow_ref_paths`]) bundled into it.
pub fn load_spec(path: &Path, opts: &Options) -> Result<load::Loaded, Error> {
    let refs = load::ExternalRefs {
        allow_outside: opts.allow_ref_paths.clone(),
    };
    load::load_path_with(path, &refs)
}

/// Generates a crate from a spec file, with its `$ref`s to other files in its folder (or in
/// [`Options::allow_ref_paths`]) bundled into it.
pub fn generate_from_path(path: &Path, opts: &Options) -> Result<Output, Error> {
    generate(&load_spec(path, opts)?, opts)
}

impl Options {
    /// Checks every value that reaches the manifest (see [`package`]): an invalid one is an
    /// [`ErrorKind::InvalidOptions`] error saying which value and which rule.
    pub fn check(&self) -> Result<(), Error> {
        let fail = |what: &str, e: String| Error {
            kind: ErrorKind::InvalidOptions,
            file: "options".to_owned(),
            location: Location::Document,
            message: format!("{what}: {e}"),
        };
        package::check_crate_name(&self.crate_name).map_err(|e| fail("crate name", e))?;
        package::check_version(&self.crate_version).map_err(|e| fail("crate version", e))?;
        if let Some(l) = &self.license {
            package::spdx_license(l).map_err(|e| fail("licence", e))?;
        }
        if self.keywords.len() > package::MAX_KEYWORDS {
            return Err(fail(
                "keywords",
                format!("at most {} (crates.io)", package::MAX_KEYWORDS),
            ));
        }
        for k in &self.keywords {
            package::check_keyword(k).map_err(|e| fail("keyword", e))?;
        }
        Ok(())
    }
}
