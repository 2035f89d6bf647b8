//! `iamsim`: evaluate scenarios from the terminal or a CI job, with the same engine as the web app.

mod compare;
mod fromerror;
mod lint;
mod render;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// What the exit code of `iamsim eval` says (also in `iamsim eval --help` and the README).
const EXIT_CODES: &str = "Exit codes: 0 every scenario was evaluated completely (and met --expect); \
1 a decision differed from --expect; 2 the command line was wrong; 3 something could not be evaluated \
(an unreadable file, invalid JSON or UTF-8, an error in the scenario or a policy, an incomplete answer), \
which wins over 1.";

/// `--expect` was not met.
const EXIT_EXPECT: u8 = 1;
/// Something could not be evaluated.
pub(crate) const EXIT_NOT_EVALUATED: u8 = 3;

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
    /// Evaluate scenario files and print a readable trace (or JSON with --json). A scenario with a `requests`
    /// array gets one answer per request.
    #[command(after_help = EXIT_CODES)]
    Eval {
        /// Scenario files; with --jsonl, scenarios are read from stdin instead, one per line.
        files: Vec<std::path::PathBuf>,
        /// Print the answer (literal, with `realApi` beside it) as JSON; an array of answers for a scenario with
        /// `requests`.
        #[arg(long)]
        json: bool,
        /// Read one scenario per line on stdin and write exactly one JSON line per input line, in order, each
        /// with its `line` number: the answer's fields, or `requests` (an array of answers) for a scenario with a
        /// `requests` array. A blank line or one that is not UTF-8 is answered with an error.
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
    /// Check policies offline in IAM Access Analyzer's vocabulary: policy documents, scenarios (a scenario's
    /// policies keep their kinds), CloudFormation templates (JSON or YAML) and Terraform plans (`terraform show
    /// -json`), given as files or directories (walked for `.json`, `.yaml`, `.yml` and `.template` files; a YAML
    /// file that is not a CloudFormation template is skipped).
    #[command(after_help = lint::EXIT_CODES)]
    Lint {
        /// Policy documents, scenarios, CloudFormation templates, Terraform plans, or directories of them.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// The type of a bare policy document (default: identity); a scenario's policies keep their kinds.
        #[arg(long = "type", value_enum)]
        policy_type: Option<lint::TypeArg>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value = "human")]
        format: lint::Output,
        /// Exit with 1 when a finding is at least this severe.
        #[arg(long, value_enum, default_value = "error")]
        fail_on: lint::FailOn,
        /// Never colour the output.
        #[arg(long)]
        no_color: bool,
    },
    /// List the actions a pattern such as `iam:*` or `ec2:Describe*` matches, with access levels.
    Expand { pattern: String },
    /// Does the new policy grant anything the old one didn't? Searches every class of requests and answers no new
    /// access, new access (with requests the engine allows under NEW and denies under OLD) or unknown.
    #[command(after_help = compare::EXIT_CODES)]
    Compare {
        /// The old policy (with --not-granted or --no-public-access: the policy to check).
        old: std::path::PathBuf,
        /// The new policy.
        new: Option<std::path::PathBuf>,
        /// identity, resource, scp, rcp or boundary.
        #[arg(long = "type", default_value = "identity")]
        policy_type: String,
        /// Print the whole comparison as JSON (`verdict` is a field).
        #[arg(long)]
        json: bool,
        /// Does the policy grant any of these? Actions, and resources starting with `arn:` (comma-separated or
        /// repeated).
        #[arg(long = "not-granted")]
        not_granted: Vec<String>,
        /// With --type resource and one policy: can a caller outside the policy's accounts and organization be
        /// allowed (an anonymous caller, or one of an account the policy does not name, carrying none of the
        /// values the policy fixes, as Amazon S3 defines a public bucket policy)?
        #[arg(long = "no-public-access")]
        no_public_access: bool,
    },
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
    /// Read AWS error messages, decoded authorization messages or CloudTrail records (a file, or `-` for stdin)
    /// and print the requests they describe; with policies, the simulator's answer beside the policy type the
    /// message blames. Exit 3 when nothing usable was read.
    FromError {
        file: std::path::PathBuf,
        /// Print `{"scenario", "calls", "problems", "comparison"}` as JSON; `scenario` is what `iamsim eval` reads.
        #[arg(long)]
        json: bool,
        /// An identity policy document to evaluate the requests against (repeatable).
        #[arg(long)]
        policy: Vec<std::path::PathBuf>,
        /// A scenario whose `policies` the requests are evaluated against.
        #[arg(long)]
        scenario: Option<std::path::PathBuf>,
        /// An AWS managed policy to attach as an identity policy, by name or ARN (repeatable).
        #[arg(long)]
        managed: Vec<String>,
    },
    /// Write the least-privilege identity policy for a list of calls (error text, CloudTrail records, or scenario
    /// files with `requests`), verify it against every call literally and by the real API, and with --policy or
    /// --scenario compare what those grant with what the calls use. Exit 1 when a call is not allowed.
    LeastPrivilege {
        files: Vec<std::path::PathBuf>,
        /// How far ARNs are generalised: exact, name (the last name becomes `*`) or type (every name).
        #[arg(long, default_value = "exact")]
        generalise: String,
        #[arg(long)]
        json: bool,
        /// A starting identity policy to compare with (granted vs used; repeatable).
        #[arg(long)]
        policy: Vec<std::path::PathBuf>,
        /// A scenario whose `policies` are the starting point (granted vs used).
        #[arg(long)]
        scenario: Option<std::path::PathBuf>,
        /// An AWS managed policy as the starting point, by name or ARN (repeatable; granted vs used).
        #[arg(long)]
        managed: Vec<String>,
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
        Command::Lint {
            files,
            policy_type,
            format,
            fail_on,
            no_color,
        } => {
            let color = !no_color
                && format == lint::Output::Human
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            lint::run(&files, policy_type, format, fail_on, color)
        }
        Command::Expand { pattern } => expand(&pattern),
        Command::Compare {
            old,
            new,
            policy_type,
            json,
            not_granted,
            no_public_access,
        } => compare::run(
            &old,
            new.as_deref(),
            &policy_type,
            json,
            &not_granted,
            no_public_access,
        ),
        Command::Action { name } => action(&name),
        Command::Sweep { file, json } => sweep(&file, json),
        Command::FromError {
            file,
            json,
            policy,
            scenario,
            managed,
        } => fromerror::from_error(&file, json, &policy, scenario.as_deref(), &managed),
        Command::LeastPrivilege {
            files,
            generalise,
            json,
            policy,
            scenario,
            managed,
        } => fromerror::least_privilege(
            &files,
            &generalise,
            json,
            &policy,
            scenario.as_deref(),
            &managed,
        ),
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

/// The bytes of a scenario file, or `None` after saying why it cannot be read.
fn read_file(file: &std::path::Path) -> Option<Vec<u8>> {
    std::fs::read(file)
        .map_err(|e| {
            eprintln!(
                "error: cannot read `{}`: {e}",
                render::clean(&file.display().to_string())
            )
        })
        .ok()
}

/// The scenario with the AWS managed policies it attaches by name or ARN resolved (`iam-managed`); an unknown name
/// is said on stderr (the engine then reports it as unresolved).
fn resolve_managed(file: &str, text: &str) -> String {
    let r = iam_managed::resolve_scenario(text);
    for u in &r.unknown {
        eprintln!(
            "{}: no AWS managed policy `{}` in the vendored data ({} {})",
            render::clean(file),
            render::clean(u),
            iam_managed::source().package,
            iam_managed::source().version
        );
    }
    r.text
}

/// The bytes as UTF-8 text, or `None` after printing the located error.
fn text_of<'b>(file: &str, bytes: &'b [u8]) -> Option<&'b str> {
    match iam_engine::json::decode(bytes) {
        Ok(text) => Some(text),
        Err(d) => {
            let d = iam_engine::json::locate_decode_error(*d, iam_engine::Source::Scenario, bytes);
            eprintln!("{}: {}", render::clean(file), render::clean(&d.to_string()));
            None
        }
    }
}

/// Whether an answer leaves something unevaluated: an error in the scenario or a policy, or a statement or
/// request that could not be evaluated.
fn not_evaluated(a: &iam_engine::Answer) -> bool {
    a.incomplete || !a.errors.is_empty()
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
    let mut unevaluated = false;
    let mut expectation_failed = false;
    for file in files {
        let name = file.display().to_string();
        let Some(bytes) = read_file(file) else {
            unevaluated = true;
            continue;
        };
        let Some(text) = text_of(&name, &bytes) else {
            unevaluated = true;
            continue;
        };
        let resolved = resolve_managed(&name, text);
        let answers = iam_realapi::evaluate_full_many(&resolved, now());
        let many = answers.len() > 1;
        for (i, answer) in answers.iter().enumerate() {
            let label = if many {
                format!("{name} [request {}]", i + 1)
            } else {
                name.clone()
            };
            for d in answer
                .literal
                .errors
                .iter()
                .chain(answer.literal.warnings.iter())
            {
                eprintln!(
                    "{}: {}",
                    render::clean(&label),
                    render::clean(&d.to_string())
                );
            }
            if not_evaluated(&answer.literal) {
                unevaluated = true;
            }
            if !json && !write_out(&render::answer(&label, answer, color)) {
                unevaluated = true;
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
                if not_evaluated(&answer.literal) {
                    eprintln!(
                        "{}: the scenario could not be fully evaluated, so --expect cannot pass",
                        render::clean(&label)
                    );
                } else if !ok {
                    eprintln!(
                        "{}: expected {}, got {decision}",
                        render::clean(&label),
                        if want == Expect::Allow {
                            "allow"
                        } else {
                            "deny"
                        }
                    );
                    expectation_failed = true;
                }
            }
        }
        if json {
            let printed = match answers.as_slice() {
                [one] => write_json(one),
                all => write_json(&all),
            };
            if !printed {
                unevaluated = true;
            }
        }
    }
    if unevaluated {
        ExitCode::from(EXIT_NOT_EVALUATED)
    } else if expectation_failed {
        ExitCode::from(EXIT_EXPECT)
    } else {
        ExitCode::SUCCESS
    }
}

/// An answer for an input line that could not be read as a scenario.
fn unreadable_line(d: iam_engine::Diagnostic) -> iam_engine::Answer {
    iam_engine::Answer {
        reason: "The scenario could not be evaluated: the line is not a scenario.".to_string(),
        incomplete: true,
        errors: vec![d],
        ..iam_engine::Answer::default()
    }
}

/// Writes `{"line": N, …value's fields}` and a newline: `value` must serialize as a non-empty JSON object.
fn write_line(
    out: &mut impl Write,
    line: usize,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    let body = serde_json::to_vec(value).map_err(std::io::Error::from)?;
    write!(out, "{{\"line\":{line}")?;
    match body.get(1..) {
        Some(rest) if rest != b"}" => {
            out.write_all(b",")?;
            out.write_all(rest)?;
        }
        _ => out.write_all(b"}")?,
    }
    out.write_all(b"\n")
}

#[derive(serde::Serialize)]
struct Requests {
    requests: Vec<iam_engine::Answer>,
}

fn eval_jsonl(stats: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let mut count = 0u64;
    let mut unevaluated = false;
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut input = stdin.lock();
    let mut buf = Vec::new();
    let mut line = 0usize;
    loop {
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("error: reading stdin: {e}");
                return ExitCode::from(EXIT_NOT_EVALUATED);
            }
        }
        line += 1;
        count += 1;
        let bytes = buf
            .strip_suffix(b"\n")
            .map(|b| b.strip_suffix(b"\r").unwrap_or(b))
            .unwrap_or(&buf);
        let written = match iam_engine::json::decode(bytes) {
            Err(d) => {
                unevaluated = true;
                let d =
                    iam_engine::json::locate_decode_error(*d, iam_engine::Source::Scenario, bytes);
                write_line(&mut out, line, &unreadable_line(d))
            }
            Ok(text) if text.trim().is_empty() => {
                unevaluated = true;
                let d = iam_engine::Diagnostic::error(
                    iam_engine::Code::EmptyLine,
                    "the line is blank: every line of the input is a scenario",
                    "remove blank lines, or put a scenario on this one",
                    None,
                );
                write_line(&mut out, line, &unreadable_line(d))
            }
            Ok(text) => {
                let resolved = iam_managed::resolve_scenario(text);
                let scenario = iam_engine::parse_scenario(&resolved.text);
                if scenario.requests.is_empty() {
                    let answer =
                        iam_engine::answer_scenario(&scenario, iam_engine::Options::Reason);
                    unevaluated |= not_evaluated(&answer);
                    write_line(&mut out, line, &answer)
                } else {
                    let requests: Vec<iam_engine::Answer> = scenario
                        .requests
                        .iter()
                        .map(|e| {
                            iam_engine::answer_request(&scenario, e, iam_engine::Options::Reason)
                        })
                        .collect();
                    unevaluated |= requests.iter().any(not_evaluated);
                    write_line(&mut out, line, &Requests { requests })
                }
            }
        };
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: writing stdout: {e}");
            return ExitCode::from(EXIT_NOT_EVALUATED);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(EXIT_NOT_EVALUATED);
    }
    if stats {
        let secs = started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { count as f64 / secs } else { 0.0 };
        eprintln!("{count} scenarios in {secs:.3} s: {rate:.0} scenarios/s");
    }
    if unevaluated {
        ExitCode::from(EXIT_NOT_EVALUATED)
    } else {
        ExitCode::SUCCESS
    }
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
    text.push_str(&format!(
        "{} actions match `{}`\n",
        actions.len(),
        render::clean(pattern)
    ));
    write_out(&text);
    if actions.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn sweep(file: &std::path::Path, json: bool) -> ExitCode {
    let Some(bytes) = read_file(file) else {
        return ExitCode::FAILURE;
    };
    let name = file.display().to_string();
    let Some(text) = text_of(&name, &bytes) else {
        return ExitCode::FAILURE;
    };
    let resolved = resolve_managed(&name, text);
    let sweep = iam_realapi::sweep_actions(&resolved);
    for d in &sweep.errors {
        eprintln!(
            "{}: {}",
            render::clean(&name),
            render::clean(&d.to_string())
        );
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
            eprintln!("error: {}", render::clean(&e.to_string()));
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
