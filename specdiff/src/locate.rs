//! Where a Rust item of the generated crate comes from in the spec: the component schema
//! (and property) whose name matches the type (and field or setter), or the operation whose
//! operationId matches a method. Names are matched ignoring case and non-alphanumerics.
//!
//! A [`Locator`] indexes both documents once, so locating every item of a large API change
//! costs time linear in the documents and the changes (scanning the schemas for each
//! change was quadratic).

use crate::load::Document;
use crate::pointer;
use crate::rust_api::{ApiChange, ApiChangeKind, ItemKind};
use serde_json::Value;
use std::collections::HashMap;

fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// One document's names, normalized; where several match, the first in document order.
struct Index {
    /// Schema name → (its pointer, its properties: name → pointer).
    schemas: HashMap<String, (String, HashMap<String, String>)>,
    /// operationId → pointer of the operation.
    operations: HashMap<String, String>,
}

impl Index {
    fn new(doc: &Document) -> Index {
        let mut schemas = HashMap::new();
        let components = doc
            .root
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        for (name, schema) in components.into_iter().flatten() {
            schemas.entry(normalize(name)).or_insert_with(|| {
                let at = pointer::push("/components/schemas", name);
                let mut props = HashMap::new();
                let listed = schema.get("properties").and_then(Value::as_object);
                for prop in listed.into_iter().flat_map(|p| p.keys()) {
                    props
                        .entry(normalize(prop))
                        .or_insert_with(|| pointer::push(&pointer::push(&at, "properties"), prop));
                }
                (at, props)
            });
        }
        let mut operations = HashMap::new();
        let paths = doc.root.get("paths").and_then(Value::as_object);
        for (path, item) in paths.into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    operations
                        .entry(normalize(id))
                        .or_insert_with(|| pointer::push(&pointer::push("/paths", path), method));
                }
            }
        }
        Index {
            schemas,
            operations,
        }
    }
}

/// Both documents, indexed for [`Locator::locate`].
pub struct Locator {
    base: Index,
    head: Index,
}

impl Locator {
    /// Index `base` and `head`.
    pub fn new(base: &Document, head: &Document) -> Self {
        Locator {
            base: Index::new(base),
            head: Index::new(head),
        }
    }

    /// Best-effort JSON pointer of the spec element `change`'s item was generated from,
    /// looked up in the head first (the base first for a removed item); `""` when nothing
    /// matches.
    pub fn locate(&self, change: &ApiChange) -> String {
        let indexes = if change.change == ApiChangeKind::Removed {
            [&self.base, &self.head]
        } else {
            [&self.head, &self.base]
        };
        let path = change.path.split(": ").next().unwrap_or(&change.path);
        let segments: Vec<&str> = path.split("::").collect();
        let (owner, member) = match change.item {
            ItemKind::Field | ItemKind::Variant | ItemKind::Method if segments.len() >= 2 => (
                segments[segments.len() - 2],
                Some(segments[segments.len() - 1]),
            ),
            _ => (segments[segments.len() - 1], None),
        };
        let owner = owner.split('<').next().unwrap_or(owner);
        for index in indexes {
            if let Some((at, props)) = index.schemas.get(&normalize(owner)) {
                let Some(member) = member else {
                    return at.clone();
                };
                let wanted = normalize(
                    member
                        .trim_start_matches("set_")
                        .trim_start_matches("with_"),
                );
                return props.get(&wanted).unwrap_or(at).clone();
            }
            if let Some(at) = index.operations.get(&normalize(member.unwrap_or(owner))) {
                return at.clone();
            }
        }
        String::new()
    }
}

/// [`Locator::locate`] for one change (indexes both documents: use a [`Locator`] for many).
pub fn locate(change: &ApiChange, base: &Document, head: &Document) -> String {
    Locator::new(base, head).locate(change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rust_api::Semver;

    fn change(change: ApiChangeKind, item: ItemKind, path: &str) -> ApiChange {
        ApiChange {
            change,
            item,
            path: path.to_string(),
            before: None,
            after: None,
            bump: Semver::Minor,
        }
    }

    #[test]
    fn items_point_at_their_schema_property_or_operation() {
        let base = crate::parse_document(
            "b",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/v: {get: {operationId: list_vaults, responses: {'200': {description: ok}}}}}\ncomponents: {schemas: {Old: {type: object}}}\n",
        )
        .unwrap();
        let head = crate::parse_document(
            "h",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents: {schemas: {Vault-Info: {type: object, properties: {vault_id: {type: string}}}}}\n",
        )
        .unwrap();
        let locator = Locator::new(&base, &head);
        let at = |c: ApiChangeKind, k: ItemKind, p: &str| locator.locate(&change(c, k, p));
        use ApiChangeKind::{Added, Removed};
        assert_eq!(
            at(Added, ItemKind::Type, "crate::types::VaultInfo"),
            "/components/schemas/Vault-Info"
        );
        assert_eq!(
            at(
                Added,
                ItemKind::Method,
                "crate::types::VaultInfo::with_vault_id"
            ),
            "/components/schemas/Vault-Info/properties/vault_id"
        );
        assert_eq!(
            at(Added, ItemKind::Field, "crate::types::VaultInfo::missing"),
            "/components/schemas/Vault-Info"
        );
        assert_eq!(
            at(Removed, ItemKind::Type, "crate::types::Old"),
            "/components/schemas/Old"
        );
        assert_eq!(
            at(Removed, ItemKind::Method, "crate::Client::list_vaults"),
            "/paths/~1v/get"
        );
        assert_eq!(at(Added, ItemKind::Type, "crate::Nothing"), "");
    }
}
