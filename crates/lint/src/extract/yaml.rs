//! YAML read into the engine's JSON tree with spans into the YAML text (`saphyr-parser` events), for
//! CloudFormation templates written in YAML. The short forms of intrinsic functions (`!Ref`, `!Sub`, `!GetAtt`,
//! `!Join`, …) become the objects of their long forms (`{"Fn::Sub": …}`), so templates in either syntax read the same.

use iam_engine::json::{Member, Node, NodeKind};
use iam_engine::Span;
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::borrow::Cow;

/// Byte offsets of every character of a text, for turning the parser's character indices into byte offsets.
struct Offsets(Vec<usize>);

impl Offsets {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        Offsets(v)
    }

    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .or_else(|| self.0.last())
            .copied()
            .unwrap_or(0)
    }
}

/// The deepest nesting read; deeper documents are refused (as the JSON reader refuses them).
const MAX_DEPTH: usize = 128;

/// Reads the first document of a YAML text; `None` when it is not YAML (or nests too deep).
pub(crate) fn parse(text: &str) -> Option<Node<'static>> {
    let offsets = Offsets::new(text);
    let mut events = Parser::new_from_str(text)
        .map_while(Result::ok)
        .filter(|(e, _)| {
            !matches!(
                e,
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing
            )
        });
    let (first, span) = events.next()?;
    node(first, span, &mut events, &offsets, 0)
}

/// The long-form name of an intrinsic function's short tag (`!Sub` → `Fn::Sub`, `!Ref` → `Ref`).
fn intrinsic(tag: Option<&Cow<'_, Tag>>) -> Option<String> {
    let tag = tag?;
    if tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    })
}

fn span_of(span: saphyr_parser::Span, offsets: &Offsets) -> Span {
    Span::new(
        offsets.byte(span.start.index()),
        offsets.byte(span.end.index()),
    )
}

/// Wraps a node in the object of an intrinsic function's long form.
fn wrap(name: Option<String>, inner: Node<'static>, span: Span) -> Node<'static> {
    match name {
        Some(name) => Node {
            span,
            kind: NodeKind::Object(vec![Member {
                name: Cow::Owned(name),
                name_span: span,
                value: inner,
            }]),
        },
        None => inner,
    }
}

fn scalar(value: &str, style: ScalarStyle) -> NodeKind<'static> {
    if style != ScalarStyle::Plain {
        return NodeKind::String(Cow::Owned(value.to_string()));
    }
    match value {
        "true" | "True" | "TRUE" => NodeKind::Bool(true),
        "false" | "False" | "FALSE" => NodeKind::Bool(false),
        "~" | "null" | "Null" | "NULL" | "" => NodeKind::Null,
        v if v.parse::<f64>().is_ok()
            && v.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) =>
        {
            NodeKind::Number(Cow::Owned(v.to_string()))
        }
        v => NodeKind::String(Cow::Owned(v.to_string())),
    }
}

fn node<'i>(
    event: Event<'i>,
    span: saphyr_parser::Span,
    events: &mut impl Iterator<Item = (Event<'i>, saphyr_parser::Span)>,
    offsets: &Offsets,
    depth: usize,
) -> Option<Node<'static>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let start = span_of(span, offsets);
    Some(match event {
        Event::Scalar(value, style, _, tag) => {
            let inner = Node {
                span: start,
                kind: scalar(&value, style),
            };
            wrap(intrinsic(tag.as_ref()), inner, start)
        }
        Event::SequenceStart(_, tag) => {
            let mut items = Vec::new();
            let mut end = start.end;
            loop {
                let (e, s) = events.next()?;
                if matches!(e, Event::SequenceEnd) {
                    end = span_of(s, offsets).end.max(end);
                    break;
                }
                let item = node(e, s, events, offsets, depth + 1)?;
                end = end.max(item.span.end);
                items.push(item);
            }
            let span = Span::new(start.start, end);
            wrap(
                intrinsic(tag.as_ref()),
                Node {
                    span,
                    kind: NodeKind::Array(items),
                },
                span,
            )
        }
        Event::MappingStart(_, tag) => {
            let mut members = Vec::new();
            let mut end = start.end;
            loop {
                let (e, s) = events.next()?;
                if matches!(e, Event::MappingEnd) {
                    end = span_of(s, offsets).end.max(end);
                    break;
                }
                let key = node(e, s, events, offsets, depth + 1)?;
                let (ve, vs) = events.next()?;
                let value = node(ve, vs, events, offsets, depth + 1)?;
                end = end.max(value.span.end);
                let name = match &key.kind {
                    NodeKind::String(s) | NodeKind::Number(s) => s.to_string(),
                    NodeKind::Bool(b) => b.to_string(),
                    _ => String::new(),
                };
                members.push(Member {
                    name: Cow::Owned(name),
                    name_span: key.span,
                    value,
                });
            }
            let span = Span::new(start.start, end);
            wrap(
                intrinsic(tag.as_ref()),
                Node {
                    span,
                    kind: NodeKind::Object(members),
                },
                span,
            )
        }
        // Aliases, and anything else, stand for nothing the checks read.
        _ => Node {
            span: start,
            kind: NodeKind::Null,
        },
    })
}
