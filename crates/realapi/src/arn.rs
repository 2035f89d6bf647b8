//! ARNs against an action's resource-type templates, following each service's naming rules (`rules::NAMING`):
//! which resource type a typed ARN is, the names it carries, and ARNs built from templates with those names.

use crate::rules::{self, Chars};
use iam_reference::{Action, ResourceType};

/// ARNs longer than this are not typed (AWS ARNs are at most 2,048 characters); matching stays cheap.
const MAX_ARN: usize = 4096;

/// An ARN recognised as one of an action's resource types, with the names it carries.
#[derive(Debug, Clone)]
pub struct Fit {
    pub resource_type: ResourceType,
    pub template: &'static str,
    /// Placeholder name → the part of the ARN it took.
    pub values: Vec<(&'static str, String)>,
    /// Every placeholder took what its naming rule allows (not the last-resort path for the last one).
    pub exact: bool,
    /// Literal characters in the template: among several fits the most specific wins.
    pub specificity: usize,
}

impl Fit {
    fn rank(&self) -> (bool, usize) {
        (self.exact, self.specificity)
    }
}

#[derive(Debug, Clone, Copy)]
enum Tok<'a> {
    Lit(&'a str),
    Hole(&'a str),
}

fn tokens(template: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("${") {
        let after = rest.get(open + 2..).unwrap_or_default();
        let Some(close) = after.find('}') else { break };
        if let Some(lit) = rest.get(..open).filter(|l| !l.is_empty()) {
            literal(lit, &mut out);
        }
        out.push(Tok::Hole(after.get(..close).unwrap_or_default()));
        rest = after.get(close + 1..).unwrap_or_default();
    }
    if !rest.is_empty() {
        literal(rest, &mut out);
    }
    out
}

/// Pushes a template's literal text; a `*` that is a whole ARN field (`:*:`, such as the account of AWS
/// Backup's recoveryPoint, `arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}`) is a
/// hole for any one segment, as the reference means it: a recovery point of any account.
fn literal<'a>(lit: &'a str, out: &mut Vec<Tok<'a>>) {
    let mut start = 0;
    let bytes = lit.as_bytes();
    for (i, &c) in bytes.iter().enumerate() {
        let field = c == b'*'
            && i > 0
            && bytes.get(i - 1) == Some(&b':')
            && bytes.get(i + 1) == Some(&b':');
        if !field {
            continue;
        }
        if let Some(before) = lit.get(start..i).filter(|l| !l.is_empty()) {
            out.push(Tok::Lit(before));
        }
        out.push(Tok::Hole(lit.get(i..i + 1).unwrap_or("*")));
        start = i + 1;
    }
    if let Some(tail) = lit.get(start..).filter(|l| !l.is_empty()) {
        out.push(Tok::Lit(tail));
    }
}

fn allowed(chars: Chars, c: u8) -> bool {
    match chars {
        Chars::Segment | Chars::SegmentWithPrefix(_) => c != b'/' && c != b':',
        Chars::Path | Chars::PathWithoutLeadingSlash => c != b':',
        Chars::Anything => true,
    }
}

/// Depth-first match of the tokens against `s` from `pos`, remembering failed (token, position) pairs so that
/// the work is bounded by tokens × positions × scan length.
struct Matcher<'a> {
    toks: &'a [Tok<'a>],
    chars: &'a [Chars],
    s: &'a [u8],
    failed: Vec<bool>,
    spans: Vec<(usize, usize)>,
}

impl Matcher<'_> {
    fn run(&mut self, ti: usize, pos: usize) -> bool {
        let Some(tok) = self.toks.get(ti) else {
            return pos == self.s.len();
        };
        let slot = ti * (self.s.len() + 1) + pos;
        if self.failed.get(slot).copied().unwrap_or(true) {
            return false;
        }
        let ok = match *tok {
            Tok::Lit(lit) => {
                let end = pos + lit.len();
                self.s.get(pos..end) == Some(lit.as_bytes()) && self.run(ti + 1, end)
            }
            Tok::Hole(_) => {
                let chars = self.chars.get(ti).copied().unwrap_or(Chars::Segment);
                if chars == Chars::PathWithoutLeadingSlash && self.s.get(pos) == Some(&b'/') {
                    return false;
                }
                // The shortest value a prefixed identifier can take is its prefix.
                let least = match chars {
                    Chars::SegmentWithPrefix(prefix) => {
                        if !self
                            .s
                            .get(pos..)
                            .is_some_and(|rest| rest.starts_with(prefix.as_bytes()))
                        {
                            return false;
                        }
                        pos + prefix.len()
                    }
                    _ => pos,
                };
                let mut end = pos;
                while self.s.get(end).is_some_and(|&c| allowed(chars, c)) {
                    end += 1;
                }
                // Longest first: a path takes as much as it can and gives back what the rest needs.
                let mut found = false;
                let mut e = end;
                while e > least {
                    if self.run(ti + 1, e) {
                        if let Some(span) = self.spans.get_mut(ti) {
                            *span = (pos, e);
                        }
                        found = true;
                        break;
                    }
                    e -= 1;
                }
                found
            }
        };
        if !ok {
            if let Some(f) = self.failed.get_mut(slot) {
                *f = true;
            }
        }
        ok
    }
}

/// Matches `arn` against one template of `service`: the placeholder values, or `None`.
fn match_template(service: &str, template: &'static str, arn: &str) -> Option<Fit0> {
    if arn.len() > MAX_ARN {
        return None;
    }
    let toks = tokens(template);
    let named: Vec<Option<Chars>> = toks
        .iter()
        .map(|t| match t {
            Tok::Hole(name) => rules::naming(service, name),
            Tok::Lit(_) => None,
        })
        .collect();
    let strict: Vec<Chars> = named.iter().map(|n| n.unwrap_or(Chars::Segment)).collect();
    let attempt = |chars: &[Chars]| -> Option<Vec<(usize, usize)>> {
        let mut m = Matcher {
            toks: &toks,
            chars,
            s: arn.as_bytes(),
            failed: vec![false; toks.len() * (arn.len() + 1)],
            spans: vec![(0, 0); toks.len()],
        };
        m.run(0, 0).then_some(m.spans)
    };
    let (spans, exact) = match attempt(&strict) {
        Some(s) => (s, true),
        None => {
            // The reference's last resort: an unnamed last placeholder takes the rest of the ARN.
            let last = toks.len().checked_sub(1)?;
            if !matches!(toks.get(last), Some(Tok::Hole(_)))
                || named.get(last).copied().flatten().is_some()
            {
                return None;
            }
            let mut loose = strict.clone();
            if let Some(c) = loose.get_mut(last) {
                *c = Chars::Anything;
            }
            (attempt(&loose)?, false)
        }
    };
    let values = toks
        .iter()
        .zip(spans)
        .filter_map(|(t, (a, b))| match t {
            Tok::Hole(name) => Some((*name, arn.get(a..b).unwrap_or_default().to_string())),
            Tok::Lit(_) => None,
        })
        .collect();
    let specificity = toks
        .iter()
        .map(|t| match t {
            Tok::Lit(l) => l.len(),
            Tok::Hole(_) => 0,
        })
        .sum();
    Some(Fit0 {
        values,
        exact,
        specificity,
    })
}

struct Fit0 {
    values: Vec<(&'static str, String)>,
    exact: bool,
    specificity: usize,
}

/// Which of `resource_types` the ARN is: the best fits (exact before last-resort, then the most specific
/// template), empty when it is none of them.
pub fn fits(resource_types: impl Iterator<Item = ResourceType>, arn: &str) -> Vec<Fit> {
    let mut all: Vec<Fit> = Vec::new();
    for rt in resource_types {
        let service = rt.service().prefix();
        let extra = rules::EXTRA_TEMPLATES
            .iter()
            .filter(move |e| e.service == service && e.resource_type == rt.name())
            .map(|e| e.template);
        let best = rt
            .arn_templates()
            .chain(extra)
            .filter_map(|t| {
                match_template(service, t, arn).map(|f| Fit {
                    resource_type: rt,
                    template: t,
                    values: f.values,
                    exact: f.exact,
                    specificity: f.specificity,
                })
            })
            .max_by_key(Fit::rank);
        all.extend(best);
    }
    let Some(best) = all.iter().map(Fit::rank).max() else {
        return all;
    };
    all.retain(|f| f.rank() == best);
    all
}

/// Which of the action's resource types the ARN is.
pub fn action_fits(action: Action, arn: &str) -> Vec<Fit> {
    fits(action.resource_types().map(|r| r.resource_type()), arn)
}

/// Where a built ARN's names come from.
pub struct Names<'a> {
    pub partition: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    /// Names read from a typed ARN (they win over the defaults above).
    pub values: &'a [(&'static str, String)],
    /// The value of `${Value}` in a rule's ARN.
    pub value: Option<&'a str>,
}

/// Fills a template: names from the typed ARN first, then partition, region and account, then `*` for any name
/// nobody gave. Returns the ARN and whether every name was known.
pub fn fill(template: &str, names: &Names<'_>) -> (String, bool) {
    let mut complete = true;
    let arn = iam_reference::fill_template(template, |name| {
        if let Some((_, v)) = names
            .values
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            return Some(v.clone());
        }
        let given = match generic(name) {
            Some(Generic::Partition) => return Some(names.partition.to_string()),
            Some(Generic::Region) => return Some(names.region.to_string()),
            Some(Generic::Account) => return Some(names.account.to_string()),
            None if name.eq_ignore_ascii_case("Value") => names.value,
            None if name.eq_ignore_ascii_case("ValueWithoutLeadingSlash") => {
                names.value.map(|v| v.trim_start_matches('/'))
            }
            None => None,
        };
        Some(match given {
            Some(v) => v.to_string(),
            None => {
                complete = false;
                "*".to_string()
            }
        })
    });
    (arn, complete)
}

/// Fills only the names every ARN has (partition, region, account, however the template spells them), keeping the
/// resource's own placeholders for a person to fill: what a request builder offers as a starting ARN.
pub fn fill_generic(template: &str, partition: &str, region: &str, account: &str) -> String {
    iam_reference::fill_template(template, |name| {
        generic(name).map(|g| {
            match g {
                Generic::Partition => partition,
                Generic::Region => region,
                Generic::Account => account,
            }
            .to_string()
        })
    })
}

/// The names every ARN has, as templates spell them (`Partition`, `Region`, `Account`, `AccountId`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generic {
    Partition,
    Region,
    Account,
}

/// Which of the names every ARN has a template placeholder is; `None` for the resource's own names.
pub fn generic(placeholder: &str) -> Option<Generic> {
    let l = placeholder.to_ascii_lowercase();
    if l == "partition" {
        Some(Generic::Partition)
    } else if l.ends_with("region") {
        Some(Generic::Region)
    } else if l == "account" || l == "accountid" || l == "account-id" {
        Some(Generic::Account)
    } else {
        None
    }
}

/// The account an ARN names literally; none for AWS-owned resources (`arn:aws:iam::aws:policy/…`), which belong
/// to no customer account.
pub fn account_of(arn: &str) -> Option<String> {
    literal_field(arn, 4)
        .filter(|a| *a != "aws")
        .map(str::to_string)
}

/// An ARN field (1 partition, 3 region, 4 account), when the ARN names it literally (not empty, no wildcard).
pub fn literal_field(arn: &str, index: usize) -> Option<&str> {
    iam_engine::pattern::split_arn(arn)
        .and_then(|p| p.get(index).copied())
        .filter(|f| !f.is_empty() && !f.contains('*'))
}

/// The region of an ARN, when it names one literally.
pub fn region_of(arn: &str) -> Option<&str> {
    literal_field(arn, 3)
}

/// The partition of an ARN, when it names one literally.
pub fn partition_of(arn: &str) -> Option<&str> {
    literal_field(arn, 1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// The Service Authorization Reference writes the EC2 volume ARN as
    /// `arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}`: the generic names are filled, the volume id
    /// stays for the person to fill.
    #[test]
    fn fill_generic_keeps_the_resources_own_names() {
        assert_eq!(
            fill_generic(
                "arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}",
                "aws",
                "us-east-1",
                "111122223333"
            ),
            "arn:aws:ec2:us-east-1:111122223333:volume/${VolumeId}"
        );
    }

    fn types(action: &str, arn: &str) -> Vec<String> {
        let a = iam_reference::action(action).unwrap();
        action_fits(a, arn)
            .iter()
            .map(|f| f.resource_type.name().to_string())
            .collect()
    }

    #[test]
    fn s3_bucket_names_never_contain_a_slash() {
        // S3 User Guide, bucket naming rules: an ARN with a `/` after the bucket is an object.
        assert!(types("s3:ListBucket", "arn:aws:s3:::reports/a/b.csv").is_empty());
        assert_eq!(types("s3:ListBucket", "arn:aws:s3:::reports"), ["bucket"]);
        assert_eq!(
            types("s3:GetObject", "arn:aws:s3:::reports/a/b.csv"),
            ["object"]
        );
    }

    #[test]
    fn a_parameter_arn_drops_the_names_leading_slash() {
        // Service Authorization Reference, AWS Systems Manager: parameter/${ParameterNameWithoutLeadingSlash}.
        assert_eq!(
            types(
                "ssm:GetParameter",
                "arn:aws:ssm:us-east-1:111122223333:parameter/orders/db-host"
            ),
            ["parameter"]
        );
        assert!(types(
            "ssm:GetParameter",
            "arn:aws:ssm:us-east-1:111122223333:parameter//orders/db-host"
        )
        .is_empty());
    }

    #[test]
    fn a_config_rule_arn_carries_the_rule_id() {
        // AWS Config Developer Guide, resource-level permissions: config-rule/config-rule-ID, not the rule's name.
        assert_eq!(
            types(
                "config:DeleteConfigRule",
                "arn:aws:config:us-east-1:111122223333:config-rule/config-rule-a1b2c3"
            ),
            ["ConfigRule"]
        );
        assert!(types(
            "config:DeleteConfigRule",
            "arn:aws:config:us-east-1:111122223333:config-rule/s3-bucket-versioning-enabled"
        )
        .is_empty());
        assert!(types(
            "config:DeleteConfigRule",
            "arn:aws:config:us-east-1:111122223333:config-rule/config-rule-"
        )
        .is_empty());
    }

    #[test]
    fn a_star_field_in_a_template_takes_any_segment() {
        // Service Authorization Reference, AWS Backup: recoveryPoint is
        // arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}, the account written as `*`.
        assert_eq!(
            types(
                "backup:DeleteRecoveryPoint",
                "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"
            ),
            ["recoveryPoint"]
        );
        // A `*` that ends a path is still literal: it is not a field of its own.
        let toks = tokens(
            "arn:${Partition}:connect:${Region}:${Account}:instance/${InstanceId}/agent-state/*",
        );
        assert!(matches!(toks.last(), Some(Tok::Lit("/agent-state/*"))));
    }

    #[test]
    fn log_group_names_are_paths() {
        // CloudWatch Logs API Reference: log group names may contain `/`.
        let f = action_fits(
            iam_reference::action("logs:PutLogEvents").unwrap(),
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders:log-stream:2026/01/01/abc",
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].resource_type.name(), "log-stream");
        assert!(f[0]
            .values
            .contains(&("LogGroupName", "/aws/lambda/orders".to_string())));
    }

    #[test]
    fn iam_paths_and_dynamodb_indexes() {
        assert_eq!(
            types(
                "iam:PassRole",
                "arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/R"
            ),
            ["role"]
        );
        assert_eq!(
            types(
                "dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:111122223333:table/Books/index/byAuthor"
            ),
            ["index"]
        );
        assert_eq!(
            types(
                "dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:111122223333:table/Books"
            ),
            ["table"]
        );
    }

    #[test]
    fn fill_from_typed_names() {
        let values = vec![("LogGroupName", "/aws/lambda/orders".to_string())];
        let (arn, complete) = fill(
            "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}",
            &Names { partition: "aws", region: "us-east-1", account: "111122223333", values: &values, value: None },
        );
        assert_eq!(
            arn,
            "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/orders:log-stream:*"
        );
        assert!(!complete);
    }

    #[test]
    fn hostile_arns_stay_cheap() {
        let long = format!("arn:aws:s3:::{}", "a/".repeat(1500));
        assert_eq!(types("s3:GetObject", &long), ["object"]);
        let huge = "x".repeat(100_000);
        assert!(types("s3:GetObject", &huge).is_empty());
    }
}
