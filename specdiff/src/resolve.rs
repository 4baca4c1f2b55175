//! Resolution and normalization: JSON pointers, `$ref` following (with cycle guards), and a
//! normalized view of a schema in which layout no longer matters.
//!
//! The normalized view ([`SchemaView`]) is what makes the comparison semantic:
//!
//! * `$ref`s are followed, so a schema moved into `components` and referenced equals the
//!   inline one; the view remembers the pointer of the resolved schema, which is where
//!   changes are reported.
//! * `allOf` members are merged (properties, `required`, type) so that splitting a schema
//!   into an `allOf` of parts does not count as a change.
//! * `required` and `enum` are sets; `minLength: 0` and `minItems: 0` equal no bound; a
//!   missing `type` is inferred from `properties`/`additionalProperties` (`object`) or
//!   `items` (`array`).
//!
//! A [`Resolver`] remembers where each reference target leads, so the `$ref`s of a document
//! are resolved in time linear in the length of their chains; building a view is iterative
//! (an `allOf` chain of any length uses heap, not stack).

use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// JSON pointer helpers (RFC 6901).
pub mod pointer {
    use serde_json::Value;

    /// Escape one reference token (`~` → `~0`, `/` → `~1`).
    pub fn escape(token: &str) -> String {
        token.replace('~', "~0").replace('/', "~1")
    }

    /// Append one (unescaped) token to a pointer.
    pub fn push(base: &str, token: &str) -> String {
        format!("{base}/{}", escape(token))
    }

    /// Look a pointer up (`""` is the whole document).
    pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
        if pointer.is_empty() {
            return Some(root);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut at = root;
        for raw in rest.split('/') {
            let token = raw.replace("~1", "/").replace("~0", "~");
            at = match at {
                Value::Object(map) => map.get(&token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(at)
    }
}

/// A value and where it sits in its document.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    /// JSON pointer of the value.
    pub ptr: String,
    /// The value.
    pub value: &'a Value,
}

impl<'a> Node<'a> {
    /// A node.
    pub fn new(ptr: impl Into<String>, value: &'a Value) -> Self {
        Node {
            ptr: ptr.into(),
            value,
        }
    }

    /// The child `key` of an object node.
    pub fn child(&self, key: &str) -> Option<Node<'a>> {
        self.value
            .get(key)
            .map(|value| Node::new(pointer::push(&self.ptr, key), value))
    }

    /// A string member.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.value.get(key).and_then(Value::as_str)
    }

    /// A boolean member (absent = `false`).
    pub fn flag(&self, key: &str) -> bool {
        self.value
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The members of an object member, as nodes, sorted by key.
    pub fn entries(&self, key: &str) -> BTreeMap<String, Node<'a>> {
        let mut out = BTreeMap::new();
        if let Some(child) = self.child(key)
            && let Some(map) = child.value.as_object()
        {
            for (k, v) in map {
                out.insert(k.clone(), Node::new(pointer::push(&child.ptr, k), v));
            }
        }
        out
    }

    /// The items of an array member, as nodes.
    pub fn items(&self, key: &str) -> Vec<Node<'a>> {
        let mut out = Vec::new();
        if let Some(child) = self.child(key)
            && let Some(items) = child.value.as_array()
        {
            for (i, v) in items.iter().enumerate() {
                out.push(Node::new(pointer::push(&child.ptr, &i.to_string()), v));
            }
        }
        out
    }
}

/// An empty schema (accepts anything), used where a side has no schema.
pub static EMPTY: Value = Value::Null;

/// Where a chain of `$ref`s ends: the resolved pointer and value, and the name of the last
/// `#/components/schemas/<name>` reference of the chain, if any.
type Target<'a> = (String, &'a Value, Option<String>);

/// Resolves `$ref`s in one document, remembering where each reference target leads, so that
/// following the same chain again (or a chain that joins it) costs one lookup: resolving
/// every `$ref` of a document is linear in the length of its chains, not quadratic.
pub struct Resolver<'a> {
    root: &'a Value,
    cache: RefCell<HashMap<String, Target<'a>>>,
}

impl<'a> Resolver<'a> {
    /// A resolver for the document `root`.
    pub fn new(root: &'a Value) -> Self {
        Resolver {
            root,
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// The document.
    pub fn root(&self) -> &'a Value {
        self.root
    }

    /// Follow `$ref`s from `node` until a non-reference value. Returns the resolved node and
    /// the name of the last `#/components/schemas/<name>` reference followed, if any. An
    /// external or dangling reference, or a reference cycle (`$ref`s that only lead back to
    /// one another), is an error naming the references.
    pub fn resolve(&self, node: Node<'a>) -> Result<(Node<'a>, Option<String>), String> {
        let Some(first) = node.value.get("$ref").and_then(Value::as_str) else {
            return Ok((node, None));
        };
        // The reference targets followed that are not cached yet, in order.
        let mut chain: Vec<(String, Option<String>)> = Vec::new();
        let mut on_chain = HashSet::new();
        let mut target = first;
        let end = loop {
            let local = target
                .strip_prefix('#')
                .ok_or_else(|| format!("external reference `{target}` is not supported"))?;
            if let Some(known) = self.cache.borrow().get(local) {
                break known.clone();
            }
            if !on_chain.insert(local.to_string()) {
                let start = chain.iter().position(|(t, _)| t == local).unwrap_or(0);
                let cycle: Vec<String> = chain[start..]
                    .iter()
                    .map(|(t, _)| format!("`#{t}`"))
                    .chain([format!("`{target}`")])
                    .collect();
                return Err(format!(
                    "reference cycle {}: `{target}` refers to itself through `$ref`s only",
                    cycle.join(" → ")
                ));
            }
            let value = pointer::get(self.root, local)
                .ok_or_else(|| format!("`{target}` does not resolve"))?;
            let name = local
                .strip_prefix("/components/schemas/")
                .filter(|component| !component.contains('/'))
                .map(|component| component.replace("~1", "/").replace("~0", "~"));
            chain.push((local.to_string(), name));
            match value.get("$ref").and_then(Value::as_str) {
                Some(next) => target = next,
                None => break (local.to_string(), value, None),
            }
        };
        // Each target leads where the chain ends; its name is the last one from it on.
        let mut cache = self.cache.borrow_mut();
        let (ptr, value, mut name) = end;
        for (local, own) in chain.into_iter().rev() {
            name = name.or(own);
            cache.insert(local, (ptr.clone(), value, name.clone()));
        }
        Ok((Node::new(ptr, value), name))
    }

    /// Like [`Resolver::resolve`], for documents already validated: a broken reference
    /// resolves to itself.
    pub fn follow(&self, node: Node<'a>) -> Node<'a> {
        self.resolve(node.clone()).map(|r| r.0).unwrap_or(node)
    }

    /// Build the normalized view of the schema at `node` (following `$ref`s).
    pub fn schema_view(&self, node: Node<'a>) -> SchemaView<'a> {
        build(self, node)
    }
}

/// Follow `$ref`s from `node` until a non-reference value (see [`Resolver::resolve`]; use a
/// [`Resolver`] to resolve many references of one document).
pub fn resolve<'a>(root: &'a Value, node: Node<'a>) -> Result<(Node<'a>, Option<String>), String> {
    Resolver::new(root).resolve(node)
}

/// Like [`resolve`], for documents already validated: a broken reference resolves to itself.
pub fn follow<'a>(root: &'a Value, node: Node<'a>) -> Node<'a> {
    Resolver::new(root).follow(node)
}

/// An inclusive or exclusive numeric bound.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bound {
    /// The bound.
    pub value: f64,
    /// `exclusiveMinimum`/`exclusiveMaximum` (OpenAPI 3.0 booleans).
    pub exclusive: bool,
}

impl std::fmt::Display for Bound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.exclusive {
            write!(f, "{} (exclusive)", self.value)
        } else {
            write!(f, "{}", self.value)
        }
    }
}

/// The normalized view of one schema.
#[derive(Clone, Debug, Default)]
pub struct SchemaView<'a> {
    /// Pointer of the resolved schema.
    pub ptr: String,
    /// Component name, when reached through `#/components/schemas/<name>`.
    pub name: Option<String>,
    /// `type` (inferred when missing).
    pub ty: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// `enum`, sorted by JSON text and without duplicates.
    pub enum_values: Option<Vec<Value>>,
    /// `nullable`.
    pub nullable: bool,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `minLength` (`0` is `None`).
    pub min_length: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `minItems` (`0` is `None`).
    pub min_items: Option<u64>,
    /// `maximum` with `exclusiveMaximum`.
    pub maximum: Option<Bound>,
    /// `minimum` with `exclusiveMinimum`.
    pub minimum: Option<Bound>,
    /// `pattern`.
    pub pattern: Option<String>,
    /// `default`.
    pub default: Option<&'a Value>,
    /// The node holding `description`/`example` (the schema itself).
    pub doc: Option<Node<'a>>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `readOnly`.
    pub read_only: bool,
    /// `writeOnly`.
    pub write_only: bool,
    /// `properties` (merged over `allOf`), unresolved nodes.
    pub properties: BTreeMap<String, Node<'a>>,
    /// `required` (merged over `allOf`).
    pub required: BTreeSet<String>,
    /// `items`.
    pub items: Option<Node<'a>>,
    /// `additionalProperties` when it is a schema.
    pub additional: Option<Node<'a>>,
    /// `oneOf` and `anyOf` alternatives, keyed by their `$ref` or `oneOf#i`/`anyOf#i`.
    pub alternatives: BTreeMap<String, Node<'a>>,
}

/// Build the normalized view of the schema at `node` (following `$ref`s).
pub fn schema_view<'a>(root: &'a Value, node: Node<'a>) -> SchemaView<'a> {
    Resolver::new(root).schema_view(node)
}

/// The view of `node` merged with its `allOf` members, depth first, each schema at most once
/// (so `allOf` cycles terminate). Iterative: an `allOf` chain of any length uses heap, not
/// stack. A member's own keywords come before its members', and earlier members win.
fn build<'a>(resolver: &Resolver<'a>, node: Node<'a>) -> SchemaView<'a> {
    let mut seen = BTreeSet::new();
    // Views being built, each with its `allOf` members not merged yet (in reverse order).
    let mut stack = vec![own(resolver, node, &mut seen)];
    loop {
        let top = stack
            .last_mut()
            .expect("the stack holds the schema being built");
        if let Some(member) = top.1.pop() {
            let part = own(resolver, member, &mut seen);
            stack.push(part);
            continue;
        }
        let (mut done, _) = stack.pop().expect("the stack holds the schema being built");
        infer_type(&mut done);
        match stack.last_mut() {
            Some((parent, _)) => merge(parent, done),
            None => return done,
        }
    }
}

/// The view of `node`'s own keywords and its `allOf` members (reversed, to pop in order); a
/// schema already seen, or not an object, has no keywords and no members.
fn own<'a>(
    resolver: &Resolver<'a>,
    node: Node<'a>,
    seen: &mut BTreeSet<String>,
) -> (SchemaView<'a>, Vec<Node<'a>>) {
    let (node, name) = resolver.resolve(node.clone()).unwrap_or((node, None));
    let mut view = SchemaView {
        ptr: node.ptr.clone(),
        name,
        ..SchemaView::default()
    };
    if !seen.insert(node.ptr.clone()) || !node.value.is_object() {
        return (view, Vec::new());
    }
    let v = node.value;
    let uint = |key: &str| v.get(key).and_then(Value::as_u64);
    view.ty = node.str("type").map(str::to_string);
    view.format = node.str("format").map(str::to_string);
    view.enum_values = v.get("enum").and_then(Value::as_array).map(|values| {
        let mut sorted: Vec<Value> = values.clone();
        sorted.sort_by_key(|x| x.to_string());
        sorted.dedup();
        sorted
    });
    view.nullable = node.flag("nullable");
    view.max_length = uint("maxLength");
    view.min_length = uint("minLength").filter(|&n| n > 0);
    view.max_items = uint("maxItems");
    view.min_items = uint("minItems").filter(|&n| n > 0);
    view.maximum = v.get("maximum").and_then(Value::as_f64).map(|value| Bound {
        value,
        exclusive: node.flag("exclusiveMaximum"),
    });
    view.minimum = v.get("minimum").and_then(Value::as_f64).map(|value| Bound {
        value,
        exclusive: node.flag("exclusiveMinimum"),
    });
    view.pattern = node.str("pattern").map(str::to_string);
    view.default = v.get("default");
    view.doc = Some(node.clone());
    view.deprecated = node.flag("deprecated");
    view.read_only = node.flag("readOnly");
    view.write_only = node.flag("writeOnly");
    view.properties = node.entries("properties");
    view.required = v
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    view.items = node.child("items");
    view.additional = node
        .child("additionalProperties")
        .filter(|n| n.value.is_object());
    for keyword in ["oneOf", "anyOf"] {
        for (i, alt) in node.items(keyword).into_iter().enumerate() {
            let key = match alt.value.get("$ref").and_then(Value::as_str) {
                Some(target) => target.to_string(),
                None => format!("{keyword}#{i}"),
            };
            view.alternatives.insert(key, alt);
        }
    }
    let mut members = node.items("allOf");
    members.reverse();
    (view, members)
}

/// Merge an `allOf` member's view into the view that contains it: the container's own
/// properties and alternatives win over the member's. The smaller map is inserted into the
/// larger, so merging an `allOf` chain costs O(n log n), not O(n²).
fn merge<'a>(view: &mut SchemaView<'a>, part: SchemaView<'a>) {
    merge_first_wins(&mut view.properties, part.properties);
    merge_first_wins(&mut view.alternatives, part.alternatives);
    let mut required = part.required;
    if required.len() > view.required.len() {
        std::mem::swap(&mut required, &mut view.required);
    }
    view.required.extend(required);
    view.ty = view.ty.take().or(part.ty);
    view.format = view.format.take().or(part.format);
    view.enum_values = view.enum_values.take().or(part.enum_values);
    view.nullable |= part.nullable;
    view.items = view.items.take().or(part.items);
    view.additional = view.additional.take().or(part.additional);
}

/// Add `later`'s entries to `first` where `first` has none.
fn merge_first_wins<V>(first: &mut BTreeMap<String, V>, mut later: BTreeMap<String, V>) {
    if later.len() > first.len() {
        std::mem::swap(first, &mut later);
        // `first` now holds the later entries; the earlier ones overwrite them.
        first.extend(later);
    } else {
        for (k, v) in later {
            first.entry(k).or_insert(v);
        }
    }
}

/// A missing `type`: `object` with properties or `additionalProperties`, `array` with `items`.
fn infer_type(view: &mut SchemaView<'_>) {
    if view.ty.is_none() {
        if !view.properties.is_empty() || view.additional.is_some() {
            view.ty = Some("object".to_string());
        } else if view.items.is_some() {
            view.ty = Some("array".to_string());
        }
    }
}

/// Every `#/components/schemas/<name>` that is the target of some `$ref` in the document
/// (an iterative walk: any nesting depth).
pub fn referenced_schemas(root: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref")
                    && let Some(name) = target.strip_prefix("#/components/schemas/")
                    && !name.contains('/')
                {
                    out.insert(name.replace("~1", "/").replace("~0", "~"));
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers_round_trip() {
        let doc = json!({"paths": {"/a/{b}": {"get": {"x~y": [1, 2]}}}});
        let p = pointer::push(&pointer::push("/paths", "/a/{b}"), "get");
        assert_eq!(p, "/paths/~1a~1{b}/get");
        let p = pointer::push(&p, "x~y");
        assert_eq!(pointer::get(&doc, &format!("{p}/1")), Some(&json!(2)));
        assert_eq!(pointer::get(&doc, "/nope"), None);
        assert_eq!(pointer::get(&doc, ""), Some(&doc));
    }

    #[test]
    fn ref_cycles_are_errors_and_recursive_schemas_terminate() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"},
            "Tree": {"type": "object", "allOf": [{"$ref": "#/components/schemas/Tree"}],
                     "properties": {"kids": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}}
        }}});
        let a = Node::new("/components/schemas/A", &doc["components"]["schemas"]["A"]);
        assert!(resolve(&doc, a).unwrap_err().contains("refers to itself"));
        let tree = json!({"$ref": "#/components/schemas/Tree"});
        let view = schema_view(&doc, Node::new("/x", &tree));
        assert_eq!(view.name.as_deref(), Some("Tree"));
        assert_eq!(view.ptr, "/components/schemas/Tree");
        assert_eq!(view.properties.keys().collect::<Vec<_>>(), ["kids"]);
    }

    #[test]
    fn all_of_is_merged_and_types_inferred() {
        let doc = json!({"components": {"schemas": {
            "Base": {"required": ["id"], "properties": {"id": {"type": "string"}}}
        }}});
        let schema = json!({"allOf": [{"$ref": "#/components/schemas/Base"},
            {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer", "minLength": 0}}}]});
        let view = schema_view(&doc, Node::new("/s", &schema));
        assert_eq!(view.ty.as_deref(), Some("object"));
        assert_eq!(view.required.iter().collect::<Vec<_>>(), ["id", "n"]);
        assert_eq!(
            view.properties["id"].ptr,
            "/components/schemas/Base/properties/id"
        );
        let n = schema_view(&doc, view.properties["n"].clone());
        assert_eq!(n.min_length, None);
        let arr = json!({"items": {"type": "string"}});
        assert_eq!(
            schema_view(&doc, Node::new("/a", &arr)).ty.as_deref(),
            Some("array")
        );
    }
}
