//! Classification: the registry of rule ids, their severity and the reason given to reviewers.
//!
//! Two kinds of rules exist:
//!
//! * [`FIXED_RULES`]: one id, one severity (operations, parameters, bodies, responses,
//!   servers, security, properties added or removed, documentation).
//! * [`SCHEMA_RULES`]: constraint and type changes inside a schema. Their id is
//!   `<subject>-<suffix>`, where the subject says where the schema sits
//!   (`request-parameter`, `request-body`, `request-property`, `response-body`,
//!   `response-property`), and their severity depends on the direction the data travels:
//!   narrowing what a request may contain breaks callers, widening what a response may
//!   contain breaks callers.
//!
//! The rules follow oasdiff's classification where it applies (see the crate README for the
//! table and the few deliberate differences).

use serde::Serialize;
use std::fmt;

/// How a change affects existing client code and the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Existing callers (or code written against the generated crate) can break.
    Breaking,
    /// Compatible for existing callers; new capability or relaxed contract.
    NonBreaking,
    /// Documentation or metadata only.
    Info,
}

impl Severity {
    /// The spelling used in JSON and markdown output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::NonBreaking => "non-breaking",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which way the data described by a schema travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Sent by the client (parameters, request bodies).
    Request,
    /// Sent by the server (response bodies).
    Response,
}

/// Where a schema sits; the prefix of a schema rule id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// The schema of a parameter (or anything nested in it).
    RequestParameter,
    /// The root schema of a request body (or its array items).
    RequestBody,
    /// A property nested in a request body.
    RequestProperty,
    /// The root schema of a response body (or its array items).
    ResponseBody,
    /// A property nested in a response body.
    ResponseProperty,
}

impl Subject {
    /// All subjects, in the order used by documentation.
    pub const ALL: [Subject; 5] = [
        Subject::RequestParameter,
        Subject::RequestBody,
        Subject::RequestProperty,
        Subject::ResponseBody,
        Subject::ResponseProperty,
    ];

    /// The rule id prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Subject::RequestParameter => "request-parameter",
            Subject::RequestBody => "request-body",
            Subject::RequestProperty => "request-property",
            Subject::ResponseBody => "response-body",
            Subject::ResponseProperty => "response-property",
        }
    }

    /// Which way the data travels.
    pub fn direction(self) -> Direction {
        match self {
            Subject::RequestParameter | Subject::RequestBody | Subject::RequestProperty => {
                Direction::Request
            }
            Subject::ResponseBody | Subject::ResponseProperty => Direction::Response,
        }
    }

    /// The subject of a property found below a schema of this subject.
    pub fn property(self) -> Subject {
        match self {
            Subject::RequestParameter => Subject::RequestParameter,
            Subject::RequestBody | Subject::RequestProperty => Subject::RequestProperty,
            Subject::ResponseBody | Subject::ResponseProperty => Subject::ResponseProperty,
        }
    }
}

/// A rule with one id and one severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// The rule id (the `kind` of a change).
    pub id: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// One-line reason shown with every change of this kind.
    pub reason: &'static str,
}

/// A schema rule: id `<subject>-<suffix>`, severity by direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemaRule {
    /// The id suffix.
    pub suffix: &'static str,
    /// Severity and reason when the schema is sent by the client.
    pub request: (Severity, &'static str),
    /// Severity and reason when the schema is sent by the server.
    pub response: (Severity, &'static str),
}

use Severity::{Breaking as B, Info as I, NonBreaking as N};

const fn r(id: &'static str, severity: Severity, reason: &'static str) -> Rule {
    Rule {
        id,
        severity,
        reason,
    }
}

/// Rules with a fixed id and severity, sorted by id.
pub const FIXED_RULES: &[Rule] = &[
    r(
        "api-info-changed",
        I,
        "document metadata (title or version) only",
    ),
    r(
        "api-security-added",
        B,
        "an operation that needed no credentials now requires them",
    ),
    r(
        "api-security-removed",
        N,
        "credentials are no longer required; sending them anyway is harmless",
    ),
    r(
        "api-security-requirement-added",
        N,
        "a new alternative way to authenticate; existing credentials still work",
    ),
    r(
        "api-security-requirement-removed",
        B,
        "callers that authenticate this way are rejected",
    ),
    r(
        "api-security-scope-added",
        B,
        "tokens without the new scope are rejected",
    ),
    r(
        "api-security-scope-removed",
        N,
        "fewer scopes are required; existing tokens still work",
    ),
    r(
        "component-schema-added",
        I,
        "no operation uses it (it can still become a new public type of the generated crate)",
    ),
    r(
        "component-schema-removed",
        I,
        "no operation used it (its generated type, if any, is listed in the Rust API changes)",
    ),
    r("description-changed", I, "documentation only"),
    r(
        "endpoint-added",
        N,
        "a new operation; existing calls are unaffected",
    ),
    r(
        "endpoint-deprecated",
        I,
        "it still works; callers should migrate",
    ),
    r("endpoint-reactivated", I, "it is no longer deprecated"),
    r(
        "endpoint-removed",
        B,
        "calls to it fail, and its generated method disappears",
    ),
    r("example-changed", I, "examples are documentation only"),
    r(
        "new-optional-request-parameter",
        N,
        "existing calls need not send it",
    ),
    r(
        "new-optional-request-property",
        N,
        "existing callers need not send it; generated structs are #[non_exhaustive] and get a setter",
    ),
    r(
        "new-required-request-parameter",
        B,
        "existing calls do not send it and are rejected",
    ),
    r(
        "new-required-request-property",
        B,
        "existing callers do not send it and are rejected",
    ),
    r(
        "openapi-version-changed",
        I,
        "another OpenAPI release (3.1 is compared as the generator reads it, in the 3.0 model); no effect on the API",
    ),
    r(
        "operation-id-changed",
        B,
        "the generated method is named after the operationId, so it is renamed",
    ),
    r(
        "request-body-added-optional",
        N,
        "existing calls need not send a body",
    ),
    r(
        "request-body-added-required",
        B,
        "existing calls send no body and are rejected",
    ),
    r(
        "request-body-became-optional",
        N,
        "existing calls send a body anyway",
    ),
    r(
        "request-body-became-required",
        B,
        "calls that omit the body are rejected",
    ),
    r(
        "request-body-media-type-added",
        N,
        "an additional content type is accepted",
    ),
    r(
        "request-body-media-type-removed",
        B,
        "calls that send this content type are rejected",
    ),
    r(
        "request-body-removed",
        B,
        "the server no longer reads the body callers send, and the generated method loses its body",
    ),
    r(
        "request-parameter-became-optional",
        N,
        "existing calls send it anyway",
    ),
    r(
        "request-parameter-became-required",
        B,
        "calls that omit it are rejected",
    ),
    r(
        "request-parameter-location-changed",
        B,
        "existing calls send the value in the old place",
    ),
    r(
        "request-parameter-removed",
        B,
        "the server ignores it, and code that sets it on the generated crate stops compiling",
    ),
    r(
        "request-parameter-style-changed",
        B,
        "the value is serialized differently on the wire (never reported for a primitive value, which `explode` and the array and object styles leave as it is)",
    ),
    r(
        "request-path-parameter-renamed",
        I,
        "path parameters are positional on the wire; only the name changed",
    ),
    r(
        "request-property-became-optional",
        N,
        "existing callers send it anyway",
    ),
    r(
        "request-property-became-required",
        B,
        "callers that omit it are rejected",
    ),
    r(
        "request-property-removed",
        B,
        "the server ignores it, and code that sets its field or setter stops compiling",
    ),
    r("response-header-added", N, "new data callers may read"),
    r(
        "response-header-removed",
        B,
        "callers reading it get nothing",
    ),
    r(
        "response-media-type-added",
        N,
        "an additional content type; existing ones are still served",
    ),
    r(
        "response-media-type-removed",
        B,
        "callers decoding this content type no longer get it",
    ),
    r(
        "response-non-success-status-added",
        I,
        "a newly documented error; errors were always possible",
    ),
    r(
        "response-non-success-status-removed",
        I,
        "an error is no longer documented",
    ),
    r(
        "response-property-added",
        N,
        "old clients ignore unknown fields; generated structs are #[non_exhaustive]",
    ),
    r(
        "response-property-became-optional",
        B,
        "callers may now find it missing",
    ),
    r(
        "response-property-became-required",
        N,
        "it is now always present",
    ),
    r(
        "response-property-removed",
        B,
        "callers reading it get nothing, and its generated field disappears",
    ),
    r(
        "response-success-status-added",
        N,
        "a new success outcome; existing success handling is unaffected",
    ),
    r(
        "response-success-status-removed",
        B,
        "callers that rely on this success outcome break",
    ),
    r("schema-deprecation-changed", I, "deprecation is advisory"),
    r(
        "security-scheme-added",
        I,
        "a scheme matters only once an operation requires it",
    ),
    r(
        "security-scheme-changed",
        B,
        "credentials must be sent differently (type, location, name or flow changed)",
    ),
    r(
        "security-scheme-removed",
        I,
        "operations that required it are reported separately",
    ),
    r(
        "server-added",
        N,
        "an additional endpoint; existing ones keep working",
    ),
    r(
        "server-removed",
        B,
        "callers configured for (or defaulting to) this endpoint lose it",
    ),
    r(
        "server-variable-default-changed",
        B,
        "callers relying on the default now reach a different endpoint",
    ),
    r(
        "server-variable-enum-value-added",
        N,
        "an additional value (e.g. a new region) callers may use",
    ),
    r(
        "server-variable-enum-value-removed",
        B,
        "callers using this value (e.g. a region) lose their endpoint",
    ),
    r("summary-changed", I, "documentation only"),
];

const fn s(
    suffix: &'static str,
    request: (Severity, &'static str),
    response: (Severity, &'static str),
) -> SchemaRule {
    SchemaRule {
        suffix,
        request,
        response,
    }
}

const NARROWER_RESPONSE: (Severity, &str) = (N, "the server's values only get narrower");
const WIDER_RESPONSE: (Severity, &str) = (
    B,
    "the server may now send values old clients never had to handle",
);
const NARROWER_REQUEST: (Severity, &str) = (B, "values callers send today may be rejected");
const WIDER_REQUEST: (Severity, &str) = (N, "everything callers send today is still accepted");

/// Schema rules, sorted by suffix. Setting a bound where none existed counts as narrowing
/// (`max-*-decreased`, `min*-increased`), removing one as widening.
pub const SCHEMA_RULES: &[SchemaRule] = &[
    s(
        "alternative-added",
        (N, "an additional accepted shape (oneOf/anyOf)"),
        (
            B,
            "the server may send a shape (oneOf/anyOf) the generated type cannot decode",
        ),
    ),
    s(
        "alternative-removed",
        (B, "calls that send this shape (oneOf/anyOf) are rejected"),
        (N, "the server no longer sends this shape (oneOf/anyOf)"),
    ),
    s("became-not-nullable", NARROWER_REQUEST, NARROWER_RESPONSE),
    s(
        "became-nullable",
        WIDER_REQUEST,
        (B, "callers may now receive null"),
    ),
    s(
        "default-changed",
        (
            N,
            "wire-compatible, but callers that omit the value get different behaviour",
        ),
        (I, "a response default is documentation only"),
    ),
    s(
        "enum-added",
        (
            B,
            "the value is now restricted to a list; other values are rejected",
        ),
        NARROWER_RESPONSE,
    ),
    s(
        "enum-removed",
        WIDER_REQUEST,
        (
            B,
            "the server may send any value, and the generated enum type changes",
        ),
    ),
    s(
        "enum-value-added",
        (N, "an additional accepted value"),
        (
            N,
            "non-breaking only because generated enums stay open: an unknown value decodes into the catch-all variant",
        ),
    ),
    s(
        "enum-value-removed",
        (B, "calls that send this value are rejected"),
        (
            B,
            "the generated enum loses this variant, so code that names it stops compiling",
        ),
    ),
    s(
        "format-added",
        (B, "values that do not match the new format may be rejected"),
        NARROWER_RESPONSE,
    ),
    s(
        "format-changed",
        (B, "values in the old format may be rejected"),
        (B, "callers expecting the old format may fail to decode"),
    ),
    s("format-removed", WIDER_REQUEST, WIDER_RESPONSE),
    s("max-items-decreased", NARROWER_REQUEST, NARROWER_RESPONSE),
    s("max-items-increased", WIDER_REQUEST, WIDER_RESPONSE),
    s("max-length-decreased", NARROWER_REQUEST, NARROWER_RESPONSE),
    s("max-length-increased", WIDER_REQUEST, WIDER_RESPONSE),
    s("maximum-decreased", NARROWER_REQUEST, NARROWER_RESPONSE),
    s("maximum-increased", WIDER_REQUEST, WIDER_RESPONSE),
    s("min-items-decreased", WIDER_REQUEST, WIDER_RESPONSE),
    s("min-items-increased", NARROWER_REQUEST, NARROWER_RESPONSE),
    s("min-length-decreased", WIDER_REQUEST, WIDER_RESPONSE),
    s("min-length-increased", NARROWER_REQUEST, NARROWER_RESPONSE),
    s("minimum-decreased", WIDER_REQUEST, WIDER_RESPONSE),
    s("minimum-increased", NARROWER_REQUEST, NARROWER_RESPONSE),
    s("pattern-added", NARROWER_REQUEST, NARROWER_RESPONSE),
    s(
        "pattern-changed",
        (B, "the new pattern may reject values the old one accepted"),
        (
            B,
            "the server may send values the old pattern did not allow",
        ),
    ),
    s("pattern-removed", WIDER_REQUEST, WIDER_RESPONSE),
    s(
        "type-changed",
        (B, "values of the old type are rejected"),
        (B, "callers decoding the old type fail"),
    ),
];

/// Rust API change kinds (severity follows the semver bump: major = breaking, minor =
/// non-breaking, patch = info). Listed for documentation.
pub const RUST_RULE_PREFIXES: &[(&str, &str)] = &[
    ("rust-type-", "a public struct, enum, trait or type alias"),
    ("rust-field-", "a public field of a struct"),
    ("rust-variant-", "a variant of a public enum"),
    ("rust-method-", "a public method in an inherent impl block"),
    ("rust-function-", "a public free function"),
    ("rust-impl-", "a trait implementation (explicit or derived)"),
    ("rust-item-", "a public const, static or re-export"),
    ("rust-generation-failed", "the generator failed on one side"),
];

/// One classified change.
///
/// Field order is the sort order of a report: severity first, then pointer, kind, message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Change {
    /// `breaking`, `non-breaking` or `info`.
    pub severity: Severity,
    /// Where: a JSON pointer in the head document (or in the base one for removals).
    pub pointer: String,
    /// The rule id.
    pub kind: String,
    /// One line: what changed, then why it has this severity.
    pub message: String,
}

impl Change {
    /// A change of a fixed rule. Panics on an unregistered id (a programming error, caught
    /// by the tests).
    pub fn fixed(id: &str, pointer: impl Into<String>, what: impl AsRef<str>) -> Change {
        let rule = fixed(id).unwrap_or_else(|| panic!("unregistered rule id {id}"));
        Change {
            severity: rule.severity,
            pointer: pointer.into(),
            kind: id.to_string(),
            message: format!("{}: {}", what.as_ref(), rule.reason),
        }
    }

    /// A change of a schema rule for `subject`.
    pub fn schema(
        subject: Subject,
        suffix: &str,
        pointer: impl Into<String>,
        what: impl AsRef<str>,
    ) -> Change {
        let rule = schema(suffix).unwrap_or_else(|| panic!("unregistered schema rule {suffix}"));
        let (severity, reason) = match subject.direction() {
            Direction::Request => rule.request,
            Direction::Response => rule.response,
        };
        Change {
            severity,
            pointer: pointer.into(),
            kind: format!("{}-{suffix}", subject.prefix()),
            message: format!("{}: {reason}", what.as_ref()),
        }
    }
}

/// The rule registered under a fixed id.
pub fn fixed(id: &str) -> Option<&'static Rule> {
    FIXED_RULES.iter().find(|r| r.id == id)
}

/// The schema rule registered under a suffix.
pub fn schema(suffix: &str) -> Option<&'static SchemaRule> {
    SCHEMA_RULES.iter().find(|r| r.suffix == suffix)
}

/// Severity and reason of the rule with this id (fixed or schema), if any.
pub fn lookup(id: &str) -> Option<(Severity, &'static str)> {
    if let Some(rule) = fixed(id) {
        return Some((rule.severity, rule.reason));
    }
    Subject::ALL.iter().find_map(|subject| {
        let suffix = id.strip_prefix(subject.prefix())?.strip_prefix('-')?;
        let rule = schema(suffix)?;
        Some(match subject.direction() {
            Direction::Request => rule.request,
            Direction::Response => rule.response,
        })
    })
}

/// Every concrete rule id (fixed ids and all subject/suffix combinations), sorted.
pub fn all_ids() -> Vec<String> {
    let mut ids: Vec<String> = FIXED_RULES.iter().map(|r| r.id.to_string()).collect();
    for subject in Subject::ALL {
        for rule in SCHEMA_RULES {
            ids.push(format!("{}-{}", subject.prefix(), rule.suffix));
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rules_are_sorted_and_unique() {
        let ids: Vec<_> = FIXED_RULES.iter().map(|r| r.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn schema_rules_are_sorted_and_do_not_collide_with_fixed_ids() {
        let suffixes: Vec<_> = SCHEMA_RULES.iter().map(|r| r.suffix).collect();
        let mut sorted = suffixes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(suffixes, sorted);
        let total = FIXED_RULES.len() + Subject::ALL.len() * SCHEMA_RULES.len();
        assert_eq!(
            all_ids().len(),
            total,
            "a schema id collides with a fixed id"
        );
    }

    #[test]
    fn every_rule_id_literal_in_compare_is_registered() {
        let source = [
            include_str!("compare/mod.rs"),
            include_str!("compare/toplevel.rs"),
            include_str!("compare/operations.rs"),
            include_str!("compare/parameters.rs"),
            include_str!("compare/bodies.rs"),
            include_str!("compare/schemas.rs"),
            include_str!("compare/keywords.rs"),
        ]
        .concat();
        let mut checked = 0;
        for literal in source.split('"').skip(1).step_by(2) {
            let id_like = literal.contains('-')
                && literal.chars().all(|c| c.is_ascii_lowercase() || c == '-');
            if !id_like {
                continue;
            }
            let registered = fixed(literal).is_some()
                || schema(literal).is_some()
                || (schema(&format!("{literal}-increased")).is_some()
                    && schema(&format!("{literal}-decreased")).is_some());
            assert!(
                registered,
                "`{literal}` is used in compare/ but not registered"
            );
            checked += 1;
        }
        assert!(checked > 50, "only {checked} ids found");
    }

    #[test]
    fn lookup_follows_direction() {
        assert_eq!(
            lookup("request-property-max-length-decreased").map(|x| x.0),
            Some(Severity::Breaking)
        );
        assert_eq!(
            lookup("response-property-max-length-decreased").map(|x| x.0),
            Some(Severity::NonBreaking)
        );
        assert_eq!(
            lookup("response-property-enum-value-added").map(|x| x.0),
            Some(Severity::NonBreaking)
        );
        assert!(
            lookup("response-property-enum-value-added")
                .unwrap()
                .1
                .contains("enums stay open")
        );
        assert_eq!(lookup("no-such-rule"), None);
    }
}
