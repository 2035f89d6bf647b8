//! `iamsim compare OLD NEW`: does the new policy grant anything the old one didn't? The verdict leads the output
//! (and the exit code: 0 no new access, 1 new access, 3 unknown, 2 usage), then the counterexamples with the
//! statements that decide them, the reasons for an unknown answer, and the access diff.

use iam_compare::{compare, public_access, Comparison, PolicyType, Verdict};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// What the exit code of `iamsim compare` says.
pub const EXIT_CODES: &str =
    "Exit codes: 0 no new access (or nothing of --not-granted granted, or no public access); 1 new access \
(or public access); 3 unknown (a construct the search does not handle exactly; the reasons say which); 2 usage errors.";

pub fn run(
    old: &Path,
    new: Option<&Path>,
    ty: &str,
    json: bool,
    not_granted: &[String],
    no_public_access: bool,
) -> ExitCode {
    let Some(ty) = PolicyType::parse(ty) else {
        eprintln!("error: unknown --type `{ty}` (identity, resource, scp, rcp or boundary)");
        return ExitCode::from(2);
    };
    let read = |p: &Path| match std::fs::read_to_string(p) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", p.display());
            None
        }
    };
    let comparison = if no_public_access {
        // Can the resource policy allow a caller from outside its account and organization?
        if new.is_some() || !not_granted.is_empty() {
            eprintln!("error: with --no-public-access, give one policy (and no --not-granted)");
            return ExitCode::from(2);
        }
        if ty != PolicyType::Resource {
            eprintln!("error: --no-public-access checks a resource policy: use --type resource");
            return ExitCode::from(2);
        }
        let Some(text) = read(old) else {
            return ExitCode::from(2);
        };
        public_access(&text, ty)
    } else if !not_granted.is_empty() {
        // Does the policy grant any of these? The same policy with a Deny of them allows nothing they name, so
        // new access from it to the policy is exactly what the policy grants of them.
        if new.is_some() {
            eprintln!("error: with --not-granted, give one policy");
            return ExitCode::from(2);
        }
        let Some(text) = read(old) else {
            return ExitCode::from(2);
        };
        let Some(denied) = with_deny(&text, not_granted) else {
            eprintln!(
                "error: `{}` is not a JSON policy with a Statement",
                old.display()
            );
            return ExitCode::from(2);
        };
        compare(&denied, &text, ty)
    } else {
        let Some(new) = new else {
            eprintln!("error: give the old and the new policy (or one policy with --not-granted)");
            return ExitCode::from(2);
        };
        let (Some(o), Some(n)) = (read(old), read(new)) else {
            return ExitCode::from(2);
        };
        compare(&o, &n, ty)
    };
    if json {
        match serde_json::to_string_pretty(&comparison) {
            Ok(s) => {
                // A closed pipe (`| head`) is not an error of the comparison.
                let _ = writeln!(std::io::stdout(), "{s}");
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        let _ = write!(std::io::stdout(), "{}", human(&comparison));
    }
    match comparison.verdict {
        Verdict::NoNewAccess => ExitCode::SUCCESS,
        Verdict::NewAccess => ExitCode::from(1),
        Verdict::Unknown => ExitCode::from(3),
    }
}

/// The policy with one more statement: Deny of the listed actions (entries not starting with `arn:`) on the
/// listed resources (entries starting with `arn:`; `*` when none).
fn with_deny(text: &str, entries: &[String]) -> Option<String> {
    let mut doc: serde_json::Value = serde_json::from_str(text).ok()?;
    let split: Vec<&str> = entries
        .iter()
        .flat_map(|e| e.split(','))
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let actions: Vec<&str> = split
        .iter()
        .copied()
        .filter(|e| !e.starts_with("arn:"))
        .collect();
    let resources: Vec<&str> = split
        .iter()
        .copied()
        .filter(|e| e.starts_with("arn:"))
        .collect();
    let deny = serde_json::json!({
        "Effect": "Deny",
        "Action": if actions.is_empty() { vec!["*"] } else { actions },
        "Resource": if resources.is_empty() { vec!["*"] } else { resources },
    });
    let statements = doc.get_mut("Statement")?;
    match statements {
        serde_json::Value::Array(a) => a.push(deny),
        other => {
            let one = other.take();
            *other = serde_json::Value::Array(vec![one, deny]);
        }
    }
    serde_json::to_string(&doc).ok()
}

/// The human output: the verdict first.
pub fn human(c: &Comparison) -> String {
    let mut out = format!("{}\n", c.headline);
    for (i, ce) in c.counterexamples.iter().enumerate() {
        out.push_str(&format!("\ncounterexample {}: {}\n", i + 1, ce.summary()));
        out.push_str(&format!(
            "  new: {} — {}\n",
            ce.new_answer.decision,
            iam_engine::StatementId::list(&ce.new_answer.deciding_statements)
        ));
        out.push_str(&format!("       {}\n", ce.new_answer.reason));
        out.push_str(&format!(
            "  old: {} — {}\n",
            ce.old_answer.decision, ce.old_answer.reason
        ));
    }
    if !c.reasons.is_empty() {
        out.push_str("\nnot searched exactly:\n");
        for r in &c.reasons {
            let place = r
                .location
                .as_ref()
                .map(|l| {
                    format!(
                        " ({} line {}, column {})",
                        r.source
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        l.line,
                        l.column
                    )
                })
                .unwrap_or_default();
            out.push_str(&format!("  - {}{place}\n", r.message));
        }
    }
    for d in &c.diagnostics {
        out.push_str(&format!("  {d}\n"));
    }
    let lines = c.diff.lines();
    if !lines.is_empty() {
        out.push_str("\naccess diff (Allow statements, by service and access level):\n");
        for l in lines {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out.push_str(&format!(
        "\nsearched {} classes of actions, {} requests decided\n",
        c.stats.action_classes, c.stats.requests
    ));
    out
}
