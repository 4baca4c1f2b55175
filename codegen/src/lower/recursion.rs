//! Recursion: boxes every direct field or variant reference through which a type reaches
//! itself again, so that recursive types have a finite size.

use super::usage::refs_of;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// Direct (unboxed, not behind Vec/Map) named references of a type.
fn direct_refs(kind: &TypeKind) -> Vec<String> {
    let mut out = Vec::new();
    for r in refs_of(kind) {
        if let TypeRef::Named(n) = r {
            out.push(n.clone());
        }
    }
    out
}

/// Boxes every direct field or variant reference that can reach its own type again.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let graph: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|t| (t.name.clone(), direct_refs(&t.kind)))
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !seen.insert(n.clone()) {
                continue;
            }
            if let Some(next) = graph.get(&n) {
                stack.extend(next.iter().cloned());
            }
        }
        false
    };
    for t in types.iter_mut() {
        let own = t.name.clone();
        let fix = |ty: &mut TypeRef| {
            if let TypeRef::Named(n) = ty
                && reaches(n, &own)
            {
                *ty = TypeRef::Boxed(Box::new(ty.clone()));
            }
        };
        match &mut t.kind {
            TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| fix(&mut f.ty)),
            TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|v| fix(&mut v.ty)),
            TypeKind::Alias(ty) => fix(ty),
            TypeKind::Enum { .. } => {}
        }
    }
}
