//! Document-level objects: servers (and their variables), security schemes, and component
//! schemas that no operation uses (only reported as added or removed).

use super::{Walker, text};
use crate::resolve::{self, Node, pointer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

impl<'a> Walker<'a> {
    pub(super) fn servers(&mut self, b: &Node<'a>, h: &Node<'a>) {
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

    pub(super) fn security_schemes(&mut self, b: &Node<'a>, h: &Node<'a>) {
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
            let (bn, hn) = (self.rb.follow(bn.clone()), self.rh.follow(hn.clone()));
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

    pub(super) fn unused_components(&mut self) {
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
}
