//! The build script mode: a spec -> one module file in `OUT_DIR`, for `include!`.
//!
//! ```no_run
//! // build.rs, in `fn main`:
//! let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
//! if let Err(e) = hcgen_codegen::Generator::new("openapi.yaml").write_module(out_dir) {
//!     panic!("{e}");
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod api {
//!     include!(concat!(env!("OUT_DIR"), "/api.rs"));
//! }
//! ```
//!
//! The crate then depends on `hcgen-runtime` and `serde` (with its `derive` feature) only.

use crate::{Error, ErrorKind, Location, Options, Warning};
use std::path::{Path, PathBuf};

/// Generates the types and the client of a spec as one module file, from a build script.
///
/// The file (`api.rs` unless [`Generator::file_name`] says otherwise) holds `pub mod types`
/// and `pub mod client` inline, then the re-exports a generated crate has at its root
/// (`Client`, `Error`, ...). It has no inner attribute or doc at its top, so it can be
/// `include!`d in any module (or at the crate root), and refers to its own items by relative
/// paths. The types are never split into several crates in this mode.
#[derive(Debug, Clone)]
pub struct Generator {
    spec: PathBuf,
    file_name: String,
    allow_ref_paths: Vec<PathBuf>,
    service: Option<String>,
    profile: Option<crate::Profile>,
    cargo_instructions: bool,
}

/// A generated module: its text and every file it was generated from.
#[derive(Debug, Clone)]
pub struct Module {
    /// The module file's text.
    pub text: String,
    /// The spec and every file bundled into it through `$ref`s.
    pub inputs: Vec<PathBuf>,
    /// Documented fallbacks that were applied.
    pub warnings: Vec<Warning>,
}

impl Generator {
    /// A generator for the spec at `spec` (relative paths are relative to the build script's
    /// working directory, the package's folder).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Generator {
            spec: spec.into(),
            file_name: "api.rs".to_owned(),
            allow_ref_paths: Vec::new(),
            service: None,
            profile: None,
            cargo_instructions: true,
        }
    }

    /// The name of the module file in the output folder (default `api.rs`): a plain file
    /// name, with no folder.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = name.into();
        self
    }

    /// Lets `$ref`s read files in `dir` too, besides the spec's own folder (see
    /// [`crate::load::ExternalRefs`]).
    pub fn allow_ref_path(mut self, dir: impl Into<PathBuf>) -> Self {
        self.allow_ref_paths.push(dir.into());
        self
    }

    /// The service ID of the Huawei Cloud profile's endpoint overrides (default: the first label of the first server
    /// host, upper-cased).
    pub fn service(mut self, id: impl Into<String>) -> Self {
        self.service = Some(id.into());
        self
    }

    /// The vendor profile of the client (default: the spec's `x-hcgen-profile`, else none).
    /// The crate then depends on the profile's crate too (`hcgen-huaweicloud`).
    pub fn profile(mut self, profile: crate::Profile) -> Self {
        self.profile = Some(profile);
        self
    }

    /// Whether [`Generator::write_module`] prints `cargo:rerun-if-changed=` for every input
    /// and `cargo:warning=` for every fallback (default `true`, as a build script wants).
    pub fn cargo_instructions(mut self, print: bool) -> Self {
        self.cargo_instructions = print;
        self
    }

    /// The module, generated in memory (nothing is written or printed).
    pub fn module(&self) -> Result<Module, Error> {
        let opts = Options {
            source_label: self.spec.display().to_string(),
            command: "hcgen_codegen::Generator::write_module".to_owned(),
            service: self.service.clone(),
            profile: self.profile,
            type_crate_lines: 0,
            allow_ref_paths: self.allow_ref_paths.clone(),
            ..Options::default()
        };
        let loaded = crate::load_spec(&self.spec, &opts)?;
        let (model, warnings) = crate::lower_for(&loaded, &opts)?;
        let text = crate::emit::emit_module(&model, &opts)?;
        let inputs = std::iter::once(self.spec.clone())
            .chain(loaded.referenced.iter().cloned())
            .collect();
        Ok(Module {
            text,
            inputs,
            warnings,
        })
    }

    /// Generates the module and writes it to `out_dir` (the build script's `OUT_DIR`),
    /// unless the file there already holds the same text; returns the file's path. Prints
    /// `cargo:rerun-if-changed=` for the spec and every file bundled into it (so cargo runs
    /// the build script again when one changes) and a `cargo:warning=` per fallback. Nothing
    /// else is written. An invalid spec is an [`Error`] naming the file and the JSON pointer.
    pub fn write_module(&self, out_dir: impl AsRef<Path>) -> Result<PathBuf, Error> {
        let name = Path::new(&self.file_name);
        let plain = name.file_name().is_some_and(|n| n == name.as_os_str());
        if !plain || self.file_name.is_empty() {
            return Err(Error {
                kind: ErrorKind::Io,
                file: self.file_name.clone(),
                location: Location::Document,
                message: "the module file name must be a file name, with no folder".to_owned(),
            });
        }
        if self.cargo_instructions {
            // Before generating, so that a build that failed on the spec runs again when it
            // is fixed.
            println!("cargo:rerun-if-changed={}", self.spec.display());
        }
        let module = self.module()?;
        if self.cargo_instructions {
            print!("{}", cargo_instructions(&module));
        }
        let path = out_dir.as_ref().join(name);
        if std::fs::read_to_string(&path).is_ok_and(|old| old == module.text) {
            return Ok(path);
        }
        std::fs::write(&path, &module.text).map_err(|e| Error {
            kind: ErrorKind::Io,
            file: path.display().to_string(),
            location: Location::Document,
            message: format!("cannot write the module: {e}"),
        })?;
        Ok(path)
    }
}

/// The lines a build script prints for `module`: `cargo:rerun-if-changed=` for each file it
/// was bundled from (the spec's own line is printed before generating), and a
/// `cargo:warning=` per fallback, each on one line.
fn cargo_instructions(module: &Module) -> String {
    let mut out = String::new();
    for input in module.inputs.iter().skip(1) {
        out.push_str(&format!("cargo:rerun-if-changed={}\n", input.display()));
    }
    for w in &module.warnings {
        let text = w.to_string().replace(['\n', '\r'], " ");
        out.push_str(&format!("cargo:warning={text}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /things/{id}:
    get:
      operationId: GetThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: 'parts.yaml#/Thing'}}}
components:
  schemas:
    Either:
      oneOf: [{type: string}, {type: integer}]
";

    const PARTS: &str = "Thing:
  type: object
  required: [id]
  properties:
    id: {type: string}
    extra: {type: object}
    either: {$ref: 'spec.yaml#/components/schemas/Either'}
";

    /// A folder with the spec and the file it refers to.
    fn spec_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("spec.yaml"), SPEC).unwrap();
        std::fs::write(dir.path().join("parts.yaml"), PARTS).unwrap();
        dir
    }

    fn generator(dir: &Path) -> Generator {
        Generator::new(dir.join("spec.yaml")).cargo_instructions(false)
    }

    #[test]
    fn writes_one_module_file_for_include() {
        let dir = spec_dir();
        let out = tempfile::tempdir().unwrap();
        let path = generator(dir.path()).write_module(out.path()).unwrap();
        assert_eq!(path, out.path().join("api.rs"));
        let names: Vec<_> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["api.rs"]);
        let text = std::fs::read_to_string(&path).unwrap();

        // No inner attribute or doc at its top (include! refuses them); the types and the
        // client are inline modules, and the re-exports follow.
        let file = syn::parse_file(&text).unwrap();
        assert!(file.attrs.is_empty(), "{text}");
        assert!(text.starts_with("// @generated by `hcgen_codegen::Generator::write_module`"));
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("//!") || l.starts_with("#!"))
        );
        let modules: Vec<String> = file
            .items
            .iter()
            .filter_map(|i| match i {
                syn::Item::Mod(m) if m.content.is_some() => Some(m.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(modules, ["types", "client"]);
        assert!(
            text.contains("pub use client::{API, Client, builder};"),
            "{text}"
        );

        // Paths are relative, and serde_json is reached through hcgen-types.
        assert!(!text.contains("crate::"), "{text}");
        assert!(
            text.contains("super::super::types::Thing"),
            "the builders name the types relatively: {text}"
        );
        let without_reexport = text.replace("::hcgen_types::__private::serde_json::", "");
        assert!(!without_reexport.contains("serde_json"), "{text}");

        // Deterministic, and written again only when it changes.
        let again = generator(dir.path()).module().unwrap();
        assert_eq!(again.text, text);
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        generator(dir.path()).write_module(out.path()).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified
        );
    }

    #[test]
    fn the_inputs_are_the_spec_and_every_file_it_refers_to() {
        let dir = spec_dir();
        let module = generator(dir.path()).module().unwrap();
        let parts = dir.path().join("parts.yaml").canonicalize().unwrap();
        assert_eq!(module.inputs, [dir.path().join("spec.yaml"), parts.clone()]);
        let lines = cargo_instructions(&module);
        assert_eq!(
            lines,
            format!("cargo:rerun-if-changed={}\n", parts.display())
        );
    }

    #[test]
    fn an_invalid_spec_is_an_error_naming_the_pointer_and_nothing_is_written() {
        let dir = spec_dir();
        std::fs::write(
            dir.path().join("parts.yaml"),
            PARTS.replace("spec.yaml#/components/schemas/Either", "#/Missing"),
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let e = generator(dir.path()).write_module(out.path()).unwrap_err();
        let text = e.to_string();
        assert!(text.contains("parts.yaml"), "{text}");
        assert!(text.contains("/Thing/properties/either/$ref"), "{text}");
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

        let e = Generator::new(dir.path().join("missing.yaml"))
            .cargo_instructions(false)
            .write_module(out.path())
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Io, "{e}");
        assert!(e.to_string().contains("missing.yaml"), "{e}");
    }

    #[test]
    fn the_file_name_has_no_folder() {
        let dir = spec_dir();
        let out = tempfile::tempdir().unwrap();
        for name in ["../api.rs", "sub/api.rs", "", "/api.rs"] {
            let e = generator(dir.path())
                .file_name(name)
                .write_module(out.path())
                .unwrap_err();
            assert!(e.message.contains("file name"), "{name}: {e}");
        }
        let path = generator(dir.path())
            .file_name("pets.rs")
            .write_module(out.path())
            .unwrap();
        assert_eq!(path, out.path().join("pets.rs"));
    }
}
