//! Usage: marks which types are reachable from requests and from responses, so that
//! emit derives only the serde traits each type needs.

use crate::model::*;
use std::collections::BTreeMap;

/// Marks which types are reachable from requests and from responses.
pub(super) fn mark_usage(types: &mut [TypeDef], ops: &[Operation]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut req = Vec::new();
    let mut resp = Vec::new();
    for op in ops {
        for p in &op.params {
            collect_named(&p.ty, &mut req);
        }
        if let Some(b) = &op.body {
            collect_named(&b.ty, &mut req);
        }
        let error_types = op.errors.iter().filter_map(|e| e.ty.as_ref());
        for t in op.success.ty.iter().chain(error_types) {
            collect_named(t, &mut resp);
        }
    }
    for (roots, is_req) in [(req, true), (resp, false)] {
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            let Some(&i) = index.get(&name) else { continue };
            let flag = if is_req {
                &mut types[i].in_request
            } else {
                &mut types[i].in_response
            };
            if *flag {
                continue;
            }
            *flag = true;
            for r in refs_of(&types[i].kind) {
                collect_named(r, &mut stack);
            }
        }
    }
}

pub(super) fn refs_of(kind: &TypeKind) -> Vec<&TypeRef> {
    match kind {
        TypeKind::Struct { fields, additional } => fields
            .iter()
            .map(|f| &f.ty)
            .chain(additional.iter())
            .collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(t) => vec![t],
        TypeKind::Enum { .. } => vec![],
    }
}

pub(super) fn collect_named(t: &TypeRef, out: &mut Vec<String>) {
    match t {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Nullable(i) => {
            collect_named(i, out)
        }
        _ => {}
    }
}
