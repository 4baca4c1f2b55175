//! The top level of a 3.1 document:
//!
//! - `jsonSchemaDialect`: OpenAPI 3.1's default dialect is removed; any other is an error;
//! - `webhooks`: not generated (a client calls the API; webhooks are calls the API makes):
//!   removed, with one warning saying so;
//! - `info.summary` -> the first paragraph of `info.description`;
//! - `license.identifier` (an SPDX identifier) -> `license.url`, its page on spdx.org;
//! - `paths` may be missing: an empty `paths` is added;
//! - `components.pathItems`: each `$ref` to one from `paths` is replaced by a copy of it
//!   (its `summary`/`description` siblings win), and the section is removed;
//! - security schemes of type `mutualTLS` are refused (the 3.0 model has no such type).

use super::{Normalizer, Place};
use crate::error::{Error, ErrorKind, ptr};
use serde_json::{Map, Value};

/// Nodes that copies of path items may add, beyond the nodes of the document itself.
const PATH_ITEM_COPY_ALLOWANCE: usize = crate::load::COPY_ALLOWANCE;

/// How many `$ref`s to path items may follow one another.
const MAX_PATH_ITEM_CHAIN: usize = 32;

const PATH_ITEMS_PREFIX: &str = "#/components/pathItems/";

impl Normalizer<'_> {
    /// Normalizes the top level of the document `root`: everything but its schemas.
    pub(in crate::load) fn document(&mut self, root: &mut Value) -> Result<(), Error> {
        let Some(map) = root.as_object_mut() else {
            return Ok(());
        };
        if let Some(dialect) = map.remove("jsonSchemaDialect")
            && dialect.as_str() != Some(super::schema::DIALECTS[0])
        {
            return Err(self.err(
                ErrorKind::Unsupported,
                "/jsonSchemaDialect",
                format!(
                    "the schema dialect {dialect} is not supported: only OpenAPI 3.1's default ({})",
                    super::schema::DIALECTS[0]
                ),
            ));
        }
        if let Some(webhooks) = map.remove("webhooks") {
            let n = webhooks.as_object().map_or(0, Map::len);
            if n > 0 {
                self.warn(
                    "/webhooks",
                    format!(
                        "{n} webhook(s) not generated: webhooks are requests the API sends, and the generated crate is a client"
                    ),
                );
            }
        }
        if let Some(Value::Object(info)) = map.get_mut("info") {
            summary_into_description(info);
            if let Some(Value::Object(license)) = info.get_mut("license")
                && let Some(id) = license.remove("identifier")
            {
                match (&id, license.contains_key("url")) {
                    (Value::String(id), false) => {
                        let url = format!("https://spdx.org/licenses/{id}.html");
                        license.insert("url".to_owned(), Value::String(url));
                    }
                    _ => self.warn(
                        "/info/license/identifier",
                        "`identifier` beside `url` (3.1 allows one of them): the `url` is kept",
                    ),
                }
            }
        }
        map.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
        self.security_schemes(map)?;
        self.path_items(map)
    }

    /// Normalizes every schema of the document `root` (after [`Normalizer::document`]).
    pub(in crate::load) fn schemas(&mut self, root: &mut Value) -> Result<(), Error> {
        super::walk::schemas(root, &Place::root(), &mut |schema, at| {
            self.schema(schema, at)
        })
    }

    /// Normalizes the schema `v` (and every schema in it), at the place `tokens` of the
    /// document, written at the pointer `written` (`None`: at the same place).
    pub(in crate::load) fn schema_at(
        &mut self,
        v: &mut Value,
        tokens: &[&str],
        written: Option<String>,
    ) -> Result<(), Error> {
        let root = Place::root();
        let at = root.child(tokens);
        match written {
            Some(written) => self.schema(v, &at.moved_from(written)),
            None => self.schema(v, &at),
        }
    }

    fn security_schemes(&mut self, map: &Map<String, Value>) -> Result<(), Error> {
        let schemes = map
            .get("components")
            .and_then(|c| c.get("securitySchemes"))
            .and_then(Value::as_object);
        for (name, scheme) in schemes.into_iter().flatten() {
            if scheme.get("type").and_then(Value::as_str) == Some("mutualTLS") {
                return Err(self.err(
                    ErrorKind::Unsupported,
                    &ptr("/components/securitySchemes", &[name, "type"]),
                    "`mutualTLS` security schemes are not supported: configure the client's TLS identity instead",
                ));
            }
        }
        Ok(())
    }

    /// Replaces `$ref`s to `components.pathItems` in `paths` by copies of their targets.
    fn path_items(&mut self, map: &mut Map<String, Value>) -> Result<(), Error> {
        let items = match map.get_mut("components").and_then(Value::as_object_mut) {
            Some(components) => match components.remove("pathItems") {
                Some(Value::Object(items)) => items,
                _ => return Ok(()),
            },
            None => return Ok(()),
        };
        let Some(Value::Object(paths)) = map.get_mut("paths") else {
            return Ok(());
        };
        let mut budget = PATH_ITEM_COPY_ALLOWANCE;
        for (path, item) in paths.iter_mut() {
            let at = ptr("/paths", &[path]);
            let Value::Object(entry) = &*item else {
                continue;
            };
            let Some(Value::String(first)) = entry.get("$ref") else {
                continue;
            };
            // Follow the chain to an item that is not a reference.
            let mut reference = first.clone();
            let mut target_at = at.clone();
            let mut chain = 0;
            let target = loop {
                let Some(key) = reference.strip_prefix(PATH_ITEMS_PREFIX) else {
                    // Another kind of reference: left to lowering, which says it is unsupported.
                    break None;
                };
                let key = crate::pointer::unescape_token(key).unwrap_or_default();
                let Some(found) = items.get(&key) else {
                    return Err(self.err(
                        ErrorKind::DanglingRef,
                        &ptr(&target_at, &["$ref"]),
                        format!("`{reference}` does not resolve"),
                    ));
                };
                target_at = ptr("/components/pathItems", &[&key]);
                chain += 1;
                match found.get("$ref").and_then(Value::as_str) {
                    Some(next) if chain < MAX_PATH_ITEM_CHAIN => reference = next.to_owned(),
                    Some(_) => {
                        return Err(self.err(
                            ErrorKind::Limit,
                            &ptr(&at, &["$ref"]),
                            format!(
                                "more than {MAX_PATH_ITEM_CHAIN} path item references in a row (or a cycle)"
                            ),
                        ));
                    }
                    None => break Some(found),
                }
            };
            let Some(target) = target else { continue };
            let size = nodes(target);
            if size > budget {
                return Err(self.err(
                    ErrorKind::Limit,
                    &ptr(&at, &["$ref"]),
                    format!(
                        "copies of path items would add more than {PATH_ITEM_COPY_ALLOWANCE} nodes to the document"
                    ),
                ));
            }
            budget -= size;
            let mut copy = target.clone();
            if let (Value::Object(copy), Value::Object(entry)) = (&mut copy, &*item) {
                for key in ["summary", "description"] {
                    if let Some(v) = entry.get(key) {
                        copy.insert(key.to_owned(), v.clone());
                    }
                }
            }
            *item = copy;
            self.moved_to(&at, &target_at);
        }
        Ok(())
    }
}

/// `summary` as the first paragraph of `description`.
fn summary_into_description(info: &mut Map<String, Value>) {
    let Some(Value::String(summary)) = info.remove("summary") else {
        return;
    };
    let description = match info.get("description").and_then(Value::as_str) {
        Some(d) if !d.trim().is_empty() => format!("{summary}\n\n{d}"),
        _ => summary,
    };
    info.insert("description".to_owned(), Value::String(description));
}

/// The number of values in `v` (iteratively).
fn nodes(v: &Value) -> usize {
    let mut count = 0;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            Value::Object(map) => stack.extend(map.values()),
            Value::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    count
}
