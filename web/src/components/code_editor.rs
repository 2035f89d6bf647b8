//! A policy editor: a monospace textarea with line numbers, the engine's errors and warnings underlined at
//! their place with the message listed beside, and JSON files loaded by dropping them on it.

use std::rc::Rc;

use iam_engine::{Diagnostic, Severity, Span};
use iam_lint::{Finding, Fix};
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, Clone)]
pub struct CodeEditorProps {
    /// The textarea's id; line numbers get `{dom_id}-line-{n}`.
    pub dom_id: AttrValue,
    /// The accessible name of the textarea.
    pub label: AttrValue,
    pub text: AttrValue,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    /// The linter's findings (IAM Access Analyzer's checks) not already among the diagnostics.
    #[prop_or_default]
    pub findings: Rc<Vec<Finding>>,
    /// The linter's fixes for problems listed as diagnostics (same span).
    #[prop_or_default]
    pub fixes: Rc<Vec<Finding>>,
    /// Called with the new text on every edit, and with a dropped file's text.
    pub on_input: Callback<String>,
    /// Applies a finding's fix.
    #[prop_or_default]
    pub on_fix: Callback<Fix>,
}

impl PartialEq for CodeEditorProps {
    fn eq(&self, other: &Self) -> bool {
        self.dom_id == other.dom_id
            && self.label == other.label
            && self.text == other.text
            && (Rc::ptr_eq(&self.diagnostics, &other.diagnostics)
                || self.diagnostics == other.diagnostics)
            && (Rc::ptr_eq(&self.findings, &other.findings) || self.findings == other.findings)
            && (Rc::ptr_eq(&self.fixes, &other.fixes) || self.fixes == other.fixes)
            && self.on_input == other.on_input
            && self.on_fix == other.on_fix
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A linter severity as a word and a symbol (the symbol only repeats the word).
pub fn finding_word(severity: iam_lint::Severity) -> (&'static str, &'static str) {
    match severity {
        iam_lint::Severity::Error => ("error", "✗"),
        iam_lint::Severity::SecurityWarning => ("security warning", "⚠"),
        iam_lint::Severity::Warning => ("warning", "!"),
        iam_lint::Severity::Suggestion => ("suggestion", "ℹ"),
    }
}

/// The CSS class suffix of a linter severity.
fn finding_class(severity: iam_lint::Severity) -> &'static str {
    match severity {
        iam_lint::Severity::Error => "error",
        iam_lint::Severity::SecurityWarning => "security",
        iam_lint::Severity::Warning => "warning",
        iam_lint::Severity::Suggestion => "suggestion",
    }
}

/// The byte range to underline for a span: widened to one character (or to the end of the line) when empty, and
/// clamped to the text.
fn underline_range(text: &str, span: Option<Span>) -> Option<(usize, usize)> {
    let span = span?;
    let start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    if end == start {
        end = text
            .get(start..)
            .and_then(|rest| rest.char_indices().nth(1).map(|(i, _)| start + i))
            .unwrap_or(text.len());
    }
    // Snap to character boundaries.
    let start = (0..=start).rev().find(|i| text.is_char_boundary(*i))?;
    let end = (end..=text.len()).find(|i| text.is_char_boundary(*i))?;
    (end > start).then_some((start, end))
}

/// The overlay: the text, invisible, with the diagnostics' and then the findings' ranges marked (earliest first,
/// no overlap: a diagnostic wins a tie).
fn overlay(text: &str, diagnostics: &[Diagnostic], findings: &[Finding]) -> Html {
    let mut ranges: Vec<(usize, usize, Classes)> = diagnostics
        .iter()
        .filter_map(|d| {
            underline_range(text, d.span).map(|(s, e)| {
                let class = classes!(
                    "squiggle",
                    format!("squiggle-{}", severity_word(d.severity))
                );
                (s, e, class)
            })
        })
        .collect();
    ranges.extend(findings.iter().filter_map(|f| {
        underline_range(text, Some(f.span)).map(|(s, e)| {
            let class = classes!(
                "squiggle",
                "squiggle-lint",
                format!("squiggle-lint-{}", finding_class(f.severity))
            );
            (s, e, class)
        })
    }));
    ranges.sort_by_key(|(s, _, _)| *s);
    let mut out: Vec<Html> = Vec::new();
    let mut at = 0;
    for (start, end, class) in ranges {
        if start < at {
            continue;
        }
        out.push(html! { { text.get(at..start).unwrap_or_default().to_owned() } });
        out.push(
            html! { <mark {class}>{ text.get(start..end).unwrap_or_default().to_owned() }</mark> },
        );
        at = end;
    }
    out.push(html! { { format!("{}\n", text.get(at..).unwrap_or_default()) } });
    out.into_iter().collect()
}

/// The one-click fix of a finding.
fn fix_button(fix: &Fix, on_fix: &Callback<Fix>) -> Html {
    let onclick = {
        let (on_fix, fix) = (on_fix.clone(), fix.clone());
        Callback::from(move |_: MouseEvent| on_fix.emit(fix.clone()))
    };
    html! {
        <>
            { " " }
            <button type="button" class="lint-fix" data-testid="lint-fix" {onclick}
                aria-label={format!("Fix: {}", fix.title)} title={format!("Fix: {}", fix.title)}>{ "Fix" }</button>
        </>
    }
}

/// `text` without the whitespace between JSON tokens (spaces, tabs and line breaks outside strings); everything
/// else, strings and escapes included, is kept as it is, whether or not the text is valid JSON.
pub fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1 << 20));
    let mut strings = crate::jsontext::Strings::default();
    for c in text.chars() {
        if strings.inside(c) || !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

/// The number of newlines in `text`.
fn newlines(text: &str) -> usize {
    text.bytes().filter(|b| *b == b'\n').count()
}

/// Reads the first file of a drop and hands its text to `on_text`.
fn read_dropped(event: DragEvent, on_text: Callback<String>) {
    event.prevent_default();
    let Some(file) = event
        .data_transfer()
        .and_then(|dt| dt.files())
        .and_then(|files| files.get(0))
    else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        if let (_, Ok(text)) = crate::files::read_text(file).await {
            on_text.emit(text);
        }
    });
}

/// Above these sizes the editor is a plain scrolling textarea: no line numbers and no underlines (a policy of
/// two million lines from a 5 KB link would otherwise be two million line-number elements and a second copy of the
/// text to lay out). AWS's largest policy quota is 10,240 characters, far below both.
const PLAIN_LINES: usize = 5_000;
const PLAIN_BYTES: usize = 256 * 1024;
/// Above these sizes the text is not put in a text box at all: Chromium takes about 2 s to lay out a textarea of
/// 200,000 lines and 30 s for 2,000,000 (measured on the 2-core test machine). The policy is still evaluated, and
/// one click removes the blank space between its JSON tokens.
const TOO_LARGE_LINES: usize = 20_000;
const TOO_LARGE_BYTES: usize = 1024 * 1024;
/// The most problems listed under one editor; the rest are counted.
const LISTED_PROBLEMS: usize = 50;

/// The editor.
#[function_component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    let text = props.text.as_str();
    let lines = newlines(text).saturating_add(1);
    let plain = lines > PLAIN_LINES || text.len() > PLAIN_BYTES;
    let widest = if plain {
        0
    } else {
        text.split('\n')
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
    };
    // The first problem of each line marks its number.
    let mut error_lines: std::collections::HashMap<usize, Severity> =
        std::collections::HashMap::new();
    for d in props.diagnostics.iter() {
        if let Some(l) = d.location {
            error_lines.entry(l.line).or_insert(d.severity);
        }
    }
    // A line with a finding and no diagnostic is marked by its most severe finding.
    let mut finding_lines: std::collections::HashMap<usize, iam_lint::Severity> =
        std::collections::HashMap::new();
    for f in props.findings.iter() {
        let worst = finding_lines.entry(f.location.line).or_insert(f.severity);
        *worst = (*worst).min(f.severity);
    }
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                on_input.emit(area.value());
            }
        })
    };
    let ondragover = Callback::from(|event: DragEvent| event.prevent_default());
    let ondrop = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: DragEvent| read_dropped(event, on_input.clone()))
    };
    let dom_id = props.dom_id.clone();
    let describe = format!("{dom_id}-problems");
    let hidden = props.diagnostics.len().saturating_sub(LISTED_PROBLEMS);
    let problems = html! {
        <ul id={describe.clone()} class="problems" aria-live="polite">
            { for props.diagnostics.iter().take(LISTED_PROBLEMS).map(|d| {
                let word = severity_word(d.severity);
                let place = d.location.map(|l| format!(" at line {}, column {}", l.line, l.column)).unwrap_or_default();
                html! {
                    <li class={classes!("problem", format!("problem-{word}"))} data-testid="problem">
                        <span class="problem-place">{ format!("{word}{place}:") }</span>
                        { " " }<span class="problem-message">{ d.message.clone() }</span>
                        if !d.help.is_empty() { <span class="problem-help">{ format!(" — {}", d.help) }</span> }
                        { for props.fixes.iter().filter(|f| Some(f.span) == d.span).filter_map(|f| f.fix.as_ref()).take(1).map(|fix| fix_button(fix, &props.on_fix)) }
                    </li>
                }
            }) }
            if hidden > 0 {
                <li class="problem muted">{ format!("… and {hidden} more") }</li>
            }
        </ul>
    };
    let hidden_findings = props.findings.len().saturating_sub(LISTED_PROBLEMS);
    let findings = html! {
        if !props.findings.is_empty() {
            <ul id={format!("{dom_id}-findings")} class="findings" aria-label="Policy checks (IAM Access Analyzer's findings)">
                { for props.findings.iter().take(LISTED_PROBLEMS).map(|f| {
                    let (word, symbol) = finding_word(f.severity);
                    html! {
                        <li class={classes!("finding", format!("finding-{}", finding_class(f.severity)))}
                            data-testid="finding" data-code={f.code.clone()}>
                            <span class="finding-severity"><span aria-hidden="true">{ symbol }</span>{ format!(" {word}") }</span>
                            <span class="finding-place">{ format!(" at line {}, column {}: ", f.location.line, f.location.column) }</span>
                            <code class="finding-code">{ f.code.clone() }</code>
                            { " " }<span class="finding-message">{ f.message.clone() }</span>
                            if let Some(fix) = &f.fix { { fix_button(fix, &props.on_fix) } }
                        </li>
                    }
                }) }
                if hidden_findings > 0 {
                    <li class="finding muted">{ format!("… and {hidden_findings} more") }</li>
                }
            </ul>
        }
    };
    if lines > TOO_LARGE_LINES || text.len() > TOO_LARGE_BYTES {
        let compact = {
            let on_input = props.on_input.clone();
            let text = props.text.clone();
            Callback::from(move |_: MouseEvent| on_input.emit(compact_json(&text)))
        };
        return html! {
            <div class="code-editor-wrap">
                <p class="note" id={props.dom_id.clone()} data-testid="too-large-editor">
                    { format!(
                        "This policy is {lines} lines and {} KB, too large to edit in the page (a browser text box takes seconds per 100,000 lines). It is still evaluated. ",
                        text.len() / 1024
                    ) }
                    <button type="button" onclick={compact}>{ "Remove blank space" }</button>
                    { " (between JSON tokens only: every value stays as it is)." }
                </p>
                { problems }
                { findings }
            </div>
        };
    }
    if plain {
        return html! {
            <div class="code-editor-wrap">
                <p class="note" data-testid="plain-editor">{ format!(
                    "This policy is {lines} lines and {} KB: line numbers and underlines are off above {PLAIN_LINES} lines or {} KB.",
                    text.len() / 1024, PLAIN_BYTES / 1024
                ) }</p>
                <textarea id={props.dom_id.clone()} class="code-input code-plain" aria-label={props.label.clone()}
                    aria-describedby={describe} aria-invalid={props.diagnostics.iter().any(Diagnostic::is_error).to_string()}
                    spellcheck="false" autocomplete="off" wrap="off" rows="30"
                    value={props.text.clone()} {oninput} {ondragover} {ondrop} />
                { problems }
                { findings }
            </div>
        };
    }
    let gutter = (1..=lines).map(|n| {
        let mark = error_lines.get(&n).copied();
        let lint = match mark {
            Some(_) => None,
            None => finding_lines
                .get(&n)
                .map(|s| format!("ln-lint-{}", finding_class(*s))),
        };
        let class = classes!("ln", mark.map(|s| format!("ln-{}", severity_word(s))), lint);
        html! { <div id={format!("{dom_id}-line-{n}")} {class}>{ n }</div> }
    });
    let style = format!("width: max(100%, calc({}ch + 1.5rem))", widest + 2);
    html! {
        <div class="code-editor-wrap">
            <div class="code-editor" {ondragover} {ondrop} title="Drop a JSON file here to load it">
                <div class="gutter" aria-hidden="true">{ for gutter }</div>
                <div class="code">
                    <pre class="overlay" aria-hidden="true" style={style.clone()}>{ overlay(text, &props.diagnostics, &props.findings) }</pre>
                    <textarea id={props.dom_id.clone()} class="code-input" aria-label={props.label.clone()}
                        aria-describedby={describe.clone()} aria-invalid={props.diagnostics.iter().any(Diagnostic::is_error).to_string()}
                        spellcheck="false" autocomplete="off" wrap="off" rows={(lines + 1).to_string()} {style}
                        value={props.text.clone()} {oninput} />
                </div>
            </div>
            { problems }
            { findings }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::compact_json;

    #[test]
    fn compacting_keeps_every_value_and_drops_only_blank_space_between_tokens() {
        let text = "{\n  \"Sid\": \"a b\\\" c\",\r\n\t\"Resource\" : [ \"x\" ]\n\n\n}";
        assert_eq!(
            compact_json(text),
            "{\"Sid\":\"a b\\\" c\",\"Resource\":[\"x\"]}"
        );
        let big = format!("{{\"Version\": \"2012-10-17\"}}{}", "\n".repeat(100_000));
        assert_eq!(compact_json(&big), "{\"Version\":\"2012-10-17\"}");
        // Not JSON: still only whitespace outside strings goes.
        assert_eq!(compact_json("not \"json at\" all"), "not\"json at\"all");
    }
}
