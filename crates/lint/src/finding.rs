//! What a check reports: a finding with its Access Analyzer issue code, severity, place, statement and fix.

use iam_engine::{Location, Span};
use serde::{Deserialize, Serialize};

/// How bad a finding is, in IAM Access Analyzer's four finding types (most severe first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    /// Something AWS rejects, or that cannot work as written.
    Error,
    /// Grants more than the author probably means.
    SecurityWarning,
    /// Valid, but probably not what was meant.
    Warning,
    /// Valid and harmless; a tidier way to say the same.
    Suggestion,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::SecurityWarning,
        Severity::Warning,
        Severity::Suggestion,
    ];

    /// `ERROR`, `SECURITY_WARNING`, `WARNING`, `SUGGESTION`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::SecurityWarning => "SECURITY_WARNING",
            Severity::Warning => "WARNING",
            Severity::Suggestion => "SUGGESTION",
        }
    }

    /// Reads `error`, `security-warning`, `SECURITY_WARNING`, … (case and `-`/`_` do not matter).
    pub fn parse(s: &str) -> Option<Severity> {
        let norm = s.trim().to_ascii_uppercase().replace('-', "_");
        Severity::ALL.into_iter().find(|v| v.as_str() == norm)
    }

    /// Whether a finding of this severity is at least as severe as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The statement a finding is in: its position in the `Statement` array and its `Sid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatementRef {
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

/// An edit that resolves the finding: replace the text at `span` with `replacement` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// What the edit does, for a button or a menu entry.
    pub title: String,
    pub span: Span,
    pub location: Location,
    pub replacement: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The IAM Access Analyzer issue code (`PASS_ROLE_WITH_STAR_IN_RESOURCE`) where Access Analyzer has the
    /// check, else this project's code in the same style (see [`crate::CHECKS`]).
    pub code: String,
    pub severity: Severity,
    pub message: String,
    /// Byte offsets into the linted text.
    pub span: Span,
    /// 1-based line and column (in characters) of the span.
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
    /// The engine diagnostic the finding comes from, when it comes from one (`not-principal-with-allow`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engine_code: Option<String>,
    /// Where the check is documented.
    pub learn_more: String,
}

impl Finding {
    /// `line:column`, as test cases and editors write it.
    pub fn at(&self) -> String {
        format!("{}:{}", self.location.line, self.location.column)
    }
}
