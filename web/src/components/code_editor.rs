//! A policy editor: a monospace textarea with line numbers, the engine's errors and warnings underlined at
//! their place with the message listed beside, and JSON files loaded by dropping them on it.

use std::rc::Rc;

use iam_engine::{Diagnostic, Severity};
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
    /// Called with the new text on every edit, and with a dropped file's text.
    pub on_input: Callback<String>,
}

impl PartialEq for CodeEditorProps {
    fn eq(&self, other: &Self) -> bool {
        self.dom_id == other.dom_id
            && self.label == other.label
            && self.text == other.text
            && (Rc::ptr_eq(&self.diagnostics, &other.diagnostics)
                || self.diagnostics == other.diagnostics)
            && self.on_input == other.on_input
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The byte range to underline for a diagnostic: its span, widened to one character (or to the end of the
/// line) when empty, and clamped to the text.
fn underline_range(text: &str, d: &Diagnostic) -> Option<(usize, usize)> {
    let span = d.span?;
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

/// The overlay: the text, invisible, with the diagnostics' ranges marked (earliest first, no overlap).
fn overlay(text: &str, diagnostics: &[Diagnostic]) -> Html {
    let mut ranges: Vec<(usize, usize, Severity)> = diagnostics
        .iter()
        .filter_map(|d| underline_range(text, d).map(|(s, e)| (s, e, d.severity)))
        .collect();
    ranges.sort_by_key(|(s, _, _)| *s);
    let mut out: Vec<Html> = Vec::new();
    let mut at = 0;
    for (start, end, severity) in ranges {
        if start < at {
            continue;
        }
        out.push(html! { { text.get(at..start).unwrap_or_default().to_owned() } });
        let class = classes!("squiggle", format!("squiggle-{}", severity_word(severity)));
        out.push(
            html! { <mark {class}>{ text.get(start..end).unwrap_or_default().to_owned() }</mark> },
        );
        at = end;
    }
    out.push(html! { { format!("{}\n", text.get(at..).unwrap_or_default()) } });
    out.into_iter().collect()
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

/// The editor.
#[function_component(CodeEditor)]
pub fn code_editor(props: &CodeEditorProps) -> Html {
    let text = props.text.as_str();
    let lines = text.split('\n').count().max(1);
    let widest = text
        .split('\n')
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    let error_lines: Vec<(usize, Severity)> = props
        .diagnostics
        .iter()
        .filter_map(|d| d.location.map(|l| (l.line, d.severity)))
        .collect();
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
    let gutter = (1..=lines).map(|n| {
        let mark = error_lines.iter().find(|(l, _)| *l == n).map(|(_, s)| *s);
        let class = classes!("ln", mark.map(|s| format!("ln-{}", severity_word(s))));
        html! { <div id={format!("{dom_id}-line-{n}")} {class}>{ n }</div> }
    });
    let describe = format!("{dom_id}-problems");
    let style = format!("width: max(100%, calc({}ch + 1.5rem))", widest + 2);
    html! {
        <div class="code-editor-wrap">
            <div class="code-editor" {ondragover} {ondrop} title="Drop a JSON file here to load it">
                <div class="gutter" aria-hidden="true">{ for gutter }</div>
                <div class="code">
                    <pre class="overlay" aria-hidden="true" style={style.clone()}>{ overlay(text, &props.diagnostics) }</pre>
                    <textarea id={props.dom_id.clone()} class="code-input" aria-label={props.label.clone()}
                        aria-describedby={describe.clone()} aria-invalid={props.diagnostics.iter().any(Diagnostic::is_error).to_string()}
                        spellcheck="false" autocomplete="off" wrap="off" rows={(lines + 1).to_string()} {style}
                        value={props.text.clone()} {oninput} />
                </div>
            </div>
            <ul id={describe} class="problems" aria-live="polite">
                { for props.diagnostics.iter().map(|d| {
                    let word = severity_word(d.severity);
                    let place = d.location.map(|l| format!(" at line {}, column {}", l.line, l.column)).unwrap_or_default();
                    html! {
                        <li class={classes!("problem", format!("problem-{word}"))} data-testid="problem">
                            <span class="problem-place">{ format!("{word}{place}:") }</span>
                            { " " }<span class="problem-message">{ d.message.clone() }</span>
                            if !d.help.is_empty() { <span class="problem-help">{ format!(" — {}", d.help) }</span> }
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}
