//! A JSON tree that remembers where every value came from (byte spans), read with `jiter`.
//!
//! The reader is strict RFC 8259 JSON: no comments, trailing commas, single quotes, `NaN`/`Infinity`, leading
//! zeros or other extensions. Strings without escapes borrow from the source text; numbers keep the text
//! written; duplicate member names are kept as separate members (the policy reader reports them).

use crate::diag::{Diagnostic, Source, Span};
use jiter::{Jiter, JiterError, JiterErrorType, JsonErrorType, Peek};
use std::borrow::Cow;

/// A JSON value with its source span. Strings borrow from the source text where they can.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub span: Span,
    pub kind: NodeKind<'a>,
}

/// The shape of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written.
    Number(Cow<'a, str>),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<Member<'a>>),
}

/// One `"name": value` pair of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub name: Cow<'a, str>,
    pub name_span: Span,
    pub value: Node<'a>,
}

/// The members of an object whose name repeats an earlier member's, in order. Objects are small as people write
/// them (a statement has at most nine elements), so a short list is compared pairwise, without hashing; a long
/// one (hostile input) is checked through a set, so the work stays linear.
pub fn repeated_members<'m, 'a>(members: &'m [Member<'a>]) -> Vec<&'m Member<'a>> {
    const PAIRWISE: usize = 16;
    if members.len() <= PAIRWISE {
        members
            .iter()
            .enumerate()
            .filter(|(i, m)| {
                members
                    .get(..*i)
                    .is_some_and(|before| before.iter().any(|b| b.name == m.name))
            })
            .map(|(_, m)| m)
            .collect()
    } else {
        let mut seen = std::collections::HashSet::with_capacity(members.len());
        members
            .iter()
            .filter(|m| !seen.insert(m.name.as_ref()))
            .collect()
    }
}

impl<'a> Node<'a> {
    /// A short word for the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Number(_) => "a number",
            NodeKind::String(_) => "a string",
            NodeKind::Array(_) => "an array",
            NodeKind::Object(_) => "an object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[Member<'a>]> {
        match &self.kind {
            NodeKind::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The member called `name` (exact match), if this is an object.
    pub fn get(&self, name: &str) -> Option<&Node<'a>> {
        self.as_object()?
            .iter()
            .find(|m| m.name == name)
            .map(|m| &m.value)
    }

    /// The value as pretty-printed JSON text (two-space indent, as `serde_json::to_string_pretty` writes it),
    /// with object members in the order they were written and numbers exactly as written.
    pub fn to_pretty_string(&self) -> String {
        let mut out = String::new();
        self.write_pretty(&mut out, 0);
        out
    }

    fn write_pretty(&self, out: &mut String, depth: usize) {
        fn newline(out: &mut String, depth: usize) {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("  ");
            }
        }
        fn string(out: &mut String, s: &str) {
            // Serialising a string cannot fail.
            out.push_str(&serde_json::to_string(s).unwrap_or_default());
        }
        match &self.kind {
            NodeKind::Null => out.push_str("null"),
            NodeKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            NodeKind::Number(n) => out.push_str(n),
            NodeKind::String(s) => string(out, s),
            NodeKind::Array(items) if items.is_empty() => out.push_str("[]"),
            NodeKind::Object(members) if members.is_empty() => out.push_str("{}"),
            NodeKind::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    item.write_pretty(out, depth + 1);
                }
                newline(out, depth);
                out.push(']');
            }
            NodeKind::Object(members) => {
                out.push('{');
                for (i, m) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, depth + 1);
                    string(out, &m.name);
                    out.push_str(": ");
                    m.value.write_pretty(out, depth + 1);
                }
                newline(out, depth);
                out.push('}');
            }
        }
    }

    /// Converts to a `serde_json::Value` (spans are dropped).
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Number(n) => n
                .parse::<serde_json::Number>()
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(n.to_string())),
            NodeKind::String(s) => Value::String(s.to_string()),
            NodeKind::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            NodeKind::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|m| (m.name.to_string(), m.value.to_value()))
                    .collect(),
            ),
        }
    }
}

/// Reads bytes as UTF-8 text, or says where they stop being UTF-8: an `invalid-utf8` error located at the first
/// bad byte (line and column of the text before it), with a word about UTF-16 when the bytes start with its byte
/// order mark.
pub fn decode(bytes: &[u8]) -> Result<&str, Box<Diagnostic>> {
    let e = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e,
    };
    let at = e.valid_up_to();
    let utf16 = bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]);
    let help = if utf16 {
        "the file starts with a UTF-16 byte order mark: save it as UTF-8 (without a BOM)"
    } else {
        "save the file as UTF-8; the bytes here are in another encoding (Latin-1 or Windows-1252, perhaps)"
    };
    let width = e.error_len().unwrap_or(bytes.len() - at);
    Err(Box::new(Diagnostic::error(
        crate::diag::Code::InvalidUtf8,
        format!(
            "the text is not UTF-8: byte {at} (0x{:02X}) does not start a UTF-8 character",
            bytes.get(at).copied().unwrap_or(0)
        ),
        help,
        Some(Span::new(at, at + width)),
    )))
}

/// The location of a [`decode`] error: the line and column where the bad byte stands, counted in the valid text
/// before it.
pub fn locate_decode_error(d: Diagnostic, source: Source, bytes: &[u8]) -> Diagnostic {
    let at = d.span.map_or(0, |s| s.start);
    let before = bytes
        .get(..at)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or_default();
    let mut d = d.locate(source, before);
    if let (Some(loc), Some(span)) = (d.location.as_mut(), d.span) {
        let (line, column) = (loc.line, loc.column);
        loc.end_line = line;
        loc.end_column = column + (span.end - span.start).max(1);
    }
    d
}

/// How deeply arrays and objects may nest. Deeper input is rejected (RFC 8259 §9 lets a parser limit nesting)
/// so that reading it cannot overflow the stack.
pub const MAX_DEPTH: usize = 128;

/// The largest document read (a scenario or a policy), in bytes: 16 MiB, twice what a share link may inflate to
/// and far above any AWS policy quota. Within it the work is linear in the size (README, Hostile inputs), so it
/// also bounds the number of statements (a statement takes at least 30 bytes: about 560,000).
pub const MAX_DOCUMENT_BYTES: usize = 16 << 20;

const HELP: &str = "check for a missing comma, quote or bracket near this place";

/// Parses strict JSON text into a [`Node`] tree, or a diagnostic with the place of the first problem.
pub fn parse(text: &str) -> Result<Node<'_>, Box<Diagnostic>> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(Box::new(Diagnostic::error(
            crate::diag::Code::TooLong,
            format!(
                "the document is {} bytes, more than the {} this tool reads",
                text.len(),
                MAX_DOCUMENT_BYTES
            ),
            "AWS policies are at most a few tens of KB (an S3 bucket policy 20 KB): split the scenario or remove what it does not need",
            None,
        )));
    }
    // Only JSON white space may surround the value, but a document of nothing but white space is "empty".
    if text.trim().is_empty() {
        return Err(Box::new(Diagnostic::error(
            crate::diag::Code::InvalidJson,
            "the document is empty",
            "paste a JSON object such as `{\"Version\": \"2012-10-17\", \"Statement\": []}`",
            Some(Span::new(0, text.len())),
        )));
    }
    let mut reader = Reader {
        text,
        jiter: Jiter::new(text.as_bytes()),
    };
    reader
        .document()
        .map_err(|problem| diagnostic(text, problem))
}

/// A syntax problem found while reading.
enum Problem {
    /// What `jiter` reported, at the byte offset it gives.
    Syntax(JiterError),
    /// The text ends inside the string, array or object opened at this offset.
    Unclosed(JiterError, usize),
    /// A byte at this offset that cannot start a value.
    Unexpected(usize),
    /// An array or object opened at this offset nests deeper than [`MAX_DEPTH`].
    TooDeep(usize),
}

impl From<JiterError> for Problem {
    fn from(e: JiterError) -> Self {
        Problem::Syntax(e)
    }
}

/// Reads a [`Node`] tree with `jiter`, which checks the syntax and decodes strings; the reader adds spans.
struct Reader<'a> {
    text: &'a str,
    jiter: Jiter<'a>,
}

impl<'a> Reader<'a> {
    fn document(&mut self) -> Result<Node<'a>, Problem> {
        let peek = self.jiter.peek()?;
        let node = self.value(peek, 0)?;
        self.jiter.finish()?;
        Ok(node)
    }

    /// Reads the value whose first byte, already peeked, is at the reader's position.
    fn value(&mut self, peek: Peek, depth: usize) -> Result<Node<'a>, Problem> {
        let start = self.jiter.current_index();
        let kind = match peek {
            Peek::Null => {
                self.jiter.known_null()?;
                NodeKind::Null
            }
            Peek::True | Peek::False => NodeKind::Bool(self.jiter.known_bool(peek)?),
            Peek::String => match self.jiter.known_str() {
                Ok(s) => NodeKind::String(borrow_or_own(self.text, s)),
                Err(e) => return Err(unclosed(e, start)),
            },
            Peek::Array => {
                self.enter(depth, start)?;
                let mut items = Vec::new();
                let mut next = self.jiter.known_array().map_err(|e| unclosed(e, start))?;
                while let Some(peek) = next {
                    items.push(self.value(peek, depth + 1)?);
                    next = self.jiter.array_step().map_err(|e| unclosed(e, start))?;
                }
                NodeKind::Array(items)
            }
            Peek::Object => {
                self.enter(depth, start)?;
                let mut members = Vec::new();
                let mut before = start;
                let mut key = match self.jiter.known_object() {
                    Ok(key) => key.map(|k| borrow_or_own(self.text, k)),
                    Err(e) => return Err(self.unclosed_object(e, start, before)),
                };
                while let Some(name) = key {
                    let name_span = self.name_span(before);
                    let peek = self.jiter.peek()?;
                    let value = self.value(peek, depth + 1)?;
                    members.push(Member {
                        name,
                        name_span,
                        value,
                    });
                    before = self.jiter.current_index();
                    key = match self.jiter.next_key() {
                        Ok(key) => key.map(|k| borrow_or_own(self.text, k)),
                        Err(e) => return Err(self.unclosed_object(e, start, before)),
                    };
                }
                NodeKind::Object(members)
            }
            _ if peek.is_num() => {
                let len = self.jiter.known_number_bytes(peek)?.len();
                let written = self.text.get(start..start + len);
                NodeKind::Number(Cow::Borrowed(written.ok_or(Problem::Unexpected(start))?))
            }
            _ => return Err(Problem::Unexpected(start)),
        };
        Ok(Node {
            span: Span::new(start, self.jiter.current_index()),
            kind,
        })
    }

    /// Checks that one more level of nesting, opened at `at`, stays within [`MAX_DEPTH`].
    fn enter(&self, depth: usize, at: usize) -> Result<(), Problem> {
        if depth >= MAX_DEPTH {
            return Err(Problem::TooDeep(at));
        }
        Ok(())
    }

    /// The first `"` at or after `from`: where the member name read from `from` on starts (only `{`, `,` and
    /// white space come before it).
    fn name_start(&self, from: usize) -> usize {
        self.text
            .as_bytes()
            .get(from..)
            .and_then(|b| b.iter().position(|c| *c == b'"'))
            .map_or(from, |i| from + i)
    }

    /// The span of the member name just read from `from` on, quotes included. The reader now stands just past
    /// the `:` after the name, with only white space between them.
    fn name_span(&self, from: usize) -> Span {
        let start = self.name_start(from);
        let colon = self.jiter.current_index().saturating_sub(1);
        let end = self
            .text
            .as_bytes()
            .get(start..colon)
            .and_then(|b| b.iter().rposition(|c| *c == b'"'))
            .map_or(colon, |i| start + i + 1);
        Span::new(start, end)
    }

    /// A problem met while reading a member name (from `from` on) of the object opened at `open`: the text
    /// ending inside the name or the object is placed at the quote or brace that was not closed.
    fn unclosed_object(&self, e: JiterError, open: usize, from: usize) -> Problem {
        match e.error_type {
            JiterErrorType::JsonError(JsonErrorType::EofWhileParsingString) => {
                Problem::Unclosed(e, self.name_start(from))
            }
            _ => unclosed(e, open),
        }
    }
}

/// `e`, placed at the string, array or object opened at `open` when the text ends inside it.
fn unclosed(e: JiterError, open: usize) -> Problem {
    match e.error_type {
        JiterErrorType::JsonError(
            JsonErrorType::EofWhileParsingString
            | JsonErrorType::EofWhileParsingList
            | JsonErrorType::EofWhileParsingObject,
        ) => Problem::Unclosed(e, open),
        _ => Problem::Syntax(e),
    }
}

/// `s` as a slice of `text` when it lies within it (a string without escapes), else an owned copy.
fn borrow_or_own<'a>(text: &'a str, s: &str) -> Cow<'a, str> {
    let offset = (s.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    match text.get(offset..offset.wrapping_add(s.len())) {
        Some(inside) if inside.as_ptr() == s.as_ptr() => Cow::Borrowed(inside),
        _ => Cow::Owned(s.to_owned()),
    }
}

/// The `invalid-json` diagnostic for a problem, placed at it.
fn diagnostic(text: &str, problem: Problem) -> Box<Diagnostic> {
    let (message, span) = match problem {
        Problem::Syntax(e) => {
            let at = match e.error_type {
                // At the comma itself, not at the bracket after it.
                JiterErrorType::JsonError(JsonErrorType::TrailingComma) => text
                    .as_bytes()
                    .get(..e.index)
                    .and_then(|b| b.iter().rposition(|c| *c == b','))
                    .unwrap_or(e.index),
                _ => e.index,
            };
            (describe(text, &e.error_type, at), char_span(text, at))
        }
        Problem::Unclosed(e, open) => (
            describe(text, &e.error_type, open),
            Span::new(open.min(text.len().saturating_sub(1)), text.len()),
        ),
        Problem::Unexpected(at) => (
            describe_start(text, at, EXPECTED_VALUE),
            char_span(text, at),
        ),
        Problem::TooDeep(at) => (
            Cow::Owned(format!(
                "arrays and objects nest more than {MAX_DEPTH} levels deep"
            )),
            char_span(text, at),
        ),
    };
    Box::new(Diagnostic::error(
        crate::diag::Code::InvalidJson,
        format!("invalid JSON: {message}"),
        HELP,
        Some(span),
    ))
}

const EXPECTED_VALUE: &str =
    "expected a value (an object, array, string, number, true, false or null)";

/// Words for what `jiter` found wrong at byte `at`.
fn describe(text: &str, error: &JiterErrorType, at: usize) -> Cow<'static, str> {
    use JsonErrorType as E;
    let JiterErrorType::JsonError(error) = error else {
        return Cow::Owned(error.to_string());
    };
    let words = match error {
        E::EofWhileParsingList => "this array is not closed (the text ends before its `]`)",
        E::EofWhileParsingObject => "this object is not closed (the text ends before its `}`)",
        E::EofWhileParsingString => "this string is not closed (the text ends before its `\"`)",
        E::EofWhileParsingValue => "the text ends where a value was expected",
        E::ExpectedColon => "expected `:` after the member name",
        E::ExpectedListCommaOrEnd => "expected `,` or `]` after an array element",
        E::ExpectedObjectCommaOrEnd => "expected `,` or `}` after an object member",
        E::ExpectedSomeIdent => "expected `true`, `false` or `null`",
        E::ExpectedSomeValue => EXPECTED_VALUE,
        E::InvalidEscape => {
            "invalid escape in a string (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)"
        }
        E::InvalidNumber => {
            "invalid number (no leading zeros or `+`, and digits on both sides of `.` and after `e`)"
        }
        E::NumberOutOfRange => "number too long",
        E::InvalidUnicodeCodePoint => "invalid Unicode code point in a string",
        E::ControlCharacterWhileParsingString => {
            "control character (U+0000 to U+001F) in a string: write it as an escape such as \\n"
        }
        E::KeyMustBeAString => "expected a member name in double quotes",
        E::LoneLeadingSurrogateInHexEscape | E::UnexpectedEndOfHexEscape => {
            "lone surrogate in a \\u escape (\\uD800-\\uDBFF must be followed by \\uDC00-\\uDFFF)"
        }
        E::TrailingComma => "trailing comma (nothing may follow the last element)",
        E::TrailingCharacters => "unexpected text after the JSON value",
        E::RecursionLimitExceeded => "arrays and objects nest too deeply",
        other => return Cow::Owned(other.to_string()),
    };
    // Where a token was due, a usual non-JSON habit may be the cause.
    let between_tokens = matches!(
        error,
        E::ExpectedSomeValue
            | E::InvalidNumber
            | E::KeyMustBeAString
            | E::ExpectedColon
            | E::ExpectedListCommaOrEnd
            | E::ExpectedObjectCommaOrEnd
            | E::TrailingCharacters
    );
    if between_tokens {
        describe_start(text, at, words)
    } else {
        Cow::Borrowed(words)
    }
}

/// `words`, unless what starts at byte `at` is a usual non-JSON habit, which is then named instead.
fn describe_start(text: &str, at: usize, words: &'static str) -> Cow<'static, str> {
    let rest = text.get(at..).unwrap_or_default();
    if rest.starts_with('\u{feff}') {
        Cow::Borrowed(
            "a byte order mark (U+FEFF): JSON text must not contain one (RFC 8259 §8.1); save the file as UTF-8 \
             without a BOM",
        )
    } else if rest.starts_with("//") || rest.starts_with("/*") {
        Cow::Borrowed("comments are not allowed in JSON")
    } else if rest.starts_with('\'') {
        Cow::Borrowed("strings and member names must be in double quotes, not single quotes")
    } else if ["NaN", "Infinity", "-Infinity"]
        .iter()
        .any(|w| rest.starts_with(w))
    {
        Cow::Borrowed("NaN and Infinity are not JSON numbers")
    } else if let Some(c) = rest
        .chars()
        .next()
        .filter(|c| c.is_whitespace() && !matches!(c, ' ' | '\t' | '\n' | '\r'))
    {
        Cow::Owned(format!(
            "U+{:04X} is not JSON white space (only space, tab, line feed and carriage return are)",
            u32::from(c)
        ))
    } else {
        Cow::Borrowed(words)
    }
}

/// The span of the whole character at byte `at` (the last character when `at` is at or past the end), so a
/// problem's place is at least one byte long and lies within the text.
fn char_span(text: &str, at: usize) -> Span {
    let mut start = at.min(text.len().saturating_sub(1));
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    let width = text
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .map_or(1, char::len_utf8);
    Span::new(start, (start + width).min(text.len().max(1)))
}
