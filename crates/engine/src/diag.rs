//! Diagnostics: errors and warnings as data, each with a code, a help text and a place in the source.

use serde::{Deserialize, Serialize};

/// A byte range in a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// A 1-based line and column range, for people and editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The input is invalid; what it affects cannot be evaluated as written.
    Error,
    /// The input is valid but probably not what was meant.
    Warning,
}

/// Declares [`Code`]: each variant with its written (kebab-case) form.
macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
        /// What a diagnostic is about: the closed list of diagnostic codes (the README's "Diagnostic codes" table
        /// says what each means). Written in JSON and text as its kebab-case form (`invalid-json`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the README table's order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The written form: `invalid-json`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    // Reading a scenario or a policy (the engine).
    DuplicateElement => "duplicate-element",
    DuplicateField => "duplicate-field",
    DuplicateSid => "duplicate-sid",
    InvalidAction => "invalid-action",
    InvalidConditionValue => "invalid-condition-value",
    InvalidContextValue => "invalid-context-value",
    InvalidJson => "invalid-json",
    InvalidPrincipal => "invalid-principal",
    InvalidUtf8 => "invalid-utf8",
    InvalidVariable => "invalid-variable",
    InvalidVersion => "invalid-version",
    MalformedAction => "malformed-action",
    MalformedArn => "malformed-arn",
    MissingAction => "missing-action",
    MissingResource => "missing-resource",
    ActionAndNotaction => "action-and-notaction",
    ResourceAndNotresource => "resource-and-notresource",
    PrincipalAndNotprincipal => "principal-and-notprincipal",
    MissingDocument => "missing-document",
    MissingEffect => "missing-effect",
    MissingPolicies => "missing-policies",
    MissingPrincipal => "missing-principal",
    MissingRequest => "missing-request",
    MissingStatement => "missing-statement",
    NotPrincipalEveryone => "not-principal-everyone",
    NotPrincipalWithAllow => "not-principal-with-allow",
    NullContextValue => "null-context-value",
    PolicySizeQuota => "policy-size-quota",
    PrincipalInIdentityPolicy => "principal-in-identity-policy",
    PrincipalTypeMismatch => "principal-type-mismatch",
    RcpAllowNotSupported => "rcp-allow-not-supported",
    RcpLevelWithoutFullAccess => "rcp-level-without-full-access",
    RequestAndRequests => "request-and-requests",
    SubstitutionTooLong => "substitution-too-long",
    TooLong => "too-long",
    UnknownConditionOperator => "unknown-condition-operator",
    UnknownEffect => "unknown-effect",
    UnknownElement => "unknown-element",
    UnknownField => "unknown-field",
    UnresolvedManagedPolicy => "unresolved-managed-policy",
    UnterminatedVariable => "unterminated-variable",
    VariableInArnPrefix => "variable-in-arn-prefix",
    VariableInOldVersion => "variable-in-old-version",
    VariableNotAllowed => "variable-not-allowed",
    WrongValueType => "wrong-value-type",
    // The real-API answer.
    SetOperatorOnSingleValuedKey => "set-operator-on-single-valued-key",
    SingleValuedKeyWithList => "single-valued-key-with-list",
    // Policy comparison.
    CompareInvalidPolicy => "compare-invalid-policy",
    CompareNotSearched => "compare-not-searched",
    CompareUnevaluableStatement => "compare-unevaluable-statement",
    CompareReplayFailed => "compare-replay-failed",
    // The command line.
    EmptyLine => "empty-line",
    // Reading AWS error messages (`iam-fromerror`).
    NothingRecognised => "nothing-recognised",
    EncodedMessageOnly => "encoded-message-only",
    NoAction => "no-action",
    AmbiguousOperation => "ambiguous-operation",
    UnknownAction => "unknown-action",
    UnrecognisedJson => "unrecognised-json",
    NotDenied => "not-denied",
    PassedOver => "passed-over",
    InputTooLong => "input-too-long",
}

impl Code {
    /// The code written `text`, if there is one.
    pub fn from_text(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == text)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares with a written form, so that `d.code == "invalid-json"` reads as it says.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::from_text(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code `{text}`")))
    }
}

/// Which text a diagnostic's span points into.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Source {
    /// The scenario document itself (written `scenario`).
    Scenario,
    /// One policy of the scenario, by its id (`identity/AllowVolumes`).
    Policy(crate::policy::PolicyId),
    /// Another text, by the name people see (`pasted text`).
    Other(String),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Scenario => f.write_str("scenario"),
            Source::Policy(id) => f.write_str(id),
            Source::Other(s) => f.write_str(s),
        }
    }
}

impl From<String> for Source {
    /// Reads the written form back: `scenario`, a policy id (its kind's prefix, a slash, the name), or another name.
    fn from(s: String) -> Self {
        if s == "scenario" {
            return Source::Scenario;
        }
        let is_policy = s
            .split_once('/')
            .is_some_and(|(prefix, _)| crate::PolicyKind::from_id_prefix(prefix).is_some());
        if is_policy {
            Source::Policy(crate::policy::PolicyId::from_text(&s))
        } else {
            Source::Other(s)
        }
    }
}

impl From<Source> for String {
    fn from(s: Source) -> Self {
        s.to_string()
    }
}

/// One problem found in the input, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// What it is about, e.g. `unknown-condition-operator`.
    pub code: Code,
    pub message: String,
    pub help: String,
    pub severity: Severity,
    /// Which document the span points into: a policy (`identity/AllowVolumes`) or the scenario.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Diagnostic {
    pub fn error(
        code: Code,
        message: impl Into<String>,
        help: impl Into<String>,
        span: Option<Span>,
    ) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            help: help.into(),
            severity: Severity::Error,
            source: None,
            span,
            location: None,
        }
    }

    pub fn warning(
        code: Code,
        message: impl Into<String>,
        help: impl Into<String>,
        span: Option<Span>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, help, span)
        }
    }

    /// Fills `location` from the text the span points into, and names that text. Indexes the text once;
    /// to locate many diagnostics in one text, build a [`LineIndex`] once and use [`Diagnostic::locate_in`].
    pub fn locate(mut self, source: Source, text: &str) -> Self {
        self.source = Some(source);
        // A diagnostic without a span (one about the whole input) has no location.
        self.location = self.span.map(|span| location_of(text, span));
        self
    }

    /// Like [`Diagnostic::locate`], with a line index of the text (each location then costs a binary search).
    pub fn locate_in(mut self, source: Source, index: &LineIndex<'_>) -> Self {
        self.source = Some(source);
        self.location = self.span.map(|span| index.location(span));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// True for a problem in the scenario document itself (not in one of its policies).
    pub fn in_scenario(&self) -> bool {
        self.source == Some(Source::Scenario)
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}]", self.code)?;
        if let Some(src) = &self.source {
            write!(f, " {src}")?;
        }
        if let Some(loc) = &self.location {
            write!(f, ":{}:{}", loc.line, loc.column)?;
        }
        write!(f, ": {}", self.message)?;
        if !self.help.is_empty() {
            write!(f, " (help: {})", self.help)?;
        }
        Ok(())
    }
}

/// Line starts of a text, for turning many spans into locations without rescanning the text each time.
///
/// A line ends at a line feed, a carriage return followed by a line feed, or a carriage return alone (old Mac
/// files, and what some editors paste), so that every editor's line numbers agree with ours.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    /// For text that is not ASCII: (byte offset, characters before it) every [`MARK_EVERY`] bytes or so, so that
    /// a column is counted from the nearest mark, not from the start of a possibly very long line.
    marks: Vec<(usize, usize)>,
}

/// How far apart the character-count marks of a [`LineIndex`] are, in bytes.
const MARK_EVERY: usize = 4096;

/// Byte offsets where lines start (after `\n`, after `\r` not followed by `\n`).
fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let lone_cr = bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) != Some(&b'\n');
        if lone_cr || bytes.get(i) == Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    starts
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut marks = Vec::new();
        if !text.is_ascii() {
            let mut next = 0usize;
            for (chars, (i, _)) in text.char_indices().enumerate() {
                if i >= next {
                    marks.push((i, chars));
                    next = i + MARK_EVERY;
                }
            }
        }
        LineIndex {
            text,
            starts: line_starts(text),
            marks,
        }
    }

    /// Characters before byte `offset` (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let k = self.marks.partition_point(|(b, _)| *b <= offset);
        let (from, count) = k
            .checked_sub(1)
            .and_then(|k| self.marks.get(k))
            .copied()
            .unwrap_or((0, 0));
        count
            + self
                .text
                .get(from..offset)
                .map_or(offset.saturating_sub(from), |s| s.chars().count())
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        if self.marks.is_empty() {
            return (line, offset - start + 1);
        }
        (
            line,
            self.chars_before(offset) - self.chars_before(start) + 1,
        )
    }

    /// The location of a span.
    pub fn location(&self, span: Span) -> Location {
        let (line, column) = self.line_col(span.start);
        let (end_line, end_column) = self.line_col(span.end);
        Location {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// The 1-based line and column (in characters) of a byte span, by a [`LineIndex`] of the text (the one way lines are
/// counted).
pub fn location_of(text: &str, span: Span) -> Location {
    LineIndex::new(text).location(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain count the line index must agree with: characters from the start, a line ending at LF, CR LF or
    /// a lone CR.
    fn counted(text: &str, offset: usize) -> (usize, usize) {
        let mut line = 1;
        let mut column = 1;
        let mut chars = text.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            if i >= offset {
                break;
            }
            let cr_lf = ch == '\r' && chars.peek().is_some_and(|(_, c)| *c == '\n');
            if ch == '\n' || (ch == '\r' && !cr_lf) {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        (line, column)
    }

    fn location_counted(text: &str, span: Span) -> Location {
        let (line, column) = counted(text, span.start);
        let (end_line, end_column) = counted(text, span.end);
        Location {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The answer JSON names a diagnostic's text as before (`scenario`, a policy id, another name), and reading it
    /// back gives the same source: the app reads answers back from its worker.
    #[test]
    fn a_source_is_written_as_its_name_and_read_back() {
        for (source, written) in [
            (Source::Scenario, "scenario"),
            (
                Source::Policy(crate::policy::PolicyId::from_text("identity/Volumes")),
                "identity/Volumes",
            ),
            (
                Source::Policy(crate::policy::PolicyId::from_text("scps/Guard")),
                "scps/Guard",
            ),
            (Source::Other("pasted text".into()), "pasted text"),
            (Source::Other("docs/readme".into()), "docs/readme"),
        ] {
            let json = serde_json::to_string(&source).unwrap_or_default();
            assert_eq!(json, format!("\"{written}\""));
            let back: Result<Source, _> = serde_json::from_str(&json);
            assert_eq!(back.ok(), Some(source));
        }
    }

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "{\n  \"é\": 1,\n  x\n}";
        let offset = text.find('x').unwrap_or(0);
        let loc = location_counted(text, Span::new(offset, offset + 1));
        assert_eq!((loc.line, loc.column, loc.end_column), (3, 3, 4));
        assert_eq!(
            LineIndex::new(text).location(Span::new(offset, offset + 1)),
            loc
        );
        let first = LineIndex::new(text).location(Span::new(0, 1));
        assert_eq!((first.line, first.column), (1, 1));
    }

    /// A place is a span; a problem about the input as a whole has none. An empty span at the start of the text
    /// is still a place (line 1, column 1: where an editor puts the caret), not "nowhere".
    #[test]
    fn a_span_is_a_place_and_no_span_is_none() {
        let text = "]";
        let at_start = Diagnostic::error(Code::InvalidJson, "m", "h", Some(Span::new(0, 0)))
            .locate(Source::Scenario, text);
        let loc = at_start.location.map(|l| (l.line, l.column));
        assert_eq!(loc, Some((1, 1)));
        let nowhere = Diagnostic::warning(Code::MissingPrincipal, "m", "h", None)
            .locate(Source::Scenario, text);
        assert_eq!(nowhere.location, None);
        assert_eq!(nowhere.source, Some(Source::Scenario));
    }

    /// A carriage return alone ends a line, as it does in every editor (the issue: an error on line 3 of a file
    /// with CR line ends was reported at 1:58); CR LF is one line end.
    #[test]
    fn lone_carriage_returns_end_lines() {
        for text in [
            "{\r  \"a\": 1,\r  x\r}",
            "{\r\n  \"a\": 1,\r\n  x\r\n}",
            "{\n  \"a\": 1,\r  x\n}",
        ] {
            let offset = text.find('x').unwrap_or(0);
            let span = Span::new(offset, offset + 1);
            let loc = location_counted(text, span);
            assert_eq!((loc.line, loc.column), (3, 3), "{text:?}");
            assert_eq!(LineIndex::new(text).location(span), loc, "{text:?}");
        }
    }

    /// The index counts columns from marks, so a long line of non-ASCII text is not rescanned per location; it
    /// agrees with the plain count everywhere.
    #[test]
    fn marks_agree_with_counting_on_long_lines() {
        let text: String = (0..3000)
            .map(|i| match i % 7 {
                0 => "é",
                1 => "\r",
                2 => "日本",
                3 => "\r\n",
                _ => "ab",
            })
            .collect();
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(37) {
            let span = Span::new(offset, offset);
            assert_eq!(
                index.location(span),
                location_counted(&text, span),
                "at {offset}"
            );
        }
    }
}
