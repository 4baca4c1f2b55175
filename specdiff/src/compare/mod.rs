//! Comparison: walk both documents from their operations, pairing what corresponds, and
//! emit one classified [`Change`] per difference.
//!
//! Schemas are compared in the direction they are reached from (request or response), so a
//! schema used on both sides is walked once per direction and gets both sets of rules.
//! Every (base schema, head schema, subject) pair is walked at most once, which both guards
//! against recursive schemas and avoids repeating a change for every operation that shares
//! a component.
//!
//! One submodule per part of the document:
//!
//! * [`toplevel`]: servers, security schemes and component schemas no operation uses;
//! * [`operations`]: operations matched by method and path, their ids, deprecation and
//!   security requirements;
//! * [`parameters`]: an operation's effective parameters, matched by location and name;
//! * [`bodies`]: request bodies, responses, their media types and response headers;
//! * [`schemas`]: two schemas reached as the same subject, their properties and
//!   `oneOf`/`anyOf` alternatives;
//! * [`keywords`]: the constraint keywords of two schemas (format, enum, bounds, pattern, ...).
//!
//! This module holds the walker itself and the documentation rules every part shares.

mod bodies;
mod keywords;
mod operations;
mod parameters;
mod schemas;
mod toplevel;

use crate::load::Document;
use crate::resolve::{Node, Resolver, pointer};
use crate::rules::{Change, Subject};
use serde_json::Value;
use std::collections::BTreeSet;

/// Compare two documents; the changes come back sorted and without duplicates.
pub fn compare(base: &Document, head: &Document) -> Vec<Change> {
    let mut walker = Walker {
        b: &base.root,
        h: &head.root,
        rb: Resolver::new(&base.root),
        rh: Resolver::new(&head.root),
        out: Vec::new(),
        seen: BTreeSet::new(),
        pending: Vec::new(),
    };
    walker.document();
    let mut out = walker.out;
    // A 3.1 schema the normalization moved is reported where it is written.
    for change in &mut out {
        let side = if head.root.pointer(&change.pointer).is_some() {
            head
        } else {
            base
        };
        change.pointer = side.origins.original(&change.pointer);
    }
    out.sort();
    out.dedup();
    out
}

struct Walker<'a> {
    b: &'a Value,
    h: &'a Value,
    /// Resolves the base's `$ref`s (remembering each chain).
    rb: Resolver<'a>,
    /// Resolves the head's `$ref`s.
    rh: Resolver<'a>,
    out: Vec<Change>,
    /// The (base schema, head schema, subject, place) pairs walked so far: the place is the
    /// pointer where a pair that reaches different schemas is used (each such place is its
    /// own change), empty otherwise.
    seen: BTreeSet<(String, String, Subject, String)>,
    /// Schema pairs found inside the schemas being compared and not compared yet: nested
    /// schemas go here instead of being compared recursively, so any depth uses heap, not
    /// stack (see [`schemas`]).
    pending: Vec<SchemaPair<'a>>,
}

/// Two schemas to compare as `subject`, labelled for messages.
struct SchemaPair<'a> {
    subject: Subject,
    label: String,
    b: Node<'a>,
    h: Node<'a>,
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
}
