//! The report: spec changes plus generated-API changes, a summary and the semver bump,
//! rendered as markdown (a PR comment) or JSON.

use crate::load::Document;
use crate::locate::Locator;
pub use crate::locate::locate;
use crate::rules::{Change, Severity};
use crate::rust_api::{self, ApiChange, Generator, Semver};
use serde::Serialize;

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// A summary line and a table, for a PR comment.
    #[default]
    Markdown,
    /// `{"changes":[…],"summary":{…},"semver":"…"}`.
    Json,
}

/// Counts per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Breaking changes.
    pub breaking: usize,
    /// Non-breaking changes.
    pub non_breaking: usize,
    /// Informational changes.
    pub info: usize,
}

/// How the generated Rust API was compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustApiStatus {
    /// No generator was given: the semver bump is estimated from the spec changes
    /// (breaking → major, non-breaking → minor, info → patch).
    NotCompared,
    /// Both sides were generated and compared; the bump comes from the Rust API.
    Compared,
    /// A side could not be generated or parsed.
    Failed(String),
}

/// The complete result of a comparison.
#[derive(Clone, Debug)]
pub struct Report {
    /// Name of the base document.
    pub base_name: String,
    /// Name of the head document.
    pub head_name: String,
    /// All changes (spec and Rust API), sorted: severity, pointer, kind, message.
    pub changes: Vec<Change>,
    /// Counts per severity.
    pub summary: Summary,
    /// The semver bump implied for the generated crate.
    pub semver: Semver,
    /// How the Rust API part went.
    pub rust_api: RustApiStatus,
}

/// The spec-only estimate of the bump.
pub fn semver_from_spec(changes: &[Change]) -> Semver {
    changes
        .iter()
        .map(|c| match c.severity {
            Severity::Breaking => Semver::Major,
            Severity::NonBreaking => Semver::Minor,
            Severity::Info => Semver::Patch,
        })
        .max()
        .unwrap_or(Semver::None)
}

fn rust_change(change: &ApiChange, locator: &Locator) -> Change {
    Change {
        severity: match change.bump {
            Semver::Major => Severity::Breaking,
            Semver::Minor => Severity::NonBreaking,
            Semver::Patch | Semver::None => Severity::Info,
        },
        pointer: locator.locate(change),
        kind: change.rule_id(),
        message: change.message(),
    }
}

/// The stack of the thread that runs the generator and parses its output: the generator
/// and `syn` recurse with the nesting of the spec and of the generated code, and the caller
/// may have as little as 2 MiB (a test thread). Only the pages used are committed.
const GENERATOR_STACK: usize = 256 << 20;

/// Run `work` (the generator, or the parsing of its output) on a thread of its own with
/// [`GENERATOR_STACK`]; a panic becomes an error, so it is reported as a failed generation
/// rather than taking spec-diff down. (A stack overflow still aborts the process: the
/// generator must bound its own recursion; the large stack only leaves it room.)
fn guarded<T: Send>(work: impl FnOnce() -> Result<T, String> + Send) -> Result<T, String> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("rust-api".to_string())
            .stack_size(GENERATOR_STACK)
            .spawn_scoped(scope, work)
            .map_err(|e| format!("cannot start the generator's thread: {e}"))?;
        thread.join().unwrap_or_else(|panic| {
            let detail = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("no message");
            Err(format!("the generator panicked: {detail}"))
        })
    })
}

impl Report {
    /// Compare `base` and `head`; with a generator, also compare the generated crates.
    pub fn build(base: &Document, head: &Document, generator: Option<&dyn Generator>) -> Report {
        let mut changes = crate::compare::compare(base, head);
        let spec_semver = semver_from_spec(&changes);
        let (semver, rust_api) = match generator {
            None => (spec_semver, RustApiStatus::NotCompared),
            Some(g) => match (
                guarded(|| g.generate(&base.name, &base.text)),
                guarded(|| g.generate(&head.name, &head.text)),
            ) {
                (Ok(bf), Ok(hf)) => match guarded(|| rust_api::compare_generated(&bf, &hf)) {
                    Ok(diff) => {
                        let locator = Locator::new(base, head);
                        changes.extend(diff.changes.iter().map(|c| rust_change(c, &locator)));
                        // A change that breaks callers on the wire breaks the crate too, even when
                        // its signatures stay the same (e.g. a tighter maxLength is now rejected
                        // before sending): at least a major bump.
                        let floor = if spec_semver == Semver::Major {
                            Semver::Major
                        } else {
                            Semver::None
                        };
                        (diff.semver.max(floor), RustApiStatus::Compared)
                    }
                    Err(e) => (spec_semver, RustApiStatus::Failed(e)),
                },
                (_, Err(e)) => {
                    changes.push(Change {
                        severity: Severity::Breaking,
                        pointer: String::new(),
                        kind: "rust-generation-failed".to_string(),
                        message: format!(
                            "the generator fails on {}: {e}: the crate cannot be generated from the new spec",
                            head.name
                        ),
                    });
                    (Semver::Major, RustApiStatus::Failed(e))
                }
                (Err(e), Ok(_)) => {
                    changes.push(Change {
                        severity: Severity::Info,
                        pointer: String::new(),
                        kind: "rust-generation-failed".to_string(),
                        message: format!(
                            "the generator fails on {}: {e}: the Rust API was not compared",
                            base.name
                        ),
                    });
                    (spec_semver.max(Semver::Patch), RustApiStatus::Failed(e))
                }
            },
        };
        changes.sort();
        changes.dedup();
        Report::from_changes(
            base.name.clone(),
            head.name.clone(),
            changes,
            semver,
            rust_api,
        )
    }

    /// Assemble a report from sorted changes.
    pub fn from_changes(
        base_name: String,
        head_name: String,
        changes: Vec<Change>,
        semver: Semver,
        rust_api: RustApiStatus,
    ) -> Report {
        let count = |s: Severity| changes.iter().filter(|c| c.severity == s).count();
        let summary = Summary {
            breaking: count(Severity::Breaking),
            non_breaking: count(Severity::NonBreaking),
            info: count(Severity::Info),
        };
        Report {
            base_name,
            head_name,
            changes,
            summary,
            semver,
            rust_api,
        }
    }

    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.summary.breaking > 0
    }

    /// Render in `format` (ends with a newline).
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => self.to_markdown(),
            Format::Json => self.to_json(),
        }
    }

    /// `{"changes":[{"severity","kind","pointer","message"}],"summary":{…},"semver":"…"}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct JsonChange<'a> {
            severity: Severity,
            kind: &'a str,
            pointer: &'a str,
            message: &'a str,
        }
        #[derive(Serialize)]
        struct JsonReport<'a> {
            changes: Vec<JsonChange<'a>>,
            summary: Summary,
            semver: Semver,
        }
        let report = JsonReport {
            changes: self
                .changes
                .iter()
                .map(|c| JsonChange {
                    severity: c.severity,
                    kind: &c.kind,
                    pointer: &c.pointer,
                    message: &c.message,
                })
                .collect(),
            summary: self.summary,
            semver: self.semver,
        };
        let mut out = serde_json::to_string_pretty(&report).expect("a report serializes");
        out.push('\n');
        out
    }

    /// The verdict line (the bump, then the counts), the spec changes grouped by operation
    /// or component with breaking ones first, the informational ones folded, and the Rust
    /// API changes grouped by type in a folded `<details>` block.
    pub fn to_markdown(&self) -> String {
        crate::markdown::render(self)
    }
}
