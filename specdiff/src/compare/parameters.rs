//! Parameters: the effective parameters of an operation (path-level and operation-level
//! merged), matched by location and name (path parameters by template position, header
//! names ignoring case); moves between locations, requiredness, style/explode and schemas.

use super::Walker;
use super::operations::{Op, template_params};
use crate::resolve::{EMPTY, Node, Resolver, pointer};
use crate::rules::{Change, Subject};
use serde_json::Value;
use std::collections::BTreeMap;

impl<'a> Walker<'a> {
    /// Effective parameters keyed by (location, name) — path parameters by their position
    /// in the template, so a rename pairs them — with their display name.
    pub(super) fn params(
        resolver: &Resolver<'a>,
        op: &Op<'a>,
    ) -> BTreeMap<(String, String), (String, Node<'a>)> {
        let template = template_params(&op.path);
        let mut out = BTreeMap::new();
        for list in [
            op.path_item.items("parameters"),
            op.node.items("parameters"),
        ] {
            for p in list {
                let p = resolver.follow(p);
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

    pub(super) fn parameters(&mut self, label: &str, b: &Op<'a>, h: &Op<'a>) {
        let bp = Self::params(&self.rb, b);
        let hp = Self::params(&self.rh, h);
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

    pub(super) fn parameter(
        &mut self,
        label: &str,
        loc: &str,
        name: &str,
        b: &Node<'a>,
        h: &Node<'a>,
    ) {
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
        // `explode`, and the styles for arrays (`spaceDelimited`, `pipeDelimited`) and objects
        // (`deepObject`), change nothing for a primitive value: `id=5` is `id=5` either way.
        // Only a path parameter's `label` and `matrix` styles change how one is written.
        let primitive = |n: &Node<'a>, r: &crate::resolve::Resolver<'a>| {
            let ty = r.schema_view(schema_of(n)).ty;
            matches!(
                ty.as_deref(),
                Some("string" | "integer" | "number" | "boolean")
            )
        };
        let (bs, hs) = (style(b), style(h));
        let on_the_wire = |s: &(String, bool)| -> String {
            let affects = loc == "path" && matches!(s.0.as_str(), "label" | "matrix");
            if affects { s.0.clone() } else { String::new() }
        };
        let differs = if primitive(b, &self.rb) && primitive(h, &self.rh) {
            on_the_wire(&bs) != on_the_wire(&hs)
        } else {
            bs != hs
        };
        if differs {
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
        self.schema(
            Subject::RequestParameter,
            &format!("{label} parameter `{name}`"),
            schema_of(b),
            schema_of(h),
        );
    }
}
