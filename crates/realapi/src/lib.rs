//! The real-API answer: a literal simulation evaluates whatever resource and context the user typed; the real
//! service authorizes what it actually sends (only `*` for actions without resource-level permissions, every
//! required resource for actions that need several, only the condition keys the action supplies, the keys every
//! request carries, and only the keys the principal can have). This crate rebuilds those real requests from the
//! service authorization reference, decides them with the same engine, and lists each divergence.

pub mod sweep;

pub use sweep::{sweep_actions, Sweep};

use iam_engine::{
    answer_scenario, derive_context, evaluate, parse_scenario, Answer, Decision, Options,
    PolicySet, PrincipalType, Request, Scenario,
};
use iam_reference::{Action, AvailableKey, KeyOrigin, ResourceType};
use serde::Serialize;
use std::collections::BTreeSet;

/// The kinds of difference between the literal and the real answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DivergenceKind {
    /// The action supports no resource-level permissions: the real request is authorized against `*`.
    NoResourceLevelPermissions,
    /// The action requires several resource types; each is authorized and all must be allowed.
    MultipleRequiredResources,
    /// The typed ARN is none of the action's resource types.
    ArnNotAResourceType,
    /// A condition key the real request will not carry was removed.
    KeyNotInRequest,
    /// A key the principal cannot have (e.g. aws:username for a role session) was removed.
    KeyNotForPrincipal,
    /// A key every real request carries was filled in.
    KeyAlwaysPresent,
    /// The call also needs another action (e.g. iam:PassRole).
    DependentAction,
    /// The action is not in the service authorization reference.
    UnknownAction,
}

/// One difference, in plain words, with the statement responsible where there is one.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Divergence {
    pub kind: DivergenceKind,
    pub explanation: String,
    /// What to change, when there is something to change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Statements whose part differs between the two answers (`identity/Name#0`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<String>,
    /// Condition keys involved.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    pub literal_decision: Decision,
    pub real_decision: Decision,
}

/// The decision for one resource the real API authorizes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceCheck {
    /// The resource type (`volume`), or `*` for actions without resource-level permissions.
    pub resource_type: String,
    pub arn: String,
    /// The ARN was filled in from the template, not typed by the user.
    pub prefilled: bool,
    pub decision: Decision,
    pub deciding_statements: Vec<String>,
}

/// A context key as the real request carries it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyChange {
    pub key: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    pub reason: String,
}

/// A dependent action and, when evaluated, its decision.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DependentCheck {
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

/// What the real API would decide.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RealApiAnswer {
    pub decision: Decision,
    /// The action as the reference names it, with its access level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_level: Option<String>,
    pub resources: Vec<ResourceCheck>,
    pub added_keys: Vec<KeyChange>,
    pub removed_keys: Vec<KeyChange>,
    pub dependent_actions: Vec<DependentCheck>,
    pub divergences: Vec<Divergence>,
    /// The statements that decided the real answer.
    pub deciding_statements: Vec<String>,
}

/// The literal answer with the real one beside it: the shape the CLI prints and the wasm API returns.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FullAnswer {
    #[serde(flatten)]
    pub literal: Answer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_api: Option<RealApiAnswer>,
}

/// Options read from the scenario's optional `realApi` object.
#[derive(Debug, Clone, Default)]
pub struct RealApiOptions {
    /// The region for aws:RequestedRegion and prefilled ARNs (default: the ARN's, else us-east-1).
    pub region: Option<String>,
    /// One ARN per resource type name, for actions that need several.
    pub resources: Vec<(String, String)>,
    /// Evaluate the dependent actions too.
    pub evaluate_dependent_actions: bool,
    /// The resource for a dependent action (e.g. the role ARN for iam:PassRole).
    pub dependent_resources: Vec<(String, String)>,
    /// aws:CurrentTime, as epoch seconds (the caller's clock).
    pub now: Option<f64>,
}

impl RealApiOptions {
    fn from_json(v: Option<&serde_json::Value>, now: Option<f64>) -> Self {
        let mut o = RealApiOptions {
            now,
            ..Default::default()
        };
        let Some(v) = v else { return o };
        o.region = v.get("region").and_then(|r| r.as_str()).map(str::to_string);
        let pairs = |x: Option<&serde_json::Value>| -> Vec<(String, String)> {
            x.and_then(|m| m.as_object())
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                        .collect()
                })
                .unwrap_or_default()
        };
        o.resources = pairs(v.get("resources"));
        o.dependent_resources = pairs(v.get("dependentResources"));
        o.evaluate_dependent_actions = v
            .get("evaluateDependentActions")
            .and_then(|b| b.as_bool())
            .unwrap_or(false);
        if let Some(t) = v.get("currentTime").and_then(|t| t.as_str()) {
            o.now = iam_engine::condition::parse_date(t).or(o.now);
        }
        o
    }
}

/// Evaluates a scenario (JSON text) and adds the real-API answer. `now` is the caller's clock (epoch seconds);
/// without it aws:CurrentTime and aws:EpochTime are not filled in.
pub fn evaluate_full(text: &str, now: Option<f64>) -> FullAnswer {
    let scenario = parse_scenario(text);
    let literal = answer_scenario(&scenario, Options::default());
    let opts = RealApiOptions::from_json(scenario.real_api.as_ref(), now);
    let real_api = scenario
        .request
        .as_ref()
        .map(|req| analyze(&scenario, req, &literal, &opts));
    FullAnswer { literal, real_api }
}

/// Answers every request of a scenario, reading the policies once: the entries of its `requests` array (each
/// may carry its own `realApi` options, else the scenario's apply), or its single `request`. This is the entry
/// point for many requests against one set of policies (the app's results table, batch jobs).
pub fn evaluate_full_many(text: &str, now: Option<f64>) -> Vec<FullAnswer> {
    let scenario = parse_scenario(text);
    let top = scenario.real_api.as_ref();
    if scenario.requests.is_empty() {
        let literal = answer_scenario(&scenario, Options::default());
        let opts = RealApiOptions::from_json(top, now);
        let real_api = scenario
            .request
            .as_ref()
            .map(|req| analyze(&scenario, req, &literal, &opts));
        return vec![FullAnswer { literal, real_api }];
    }
    scenario
        .requests
        .iter()
        .map(|entry| {
            let literal = iam_engine::answer_request(&scenario, entry, Options::default());
            let opts = RealApiOptions::from_json(entry.real_api.as_ref().or(top), now);
            let real_api = entry
                .request
                .as_ref()
                .map(|req| analyze(&scenario, req, &literal, &opts));
            FullAnswer { literal, real_api }
        })
        .collect()
}

fn combine(decisions: impl Iterator<Item = Decision>) -> Decision {
    let mut out = Decision::Allow;
    for d in decisions {
        match d {
            Decision::ExplicitDeny => return Decision::ExplicitDeny,
            Decision::ImplicitDeny => out = Decision::ImplicitDeny,
            Decision::Allow => {}
        }
    }
    out
}

fn applying(answer: &Answer) -> BTreeSet<String> {
    answer
        .policies
        .iter()
        .flat_map(|p| p.statements.iter())
        .filter(|s| s.applies)
        .map(|s| s.id.clone())
        .chain(answer.applying_statements.iter().cloned())
        .collect()
}

/// Fills an ARN template's placeholders: partition, region and account from the request (the reference names
/// the account `Account` or `AccountId`), the rest with `example-…` names.
fn prefill(template: &str, region: &str, account: &str) -> String {
    iam_reference::fill_template(template, |name| {
        let lower = name.to_ascii_lowercase();
        Some(if lower == "partition" {
            "aws".to_string()
        } else if lower.ends_with("region") {
            region.to_string()
        } else if lower == "account" || lower == "accountid" || lower == "account-id" {
            account.to_string()
        } else {
            format!("example-{lower}")
        })
    })
}

fn arn_region(arn: &str) -> Option<&str> {
    iam_engine::pattern::split_arn(arn)
        .map(|p| p[3])
        .filter(|r| !r.is_empty() && !r.contains('*'))
}

/// Condition keys named in any policy's conditions.
fn policy_keys(set: &PolicySet) -> BTreeSet<String> {
    set.all()
        .iter()
        .flat_map(|(p, _)| p.statements.iter())
        .flat_map(|s| s.conditions.iter())
        .map(|c| c.key.clone())
        .collect()
}

/// Whether a policy's key is this available key: a cheap case-insensitive comparison of the literal part first,
/// the reference's template matcher only for the few keys that pass it.
fn key_matches(available: &AvailableKey, key: &str) -> bool {
    // The text before a `${…}` placeholder (`aws:ResourceTag/` of `aws:ResourceTag/${TagKey}`), found with a
    // `char` search: this runs for every available key against every context key.
    let template_prefix = available.name.find('$').and_then(|i| {
        available
            .name
            .get(i..)
            .is_some_and(|rest| rest.starts_with("${"))
            .then(|| available.name.get(..i))
            .flatten()
    });
    match template_prefix {
        None => available.name.eq_ignore_ascii_case(key),
        Some(prefix) => {
            key.len() > prefix.len()
                && key
                    .get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
                && available.matches(key)
        }
    }
}

/// Why the real request will not carry `key` for `action` on `rt`, or `None` when it will. `available` is
/// `action.available_condition_keys(rt)`, computed once per resource type (each name lookup reads the table).
fn key_absence(
    action: Action,
    rt: Option<ResourceType>,
    available: &[AvailableKey],
    key: &str,
) -> Option<String> {
    let ways: Vec<&AvailableKey> = available.iter().filter(|k| key_matches(k, key)).collect();
    if ways.is_empty() {
        return Some(format!(
            "{} does not support `{key}`: it is none of the action's keys, its resource types' keys or the global keys",
            action
        ));
    }
    let only_optional = ways.iter().all(|w| {
        matches!(
            w.origin,
            KeyOrigin::ActionResourceType {
                required: false,
                ..
            } | KeyOrigin::ResourceType {
                required: false,
                ..
            }
        )
    });
    if only_optional {
        let rt_name = rt.map(|r| r.name()).unwrap_or("resource");
        return Some(format!(
            "`{key}` belongs to the {rt_name} resource type, which {action} lists as optional: the service may not know \
             the resource when it authorizes, so the real request does not carry the key"
        ));
    }
    None
}

fn analyze(
    scenario: &Scenario,
    literal_req: &Request,
    literal: &Answer,
    opts: &RealApiOptions,
) -> RealApiAnswer {
    let mut divergences = Vec::new();
    let Some(action) = iam_reference::action(&literal_req.action) else {
        divergences.push(Divergence {
            kind: DivergenceKind::UnknownAction,
            explanation: format!(
                "`{}` is not in the service authorization reference, so the real request cannot be rebuilt; the real \
                 answer is the literal one. Check the spelling of the action.",
                literal_req.action
            ),
            suggestion: None,
            statements: Vec::new(),
            keys: Vec::new(),
            literal_decision: literal.decision,
            real_decision: literal.decision,
        });
        return RealApiAnswer {
            decision: literal.decision,
            action: None,
            access_level: None,
            resources: Vec::new(),
            added_keys: Vec::new(),
            removed_keys: Vec::new(),
            dependent_actions: Vec::new(),
            divergences,
            deciding_statements: literal.deciding_statements.clone(),
        };
    };
    let account = literal_req
        .resource_account
        .clone()
        .or_else(|| literal_req.principal.account.clone())
        .unwrap_or_else(|| "111122223333".to_string());
    let region = opts
        .region
        .clone()
        .or_else(|| arn_region(&literal_req.resource).map(str::to_string))
        .unwrap_or_else(|| "us-east-1".to_string());

    // 1. The resources the real API authorizes.
    let mut targets: Vec<(String, String, bool, Option<ResourceType>)> = Vec::new();
    let typed = literal_req.resource.clone();
    let typed_matches = if typed == "*" {
        Vec::new()
    } else {
        action.resource_types_for_arn(&typed)
    };
    if !action.has_resource_types() {
        targets.push(("*".to_string(), "*".to_string(), false, None));
    } else {
        let required: Vec<_> = action.required_resource_types().collect();
        let chosen: Vec<_> = if required.is_empty() {
            // Only optional types: the typed ARN if it is one of them, else `*`.
            match typed_matches.first() {
                Some(m) => vec![(m.resource_type, typed.clone(), false)],
                None => Vec::new(),
            }
        } else {
            required
                .iter()
                .map(|row| {
                    let rt = row.resource_type();
                    let given = opts
                        .resources
                        .iter()
                        .find(|(name, _)| name.eq_ignore_ascii_case(rt.name()))
                        .map(|(_, arn)| arn.clone());
                    match given {
                        Some(arn) => (rt, arn, false),
                        None if typed_matches.iter().any(|m| m.resource_type == rt) => {
                            (rt, typed.clone(), false)
                        }
                        None => {
                            let template = rt.arn_templates().next().unwrap_or("*");
                            (rt, prefill(template, &region, &account), true)
                        }
                    }
                })
                .collect()
        };
        if chosen.is_empty() {
            targets.push(("*".to_string(), "*".to_string(), false, None));
        }
        for (rt, arn, prefilled) in chosen {
            targets.push((rt.name().to_string(), arn, prefilled, Some(rt)));
        }
        if typed != "*" && typed_matches.is_empty() {
            let templates: Vec<String> = action
                .resource_types()
                .flat_map(|r| {
                    r.resource_type()
                        .arn_templates()
                        .map(move |t| format!("{} ({})", t, r.resource_type().name()))
                })
                .collect();
            divergences.push(Divergence {
                kind: DivergenceKind::ArnNotAResourceType,
                explanation: format!(
                    "`{typed}` is none of the resource types {action} works on, so the real request never names it. \
                     The action expects: {}.",
                    templates.join("; ")
                ),
                suggestion: Some("use an ARN of one of the expected resource types".to_string()),
                statements: Vec::new(),
                keys: Vec::new(),
                literal_decision: literal.decision,
                real_decision: literal.decision,
            });
        }
    }

    // 2. The context of the real request.
    let mut base = literal_req.clone();
    let mut added = Vec::new();
    let mut removed = Vec::new();
    let principal = &literal_req.principal;
    if principal.kind != PrincipalType::User {
        if let Some(v) = base.context.remove("aws:username") {
            removed.push(KeyChange {
                key: v.key,
                values: v.values,
                reason: "aws:username exists only for IAM users; a role session, federated user, root or service \
                         request does not carry it"
                    .to_string(),
            });
        }
    }
    if matches!(
        principal.kind,
        PrincipalType::Anonymous | PrincipalType::Service
    ) {
        let tag_keys: Vec<String> = base
            .context
            .entries()
            .iter()
            .filter(|v| v.key.to_ascii_lowercase().starts_with("aws:principaltag/"))
            .map(|v| v.key.clone())
            .collect();
        for k in tag_keys {
            if let Some(v) = base.context.remove(&k) {
                removed.push(KeyChange {
                    key: v.key,
                    values: v.values,
                    reason: "this caller has no IAM principal, so it has no principal tags"
                        .to_string(),
                });
            }
        }
    }
    let before_derive: BTreeSet<String> = base
        .context
        .entries()
        .iter()
        .map(|v| v.key.to_ascii_lowercase())
        .collect();
    derive_context(&mut base);
    for v in base.context.entries() {
        if !before_derive.contains(&v.key.to_ascii_lowercase()) {
            added.push(KeyChange {
                key: v.key.clone(),
                values: v.values.clone(),
                reason: "follows from the principal".to_string(),
            });
        }
    }
    let mut always = vec![
        (
            "aws:SecureTransport",
            "true".to_string(),
            "AWS API calls are made over TLS",
        ),
        (
            "aws:RequestedRegion",
            region.clone(),
            "the region the request is sent to",
        ),
    ];
    if let Some(now) = opts.now {
        always.push((
            "aws:EpochTime",
            format!("{}", now.floor() as i64),
            "the time of the request",
        ));
        let iso = iam_engine_time(now);
        always.push(("aws:CurrentTime", iso, "the time of the request"));
    }
    for (k, v, why) in always {
        if !base.context.contains(k) {
            base.context.set(k, v.clone(), true);
            added.push(KeyChange {
                key: k.to_string(),
                values: vec![v],
                reason: format!("every real request carries it: {why}"),
            });
        }
    }
    // Added keys are listed in `added_keys`; they are a divergence only where a policy tests them.
    let used_keys = policy_keys(&scenario.policies);
    let tested: Vec<&KeyChange> = added
        .iter()
        .filter(|k| used_keys.iter().any(|u| u.eq_ignore_ascii_case(&k.key)))
        .collect();
    if !tested.is_empty() {
        divergences.push(Divergence {
            kind: DivergenceKind::KeyAlwaysPresent,
            explanation: format!(
                "a policy tests {}, which the real request carries even though the literal request did not set it \
                 (derived; set the key in the context to override it)",
                tested
                    .iter()
                    .map(|k| format!("`{}` = {}", k.key, k.values.join(", ")))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            suggestion: None,
            statements: Vec::new(),
            keys: tested.iter().map(|k| k.key.clone()).collect(),
            literal_decision: literal.decision,
            real_decision: literal.decision,
        });
    }

    // 3. Decide each target with the keys that request will carry.
    let mut checks = Vec::new();
    let mut answers = Vec::new();
    let mut dropped_for: Vec<(String, String)> = Vec::new();
    for (rt_name, arn, prefilled, rt) in &targets {
        let mut req = base.clone();
        req.resource = arn.clone();
        req.resource_account = iam_engine::pattern::split_arn(arn)
            .map(|p| p[4].to_string())
            .filter(|a| !a.is_empty())
            .or_else(|| base.resource_account.clone());
        let keys: Vec<String> = req
            .context
            .entries()
            .iter()
            .map(|v| v.key.clone())
            .collect();
        let available = action.available_condition_keys(*rt);
        for key in keys {
            if let Some(why) = key_absence(action, *rt, &available, &key) {
                if let Some(v) = req.context.remove(&key) {
                    if !dropped_for
                        .iter()
                        .any(|(k, _)| k.eq_ignore_ascii_case(&key))
                    {
                        dropped_for.push((key.clone(), why.clone()));
                        removed.push(KeyChange {
                            key: v.key,
                            values: v.values,
                            reason: why,
                        });
                    }
                }
            }
        }
        let answer = evaluate(&scenario.policies, &req, Options::APPLYING);
        checks.push(ResourceCheck {
            resource_type: rt_name.clone(),
            arn: arn.clone(),
            prefilled: *prefilled,
            decision: answer.decision,
            deciding_statements: answer.deciding_statements.clone(),
        });
        answers.push(answer);
    }
    let decision = combine(checks.iter().map(|c| c.decision));
    for d in divergences.iter_mut() {
        d.real_decision = decision;
    }
    let literal_applying = applying(literal);
    let real_applying: BTreeSet<String> = answers.iter().flat_map(applying).collect();
    let lost: Vec<String> = literal_applying
        .difference(&real_applying)
        .cloned()
        .collect();

    if !action.has_resource_types() && typed != "*" {
        divergences.push(Divergence {
            kind: DivergenceKind::NoResourceLevelPermissions,
            explanation: format!(
                "{action} supports no resource-level permissions: the real request is authorized against `*`, so \
                 statements scoped to ARNs never apply to it, whatever resource you typed."
            ),
            suggestion: Some(format!(
                "split this into a statement with Resource `*` for {action} (keep ARN-scoped statements for actions \
                 that support them)"
            )),
            statements: lost.clone(),
            keys: Vec::new(),
            literal_decision: literal.decision,
            real_decision: decision,
        });
    }
    if targets.len() > 1 {
        let parts: Vec<String> = checks
            .iter()
            .map(|c| format!("{} `{}`: {}", c.resource_type, c.arn, c.decision))
            .collect();
        divergences.push(Divergence {
            kind: DivergenceKind::MultipleRequiredResources,
            explanation: format!(
                "{action} requires {} resource types, and the real API authorizes each one; all must be allowed. {}",
                targets.len(),
                parts.join("; ")
            ),
            suggestion: checks
                .iter()
                .find(|c| c.decision != Decision::Allow)
                .map(|c| format!("allow {action} on the {} resource too (e.g. `{}`)", c.resource_type, c.arn)),
            statements: lost.clone(),
            keys: Vec::new(),
            literal_decision: literal.decision,
            real_decision: decision,
        });
    }
    for (key, why) in &dropped_for {
        let mentioned = used_keys.iter().any(|k| k.eq_ignore_ascii_case(key));
        if mentioned || decision != literal.decision {
            divergences.push(Divergence {
                kind: DivergenceKind::KeyNotInRequest,
                explanation: format!(
                    "{why}. Without it, conditions like StringEquals on it fail, while …IfExists and negated operators pass."
                ),
                suggestion: None,
                statements: lost.clone(),
                keys: vec![key.clone()],
                literal_decision: literal.decision,
                real_decision: decision,
            });
        }
    }
    for k in removed.iter().filter(|k| {
        !dropped_for
            .iter()
            .any(|(d, _)| d.eq_ignore_ascii_case(&k.key))
    }) {
        divergences.push(Divergence {
            kind: DivergenceKind::KeyNotForPrincipal,
            explanation: format!("`{}` was removed: {}.", k.key, k.reason),
            suggestion: (k.key.eq_ignore_ascii_case("aws:username")).then(|| {
                "use a key every principal has, such as aws:userid or aws:PrincipalTag/…, instead of ${aws:username}"
                    .to_string()
            }),
            statements: lost.clone(),
            keys: vec![k.key.clone()],
            literal_decision: literal.decision,
            real_decision: decision,
        });
    }
    // Keys the policies test that this action never supplies (informational, even when absent from the context).
    let first_rt = targets.iter().find_map(|t| t.3);
    let available = action.available_condition_keys(first_rt);
    for key in &used_keys {
        if dropped_for.iter().any(|(k, _)| k.eq_ignore_ascii_case(key)) {
            continue;
        }
        if let Some(why) = key_absence(action, first_rt, &available, key) {
            if base.context.lookup(key).is_none() && !key.to_ascii_lowercase().starts_with("aws:") {
                divergences.push(Divergence {
                    kind: DivergenceKind::KeyNotInRequest,
                    explanation: format!("a policy tests `{key}`, but {why}."),
                    suggestion: None,
                    statements: Vec::new(),
                    keys: vec![key.clone()],
                    literal_decision: literal.decision,
                    real_decision: decision,
                });
            }
        }
    }

    // 4. Dependent actions.
    let mut dependent = Vec::new();
    for dep in action.dependent_actions() {
        let name = dep.name().to_string();
        let mut check = DependentCheck {
            action: name.clone(),
            decision: None,
            resource: None,
        };
        if opts.evaluate_dependent_actions {
            let resource = opts
                .dependent_resources
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(&name))
                .map(|(_, r)| r.clone())
                .unwrap_or_else(|| "*".to_string());
            let mut req = base.clone();
            req.action = name.clone();
            req.action_lower = name.to_ascii_lowercase();
            req.resource = resource.clone();
            let a = evaluate(&scenario.policies, &req, Options::DECISION_ONLY);
            check.decision = Some(a.decision);
            check.resource = Some(resource);
        }
        dependent.push(check);
    }
    if !dependent.is_empty() {
        let names: Vec<String> = dependent
            .iter()
            .map(|d| match d.decision {
                Some(dec) => format!("{} ({dec})", d.action),
                None => d.action.clone(),
            })
            .collect();
        let denied = dependent
            .iter()
            .any(|d| d.decision.is_some_and(|x| x != Decision::Allow));
        divergences.push(Divergence {
            kind: DivergenceKind::DependentAction,
            explanation: format!("the call may also need: {}", names.join(", ")),
            suggestion: denied.then(|| {
                "allow the dependent actions too, scoped to the resources they pass".to_string()
            }),
            statements: Vec::new(),
            keys: Vec::new(),
            literal_decision: literal.decision,
            real_decision: decision,
        });
    }

    let deciding: Vec<String> = answers
        .iter()
        .flat_map(|a| a.deciding_statements.iter().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    RealApiAnswer {
        decision,
        action: Some(action.full_name()),
        access_level: Some(action.access_level().as_str().to_string()),
        resources: checks,
        added_keys: added,
        removed_keys: removed,
        dependent_actions: dependent,
        divergences,
        deciding_statements: deciding,
    }
}

/// Formats epoch seconds as an ISO 8601 UTC time (civil-from-days; no clock access).
fn iam_engine_time(epoch: f64) -> String {
    let secs = epoch.floor() as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if mo <= 2 { y + 1 } else { y };
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_formatting() {
        assert_eq!(iam_engine_time(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iam_engine_time(1_700_000_000.0), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn prefill_template() {
        assert_eq!(
            prefill(
                "arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}",
                "us-east-1",
                "111122223333"
            ),
            "arn:aws:ec2:us-east-1:111122223333:volume/example-volumeid"
        );
    }
}
