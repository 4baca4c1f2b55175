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

pub use origins::Origins;
pub use refs::{RefAnnotation, RefAnnotations};
pub use upgrade::upgrade_to_3_1;

use crate::error::{Error, ErrorKind, Warning, ptr};
use serde_json::Value;

/// Whether an `openapi` version field names OpenAPI 3.1.
pub fn is_3_1(version: &str) -> bool {
    version.starts_with("3.1.") || version == "3.1"
}

/// Whether JSON text may declare OpenAPI 3.1 (`"openapi": "3.1...`): such a document does
/// not try the 3.0 fast path (which would deserialize it only to find the version). Errs on
/// the side of yes; linear in the text.
pub(super) fn may_be_3_1(text: &str) -> bool {
    text.match_indices("\"openapi\"").any(|(i, key)| {
        let rest = text[i + key.len()..].trim_start();
        rest.strip_prefix(':')
            .is_some_and(|value| value.trim_start().starts_with("\"3.1"))
    })
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
    let mut n = Normalizer {
        file,
        out: Normalized::default(),
    };
    n.document(root)?;
    Ok(n.out)
}

/// A place in the document: its pointer after normalization and in the document as written.
#[derive(Clone, Debug)]
pub(super) struct Place {
    pub(super) new: String,
    pub(super) orig: String,
}

impl Place {
    fn root() -> Place {
        Place {
            new: String::new(),
            orig: String::new(),
        }
    }

    /// The same tokens below both pointers.
    pub(super) fn child(&self, tokens: &[&str]) -> Place {
        Place {
            new: ptr(&self.new, tokens),
            orig: ptr(&self.orig, tokens),
        }
    }
}

pub(super) struct Normalizer<'f> {
    file: &'f str,
    out: Normalized,
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

    /// Records that the value now at `at.new` is the one written at `at.orig`.
    pub(super) fn moved(&mut self, at: &Place) {
        self.out.origins.record(&at.new, &at.orig);
    }
}

#[cfg(test)]
mod tests;
