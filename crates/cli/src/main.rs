//! `iamsim`: evaluate scenarios from the terminal or a CI job, with the same engine as the web app.

mod render;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "iamsim",
    version,
    about = "Simulate AWS IAM authorization decisions offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Expect {
    Allow,
    Deny,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate scenario files and print a readable trace (or JSON with --json).
    Eval {
        /// Scenario files; with --jsonl, scenarios are read from stdin instead, one per line.
        files: Vec<std::path::PathBuf>,
        /// Print the answer (literal, with `realApi` beside it) as JSON.
        #[arg(long)]
        json: bool,
        /// Read one scenario per line on stdin and write one answer per line on stdout, in order.
        #[arg(long)]
        jsonl: bool,
        /// With --jsonl: print throughput on stderr at the end.
        #[arg(long)]
        stats: bool,
        /// Exit non-zero unless every scenario's decision is this (deny covers both kinds of deny).
        #[arg(long, value_enum)]
        expect: Option<Expect>,
        /// Judge --expect by the real-API answer instead of the literal one.
        #[arg(long)]
        real_api: bool,
        /// Never colour the output.
        #[arg(long)]
        no_color: bool,
    },
    /// List the actions a pattern such as `iam:*` or `ec2:Describe*` matches, with access levels.
    Expand { pattern: String },
    /// Show an action: access level, resource types with ARN templates, condition keys, dependent actions.
    Action { name: String },
    /// Decide every action of the reference for a scenario's principal, policies, resource and context, and list
    /// the allowed ones with their access levels (the scenario's own action is replaced).
    Sweep {
        /// The scenario file.
        file: std::path::PathBuf,
        /// Print the counts and the allowed actions as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Eval {
            files,
            json,
            jsonl,
            stats,
            expect,
            real_api,
            no_color,
        } => {
            if jsonl {
                return eval_jsonl(stats);
            }
            if files.is_empty() {
                eprintln!("error: give at least one scenario file, or --jsonl to read stdin");
                return ExitCode::from(2);
            }
            let color = !no_color
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            eval_files(&files, json, expect, real_api, color)
        }
        Command::Expand { pattern } => expand(&pattern),
        Command::Action { name } => action(&name),
        Command::Sweep { file, json } => sweep(&file, json),
    }
}

/// The current time in epoch seconds, for aws:CurrentTime in the real-API answer.
fn now() -> Option<f64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs_f64())
}

/// Prints `value` as pretty JSON on stdout; false when that failed.
fn write_json(value: &impl serde::Serialize) -> bool {
    match serde_json::to_string_pretty(value) {
        Ok(s) => write_out(&format!("{s}\n")),
        Err(e) => {
            eprintln!("error: {e}");
            false
        }
    }
}

/// The text of a scenario file, or `None` after saying why it cannot be read.
fn read_file(file: &std::path::Path) -> Option<String> {
    std::fs::read_to_string(file)
        .map_err(|e| eprintln!("error: cannot read `{}`: {e}", file.display()))
        .ok()
}

fn write_out(text: &str) -> bool {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()) {
        Ok(()) => true,
        Err(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
    }
}

fn eval_files(
    files: &[std::path::PathBuf],
    json: bool,
    expect: Option<Expect>,
    real_api: bool,
    color: bool,
) -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for file in files {
        let Some(text) = read_file(file) else {
            status = ExitCode::FAILURE;
            continue;
        };
        let answer = iam_realapi::evaluate_full(&text, now());
        for d in answer
            .literal
            .errors
            .iter()
            .chain(answer.literal.warnings.iter())
        {
            eprintln!("{}: {d}", file.display());
        }
        let printed = if json {
            write_json(&answer)
        } else {
            write_out(&render::answer(&file.display().to_string(), &answer, color))
        };
        if !printed {
            status = ExitCode::FAILURE;
        }
        if let Some(want) = expect {
            let decision = match (&answer.real_api, real_api) {
                (Some(r), true) => r.decision,
                _ => answer.literal.decision,
            };
            let ok = match want {
                Expect::Allow => decision.is_allow(),
                Expect::Deny => !decision.is_allow(),
            };
            if !answer.literal.errors.is_empty() {
                eprintln!(
                    "{}: the scenario has errors, so --expect cannot pass",
                    file.display()
                );
                status = ExitCode::FAILURE;
            } else if !ok {
                eprintln!(
                    "{}: expected {}, got {decision}",
                    file.display(),
                    if want == Expect::Allow {
                        "allow"
                    } else {
                        "deny"
                    }
                );
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}

fn eval_jsonl(stats: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let mut count = 0u64;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: reading stdin: {e}");
                return ExitCode::FAILURE;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        count += 1;
        let answer = iam_engine::answer_scenario(
            &iam_engine::parse_scenario(&line),
            iam_engine::Options::DECISION,
        );
        let written = serde_json::to_writer(&mut out, &answer)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: writing stdout: {e}");
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    if stats {
        let secs = started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { count as f64 / secs } else { 0.0 };
        eprintln!("{count} scenarios in {secs:.3} s: {rate:.0} scenarios/s");
    }
    ExitCode::SUCCESS
}

fn expand(pattern: &str) -> ExitCode {
    let actions = iam_reference::expand_action_pattern(pattern);
    let mut text = String::new();
    for a in &actions {
        text.push_str(&format!(
            "{:<60} {}\n",
            a.full_name(),
            a.access_level().as_str()
        ));
    }
    text.push_str(&format!("{} actions match `{pattern}`\n", actions.len()));
    write_out(&text);
    if actions.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn sweep(file: &std::path::Path, json: bool) -> ExitCode {
    let Some(text) = read_file(file) else {
        return ExitCode::FAILURE;
    };
    let sweep = iam_realapi::sweep_actions(&text);
    for d in &sweep.errors {
        eprintln!("{}: {d}", file.display());
    }
    let printed = if json {
        write_json(&sweep)
    } else {
        let mut t = String::new();
        for name in &sweep.allowed {
            let level = iam_reference::action(name).map_or("", |a| a.access_level().as_str());
            t.push_str(&format!("{name:<60} {level}\n"));
        }
        t.push_str(&format!(
            "{} of {} actions allowed; {} implicitly denied, {} explicitly denied\n",
            sweep.allow, sweep.actions, sweep.implicit_deny, sweep.explicit_deny
        ));
        write_out(&t)
    };
    if printed && sweep.errors.is_empty() && sweep.actions > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn action(name: &str) -> ExitCode {
    let a = match iam_reference::lookup_action(name) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut t = format!("{} ({})\n", a.full_name(), a.access_level().as_str());
    if a.has_resource_types() {
        t.push_str("resource types:\n");
        for r in a.resource_types() {
            let rt = r.resource_type();
            let templates: Vec<&str> = rt.arn_templates().collect();
            t.push_str(&format!(
                "  {}{}  {}\n",
                rt.name(),
                if r.required() {
                    " (required)"
                } else {
                    " (optional)"
                },
                templates.join(" | ")
            ));
            for k in r.condition_keys().chain(rt.condition_keys()) {
                t.push_str(&format!(
                    "      key {} ({})\n",
                    k.name(),
                    k.key_type().as_str()
                ));
            }
        }
    } else {
        t.push_str("resource types: none: the action supports no resource-level permissions (use Resource \"*\")\n");
    }
    let keys: Vec<String> = a
        .condition_keys()
        .map(|k| format!("{} ({})", k.name(), k.key_type().as_str()))
        .collect();
    if !keys.is_empty() {
        t.push_str(&format!("condition keys: {}\n", keys.join(", ")));
    }
    let deps: Vec<&str> = a.dependent_actions().iter().map(|d| d.name()).collect();
    if !deps.is_empty() {
        t.push_str(&format!("dependent actions: {}\n", deps.join(", ")));
    }
    write_out(&t);
    ExitCode::SUCCESS
}
