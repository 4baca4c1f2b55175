//! Schemas: two normalized schemas reached as the same subject; their type, keywords and
//! docs, then their properties (with requiredness and `readOnly`/`writeOnly` by direction),
//! `items`, schema-valued `additionalProperties` and `oneOf`/`anyOf` alternatives.

use super::{SchemaPair, Walker, show};
use crate::resolve::{EMPTY, Node, Resolver, SchemaView, pointer};
use crate::rules::{Direction, Subject};
use std::collections::BTreeSet;

impl<'a> Walker<'a> {
    /// Compare two schemas reached as `subject`, and every pair of schemas nested in them.
    pub(super) fn schema(&mut self, subject: Subject, label: &str, b: Node<'a>, h: Node<'a>) {
        self.nested(subject, label, b, h);
        while let Some(pair) = self.pending.pop() {
            self.schema_pair(pair);
        }
    }

    /// A pair of nested schemas to compare after the current one.
    fn nested(&mut self, subject: Subject, label: &str, b: Node<'a>, h: Node<'a>) {
        self.pending.push(SchemaPair {
            subject,
            label: label.to_string(),
            b,
            h,
        });
    }

    /// Compare one pair of schemas; the schemas nested in them are queued.
    fn schema_pair(&mut self, pair: SchemaPair<'a>) {
        let SchemaPair {
            subject,
            label,
            b,
            h,
        } = pair;
        // Resolving is cheap (remembered); building a view is not (an `allOf` chain): a pair
        // already walked is skipped before its views are built.
        let resolved = |r: &Resolver<'a>, n: &Node<'a>| {
            r.resolve(n.clone())
                .map(|(node, name)| (node.ptr, name))
                .unwrap_or_else(|_| (n.ptr.clone(), None))
        };
        let ((bptr, bname), (hptr, hname)) = (resolved(&self.rb, &b), resolved(&self.rh, &h));
        // The place now reaches another schema (a component for an inline schema, or another
        // component): what changed is this place, not the component it reaches, and each
        // place that changed is its own row.
        let swapped = bname != hname;
        let site = if swapped {
            h.ptr.clone()
        } else {
            String::new()
        };
        if !self.seen.insert((bptr, hptr, subject, site)) {
            return;
        }
        let (label, at) = if swapped {
            let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "inline schema".to_owned());
            (
                format!("{label} ({} → {})", name(&bname), name(&hname)),
                h.ptr.clone(),
            )
        } else {
            (hname.clone().unwrap_or(label), String::new())
        };
        let bv = self.rb.schema_view(b);
        let hv = self.rh.schema_view(h);
        let at = if swapped { at } else { hv.ptr.clone() };
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
            self.nested(
                subject,
                &format!("{label}[]"),
                nested(&bv.items, &bv.ptr, "items"),
                nested(&hv.items, &hv.ptr, "items"),
            );
        }
        if let (Some(ba), Some(ha)) = (&bv.additional, &hv.additional) {
            self.nested(subject, &format!("{label}.*"), ba.clone(), ha.clone());
        }
        self.alternatives(subject, &label, &bv, &hv);
    }

    pub(super) fn properties(
        &mut self,
        subject: Subject,
        label: &str,
        bv: &SchemaView<'a>,
        hv: &SchemaView<'a>,
    ) {
        let dir = subject.direction();
        let nested = subject.property();
        // readOnly properties never travel in requests, writeOnly ones never in responses
        // (the schema's own flags, as in its view, without building the view).
        let travels = |resolver: &Resolver<'a>, node: &Node<'a>| {
            let node = resolver.follow(node.clone());
            match dir {
                Direction::Request => !node.flag("readOnly"),
                Direction::Response => !node.flag("writeOnly"),
            }
        };
        let names: BTreeSet<&String> = bv.properties.keys().chain(hv.properties.keys()).collect();
        for name in names {
            let what = format!("{label}.{name}");
            let bp = bv.properties.get(name).filter(|n| travels(&self.rb, n));
            let hp = hv.properties.get(name).filter(|n| travels(&self.rh, n));
            let (breq, hreq) = (bv.required.contains(name), hv.required.contains(name));
            match (bp, hp) {
                (None, None) => {}
                (None, Some(hp)) => {
                    let ty = show(&self.rh.schema_view(hp.clone()).ty);
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
                    self.nested(nested, &what, bp.clone(), hp.clone());
                }
            }
        }
    }

    pub(super) fn alternatives(
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
                Some(bn) => self.nested(subject, &format!("{label}|{key}"), bn.clone(), hn.clone()),
            }
        }
    }
}
