//! Where the time of a full answer goes, phase by phase, over a workload of scenarios (one JSON scenario a line,
//! such as the `bench/out/workload.jsonl` that `node bench/compare.mjs` writes). Each phase runs over the whole
//! workload five times and the best run counts; µs per scenario:
//!
//!   cargo run --release -p iam-realapi --example breakdown -- bench/out/workload.jsonl
//!
//! Phases: reading the JSON with spans; compiling the scenario (policies and requests) from that tree; the literal
//! answer with its trace; the real-API answer (the whole `evaluate_full` less the three before); writing the answer
//! as JSON text. With policies prepared, the policies are neither read nor compiled per request: the last line is
//! `evaluate_prepared` with only the request read.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

fn best(runs: usize, n: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6 / n as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: breakdown WORKLOAD.jsonl");
    let text = std::fs::read_to_string(&path).expect("read the workload");
    let scenarios: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let n = scenarios.len();
    let now = Some(1_767_225_600.0);
    let trees: Vec<_> = scenarios
        .iter()
        .map(|s| iam_engine::json::parse(s).unwrap())
        .collect();
    let read: Vec<_> = scenarios
        .iter()
        .zip(&trees)
        .map(|(s, t)| iam_engine::read_scenario(s, t))
        .collect();
    let answers: Vec<_> = scenarios
        .iter()
        .map(|s| iam_realapi::evaluate_full(s, now))
        .collect();
    let prepared: Vec<_> = scenarios
        .iter()
        .map(|s| iam_engine::Prepared::read(s))
        .collect();
    let asks: Vec<String> = scenarios
        .iter()
        .map(|s| {
            let v: serde_json::Value = serde_json::from_str(s).unwrap();
            let mut ask = serde_json::Map::new();
            for k in ["request", "requests", "realApi"] {
                if let Some(x) = v.get(k) {
                    ask.insert(k.into(), x.clone());
                }
            }
            serde_json::Value::Object(ask).to_string()
        })
        .collect();

    let parse = best(5, n, || {
        for s in &scenarios {
            black_box(iam_engine::json::parse(s).unwrap());
        }
    });
    let compile = best(5, n, || {
        for (s, t) in scenarios.iter().zip(&trees) {
            black_box(iam_engine::read_scenario(s, t));
        }
    });
    let literal = best(5, n, || {
        for sc in &read {
            black_box(iam_engine::answer_scenario(
                sc,
                iam_engine::Options::default(),
            ));
        }
    });
    let decision = best(5, n, || {
        for sc in &read {
            black_box(iam_engine::answer_scenario(
                sc,
                iam_engine::Options::DecisionOnly,
            ));
        }
    });
    let full = best(5, n, || {
        for s in &scenarios {
            black_box(iam_realapi::evaluate_full(s, now));
        }
    });
    let write = best(5, n, || {
        for a in &answers {
            black_box(serde_json::to_string(a).unwrap());
        }
    });
    let with_prepared = best(5, n, || {
        for (p, ask) in prepared.iter().zip(&asks) {
            black_box(iam_realapi::evaluate_prepared(p, ask, now));
        }
    });
    let prepared_decide = best(5, n, || {
        for (p, ask) in prepared.iter().zip(&asks) {
            let sc = p.scenario(ask);
            black_box(iam_engine::answer_scenario(
                &sc,
                iam_engine::Options::Reason,
            ));
        }
    });
    let prepared_read = best(5, n, || {
        for (p, ask) in prepared.iter().zip(&asks) {
            black_box(p.scenario(ask));
        }
    });
    let bytes: usize = scenarios.iter().map(|s| s.len()).sum();
    let out: usize = answers
        .iter()
        .map(|a| serde_json::to_string(a).unwrap().len())
        .sum();
    println!("{n} scenarios, {:.1} KB in and {:.1} KB of answer each on average; µs per scenario (best of 5):", bytes as f64 / n as f64 / 1024.0, out as f64 / n as f64 / 1024.0);
    let real = (full - parse - compile - literal).max(0.0);
    let total = full + write;
    let row =
        |name: &str, us: f64| println!("  {name:<64} {us:>8.1} µs  {:>5.1} %", 100.0 * us / total);
    row("read the JSON with spans (json::parse)", parse);
    row(
        "compile the scenario from the tree (read_scenario)",
        compile,
    );
    row(
        "the literal answer with its trace (answer_scenario)",
        literal,
    );
    row(
        "the real-API answer (evaluate_full less the three above)",
        real,
    );
    row("write the answer as JSON text (serde_json)", write);
    println!(
        "  {:<64} {:>8.1} µs",
        "all of it: evaluate_full + writing", total
    );
    println!(
        "  {:<64} {:>8.1} µs",
        "for comparison: the literal decision alone, compiled", decision
    );
    println!(
        "  {:<64} {:>8.1} µs",
        "with policies prepared: evaluate_prepared (request read)", with_prepared
    );
    let line = |name: &str, us: f64| println!("  {name:<64} {us:>8.1} µs");
    line(
        "with policies prepared: the decision with its reason",
        prepared_decide,
    );
    line("  of which reading the request against them", prepared_read);
}
