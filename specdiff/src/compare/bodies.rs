//! Request bodies and responses: presence and requiredness, status codes, response
//! headers, and media types with their schemas (walked as request or response bodies).

use super::Walker;
use super::operations::Op;
use crate::resolve::{EMPTY, Node, pointer};
use crate::rules::{Direction, Subject};
use std::collections::BTreeMap;

fn is_success(code: &str) -> bool {
    code.starts_with('2')
}

impl<'a> Walker<'a> {
    pub(super) fn request_body(&mut self, label: &str, b: &Op<'a>, h: &Op<'a>) {
        let bb = b.node.child("requestBody").map(|n| self.rb.follow(n));
        let hb = h.node.child("requestBody").map(|n| self.rh.follow(n));
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
    pub(super) fn content(&mut self, what: &str, b: &Node<'a>, h: &Node<'a>, dir: Direction) {
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

    pub(super) fn responses(&mut self, label: &str, b: &Op<'a>, h: &Op<'a>) {
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
            let (bn, hn) = (self.rb.follow(bn.clone()), self.rh.follow(hn.clone()));
            let what = format!("{label}: response {code}");
            self.docs(&bn, &hn, &what);
            self.response_headers(&what, &bn, &hn);
            self.content(&what, &bn, &hn, Direction::Response);
        }
    }

    pub(super) fn response_headers(&mut self, what: &str, b: &Node<'a>, h: &Node<'a>) {
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
                    let (bn, hn) = (self.rb.follow(bn.clone()), self.rh.follow(hn.clone()));
                    self.docs(&bn, &hn, &format!("{what}: header {name}"));
                }
            }
        }
    }
}
