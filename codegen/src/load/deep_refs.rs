//! Deep schema references: a `$ref` to a schema anywhere in the document other than an entry
//! of `components/schemas` (a property of a component, a schema in a component's
//! `definitions` or `$defs`, an inline schema of a response...) becomes a reference to a new
//! entry of `components/schemas` that holds the target, so that lowering, which resolves
//! only `#/components/schemas/<Name>`, generates one type for it.
//!
//! - The new entry is named after the target's own place only (so that a change elsewhere in
//!   the document does not rename it): the tokens of its pointer that name something
//!   (component, path, method, status, media type, property and definition names, `items`,
//!   `allOf0`...; not `components`, `schemas`, `properties`, `definitions`, `content`...),
//!   each reduced to ASCII letters, digits and `_`, joined with `_`:
//!   `#/components/schemas/Transfer/definitions/account/properties/currency` is
//!   `Transfer_account_currency`. A name already taken (by a component or an earlier
//!   target, in document order) gets `_2`, `_3`...
//! - Every `$ref` to the same place is rewritten to the entry, including those inside the
//!   hoisted schemas (copies of the targets as written), transitively; a target is hoisted
//!   once, so cycles end.
//! - The target's place itself becomes a `$ref` to the entry (keeping its `title` and
//!   `description`), so that where lowering also visits it (a property of a component, a
//!   response schema) one type serves both.
//! - A reference whose target is not a schema, or is missing, is left alone: lowering
//!   reports it, naming the pointer, as for any other reference.
//!
//! Bounds: at most [`MAX_HOISTED`] targets, hoisted at most [`MAX_HOIST_DEPTH`] references
//! deep (a target referred to from a hoisted schema is one deeper), and copies of at most
//! one node per byte of the text plus [`super::COPY_ALLOWANCE`]; beyond them, an
//! [`ErrorKind::Limit`] error. The pointer of each new entry maps back to the target's
//! pointer as written ([`super::Origins`]).

use super::bundle::{Kind, Site, nodes, place_at, set_ref, sites};
use crate::error::{Error, ErrorKind, escape_token, ptr};
use crate::pointer::local_pointer_tokens;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// The most places inside other schemas a document may refer to.
pub const MAX_HOISTED: usize = 1_000;

/// How many hoisted schemas deep a reference to a place inside another schema may be found.
pub const MAX_HOIST_DEPTH: usize = 32;

const SCHEMAS: &str = "/components/schemas";

/// Whether JSON text may hold a local `$ref` other than `#/components/<section>/<name>` (a
/// scan of the text, so that a document without any can be deserialized straight from it;
/// errs on the side of yes).
pub(super) fn may_have_deep_refs(text: &str) -> bool {
    text.match_indices("\"$ref\"").any(|(at, key)| {
        let rest = text[at + key.len()..].trim_start();
        let Some(value) = rest
            .strip_prefix(':')
            .and_then(|r| r.trim_start().strip_prefix("\"#"))
        else {
            return false;
        };
        let end = value.find(['"', '\\']).unwrap_or(value.len());
        if value[end..].starts_with('\\') {
            return true;
        }
        match value[..end].strip_prefix("/components/") {
            Some(entry) => entry.split('/').count() != 2,
            None => true,
        }
    })
}

/// The tokens of a reference to a place other than an entry of `components/schemas`.
fn deep_target(reference: &str) -> Option<Vec<String>> {
    let tokens = local_pointer_tokens(reference)?;
    let entry = tokens.len() == 3 && tokens[0] == "components" && tokens[1] == "schemas";
    (!entry).then_some(tokens)
}

/// Hoists the targets of the deep schema references of `root` (from the text of `text_len`
/// bytes named `file`) into `components/schemas`. Returns the pointer of each new entry
/// with the pointer of its target as written.
pub(super) fn hoist(
    file: &str,
    root: &mut Value,
    text_len: usize,
) -> Result<BTreeMap<String, String>, Error> {
    let deep = |site: &Site| site.kind == Kind::Schema && deep_target(&site.reference).is_some();
    let root_sites: Vec<Site> = sites(root, Kind::Root).into_iter().filter(deep).collect();
    if root_sites.is_empty() {
        return Ok(BTreeMap::new());
    }
    let original = root.clone();
    let taken = original
        .pointer(SCHEMAS)
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut h = Hoister {
        file,
        original: &original,
        named: HashMap::new(),
        taken,
        order: Vec::new(),
        queue: VecDeque::new(),
        copies_left: text_len.saturating_add(super::COPY_ALLOWANCE),
    };
    for site in &root_sites {
        if let Some(reference) = h.reference(site, "", 1)? {
            set_ref(root, &site.pointer, reference);
        }
    }
    let mut hoisted = Vec::new();
    while let Some((target, depth)) = h.queue.pop_front() {
        let mut value = original.pointer(&target).cloned().unwrap_or(Value::Null);
        h.charge(&value, &target)?;
        for site in sites(&value, Kind::Schema).iter().filter(|s| deep(s)) {
            if let Some(reference) = h.reference(site, &target, depth + 1)? {
                set_ref(&mut value, &site.pointer, reference);
            }
        }
        hoisted.push(value);
    }
    let schemas = schemas_mut(file, root)?;
    for ((_, name), value) in h.order.iter().zip(hoisted) {
        schemas.insert(name.clone(), value);
    }
    // Each target's place (where it is now: in the copy of a hoisted ancestor, if any)
    // refers to its entry.
    for (target, name) in &h.order {
        let now = h.current_place(target);
        if let Some(Value::Object(place)) = root.pointer_mut(&now) {
            place.retain(|k, _| k == "title" || k == "description");
            place.insert("$ref".to_owned(), Value::String(entry_ref(name)));
        }
    }
    Ok(h.order
        .into_iter()
        .map(|(target, name)| (ptr(SCHEMAS, &[&name]), target))
        .collect())
}

/// `#/components/schemas/<name>`.
fn entry_ref(name: &str) -> String {
    format!("#{SCHEMAS}/{}", escape_token(name))
}

/// `components/schemas` of `root`, made if missing.
fn schemas_mut<'v>(file: &str, root: &'v mut Value) -> Result<&'v mut Map<String, Value>, Error> {
    let schemas = root
        .as_object_mut()
        .map(|o| {
            o.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut)
        .map(|c| {
            c.entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut);
    schemas.ok_or_else(|| {
        Error::at(
            ErrorKind::InvalidDocument,
            file,
            SCHEMAS,
            "not a mapping: schemas referred to inside other schemas cannot be added to it",
        )
    })
}

struct Hoister<'a> {
    file: &'a str,
    /// The document as it was before any rewrite: targets are read from it.
    original: &'a Value,
    /// The entry name of each target pointer.
    named: HashMap<String, String>,
    /// The names taken in `components/schemas`.
    taken: HashSet<String>,
    /// (target pointer, entry name), in the order the targets were found.
    order: Vec<(String, String)>,
    /// Targets to copy, with how deep they were found.
    queue: VecDeque<(String, usize)>,
    copies_left: usize,
}

impl Hoister<'_> {
    /// The `$ref` that replaces a deep reference at `site` (in a copy of `base`, or in the
    /// document when `base` is empty), found `depth` hoisted schemas deep; `None` when its
    /// target is not a schema (left for lowering to report).
    fn reference(
        &mut self,
        site: &Site,
        base: &str,
        depth: usize,
    ) -> Result<Option<String>, Error> {
        let Some(tokens) = deep_target(&site.reference) else {
            return Ok(None);
        };
        let target = ptr("", &tokens.iter().map(String::as_str).collect::<Vec<_>>());
        if let Some(name) = self.named.get(&target) {
            return Ok(Some(entry_ref(name)));
        }
        let Some((Kind::Schema, Value::Object(_), names)) = place_at(self.original, &tokens) else {
            return Ok(None);
        };
        let at = ptr(&format!("{base}{}", site.pointer), &["$ref"]);
        let limit = |message: String| Error::at(ErrorKind::Limit, self.file, &at, message);
        if self.order.len() >= MAX_HOISTED {
            return Err(limit(format!(
                "`{}`: at most {MAX_HOISTED} places inside other schemas may be referred to",
                site.reference
            )));
        }
        if depth > MAX_HOIST_DEPTH {
            return Err(limit(format!(
                "`{}`: references to places inside other schemas are followed at most \
                 {MAX_HOIST_DEPTH} deep",
                site.reference
            )));
        }
        let name = self.unique_name(&names);
        self.named.insert(target.clone(), name.clone());
        self.order.push((target.clone(), name.clone()));
        self.queue.push_back((target, depth));
        Ok(Some(entry_ref(&name)))
    }

    /// The name of a target from the tokens that name its place.
    fn unique_name(&mut self, names: &[String]) -> String {
        let parts: Vec<String> = names
            .iter()
            .map(|n| {
                let kept: String = n
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                kept.split('_')
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join("_")
            })
            .filter(|p| !p.is_empty())
            .collect();
        let base = if parts.is_empty() {
            "Schema".to_owned()
        } else {
            parts.join("_")
        };
        let mut name = base.clone();
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{base}_{n}");
        }
        self.taken.insert(name.clone());
        name
    }

    fn charge(&mut self, value: &Value, target: &str) -> Result<(), Error> {
        match self.copies_left.checked_sub(nodes(value)) {
            Some(left) => {
                self.copies_left = left;
                Ok(())
            }
            None => Err(Error::at(
                ErrorKind::Limit,
                self.file,
                target,
                format!(
                    "hoisting this schema into components/schemas would take the document past \
                     its size bound (about one node per byte plus {})",
                    super::COPY_ALLOWANCE
                ),
            )),
        }
    }

    /// Where the value written at `target` is now: in the entry of its nearest hoisted
    /// ancestor, or where it was written.
    fn current_place(&self, target: &str) -> String {
        let mut end = target.len();
        while let Some(slash) = target[..end].rfind('/') {
            end = slash;
            if let Some(name) = self.named.get(&target[..end]) {
                return format!("{}{}", ptr(SCHEMAS, &[name]), &target[end..]);
            }
        }
        target.to_owned()
    }
}

#[cfg(test)]
mod tests;
