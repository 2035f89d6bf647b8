//! The readable terminal trace: decision, reason, each policy and statement, and the real-API gap.

use iam_engine::Decision;
use iam_realapi::FullAnswer;
use std::borrow::Cow;
use std::fmt::Write as _;

/// `s` with every control character (C0, DEL, C1: escape, bell, carriage return, line feed…) and every Unicode
/// bidirectional override written as a visible escape such as `\x1b` or `\u{202e}`, so that text from a scenario
/// (names, Sids, ARNs, values, messages that quote them) cannot move the cursor, recolour or rewrite what the
/// terminal shows, or fake a line of the trace.
pub fn clean(s: &str) -> Cow<'_, str> {
    let bad =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !bad(c) {
            out.push(c);
        } else if u32::from(c) < 0x80 {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
    Cow::Owned(out)
}

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

/// Renders one answer as text. Every piece that comes from the input goes through [`clean`].
pub fn answer(file: &str, a: &FullAnswer, color: bool) -> String {
    let c = clean;
    let l = &a.literal;
    let mut s = String::new();
    let _ = writeln!(s, "{}", c(file));
    if let Some(r) = &l.request {
        let who = r
            .principal
            .arn
            .clone()
            .or_else(|| r.principal.service.clone())
            .unwrap_or_else(|| "anonymous".into());
        let _ = writeln!(
            s,
            "  request   {} on {} by {}",
            c(&r.action),
            c(&r.resource),
            c(&who)
        );
    }
    let _ = writeln!(
        s,
        "  literal   {}  {}",
        decision(l.decision, color),
        c(&l.reason)
    );
    if let Some(real) = &a.real_api {
        let _ = writeln!(s, "  real API  {}", decision(real.decision, color));
        for r in &real.resources {
            let _ = writeln!(
                s,
                "    resource  {} `{}` ({}): {}",
                c(&r.resource_type),
                c(&r.arn),
                serde_json::to_value(r.origin)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
                decision(r.decision, color)
            );
        }
        for p in &real.call {
            let _ = writeln!(
                s,
                "    call      {} = {}: {}",
                c(&p.name),
                c(&p.value),
                c(&p.effect)
            );
        }
        for d in &real.dependent_actions {
            let what = match d.decision {
                Some(dec) => decision(dec, color),
                None => "not evaluated".to_string(),
            };
            let on = d
                .resource
                .as_deref()
                .map(|r| format!(" on `{}`", c(r)))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "    needs     {}{on}{}: {what}",
                c(&d.action),
                if d.certain {
                    ""
                } else {
                    " (only for some parameters)"
                }
            );
        }
        for (label, list) in [("", &real.divergences), ("note ", &real.notes)] {
            for d in list {
                let _ = writeln!(
                    s,
                    "    - {label}[{}] {}",
                    d.kind.as_str(),
                    c(&d.explanation)
                );
                if let Some(fix) = &d.fix {
                    let _ = writeln!(s, "      fix: {}", c(&fix.text));
                    if let Some(st) = &fix.statement {
                        let _ = writeln!(s, "      add: {}", c(&st.to_string()));
                    }
                }
            }
        }
        for p in &real.problems {
            let _ = writeln!(s, "    problem: {}", c(p));
        }
    }
    for p in &l.policies {
        let level = p
            .level
            .as_deref()
            .map(|x| format!(" [{}]", c(x)))
            .unwrap_or_default();
        let _ = writeln!(s, "  {}{}", c(&p.id), level);
        if let Some(n) = &p.note {
            let _ = writeln!(s, "      (does not apply: {})", c(n));
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
                .map(|x| format!(" {}", c(x)))
                .unwrap_or_default();
            let line = st
                .location
                .map(|l| format!(" line {}", l.line))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "    {mark} #{}{sid}{line} {:?}: {}",
                st.index,
                st.effect,
                c(&st.explanation)
            );
            for cond in &st.conditions {
                let req = cond
                    .request_values
                    .as_ref()
                    .map(|v| v.join(", "))
                    .unwrap_or_else(|| "(absent)".into());
                let _ = writeln!(
                    s,
                    "        {} {} request [{}] policy [{}] -> {}",
                    c(&cond.operator),
                    c(&cond.key),
                    c(&req),
                    c(&cond.policy_values.join(", ")),
                    cond.result
                );
                if let Some(note) = &cond.note {
                    let _ = writeln!(s, "          note: {}", c(note));
                }
                for u in &cond.unresolved {
                    let _ = writeln!(s, "          unresolved: {}", c(u));
                }
            }
        }
    }
    for e in &l.errors {
        let _ = writeln!(s, "  {}", paint(&c(&e.to_string()), "31", color));
    }
    for w in &l.warnings {
        let _ = writeln!(s, "  {}", paint(&c(&w.to_string()), "33", color));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terminal injection: ESC and BEL in a name reached the terminal even with --no-color.
    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(
            clean("a\u{1b}[2Kb\u{7}\n\u{9b}\u{202e}"),
            "a\\x1b[2Kb\\x07\\x0a\\u{9b}\\u{202e}"
        );
        assert!(matches!(clean("plain é"), Cow::Borrowed(_)));
    }
}
