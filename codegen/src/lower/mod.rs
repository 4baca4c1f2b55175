//! Lowering: a loaded OpenAPI document -> the intermediate model.
//!
//! Resolves `$ref`s, names every type (components by their key, inline schemas from their
//! context), decides requiredness, constraints and usage, and rejects what it cannot
//! represent with an error naming the JSON pointer.
//!
//! The passes, in the order [`lower`] runs them, one module each:
//!
//! 1. naming (this module): every component schema gets its Rust type name first, sorted
//!    by key, so that references resolve to stable names;
//! 2. `schemas`: each component schema, and every inline schema it reaches, becomes a
//!    [`TypeDef`] (structs, enums, unions, aliases), with references resolved by `refs`;
//!    `all_of` merges `allOf` parts into one struct;
//! 3. `operations`: each path item's operations with their parameters, then
//!    `bodies`: their request body and success response types, and `security`: the schemes
//!    they accept;
//! 4. `usage`: marks which types are reachable from requests and from responses;
//! 5. `recursion`: breaks or refuses cycles of type aliases, and boxes the fields through which a
//!    type reaches itself.

mod all_of;
mod bodies;
mod operations;
mod recursion;
mod refs;
mod schemas;
mod security;
mod usage;

#[cfg(test)]
mod error_body_tests;
#[cfg(test)]
mod naming_tests;
#[cfg(test)]
mod tests;

pub use operations::template_params;
pub(crate) use schemas::join_docs;

use crate::error::{Error, ErrorKind, Warning, ptr};
use crate::load::Loaded;
use crate::model::*;
use crate::names::{self, Namespace};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// Builds the model. Warnings report documented fallbacks. The pointers of errors and
/// warnings are those of the document as written (for a 3.1 document, through
/// [`Loaded::origins`]).
pub fn lower(loaded: &Loaded) -> Result<(Api, Vec<Warning>), Error> {
    let restore = |p: &mut String| *p = loaded.origins.original(p);
    match lower_normalized(loaded) {
        Ok((api, mut warnings)) => {
            if !loaded.origins.is_empty() {
                for w in &mut warnings[loaded.warnings.len()..] {
                    restore(&mut w.pointer);
                }
            }
            Ok((api, warnings))
        }
        Err(mut e) => {
            loaded.origins.restore(&mut e.location);
            Err(e)
        }
    }
}

fn lower_normalized(loaded: &Loaded) -> Result<(Api, Vec<Warning>), Error> {
    let mut cx = Cx {
        file: &loaded.file,
        doc: &loaded.doc,
        ref_annotations: &loaded.ref_annotations,
        types: BTreeMap::new(),
        component_names: BTreeMap::new(),
        type_ns: Namespace::default(),
        warnings: loaded.warnings.clone(),
        in_progress: BTreeSet::new(),
        inline_cache: BTreeMap::new(),
        all_of_stack: Vec::new(),
        all_of_merged: BTreeMap::new(),
        depth: 0,
        component_base: 0,
    };
    cx.type_ns.reserve(&["Client", "Error"]);
    cx.name_components()?;
    let component_keys: Vec<String> = cx.component_names.keys().cloned().collect();
    for key in component_keys {
        cx.component_type(&key)?;
    }
    let operations = cx.operations()?;
    let servers = cx.servers();
    let profile = cx.profile()?;
    let mut types: Vec<TypeDef> = std::mem::take(&mut cx.types).into_values().collect();
    usage::mark_usage(&mut types, &operations);
    recursion::break_alias_cycles(&mut types, cx.file, &mut cx.warnings)?;
    recursion::box_recursive_fields(&mut types);
    let api = Api {
        title: loaded.doc.info.title.clone(),
        version: loaded.doc.info.version.clone(),
        description: loaded.doc.info.description.clone(),
        servers,
        types,
        operations,
        profile,
    };
    Ok((api, cx.warnings))
}

pub(super) struct Cx<'a> {
    pub(super) file: &'a str,
    pub(super) doc: &'a OpenAPI,
    /// Documentation and defaults beside schema `$ref`s (OpenAPI 3.1), by pointer.
    pub(super) ref_annotations: &'a crate::load::RefAnnotations,
    /// Finished types by Rust name.
    pub(super) types: BTreeMap<String, TypeDef>,
    /// Component schema key -> Rust type name.
    pub(super) component_names: BTreeMap<String, String>,
    pub(super) type_ns: Namespace,
    pub(super) warnings: Vec<Warning>,
    /// Component keys being lowered (recursion guard).
    pub(super) in_progress: BTreeSet<String>,
    /// Inline schemas already turned into named types, by their JSON text: identical inline
    /// schemas (common in large specs) share one type.
    pub(super) inline_cache: BTreeMap<String, String>,
    /// Schemas whose allOf is being merged (cycle guard).
    pub(super) all_of_stack: Vec<String>,
    /// Merged `allOf`s by the pointer of their schema, so that a schema reached again (as a
    /// part of another `allOf`, or as its own component) is merged once.
    pub(super) all_of_merged: BTreeMap<String, TypeKind>,
    /// How deep the schema walk is nested now (components, inline schemas, `allOf` parts).
    pub(super) depth: usize,
    /// The `depth` at which the component schema being lowered began.
    pub(super) component_base: usize,
}

/// From this nesting depth on, a reference to a component schema that is not lowered yet is
/// only named; [`lower`] lowers it later from the top, so a long chain of references costs
/// no stack. The real-world corpus reaches depth 18 (Stripe), so its output (which depends
/// on the order types are met in) is the same as without the bound.
pub(super) const DEFER_DEPTH: usize = 32;

/// At most this many levels of schemas (inline schemas, array items, map values, `allOf`
/// parts followed through references) nest within one component schema. Far above what
/// real specs use (the deepest in the real-world corpus is about 10), and low enough that
/// the walk stays well inside a 2 MiB stack.
pub(super) const MAX_NESTING: usize = 64;

/// A schema or a reference to one, whatever box it comes in.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

pub(super) fn view<S: std::borrow::Borrow<Schema>>(r: &ReferenceOr<S>) -> SchemaRef<'_> {
    match r {
        ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
        ReferenceOr::Item(s) => SchemaRef::Inline(s.borrow()),
    }
}

pub(super) const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Cx<'a> {
    pub(super) fn err(&self, kind: ErrorKind, pointer: &str, msg: impl Into<String>) -> Error {
        Error::at(kind, self.file, pointer, msg)
    }

    /// Runs `f` one schema level deeper, or errors at `pointer` when that is more than
    /// [`MAX_NESTING`] levels within the current component schema.
    pub(super) fn nested<T>(
        &mut self,
        pointer: &str,
        f: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if self.depth - self.component_base >= MAX_NESTING {
            return Err(self.err(
                ErrorKind::Limit,
                pointer,
                format!(
                    "schemas nest more than {MAX_NESTING} levels deep here (through properties, items, additionalProperties or allOf parts)"
                ),
            ));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    pub(super) fn warn(&mut self, pointer: &str, msg: impl Into<String>) {
        self.warnings.push(Warning {
            pointer: pointer.to_owned(),
            message: msg.into(),
        });
    }

    pub(super) fn claim_type_name(&mut self, wanted: &str, pointer: &str) -> String {
        let (name, clash) = self.type_ns.claim(wanted, pointer);
        if let Some(first) = clash {
            self.warn(
                pointer,
                format!(
                    "type name `{wanted}` is already used by #{first}; this one is named `{name}`"
                ),
            );
        }
        name
    }

    /// Names all component schemas first (sorted by key), so references resolve to stable names.
    pub(super) fn name_components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.doc.components else {
            return Ok(());
        };
        let keys: BTreeSet<&String> = components.schemas.keys().collect();
        for key in keys {
            let pointer = ptr("/components/schemas", &[key]);
            let name = self.claim_type_name(&names::type_name(key), &pointer);
            self.component_names.insert(key.clone(), name);
        }
        Ok(())
    }
}

impl Cx<'_> {
    /// The vendor profile the document asks for with a top-level `x-hcgen-profile`: a
    /// string naming one of [`Profile::ALL`]; anything else is an error at the extension.
    fn profile(&self) -> Result<Option<Profile>, Error> {
        let Some(value) = self.doc.extensions.get(PROFILE_EXTENSION) else {
            return Ok(None);
        };
        let known = || {
            Profile::ALL
                .iter()
                .map(|p| p.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match value.as_str() {
            Some(name) => Profile::from_name(name).map(Some).ok_or_else(|| {
                self.err(
                    ErrorKind::Unsupported,
                    &format!("/{PROFILE_EXTENSION}"),
                    format!("unknown profile {name:?}; known profiles: {}", known()),
                )
            }),
            None => Err(self.err(
                ErrorKind::InvalidDocument,
                &format!("/{PROFILE_EXTENSION}"),
                format!("must be a string naming a profile ({})", known()),
            )),
        }
    }
}

/// The top-level extension that names the vendor profile of the generated client.
pub const PROFILE_EXTENSION: &str = "x-hcgen-profile";
