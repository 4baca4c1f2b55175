//! Reference resolution: `$ref`s to component schemas, parameters, request bodies and
//! responses, each to what it points to or an error naming the pointer.

use super::*;
use openapiv3::Parameter;

impl<'a> Cx<'a> {
    pub(super) fn component_schema(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.doc.components.as_ref()?.schemas.get(key)
    }

    /// Resolves a schema reference to the component key, or errors naming `at`.
    pub(super) fn ref_key<'r>(&self, reference: &'r str, at: &str) -> Result<&'r str, Error> {
        let Some(key) = reference.strip_prefix(SCHEMA_PREFIX) else {
            return Err(self.err(
                ErrorKind::Unsupported,
                at,
                format!(
                    "`$ref: {reference}` is not supported: only local references to #/components/schemas/ are"
                ),
            ));
        };
        if key.contains('/') || self.component_schema(key).is_none() {
            return Err(self.err(
                ErrorKind::DanglingRef,
                at,
                format!("`$ref: {reference}` points to nothing in this document"),
            ));
        }
        Ok(key)
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
                    if !seen.insert(key.to_owned()) {
                        return Err(self.err(
                            ErrorKind::DanglingRef,
                            at,
                            format!("`$ref: {reference}` is part of a reference cycle with no schema in it"),
                        ));
                    }
                    pointer = ptr("/components/schemas", &[key]);
                    // Safe: ref_key checked it exists.
                    let Some(next) = self.component_schema(key) else {
                        return Err(self.err(ErrorKind::DanglingRef, at, "dangling reference"));
                    };
                    current = view(next);
                }
            }
        }
    }

    pub(super) fn resolve_param(
        &self,
        p: &'a ReferenceOr<Parameter>,
        at: &str,
    ) -> Result<(&'a Parameter, String), Error> {
        match p {
            ReferenceOr::Item(i) => Ok((i, at.to_owned())),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/parameters/");
                let found = key.and_then(|k| self.doc.components.as_ref()?.parameters.get(k));
                match (key, found) {
                    (Some(k), Some(ReferenceOr::Item(i))) => {
                        Ok((i, ptr("/components/parameters", &[k])))
                    }
                    (Some(k), Some(r @ ReferenceOr::Reference { .. })) => {
                        self.resolve_param(r, &ptr("/components/parameters", &[k]))
                    }
                    _ => Err(self.err(
                        ErrorKind::DanglingRef,
                        at,
                        format!("`$ref: {reference}` points to nothing in this document"),
                    )),
                }
            }
        }
    }

    pub(super) fn resolve_response(
        &self,
        r: &'a ReferenceOr<openapiv3::Response>,
        at: &str,
    ) -> Result<&'a openapiv3::Response, Error> {
        match r {
            ReferenceOr::Item(i) => Ok(i),
            ReferenceOr::Reference { reference } => {
                let key = reference.strip_prefix("#/components/responses/");
                match key.and_then(|k| self.doc.components.as_ref()?.responses.get(k)) {
                    Some(ReferenceOr::Item(i)) => Ok(i),
                    _ => Err(self.err(
                        ErrorKind::DanglingRef,
                        at,
                        format!("`$ref: {reference}` points to nothing in this document"),
                    )),
                }
            }
        }
    }
}
