//! Reference resolution: `$ref`s to component schemas, parameters, request bodies and
//! responses, each to what it points to or an error naming the pointer.
//!
//! A reference is a URI fragment holding a JSON pointer: it is percent-decoded (RFC 3986),
//! then split into tokens and each token unescaped (`~1` is `/`, `~0` is `~`, RFC 6901), so
//! `#/components/schemas/a~1b` names the schema `a/b`. Chains of references (a component
//! that is itself a `$ref`) are followed iteratively; a chain that comes back to a component
//! it has passed is a reference cycle, an error naming the pointer that closes it.

use super::*;
use crate::pointer::local_pointer_tokens;
use indexmap::IndexMap;
use openapiv3::{Components, Parameter};

/// The key in `#/components/{section}/{key}`, unescaped, or `None` when the reference
/// does not have that form.
fn component_key(reference: &str, section: &str) -> Option<String> {
    let tokens = local_pointer_tokens(reference)?;
    match <[String; 3]>::try_from(tokens) {
        Ok([components, s, key]) if components == "components" && s == section => Some(key),
        _ => None,
    }
}

impl<'a> Cx<'a> {
    pub(super) fn component_schema(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.doc.components.as_ref()?.schemas.get(key)
    }

    fn dangling(&self, reference: &str, at: &str) -> Error {
        self.err(
            ErrorKind::DanglingRef,
            at,
            format!("`$ref: {reference}` points to nothing in this document"),
        )
    }

    /// Resolves a schema reference to the component key, or errors naming `at`.
    pub(super) fn ref_key(&self, reference: &str, at: &str) -> Result<&'a str, Error> {
        let local = local_pointer_tokens(reference)
            .is_some_and(|t| t.len() >= 2 && t[0] == "components" && t[1] == "schemas");
        if !local && !reference.starts_with(SCHEMA_PREFIX) {
            return Err(self.err(
                ErrorKind::Unsupported,
                at,
                format!(
                    "`$ref: {reference}` is not supported: only local references to #/components/schemas/ are"
                ),
            ));
        }
        component_key(reference, "schemas")
            .and_then(|key| {
                let schemas = &self.doc.components.as_ref()?.schemas;
                Some(schemas.get_key_value(&key)?.0.as_str())
            })
            .ok_or_else(|| self.dangling(reference, at))
    }

    /// Follows `$ref` chains to an inline schema. Errors on dangling refs and pure cycles.
    pub(super) fn deref_schema(
        &self,
        r: SchemaRef<'a>,
        at: &str,
    ) -> Result<(&'a Schema, String), Error> {
        let mut current = r;
        let mut pointer = at.to_owned();
        let mut seen = BTreeSet::new();
        loop {
            match current {
                SchemaRef::Inline(s) => return Ok((s, pointer)),
                SchemaRef::Ref(reference) => {
                    let key = self.ref_key(reference, &pointer)?;
                    if !seen.insert(key) {
                        return Err(self.err(
                            ErrorKind::DanglingRef,
                            at,
                            format!("`$ref: {reference}` is part of a reference cycle with no schema in it"),
                        ));
                    }
                    pointer = ptr("/components/schemas", &[key]);
                    let Some(next) = self.component_schema(key) else {
                        return Err(self.dangling(reference, at));
                    };
                    current = view(next);
                }
            }
        }
    }

    /// Follows a chain of `$ref`s through `#/components/{section}` to an item, with the
    /// pointer of that item. A dangling reference is an error at the pointer holding it; a
    /// chain that comes back to a component is a cycle, an error at the component whose
    /// `$ref` closes it.
    fn resolve_chain<T>(
        &self,
        r: &'a ReferenceOr<T>,
        at: &str,
        section: &str,
        map: fn(&'a Components) -> &'a IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(&'a T, String), Error> {
        let mut current = r;
        let mut pointer = at.to_owned();
        let mut chain: Vec<String> = Vec::new();
        let mut seen: BTreeSet<&'a str> = BTreeSet::new();
        loop {
            let reference = match current {
                ReferenceOr::Item(item) => return Ok((item, pointer)),
                ReferenceOr::Reference { reference } => reference,
            };
            let found = component_key(reference, section).and_then(|key| {
                let components = self.doc.components.as_ref()?;
                map(components).get_key_value(&key)
            });
            let Some((key, next)) = found else {
                return Err(self.dangling(reference, &pointer));
            };
            let next_pointer = ptr(&format!("/components/{section}"), &[key]);
            if !seen.insert(key.as_str()) {
                chain.push(next_pointer);
                let cycle: Vec<String> = chain.iter().map(|p| format!("#{p}")).collect();
                return Err(self.err(
                    ErrorKind::DanglingRef,
                    &pointer,
                    format!(
                        "`$ref: {reference}` closes a reference cycle: {}",
                        cycle.join(" -> ")
                    ),
                ));
            }
            chain.push(next_pointer.clone());
            pointer = next_pointer;
            current = next;
        }
    }

    pub(super) fn resolve_param(
        &self,
        p: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Result<(&'a Parameter, String), Error> {
        self.resolve_chain(p, at, "parameters", |c| &c.parameters)
    }

    pub(super) fn resolve_request_body(
        &self,
        r: &'a ReferenceOr<openapiv3::RequestBody>,
        at: &str,
    ) -> Result<(&'a openapiv3::RequestBody, String), Error> {
        self.resolve_chain(r, at, "requestBodies", |c| &c.request_bodies)
    }

    pub(super) fn resolve_response(
        &self,
        r: &'a ReferenceOr<openapiv3::Response>,
        at: &str,
    ) -> Result<(&'a openapiv3::Response, String), Error> {
        self.resolve_chain(r, at, "responses", |c| &c.responses)
    }
}
