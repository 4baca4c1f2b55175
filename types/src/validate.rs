//! Request-side validation: the spec's constraints, checked before anything is sent.
//!
//! Responses are never validated: a client built from an older spec must accept what a
//! newer server sends.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

/// Implemented by generated request types.
pub trait Validate {
    /// Checks `self`, reporting every broken constraint under `path`.
    fn validate_at(&self, path: &FieldPath, out: &mut Violations);

    /// Checks `self` and all it contains.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut v = Violations::default();
        self.validate_at(&FieldPath::root(), &mut v);
        v.into_result()
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &FieldPath, out: &mut Violations) {
        if let Some(v) = self {
            v.validate_at(path, out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &FieldPath, out: &mut Violations) {
        (**self).validate_at(path, out);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &FieldPath, out: &mut Violations) {
        for (i, v) in self.iter().enumerate() {
            v.validate_at(&path.index(i), out);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &FieldPath, out: &mut Violations) {
        for (k, v) in self {
            v.validate_at(&path.field(k), out);
        }
    }
}

/// Where a value sits in a request, in wire names: `replicate.destination_region`,
/// `items[2].name`, or a parameter name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(String);

impl FieldPath {
    /// The request body itself.
    pub fn root() -> Self {
        FieldPath(String::new())
    }

    /// A named member.
    pub fn field(&self, name: &str) -> Self {
        if self.0.is_empty() {
            FieldPath(name.to_owned())
        } else {
            FieldPath(format!("{}.{name}", self.0))
        }
    }

    /// An array element.
    pub fn index(&self, i: usize) -> Self {
        FieldPath(format!("{}[{i}]", self.0))
    }

    /// The path as text (`""` for the root).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The rule a value broke.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rule {
    /// A required value is missing.
    Required,
    /// `minLength`.
    MinLength(usize),
    /// `maxLength`.
    MaxLength(usize),
    /// `pattern`.
    Pattern(String),
    /// `format: uuid`.
    Uuid,
    /// `minimum` (inclusive unless `exclusive`).
    Minimum {
        /// The bound.
        bound: f64,
        /// `exclusiveMinimum`.
        exclusive: bool,
    },
    /// `maximum`.
    Maximum {
        /// The bound.
        bound: f64,
        /// `exclusiveMaximum`.
        exclusive: bool,
    },
    /// `minItems`.
    MinItems(usize),
    /// `maxItems`.
    MaxItems(usize),
    /// A value that cannot be sent as it is (e.g. a header value with a line break).
    Encoding,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("required"),
            Rule::MinLength(n) => write!(f, "minLength {n}"),
            Rule::MaxLength(n) => write!(f, "maxLength {n}"),
            Rule::Pattern(p) => write!(f, "pattern {p:?}"),
            Rule::Uuid => f.write_str("format uuid"),
            Rule::Minimum {
                bound,
                exclusive: false,
            } => write!(f, "minimum {bound}"),
            Rule::Minimum {
                bound,
                exclusive: true,
            } => write!(f, "exclusiveMinimum {bound}"),
            Rule::Maximum {
                bound,
                exclusive: false,
            } => write!(f, "maximum {bound}"),
            Rule::Maximum {
                bound,
                exclusive: true,
            } => write!(f, "exclusiveMaximum {bound}"),
            Rule::MinItems(n) => write!(f, "minItems {n}"),
            Rule::MaxItems(n) => write!(f, "maxItems {n}"),
            Rule::Encoding => f.write_str("encodable"),
        }
    }
}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Wire path of the value.
    pub field: String,
    /// The rule.
    pub rule: Rule,
    /// What is wrong, e.g. `is 256 characters long`.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` breaks {}: {}", self.field, self.rule, self.detail)
    }
}

/// All constraints a request breaks. Nothing was sent.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    /// At least one.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Collects violations; generated `validate_at` implementations call its checks.
#[derive(Debug, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    fn push(&mut self, path: &FieldPath, rule: Rule, detail: String) {
        self.0.push(Violation {
            field: path.as_str().to_owned(),
            rule,
            detail,
        });
    }

    /// A required value is missing.
    pub fn missing(&mut self, path: &FieldPath) {
        self.push(path, Rule::Required, "is missing".to_owned());
    }

    /// A value cannot be encoded for the wire.
    pub fn encoding(&mut self, path: &FieldPath, detail: impl Into<String>) {
        self.push(path, Rule::Encoding, detail.into());
    }

    /// `minLength` / `maxLength`, counted in characters as JSON Schema does.
    pub fn length(
        &mut self,
        path: &FieldPath,
        value: &str,
        min: Option<usize>,
        max: Option<usize>,
    ) {
        let n = value.chars().count();
        if let Some(min) = min.filter(|m| n < *m) {
            self.push(
                path,
                Rule::MinLength(min),
                format!("is {n} characters long"),
            );
        }
        if let Some(max) = max.filter(|m| n > *m) {
            self.push(
                path,
                Rule::MaxLength(max),
                format!("is {n} characters long"),
            );
        }
    }

    /// `format: uuid` (hyphenated, 36 characters).
    pub fn uuid(&mut self, path: &FieldPath, value: &str) {
        let ok = value.len() == 36 && uuid::Uuid::try_parse(value).is_ok();
        if !ok {
            self.push(path, Rule::Uuid, format!("{value:?} is not a UUID"));
        }
    }

    /// `pattern` (searched anywhere in the value, as JSON Schema specifies).
    pub fn pattern(&mut self, path: &FieldPath, value: &str, pattern: &'static str) {
        match compiled(pattern) {
            Some(re) if re.is_match(value) => {}
            Some(_) => self.push(
                path,
                Rule::Pattern(pattern.to_owned()),
                format!("{value:?} does not match"),
            ),
            // A pattern the regex engine cannot compile is not enforced; the server decides.
            None => {}
        }
    }

    /// `minimum` / `maximum` with their exclusive flags.
    pub fn range(
        &mut self,
        path: &FieldPath,
        value: f64,
        min: Option<(f64, bool)>,
        max: Option<(f64, bool)>,
    ) {
        if let Some((bound, exclusive)) = min
            && (value < bound || (exclusive && value == bound))
        {
            self.push(
                path,
                Rule::Minimum { bound, exclusive },
                format!("is {value}"),
            );
        }
        if let Some((bound, exclusive)) = max
            && (value > bound || (exclusive && value == bound))
        {
            self.push(
                path,
                Rule::Maximum { bound, exclusive },
                format!("is {value}"),
            );
        }
    }

    /// `minItems` / `maxItems`.
    pub fn items(&mut self, path: &FieldPath, len: usize, min: Option<usize>, max: Option<usize>) {
        if let Some(min) = min.filter(|m| len < *m) {
            self.push(path, Rule::MinItems(min), format!("has {len} items"));
        }
        if let Some(max) = max.filter(|m| len > *m) {
            self.push(path, Rule::MaxItems(max), format!("has {len} items"));
        }
    }

    /// Records `name` as missing when `value` is `None`; passes the value through.
    pub fn require<T>(&mut self, name: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.missing(&FieldPath::root().field(name));
        }
        value
    }

    /// `Ok` when nothing was reported.
    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: self.0 })
        }
    }
}

fn compiled(pattern: &'static str) -> Option<regex::Regex> {
    static CACHE: OnceLock<Mutex<BTreeMap<&'static str, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
    guard
        .entry(pattern)
        .or_insert_with(|| regex::Regex::new(pattern).ok())
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_report_field_and_rule() {
        let mut v = Violations::default();
        let root = FieldPath::root().field("replicate");
        v.length(
            &root.field("destination_region"),
            &"x".repeat(256),
            None,
            Some(255),
        );
        v.uuid(&root.field("vault_id"), "not-a-uuid");
        v.uuid(&root.field("ok"), "3b5816b5-f29c-4172-9d9a-76c719a659ce");
        v.pattern(&root.field("p"), "abc", "^[0-9]+$");
        v.range(&root.field("n"), 5.0, Some((5.0, true)), None);
        v.items(&root.field("list").index(0), 3, None, Some(2));
        let err = v.into_result().unwrap_err();
        let text = err.to_string();
        assert_eq!(err.violations.len(), 5, "{text}");
        assert!(
            text.contains(
                "`replicate.destination_region` breaks maxLength 255: is 256 characters long"
            ),
            "{text}"
        );
        assert!(
            text.contains("`replicate.vault_id` breaks format uuid"),
            "{text}"
        );
        assert!(text.contains("`replicate.p` breaks pattern"), "{text}");
        assert!(text.contains("exclusiveMinimum 5"), "{text}");
        assert!(
            text.contains("`replicate.list[0]` breaks maxItems 2"),
            "{text}"
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let mut v = Violations::default();
        v.length(
            &FieldPath::root().field("r"),
            &"区".repeat(255),
            Some(0),
            Some(255),
        );
        assert!(v.into_result().is_ok());
    }
}
