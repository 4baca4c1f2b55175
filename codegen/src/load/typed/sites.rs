//! Where `openapiv3` reads a `ReferenceOr<Schema>` outside schemas: the entries of
//! `components/schemas`, and the `schema` of parameters, headers and media types, wherever
//! those are (paths, operations, callbacks, components, encodings). [`values`] finds these
//! places in a document's JSON value, [`typed`] in the typed document, following the same
//! structure (which keys `openapiv3` reads, and that a mapping with a string `$ref` is a
//! reference whose other keys it does not read).

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
/// schemas, in the document `root`.
pub(super) fn values(root: &mut Value, f: &mut impl FnMut(&mut Value)) {
    let Some(root) = root.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            if path.starts_with('/')
                && let Some(item) = item_of(item)
            {
                path_item(item, f);
            }
        }
    }
    let Some(Value::Object(components)) = root.get_mut("components") else {
        return;
    };
    for (section, entries) in components.iter_mut() {
        let Value::Object(entries) = entries else {
            continue;
        };
        for entry in entries.values_mut() {
            match section.as_str() {
                "schemas" => schema(entry, f),
                "responses" => item_of(entry).map_or((), |r| response(r, f)),
                "parameters" => item_of(entry).map_or((), |p| parameter(p, f)),
                "requestBodies" => item_of(entry).map_or((), |b| content_of(b, f)),
                "headers" => item_of(entry).map_or((), |h| parameter(h, f)),
                "callbacks" => item_of(entry).map_or((), |c| callback(c, f)),
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

fn schema(v: &mut Value, f: &mut impl FnMut(&mut Value)) {
    if v.is_object() {
        f(v);
    }
}

fn path_item(item: &mut Map<String, Value>, f: &mut impl FnMut(&mut Value)) {
    for (key, v) in item.iter_mut() {
        match key.as_str() {
            "parameters" => parameters(v, f),
            method if METHODS.contains(&method) => {
                if let Value::Object(op) = v {
                    operation(op, f);
                }
            }
            _ => {}
        }
    }
}

fn parameters(v: &mut Value, f: &mut impl FnMut(&mut Value)) {
    if let Value::Array(list) = v {
        for p in list.iter_mut().filter_map(item_of) {
            parameter(p, f);
        }
    }
}

fn operation(op: &mut Map<String, Value>, f: &mut impl FnMut(&mut Value)) {
    for (key, v) in op.iter_mut() {
        match key.as_str() {
            "parameters" => parameters(v, f),
            "requestBody" => item_of(v).map_or((), |b| content_of(b, f)),
            "responses" => {
                if let Value::Object(responses) = v {
                    for (code, r) in responses.iter_mut() {
                        if !code.starts_with("x-")
                            && let Some(r) = item_of(r)
                        {
                            response(r, f);
                        }
                    }
                }
            }
            "callbacks" => {
                if let Value::Object(callbacks) = v {
                    for c in callbacks.values_mut() {
                        if let Value::Object(c) = c {
                            callback(c, f);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// A callback: path items by expression (not references).
fn callback(c: &mut Map<String, Value>, f: &mut impl FnMut(&mut Value)) {
    for item in c.values_mut() {
        if let Value::Object(item) = item {
            path_item(item, f);
        }
    }
}

fn response(r: &mut Map<String, Value>, f: &mut impl FnMut(&mut Value)) {
    if let Some(Value::Object(headers)) = r.get_mut("headers") {
        for h in headers.values_mut().filter_map(item_of) {
            parameter(h, f);
        }
    }
    content_of(r, f);
}

/// A parameter or a header: a `schema`, or a `content`.
fn parameter(p: &mut Map<String, Value>, f: &mut impl FnMut(&mut Value)) {
    if let Some(s) = p.get_mut("schema") {
        schema(s, f);
    }
    content_of(p, f);
}

/// The media types of the `content` of `owner`.
fn content_of(owner: &mut Map<String, Value>, f: &mut impl FnMut(&mut Value)) {
    let Some(Value::Object(content)) = owner.get_mut("content") else {
        return;
    };
    for media in content.values_mut() {
        let Value::Object(media) = media else {
            continue;
        };
        if let Some(s) = media.get_mut("schema") {
            schema(s, f);
        }
        if let Some(Value::Object(encodings)) = media.get_mut("encoding") {
            for encoding in encodings.values_mut() {
                if let Some(Value::Object(headers)) = encoding.get_mut("headers") {
                    for h in headers.values_mut().filter_map(item_of) {
                        parameter(h, f);
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
