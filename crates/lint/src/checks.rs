//! The checks over a parsed policy: the context they share (`Cx`: the text, the engine's reading of it, the JSON
//! nodes and the findings so far) and the order they run in. Each family of checks lives in `checks/`.

mod actions;
mod conditions;
mod document;
mod escalation;
mod kinds;
mod principals;
mod resources;

use crate::catalog;
use crate::finding::{Finding, Fix, Severity, StatementRef};
use crate::Options;
use iam_engine::diag::LineIndex;
use iam_engine::json::{Member, Node, NodeKind};
use iam_engine::policy::{Effect, Statement};
use iam_engine::{Policy, Span};

/// What every check reads, and where findings go.
pub(crate) struct Cx<'a, 't> {
    pub text: &'t str,
    pub index: &'a LineIndex<'t>,
    pub options: &'a Options,
    pub policy: &'a Policy,
    /// The policy document, when it is JSON.
    pub node: Option<&'a Node<'t>>,
    /// The JSON node of each statement, in the order of `policy.statements`.
    pub statement_nodes: Vec<&'a Node<'t>>,
    findings: Vec<Finding>,
}

impl<'a, 't> Cx<'a, 't> {
    pub fn new(
        text: &'t str,
        index: &'a LineIndex<'t>,
        options: &'a Options,
        policy: &'a Policy,
        node: Option<&'a Node<'t>>,
    ) -> Self {
        let statement_nodes = match node.and_then(|n| n.get("Statement")).map(|s| &s.kind) {
            Some(NodeKind::Array(items)) => items.iter().collect(),
            Some(NodeKind::Object(_)) => {
                node.and_then(|n| n.get("Statement")).into_iter().collect()
            }
            _ => Vec::new(),
        };
        Cx {
            text,
            index,
            options,
            policy,
            node,
            statement_nodes,
            findings: Vec::new(),
        }
    }

    /// The reference's action named `name` (any case).
    pub fn action(&mut self, name: &str) -> Option<iam_reference::Action> {
        crate::cache::action(name)
    }

    /// The type of a condition key (any case).
    pub fn key_type(&mut self, key: &str) -> Option<iam_reference::KeyType> {
        crate::cache::key_type(key)
    }

    /// The actions an Action entry names: a name is looked up, a pattern expanded over the reference.
    pub fn expand(&mut self, raw: &str) -> std::sync::Arc<Vec<iam_reference::Action>> {
        crate::cache::expand(raw)
    }

    /// The statements with their JSON nodes.
    pub fn statements(&self) -> impl Iterator<Item = (&'a Statement, &'a Node<'t>)> + '_ {
        self.policy
            .statements
            .iter()
            .zip(self.statement_nodes.iter().copied())
    }

    /// The statement whose span holds `span`.
    pub fn statement_at(&self, span: Span) -> Option<usize> {
        self.policy
            .statements
            .iter()
            .find(|s| s.span.start <= span.start && span.end <= s.span.end)
            .map(|s| s.index)
    }

    fn statement_ref(&self, index: usize) -> Option<StatementRef> {
        let st = self.policy.statements.iter().find(|s| s.index == index)?;
        Some(StatementRef {
            index,
            sid: st.sid.clone(),
        })
    }

    /// Reports a finding of a catalogued check (its severity and documentation come from the catalogue).
    pub fn report(&mut self, code: &str, span: Span, message: String, statement: Option<usize>) {
        self.push(code, None, span, message, statement, None, None);
    }

    /// [`Cx::report`] with a fix: replace `fix_span` by `replacement`.
    pub fn report_fix(
        &mut self,
        code: &str,
        span: Span,
        message: String,
        statement: Option<usize>,
        fix: (String, Span, String),
    ) {
        self.push(code, None, span, message, statement, Some(fix), None);
    }

    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        code: &str,
        severity: Option<Severity>,
        span: Span,
        message: String,
        statement: Option<usize>,
        fix: Option<(String, Span, String)>,
        engine_code: Option<String>,
    ) {
        let check = catalog::check(code);
        let severity = severity
            .or(check.map(|c| c.severity))
            .unwrap_or(Severity::Warning);
        let learn_more = check.map_or(
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
            |c| c.source,
        );
        let statement = statement.or_else(|| self.statement_at(span));
        let fix = fix.map(|(title, span, replacement)| Fix {
            title,
            span,
            location: crate::locate(self.index, span),
            replacement,
        });
        self.findings.push(Finding {
            code: code.to_string(),
            severity,
            message,
            span,
            location: crate::locate(self.index, span),
            statement: statement.and_then(|i| self.statement_ref(i)),
            fix,
            engine_code,
            learn_more: learn_more.to_string(),
        });
    }

    /// The findings, by place, then severity, without repeats of one code at one place.
    pub fn finish(mut self) -> Vec<Finding> {
        self.findings.sort_by(|a, b| {
            (a.span.start, a.severity, &a.code, a.span.end).cmp(&(
                b.span.start,
                b.severity,
                &b.code,
                b.span.end,
            ))
        });
        self.findings
            .dedup_by(|a, b| a.code == b.code && a.span == b.span);
        self.findings
    }
}

/// Runs every check family.
pub(crate) fn run(cx: &mut Cx<'_, '_>) {
    document::check(cx);
    actions::check(cx);
    resources::check(cx);
    conditions::check(cx);
    principals::check(cx);
    kinds::check(cx);
    escalation::check(cx);
}

/// The member `name` of an object node (its name span and value).
pub(crate) fn member<'n, 't>(node: &'n Node<'t>, name: &str) -> Option<&'n Member<'t>> {
    node.as_object()?.iter().find(|m| m.name == name)
}

/// The span that names an element of a statement (`"NotAction"`), or the statement's when it is absent.
pub(crate) fn element_span(node: &Node<'_>, name: &str) -> Span {
    member(node, name).map_or(node.span, |m| m.name_span)
}

/// A string as JSON text, quotes included.
pub(crate) fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// Whether a statement allows.
pub(crate) fn allows(st: &Statement) -> bool {
    st.effect == Effect::Allow
}

/// The span to delete to remove element `i` of an array node, with the comma and white space that separate it
/// from its neighbour, so that the array stays valid JSON.
pub(crate) fn removal_span(text: &str, items: &[Node<'_>], i: usize) -> Option<Span> {
    let item = items.get(i)?;
    if let Some(prev) = i.checked_sub(1).and_then(|p| items.get(p)) {
        return Some(Span::new(prev.span.end, item.span.end));
    }
    let next = items.get(i + 1)?;
    // The first of several: delete up to the next element.
    text.get(item.span.end..next.span.start)?;
    Some(Span::new(item.span.start, next.span.start))
}
