//! The readable terminal trace: decision, reason, each policy and statement, and the real-API gap.

use iam_engine::Decision;
use iam_realapi::FullAnswer;
use std::fmt::Write as _;

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn decision(d: Decision, color: bool) -> String {
    match d {
        Decision::Allow => paint("ALLOW", "1;32", color),
        Decision::ImplicitDeny => paint("IMPLICIT DENY", "1;33", color),
        Decision::ExplicitDeny => paint("EXPLICIT DENY", "1;31", color),
    }
}

/// Renders one answer as text.
pub fn answer(file: &str, a: &FullAnswer, color: bool) -> String {
    let l = &a.literal;
    let mut s = String::new();
    let _ = writeln!(s, "{file}");
    if let Some(r) = &l.request {
        let who = r
            .principal
            .arn
            .clone()
            .or_else(|| r.principal.service.clone())
            .unwrap_or_else(|| "anonymous".into());
        let _ = writeln!(s, "  request   {} on {} by {}", r.action, r.resource, who);
    }
    let _ = writeln!(
        s,
        "  literal   {}  {}",
        decision(l.decision, color),
        l.reason
    );
    if let Some(real) = &a.real_api {
        let _ = writeln!(s, "  real API  {}", decision(real.decision, color));
        for d in &real.divergences {
            let _ = writeln!(
                s,
                "    - [{}] {}",
                serde_json::to_value(d.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                d.explanation
            );
            if let Some(sug) = &d.suggestion {
                let _ = writeln!(s, "      fix: {sug}");
            }
        }
    }
    for p in &l.policies {
        let level = p
            .level
            .as_deref()
            .map(|x| format!(" [{x}]"))
            .unwrap_or_default();
        let _ = writeln!(s, "  {}{}", p.id, level);
        if let Some(n) = &p.note {
            let _ = writeln!(s, "      (does not apply: {n})");
        }
        for st in &p.statements {
            let mark = if st.decisive {
                "*"
            } else if st.applies {
                "+"
            } else {
                "-"
            };
            let sid = st
                .sid
                .as_deref()
                .map(|x| format!(" {x}"))
                .unwrap_or_default();
            let line = st
                .location
                .map(|l| format!(" line {}", l.line))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "    {mark} #{}{sid}{line} {:?}: {}",
                st.index, st.effect, st.explanation
            );
            for c in &st.conditions {
                let req = c
                    .request_values
                    .as_ref()
                    .map(|v| v.join(", "))
                    .unwrap_or_else(|| "(absent)".into());
                let _ = writeln!(
                    s,
                    "        {} {} request [{}] policy [{}] -> {}",
                    c.operator,
                    c.key,
                    req,
                    c.policy_values.join(", "),
                    c.result
                );
                if let Some(note) = &c.note {
                    let _ = writeln!(s, "          note: {note}");
                }
                for u in &c.unresolved {
                    let _ = writeln!(s, "          unresolved: {u}");
                }
            }
        }
    }
    for e in &l.errors {
        let _ = writeln!(s, "  {}", paint(&e.to_string(), "31", color));
    }
    for w in &l.warnings {
        let _ = writeln!(s, "  {}", paint(&w.to_string(), "33", color));
    }
    s
}
