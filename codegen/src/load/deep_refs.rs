//! Deep references: a `$ref` to a schema anywhere in the document other than an entry of
//! `components/schemas` (a property of a component, a schema in a component's `definitions`
//! or `$defs`, an inline schema of a response...) becomes a reference to a new entry of
//! `components/schemas` that holds the target, so that lowering, which resolves only
//! `#/components/schemas/<Name>`, generates one type for it. The same holds for the other
//! referable objects (a parameter `$ref` to a parameter of another path goes through a new
//! entry of `components/parameters`, and so on).
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
//! - A reference whose target is not what it stands for (a schema `$ref` to a parameter),
//!   or is missing, is left alone: lowering reports it, naming the pointer, as for any
//!   other reference.
//!
//! Bounds: at most [`MAX_HOISTED`] targets, hoisted at most [`MAX_HOIST_DEPTH`] references
//! deep (a target referred to from a hoisted schema is one deeper), and copies of at most
//! one node per byte of the text plus [`super::COPY_ALLOWANCE`]; beyond them, an
//! [`ErrorKind::Limit`] error. The pointer of each new entry maps back to the target's
//! pointer as written ([`super::Origins`]).

use super::bundle::{Kind, Site, claim, nodes, place_at, set_ref, sites};
use crate::error::{Error, ErrorKind, ptr};
use crate::pointer::local_pointer_tokens;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// The most places outside the components a document may refer to.
pub const MAX_HOISTED: usize = 1_000;

/// How many hoisted targets deep a reference to a place outside the components may be found.
pub const MAX_HOIST_DEPTH: usize = 32;

/// An entry of a components section: its section and name.
type Entry = (&'static str, String);

/// The pointer of an entry.
fn entry_pointer((section, name): &Entry) -> String {
    ptr("/components", &[section, name])
}

/// A `$ref` to an entry.
fn entry_ref(entry: &Entry) -> String {
    format!("#{}", entry_pointer(entry))
}

/// The tokens of a reference at `site` to a place other than an entry of the components
/// section of what the site stands for.
fn deep_target(site: &Site) -> Option<Vec<String>> {
    let section = site.kind.section()?;
    let tokens = local_pointer_tokens(&site.reference)?;
    let entry = tokens.len() == 3 && tokens[0] == "components" && tokens[1] == section;
    (!entry).then_some(tokens)
}

/// Hoists the targets of the deep references of `root` (from the text of `text_len` bytes
/// named `file`) into its components. Returns the pointer of each new entry with the
/// pointer of its target as written.
pub(super) fn hoist(
    file: &str,
    root: &mut Value,
    text_len: usize,
) -> Result<BTreeMap<String, String>, Error> {
    let root_sites: Vec<Site> = sites(root, Kind::Root)
        .into_iter()
        .filter(|s| deep_target(s).is_some())
        .collect();
    if root_sites.is_empty() {
        return Ok(BTreeMap::new());
    }
    let original = root.clone();
    let mut h = Hoister {
        file,
        original: &original,
        named: HashMap::new(),
        taken: HashMap::new(),
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
    while let Some((target, kind, depth)) = h.queue.pop_front() {
        let mut value = original.pointer(&target).cloned().unwrap_or(Value::Null);
        h.charge(&value, &target)?;
        for site in sites(&value, kind) {
            if let Some(reference) = h.reference(&site, &target, depth + 1)? {
                set_ref(&mut value, &site.pointer, reference);
            }
        }
        hoisted.push(value);
    }
    for ((_, entry), value) in h.order.iter().zip(hoisted) {
        section_mut(file, root, entry.0)?.insert(entry.1.clone(), value);
    }
    // Each target's place (where it is now: in the copy of a hoisted ancestor, if any)
    // refers to its entry; a schema keeps its documentation there.
    for (target, entry) in &h.order {
        let now = h.current_place(target);
        if let Some(Value::Object(place)) = root.pointer_mut(&now) {
            place.retain(|k, _| entry.0 == "schemas" && (k == "title" || k == "description"));
            place.insert("$ref".to_owned(), Value::String(entry_ref(entry)));
        }
    }
    Ok(h.order
        .into_iter()
        .map(|(target, entry)| (entry_pointer(&entry), target))
        .collect())
}

/// The components section `section` of `root`, made if missing.
fn section_mut<'v>(
    file: &str,
    root: &'v mut Value,
    section: &str,
) -> Result<&'v mut Map<String, Value>, Error> {
    let entries = root
        .as_object_mut()
        .map(|o| {
            o.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut)
        .map(|c| {
            c.entry(section)
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut);
    entries.ok_or_else(|| {
        Error::at(
            ErrorKind::InvalidDocument,
            file,
            &ptr("/components", &[section]),
            "not a mapping: what references point to elsewhere cannot be added to it",
        )
    })
}

struct Hoister<'a> {
    file: &'a str,
    /// The document as it was before any rewrite: targets are read from it.
    original: &'a Value,
    /// The entry of each target pointer.
    named: HashMap<String, Entry>,
    /// The names taken in each components section.
    taken: HashMap<&'static str, HashSet<String>>,
    /// (target pointer, entry), in the order the targets were found.
    order: Vec<(String, Entry)>,
    /// Targets to copy, with what they are and how deep they were found.
    queue: VecDeque<(String, Kind, usize)>,
    copies_left: usize,
}

impl Hoister<'_> {
    /// The `$ref` that replaces a deep reference at `site` (in a copy of `base`, or in the
    /// document when `base` is empty), found `depth` hoisted targets deep; `None` when its
    /// target is not what the site stands for (left for lowering to report).
    fn reference(
        &mut self,
        site: &Site,
        base: &str,
        depth: usize,
    ) -> Result<Option<String>, Error> {
        let (Some(tokens), Some(section)) = (deep_target(site), site.kind.section()) else {
            return Ok(None);
        };
        let target = ptr("", &tokens.iter().map(String::as_str).collect::<Vec<_>>());
        if let Some(entry) = self.named.get(&target) {
            return Ok((entry.0 == section).then(|| entry_ref(entry)));
        }
        let Some((kind, Value::Object(_), names)) = place_at(self.original, &tokens) else {
            return Ok(None);
        };
        if kind != site.kind {
            return Ok(None);
        }
        let at = ptr(&format!("{base}{}", site.pointer), &["$ref"]);
        let limit = |message: String| Error::at(ErrorKind::Limit, self.file, &at, message);
        if self.order.len() >= MAX_HOISTED {
            return Err(limit(format!(
                "`{}`: at most {MAX_HOISTED} places outside the components may be referred to",
                site.reference
            )));
        }
        if depth > MAX_HOIST_DEPTH {
            return Err(limit(format!(
                "`{}`: references to places outside the components are followed at most \
                 {MAX_HOIST_DEPTH} deep",
                site.reference
            )));
        }
        let entry = (section, self.unique_name(section, &names));
        self.named.insert(target.clone(), entry.clone());
        self.order.push((target.clone(), entry.clone()));
        self.queue.push_back((target, kind, depth));
        Ok(Some(entry_ref(&entry)))
    }

    /// A name in `section` for a target, from the tokens that name its place.
    fn unique_name(&mut self, section: &'static str, names: &[String]) -> String {
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
            "Ref".to_owned()
        } else {
            parts.join("_")
        };
        let original = self.original;
        let taken = self.taken.entry(section).or_insert_with(|| {
            original
                .pointer(&ptr("/components", &[section]))
                .and_then(Value::as_object)
                .map(|entries| entries.keys().cloned().collect())
                .unwrap_or_default()
        });
        claim(taken, base)
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
                    "copying this referenced value into the components would take the document \
                     past its size bound (about one node per byte plus {})",
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
            if let Some(entry) = self.named.get(&target[..end]) {
                return format!("{}{}", entry_pointer(entry), &target[end..]);
            }
        }
        target.to_owned()
    }
}

#[cfg(test)]
mod tests;
