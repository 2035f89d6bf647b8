//! `iamsim lint`: policy checks over files and directories, printed for people (the source line and a caret),
//! as JSON, or as SARIF 2.1.0 for code scanning, with an exit code for CI.

use crate::render::clean;
use iam_lint::extract::{Format as FileFormat, Linted};
use iam_lint::{Finding, PolicyType, Severity};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What the exit code of `iamsim lint` says (also in `iamsim lint --help` and the README).
pub const EXIT_CODES: &str = "Exit codes: 0 no finding at or above --fail-on (default: error); 1 at least one \
finding at or above --fail-on; 2 the command line was wrong; 3 a file could not be read (missing, unreadable, not \
UTF-8), which wins over 1.";

/// How findings are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    /// Each finding with its place, the source line and a caret.
    Human,
    /// One JSON document: every file with its policies and their findings.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning, editors).
    Sarif,
}

/// The severity at which the exit code becomes 1.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    SecurityWarning,
    Warning,
    Suggestion,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::SecurityWarning => Severity::SecurityWarning,
            FailOn::Warning => Severity::Warning,
            FailOn::Suggestion => Severity::Suggestion,
        }
    }
}

/// The policy type of a bare policy document.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TypeArg {
    Identity,
    Resource,
    Scp,
    Rcp,
    Boundary,
    Trust,
    Session,
    VpcEndpoint,
}

impl TypeArg {
    fn policy_type(self) -> PolicyType {
        match self {
            TypeArg::Identity => PolicyType::Identity,
            TypeArg::Resource => PolicyType::Resource,
            TypeArg::Scp => PolicyType::Scp,
            TypeArg::Rcp => PolicyType::Rcp,
            TypeArg::Boundary => PolicyType::Boundary,
            TypeArg::Trust => PolicyType::Trust,
            TypeArg::Session => PolicyType::Session,
            TypeArg::VpcEndpoint => PolicyType::VpcEndpoint,
        }
    }
}

/// One file's result.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct FileResult {
    file: String,
    format: FileFormat,
    policies: Vec<Linted>,
}

/// The files to lint: files as given, directories walked for `.json`, `.yaml`, `.yml` and `.template` files, in a
/// stable order.
fn collect(paths: &[PathBuf], out: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    for p in paths {
        if p.is_dir() {
            match std::fs::read_dir(p) {
                Ok(entries) => {
                    let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
                    children.sort();
                    let (dirs, files): (Vec<PathBuf>, Vec<PathBuf>) =
                        children.into_iter().partition(|c| c.is_dir());
                    out.extend(files.into_iter().filter(|f| is_policy_file(f)));
                    collect(&dirs, out, problems);
                }
                Err(e) => problems.push(format!(
                    "cannot read `{}`: {e}",
                    clean(&p.display().to_string())
                )),
            }
        } else {
            out.push(p.clone());
        }
    }
}

/// JSON files (policies, scenarios, templates, plans) and YAML files (CloudFormation templates).
fn is_policy_file(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["json", "yaml", "yml", "template"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

/// A YAML file that is not a CloudFormation template holds no policy (policies are JSON): it is skipped.
fn is_yaml(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

pub fn run(
    paths: &[PathBuf],
    policy_type: Option<TypeArg>,
    output: Output,
    fail_on: FailOn,
    color: bool,
) -> ExitCode {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    collect(paths, &mut files, &mut problems);
    let mut unreadable = !problems.is_empty();
    for p in &problems {
        eprintln!("error: {p}");
    }
    let mut results: Vec<(FileResult, String)> = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let Some(bytes) = crate::read_file(file) else {
            unreadable = true;
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            eprintln!("error: `{}` is not UTF-8 text", clean(&name));
            unreadable = true;
            continue;
        };
        let (format, policies) =
            iam_lint::extract::lint_document(&text, policy_type.map(TypeArg::policy_type));
        if format == FileFormat::Unknown && is_yaml(file) {
            continue;
        }
        results.push((
            FileResult {
                file: name,
                format,
                policies,
            },
            text,
        ));
    }
    let threshold = fail_on.severity();
    let failed = results.iter().any(|(r, _)| {
        r.policies
            .iter()
            .flat_map(|p| p.findings.iter())
            .any(|f| f.severity.at_least(threshold))
    });
    let written = match output {
        Output::Human => crate::write_out(&human(&results, color)),
        Output::Json => {
            let all: Vec<&FileResult> = results.iter().map(|(r, _)| r).collect();
            crate::write_json(&all)
        }
        Output::Sarif => {
            let findings: Vec<(String, Vec<Finding>)> = results
                .iter()
                .map(|(r, _)| {
                    (
                        r.file.clone(),
                        r.policies
                            .iter()
                            .flat_map(|p| p.findings.iter().cloned())
                            .collect(),
                    )
                })
                .collect();
            let log = iam_lint::sarif::log(
                findings.iter().map(|(f, v)| (f.as_str(), v.as_slice())),
                env!("CARGO_PKG_VERSION"),
            );
            crate::write_json(&log)
        }
    };
    if unreadable || !written {
        return ExitCode::from(crate::EXIT_NOT_EVALUATED);
    }
    if failed {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::SecurityWarning => "security-warning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
    }
}

fn paint(s: &str, sev: Severity, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    let code = match sev {
        Severity::Error => "1;31",
        Severity::SecurityWarning => "1;35",
        Severity::Warning => "1;33",
        Severity::Suggestion => "1;36",
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

/// The most characters of a source line shown around the caret.
const WINDOW: usize = 140;

/// The source line holding byte `at`, the caret's column in it (characters), and the caret's width.
fn source_line(text: &str, at: usize, end: usize) -> (String, usize, usize) {
    let at = at.min(text.len());
    let head = text.get(..at).unwrap_or_default();
    let start = head.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let rest = text.get(start..).unwrap_or_default();
    let line = rest.split(['\n', '\r']).next().unwrap_or_default();
    let col = text.get(start..at).map_or(0, |s| s.chars().count());
    let width = text
        .get(at..end.max(at).min(start + line.len()))
        .map_or(1, |s| s.chars().count())
        .max(1);
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW {
        return (line.to_string(), col, width);
    }
    // A long (minified) line: a window around the caret.
    let from = col.saturating_sub(WINDOW / 3);
    let to = (from + WINDOW).min(chars.len());
    let mut shown: String = chars
        .get(from..to)
        .map(|c| c.iter().collect())
        .unwrap_or_default();
    let mut caret = col - from;
    if from > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    (shown, caret, width.min(WINDOW))
}

fn human(results: &[(FileResult, String)], color: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut counts = [0usize; 4];
    for (r, text) in results {
        for p in &r.policies {
            for f in &p.findings {
                if let Some(c) = Severity::ALL
                    .iter()
                    .position(|s| *s == f.severity)
                    .and_then(|i| counts.get_mut(i))
                {
                    *c += 1;
                }
                let place = format!("{}:{}:{}", r.file, f.location.line, f.location.column);
                let statement = f
                    .statement
                    .as_ref()
                    .map_or(String::new(), |s| match &s.sid {
                        Some(sid) => format!(" (statement {} `{}`)", s.index, sid),
                        None => format!(" (statement {})", s.index),
                    });
                let policy = if matches!(
                    r.format,
                    FileFormat::Scenario | FileFormat::CloudFormation | FileFormat::TerraformPlan
                ) {
                    format!(" [{}]", p.name)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "{}[{}] {}{}{}: {}",
                    paint(word(f.severity), f.severity, color),
                    f.code,
                    clean(&place),
                    clean(&policy),
                    clean(&statement),
                    clean(&f.message)
                );
                let (line, caret, width) = source_line(text, f.span.start, f.span.end);
                let number = f.location.line.to_string();
                let pad = " ".repeat(number.len());
                let _ = writeln!(out, "{number} | {}", clean(&line));
                let _ = writeln!(
                    out,
                    "{pad} | {}{}",
                    " ".repeat(caret),
                    paint(&"^".repeat(width), f.severity, color)
                );
                if let Some(fix) = &f.fix {
                    let _ = writeln!(out, "{pad} = fix: {}", clean(&fix.title));
                }
            }
        }
    }
    let [e, s, w, g] = counts;
    let _ = writeln!(
        out,
        "{} file{}: {e} error{}, {s} security warning{}, {w} warning{}, {g} suggestion{}",
        results.len(),
        plural(results.len()),
        plural(e),
        plural(s),
        plural(w),
        plural(g)
    );
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
