//! OpenAPI 3.1 -> the OpenAPI 3.0 model: a pass over the JSON value of a 3.1 document that
//! rewrites what 3.1 (and the JSON Schema 2020-12 it uses) spells differently into what
//! `openapiv3` represents exactly, so that lowering, emitting and spec-diff work on one model.
//!
//! One module per concern: [`document`] (the top level: `jsonSchemaDialect`, `webhooks`,
//! `info.summary`, `license.identifier`, optional `paths`, `components.pathItems`),
//! [`schema`] (the walk over every schema and the keywords that map one to one),
//! [`nullability`] (`type` arrays and `null` branches of `anyOf`/`oneOf`), [`refs`] (`$ref`
//! with sibling keywords), [`origins`] (the pointer of each moved value in the document as
//! written, for diagnostics) and [`walk`] (where the schemas of a document are). [`upgrade`]
//! is the inverse, 3.0 -> 3.1, to check that both forms of a document generate the same API.
//!
//! [`normalize`] rewrites a whole document (spec-diff compares 3.1 documents in that form).
//! Loading uses the steps of a [`Normalizer`]: the top level, then only the schemas that the
//! schema reader (`load::typed`) cannot read as written, one by one where they are.
//!
//! What the 3.0 model cannot hold without loss is an error naming the pointer
//! ([`ErrorKind::Unsupported`] for valid 3.1, [`ErrorKind::InvalidDocument`] for invalid);
//! what is dropped on purpose is a [`Warning`] naming the pointer. Each rewrite adds at most
//! two levels of nesting per schema level, and the walk recurses once per level of the
//! document (itself bounded by [`super::MAX_DEPTH`]).

mod document;
mod nullability;
mod origins;
mod refs;
mod schema;
mod upgrade;
mod walk;

pub(in crate::load) use nullability::is_null_schema;
pub use origins::Origins;
pub use refs::{RefAnnotation, RefAnnotations};
pub(in crate::load) use refs::{is_annotation, is_plain_ref};
pub(in crate::load) use schema::is_special;
pub use upgrade::upgrade_to_3_1;

use crate::error::{Error, ErrorKind, Warning, ptr};
use serde_json::Value;

/// Whether an `openapi` version field names OpenAPI 3.1.
pub fn is_3_1(version: &str) -> bool {
    version.starts_with("3.1.") || version == "3.1"
}

/// What the normalization found besides the rewritten document.
#[derive(Debug, Default)]
pub struct Normalized {
    /// Where moved values are in the document as written.
    pub origins: Origins,
    /// The annotations beside schema `$ref`s.
    pub ref_annotations: RefAnnotations,
    /// With pointers into the document as written.
    pub warnings: Vec<Warning>,
}

/// Rewrites the OpenAPI 3.1 document `root` (named `file`; its `$ref`s to other files
/// already bundled) in place into the form of the 3.0 model, as loading does: what the 3.0
/// model cannot hold is an error naming the pointer. spec-diff compares 3.1 documents in
/// this form.
pub fn normalize(file: &str, root: &mut Value) -> Result<Normalized, Error> {
    let mut n = Normalizer::new(file);
    n.document(root)?;
    n.schemas(root)?;
    Ok(n.finish())
}

/// A place in the document: its pointer after normalization and in the document as written.
/// Both are computed only when needed (a diagnostic, a moved value), from the chain of
/// places up to the root: the walk itself allocates nothing per value.
#[derive(Clone, Debug)]
pub(super) struct Place<'p> {
    parent: Option<&'p Place<'p>>,
    tokens: &'p [&'p str],
    /// The original pointer, when it is not the parent's followed by `tokens`.
    orig: Option<String>,
}

impl<'p> Place<'p> {
    pub(super) fn root() -> Place<'static> {
        Place {
            parent: None,
            tokens: &[],
            orig: None,
        }
    }

    /// The place `tokens` below this one, in both documents.
    pub(super) fn child<'c>(&'c self, tokens: &'c [&'c str]) -> Place<'c> {
        Place {
            parent: Some(self),
            tokens,
            orig: None,
        }
    }

    /// This place, whose value was written at `orig`.
    pub(super) fn moved_from(&self, orig: String) -> Place<'p> {
        Place {
            orig: Some(orig),
            ..self.clone()
        }
    }

    /// The pointer in the normalized document.
    pub(super) fn new_pointer(&self) -> String {
        let mut out = String::new();
        self.write_new(&mut out);
        out
    }

    fn write_new(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write_new(out);
        }
        push_tokens(out, self.tokens);
    }

    /// The pointer in the document as written.
    pub(super) fn orig_pointer(&self) -> String {
        let mut out = String::new();
        self.write_orig(&mut out);
        out
    }

    fn write_orig(&self, out: &mut String) {
        match (&self.orig, self.parent) {
            (Some(orig), _) => out.push_str(orig),
            (None, Some(parent)) => {
                parent.write_orig(out);
                push_tokens(out, self.tokens);
            }
            (None, None) => push_tokens(out, self.tokens),
        }
    }

    /// The original pointer of `tokens` below this place.
    pub(super) fn orig_at(&self, tokens: &[&str]) -> String {
        ptr(&self.orig_pointer(), tokens)
    }
}

/// Appends `tokens`, escaped, to the pointer `out`.
fn push_tokens(out: &mut String, tokens: &[&str]) {
    for t in tokens {
        out.push('/');
        crate::pointer::push_escaped(out, t);
    }
}

/// The normalization of one document, in steps: [`Normalizer::document`] (the top level),
/// then its schemas, all at once ([`Normalizer::schemas`]) or one by one, each with a
/// normalizer of its own ([`Normalizer::schema_at`], [`Normalizer::absorb`]), then
/// [`Normalizer::finish`].
pub(in crate::load) struct Normalizer<'f> {
    file: &'f str,
    out: Normalized,
}

impl<'f> Normalizer<'f> {
    pub(in crate::load) fn new(file: &'f str) -> Normalizer<'f> {
        Normalizer {
            file,
            out: Normalized::default(),
        }
    }

    /// Adds what the normalization of some of the document's schemas found (by another
    /// normalizer, which warned of nothing).
    pub(in crate::load) fn absorb(&mut self, found: Normalized) {
        debug_assert!(found.warnings.is_empty());
        self.out.origins.extend(found.origins);
        self.out.ref_annotations.extend(found.ref_annotations);
    }

    /// What the normalization found.
    pub(in crate::load) fn finish(self) -> Normalized {
        self.out
    }
}

impl Normalizer<'_> {
    /// An error at a pointer of the document as written.
    pub(super) fn err(&self, kind: ErrorKind, orig: &str, message: impl Into<String>) -> Error {
        Error::at(kind, self.file, orig, message)
    }

    /// A warning at a pointer of the document as written.
    pub(super) fn warn(&mut self, orig: &str, message: impl Into<String>) {
        self.out.warnings.push(Warning {
            pointer: orig.to_owned(),
            message: message.into(),
        });
    }

    /// Records that the value now at `at` in the normalized document is the one written at
    /// its original pointer.
    pub(super) fn moved(&mut self, at: &Place) {
        self.out
            .origins
            .record(&at.new_pointer(), &at.orig_pointer());
    }

    /// Records that the value now at `new` (in the normalized document) is written at `orig`.
    pub(in crate::load) fn moved_to(&mut self, new: &str, orig: &str) {
        self.out.origins.record(new, orig);
    }
}

#[cfg(test)]
mod tests;
