//! Keywords: the constraints of two corresponding schemas (format, enum, nullable,
//! length/item/numeric bounds, pattern, default, deprecation), each a schema rule whose
//! severity depends on the direction.

use super::{Walker, text};
use crate::resolve::{self, SchemaView};
use crate::rules::Subject;

impl<'a> Walker<'a> {
    pub(super) fn keywords(
        &mut self,
        subject: Subject,
        label: &str,
        bv: &SchemaView<'a>,
        hv: &SchemaView<'a>,
    ) {
        let at = hv.ptr.clone();
        match (&bv.format, &hv.format) {
            (None, Some(f)) => self.push_schema(
                subject,
                "format-added",
                &at,
                format!("{label}: format {f} added"),
            ),
            (Some(f), None) => self.push_schema(
                subject,
                "format-removed",
                &at,
                format!("{label}: format {f} removed"),
            ),
            (Some(x), Some(y)) if x != y => self.push_schema(
                subject,
                "format-changed",
                &at,
                format!("{label}: format {x} → {y}"),
            ),
            _ => {}
        }
        match (&bv.enum_values, &hv.enum_values) {
            (None, Some(_)) => {
                self.push_schema(subject, "enum-added", &at, format!("{label}: enum added"))
            }
            (Some(_), None) => self.push_schema(
                subject,
                "enum-removed",
                &at,
                format!("{label}: enum removed"),
            ),
            (Some(be), Some(he)) => {
                for gone in be.iter().filter(|v| !he.contains(v)) {
                    self.push_schema(
                        subject,
                        "enum-value-removed",
                        &at,
                        format!("{label}: enum value {gone} removed"),
                    );
                }
                for new in he.iter().filter(|v| !be.contains(v)) {
                    self.push_schema(
                        subject,
                        "enum-value-added",
                        &at,
                        format!("{label}: enum value {new} added"),
                    );
                }
            }
            (None, None) => {}
        }
        match (bv.nullable, hv.nullable) {
            (false, true) => self.push_schema(
                subject,
                "became-nullable",
                &at,
                format!("{label} became nullable"),
            ),
            (true, false) => self.push_schema(
                subject,
                "became-not-nullable",
                &at,
                format!("{label} is no longer nullable"),
            ),
            _ => {}
        }
        self.upper(
            subject,
            label,
            &at,
            "max-length",
            "maxLength",
            bv.max_length,
            hv.max_length,
        );
        self.lower(
            subject,
            label,
            &at,
            "min-length",
            "minLength",
            bv.min_length,
            hv.min_length,
        );
        self.upper(
            subject,
            label,
            &at,
            "max-items",
            "maxItems",
            bv.max_items,
            hv.max_items,
        );
        self.lower(
            subject,
            label,
            &at,
            "min-items",
            "minItems",
            bv.min_items,
            hv.min_items,
        );
        // Numeric bounds: a tighter maximum is smaller (or equal and now exclusive).
        let key = |b: &resolve::Bound, upper: bool| {
            let excl = if b.exclusive { 1.0 } else { 0.0 };
            if upper {
                (b.value, -excl)
            } else {
                (b.value, excl)
            }
        };
        let cmp = |x: (f64, f64), y: (f64, f64)| x.partial_cmp(&y);
        match (bv.maximum, hv.maximum) {
            (None, Some(y)) => self.push_schema(
                subject,
                "maximum-decreased",
                &at,
                format!("{label}: maximum set to {y} (was unbounded)"),
            ),
            (Some(x), None) => self.push_schema(
                subject,
                "maximum-increased",
                &at,
                format!("{label}: maximum {x} removed"),
            ),
            (Some(x), Some(y)) => match cmp(key(&y, true), key(&x, true)) {
                Some(std::cmp::Ordering::Less) => self.push_schema(
                    subject,
                    "maximum-decreased",
                    &at,
                    format!("{label}: maximum {x} → {y}"),
                ),
                Some(std::cmp::Ordering::Greater) => self.push_schema(
                    subject,
                    "maximum-increased",
                    &at,
                    format!("{label}: maximum {x} → {y}"),
                ),
                _ => {}
            },
            (None, None) => {}
        }
        match (bv.minimum, hv.minimum) {
            (None, Some(y)) => self.push_schema(
                subject,
                "minimum-increased",
                &at,
                format!("{label}: minimum set to {y} (was unbounded)"),
            ),
            (Some(x), None) => self.push_schema(
                subject,
                "minimum-decreased",
                &at,
                format!("{label}: minimum {x} removed"),
            ),
            (Some(x), Some(y)) => match cmp(key(&y, false), key(&x, false)) {
                Some(std::cmp::Ordering::Greater) => self.push_schema(
                    subject,
                    "minimum-increased",
                    &at,
                    format!("{label}: minimum {x} → {y}"),
                ),
                Some(std::cmp::Ordering::Less) => self.push_schema(
                    subject,
                    "minimum-decreased",
                    &at,
                    format!("{label}: minimum {x} → {y}"),
                ),
                _ => {}
            },
            (None, None) => {}
        }
        match (&bv.pattern, &hv.pattern) {
            (None, Some(p)) => self.push_schema(
                subject,
                "pattern-added",
                &at,
                format!("{label}: pattern `{p}` added"),
            ),
            (Some(p), None) => self.push_schema(
                subject,
                "pattern-removed",
                &at,
                format!("{label}: pattern `{p}` removed"),
            ),
            (Some(x), Some(y)) if x != y => self.push_schema(
                subject,
                "pattern-changed",
                &at,
                format!("{label}: pattern `{x}` → `{y}`"),
            ),
            _ => {}
        }
        if bv.default != hv.default {
            self.push_schema(
                subject,
                "default-changed",
                &at,
                format!(
                    "{label}: default {} → {}",
                    text(bv.default),
                    text(hv.default)
                ),
            );
        }
        if bv.deprecated != hv.deprecated {
            let how = if hv.deprecated {
                "deprecated"
            } else {
                "no longer deprecated"
            };
            self.push("schema-deprecation-changed", &at, format!("{label} {how}"));
        }
    }

    /// An upper bound (`maxLength`, `maxItems`): setting one narrows, removing one widens.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn upper(
        &mut self,
        subject: Subject,
        label: &str,
        at: &str,
        rule: &str,
        keyword: &str,
        b: Option<u64>,
        h: Option<u64>,
    ) {
        let (suffix, what) = match (b, h) {
            (None, Some(y)) => ("decreased", format!("{keyword} set to {y} (was unbounded)")),
            (Some(x), None) => ("increased", format!("{keyword} {x} removed")),
            (Some(x), Some(y)) if y < x => ("decreased", format!("{keyword} {x} → {y}")),
            (Some(x), Some(y)) if y > x => ("increased", format!("{keyword} {x} → {y}")),
            _ => return,
        };
        self.push_schema(
            subject,
            &format!("{rule}-{suffix}"),
            at,
            format!("{label}: {what}"),
        );
    }

    /// A lower bound (`minLength`, `minItems`): setting one narrows, removing one widens.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lower(
        &mut self,
        subject: Subject,
        label: &str,
        at: &str,
        rule: &str,
        keyword: &str,
        b: Option<u64>,
        h: Option<u64>,
    ) {
        let (suffix, what) = match (b, h) {
            (None, Some(y)) => ("increased", format!("{keyword} set to {y} (was 0)")),
            (Some(x), None) => ("decreased", format!("{keyword} {x} removed")),
            (Some(x), Some(y)) if y > x => ("increased", format!("{keyword} {x} → {y}")),
            (Some(x), Some(y)) if y < x => ("decreased", format!("{keyword} {x} → {y}")),
            _ => return,
        };
        self.push_schema(
            subject,
            &format!("{rule}-{suffix}"),
            at,
            format!("{label}: {what}"),
        );
    }
}
