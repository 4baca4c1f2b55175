//! Comparison: walk both documents from their operations, pairing what corresponds, and
//! emit one classified [`Change`] per difference.
//!
//! Schemas are compared in the direction they are reached from (request or response), so a
//! schema used on both sides is walked once per direction and gets both sets of rules.
//! Every (base schema, head schema, subject) pair is walked at most once, which both guards
//! against recursive schemas and avoids repeating a change for every operation that shares
//! a component.

use crate::load::Document;
use crate::resolve::{self, EMPTY, Node, SchemaView, follow, pointer, schema_view};
use crate::rules::{Change, Direction, Subject};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Compare two documents; the changes come back sorted and without duplicates.
pub fn compare(base: &Document, head: &Document) -> Vec<Change> {
    let mut walker = Walker {
        b: &base.root,
        h: &head.root,
        out: Vec::new(),
        seen: BTreeSet::new(),
    };
    walker.document();
    let mut out = walker.out;
    out.sort();
    out.dedup();
    out
}

struct Walker<'a> {
    b: &'a Value,
    h: &'a Value,
    out: Vec<Change>,
    seen: BTreeSet<(String, String, Subject)>,
}

struct Op<'a> {
    path: String,
    method: &'static str,
    node: Node<'a>,
    path_item: Node<'a>,
}

impl Op<'_> {
    fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

fn text(v: Option<&Value>) -> String {
    match v {
        None => "(none)".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn show<T: std::fmt::Display>(v: &Option<T>) -> String {
    match v {
        Some(x) => x.to_string(),
        None => "(none)".to_string(),
    }
}

fn is_success(code: &str) -> bool {
    code.starts_with('2')
}

/// Template parameter names of a path, in order.
fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// A path with its template parameter names erased (`/a/{x}` → `/a/{}`).
fn normalized_path(path: &str) -> String {
    let mut out = path.to_string();
    for name in template_params(path) {
        out = out.replacen(&format!("{{{name}}}"), "{}", 1);
    }
    out
}

fn operations(root: &Value) -> BTreeMap<(String, &'static str), Op<'_>> {
    let mut out = BTreeMap::new();
    let paths = Node::new("", root).entries("paths");
    for (path, item) in paths {
        let item = follow(root, item);
        for method in METHODS {
            if let Some(node) = item.child(method) {
                out.insert(
                    (normalized_path(&path), method),
                    Op {
                        path: path.clone(),
                        method,
                        node,
                        path_item: item.clone(),
                    },
                );
            }
        }
    }
    out
}

type SecurityReq = BTreeMap<String, BTreeSet<String>>;

fn security_list(value: Option<&Value>) -> Vec<SecurityReq> {
    value
        .and_then(Value::as_array)
        .map(|reqs| {
            reqs.iter()
                .filter_map(Value::as_object)
                .map(|req| {
                    req.iter()
                        .map(|(scheme, scopes)| {
                            let scopes = scopes
                                .as_array()
                                .map(|s| {
                                    s.iter()
                                        .filter_map(Value::as_str)
                                        .map(String::from)
                                        .collect()
                                })
                                .unwrap_or_default();
                            (scheme.clone(), scopes)
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

impl<'a> Walker<'a> {
    fn push(&mut self, id: &str, pointer: impl Into<String>, what: impl AsRef<str>) {
        self.out.push(Change::fixed(id, pointer, what));
    }

    fn push_schema(
        &mut self,
        subject: Subject,
        suffix: &str,
        pointer: impl Into<String>,
        what: impl AsRef<str>,
    ) {
        self.out
            .push(Change::schema(subject, suffix, pointer, what));
    }

    fn document(&mut self) {
        let b = Node::new("", self.b);
        let h = Node::new("", self.h);
        if b.str("openapi") != h.str("openapi") {
            self.push(
                "openapi-version-changed",
                "/openapi",
                format!(
                    "openapi {} → {}",
                    text(self.b.get("openapi")),
                    text(self.h.get("openapi"))
                ),
            );
        }
        if let (Some(bi), Some(hi)) = (b.child("info"), h.child("info")) {
            for key in ["title", "version"] {
                if bi.value.get(key) != hi.value.get(key) {
                    self.push(
                        "api-info-changed",
                        pointer::push(&hi.ptr, key),
                        format!(
                            "info.{key} `{}` → `{}`",
                            text(bi.value.get(key)),
                            text(hi.value.get(key))
                        ),
                    );
                }
            }
            self.docs(&bi, &hi, "API");
        }
        self.servers(&b, &h);
        self.security_schemes(&b, &h);
        self.operations();
        self.unused_components();
    }

    /// `description` and `summary` of two corresponding objects (info rules).
    fn docs(&mut self, b: &Node<'a>, h: &Node<'a>, what: &str) {
        for (key, id) in [
            ("description", "description-changed"),
            ("summary", "summary-changed"),
        ] {
            let (bv, hv) = (b.value.get(key), h.value.get(key));
            if bv != hv {
                let at = if hv.is_some() { &h.ptr } else { &b.ptr };
                let verb = match (bv, hv) {
                    (None, _) => "added",
                    (_, None) => "removed",
                    _ => "changed",
                };
                self.push(id, pointer::push(at, key), format!("{what}: {key} {verb}"));
            }
        }
    }

    /// `example` and `examples` of two corresponding objects.
    fn examples(&mut self, b: &Node<'a>, h: &Node<'a>, what: &str) {
        for key in ["example", "examples"] {
            let (bv, hv) = (b.value.get(key), h.value.get(key));
            if bv != hv {
                let at = if hv.is_some() { &h.ptr } else { &b.ptr };
                self.push(
                    "example-changed",
                    pointer::push(at, key),
                    format!("{what}: {key} changed"),
                );
            }
        }
    }

    fn servers(&mut self, b: &Node<'a>, h: &Node<'a>) {
        let index = |n: &Node<'a>| -> BTreeMap<String, Node<'a>> {
            n.items("servers")
                .into_iter()
                .filter_map(|s| s.str("url").map(|u| (u.to_string(), s.clone())))
                .collect()
        };
        let (bs, hs) = (index(b), index(h));
        for (url, node) in &bs {
            if !hs.contains_key(url) {
                self.push("server-removed", &node.ptr, format!("server {url} removed"));
            }
        }
        for (url, hn) in &hs {
            let Some(bn) = bs.get(url) else {
                self.push("server-added", &hn.ptr, format!("server {url} added"));
                continue;
            };
            self.docs(bn, hn, &format!("server {url}"));
            let (bvars, hvars) = (bn.entries("variables"), hn.entries("variables"));
            for (name, hv) in &hvars {
                let Some(bv) = bvars.get(name) else { continue };
                let what = format!("server {url} variable `{name}`");
                if bv.value.get("default") != hv.value.get("default") {
                    self.push(
                        "server-variable-default-changed",
                        pointer::push(&hv.ptr, "default"),
                        format!(
                            "{what}: default `{}` → `{}`",
                            text(bv.value.get("default")),
                            text(hv.value.get("default"))
                        ),
                    );
                }
                let values = |n: &Node<'a>| -> BTreeSet<String> {
                    n.value
                        .get("enum")
                        .and_then(Value::as_array)
                        .map(|e| e.iter().map(|v| text(Some(v))).collect())
                        .unwrap_or_default()
                };
                let (be, he) = (values(bv), values(hv));
                for gone in be.difference(&he) {
                    self.push(
                        "server-variable-enum-value-removed",
                        pointer::push(&bv.ptr, "enum"),
                        format!("{what}: value `{gone}` removed"),
                    );
                }
                for new in he.difference(&be) {
                    self.push(
                        "server-variable-enum-value-added",
                        pointer::push(&hv.ptr, "enum"),
                        format!("{what}: value `{new}` added"),
                    );
                }
                self.docs(bv, hv, &what);
            }
        }
    }

    fn security_schemes(&mut self, b: &Node<'a>, h: &Node<'a>) {
        let schemes = |n: &Node<'a>| {
            n.child("components")
                .map(|c| c.entries("securitySchemes"))
                .unwrap_or_default()
        };
        let (bs, hs) = (schemes(b), schemes(h));
        for (name, node) in &bs {
            if !hs.contains_key(name) {
                self.push(
                    "security-scheme-removed",
                    &node.ptr,
                    format!("security scheme `{name}` removed"),
                );
            }
        }
        for (name, hn) in &hs {
            let Some(bn) = bs.get(name) else {
                self.push(
                    "security-scheme-added",
                    &hn.ptr,
                    format!("security scheme `{name}` added"),
                );
                continue;
            };
            let (bn, hn) = (follow(self.b, bn.clone()), follow(self.h, hn.clone()));
            let changed: Vec<&str> = [
                "type",
                "in",
                "name",
                "scheme",
                "bearerFormat",
                "flows",
                "openIdConnectUrl",
            ]
            .into_iter()
            .filter(|k| bn.value.get(k) != hn.value.get(k))
            .collect();
            if !changed.is_empty() {
                self.push(
                    "security-scheme-changed",
                    &hn.ptr,
                    format!("security scheme `{name}`: {} changed", changed.join(", ")),
                );
            }
            self.docs(&bn, &hn, &format!("security scheme `{name}`"));
        }
    }

    fn unused_components(&mut self) {
        let (bref, href) = (
            resolve::referenced_schemas(self.b),
            resolve::referenced_schemas(self.h),
        );
        let schemas = |root: &'a Value| {
            Node::new("", root)
                .child("components")
                .map(|c| c.entries("schemas"))
                .unwrap_or_default()
        };
        let (bs, hs) = (schemas(self.b), schemas(self.h));
        for (name, node) in &bs {
            if !hs.contains_key(name) && !bref.contains(name) {
                self.push(
                    "component-schema-removed",
                    &node.ptr,
                    format!("schema `{name}` removed"),
                );
            }
        }
        for (name, node) in &hs {
            if !bs.contains_key(name) && !href.contains(name) {
                self.push(
                    "component-schema-added",
                    &node.ptr,
                    format!("schema `{name}` added"),
                );
            }
        }
    }

    fn operations(&mut self) {
        let (bops, hops) = (operations(self.b), operations(self.h));
        for (key, op) in &bops {
            if !hops.contains_key(key) {
                let note = if op.node.flag("deprecated") {
                    " (it was deprecated)"
                } else {
                    " (it was not deprecated first)"
                };
                self.push(
                    "endpoint-removed",
                    &op.node.ptr,
                    format!("{} removed{note}", op.label()),
                );
            }
        }
        for (key, hop) in &hops {
            match bops.get(key) {
                None => self.push(
                    "endpoint-added",
                    &hop.node.ptr,
                    format!("{} added", hop.label()),
                ),
                Some(bop) => self.operation(bop, hop),
            }
        }
    }

    fn operation(&mut self, b: &Op<'a>, h: &Op<'a>) {
        let label = h.label();
        let (bid, hid) = (b.node.str("operationId"), h.node.str("operationId"));
        if bid != hid {
            let at = match hid {
                Some(_) => pointer::push(&h.node.ptr, "operationId"),
                None => h.node.ptr.clone(),
            };
            self.push(
                "operation-id-changed",
                at,
                format!("{label}: operationId `{}` → `{}`", show(&bid), show(&hid)),
            );
        }
        match (b.node.flag("deprecated"), h.node.flag("deprecated")) {
            (false, true) => self.push(
                "endpoint-deprecated",
                pointer::push(&h.node.ptr, "deprecated"),
                format!("{label} deprecated"),
            ),
            (true, false) => self.push(
                "endpoint-reactivated",
                h.node.ptr.clone(),
                format!("{label} no longer deprecated"),
            ),
            _ => {}
        }
        self.docs(&b.node, &h.node, &label);
        let (bt, ht) = (template_params(&b.path), template_params(&h.path));
        for (old, new) in bt.iter().zip(&ht) {
            if old != new {
                self.push(
                    "request-path-parameter-renamed",
                    h.node.ptr.clone(),
                    format!("{label}: path parameter `{old}` renamed to `{new}`"),
                );
            }
        }
        self.parameters(&label, b, h);
        self.request_body(&label, b, h);
        self.responses(&label, b, h);
        self.security(&label, b, h);
    }

    /// Effective parameters keyed by (location, name) — path parameters by their position
    /// in the template, so a rename pairs them — with their display name.
    fn params(root: &'a Value, op: &Op<'a>) -> BTreeMap<(String, String), (String, Node<'a>)> {
        let template = template_params(&op.path);
        let mut out = BTreeMap::new();
        for list in [
            op.path_item.items("parameters"),
            op.node.items("parameters"),
        ] {
            for p in list {
                let p = follow(root, p);
                let (Some(name), Some(loc)) = (p.str("name"), p.str("in")) else {
                    continue;
                };
                let key = match loc {
                    "path" => template
                        .iter()
                        .position(|t| t == name)
                        .map(|i| format!("#{i}"))
                        .unwrap_or_else(|| name.to_string()),
                    "header" => name.to_ascii_lowercase(),
                    _ => name.to_string(),
                };
                out.insert((loc.to_string(), key), (name.to_string(), p));
            }
        }
        out
    }

    fn parameters(&mut self, label: &str, b: &Op<'a>, h: &Op<'a>) {
        let bp = Self::params(self.b, b);
        let hp = Self::params(self.h, h);
        let mut removed: Vec<_> = bp.iter().filter(|(k, _)| !hp.contains_key(*k)).collect();
        let mut added: Vec<_> = hp.iter().filter(|(k, _)| !bp.contains_key(*k)).collect();
        // A parameter that disappears from one location and appears in another has moved.
        removed.retain(|((bloc, _), (bname, _))| {
            let moved = added.iter().position(|((hloc, _), (hname, _))| {
                hloc != bloc && hname.eq_ignore_ascii_case(bname)
            });
            match moved {
                Some(i) => {
                    let ((hloc, _), (hname, hnode)) = added.remove(i);
                    self.out.push(Change::fixed(
                        "request-parameter-location-changed",
                        hnode.ptr.clone(),
                        format!("{label}: parameter `{hname}` moved from {bloc} to {hloc}"),
                    ));
                    false
                }
                None => true,
            }
        });
        for ((loc, _), (name, node)) in removed {
            self.push(
                "request-parameter-removed",
                &node.ptr,
                format!("{label}: {loc} parameter `{name}` removed"),
            );
        }
        for ((loc, _), (name, node)) in added {
            let required = loc == "path" || node.flag("required");
            let (id, how) = if required {
                ("new-required-request-parameter", "required")
            } else {
                ("new-optional-request-parameter", "optional")
            };
            self.push(
                id,
                &node.ptr,
                format!("{label}: {loc} parameter `{name}` added as {how}"),
            );
        }
        for (key, (name, hn)) in &hp {
            let Some((_, bn)) = bp.get(key) else { continue };
            self.parameter(label, &key.0, name, bn, hn);
        }
    }

    fn parameter(&mut self, label: &str, loc: &str, name: &str, b: &Node<'a>, h: &Node<'a>) {
        let what = format!("{label}: {loc} parameter `{name}`");
        let required = |n: &Node<'a>| loc == "path" || n.flag("required");
        match (required(b), required(h)) {
            (false, true) => self.push(
                "request-parameter-became-required",
                &h.ptr,
                format!("{what} became required"),
            ),
            (true, false) => self.push(
                "request-parameter-became-optional",
                &h.ptr,
                format!("{what} became optional"),
            ),
            _ => {}
        }
        let style = |n: &Node<'a>| {
            let default = if matches!(loc, "query" | "cookie") {
                "form"
            } else {
                "simple"
            };
            let style = n.str("style").unwrap_or(default).to_string();
            let explode = n
                .value
                .get("explode")
                .and_then(Value::as_bool)
                .unwrap_or(style == "form");
            (style, explode)
        };
        let (bs, hs) = (style(b), style(h));
        if bs != hs {
            self.push(
                "request-parameter-style-changed",
                &h.ptr,
                format!(
                    "{what}: style {}/explode {} → {}/explode {}",
                    bs.0, bs.1, hs.0, hs.1
                ),
            );
        }
        self.docs(b, h, &what);
        self.examples(b, h, &what);
        let schema_of = |n: &Node<'a>| -> Node<'a> {
            n.child("schema")
                .or_else(|| {
                    n.entries("content")
                        .into_values()
                        .next()
                        .and_then(|m| m.child("schema"))
                })
                .unwrap_or_else(|| Node::new(pointer::push(&n.ptr, "schema"), &EMPTY))
        };
        self.schema(
            Subject::RequestParameter,
            &format!("{label} parameter `{name}`"),
            schema_of(b),
            schema_of(h),
        );
    }

    fn request_body(&mut self, label: &str, b: &Op<'a>, h: &Op<'a>) {
        let bb = b.node.child("requestBody").map(|n| follow(self.b, n));
        let hb = h.node.child("requestBody").map(|n| follow(self.h, n));
        match (bb, hb) {
            (None, None) => {}
            (None, Some(hb)) => {
                let (id, how) = if hb.flag("required") {
                    ("request-body-added-required", "required")
                } else {
                    ("request-body-added-optional", "optional")
                };
                self.push(id, &hb.ptr, format!("{label}: request body added as {how}"));
            }
            (Some(bb), None) => self.push(
                "request-body-removed",
                &bb.ptr,
                format!("{label}: request body removed"),
            ),
            (Some(bb), Some(hb)) => {
                match (bb.flag("required"), hb.flag("required")) {
                    (false, true) => self.push(
                        "request-body-became-required",
                        &hb.ptr,
                        format!("{label}: request body became required"),
                    ),
                    (true, false) => self.push(
                        "request-body-became-optional",
                        &hb.ptr,
                        format!("{label}: request body became optional"),
                    ),
                    _ => {}
                }
                let what = format!("{label}: request body");
                self.docs(&bb, &hb, &what);
                self.content(&what, &bb, &hb, Direction::Request);
            }
        }
    }

    /// Media types of a request body or response, and their schemas.
    fn content(&mut self, what: &str, b: &Node<'a>, h: &Node<'a>, dir: Direction) {
        let media = |n: &Node<'a>| -> BTreeMap<String, Node<'a>> {
            n.entries("content")
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect()
        };
        let (bm, hm) = (media(b), media(h));
        let (added, removed, subject) = match dir {
            Direction::Request => (
                "request-body-media-type-added",
                "request-body-media-type-removed",
                Subject::RequestBody,
            ),
            Direction::Response => (
                "response-media-type-added",
                "response-media-type-removed",
                Subject::ResponseBody,
            ),
        };
        for (mt, node) in &bm {
            if !hm.contains_key(mt) {
                self.push(
                    removed,
                    &node.ptr,
                    format!("{what}: media type {mt} removed"),
                );
            }
        }
        for (mt, hn) in &hm {
            let Some(bn) = bm.get(mt) else {
                self.push(added, &hn.ptr, format!("{what}: media type {mt} added"));
                continue;
            };
            self.examples(bn, hn, &format!("{what} ({mt})"));
            let schema = |n: &Node<'a>| {
                n.child("schema")
                    .unwrap_or_else(|| Node::new(pointer::push(&n.ptr, "schema"), &EMPTY))
            };
            self.schema(subject, what, schema(bn), schema(hn));
        }
    }

    fn responses(&mut self, label: &str, b: &Op<'a>, h: &Op<'a>) {
        let codes = |op: &Op<'a>| -> BTreeMap<String, Node<'a>> {
            op.node
                .entries("responses")
                .into_iter()
                .map(|(k, v)| (k.to_ascii_uppercase(), v))
                .collect()
        };
        let (br, hr) = (codes(b), codes(h));
        for (code, node) in &br {
            if !hr.contains_key(code) {
                let id = if is_success(code) {
                    "response-success-status-removed"
                } else {
                    "response-non-success-status-removed"
                };
                self.push(id, &node.ptr, format!("{label}: response {code} removed"));
            }
        }
        for (code, hn) in &hr {
            let Some(bn) = br.get(code) else {
                let id = if is_success(code) {
                    "response-success-status-added"
                } else {
                    "response-non-success-status-added"
                };
                self.push(id, &hn.ptr, format!("{label}: response {code} added"));
                continue;
            };
            let (bn, hn) = (follow(self.b, bn.clone()), follow(self.h, hn.clone()));
            let what = format!("{label}: response {code}");
            self.docs(&bn, &hn, &what);
            self.response_headers(&what, &bn, &hn);
            self.content(&what, &bn, &hn, Direction::Response);
        }
    }

    fn response_headers(&mut self, what: &str, b: &Node<'a>, h: &Node<'a>) {
        let headers = |n: &Node<'a>| -> BTreeMap<String, (String, Node<'a>)> {
            n.entries("headers")
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), (k, v)))
                .collect()
        };
        let (bh, hh) = (headers(b), headers(h));
        for (key, (name, node)) in &bh {
            if !hh.contains_key(key) {
                self.push(
                    "response-header-removed",
                    &node.ptr,
                    format!("{what}: header {name} removed"),
                );
            }
        }
        for (key, (name, hn)) in &hh {
            match bh.get(key) {
                None => self.push(
                    "response-header-added",
                    &hn.ptr,
                    format!("{what}: header {name} added"),
                ),
                Some((_, bn)) => {
                    let (bn, hn) = (follow(self.b, bn.clone()), follow(self.h, hn.clone()));
                    self.docs(&bn, &hn, &format!("{what}: header {name}"));
                }
            }
        }
    }

    fn security(&mut self, label: &str, b: &Op<'a>, h: &Op<'a>) {
        let effective = |root: &'a Value, op: &Op<'a>| -> (Vec<SecurityReq>, String) {
            match op.node.value.get("security") {
                Some(list) => (
                    security_list(Some(list)),
                    pointer::push(&op.node.ptr, "security"),
                ),
                None => (security_list(root.get("security")), "/security".to_string()),
            }
        };
        let (bs, _) = effective(self.b, b);
        let (hs, hptr) = effective(self.h, h);
        let public = |reqs: &[SecurityReq]| reqs.is_empty() || reqs.iter().any(|r| r.is_empty());
        match (public(&bs), public(&hs)) {
            (true, false) => {
                self.push(
                    "api-security-added",
                    hptr,
                    format!("{label}: now requires authentication"),
                );
                return;
            }
            (false, true) => {
                self.push(
                    "api-security-removed",
                    hptr,
                    format!("{label}: no longer requires authentication"),
                );
                return;
            }
            _ => {}
        }
        let index = |reqs: &[SecurityReq]| -> BTreeMap<Vec<String>, SecurityReq> {
            reqs.iter()
                .filter(|r| !r.is_empty())
                .map(|r| (r.keys().cloned().collect(), r.clone()))
                .collect()
        };
        let (bi, hi) = (index(&bs), index(&hs));
        for key in bi.keys() {
            if !hi.contains_key(key) {
                self.push(
                    "api-security-requirement-removed",
                    hptr.clone(),
                    format!(
                        "{label}: security requirement [{}] removed",
                        key.join(" + ")
                    ),
                );
            }
        }
        for (key, hreq) in &hi {
            let Some(breq) = bi.get(key) else {
                self.push(
                    "api-security-requirement-added",
                    hptr.clone(),
                    format!("{label}: security requirement [{}] added", key.join(" + ")),
                );
                continue;
            };
            for (scheme, hscopes) in hreq {
                let bscopes = &breq[scheme];
                for scope in hscopes.difference(bscopes) {
                    self.push(
                        "api-security-scope-added",
                        hptr.clone(),
                        format!("{label}: `{scheme}` now needs scope `{scope}`"),
                    );
                }
                for scope in bscopes.difference(hscopes) {
                    self.push(
                        "api-security-scope-removed",
                        hptr.clone(),
                        format!("{label}: `{scheme}` no longer needs scope `{scope}`"),
                    );
                }
            }
        }
    }

    /// Compare two schemas reached as `subject`.
    fn schema(&mut self, subject: Subject, label: &str, b: Node<'a>, h: Node<'a>) {
        let bv = schema_view(self.b, b);
        let hv = schema_view(self.h, h);
        if !self.seen.insert((bv.ptr.clone(), hv.ptr.clone(), subject)) {
            return;
        }
        let label = hv
            .name
            .clone()
            .or_else(|| bv.name.clone())
            .unwrap_or_else(|| label.to_string());
        let at = hv.ptr.clone();
        if bv.ty != hv.ty {
            self.push_schema(
                subject,
                "type-changed",
                at,
                format!("{label}: type {} → {}", show(&bv.ty), show(&hv.ty)),
            );
            return;
        }
        self.keywords(subject, &label, &bv, &hv);
        if let (Some(bd), Some(hd)) = (&bv.doc, &hv.doc) {
            self.docs(bd, hd, &label);
            self.examples(bd, hd, &label);
        }
        self.properties(subject, &label, &bv, &hv);
        let nested = |side: &Option<Node<'a>>, ptr: &str, key: &str| {
            side.clone()
                .unwrap_or_else(|| Node::new(pointer::push(ptr, key), &EMPTY))
        };
        if bv.items.is_some() || hv.items.is_some() {
            self.schema(
                subject,
                &format!("{label}[]"),
                nested(&bv.items, &bv.ptr, "items"),
                nested(&hv.items, &hv.ptr, "items"),
            );
        }
        if let (Some(ba), Some(ha)) = (&bv.additional, &hv.additional) {
            self.schema(subject, &format!("{label}.*"), ba.clone(), ha.clone());
        }
        self.alternatives(subject, &label, &bv, &hv);
    }

    fn keywords(
        &mut self,
        subject: Subject,
        label: &str,
        bv: &SchemaView<'a>,
        hv: &SchemaView<'a>,
    ) {
        let at = hv.ptr.clone();
        match (&bv.format, &hv.format) {
            (None, Some(f)) => self.push_schema(
                subject,
                "format-added",
                &at,
                format!("{label}: format {f} added"),
            ),
            (Some(f), None) => self.push_schema(
                subject,
                "format-removed",
                &at,
                format!("{label}: format {f} removed"),
            ),
            (Some(x), Some(y)) if x != y => self.push_schema(
                subject,
                "format-changed",
                &at,
                format!("{label}: format {x} → {y}"),
            ),
            _ => {}
        }
        match (&bv.enum_values, &hv.enum_values) {
            (None, Some(_)) => {
                self.push_schema(subject, "enum-added", &at, format!("{label}: enum added"))
            }
            (Some(_), None) => self.push_schema(
                subject,
                "enum-removed",
                &at,
                format!("{label}: enum removed"),
            ),
            (Some(be), Some(he)) => {
                for gone in be.iter().filter(|v| !he.contains(v)) {
                    self.push_schema(
                        subject,
                        "enum-value-removed",
                        &at,
                        format!("{label}: enum value {gone} removed"),
                    );
                }
                for new in he.iter().filter(|v| !be.contains(v)) {
                    self.push_schema(
                        subject,
                        "enum-value-added",
                        &at,
                        format!("{label}: enum value {new} added"),
                    );
                }
            }
            (None, None) => {}
        }
        match (bv.nullable, hv.nullable) {
            (false, true) => self.push_schema(
                subject,
                "became-nullable",
                &at,
                format!("{label} became nullable"),
            ),
            (true, false) => self.push_schema(
                subject,
                "became-not-nullable",
                &at,
                format!("{label} is no longer nullable"),
            ),
            _ => {}
        }
        self.upper(
            subject,
            label,
            &at,
            "max-length",
            "maxLength",
            bv.max_length,
            hv.max_length,
        );
        self.lower(
            subject,
            label,
            &at,
            "min-length",
            "minLength",
            bv.min_length,
            hv.min_length,
        );
        self.upper(
            subject,
            label,
            &at,
            "max-items",
            "maxItems",
            bv.max_items,
            hv.max_items,
        );
        self.lower(
            subject,
            label,
            &at,
            "min-items",
            "minItems",
            bv.min_items,
            hv.min_items,
        );
        // Numeric bounds: a tighter maximum is smaller (or equal and now exclusive).
        let key = |b: &resolve::Bound, upper: bool| {
            let excl = if b.exclusive { 1.0 } else { 0.0 };
            if upper {
                (b.value, -excl)
            } else {
                (b.value, excl)
            }
        };
        let cmp = |x: (f64, f64), y: (f64, f64)| x.partial_cmp(&y);
        match (bv.maximum, hv.maximum) {
            (None, Some(y)) => self.push_schema(
                subject,
                "maximum-decreased",
                &at,
                format!("{label}: maximum set to {y} (was unbounded)"),
            ),
            (Some(x), None) => self.push_schema(
                subject,
                "maximum-increased",
                &at,
                format!("{label}: maximum {x} removed"),
            ),
            (Some(x), Some(y)) => match cmp(key(&y, true), key(&x, true)) {
                Some(std::cmp::Ordering::Less) => self.push_schema(
                    subject,
                    "maximum-decreased",
                    &at,
                    format!("{label}: maximum {x} → {y}"),
                ),
                Some(std::cmp::Ordering::Greater) => self.push_schema(
                    subject,
                    "maximum-increased",
                    &at,
                    format!("{label}: maximum {x} → {y}"),
                ),
                _ => {}
            },
            (None, None) => {}
        }
        match (bv.minimum, hv.minimum) {
            (None, Some(y)) => self.push_schema(
                subject,
                "minimum-increased",
                &at,
                format!("{label}: minimum set to {y} (was unbounded)"),
            ),
            (Some(x), None) => self.push_schema(
                subject,
                "minimum-decreased",
                &at,
                format!("{label}: minimum {x} removed"),
            ),
            (Some(x), Some(y)) => match cmp(key(&y, false), key(&x, false)) {
                Some(std::cmp::Ordering::Greater) => self.push_schema(
                    subject,
                    "minimum-increased",
                    &at,
                    format!("{label}: minimum {x} → {y}"),
                ),
                Some(std::cmp::Ordering::Less) => self.push_schema(
                    subject,
                    "minimum-decreased",
                    &at,
                    format!("{label}: minimum {x} → {y}"),
                ),
                _ => {}
            },
            (None, None) => {}
        }
        match (&bv.pattern, &hv.pattern) {
            (None, Some(p)) => self.push_schema(
                subject,
                "pattern-added",
                &at,
                format!("{label}: pattern `{p}` added"),
            ),
            (Some(p), None) => self.push_schema(
                subject,
                "pattern-removed",
                &at,
                format!("{label}: pattern `{p}` removed"),
            ),
            (Some(x), Some(y)) if x != y => self.push_schema(
                subject,
                "pattern-changed",
                &at,
                format!("{label}: pattern `{x}` → `{y}`"),
            ),
            _ => {}
        }
        if bv.default != hv.default {
            self.push_schema(
                subject,
                "default-changed",
                &at,
                format!(
                    "{label}: default {} → {}",
                    text(bv.default),
                    text(hv.default)
                ),
            );
        }
        if bv.deprecated != hv.deprecated {
            let how = if hv.deprecated {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.push("schema-deprecation-changed", &at, format!("{label} {how}"));
        }
    }

    /// An upper bound (`maxLength`, `maxItems`): setting one narrows, removing one widens.
    #[allow(clippy::too_many_arguments)]
    fn upper(
        &mut self,
        subject: Subject,
        label: &str,
        at: &str,
        rule: &str,
        keyword: &str,
        b: Option<u64>,
        h: Option<u64>,
    ) {
        let (suffix, what) = match (b, h) {
            (None, Some(y)) => ("decreased", format!("{keyword} set to {y} (was unbounded)")),
            (Some(x), None) => ("increased", format!("{keyword} {x} removed")),
            (Some(x), Some(y)) if y < x => ("decreased", format!("{keyword} {x} → {y}")),
            (Some(x), Some(y)) if y > x => ("increased", format!("{keyword} {x} → {y}")),
            _ => return,
        };
        self.push_schema(
            subject,
            &format!("{rule}-{suffix}"),
            at,
            format!("{label}: {what}"),
        );
    }

    /// A lower bound (`minLength`, `minItems`): setting one narrows, removing one widens.
    #[allow(clippy::too_many_arguments)]
    fn lower(
        &mut self,
        subject: Subject,
        label: &str,
        at: &str,
        rule: &str,
        keyword: &str,
        b: Option<u64>,
        h: Option<u64>,
    ) {
        let (suffix, what) = match (b, h) {
            (None, Some(y)) => ("increased", format!("{keyword} set to {y} (was 0)")),
            (Some(x), None) => ("decreased", format!("{keyword} {x} removed")),
            (Some(x), Some(y)) if y > x => ("increased", format!("{keyword} {x} → {y}")),
            (Some(x), Some(y)) if y < x => ("decreased", format!("{keyword} {x} → {y}")),
            _ => return,
        };
        self.push_schema(
            subject,
            &format!("{rule}-{suffix}"),
            at,
            format!("{label}: {what}"),
        );
    }

    fn properties(
        &mut self,
        subject: Subject,
        label: &str,
        bv: &SchemaView<'a>,
        hv: &SchemaView<'a>,
    ) {
        let dir = subject.direction();
        let nested = subject.property();
        // readOnly properties never travel in requests, writeOnly ones never in responses.
        let travels = |view: &SchemaView<'_>| match dir {
            Direction::Request => !view.read_only,
            Direction::Response => !view.write_only,
        };
        let names: BTreeSet<&String> = bv.properties.keys().chain(hv.properties.keys()).collect();
        for name in names {
            let what = format!("{label}.{name}");
            let bp = bv
                .properties
                .get(name)
                .filter(|n| travels(&schema_view(self.b, (*n).clone())));
            let hp = hv
                .properties
                .get(name)
                .filter(|n| travels(&schema_view(self.h, (*n).clone())));
            let (breq, hreq) = (bv.required.contains(name), hv.required.contains(name));
            match (bp, hp) {
                (None, None) => {}
                (None, Some(hp)) => {
                    let ty = show(&schema_view(self.h, hp.clone()).ty);
                    let (id, how) = match (dir, hreq) {
                        (Direction::Request, true) => ("new-required-request-property", "required"),
                        (Direction::Request, false) => {
                            ("new-optional-request-property", "optional")
                        }
                        (Direction::Response, true) => ("response-property-added", "required"),
                        (Direction::Response, false) => ("response-property-added", "optional"),
                    };
                    self.push(id, &hp.ptr, format!("{what} ({ty}) added as {how}"));
                }
                (Some(bp), None) => {
                    let id = match dir {
                        Direction::Request => "request-property-removed",
                        Direction::Response => "response-property-removed",
                    };
                    self.push(id, &bp.ptr, format!("{what} removed"));
                }
                (Some(bp), Some(hp)) => {
                    let id = match (dir, breq, hreq) {
                        (Direction::Request, false, true) => {
                            Some(("request-property-became-required", "became required"))
                        }
                        (Direction::Request, true, false) => {
                            Some(("request-property-became-optional", "became optional"))
                        }
                        (Direction::Response, false, true) => {
                            Some(("response-property-became-required", "became required"))
                        }
                        (Direction::Response, true, false) => {
                            Some(("response-property-became-optional", "became optional"))
                        }
                        _ => None,
                    };
                    if let Some((id, how)) = id {
                        self.push(id, &hp.ptr, format!("{what} {how}"));
                    }
                    self.schema(nested, &what, bp.clone(), hp.clone());
                }
            }
        }
    }

    fn alternatives(
        &mut self,
        subject: Subject,
        label: &str,
        bv: &SchemaView<'a>,
        hv: &SchemaView<'a>,
    ) {
        for (key, node) in &bv.alternatives {
            if !hv.alternatives.contains_key(key) {
                self.push_schema(
                    subject,
                    "alternative-removed",
                    &node.ptr,
                    format!("{label}: alternative {key} removed"),
                );
            }
        }
        for (key, hn) in &hv.alternatives {
            match bv.alternatives.get(key) {
                None => self.push_schema(
                    subject,
                    "alternative-added",
                    &hn.ptr,
                    format!("{label}: alternative {key} added"),
                ),
                Some(bn) => self.schema(subject, &format!("{label}|{key}"), bn.clone(), hn.clone()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates() {
        assert_eq!(
            template_params("/v3/{project_id}/x/{id}"),
            ["project_id", "id"]
        );
        assert_eq!(normalized_path("/v3/{project_id}/x/{id}"), "/v3/{}/x/{}");
        assert_eq!(normalized_path("/plain"), "/plain");
    }
}
