//! `iamsim from-error` and `iamsim least-privilege`: from what AWS said to the requests, the simulator's answer beside
//! the policy type the message blames, and the least-privilege policy verified against every call.

use crate::render::clean;
use iam_engine::{Decision, Document, PolicyDoc, PolicyKind, ScenarioDoc};
use iam_fromerror::{Call, Generalise, Reading};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads a file, or stdin for `-`.
fn read_input(file: &Path) -> Option<String> {
    if file == Path::new("-") {
        let mut s = String::new();
        return match std::io::Read::read_to_string(&mut std::io::stdin(), &mut s) {
            Ok(_) => Some(s),
            Err(e) => {
                eprintln!("error: reading stdin: {e}");
                None
            }
        };
    }
    match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(_) => {
                eprintln!(
                    "error: `{}` is not UTF-8 text",
                    clean(&file.display().to_string())
                );
                None
            }
        },
        Err(e) => {
            eprintln!(
                "error: cannot read `{}`: {e}",
                clean(&file.display().to_string())
            );
            None
        }
    }
}

/// The `policies` object from `--policy` files (identity policies) and a `--scenario` file's policies.
fn workspace(
    policies: &[PathBuf],
    scenario: Option<&Path>,
    managed: &[String],
) -> Result<Option<Value>, String> {
    if policies.is_empty() && scenario.is_none() && managed.is_empty() {
        return Ok(None);
    }
    let mut doc = ScenarioDoc::default();
    if let Some(s) = scenario {
        let text = read_input(s).ok_or("cannot read the scenario")?;
        let root = iam_engine::json::parse(&text)
            .map_err(|d| format!("`{}` is not JSON: {}", s.display(), d.message))?;
        if root.get("policies").is_none() {
            return Err(format!("`{}` has no `policies`", s.display()));
        }
        doc.policies = ScenarioDoc::from_node(&root, &text).policies;
    }
    for p in policies {
        let text = read_input(p).ok_or("cannot read a policy")?;
        let name = p
            .file_stem()
            .map_or("Policy".to_string(), |s| s.to_string_lossy().into_owned());
        doc.policies
            .push(PolicyDoc::text(PolicyKind::Identity, "", &name, &text));
    }
    for m in managed {
        doc.policies.push(PolicyDoc {
            kind: PolicyKind::Identity,
            level: String::new(),
            name: m.clone(),
            document: Document::Managed(m.clone()),
        });
    }
    let r = iam_managed::resolve_scenario(&doc.to_json());
    if !r.unknown.is_empty() {
        return Err(format!(
            "no AWS managed policy named {} in the vendored data",
            r.unknown
                .iter()
                .map(|u| format!("`{u}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let resolved: Value = serde_json::from_str(&r.text).map_err(|e| e.to_string())?;
    Ok(resolved.get("policies").cloned())
}

fn decision_word(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "Allow",
        Decision::ImplicitDeny => "ImplicitDeny",
        Decision::ExplicitDeny => "ExplicitDeny",
    }
}

/// The smallest change that allows a denied call: for an explicit deny, the statements that deny it (an Allow
/// cannot override them: that policy must change); else the statements to add, from the least-privilege policy of
/// this one call (as the real API authorizes it).
fn fix(request: &Value, a: &iam_realapi::FullAnswer) -> Option<Value> {
    let real = a.real_api.as_ref().map(|r| r.decision);
    let explicit =
        a.literal.decision == Decision::ExplicitDeny || real == Some(Decision::ExplicitDeny);
    if explicit {
        let statements: Vec<iam_engine::StatementId> = a
            .literal
            .deciding_statements
            .iter()
            .chain(a.real_api.iter().flat_map(|r| r.deciding_statements.iter()))
            .cloned()
            .collect();
        return Some(json!({
            "explicitDeny": statements,
            "text": format!(
                "an explicit deny ({}) decides: no Allow overrides it; that policy must change",
                if statements.is_empty() { "statement not named".to_string() } else { iam_engine::StatementId::list(&statements) }
            ),
        }));
    }
    if a.literal.decision.is_allow() && real.is_none_or(Decision::is_allow) {
        return None;
    }
    let lp = iam_fromerror::least_privilege(
        std::slice::from_ref(request),
        Generalise::Exact,
        crate::now(),
    );
    Some(json!({
        "text": "add these statements to an identity policy of the caller (what the real call authorizes)",
        "statements": lp.policy.get("Statement").cloned().unwrap_or(Value::Null),
    }))
}

/// What is probably missing from the workspace when the simulator and the message disagree.
fn compare(call: &Call, literal: &iam_engine::Answer, real: Option<Decision>) -> String {
    let allowed = literal.decision.is_allow() && real.is_none_or(Decision::is_allow);
    let Some(b) = &call.blamed else {
        return if allowed {
            "disagree: AWS denied it (the message names no policy type) but the workspace allows it: the denying policy is probably missing from the workspace (an SCP, a permissions boundary, a session policy, a resource policy), or the workspace's policies are not the caller's".into()
        } else {
            "both deny (the message names no policy type to compare with)".into()
        };
    };
    match (b.policy_type, allowed) {
        (None, true) => "AWS denied it but the workspace allows it: a policy that denies it is missing from the workspace, or a condition key differs".into(),
        (None, false) => "both deny".into(),
        (Some(kind), true) => {
            let what = match kind {
                PolicyKind::Identity => "the workspace's identity policies allow it but AWS found none that does: they are probably not the caller's (another principal, a policy not attached), or a condition key the message does not show differs".to_string(),
                PolicyKind::PermissionsBoundary => "the workspace has no permissions boundary that denies it: add the caller's boundary (`policies.permissionsBoundary`)".to_string(),
                PolicyKind::Scp => "the workspace has no SCP that denies it: add the organization's SCPs (`policies.scps`, from the root to the account)".to_string(),
                PolicyKind::Rcp => "the workspace has no RCP that denies it: add the resource's RCPs (`policies.rcps`)".to_string(),
                PolicyKind::Session => "the workspace has no session policy: add the one passed when the session was created (`policies.session`)".to_string(),
                PolicyKind::VpcEndpoint => "the workspace has no VPC endpoint policy: add the endpoint's policy (`policies.vpcEndpoint`)".to_string(),
                PolicyKind::Resource => "the workspace's resource policy (or the role's trust policy) does not deny it: add the resource's own policy (`policies.resource`)".to_string(),
            };
            format!("disagree: AWS blamed {}, the simulator allows; {what}", b.describe())
        }
        (Some(kind), false) => match literal.decided_by {
            Some(k) if k == kind => format!("agree: both blame the {}", kind.label()),
            Some(k) => format!(
                "both deny, but the simulator blames the {} where AWS blamed the {} (AWS names only one policy type when several deny)",
                k.label(),
                kind.label()
            ),
            None => "both deny".into(),
        },
    }
}

fn render_call(i: usize, c: &Call) -> String {
    let mut t = format!(
        "call {}: {} ({}{})\n",
        i + 1,
        clean(
            c.request
                .get("action")
                .and_then(Value::as_str)
                .unwrap_or("?")
        ),
        match c.form {
            iam_fromerror::Form::Message => "error message",
            iam_fromerror::Form::DecodedMessage => "decoded authorization message",
            iam_fromerror::Form::Cloudtrail => "CloudTrail record",
        },
        c.location
            .map(|l| format!(", line {}", l.line))
            .unwrap_or_default()
    );
    if let Some(code) = &c.error_code {
        t.push_str(&format!("  error code: {}\n", clean(code)));
    }
    t.push_str(&format!("  mapping: {}\n", clean(&c.mapping.note)));
    if let Some(b) = &c.blamed {
        t.push_str(&format!("  AWS blames: {}\n", clean(&b.describe())));
    }
    for f in &c.recovered {
        if f.field != "action" {
            t.push_str(&format!("  + {}: {}\n", clean(&f.field), clean(&f.how)));
        }
    }
    for f in &c.missing {
        t.push_str(&format!("  - {}: {}\n", clean(&f.field), clean(&f.how)));
    }
    for n in &c.notes {
        t.push_str(&format!("  note: {}\n", clean(n)));
    }
    t
}

fn print_problems(name: &str, reading: &Reading) {
    for d in &reading.problems {
        eprintln!("{}: {}", clean(name), clean(&d.to_string()));
    }
}

/// `iamsim from-error FILE|-`.
pub fn from_error(
    file: &Path,
    json_out: bool,
    policies: &[PathBuf],
    scenario: Option<&Path>,
    managed: &[String],
) -> ExitCode {
    let Some(text) = read_input(file) else {
        return ExitCode::from(3);
    };
    let name = file.display().to_string();
    let reading = iam_fromerror::read_errors(&text);
    print_problems(&name, &reading);
    let ws = match workspace(policies, scenario, managed) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {}", clean(&e));
            return ExitCode::from(2);
        }
    };
    let requests: Vec<Value> = reading.calls.iter().map(|c| c.request.clone()).collect();
    let answers = ws.as_ref().filter(|_| !requests.is_empty()).map(|w| {
        let s = iam_fromerror::scenario_with(w.clone(), requests.clone());
        iam_realapi::evaluate_full_many(&s.to_string(), crate::now())
    });
    let ok = if json_out {
        let scenario = match &ws {
            Some(w) => iam_fromerror::scenario_with(w.clone(), requests),
            None => reading.scenario(),
        };
        let mut out =
            json!({ "scenario": scenario, "calls": reading.calls, "problems": reading.problems });
        if let Some(a) = &answers {
            let comparison = Value::Array(
                reading
                    .calls
                    .iter()
                    .zip(a)
                    .map(|(c, a)| {
                        json!({
                            "literal": a.literal.decision,
                            "decidedBy": a.literal.decided_by,
                            "real": a.real_api.as_ref().map(|r| r.decision),
                            "blamed": c.blamed,
                            "verdict": compare(c, &a.literal, a.real_api.as_ref().map(|r| r.decision)),
                            "fix": fix(&c.request, a),
                        })
                    })
                    .collect(),
            );
            if let Some(o) = out.as_object_mut() {
                o.insert("comparison".into(), comparison);
            }
        }
        crate::write_json(&out)
    } else {
        let mut t = String::new();
        for (i, c) in reading.calls.iter().enumerate() {
            t.push_str(&render_call(i, c));
            if let Some(a) = answers.as_ref().and_then(|a| a.get(i)) {
                let real = a.real_api.as_ref().map(|r| r.decision);
                t.push_str(&format!(
                    "  simulator: {}{}{}\n  {}\n",
                    decision_word(a.literal.decision),
                    a.literal
                        .decided_by
                        .map(|k| format!(" ({})", k.label()))
                        .unwrap_or_default(),
                    real.map(|r| format!(", real API: {}", decision_word(r)))
                        .unwrap_or_default(),
                    clean(&compare(c, &a.literal, real))
                ));
                if let Some(f) = fix(&c.request, a) {
                    t.push_str(&format!(
                        "  fix: {}\n",
                        clean(f.get("text").and_then(Value::as_str).unwrap_or_default())
                    ));
                    if let Some(st) = f.get("statements") {
                        let body = serde_json::to_string_pretty(st).unwrap_or_default();
                        for line in body.lines() {
                            t.push_str(&format!("    {}\n", clean(line)));
                        }
                    }
                }
            }
        }
        t.push_str(&format!(
            "{} call(s) read; {} problem(s)\n",
            reading.calls.len(),
            reading.problems.len()
        ));
        crate::write_out(&t)
    };
    if !ok || reading.calls.is_empty() || reading.has_errors() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

/// The requests of a file: a scenario's `requests` (or `request`), else the calls read from error text.
fn calls_of(file: &Path) -> Option<Vec<Value>> {
    let text = read_input(file)?;
    if let Ok(v) = serde_json::from_str::<Value>(&text) {
        if v.get("policies").is_some() {
            if let Some(Value::Array(r)) = v.get("requests") {
                return Some(r.clone());
            }
            if let Some(r) = v.get("request") {
                return Some(vec![r.clone()]);
            }
        }
    }
    let reading = iam_fromerror::read_errors(&text);
    print_problems(&file.display().to_string(), &reading);
    if reading.has_errors() {
        return None;
    }
    Some(reading.calls.into_iter().map(|c| c.request).collect())
}

/// `iamsim least-privilege FILE…`.
pub fn least_privilege(
    files: &[PathBuf],
    generalise: &str,
    json_out: bool,
    policies: &[PathBuf],
    scenario: Option<&Path>,
    managed: &[String],
) -> ExitCode {
    let Some(g) = Generalise::parse(generalise) else {
        eprintln!("error: --generalise takes exact, name or type");
        return ExitCode::from(2);
    };
    let mut requests = Vec::new();
    for f in files {
        match calls_of(f) {
            Some(r) => requests.extend(r),
            None => return ExitCode::from(3),
        }
    }
    if requests.is_empty() {
        eprintln!("error: no calls to allow");
        return ExitCode::from(3);
    }
    let least = iam_fromerror::least_privilege(&requests, g, crate::now());
    let start = match workspace(policies, scenario, managed) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {}", clean(&e));
            return ExitCode::from(2);
        }
    };
    let gvu = start.map(|w| iam_fromerror::granted_vs_used(&w, &requests, &least));
    let ok = if json_out {
        crate::write_json(&json!({ "leastPrivilege": least, "grantedVsUsed": gvu }))
    } else {
        let mut t = serde_json::to_string_pretty(&least.policy).unwrap_or_default();
        t.push('\n');
        for n in &least.not_by_identity_policy {
            t.push_str(&format!("not by an identity policy: {}\n", clean(n)));
        }
        t.push_str("verified (the policy above alone, against every call):\n");
        for v in &least.verified {
            t.push_str(&format!(
                "  call {} {}: literal {}, real API {}{}\n",
                v.call + 1,
                clean(&v.action),
                decision_word(v.literal),
                v.real.map_or("-", decision_word),
                v.why
                    .as_deref()
                    .map(|w| format!(" ({})", clean(w)))
                    .unwrap_or_default()
            ));
        }
        t.push_str(if least.all_allowed {
            "every call allowed, literally and by the real API\n"
        } else {
            "NOT every call is allowed\n"
        });
        if let Some(g) = &gvu {
            let levels = |l: &[iam_fromerror::LevelCount]| {
                l.iter()
                    .map(|c| format!("{} {}", c.count, c.level))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            t.push_str(&format!(
                "granted vs used: the starting policies grant {} actions ({}); the calls use {} ({}); the least-privilege policy removes {} ({})\n",
                g.granted,
                levels(&g.granted_by_level),
                g.used,
                levels(&g.used_by_level),
                g.removed.len(),
                levels(&g.removed_by_level)
            ));
            if !g.not_granted.is_empty() {
                t.push_str(&format!(
                    "used but not granted by the starting policies (for resource `*`): {}\n",
                    g.not_granted.join(", ")
                ));
            }
        }
        crate::write_out(&t)
    };
    if ok && least.all_allowed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
