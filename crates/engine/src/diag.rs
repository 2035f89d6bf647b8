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

    /// True for the empty span of a value that did not come from text.
    pub fn is_empty(&self) -> bool {
        self.start == 0 && self.end == 0
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

/// One problem found in the input, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// A stable kebab-case code, e.g. `unknown-condition-operator`.
    pub code: String,
    pub message: String,
    pub help: String,
    pub severity: Severity,
    /// Which document the span points into: a policy id such as `identity/AllowVolumes`, or `scenario`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl Diagnostic {
    pub fn error(
        code: &str,
        message: impl Into<String>,
        help: impl Into<String>,
        span: Option<Span>,
    ) -> Self {
        Diagnostic {
            code: code.to_string(),
            message: message.into(),
            help: help.into(),
            severity: Severity::Error,
            source: None,
            span,
            location: None,
        }
    }

    pub fn warning(
        code: &str,
        message: impl Into<String>,
        help: impl Into<String>,
        span: Option<Span>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, help, span)
        }
    }

    /// Fills `location` from the text the span points into, and names that text.
    pub fn locate(mut self, source: &str, text: &str) -> Self {
        self.source = Some(source.to_string());
        if let Some(span) = self.span {
            if !span.is_empty() || !text.is_empty() {
                self.location = Some(location_of(text, span));
            }
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    ascii: bool,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        }
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        if self.ascii {
            return (line, offset - start + 1);
        }
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        (line, column)
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

/// Computes the 1-based line and column (in characters) of a byte span.
pub fn location_of(text: &str, span: Span) -> Location {
    let (line, column) = line_col(text, span.start);
    let (end_line, end_column) = line_col(text, span.end);
    Location {
        line,
        column,
        end_line,
        end_column,
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for (i, ch) in text.char_indices() {
        if i >= offset {
            break;
        }
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "{\n  \"é\": 1,\n  x\n}";
        let offset = text.find('x').unwrap_or(0);
        let loc = location_of(text, Span::new(offset, offset + 1));
        assert_eq!((loc.line, loc.column, loc.end_column), (3, 3, 4));
        assert_eq!(
            LineIndex::new(text).location(Span::new(offset, offset + 1)),
            loc
        );
        let first = LineIndex::new(text).location(Span::new(0, 1));
        assert_eq!((first.line, first.column), (1, 1));
    }
}
