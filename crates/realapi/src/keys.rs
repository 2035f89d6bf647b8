//! Step 3 of the analysis: the context of the real request — keys the principal cannot have removed, keys that
//! follow from the principal and keys every request carries added, the call's tags, and, per resource, only the
//! keys the action supplies (its own row in the reference, not the union over every action of the resource
//! type). Also how a missing key changes each condition that tests it.

use crate::analysis::{Call, Finding};
use crate::answer::{DivergenceKind, Fix, KeyChange};
use crate::arn;
use crate::targets::Target;
use iam_engine::condition::{BaseOp, Condition, SetOp};
use iam_engine::policy::Effect;
use iam_engine::{derive_context, PolicySet, PrincipalType, Request, StatementId};
use iam_reference::{AvailableKey, ConditionKey};

/// The real request before its resource is chosen, with what changed from the literal one.
pub struct RealRequest {
    pub base: Request,
    pub added: Vec<KeyChange>,
    pub removed: Vec<KeyChange>,
}

/// A condition in a statement that applies to the request's action.
pub struct Tested<'p> {
    pub statement: StatementId,
    pub effect: Effect,
    pub condition: &'p Condition,
}

/// Every condition on `key` in statements whose Action matches the action (NotAction: does not exclude it).
pub fn tested<'p>(policies: &'p PolicySet, action_lower: &str, key: &str) -> Vec<Tested<'p>> {
    let mut out = Vec::new();
    let variable = format!("${{{}}}", key.to_ascii_lowercase());
    for (policy, _) in policies.policies() {
        for st in &policy.statements {
            let applies_to_action = st.action.as_ref().is_none_or(|a| {
                a.negated != a.patterns.iter().any(|p| p.pattern.matches(action_lower))
            });
            if !applies_to_action {
                continue;
            }
            // A condition on the key, or one whose values use it as a variable (`${aws:username}`).
            let uses = |c: &&Condition| {
                c.key.eq_ignore_ascii_case(key)
                    || c.raw_values
                        .iter()
                        .any(|v| v.contains("${") && v.to_ascii_lowercase().contains(&variable))
            };
            for c in st.conditions.iter().filter(uses) {
                out.push(Tested {
                    statement: StatementId::new(&policy.id, st.index),
                    effect: st.effect,
                    condition: c,
                });
            }
        }
    }
    out
}

/// Every condition key tested by a statement that applies to the action.
pub fn tested_keys(policies: &PolicySet, action_lower: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for (policy, _) in policies.policies() {
        for st in &policy.statements {
            let applies = st.action.as_ref().is_none_or(|a| {
                a.negated != a.patterns.iter().any(|p| p.pattern.matches(action_lower))
            });
            if !applies {
                continue;
            }
            for c in &st.conditions {
                if !keys.iter().any(|k| k.eq_ignore_ascii_case(&c.key)) {
                    keys.push(c.key.clone());
                }
            }
        }
    }
    keys
}

/// Whether a condition passes when its key is missing from the request (IAM User Guide, condition operators:
/// `…IfExists` and `Null: true` pass, `ForAllValues` passes on an empty set, negated operators match when no
/// value matches; the rest fail).
pub fn passes_when_missing(c: &Condition) -> bool {
    if c.operator.base == BaseOp::Null {
        return c.raw_values.iter().any(|v| v.eq_ignore_ascii_case("true"));
    }
    c.operator.if_exists
        || c.operator.set == SetOp::ForAllValues
        || (c.operator.set == SetOp::Single && c.operator.base.is_negated())
}

/// What a missing key does to each condition that tests it, in words.
pub fn missing_key_effects(tests: &[Tested<'_>]) -> String {
    let parts: Vec<String> = tests
        .iter()
        .map(|t| {
            let passes = passes_when_missing(t.condition);
            let op = &t.condition.operator_name;
            let consequence = match (t.effect, passes) {
                (Effect::Allow, true) => "the condition passes without the key, so the statement allows whatever the value would have been — access is wider than it looks",
                (Effect::Allow, false) => "the condition fails without the key, so the statement never allows this call",
                (Effect::Deny, true) => "the condition passes without the key, so the deny applies",
                (Effect::Deny, false) => "the condition fails without the key, so the deny never applies — the guard is lost",
            };
            format!("in {} `{op}` on it: {consequence}", t.statement)
        })
        .collect();
    parts.join("; ")
}

fn key_change(key: &str, values: Vec<String>, reason: &str) -> KeyChange {
    KeyChange {
        key: key.to_string(),
        values,
        reason: reason.to_string(),
    }
}

/// Builds the real request's context.
pub fn real_request(
    call: &Call<'_>,
    policies: &PolicySet,
    findings: &mut Vec<Finding>,
) -> RealRequest {
    let mut base = call.literal.clone();
    let removed = remove_impossible(call, &mut base);
    report_removed(call, policies, &removed, findings);
    let added = add_carried(call, &mut base);
    report_added(call, policies, &added, findings);
    RealRequest {
        base,
        added,
        removed,
    }
}

/// Removes the keys the real request cannot carry: those the principal cannot have, those only a service
/// calling for a resource or for the principal carries, `aws:SourceIp` through a VPC endpoint; and gives the
/// keys that follow from the principal their real values.
fn remove_impossible(call: &Call<'_>, base: &mut Request) -> Vec<KeyChange> {
    let literal = call.literal;
    let principal = &literal.principal;
    let mut removed = Vec::new();
    if principal.kind != PrincipalType::User {
        if let Some(v) = base.context.remove("aws:username") {
            removed.push(key_change(
                &v.key,
                v.values,
                "aws:username exists only for IAM users; a role session, federated user, root or service request does not carry it",
            ));
        }
    }
    if principal.kind.is_identity_provider() {
        remove_keys(
            base,
            UNSIGNED_ABSENT_KEYS,
            "the caller presents an identity provider's token or assertion and signs the request with no AWS \
             credentials, and these keys describe an AWS principal that signs it (IAM User Guide, AWS global \
             condition context keys: aws:PrincipalArn and aws:userid are 'included in the request context for all \
             signed requests', aws:PrincipalIsAWSService 'for all signed API requests that use AWS credentials', \
             aws:PrincipalOrgID 'only if the principal is a member of an organization')",
            &mut removed,
        );
    }
    if matches!(
        principal.kind,
        PrincipalType::Anonymous | PrincipalType::Service
    ) || principal.kind.is_identity_provider()
    {
        remove_matching(
            base,
            |key| key.to_ascii_lowercase().starts_with("aws:principaltag/"),
            "this caller has no IAM principal, so it has no principal tags",
            &mut removed,
        );
    }
    if principal.kind != PrincipalType::Service {
        let why = format!(
            "only an AWS service calling on behalf of a resource carries it, not this caller ({})",
            crate::rules::SERVICE_ONLY_SOURCE
        );
        remove_keys(base, crate::rules::SERVICE_ONLY_KEYS, &why, &mut removed);
    }
    service_principal_keys(principal.kind, base, &mut removed);
    provider_keys(principal, base, &mut removed);
    // The keys of the role credentials a service delivers to an instance or a function come only with a role
    // session's credentials.
    if !matches!(
        principal.kind,
        PrincipalType::AssumedRole | PrincipalType::Role
    ) {
        for rule in crate::rules::ROLE_CREDENTIAL_KEYS {
            if let Some(v) = base.context.remove(rule.key) {
                removed.push(key_change(
                    &v.key,
                    v.values,
                    &format!(
                        "only the role credentials a service delivers to an instance or a function carry it, not \
                         this caller's ({})",
                        rule.source
                    ),
                ));
            }
        }
    }
    // The source identity is set only when a role is assumed: no other caller's request carries it.
    if !matches!(
        principal.kind,
        PrincipalType::AssumedRole | PrincipalType::Role
    ) {
        for rule in crate::rules::ROLE_SESSION_KEYS {
            if let Some(v) = base.context.remove(rule.key) {
                removed.push(key_change(
                    &v.key,
                    v.values,
                    &format!(
                        "only a role session carries it (it is set when a role is assumed), not this caller's \
                         request ({})",
                        rule.source
                    ),
                ));
            }
        }
    }
    // A direct call carries none of the keys a service adds when it calls on the principal's behalf.
    if !via_service(base) {
        remove_direct_call_values(call, base, &mut removed);
        let why = format!(
            "the real request is a direct call (set aws:ViaAWSService to true to model a call a service \
             makes for the principal): {}",
            crate::rules::VIA_SERVICE_SOURCE
        );
        remove_keys(base, crate::rules::VIA_SERVICE_KEYS, &why, &mut removed);
    }
    // Through a VPC endpoint the request has no public source address (IAM User Guide, aws:SourceIp: "If the
    // request comes from a host that uses an Amazon VPC endpoint, then the aws:SourceIp key is not available").
    if base.context.contains("aws:SourceVpce") || base.context.contains("aws:SourceVpc") {
        if let Some(v) = base.context.remove("aws:SourceIp") {
            removed.push(key_change(
                &v.key,
                v.values,
                "the request comes through a VPC endpoint (aws:SourceVpce is set), where aws:SourceIp is not present (use aws:VpcSourceIp for the private address)",
            ));
        }
    }
    principal_values(literal, base, &mut removed);
    removed
}

/// Whether the request is one a service makes with the principal's credentials (`aws:ViaAWSService` true), not
/// a direct call.
fn via_service(base: &Request) -> bool {
    base.context
        .lookup("aws:ViaAWSService")
        .is_some_and(|v| v.values.iter().any(|x| x.eq_ignore_ascii_case("true")))
}

/// Adds a key the real request carries with `value`, saying why, unless the request already has it.
fn carry(base: &mut Request, added: &mut Vec<KeyChange>, key: &str, value: String, why: &str) {
    if !base.context.contains(key) {
        base.context.set(key, value.clone(), true);
        added.push(key_change(key, vec![value], why));
    }
}

/// Removes each of `keys` the request carries, saying why.
fn remove_keys(base: &mut Request, keys: &[&str], why: &str, removed: &mut Vec<KeyChange>) {
    for key in keys {
        if let Some(v) = base.context.remove(key) {
            removed.push(key_change(&v.key, v.values, why));
        }
    }
}

/// Removes every key of the request whose name `matches`, saying why.
fn remove_matching(
    base: &mut Request,
    matches: impl Fn(&str) -> bool,
    why: &str,
    removed: &mut Vec<KeyChange>,
) {
    let keys: Vec<String> = base
        .context
        .entries()
        .iter()
        .filter(|v| matches(&v.key))
        .map(|v| v.key.clone())
        .collect();
    for k in keys {
        if let Some(v) = base.context.remove(&k) {
            removed.push(key_change(&v.key, v.values, why));
        }
    }
}

/// Keys an AWS principal's signed request carries and a caller with an identity provider's token does not.
const UNSIGNED_ABSENT_KEYS: &[&str] = &[
    "aws:PrincipalArn",
    "aws:PrincipalIsAWSService",
    "aws:userid",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
];

/// Removes the identity provider keys (`accounts.google.com:sub`, `saml:aud`, …) the caller cannot carry: all of
/// them but for a role session from web identity or SAML federation, and for the caller of
/// `AssumeRoleWithWebIdentity` or `AssumeRoleWithSAML` those of any provider but its own (the keys are named by
/// the provider: IAM User Guide, IAM and AWS STS condition context keys, Available keys for AWS OIDC federation,
/// Available keys for SAML-based AWS STS federation).
fn provider_keys(
    principal: &iam_engine::Principal,
    base: &mut Request,
    removed: &mut Vec<KeyChange>,
) {
    if matches!(
        principal.kind,
        PrincipalType::AssumedRole | PrincipalType::Role
    ) {
        return;
    }
    let own = principal.provider_key_prefix();
    let why = match own {
        Some(own) => format!(
            "the caller's token or assertion comes from {own}, whose keys are named {own}:…; another provider's \
             keys are not in its request (IAM User Guide, Available keys for AWS OIDC federation: the keys are \
             named by the provider, such as accounts.google.com:aud or cognito-identity.amazonaws.com:amr)"
        ),
        None => "only a role session from web identity or SAML federation, or the call that creates one, carries \
                 an identity provider's keys (IAM User Guide, Available keys for AWS web identity federation)"
            .to_string(),
    };
    let foreign = |key: &str| {
        key.split_once(':').is_some_and(|(p, _)| {
            (p.contains('.') || p.eq_ignore_ascii_case("saml"))
                && !own.is_some_and(|own| own.eq_ignore_ascii_case(p))
        })
    };
    remove_matching(base, foreign, &why, removed);
}

/// Removes the keys only a service principal's own request carries from any other caller's, and the
/// organization keys from a service principal's.
fn service_principal_keys(kind: PrincipalType, base: &mut Request, removed: &mut Vec<KeyChange>) {
    if kind != PrincipalType::Service {
        let why = format!(
            "only a request an AWS service principal makes itself carries it, not this caller ({})",
            crate::rules::SERVICE_PRINCIPAL_KEYS_SOURCE
        );
        remove_keys(base, crate::rules::SERVICE_PRINCIPAL_KEYS, &why, removed);
    } else {
        remove_keys(
            base,
            crate::rules::ORGANIZATION_MEMBER_KEYS,
            &format!(
                "an AWS service principal is a member of no organization ({})",
                crate::rules::ORGANIZATION_MEMBER_KEYS_SOURCE
            ),
            removed,
        );
    }
}

/// Keys that follow from the principal have their real values, whatever the literal context says.
fn principal_values(literal: &Request, base: &mut Request, removed: &mut Vec<KeyChange>) {
    let principal = &literal.principal;
    let mut truth = Request::new(principal.clone(), literal.action(), &literal.resource);
    derive_context(&mut truth);
    for key in [
        "aws:PrincipalArn",
        "aws:PrincipalAccount",
        "aws:PrincipalType",
        // True only for a service principal's own request; false for an IAM principal's, even when a service
        // makes it with the principal's credentials (IAM User Guide, aws:PrincipalIsAWSService).
        "aws:PrincipalIsAWSService",
    ] {
        let (Some(real), Some(typed)) = (truth.context.lookup(key), base.context.lookup(key))
        else {
            continue;
        };
        if real.values != typed.values && !typed.derived {
            let (real, typed) = (real.clone(), typed.clone());
            base.context.insert(real.clone());
            removed.push(key_change(
                &typed.key,
                typed.values,
                &format!(
                    "the real request's value follows from the principal: {}",
                    real.values.join(", ")
                ),
            ));
        }
    }
}

/// Each removed key, and what its absence does to the conditions that test it.
fn report_removed(
    call: &Call<'_>,
    policies: &PolicySet,
    removed: &[KeyChange],
    findings: &mut Vec<Finding>,
) {
    let action_lower = call.literal.action_lower();
    for k in removed {
        let tests = tested(policies, action_lower, &k.key);
        let mut f = Finding::new(
            DivergenceKind::KeyNotForPrincipal,
            format!(
                "`{}` was removed: {}.{}",
                k.key,
                k.reason,
                if tests.is_empty() {
                    String::new()
                } else {
                    format!(" Without it, {}.", missing_key_effects(&tests))
                }
            ),
        )
        .with_key(&k.key);
        f.statements = tests.iter().map(|t| t.statement.clone()).collect();
        if k.key.eq_ignore_ascii_case("aws:username") {
            f = f.with_fix(Fix {
                text: "use a key every principal has, such as aws:userid or aws:PrincipalTag/…, instead of ${aws:username}".to_string(),
                ..Fix::default()
            });
        }
        findings.push(f);
    }
}

/// Adds the keys the real request carries: those that follow from the principal, those every request
/// carries, the call's tags and parameters, and the service's defaults.
fn add_carried(call: &Call<'_>, base: &mut Request) -> Vec<KeyChange> {
    let mut added = Vec::new();
    let before: Vec<String> = base
        .context
        .entries()
        .iter()
        .map(|v| v.key.to_ascii_lowercase())
        .collect();
    derive_context(base);
    for v in base.context.entries() {
        if !before.contains(&v.key.to_ascii_lowercase()) {
            added.push(key_change(
                &v.key,
                v.values.clone(),
                "follows from the principal",
            ));
        }
    }
    // A single-endpoint global service's requests carry its one Region whatever Region the caller typed.
    let mut region_reason = "the region the request is sent to".to_string();
    if let Some((region, source)) = crate::rules::global_region(call.prefix) {
        let typed_elsewhere = base
            .context
            .lookup("aws:RequestedRegion")
            .is_some_and(|v| v.values.iter().any(|x| x != region));
        if typed_elsewhere {
            base.context.remove("aws:RequestedRegion");
            region_reason = format!("the service has a single endpoint, whatever Region the caller is configured for: {source}");
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
            call.region.clone(),
            region_reason.as_str(),
        ),
        (
            "aws:ViaAWSService",
            "false".to_string(),
            "the principal calls the service directly, not through another AWS service",
        ),
    ];
    if let Some(now) = call.opts.now {
        always.push((
            "aws:EpochTime",
            format!("{}", now.floor() as i64),
            "the time of the request",
        ));
        always.push(("aws:CurrentTime", iso_time(now), "the time of the request"));
    }
    // The account that owns the resource: the resource ARN's, the one the scenario names, or (an ARN without an
    // account, such as an S3 bucket's, and no owner named) the caller's own. Each resource of the call gets its
    // own ARN's account when it has one (`decide`).
    let owner = crate::arn::account_of(&call.literal.resource)
        .or_else(|| call.literal.resource_account.clone())
        .or_else(|| call.literal.principal.account.clone());
    let resource_account = owner
        .filter(|_| crate::rules::carries_resource_account(&call.action_name))
        .map(|a| {
            (
                "aws:ResourceAccount",
                a,
                "the account that owns the resource (IAM User Guide, AWS global condition context keys, \
                 aws:ResourceAccount: 'always included in the request context for most service actions')",
            )
        });
    always.extend(resource_account);
    for (k, v, why) in always {
        carry(
            base,
            &mut added,
            k,
            v,
            &format!("every real request carries it: {why}"),
        );
    }
    for (service, key, source) in crate::rules::REGION_KEYS {
        if *service == call.prefix {
            let why = format!("the region the request is sent to: {source}");
            carry(base, &mut added, key, call.region.clone(), &why);
        }
    }
    forward_request_keys(call, base, &mut added);
    service_keys(call, base, &mut added);
    call_tags(call, base, &mut added);
    call_keys(call, base, &mut added);
    add_direct_call_values(call, base, &mut added);
    for d in crate::rules::DEFAULT_KEYS
        .iter()
        .filter(|d| d.action.eq_ignore_ascii_case(&call.action_name))
    {
        let why = format!("the service's default when the call omits it: {}", d.source);
        carry(base, &mut added, d.key, d.value.to_string(), &why);
    }

    added
}

/// The keys a request a service makes with the principal's credentials (`aws:ViaAWSService` true) carries beyond
/// those typed: the first and last service of the typed `aws:CalledVia` chain, and, for an IAM user, whose
/// long-term credentials the service turns into temporary ones, `aws:MultiFactorAuthPresent` = false.
fn forward_request_keys(call: &Call<'_>, base: &mut Request, added: &mut Vec<KeyChange>) {
    if !via_service(base) {
        return;
    }
    let chain: Vec<String> = base
        .context
        .lookup("aws:CalledVia")
        .map(|v| v.values.clone())
        .unwrap_or_default();
    for (key, value) in [
        ("aws:CalledViaFirst", chain.first()),
        ("aws:CalledViaLast", chain.last()),
    ] {
        if let Some(value) = value {
            let why = format!(
                "the service chain in aws:CalledVia names it: {}",
                crate::rules::FORWARD_REQUEST_SOURCE
            );
            carry(base, added, key, value.clone(), &why);
        }
    }
    if call.literal.principal.kind == PrincipalType::User {
        let why = format!(
            "the service makes the request with temporary credentials for the IAM user: {}",
            crate::rules::FORWARD_MFA_SOURCE
        );
        carry(
            base,
            added,
            "aws:MultiFactorAuthPresent",
            "false".to_string(),
            &why,
        );
    }
}

/// The service keys every request of the service carries, where the action lists them (`s3:ResourceAccount`,
/// and for a signed request `s3:signatureversion` and `s3:authType`).
fn service_keys(call: &Call<'_>, base: &mut Request, added: &mut Vec<KeyChange>) {
    use crate::rules::ServiceKeyValue;
    let anonymous = call.literal.principal.kind == PrincipalType::Anonymous;
    for rule in crate::rules::SERVICE_KEYS
        .iter()
        .filter(|r| r.service == call.prefix && !(r.signed_only && anonymous))
    {
        let is_key = |k: ConditionKey| k.name().eq_ignore_ascii_case(rule.key);
        let in_rows = matches!(
            rule.value,
            ServiceKeyValue::Parent { .. } | ServiceKeyValue::Resource { .. }
        ) && call
            .action
            .resource_types()
            .any(|r| r.condition_keys().any(is_key));
        if !call.action.condition_keys().any(is_key) && !in_rows {
            continue;
        }
        let value = match rule.value {
            ServiceKeyValue::ResourceAccount => call.account.clone(),
            ServiceKeyValue::Fixed(v) => v.to_string(),
            ServiceKeyValue::Parent { types, arn } => {
                match parent_arn(&call.literal.resource, types, arn) {
                    Some(v) => v,
                    None => continue,
                }
            }
            ServiceKeyValue::Resource { types } => {
                let resource = call.literal.resource.as_str();
                let of_type = arn::action_fits(call.action, resource)
                    .first()
                    .is_some_and(|f| types.contains(&f.resource_type.name()));
                if !of_type || resource.contains(['*', '?']) {
                    continue;
                }
                resource.to_string()
            }
        };
        let why = match rule.value {
            ServiceKeyValue::Parent { .. } => {
                format!("the call's resource ARN names it: {}", rule.source)
            }
            ServiceKeyValue::Resource { .. } => {
                format!("the call names that resource: {}", rule.source)
            }
            _ => format!("every request of the service carries it: {}", rule.source),
        };
        carry(base, added, rule.key, value, &why);
    }
}

/// The parent ARN a resource ARN names right after its type (`service/<cluster>/<name>` → the cluster), for a
/// [`crate::rules::ServiceKeyValue::Parent`] key: none when the resource is not one of `types`, names no child
/// after the parent (an older ARN form without it) or has a wildcard where a literal is needed.
fn parent_arn(resource: &str, types: &[&str], template: &str) -> Option<String> {
    let parts = iam_engine::pattern::split_arn(resource)?;
    let [_, partition, _, region, account, path] = parts;
    let (kind, rest) = path.split_once('/')?;
    let (parent, child) = rest.split_once('/')?;
    let literal = |s: &str| !s.is_empty() && !s.contains(['*', '?']);
    if !types.contains(&kind) || !literal(parent) || child.is_empty() {
        return None;
    }
    if ![partition, region, account].into_iter().all(literal) {
        return None;
    }
    Some(
        template
            .replace("${Partition}", partition)
            .replace("${Region}", region)
            .replace("${Account}", account)
            .replace("${Parent}", parent),
    )
}

/// The direct-call keys the call's action supports ([`crate::rules::DIRECT_CALL_KEYS`]).
fn direct_call_keys<'a>(
    call: &'a Call<'_>,
) -> impl Iterator<Item = &'static crate::rules::DirectCallKey> + 'a {
    crate::rules::DIRECT_CALL_KEYS.iter().filter(|d| {
        d.actions
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&call.action_name))
    })
}

/// A direct call carries its fixed value: a typed value that differs is removed (and set by
/// [`add_direct_call_values`]).
fn remove_direct_call_values(call: &Call<'_>, base: &mut Request, removed: &mut Vec<KeyChange>) {
    for d in direct_call_keys(call) {
        let differs = base
            .context
            .lookup(d.key)
            .is_some_and(|v| v.values.iter().any(|x| !x.eq_ignore_ascii_case(d.value)));
        if !differs {
            continue;
        }
        if let Some(v) = base.context.remove(d.key) {
            removed.push(key_change(
                &v.key,
                v.values,
                &format!(
                    "the real request is a direct call, which carries {} (set aws:ViaAWSService to true to model a \
                     call a service makes for the principal): {}",
                    d.value, d.source
                ),
            ));
        }
    }
}

/// The value a direct call carries, unless the context says a service makes the call.
fn add_direct_call_values(call: &Call<'_>, base: &mut Request, added: &mut Vec<KeyChange>) {
    if via_service(base) {
        return;
    }
    for d in direct_call_keys(call) {
        let why = format!("a direct call carries it: {}", d.source);
        carry(base, added, d.key, d.value.to_string(), &why);
    }
}

/// Added keys matter only where a statement that applies to the action tests them.
fn report_added(
    call: &Call<'_>,
    policies: &PolicySet,
    added: &[KeyChange],
    findings: &mut Vec<Finding>,
) {
    let action_lower = call.literal.action_lower();
    for k in added {
        let tests = tested(policies, action_lower, &k.key);
        if tests.is_empty() {
            continue;
        }
        let message = match call.literal.context.lookup(&k.key) {
            Some(typed) => format!(
                "a policy tests `{}`, which the real request carries as {} ({}), not as the literal request's {}",
                k.key,
                k.values.join(", "),
                k.reason,
                typed.values.join(", ")
            ),
            None => format!(
                "a policy tests `{}`, which the real request carries as {} ({}) even though the literal request did not \
                 set it; set the key in the context to try another value",
                k.key,
                k.values.join(", "),
                k.reason
            ),
        };
        let mut f = Finding::new(DivergenceKind::KeyAlwaysPresent, message).with_key(&k.key);
        f.statements = tests.iter().map(|t| t.statement.clone()).collect();
        findings.push(f);
    }
}

/// Whether a condition key is the tag-on-create key `aws:RequestTag/${TagKey}`.
pub fn is_request_tag(k: iam_reference::ConditionKey) -> bool {
    k.name().eq_ignore_ascii_case("aws:RequestTag/${TagKey}")
}

/// Whether the action takes tags (lists `aws:RequestTag/…` itself or on one of its rows, or the service's own
/// tag key).
pub fn takes_tags(call: &Call<'_>) -> bool {
    call.action.condition_keys().any(is_request_tag)
        || call
            .action
            .resource_types()
            .any(|r| r.condition_keys().any(is_request_tag))
        || service_tag_keys(call).is_some()
}

/// The service's own keys for the tags the call applies, when the action lists them.
pub fn service_tag_keys(call: &Call<'_>) -> Option<&'static crate::rules::ServiceTagKeys> {
    crate::rules::SERVICE_TAG_KEYS.iter().find(|r| {
        r.service == call.prefix
            && call
                .action
                .condition_keys()
                .any(|k| k.name().eq_ignore_ascii_case(r.tag))
    })
}

/// The key of one tag: the placeholder of the service's tag key (`<key>`, `${TagKey}`) replaced by `tag`.
fn tag_key_for(name: &str, tag: &str) -> String {
    let open = name.find(['<', '$']).unwrap_or(name.len());
    format!("{}{tag}", name.get(..open).unwrap_or(name))
}

/// The call's tags become `aws:RequestTag/…` and `aws:TagKeys` where the action takes tags, or the service's own
/// keys where it has them (`s3:RequestObjectTag/…`, `s3:RequestObjectTagKeys`).
fn call_tags(call: &Call<'_>, base: &mut Request, added: &mut Vec<KeyChange>) {
    let tags = &call.opts.call.tags;
    if tags.is_empty() {
        return;
    }
    let takes_tags = takes_tags(call);
    let list: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if !takes_tags {
        call.note_param(
            "tags",
            &list.join(", "),
            &format!(
                "ignored: {} does not take tags (no aws:RequestTag key in the reference)",
                call.action_name
            ),
        );
        return;
    }
    let (tag_name, tag_keys_key) = match service_tag_keys(call) {
        Some(r) => (r.tag, r.tag_keys),
        None => ("aws:RequestTag/${TagKey}", "aws:TagKeys"),
    };
    for (k, v) in tags {
        let key = tag_key_for(tag_name, k);
        if !base.context.contains(&key) {
            base.context.set(&key, v.clone(), false);
            added.push(key_change(
                &key,
                vec![v.clone()],
                "the call applies this tag",
            ));
        }
    }
    if !base.context.contains(tag_keys_key) {
        let keys: Vec<String> = tags.keys().cloned().collect();
        base.context.set_multi(tag_keys_key, keys.clone(), false);
        added.push(key_change(
            tag_keys_key,
            keys,
            "the keys of the tags the call applies",
        ));
    }
    call.note_param(
        "tags",
        &list.join(", "),
        &format!("sets {} and {tag_keys_key}", tag_key_for(tag_name, "…")),
    );
}

/// Keys a call parameter sets (`ec2:LaunchTemplate` for a launch template).
fn call_keys(call: &Call<'_>, base: &mut Request, added: &mut Vec<KeyChange>) {
    use crate::rules::Param;
    let p = &call.opts.call;
    for rule in crate::rules::CALL_KEYS
        .iter()
        .filter(|r| r.action.eq_ignore_ascii_case(&call.action_name))
    {
        let value = match rule.param {
            Param::LaunchTemplate => p.launch_template.clone(),
            Param::KeyName => p.key_name.clone(),
            Param::InstanceProfile => p.instance_profile.clone(),
            Param::Role => p.role.clone(),
            _ => None,
        };
        let Some(value) = value else { continue };
        if base.context.contains(rule.key) {
            continue;
        }
        let v = if value.starts_with("arn:") && rule.value.starts_with("arn:") {
            value.clone()
        } else {
            crate::arn::fill(
                rule.value,
                &crate::arn::Names {
                    partition: &call.partition,
                    region: &call.region,
                    account: &call.account,
                    values: &[],
                    value: Some(&value),
                },
            )
            .0
        };
        base.context.set(rule.key, v.clone(), false);
        added.push(key_change(
            rule.key,
            vec![v.clone()],
            &format!("the call passes `{}`: {}", rule.param.name(), rule.source),
        ));
        call.note_param(
            rule.param.name(),
            &value,
            &format!("sets {} = {v}", rule.key),
        );
    }
}

/// Whether a policy's key is the reference's key `name`: case-insensitive; a placeholder (`${TagKey}`, or S3's
/// `<key>` in `s3:ExistingObjectTag/<key>`) stands for one or more characters at the end.
pub fn key_is(name: &str, key: &str) -> bool {
    // Some services spell the placeholder as the literal `tag-key` (`secretsmanager:ResourceTag/tag-key`).
    if let Some(prefix) = name.len().checked_sub(8).and_then(|i| {
        name.get(i..)
            .filter(|t| t.eq_ignore_ascii_case("/tag-key"))
            .and(name.get(..i + 1))
    }) {
        return key.len() > prefix.len()
            && key
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
    }
    // One pass over the literal part, no searcher set-up: this runs for every available key against every
    // context key of every resource.
    let (n, k) = (name.as_bytes(), key.as_bytes());
    for (i, &c) in n.iter().enumerate() {
        let opens = c == b'<' || (c == b'$' && n.get(i + 1) == Some(&b'{'));
        if opens {
            let rest = n.get(i..).unwrap_or_default();
            let Some(close) = rest.iter().position(|&b| b == b'}' || b == b'>') else {
                return false;
            };
            let suffix = rest.get(close + 1..).unwrap_or_default();
            return k.len() > i + suffix.len()
                && k.get(k.len() - suffix.len()..)
                    .is_some_and(|s| s.eq_ignore_ascii_case(suffix));
        }
        if !k.get(i).is_some_and(|kc| kc.eq_ignore_ascii_case(&c)) {
            return false;
        }
    }
    k.len() == n.len()
}

/// Why the real request for `target` will not carry `key`, or `None` when it will.
pub fn absence(
    call: &Call<'_>,
    target: &Target,
    available: &[AvailableKey],
    key: &str,
) -> Option<String> {
    let action = call.action;
    let lower = key.to_ascii_lowercase();
    // Keys of a web identity or SAML provider (`cognito-identity.amazonaws.com:sub`, `accounts.google.com:aud`,
    // `saml:sub`) come with the session's credentials, whatever the action (IAM User Guide, Available keys for
    // AWS web identity federation / SAML-based federation).
    let provider = key
        .split_once(':')
        .is_some_and(|(p, _)| p.contains('.') || p.eq_ignore_ascii_case("saml"));
    if provider {
        return None;
    }
    if target.resource_type.is_none() && lower.contains(":resourcetag/") {
        return Some(format!(
            "{action} names no existing resource (it is authorized against `*`), so the request carries no resource \
             tags such as `{key}`"
        ));
    }
    if let Some(rule) = crate::rules::KEYS_NOT_SUPPLIED.iter().find(|r| {
        crate::rules::glob(r.action, &call.action_name, true)
            && crate::rules::glob(r.key, key, true)
    }) {
        return Some(format!("{action} never carries `{key}`: {}", rule.source));
    }
    if lower == "aws:resourceaccount" && !crate::rules::carries_resource_account(&call.action_name)
    {
        return Some(format!(
            "{action} is one of the few actions whose request does not carry `{key}`: {}",
            crate::rules::RESOURCE_ACCOUNT_SOURCE
        ));
    }
    if available.iter().any(|k| key_is(k.name, key)) {
        return None;
    }
    let supplied = crate::rules::KEYS_SUPPLIED.iter().any(|r| {
        crate::rules::glob(r.key, key, true)
            && r.actions
                .iter()
                .any(|a| crate::rules::glob(a, &call.action_name, true))
    });
    if supplied {
        return None;
    }
    // The keys of a resource type the service does not authorize the call on describe the call itself.
    let of_unauthorized_type = crate::rules::TYPES_NOT_AUTHORIZED
        .iter()
        .filter(|r| r.action.eq_ignore_ascii_case(&call.action_name))
        .filter_map(|r| action.resource_type(r.resource_type))
        .any(|row| row.condition_keys().any(|k| key_is(k.name(), key)));
    if of_unauthorized_type {
        return None;
    }
    if let Some(rt) = target.resource_type {
        if let Some(row) = action.row_for(rt) {
            if row_keys(call, row, rt)
                .iter()
                .any(|k| key_is(k.name(), key))
            {
                if target.keys_known {
                    return None;
                }
                return Some(format!(
                    "`{key}` belongs to the {} resource type, which {action} lists as optional: the service may not \
                     know the resource when it authorizes, so the real request does not carry the key",
                    rt.name()
                ));
            }
        }
    }
    // A service's own resource-tag key (`ecs:ResourceTag/…`, defined by the service) is the global one under
    // another name: carried wherever `aws:ResourceTag/…` is.
    if let Some((prefix, rest)) = key.split_once(':') {
        let own = rest
            .get(..12)
            .is_some_and(|r| r.eq_ignore_ascii_case("resourcetag/"))
            && rest.len() > 12;
        let defined = own
            && !prefix.eq_ignore_ascii_case("aws")
            && iam_reference::service(prefix)
                .is_some_and(|svc| svc.condition_keys().any(|k| key_is(k.name(), key)));
        if defined {
            let global = format!("aws:ResourceTag/{}", rest.get(12..).unwrap_or_default());
            absence(call, target, available, &global)?;
        }
    }
    // A service's own spelling of a key the request carries (`ssm:resourceTag/…` for `aws:ResourceTag/…`,
    // `sagemaker:VolumeKmsKey` for `sagemaker:VolumeKmsKeyArn`).
    if let Some(same) = alias_of(key) {
        if !same.eq_ignore_ascii_case(key) && absence(call, target, available, &same).is_none() {
            return None;
        }
    }
    for row in action.resource_types() {
        if Some(row.resource_type()) == target.resource_type {
            continue;
        }
        if row_keys(call, row, row.resource_type())
            .iter()
            .any(|k| k.matches(key))
        {
            let optional = !row.required();
            return Some(format!(
                "`{key}` belongs to the {} resource type{}, which this request does not name, so the real request \
                 does not carry it",
                row.resource_type().name(),
                if optional { format!(" ({action} lists it as optional)") } else { String::new() }
            ));
        }
    }
    Some(format!(
        "{action} does not support `{key}`: it is none of the action's keys, the keys of its row for this resource \
         type or the global keys"
    ))
}

/// The key a service's own spelling stands for (a `KEY_ALIASES` row): the same key name for a plain row, the
/// same suffix under the other prefix for a row that ends in a placeholder (`ssm:resourceTag/${TagKey}`).
fn alias_of(key: &str) -> Option<String> {
    let alias = crate::rules::KEY_ALIASES.iter().find(|a| {
        if !a.key.contains("${") {
            return a.key.eq_ignore_ascii_case(key);
        }
        let prefix = a.key.split("${").next().unwrap_or(a.key);
        key.len() > prefix.len()
            && key
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    })?;
    if !alias.key.contains("${") {
        return Some(alias.same_as.to_string());
    }
    let suffix = key.split_once('/').map(|(_, s)| s).unwrap_or_default();
    Some(format!(
        "{}{suffix}",
        alias.same_as.split("${").next().unwrap_or(alias.same_as)
    ))
}

/// The keys an action's row for a resource type supplies: the row's own list and the resource type's keys,
/// without the tag-on-create ones (only actions that take tags list them: `aws:RequestTag/…` on the `instance`
/// type is not in a TerminateInstances request), and without `aws:ResourceTag/…` where the service lists it
/// action by action.
fn row_keys(
    call: &Call<'_>,
    row: iam_reference::ActionResourceType,
    rt: iam_reference::ResourceType,
) -> Vec<ConditionKey> {
    let mut keys: Vec<ConditionKey> = row.condition_keys().collect();
    keys.extend(rt.condition_keys().filter(|k| {
        let n = k.name().to_ascii_lowercase();
        !n.starts_with("aws:requesttag/")
            && n != "aws:tagkeys"
            && !(call.explicit_resource_tags && n.contains("resourcetag/"))
    }));
    keys
}

/// Formats epoch seconds as an ISO 8601 UTC time.
pub fn iso_time(epoch: f64) -> String {
    let secs = epoch.floor() as i64;
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| {
            t.format(&time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An ECS ARN names its cluster after its type in the current form only (`task/<cluster>/<id>`), never in the
    /// older form (`task/<id>`), and a wildcard is no cluster.
    #[test]
    fn parent_arn_names_the_cluster_of_the_current_arn_form_only() {
        let types = &["service", "task"];
        let t = "arn:${Partition}:ecs:${Region}:${Account}:cluster/${Parent}";
        assert_eq!(
            parent_arn(
                "arn:aws:ecs:us-east-1:111122223333:task/prod/0123",
                types,
                t
            )
            .as_deref(),
            Some("arn:aws:ecs:us-east-1:111122223333:cluster/prod")
        );
        assert_eq!(
            parent_arn("arn:aws:ecs:us-east-1:111122223333:task/0123", types, t),
            None
        );
        assert_eq!(
            parent_arn("arn:aws:ecs:us-east-1:111122223333:task/*/0123", types, t),
            None
        );
        assert_eq!(
            parent_arn(
                "arn:aws:ecs:us-east-1:111122223333:cluster/prod/x",
                types,
                t
            ),
            None
        );
        assert_eq!(parent_arn("*", types, t), None);
    }

    #[test]
    fn tag_keys_of_a_service() {
        assert_eq!(
            tag_key_for("aws:RequestTag/${TagKey}", "team"),
            "aws:RequestTag/team"
        );
        assert_eq!(
            tag_key_for("s3:RequestObjectTag/<key>", "Project"),
            "s3:RequestObjectTag/Project"
        );
        assert!(key_is(
            "s3:RequestObjectTag/<key>",
            &tag_key_for("s3:RequestObjectTag/<key>", "x")
        ));
    }

    #[test]
    fn key_names_with_placeholders() {
        assert!(key_is("aws:ResourceTag/${TagKey}", "aws:resourcetag/team"));
        assert!(!key_is("aws:ResourceTag/${TagKey}", "aws:ResourceTag/"));
        assert!(key_is(
            "s3:ExistingObjectTag/<key>",
            "s3:ExistingObjectTag/security"
        ));
        assert!(key_is("aws:SourceIp", "AWS:SOURCEIP"));
        assert!(!key_is("aws:SourceIp", "aws:SourceIpx"));
        assert!(!key_is("aws:SourceIpx", "aws:SourceIp"));
        assert!(key_is(
            "kms:EncryptionContext:${EncryptionContextKey}",
            "kms:EncryptionContext:dept"
        ));
    }

    #[test]
    fn epoch_formatting() {
        assert_eq!(iso_time(0.0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(1_700_000_000.0), "2023-11-14T22:13:20Z");
    }
}
