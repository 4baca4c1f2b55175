//! Bundle: `$ref`s to files beside the spec -> one document whose references are all local.
//!
//! A reference such as `common.yaml#/components/schemas/Pet`, `./pet.json` (the whole file)
//! or `defs.yaml#/Pet` is read relative to the folder of the file that holds it, as YAML or
//! JSON, and its target is copied into the main document:
//!
//! - into the components section of what the reference stands for (a `$ref` under
//!   `parameters` is a parameter, under `responses` a response, under `schema` a schema...),
//!   named after the target's own place (the last token of its pointer, or the file's stem
//!   when the reference names a whole file), with `_2`, `_3`... added on a collision with a
//!   name already taken, in document order; a components entry of the main document that is
//!   itself an external reference is replaced by its target and keeps its name;
//! - in place for a path item (OpenAPI 3.0 has no components section for them).
//!
//! The references inside a copied target are rewritten the same way relative to their own
//! file; a target is copied once however often it is referenced, so cycles between files end.
//! Every `$ref` in a place where OpenAPI allows one counts (in schemas, parameters, responses,
//! ...); examples, defaults, enums and extensions are data and are left as they are.
//!
//! Bounds: [`MAX_FILES`] files of at most [`MAX_TOTAL_BYTES`] in all, references followed
//! [`MAX_FILE_DEPTH`] deep, copies of at most [`COPY_ALLOWANCE`] nodes beyond one per byte
//! read; no file is read outside the spec's folder (after symlinks and `..` are resolved) or
//! the folders the caller allows, and URLs are not fetched.

#[cfg(test)]
mod tests;
mod walk;

pub use walk::refuse_external;
pub(super) use walk::{Kind, Site, place_at, sites};

use super::text::parse_text;
use crate::error::{Error, ErrorKind, ptr};
use crate::pointer::percent_decode;
use serde_json::{Map, Value};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Read;
use std::path::{Path, PathBuf};
use walk::{SECTIONS, is_external};

/// The most files a spec may reference (the spec itself not counted).
pub const MAX_FILES: usize = 1_000;

/// The most bytes the referenced files may hold together.
pub const MAX_TOTAL_BYTES: u64 = 64 << 20;

/// How many references deep a target may be from the spec (`a.yaml` refers to `b.yaml`, which
/// refers to `c.yaml`: 3 deep).
pub const MAX_FILE_DEPTH: usize = 32;

/// Nodes that copies of targets may add beyond one per byte of the files read: a path item
/// is copied each time it is referenced, and path items can reference each other through
/// callbacks.
pub const COPY_ALLOWANCE: usize = 1_000_000;

/// Where external references may read files.
#[derive(Debug, Clone, Default)]
pub struct ExternalRefs {
    /// Folders besides the spec's own from which referenced files may be read (with their
    /// subfolders).
    pub allow_outside: Vec<PathBuf>,
}

/// A referenced file, read and parsed.
struct File {
    /// As named in diagnostics.
    name: String,
    /// Its folder (canonical), against which its references are resolved.
    dir: PathBuf,
    value: Value,
}

/// Where a copied target goes.
enum Dest {
    /// `/components/<section>/<name>`.
    Component(&'static str, String),
    /// Replaces the referencing object at this pointer of the main document.
    Inline(String),
}

/// A target to copy into the main document.
struct Work {
    file: usize,
    pointer: String,
    kind: Kind,
    dest: Dest,
    depth: usize,
}

struct Bundler {
    /// The folders files may be read from (canonical).
    allowed: Vec<PathBuf>,
    /// Index 0 is the main document (its value is moved out while it is being bundled).
    files: Vec<File>,
    by_path: HashMap<PathBuf, usize>,
    bytes_read: u64,
    copies_left: usize,
    /// The component name given to each target, by (file, pointer, kind).
    named: HashMap<(usize, String, Kind), String>,
    /// The names taken in each section.
    taken: HashMap<&'static str, HashSet<String>>,
    queue: VecDeque<Work>,
}

/// Bundles the references of `root` (the document of the spec at `spec`, `text_len` bytes,
/// named `file` in diagnostics) to other files into it. Returns it with the files it read
/// (canonical paths, in the order they were read).
pub fn bundle(
    file: &str,
    spec: &Path,
    text_len: usize,
    mut root: Value,
    options: &ExternalRefs,
) -> Result<(Value, Vec<PathBuf>), Error> {
    let root_sites = sites(&root, Kind::Root);
    if !root_sites.iter().any(|s| is_external(&s.reference)) {
        return Ok((root, Vec::new()));
    }
    let io = |what: &Path, e: std::io::Error| Error {
        kind: ErrorKind::Io,
        file: file.to_owned(),
        location: crate::Location::Document,
        message: format!("cannot resolve {}: {e}", what.display()),
    };
    let spec = spec.canonicalize().map_err(|e| io(spec, e))?;
    let dir = spec.parent().unwrap_or(Path::new("/")).to_path_buf();
    let mut allowed = vec![dir.clone()];
    for extra in &options.allow_outside {
        allowed.push(extra.canonicalize().map_err(|e| io(extra, e))?);
    }
    let mut taken: HashMap<&'static str, HashSet<String>> = HashMap::new();
    if let Some(components) = root.get("components").and_then(Value::as_object) {
        for (section, _) in SECTIONS {
            if let Some(entries) = components.get(section).and_then(Value::as_object) {
                taken.insert(section, entries.keys().cloned().collect());
            }
        }
    }
    let mut bundler = Bundler {
        allowed,
        files: vec![File {
            name: file.to_owned(),
            dir,
            value: Value::Null,
        }],
        by_path: HashMap::from([(spec, 0)]),
        bytes_read: 0,
        copies_left: text_len.saturating_add(COPY_ALLOWANCE),
        named: HashMap::new(),
        taken,
        queue: VecDeque::new(),
    };
    // A components entry that is an external reference is replaced by its target and keeps
    // its name; the other references to the same target then point to it.
    let mut rest = Vec::new();
    for site in root_sites.into_iter().filter(|s| is_external(&s.reference)) {
        if let Some((section, name)) = component_entry(&site)
            && let Some((file, pointer)) = bundler.target(0, &site)?
            && let Entry::Vacant(slot) = bundler.named.entry((file, pointer.clone(), site.kind))
        {
            slot.insert(name.clone());
            bundler.queue.push_back(Work {
                file,
                pointer,
                kind: site.kind,
                dest: Dest::Component(section, name),
                depth: 1,
            });
        } else {
            rest.push(site);
        }
    }
    for site in rest {
        bundler.rewrite(&mut root, 0, "", "", &site, 0)?;
    }
    while let Some(work) = bundler.queue.pop_front() {
        let mut value = bundler.files[work.file]
            .value
            .pointer(&work.pointer)
            .cloned()
            .unwrap_or(Value::Null);
        bundler.charge_copy(&value, &work)?;
        let dest = match &work.dest {
            Dest::Component(section, name) => ptr("/components", &[section, name]),
            Dest::Inline(at) => at.clone(),
        };
        for site in sites(&value, work.kind) {
            bundler.rewrite(
                &mut value,
                work.file,
                &work.pointer,
                &dest,
                &site,
                work.depth,
            )?;
        }
        place(file, &mut root, &dest, value)?;
    }
    let mut read: Vec<(usize, PathBuf)> = bundler
        .by_path
        .into_iter()
        .filter(|&(_, index)| index != 0)
        .map(|(path, index)| (index, path))
        .collect();
    read.sort();
    Ok((root, read.into_iter().map(|(_, path)| path).collect()))
}

/// `(section, name)` when a site is a whole entry of its components section.
fn component_entry(site: &Site) -> Option<(&'static str, String)> {
    let section = site.kind.section()?;
    let prefix = ptr("/components", &[section]);
    let name = site.pointer.strip_prefix(&prefix)?.strip_prefix('/')?;
    (!name.contains('/')).then(|| (section, name.replace("~1", "/").replace("~0", "~")))
}

/// Puts a copied target at `dest` in the main document.
fn place(file: &str, root: &mut Value, dest: &str, value: Value) -> Result<(), Error> {
    if let Some(slot) = root.pointer_mut(dest) {
        *slot = value;
        return Ok(());
    }
    // A component: its section may not exist yet.
    let mut tokens = dest.split('/').skip(2);
    let (Some(section), Some(name)) = (tokens.next(), tokens.next()) else {
        return Err(Error::at(
            ErrorKind::InvalidDocument,
            file,
            dest,
            "nothing is here to put the referenced value in",
        ));
    };
    let name = name.replace("~1", "/").replace("~0", "~");
    let components = root.as_object_mut().map(|o| {
        o.entry("components")
            .or_insert_with(|| Value::Object(Map::new()))
    });
    match components
        .and_then(Value::as_object_mut)
        .map(|c| {
            c.entry(section)
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut)
    {
        Some(entries) => {
            entries.insert(name, value);
            Ok(())
        }
        None => Err(Error::at(
            ErrorKind::InvalidDocument,
            file,
            &format!("/components/{section}"),
            "not a mapping: referenced components cannot be added to it",
        )),
    }
}

impl Bundler {
    fn error(
        &self,
        kind: ErrorKind,
        file: usize,
        pointer: &str,
        message: impl Into<String>,
    ) -> Error {
        Error::at(kind, &self.files[file].name, pointer, message)
    }

    fn charge_copy(&mut self, value: &Value, work: &Work) -> Result<(), Error> {
        match self.copies_left.checked_sub(nodes(value)) {
            Some(left) => {
                self.copies_left = left;
                Ok(())
            }
            None => Err(self.error(
                ErrorKind::Limit,
                work.file,
                &work.pointer,
                format!(
                    "copying this target once more would take the bundled document past its \
                     size bound (about one node per byte read plus {COPY_ALLOWANCE})"
                ),
            )),
        }
    }

    /// The file and pointer a site refers to, or `None` for a reference local to the main
    /// document (which stays as it is).
    fn target(&mut self, file: usize, site: &Site) -> Result<Option<(usize, String)>, Error> {
        let at = ptr(&site.pointer, &["$ref"]);
        let name = self.files[file].name.clone();
        let fail = |kind, message: String| Error::at(kind, &name, &at, message);
        let reference = &site.reference;
        if reference.contains("://") || reference.starts_with("//") {
            return Err(fail(
                ErrorKind::Unsupported,
                format!("`{reference}`: remote references are not fetched"),
            ));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment).ok_or_else(|| {
            fail(
                ErrorKind::InvalidDocument,
                format!("`{reference}`: invalid percent-encoding"),
            )
        })?;
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(fail(
                ErrorKind::Unsupported,
                format!("`{reference}`: only JSON pointer fragments (`#/...`) are supported"),
            ));
        }
        let target_file = if path.is_empty() {
            file
        } else {
            let path = percent_decode(path).ok_or_else(|| {
                fail(
                    ErrorKind::InvalidDocument,
                    format!("`{reference}`: invalid percent-encoding"),
                )
            })?;
            self.open(file, &at, reference, Path::new(&path))?
        };
        if target_file == 0 {
            return Ok(None);
        }
        if self.files[target_file].value.pointer(&fragment).is_none() {
            return Err(fail(
                ErrorKind::DanglingRef,
                format!(
                    "`{reference}` points to nothing: {} has no `#{fragment}`",
                    self.files[target_file].name
                ),
            ));
        }
        Ok(Some((target_file, fragment)))
    }

    /// Reads a referenced file once (`relative` to the folder of file `from`), and returns its
    /// index.
    fn open(
        &mut self,
        from: usize,
        at: &str,
        reference: &str,
        relative: &Path,
    ) -> Result<usize, Error> {
        let name = self.files[from].name.clone();
        let fail = |kind, message: String| Error::at(kind, &name, at, message);
        let joined = self.files[from].dir.join(relative);
        let canonical = joined.canonicalize().map_err(|e| {
            fail(
                ErrorKind::DanglingRef,
                format!("`{reference}`: cannot read {}: {e}", joined.display()),
            )
        })?;
        if let Some(&index) = self.by_path.get(&canonical) {
            return Ok(index);
        }
        if !self.allowed.iter().any(|dir| canonical.starts_with(dir)) {
            return Err(fail(
                ErrorKind::Unsupported,
                format!(
                    "`{reference}` resolves to {}, outside the spec's folder {}: references \
                     only read files inside it (or in a folder allowed with --allow-ref-path)",
                    canonical.display(),
                    self.allowed[0].display()
                ),
            ));
        }
        if self.files.len() > MAX_FILES {
            return Err(fail(
                ErrorKind::Limit,
                format!("`{reference}`: a spec may reference at most {MAX_FILES} files"),
            ));
        }
        let text = self.read(&canonical).map_err(|e| {
            fail(
                e.0,
                format!("`{reference}`: cannot read {}: {}", joined.display(), e.1),
            )
        })?;
        let name = joined.display().to_string();
        let value = parse_text(&name, &text)?;
        let index = self.files.len();
        self.files.push(File {
            name,
            dir: canonical.parent().unwrap_or(Path::new("/")).to_path_buf(),
            value,
        });
        self.by_path.insert(canonical, index);
        Ok(index)
    }

    /// A file's text, within what is left of [`MAX_TOTAL_BYTES`].
    fn read(&mut self, path: &Path) -> Result<String, (ErrorKind, String)> {
        let io = |e: std::io::Error| (ErrorKind::Io, e.to_string());
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_file() {
            return Err((ErrorKind::Io, "not a regular file".to_owned()));
        }
        let left = MAX_TOTAL_BYTES - self.bytes_read;
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .map_err(io)?
            .take(left + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        if bytes.len() as u64 > left {
            return Err((
                ErrorKind::Limit,
                format!(
                    "the referenced files hold more than {} MiB together",
                    MAX_TOTAL_BYTES >> 20
                ),
            ));
        }
        self.bytes_read += bytes.len() as u64;
        self.copies_left = self.copies_left.saturating_add(bytes.len());
        String::from_utf8(bytes).map_err(|_| (ErrorKind::Io, "not UTF-8 text".to_owned()))
    }

    /// Rewrites one reference in `value` (a copy of `base` in file `file`, going to `dest` in
    /// the main document) to a local one, queueing its target.
    fn rewrite(
        &mut self,
        value: &mut Value,
        file: usize,
        base: &str,
        dest: &str,
        site: &Site,
        depth: usize,
    ) -> Result<(), Error> {
        let in_file = Site {
            pointer: format!("{base}{}", site.pointer),
            kind: site.kind,
            reference: site.reference.clone(),
        };
        let Some((target, pointer)) = self.target(file, &in_file)? else {
            // The main document: a local reference, written as one.
            let local = match site.reference.split_once('#') {
                Some((_, fragment)) => format!("#{fragment}"),
                None => "#".to_owned(),
            };
            set_ref(value, &site.pointer, local);
            return Ok(());
        };
        if depth >= MAX_FILE_DEPTH {
            return Err(self.error(
                ErrorKind::Limit,
                file,
                &ptr(&in_file.pointer, &["$ref"]),
                format!(
                    "`{}`: references are followed at most {MAX_FILE_DEPTH} deep from the spec",
                    site.reference
                ),
            ));
        }
        let Some(section) = site.kind.section() else {
            // A path item: copied in place.
            self.queue.push_back(Work {
                file: target,
                pointer,
                kind: site.kind,
                dest: Dest::Inline(format!("{dest}{}", site.pointer)),
                depth: depth + 1,
            });
            return Ok(());
        };
        let key = (target, pointer, site.kind);
        let name = match self.named.get(&key) {
            Some(name) => name.clone(),
            None => {
                let file_name = self.files[target].name.clone();
                let name = self.unique_name(section, &file_name, &key.1);
                self.named.insert(key.clone(), name.clone());
                self.queue.push_back(Work {
                    file: target,
                    pointer: key.1,
                    kind: site.kind,
                    dest: Dest::Component(section, name.clone()),
                    depth: depth + 1,
                });
                name
            }
        };
        set_ref(
            value,
            &site.pointer,
            format!("#{}", ptr("/components", &[section, &name])),
        );
        Ok(())
    }

    /// A name for a target in `section`: the last token of its pointer, or its file's stem;
    /// characters outside `A-Za-z0-9._-` become `_`; `_2`, `_3`... on a collision.
    fn unique_name(&mut self, section: &'static str, file: &str, pointer: &str) -> String {
        let base = match pointer.rsplit_once('/') {
            Some((_, last)) if !last.is_empty() => last.replace("~1", "/").replace("~0", "~"),
            _ => Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        let mut base: String = base
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if base.is_empty() {
            base = "Ref".to_owned();
        }
        claim(self.taken.entry(section).or_default(), base)
    }
}

/// `base`, or the first of `base_2`, `base_3`... that is not in `taken`; added to it.
pub(super) fn claim(taken: &mut HashSet<String>, base: String) -> String {
    let mut name = base.clone();
    let mut n = 1;
    while taken.contains(&name) {
        n += 1;
        name = format!("{base}_{n}");
    }
    taken.insert(name.clone());
    name
}

/// The number of JSON values in `value` (itself included), counted without recursion.
pub(super) fn nodes(value: &Value) -> usize {
    let mut nodes = 0usize;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        nodes += 1;
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    nodes
}

pub(super) fn set_ref(value: &mut Value, pointer: &str, reference: String) {
    if let Some(Value::Object(obj)) = value.pointer_mut(pointer) {
        obj.insert("$ref".to_owned(), Value::String(reference));
    }
}
