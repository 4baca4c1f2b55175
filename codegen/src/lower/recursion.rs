//! Recursion: boxes every direct field or variant reference through which a type reaches
//! itself again, so that recursive types have a finite size (an alias of a named type stays
//! that type); refuses type aliases that
//! reach themselves only through aliases (Rust cannot expand such an alias, E0391).
//!
//! Both work on the strongly connected components of the reference graph (computed
//! without recursion), so their cost is linear in the number of references.

use super::usage::{collect_named, refs_of};
use crate::emit::type_crates::components_in_dependency_order;
use crate::error::{Error, ErrorKind, Warning};
use crate::model::*;
use std::collections::BTreeMap;

/// For each type, the index of its strongly connected component in the graph whose edges
/// are `edges(type)` (names of other types; unknown names are ignored).
fn component_of(types: &[TypeDef], edges: impl Fn(&TypeDef) -> Vec<String>) -> Vec<usize> {
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let graph: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            edges(t)
                .iter()
                .filter_map(|n| index.get(n.as_str()).copied())
                .collect()
        })
        .collect();
    let mut component = vec![0; types.len()];
    for (c, members) in components_in_dependency_order(&graph).iter().enumerate() {
        for &m in members {
            component[m] = c;
        }
    }
    component
}

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

/// Boxes every direct field or variant reference that can reach its own type again: the
/// reference `A -> B` is an edge, so `B` reaches `A` exactly when both are in one component.
pub(super) fn box_recursive_fields(types: &mut [TypeDef]) {
    let component = component_of(types, |t| direct_refs(&t.kind));
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    for (i, t) in types.iter_mut().enumerate() {
        let fix = |ty: &mut TypeRef| {
            if let TypeRef::Named(n) = ty
                && index
                    .get(n.as_str())
                    .is_some_and(|&j| component[j] == component[i])
            {
                *ty = TypeRef::Boxed(Box::new(ty.clone()));
            }
        };
        match &mut t.kind {
            TypeKind::Struct { fields, .. } => fields.iter_mut().for_each(|f| fix(&mut f.ty)),
            TypeKind::Union { variants, .. } => variants.iter_mut().for_each(|v| fix(&mut v.ty)),
            // An alias of a named type is that type under another name: boxing it would make
            // it another type (`Box<T>`, not `T`). Every field and variant on the cycle is
            // boxed, which is enough: a cycle of aliases alone is refused.
            TypeKind::Alias(TypeRef::Named(_)) => {}
            TypeKind::Alias(ty) => fix(ty),
            TypeKind::Enum { .. } => {}
        }
    }
}

/// The named types an alias is (directly or inside `Vec`, map or `Option`), among `aliases`.
fn alias_targets(t: &TypeDef, is_alias: &BTreeMap<String, bool>) -> Vec<String> {
    let TypeKind::Alias(ty) = &t.kind else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect_named(ty, &mut out);
    out.retain(|n| is_alias.get(n) == Some(&true));
    out
}

/// The aliases that are on a cycle of aliases, by the index of their cycle.
fn alias_cycles(types: &[TypeDef]) -> BTreeMap<usize, Vec<usize>> {
    let is_alias: BTreeMap<String, bool> = types
        .iter()
        .map(|t| (t.name.clone(), matches!(t.kind, TypeKind::Alias(_))))
        .collect();
    let component = component_of(types, |t| alias_targets(t, &is_alias));
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, &c) in component.iter().enumerate() {
        members.entry(c).or_default().push(i);
    }
    members.retain(|_, m| {
        m.len() > 1 || alias_targets(&types[m[0]], &is_alias).contains(&types[m[0]].name)
    });
    members
}

/// Replaces every named type in `ty` that is in `cycle` by a JSON value.
fn replace_named(ty: &mut TypeRef, cycle: &[String]) {
    match ty {
        TypeRef::Named(n) if cycle.contains(n) => *ty = TypeRef::Json,
        TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Boxed(i) | TypeRef::Nullable(i) => {
            replace_named(i, cycle)
        }
        _ => {}
    }
}

/// Type aliases cannot refer to themselves (E0391). An alias that is an array, map or
/// nullable of an alias on its own cycle (`A` is `Vec<A>`) has the back reference typed as
/// any JSON value, with a warning; aliases that are only each other (`A` is `B`, `B` is
/// `A`) have no definition at all: an error naming the schemas on the cycle.
pub(super) fn break_alias_cycles(
    types: &mut [TypeDef],
    file: &str,
    warnings: &mut Vec<Warning>,
) -> Result<(), Error> {
    for cycle in alias_cycles(types).values() {
        let names: Vec<String> = cycle.iter().map(|&i| types[i].name.clone()).collect();
        for &i in cycle {
            let t = &mut types[i];
            if let TypeKind::Alias(ty) = &mut t.kind
                && !matches!(ty, TypeRef::Named(_))
            {
                replace_named(ty, &names);
                warnings.push(Warning {
                    pointer: t.pointer.clone(),
                    message: "this schema contains itself through arrays or maps only (no object between); the inner values are decoded as any JSON value".to_owned(),
                });
            }
        }
    }
    if let Some(cycle) = alias_cycles(types).values().next() {
        let first = &types[cycle[0]];
        let pointers: Vec<String> = cycle
            .iter()
            .map(|&i| format!("#{}", types[i].pointer))
            .collect();
        return Err(Error::at(
            ErrorKind::DanglingRef,
            file,
            &first.pointer,
            format!(
                "these schemas are each only another of them (through `$ref` or a one-part `allOf`), so none has a definition: {}",
                pointers.join(", ")
            ),
        ));
    }
    Ok(())
}
