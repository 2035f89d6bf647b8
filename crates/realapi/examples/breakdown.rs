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
//!
//! To profile one phase, name it and a number of rounds; only that phase runs:
//!
//!   perf record -g target/release/examples/breakdown bench/out/workload.jsonl compile 50
//!
//! (phases: parse, compile, literal, decision, full, write, prepared, prepared-decide, prepared-read).
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
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: breakdown WORKLOAD.jsonl [PHASE ROUNDS]");
    let only = args.get(2).map(String::as_str);
    let rounds: usize = args
        .get(3)
        .map_or(5, |r| r.parse().expect("ROUNDS is a number"));
    let runs = |phase: &str| match only {
        None => 5,
        Some(p) if p == phase => rounds,
        Some(_) => 0,
    };
    let text = std::fs::read_to_string(path).expect("read the workload");
    let scenarios: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let n = scenarios.len();
    let now = Some(1_767_225_600.0);
    // What each phase needs is prepared outside its timing (only what the phase profiled needs).
    let needs = |phases: &[&str]| only.is_none_or(|o| phases.contains(&o));
    let some = |phases: &[&str]| {
        if needs(phases) {
            scenarios.as_slice()
        } else {
            &[]
        }
    };
    let trees: Vec<_> = some(&["compile", "literal", "decision"])
        .iter()
        .map(|s| iam_engine::json::parse(s).unwrap())
        .collect();
    let read: Vec<_> = some(&["literal", "decision"])
        .iter()
        .zip(&trees)
        .map(|(s, t)| iam_engine::read_scenario(s, t))
        .collect();
    let answers: Vec<_> = some(&["write"])
        .iter()
        .map(|s| iam_realapi::evaluate_full(s, now))
        .collect();
    let prepared_phases = ["prepared", "prepared-decide", "prepared-read"];
    let prepared: Vec<_> = some(&prepared_phases)
        .iter()
        .map(|s| iam_engine::Prepared::read(s))
        .collect();
    let asks: Vec<String> = some(&prepared_phases)
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

    let parse = best(runs("parse"), n, || {
        for s in &scenarios {
            black_box(iam_engine::json::parse(s).unwrap());
        }
    });
    let compile = best(runs("compile"), n, || {
        for (s, t) in scenarios.iter().zip(&trees) {
            black_box(iam_engine::read_scenario(s, t));
        }
    });
    let literal = best(runs("literal"), n, || {
        for sc in &read {
            black_box(iam_engine::answer_scenario(
                sc,
                iam_engine::Options::default(),
            ));
        }
    });
    let decision = best(runs("decision"), n, || {
        for sc in &read {
            black_box(iam_engine::answer_scenario(
                sc,
                iam_engine::Options::DecisionOnly,
            ));
        }
    });
    let full = best(runs("full"), n, || {
        for s in &scenarios {
            black_box(iam_realapi::evaluate_full(s, now));
        }
    });
    let write = best(runs("write"), n, || {
        for a in &answers {
            black_box(serde_json::to_string(a).unwrap());
        }
    });
    let with_prepared = best(runs("prepared"), n, || {
        for (p, ask) in prepared.iter().zip(&asks) {
            black_box(iam_realapi::evaluate_prepared(p, ask, now));
        }
    });
    let prepared_decide = best(runs("prepared-decide"), n, || {
        for (p, ask) in prepared.iter().zip(&asks) {
            let sc = p.scenario(ask);
            black_box(iam_engine::answer_scenario(
                &sc,
                iam_engine::Options::Reason,
            ));
        }
    });
    let prepared_read = best(runs("prepared-read"), n, || {
        for (p, ask) in prepared.iter().zip(&asks) {
            black_box(p.scenario(ask));
        }
    });
    if only.is_some() {
        return;
    }
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
