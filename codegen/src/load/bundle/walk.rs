//! Where the `$ref`s of a document are, and what each stands for: a walk that follows
//! OpenAPI 3.0's structure (parameters, responses, request bodies, headers, media types,
//! schemas...), leaving examples, defaults, enums and extensions alone as data.

use crate::error::{Error, ErrorKind, ptr};
use serde_json::Value;

/// What a `$ref` stands for, from the place it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(in crate::load) enum Kind {
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
pub(super) const SECTIONS: [(&str, Kind); 9] = [
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
    pub(in crate::load) fn section(self) -> Option<&'static str> {
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
pub(in crate::load) struct Site {
    pub(in crate::load) pointer: String,
    pub(in crate::load) kind: Kind,
    pub(in crate::load) reference: String,
}

/// The references in `value`, an object of `kind`, in document order (walked with a stack of
/// its own, not by recursion).
pub(in crate::load) fn sites(value: &Value, kind: Kind) -> Vec<Site> {
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
pub(super) fn is_external(reference: &str) -> bool {
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

/// What the value at the pointer `tokens` (unescaped) of `root` is, following OpenAPI's
/// structure as [`sites`] does, with the schemas under a schema's `definitions` or `$defs`
/// (JSON Schema's containers of named subschemas) counted as schemas; and the tokens that
/// name it (component, path, method, status, media type, property and definition names,
/// `items`, `not`, `additionalProperties`, `allOf0`...: every token but the names of
/// sections and maps). `None` when nothing is there or the place is not an OpenAPI object.
pub(in crate::load) fn place_at<'v>(
    root: &'v Value,
    tokens: &[String],
) -> Option<(Kind, &'v Value, Vec<String>)> {
    let mut kind = Kind::Root;
    let mut value = root;
    let mut names = Vec::new();
    let mut rest = tokens.iter();
    while let Some(token) = rest.next() {
        let field = value.as_object()?.get(token.as_str())?;
        // The kind below; whether a name follows the field (and may be an extension);
        // whether the field itself names the place.
        let (next, named, keep) = match kind {
            Kind::Components => {
                let section = SECTIONS.iter().find(|(s, _)| s == token)?;
                (section.1, Some(false), false)
            }
            Kind::Callback if !token.starts_with("x-") => (Kind::PathItem, None, true),
            Kind::Schema if token == "definitions" || token == "$defs" => {
                (Kind::Schema, Some(false), false)
            }
            _ => match fields(kind).iter().find(|(f, _)| f == token)?.1 {
                Shape::One(k) => {
                    let keep = !matches!(token.as_str(), "schema" | "requestBody" | "components");
                    (k, None, keep)
                }
                Shape::List(k) => (k, Some(false), true),
                Shape::Map(k, skip_extensions) => (k, Some(skip_extensions), false),
            },
        };
        value = field;
        let mut name = if keep { token.clone() } else { String::new() };
        if let Some(skip_extensions) = named {
            let key = rest.next()?;
            if skip_extensions && key.starts_with("x-") {
                return None;
            }
            value = match value {
                Value::Object(map) => map.get(key.as_str())?,
                Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
            name.push_str(key);
        }
        names.push(name);
        kind = next;
    }
    Some((kind, value, names))
}
