//! Operations: matched by method and by path with parameter names erased; their
//! operationId, deprecation, documentation and security requirements. Each matched pair is
//! handed on to the parameter, request-body and response comparisons.

use super::{Walker, show};
use crate::resolve::{Node, Resolver, pointer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(super) struct Op<'a> {
    pub(super) path: String,
    pub(super) method: &'static str,
    pub(super) node: Node<'a>,
    pub(super) path_item: Node<'a>,
}

impl Op<'_> {
    pub(super) fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

/// Template parameter names of a path, in order: the generator's own reading of templates.
pub(super) use hcgen_codegen::lower::template_params;

/// A path with its template parameter names erased (`/a/{x}` → `/a/{}`).
fn normalized_path(path: &str) -> String {
    let mut out = path.to_string();
    for name in template_params(path) {
        out = out.replacen(&format!("{{{name}}}"), "{}", 1);
    }
    out
}

fn operations<'a>(resolver: &Resolver<'a>) -> BTreeMap<(String, &'static str), Op<'a>> {
    let mut out = BTreeMap::new();
    let paths = Node::new("", resolver.root()).entries("paths");
    for (path, item) in paths {
        let item = resolver.follow(item);
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
    pub(super) fn operations(&mut self) {
        let (bops, hops) = (operations(&self.rb), operations(&self.rh));
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

    pub(super) fn operation(&mut self, b: &Op<'a>, h: &Op<'a>) {
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

    pub(super) fn security(&mut self, label: &str, b: &Op<'a>, h: &Op<'a>) {
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
