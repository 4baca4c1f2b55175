//! Where `openapiv3` reads a `ReferenceOr<Schema>` outside schemas: the entries of
//! `components/schemas`, and the `schema` of parameters, headers and media types, wherever
//! those are (paths, operations, callbacks, components, encodings). [`values`] finds these
//! places in a document's JSON value, [`typed`] in the typed document, following the same
//! structure (which keys `openapiv3` reads, and that a mapping with a string `$ref` is a
//! reference whose other keys it does not read).

use super::path::Path;
use openapiv3::{
    Components, Header, MediaType, OpenAPI, Operation, Parameter, ParameterSchemaOrContent,
    PathItem, ReferenceOr, RequestBody, Response, Responses, Schema,
};
use serde_json::{Map, Value};

/// The HTTP methods of a path item, as `openapiv3` reads them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `f` on each schema (a mapping) at a place where `openapiv3` reads a schema outside
/// schemas, in the document `root`, with its place.
pub(super) fn values(root: &mut Value, f: &mut impl FnMut(&mut Value, &Path<'_>)) {
    let Some(root) = root.as_object_mut() else {
        return;
    };
    let at = Path::ROOT;
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        let at = at.key("paths");
        for (path, item) in paths.iter_mut() {
            if path.starts_with('/')
                && let Some(item) = item_of(item)
            {
                path_item(item, &at.key(path), f);
            }
        }
    }
    let Some(Value::Object(components)) = root.get_mut("components") else {
        return;
    };
    let at = at.key("components");
    for (section, entries) in components.iter_mut() {
        let Value::Object(entries) = entries else {
            continue;
        };
        let at = at.key(section);
        for (name, entry) in entries.iter_mut() {
            let at = at.key(name);
            match section.as_str() {
                "schemas" => schema(entry, &at, f),
                "responses" => item_of(entry).map_or((), |r| response(r, &at, f)),
                "parameters" => item_of(entry).map_or((), |p| parameter(p, &at, f)),
                "requestBodies" => item_of(entry).map_or((), |b| content_of(b, &at, f)),
                "headers" => item_of(entry).map_or((), |h| parameter(h, &at, f)),
                "callbacks" => item_of(entry).map_or((), |c| callback(c, &at, f)),
                _ => {}
            }
        }
    }
}

/// The mapping of what a `ReferenceOr` reads as an item (not a reference).
fn item_of(v: &mut Value) -> Option<&mut Map<String, Value>> {
    match v {
        Value::Object(map) if !matches!(map.get("$ref"), Some(Value::String(_))) => Some(map),
        _ => None,
    }
}

fn schema(v: &mut Value, at: &Path, f: &mut impl FnMut(&mut Value, &Path<'_>)) {
    if v.is_object() {
        f(v, at);
    }
}

fn path_item(item: &mut Map<String, Value>, at: &Path, f: &mut impl FnMut(&mut Value, &Path<'_>)) {
    for (key, v) in item.iter_mut() {
        let at = at.key(key);
        match key.as_str() {
            "parameters" => parameters(v, &at, f),
            method if METHODS.contains(&method) => {
                if let Value::Object(op) = v {
                    operation(op, &at, f);
                }
            }
            _ => {}
        }
    }
}

fn parameters(v: &mut Value, at: &Path, f: &mut impl FnMut(&mut Value, &Path<'_>)) {
    if let Value::Array(list) = v {
        for (i, p) in list.iter_mut().enumerate() {
            if let Some(p) = item_of(p) {
                parameter(p, &at.index(i), f);
            }
        }
    }
}

fn operation(op: &mut Map<String, Value>, at: &Path, f: &mut impl FnMut(&mut Value, &Path<'_>)) {
    for (key, v) in op.iter_mut() {
        let at = at.key(key);
        match key.as_str() {
            "parameters" => parameters(v, &at, f),
            "requestBody" => item_of(v).map_or((), |b| content_of(b, &at, f)),
            "responses" => {
                if let Value::Object(responses) = v {
                    for (code, r) in responses.iter_mut() {
                        if !code.starts_with("x-")
                            && let Some(r) = item_of(r)
                        {
                            response(r, &at.key(code), f);
                        }
                    }
                }
            }
            "callbacks" => {
                if let Value::Object(callbacks) = v {
                    for (name, c) in callbacks.iter_mut() {
                        if let Value::Object(c) = c {
                            callback(c, &at.key(name), f);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// A callback: path items by expression (not references).
fn callback(c: &mut Map<String, Value>, at: &Path, f: &mut impl FnMut(&mut Value, &Path<'_>)) {
    for (expression, item) in c.iter_mut() {
        if let Value::Object(item) = item {
            path_item(item, &at.key(expression), f);
        }
    }
}

fn response(r: &mut Map<String, Value>, at: &Path, f: &mut impl FnMut(&mut Value, &Path<'_>)) {
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        let at = at.key("headers");
        for (name, h) in headers.iter_mut() {
            if let Some(h) = item_of(h) {
                parameter(h, &at.key(name), f);
            }
        }
    }
    content_of(r, at, f);
}

/// A parameter or a header: a `schema`, or a `content`.
fn parameter(p: &mut Map<String, Value>, at: &Path, f: &mut impl FnMut(&mut Value, &Path<'_>)) {
    if let Some(s) = p.get_mut("schema") {
        schema(s, &at.key("schema"), f);
    }
    content_of(p, at, f);
}

/// The media types of the `content` of `owner`.
fn content_of(
    owner: &mut Map<String, Value>,
    at: &Path,
    f: &mut impl FnMut(&mut Value, &Path<'_>),
) {
    let Some(Value::Object(content)) = owner.get_mut("content") else {
        return;
    };
    let at = at.key("content");
    for (media_type, media) in content.iter_mut() {
        let Value::Object(media) = media else {
            continue;
        };
        let at = at.key(media_type);
        if let Some(s) = media.get_mut("schema") {
            schema(s, &at.key("schema"), f);
        }
        if let Some(Value::Object(encodings)) = media.get_mut("encoding") {
            let at = at.key("encoding");
            for (property, encoding) in encodings.iter_mut() {
                if let Some(Value::Object(headers)) = encoding.get_mut("headers") {
                    let at = at.key(property);
                    let at = at.key("headers");
                    for (name, h) in headers.iter_mut() {
                        if let Some(h) = item_of(h) {
                            parameter(h, &at.key(name), f);
                        }
                    }
                }
            }
        }
    }
}

/// Calls `f` on each `ReferenceOr<Schema>` outside schemas in the typed document `doc`.
pub(super) fn typed(doc: &mut OpenAPI, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    for item in doc.paths.paths.values_mut() {
        if let ReferenceOr::Item(item) = item {
            typed_path_item(item, f);
        }
    }
    if let Some(components) = &mut doc.components {
        typed_components(components, f);
    }
}

fn typed_components(c: &mut Components, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    c.schemas.values_mut().for_each(&mut *f);
    for r in c.responses.values_mut() {
        if let ReferenceOr::Item(r) = r {
            typed_response(r, f);
        }
    }
    for p in c.parameters.values_mut() {
        if let ReferenceOr::Item(p) = p {
            typed_parameter(p, f);
        }
    }
    for b in c.request_bodies.values_mut() {
        if let ReferenceOr::Item(b) = b {
            typed_request_body(b, f);
        }
    }
    for h in c.headers.values_mut() {
        if let ReferenceOr::Item(h) = h {
            typed_header(h, f);
        }
    }
    for cb in c.callbacks.values_mut() {
        if let ReferenceOr::Item(cb) = cb {
            cb.values_mut().for_each(|item| typed_path_item(item, f));
        }
    }
}

fn typed_path_item(item: &mut PathItem, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    typed_parameters(&mut item.parameters, f);
    let PathItem {
        get,
        put,
        post,
        delete,
        options,
        head,
        patch,
        trace,
        ..
    } = item;
    for op in [get, put, post, delete, options, head, patch, trace]
        .into_iter()
        .flatten()
    {
        typed_operation(op, f);
    }
}

fn typed_parameters(
    list: &mut [ReferenceOr<Parameter>],
    f: &mut impl FnMut(&mut ReferenceOr<Schema>),
) {
    for p in list {
        if let ReferenceOr::Item(p) = p {
            typed_parameter(p, f);
        }
    }
}

fn typed_operation(op: &mut Operation, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    typed_parameters(&mut op.parameters, f);
    if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
        typed_request_body(body, f);
    }
    typed_responses(&mut op.responses, f);
    for callback in op.callbacks.values_mut() {
        callback
            .values_mut()
            .for_each(|item| typed_path_item(item, f));
    }
}

fn typed_responses(r: &mut Responses, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    for r in r.default.iter_mut().chain(r.responses.values_mut()) {
        if let ReferenceOr::Item(r) = r {
            typed_response(r, f);
        }
    }
}

fn typed_response(r: &mut Response, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    for h in r.headers.values_mut() {
        if let ReferenceOr::Item(h) = h {
            typed_header(h, f);
        }
    }
    typed_content(&mut r.content, f);
}

fn typed_request_body(b: &mut RequestBody, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    typed_content(&mut b.content, f);
}

fn typed_parameter(p: &mut Parameter, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    let data = match p {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    typed_format(&mut data.format, f);
}

fn typed_header(h: &mut Header, f: &mut impl FnMut(&mut ReferenceOr<Schema>)) {
    typed_format(&mut h.format, f);
}

fn typed_format(
    format: &mut ParameterSchemaOrContent,
    f: &mut impl FnMut(&mut ReferenceOr<Schema>),
) {
    match format {
        ParameterSchemaOrContent::Schema(s) => f(s),
        ParameterSchemaOrContent::Content(content) => typed_content(content, f),
    }
}

fn typed_content(
    content: &mut indexmap::IndexMap<String, MediaType>,
    f: &mut impl FnMut(&mut ReferenceOr<Schema>),
) {
    for media in content.values_mut() {
        if let Some(s) = &mut media.schema {
            f(s);
        }
        for encoding in media.encoding.values_mut() {
            for h in encoding.headers.values_mut() {
                if let ReferenceOr::Item(h) = h {
                    typed_header(h, f);
                }
            }
        }
    }
}
