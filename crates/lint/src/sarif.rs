//! Findings as SARIF 2.1.0, the format GitHub code scanning and editors read: one run of the `iamsim` tool with
//! a rule per issue code, each result at its file's line and column. Errors are `error`, security warnings and
//! warnings `warning`, suggestions `note`.

use crate::catalog::CHECKS;
use crate::finding::{Finding, Severity};
use serde::Serialize;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    results: Vec<SarifResult>,
    /// Columns count characters (Unicode code points), as our locations do.
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: String,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    help_uri: &'static str,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct RuleProperties {
    /// The finding type: ERROR, SECURITY_WARNING, WARNING or SUGGESTION.
    severity: Severity,
    #[serde(rename = "accessAnalyzer")]
    access_analyzer: bool,
    tags: Vec<&'static str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: Vec<SarifLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    char_offset: usize,
    char_length: usize,
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// A SARIF log of the findings of each file (`uri` as given, relative paths preferred).
pub fn log<'a>(files: impl IntoIterator<Item = (&'a str, &'a [Finding])>, version: &str) -> Log {
    let rules: Vec<Rule> = CHECKS
        .iter()
        .map(|c| Rule {
            id: c.code,
            name: pascal(c.code),
            short_description: Text {
                text: c.title.to_string(),
            },
            help_uri: c.source,
            default_configuration: Configuration {
                level: level(c.severity),
            },
            properties: RuleProperties {
                severity: c.severity,
                access_analyzer: c.access_analyzer,
                tags: match c.severity {
                    Severity::SecurityWarning => vec!["security"],
                    _ => Vec::new(),
                },
            },
        })
        .collect();
    let mut results = Vec::new();
    for (uri, findings) in files {
        for f in findings {
            results.push(SarifResult {
                rule_id: f.code.clone(),
                rule_index: CHECKS.iter().position(|c| c.code == f.code),
                level: level(f.severity),
                message: Text {
                    text: f.message.clone(),
                },
                locations: vec![SarifLocation {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: uri.replace('\\', "/"),
                        },
                        region: Region {
                            start_line: f.location.line,
                            start_column: f.location.column,
                            end_line: f.location.end_line,
                            end_column: f.location.end_column,
                            char_offset: f.span.start,
                            char_length: f.span.end.saturating_sub(f.span.start),
                        },
                    },
                }],
            });
        }
    }
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "iamsim",
                    version: version.to_string(),
                    information_uri: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
                    rules,
                },
            },
            results,
            column_kind: "unicodeCodePoints",
        }],
    }
}

/// `PASS_ROLE_WITH_STAR_IN_RESOURCE` → `PassRoleWithStarInResource`.
fn pascal(code: &str) -> String {
    code.split('_')
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(c) => c.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}
