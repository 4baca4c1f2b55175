//! Diagnostics: every failure names the spec file and where in it the problem is.

use std::fmt;

/// Where in the input a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A JSON pointer (RFC 6901) into the document, e.g. `/paths/~1pets/get`.
    Pointer(String),
    /// A line and column (1-based) in the source text, for syntax errors.
    LineColumn {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The whole document.
    Document,
}

/// What kind of problem a diagnostic reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The text is not valid YAML or JSON.
    Syntax,
    /// The document is not an OpenAPI 3.0.x document, or breaks its schema.
    InvalidDocument,
    /// A `$ref` that points nowhere, or a reference cycle that cannot be resolved.
    DanglingRef,
    /// A construct that is valid OpenAPI but that this generator does not support.
    Unsupported,
    /// Two things that must be unique are not (operation IDs, generated names).
    Conflict,
    /// A generation option is invalid (a crate name, version, licence or keyword that cargo
    /// or crates.io would refuse).
    InvalidOptions,
    /// The input exceeds a bound that keeps generation's time and memory in check (nesting
    /// depth, length of a `$ref` or `allOf` chain, size after YAML aliases are expanded).
    Limit,
}

/// A generator error. `Display` gives `file: location: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The kind of problem.
    pub kind: ErrorKind,
    /// The input file (or the source name given by the caller).
    pub file: String,
    /// Where in the file.
    pub location: Location,
    /// What is wrong, for a person.
    pub message: String,
}

impl Error {
    pub(crate) fn at(
        kind: ErrorKind,
        file: &str,
        pointer: &str,
        message: impl Into<String>,
    ) -> Self {
        Error {
            kind,
            file: file.to_owned(),
            location: Location::Pointer(pointer.to_owned()),
            message: message.into(),
        }
    }

    /// The JSON pointer of the problem, if it has one.
    pub fn pointer(&self) -> Option<&str> {
        match &self.location {
            Location::Pointer(p) => Some(p),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::Pointer(p) if p.is_empty() => write!(f, "{}: #: {}", self.file, self.message),
            Location::Pointer(p) => write!(f, "{}: #{}: {}", self.file, p, self.message),
            Location::LineColumn { line, column } => {
                write!(f, "{}:{}:{}: {}", self.file, line, column, self.message)
            }
            Location::Document => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for Error {}

/// A non-fatal diagnostic: something the generator handled by a documented fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// JSON pointer into the document.
    pub pointer: String,
    /// What was done and why.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: #{}: {}", self.pointer, self.message)
    }
}

/// Appends tokens to a JSON pointer.
pub fn ptr(base: &str, tokens: &[&str]) -> String {
    let mut out =
        String::with_capacity(base.len() + tokens.iter().map(|t| t.len() + 1).sum::<usize>());
    out.push_str(base);
    for t in tokens {
        out.push('/');
        crate::pointer::push_escaped(&mut out, t);
    }
    out
}
