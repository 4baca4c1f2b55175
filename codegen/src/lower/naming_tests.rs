//! Names depend only on a schema's own place: identical inline shapes share one definition,
//! but every place keeps its own name (an alias of the first), so adding a schema renames
//! nothing that exists.

use crate::model::{Api, TypeKind, TypeRef};
use std::collections::BTreeMap;

fn lower(schemas: &str) -> Api {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    );
    let loaded = crate::load::load_str("t.yaml", &text).unwrap();
    super::lower(&loaded).unwrap().0
}

/// The type `name` denotes in `api`, after aliases of named types.
fn denoted(api: &Api, name: &str) -> String {
    let mut name = name.to_owned();
    for _ in 0..16 {
        match api.types.iter().find(|t| t.name == name).map(|t| &t.kind) {
            Some(TypeKind::Alias(TypeRef::Named(next))) => name = next.clone(),
            _ => break,
        }
    }
    name
}

/// `ty` with every named type replaced by the type it denotes in `api`.
fn denoted_ref(api: &Api, ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Named(n) => TypeRef::Named(denoted(api, n)),
        TypeRef::Array(i) => TypeRef::Array(Box::new(denoted_ref(api, i))),
        TypeRef::Map(i) => TypeRef::Map(Box::new(denoted_ref(api, i))),
        TypeRef::Boxed(i) => TypeRef::Boxed(Box::new(denoted_ref(api, i))),
        TypeRef::Nullable(i) => TypeRef::Nullable(Box::new(denoted_ref(api, i))),
        other => other.clone(),
    }
}

/// Each struct's fields with their types, by (struct name, field name).
fn field_types(api: &Api) -> BTreeMap<(String, String), TypeRef> {
    let mut out = BTreeMap::new();
    for t in &api.types {
        if let TypeKind::Struct { fields, .. } = &t.kind {
            for f in fields {
                out.insert((t.name.clone(), f.rust_name.clone()), f.ty.clone());
            }
        }
    }
    out
}

const BEE: &str = "    Bee: {type: object, properties: {spec: {type: string, enum: [small, large]}, home: {type: object, properties: {size: {type: string, enum: [small, large]}}}}}\n";
const ANT: &str = "    Ant: {type: object, properties: {spec: {type: string, enum: [small, large]}, home: {type: object, properties: {size: {type: string, enum: [small, large]}}}}}\n";

#[test]
fn identical_inline_shapes_keep_their_own_names_as_aliases_of_the_first() {
    let api = lower(&format!("{BEE}{ANT}"));
    let kind = |name: &str| {
        &api.types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
            .kind
    };
    // `Ant` sorts first: its shapes are met first and have the definitions.
    assert!(matches!(kind("AntSpec"), TypeKind::Enum { .. }));
    assert!(matches!(kind("AntHome"), TypeKind::Struct { .. }));
    assert_eq!(
        kind("BeeSpec"),
        &TypeKind::Alias(TypeRef::Named("AntSpec".into()))
    );
    assert_eq!(
        kind("BeeHome"),
        &TypeKind::Alias(TypeRef::Named("AntHome".into()))
    );
    // Nested shapes of an alias get their own names too; the same enum one level down is
    // also the same shape as `AntSpec`.
    assert_eq!(
        kind("BeeHomeSize"),
        &TypeKind::Alias(TypeRef::Named("AntSpec".into()))
    );
    assert_eq!(
        kind("AntHomeSize"),
        &TypeKind::Alias(TypeRef::Named("AntSpec".into()))
    );
}

#[test]
fn adding_a_schema_with_the_same_shapes_renames_nothing() {
    let base = lower(BEE);
    let head = lower(&format!("{BEE}{ANT}"));
    let names = |api: &Api| -> Vec<String> { api.types.iter().map(|t| t.name.clone()).collect() };
    for name in names(&base) {
        assert!(names(&head).contains(&name), "{name} is gone");
    }
    // Every field of the base still has the same type in the head: the struct and the field
    // type may now be aliases, but they denote the same types as the head's definitions.
    let h = field_types(&head);
    for ((strukt, field), ty) in field_types(&base) {
        let in_head = h
            .get(&(denoted(&head, &strukt), field.clone()))
            .unwrap_or_else(|| panic!("{strukt}.{field} is gone"));
        assert_eq!(
            denoted_ref(&head, &ty),
            denoted_ref(&head, in_head),
            "{strukt}.{field}"
        );
    }
}

#[test]
fn an_alias_on_a_cycle_stays_the_type_it_names() {
    // `Node.next` and `Tree.next` are the same inline shape, which contains `Node` again.
    let api = lower(
        "    Node: {type: object, properties: {next: {type: object, properties: {node: {$ref: '#/components/schemas/Node'}}}}}\n    Tree: {type: object, properties: {next: {type: object, properties: {node: {$ref: '#/components/schemas/Node'}}}}}\n",
    );
    let tree_next = api.types.iter().find(|t| t.name == "TreeNext").unwrap();
    assert_eq!(
        tree_next.kind,
        TypeKind::Alias(TypeRef::Named("NodeNext".into()))
    );
    // The cycle is broken at a field, not by boxing the alias.
    let node = api.types.iter().find(|t| t.name == "Node").unwrap();
    let TypeKind::Struct { fields, .. } = &node.kind else {
        panic!("{node:?}")
    };
    assert!(matches!(fields[0].ty, TypeRef::Boxed(_)), "{fields:?}");
}
