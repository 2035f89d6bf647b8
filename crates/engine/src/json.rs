//! A JSON tree that remembers where every value came from (byte spans), built from `jsonc-parser`'s AST.

use crate::diag::{Diagnostic, Span};
use jsonc_parser::ast;
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

    /// Builds a node tree (with empty spans) from a `serde_json::Value`.
    pub fn from_value(value: &'a serde_json::Value) -> Node<'a> {
        use serde_json::Value;
        let kind = match value {
            Value::Null => NodeKind::Null,
            Value::Bool(b) => NodeKind::Bool(*b),
            Value::Number(n) => NodeKind::Number(Cow::Owned(n.to_string())),
            Value::String(s) => NodeKind::String(Cow::Borrowed(s)),
            Value::Array(a) => NodeKind::Array(a.iter().map(Node::from_value).collect()),
            Value::Object(o) => NodeKind::Object(
                o.iter()
                    .map(|(k, v)| Member {
                        name: Cow::Borrowed(k.as_str()),
                        name_span: Span::default(),
                        value: Node::from_value(v),
                    })
                    .collect(),
            ),
        };
        Node {
            span: Span::default(),
            kind,
        }
    }
}

/// Parses strict JSON text into a [`Node`] tree, or a diagnostic with the place of the first problem.
pub fn parse(text: &str) -> Result<Node<'_>, Box<Diagnostic>> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = jsonc_parser::CollectOptions::default();
    match jsonc_parser::parse_to_ast(text, &collect, &options) {
        Ok(result) => match result.value {
            Some(value) => Ok(convert(value)),
            None => Err(Box::new(Diagnostic::error(
                "invalid-json",
                "the document is empty",
                "paste a JSON object such as `{\"Version\": \"2012-10-17\", \"Statement\": []}`",
                Some(Span::new(0, text.len())),
            ))),
        },
        Err(err) => {
            let range = err.range();
            Err(Box::new(Diagnostic::error(
                "invalid-json",
                format!("invalid JSON: {}", err.kind()),
                "check for a missing comma, quote or bracket near this place",
                Some(Span::new(range.start, range.end.max(range.start + 1))),
            )))
        }
    }
}

fn span_of(range: jsonc_parser::common::Range) -> Span {
    Span::new(range.start, range.end)
}

fn convert(value: ast::Value<'_>) -> Node<'_> {
    match value {
        ast::Value::StringLit(s) => Node {
            span: span_of(s.range),
            kind: NodeKind::String(s.value),
        },
        ast::Value::NumberLit(n) => Node {
            span: span_of(n.range),
            kind: NodeKind::Number(Cow::Borrowed(n.value)),
        },
        ast::Value::BooleanLit(b) => Node {
            span: span_of(b.range),
            kind: NodeKind::Bool(b.value),
        },
        ast::Value::NullKeyword(n) => Node {
            span: span_of(n.range),
            kind: NodeKind::Null,
        },
        ast::Value::Array(a) => Node {
            span: span_of(a.range),
            kind: NodeKind::Array(a.elements.into_iter().map(convert).collect()),
        },
        ast::Value::Object(o) => Node {
            span: span_of(o.range),
            kind: NodeKind::Object(
                o.properties
                    .into_iter()
                    .map(|p| {
                        let (name, name_span) = match p.name {
                            ast::ObjectPropName::String(s) => (s.value, span_of(s.range)),
                            ast::ObjectPropName::Word(w) => {
                                (Cow::Borrowed(w.value), span_of(w.range))
                            }
                        };
                        Member {
                            name,
                            name_span,
                            value: convert(p.value),
                        }
                    })
                    .collect(),
            ),
        },
    }
}
