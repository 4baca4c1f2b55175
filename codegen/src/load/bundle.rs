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

use super::text::parse_text;
use crate::error::{Error, ErrorKind, ptr};
use serde_json::{Map, Value};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Read;
use std::path::{Path, PathBuf};

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

/// What a `$ref` stands for, from the place it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    Example,
    Link,
    Callback,
    SecurityScheme,
    PathItem,
    // Places that are never referenced, walked for the references inside them.
    Root,
    Components,
    Operation,
    MediaType,
    Encoding,
}

/// The components sections, and what their entries are.
const SECTIONS: [(&str, Kind); 9] = [
    ("schemas", Kind::Schema),
    ("parameters", Kind::Parameter),
    ("requestBodies", Kind::RequestBody),
    ("responses", Kind::Response),
    ("headers", Kind::Header),
    ("examples", Kind::Example),
    ("links", Kind::Link),
    ("callbacks", Kind::Callback),
    ("securitySchemes", Kind::SecurityScheme),
];

impl Kind {
    /// The components section that holds this kind, if it has one.
    fn section(self) -> Option<&'static str> {
        SECTIONS.iter().find(|(_, k)| *k == self).map(|(s, _)| *s)
    }

    /// Whether a `$ref` may stand in for an object of this kind.
    fn referable(self) -> bool {
        self.section().is_some() || self == Kind::PathItem
    }
}

/// How the children of a field hold objects of a kind.
#[derive(Clone, Copy)]
enum Shape {
    One(Kind),
    List(Kind),
    /// A map of names; `true` skips `x-` keys (extensions, in maps that allow them).
    Map(Kind, bool),
}

/// The fields of an object of `kind` that hold referable objects.
fn fields(kind: Kind) -> &'static [(&'static str, Shape)] {
    use Kind as K;
    use Shape::*;
    match kind {
        K::Root => &[
            ("paths", Map(K::PathItem, true)),
            ("components", One(K::Components)),
        ],
        // Its fields are the sections: see `SECTIONS`.
        K::Components => &[],
        K::PathItem => &[
            ("parameters", List(K::Parameter)),
            ("get", One(K::Operation)),
            ("put", One(K::Operation)),
            ("post", One(K::Operation)),
            ("delete", One(K::Operation)),
            ("options", One(K::Operation)),
            ("head", One(K::Operation)),
            ("patch", One(K::Operation)),
            ("trace", One(K::Operation)),
        ],
        K::Operation => &[
            ("parameters", List(K::Parameter)),
            ("requestBody", One(K::RequestBody)),
            ("responses", Map(K::Response, true)),
            ("callbacks", Map(K::Callback, false)),
        ],
        K::Callback => &[],
        K::Parameter | K::Header => &[
            ("schema", One(K::Schema)),
            ("content", Map(K::MediaType, false)),
            ("examples", Map(K::Example, false)),
        ],
        K::RequestBody => &[("content", Map(K::MediaType, false))],
        K::Response => &[
            ("headers", Map(K::Header, false)),
            ("content", Map(K::MediaType, false)),
            ("links", Map(K::Link, false)),
        ],
        K::MediaType => &[
            ("schema", One(K::Schema)),
            ("examples", Map(K::Example, false)),
            ("encoding", Map(K::Encoding, false)),
        ],
        K::Encoding => &[("headers", Map(K::Header, false))],
        K::Schema => &[
            ("properties", Map(K::Schema, false)),
            ("items", One(K::Schema)),
            ("not", One(K::Schema)),
            ("additionalProperties", One(K::Schema)),
            ("allOf", List(K::Schema)),
            ("anyOf", List(K::Schema)),
            ("oneOf", List(K::Schema)),
        ],
        K::Example | K::Link | K::SecurityScheme => &[],
    }
}

/// A `$ref` found in a value: where (relative to the value), what it stands for, its text.
struct Site {
    pointer: String,
    kind: Kind,
    reference: String,
}

/// The references in `value`, an object of `kind`, in document order (walked with a stack of
/// its own, not by recursion).
fn sites(value: &Value, kind: Kind) -> Vec<Site> {
    let mut found = Vec::new();
    let mut stack = vec![(value, String::new(), kind)];
    while let Some((value, pointer, kind)) = stack.pop() {
        let Some(obj) = value.as_object() else {
            continue;
        };
        if kind.referable()
            && let Some(Value::String(reference)) = obj.get("$ref")
        {
            found.push(Site {
                pointer,
                kind,
                reference: reference.clone(),
            });
            continue;
        }
        let mut children = Vec::new();
        if kind == Kind::Components {
            for (section, k) in SECTIONS {
                if let Some(Value::Object(entries)) = obj.get(section) {
                    let at = ptr(&pointer, &[section]);
                    for (name, entry) in entries {
                        children.push((entry, ptr(&at, &[name]), k));
                    }
                }
            }
        }
        if kind == Kind::Callback {
            // A callback maps expressions to path items.
            for (expression, item) in obj {
                if !expression.starts_with("x-") {
                    children.push((item, ptr(&pointer, &[expression]), Kind::PathItem));
                }
            }
        }
        for (field, shape) in fields(kind) {
            let Some(child) = obj.get(*field) else {
                continue;
            };
            let at = ptr(&pointer, &[field]);
            match (shape, child) {
                (Shape::One(k), _) => children.push((child, at, *k)),
                (Shape::List(k), Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        children.push((item, ptr(&at, &[&i.to_string()]), *k));
                    }
                }
                (Shape::Map(k, skip_extensions), Value::Object(map)) => {
                    for (name, item) in map {
                        if !(*skip_extensions && name.starts_with("x-")) {
                            children.push((item, ptr(&at, &[name]), *k));
                        }
                    }
                }
                _ => {}
            }
        }
        // Popped last to first: push in reverse for document order.
        stack.extend(children.into_iter().rev());
    }
    found
}

/// Whether a reference names another document (anything but `#...`).
fn is_external(reference: &str) -> bool {
    !reference.starts_with('#')
}

/// Refuses external references in a document that has no folder to read them from.
pub fn refuse_external(file: &str, root: &Value) -> Result<(), Error> {
    match sites(root, Kind::Root)
        .into_iter()
        .find(|s| is_external(&s.reference))
    {
        Some(site) => Err(Error::at(
            ErrorKind::Unsupported,
            file,
            &ptr(&site.pointer, &["$ref"]),
            format!(
                "`{}` refers to another file: external references are resolved only when the \
                 spec is read from a file (relative to its folder)",
                site.reference
            ),
        )),
        None => Ok(()),
    }
}

/// Whether JSON text may hold an external reference: a `"$ref"` whose string value does not
/// start with `#` (a scan of the text, so that a document without any can be deserialized
/// straight from it; a `"$ref"` inside a string counts too, which only costs the slow path).
pub fn may_have_external_refs(text: &str) -> bool {
    text.match_indices("\"$ref\"").any(|(at, key)| {
        let rest = text[at + key.len()..].trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            return true;
        };
        let rest = rest.trim_start();
        match rest.strip_prefix('"') {
            Some(value) => !value.starts_with('#'),
            // Not a string: not a reference (a property named `$ref`).
            None => !rest.starts_with(['{', '[']),
        }
    })
}

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
/// named `file` in diagnostics) to other files into it.
pub fn bundle(
    file: &str,
    spec: &Path,
    text_len: usize,
    mut root: Value,
    options: &ExternalRefs,
) -> Result<Value, Error> {
    let root_sites = sites(&root, Kind::Root);
    if !root_sites.iter().any(|s| is_external(&s.reference)) {
        return Ok(root);
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
    Ok(root)
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
        unreachable!("only components are placed where nothing is yet")
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
        match self.copies_left.checked_sub(nodes) {
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
        let taken = self.taken.entry(section).or_default();
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        taken.insert(name.clone());
        name
    }
}

fn set_ref(value: &mut Value, pointer: &str, reference: String) {
    if let Some(Value::Object(obj)) = value.pointer_mut(pointer) {
        obj.insert("$ref".to_owned(), Value::String(reference));
    }
}

/// Decodes `%XX` escapes (URI references); `None` if they are invalid or not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load_path, load_path_with, load_str};

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/external-refs/api.yaml")
    }

    /// A fresh folder holding `files` (path, text), for one test.
    fn tree(test: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("hcgen-bundle-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    /// A spec whose one response's schema is `reference`.
    fn spec_with_ref(reference: &str) -> String {
        format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{reference}'}}\n"
        )
    }

    const SCHEMA_POINTER: &str =
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref";

    fn bundled(path: &Path, refs: &ExternalRefs) -> Result<Value, Error> {
        let text = std::fs::read_to_string(path).unwrap();
        let root = parse_text("spec", &text).unwrap();
        bundle(&path.display().to_string(), path, text.len(), root, refs)
    }

    fn all_refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => all_refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| all_refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn a_spec_split_over_files_becomes_one_document_with_local_refs() {
        let doc = bundled(&fixture(), &ExternalRefs::default()).unwrap();
        let mut refs = Vec::new();
        all_refs(&doc, &mut refs);
        assert!(
            refs.iter().all(|r| r.starts_with("#/components/")),
            "{refs:?}"
        );
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        // The main document's entry keeps its name and is the file's schema; the cycle
        // pet.yaml <-> owner.yaml ends; the other file's `Pet` gets `_2`; `a~1b` is `a/b`,
        // named with `_` for `/`.
        assert_eq!(
            schemas.keys().collect::<Vec<_>>(),
            ["Pet", "Error", "Pet_2", "owner", "a_b", "LimitValue"]
        );
        assert_eq!(
            schemas["Pet"]["properties"]["owner"]["$ref"],
            "#/components/schemas/owner"
        );
        assert_eq!(
            schemas["owner"]["properties"]["pets"]["items"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(
            schemas["Pet"]["properties"]["tag"]["$ref"],
            "#/components/schemas/a_b"
        );
        assert_eq!(schemas["Pet_2"]["properties"]["color"]["type"], "string");
        // A path item is copied in place; parameters, responses and a parameter's schema go
        // to their own sections; a reference back into the main document becomes local.
        let list = &doc["paths"]["/pets"]["get"];
        assert_eq!(list["operationId"], "listPets");
        assert_eq!(
            list["parameters"][0]["$ref"],
            "#/components/parameters/Limit"
        );
        assert_eq!(
            list["responses"]["default"]["$ref"],
            "#/components/responses/Error"
        );
        assert_eq!(
            doc["paths"]["/pets/{petId}"]["get"]["responses"]["default"]["$ref"],
            "#/components/responses/Error"
        );
        let components = &doc["components"];
        assert_eq!(
            components["parameters"]["Limit"]["schema"]["$ref"],
            "#/components/schemas/LimitValue"
        );
        assert_eq!(components["parameters"]["PetId"]["in"], "path");
        assert_eq!(
            components["responses"]["Error"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error"
        );
        assert_eq!(components["schemas"]["LimitValue"]["minimum"], 1);
        // And it loads as OpenAPI, through the public entry point.
        let loaded = load_path(&fixture()).unwrap();
        assert!(loaded.doc.components.unwrap().schemas.contains_key("owner"));
    }

    #[test]
    fn json_specs_with_external_refs_take_the_bundling_path() {
        let json =
            serde_json::to_string(&parse_text("s", &spec_with_ref("s.json")).unwrap()).unwrap();
        assert!(may_have_external_refs(&json));
        assert!(!may_have_external_refs(
            r##"{"$ref": "#/a", "properties": {"$ref": {"type": "string"}}}"##
        ));
        assert!(may_have_external_refs(r#"{"$ref" : "a.yaml"}"#));
        let dir = tree(
            "json",
            &[("spec.json", &json), ("s.json", r#"{"type": "integer"}"#)],
        );
        let loaded = load_path(&dir.join("spec.json")).unwrap();
        assert!(loaded.doc.components.unwrap().schemas.contains_key("s"));
    }

    #[test]
    fn reads_outside_the_spec_folder_are_refused_unless_allowed() {
        let dir = tree(
            "escape",
            &[
                ("api/spec.yaml", &spec_with_ref("../secret.yaml")),
                ("api/linked.yaml", &spec_with_ref("link.yaml")),
                ("secret.yaml", "type: string\n"),
            ],
        );
        std::os::unix::fs::symlink(dir.join("secret.yaml"), dir.join("api/link.yaml")).unwrap();
        for spec in ["api/spec.yaml", "api/linked.yaml"] {
            let e = bundled(&dir.join(spec), &ExternalRefs::default()).unwrap_err();
            assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
            assert_eq!(e.pointer(), Some(SCHEMA_POINTER), "{e}");
            assert!(e.message.contains("outside the spec's folder"), "{e}");
            assert!(e.file.ends_with(spec), "{e}");
            let allowed = ExternalRefs {
                allow_outside: vec![dir.clone()],
            };
            let doc = bundled(&dir.join(spec), &allowed).unwrap();
            assert_eq!(doc["components"]["schemas"].as_object().unwrap().len(), 1);
        }
    }

    #[test]
    fn dangling_and_remote_references_are_errors_naming_the_referring_file() {
        let dir = tree(
            "dangling",
            &[
                ("missing-file.yaml", &spec_with_ref("nothing.yaml")),
                ("missing-pointer.yaml", &spec_with_ref("defs.yaml#/Nothing")),
                ("nested.yaml", &spec_with_ref("defs.yaml#/Broken")),
                (
                    "remote.yaml",
                    &spec_with_ref("https://example.com/pet.yaml"),
                ),
                ("anchor.yaml", &spec_with_ref("defs.yaml#Pet")),
                (
                    "defs.yaml",
                    "Broken: {type: array, items: {$ref: 'gone.yaml#/X'}}\n",
                ),
            ],
        );
        let cases = [
            (
                "missing-file.yaml",
                "missing-file.yaml",
                SCHEMA_POINTER,
                ErrorKind::DanglingRef,
                "cannot read",
            ),
            (
                "missing-pointer.yaml",
                "missing-pointer.yaml",
                SCHEMA_POINTER,
                ErrorKind::DanglingRef,
                "has no `#/Nothing`",
            ),
            (
                "nested.yaml",
                "defs.yaml",
                "/Broken/items/$ref",
                ErrorKind::DanglingRef,
                "cannot read",
            ),
            (
                "remote.yaml",
                "remote.yaml",
                SCHEMA_POINTER,
                ErrorKind::Unsupported,
                "remote references are not fetched",
            ),
            (
                "anchor.yaml",
                "anchor.yaml",
                SCHEMA_POINTER,
                ErrorKind::Unsupported,
                "only JSON pointer fragments",
            ),
        ];
        for (spec, file, pointer, kind, message) in cases {
            let e = bundled(&dir.join(spec), &ExternalRefs::default()).unwrap_err();
            assert_eq!((e.kind, e.pointer()), (kind, Some(pointer)), "{e}");
            assert!(e.file.ends_with(file), "{e}");
            assert!(e.message.contains(message), "{e}");
        }
        // Without a file, there is no folder to read from.
        let e = load_str("spec.yaml", &spec_with_ref("defs.yaml#/Broken")).unwrap_err();
        assert_eq!(
            (e.kind, e.pointer()),
            (ErrorKind::Unsupported, Some(SCHEMA_POINTER)),
            "{e}"
        );
        assert!(
            e.message.contains("only when the spec is read from a file"),
            "{e}"
        );
    }

    #[test]
    fn reference_chains_and_path_item_cycles_stop_at_the_depth_limit() {
        // A chain of files one deeper than the limit.
        let mut files = vec![("spec.yaml".to_owned(), spec_with_ref("f0.yaml"))];
        for i in 0..MAX_FILE_DEPTH {
            files.push((
                format!("f{i}.yaml"),
                format!("type: array\nitems: {{$ref: 'f{}.yaml'}}\n", i + 1),
            ));
        }
        files.push((
            format!("f{MAX_FILE_DEPTH}.yaml"),
            "type: string\n".to_owned(),
        ));
        let refs: Vec<_> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let dir = tree("chain", &refs);
        let e = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        assert_eq!(e.pointer(), Some("/items/$ref"), "{e}");
        // One file fewer loads.
        std::fs::write(
            dir.join(format!("f{}.yaml", MAX_FILE_DEPTH - 1)),
            "type: string\n",
        )
        .unwrap();
        let doc = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap();
        assert_eq!(
            doc["components"]["schemas"].as_object().unwrap().len(),
            MAX_FILE_DEPTH
        );
        // Path items are copied in place, so a cycle of them ends at the limit, not never.
        let dir = tree(
            "path-cycle",
            &[
                (
                    "spec.yaml",
                    &format!("{HEAD}paths:\n  /a: {{$ref: 'a.yaml'}}\n"),
                ),
                (
                    "a.yaml",
                    "post:\n  responses: {'200': {description: ok}}\n  callbacks:\n    c:\n      '{$request.body#/url}': {$ref: 'a.yaml'}\n",
                ),
            ],
        );
        let e = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        assert!(e.file.ends_with("a.yaml"), "{e}");
    }

    #[test]
    fn refs_in_data_are_left_alone_and_options_reach_the_bundler() {
        let dir = tree(
            "data",
            &[
                (
                    "spec.yaml",
                    &format!(
                        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      example: {{$ref: 'not-a-file.yaml'}}\n      x-note: {{$ref: 'nor-this.yaml'}}\n      properties:\n        example: {{$ref: 'b.yaml'}}\n"
                    ),
                ),
                ("b.yaml", "type: string\n"),
            ],
        );
        let loaded = load_path_with(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap();
        let schemas = loaded.doc.components.unwrap().schemas;
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["A", "b"]);
    }

    #[test]
    fn a_spec_may_reference_at_most_max_files_files() {
        let mut spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
        let mut files = Vec::new();
        for i in 0..=MAX_FILES {
            spec.push_str(&format!("    S{i}: {{$ref: 's{i}.yaml'}}\n"));
            files.push((format!("s{i}.yaml"), "type: string\n".to_owned()));
        }
        files.push(("spec.yaml".to_owned(), spec));
        let refs: Vec<_> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let dir = tree("files", &refs);
        let e = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e}");
        let last = format!("/components/schemas/S{MAX_FILES}/$ref");
        assert_eq!(e.pointer(), Some(last.as_str()), "{e}");
        // One fewer loads.
        let text = std::fs::read_to_string(dir.join("spec.yaml")).unwrap();
        let text = text.replace(&format!("s{MAX_FILES}.yaml"), "s0.yaml");
        std::fs::write(dir.join("spec.yaml"), text).unwrap();
        let doc = bundled(&dir.join("spec.yaml"), &ExternalRefs::default()).unwrap();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.len(), MAX_FILES + 1);
        assert_eq!(
            schemas[&format!("S{MAX_FILES}")]["$ref"],
            "#/components/schemas/S0"
        );
    }
}
