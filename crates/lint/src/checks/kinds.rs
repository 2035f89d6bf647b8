//! Checks of what a policy's type does not accept or needs, by Access Analyzer's policy check reference: role
//! trust policies (no NotPrincipal, no Resource; the AssumeRole action that fits the principal; the actions IAM Roles
//! Anywhere needs; the form of a Federated principal; conditions on OIDC providers), resource-based policies (no
//! Federated principal; service principals restricted to a source), resource control policies (Principal `"*"` only,
//! no NotAction; the condition keys that keep principal and service conditions apart) and service control policies
//! (action wildcards only at the end).

use super::{allows, member, quoted, Cx};
use crate::PolicyType;
use iam_engine::json::{Member, Node, NodeKind};
use iam_engine::policy::{PrincipalEntry, PrincipalItem, Statement};
use iam_engine::Span;

pub(super) fn check(cx: &mut Cx<'_, '_>) {
    match cx.options.policy_type {
        PolicyType::Trust => {
            let pairs: Vec<_> = cx.statements().collect();
            for (st, node) in pairs {
                trust_elements(cx, st, node);
                trust_wildcard(cx, st);
                mismatched_actions(cx, st);
                roles_anywhere(cx, st, node);
                federated_syntax(cx, st);
                oidc_conditions(cx, st, node);
                redundant_sessions(cx, st, node);
            }
        }
        PolicyType::Resource => {
            federated_in_resource_policy(cx);
            service_principal_source(cx);
        }
        PolicyType::Rcp => {
            let pairs: Vec<_> = cx.statements().collect();
            for (st, node) in pairs {
                rcp_elements(cx, st, node);
                rcp_actions(cx, st);
                rcp_related_keys(cx, st, node);
            }
        }
        PolicyType::Scp => scp_action_wildcards(cx),
        _ => {}
    }
}

/// The span to delete to remove member `name` of an object node, with the comma that separates it from its
/// neighbour, so that the object stays valid JSON.
fn member_removal(node: &Node<'_>, name: &str) -> Option<Span> {
    let members: &[Member<'_>] = node.as_object()?;
    let i = members.iter().position(|m| m.name == name)?;
    let m = members.get(i)?;
    if let Some(prev) = i.checked_sub(1).and_then(|p| members.get(p)) {
        return Some(Span::new(prev.value.span.end, m.value.span.end));
    }
    let next = members.get(i + 1)?;
    Some(Span::new(m.name_span.start, next.name_span.start))
}

/// ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL and ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: a role trust policy
/// names who may assume the role, with `Principal`; the resource is the role itself.
fn trust_elements(cx: &mut Cx<'_, '_>, st: &Statement, node: &Node<'_>) {
    if let Some(m) = member(node, "NotPrincipal") {
        cx.report(
            "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
            m.name_span,
            "role trust policies do not support `NotPrincipal`: name who may assume the role with `Principal`"
                .to_string(),
            Some(st.index),
        );
    }
    for name in ["Resource", "NotResource"] {
        let Some(m) = member(node, name) else {
            continue;
        };
        let message = format!(
            "a role trust policy applies to the role it is attached to, so it cannot name a resource: remove \
             `{name}`"
        );
        match member_removal(node, name) {
            Some(span) => cx.report_fix(
                "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
                m.name_span,
                message,
                Some(st.index),
                (format!("remove `{name}`"), span, String::new()),
            ),
            None => cx.report(
                "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
                m.name_span,
                message,
                Some(st.index),
            ),
        }
    }
}

/// What kind of caller a principal is, for the AssumeRole action it can use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    /// An AWS account, IAM identity, service or everyone: `sts:AssumeRole`.
    Aws,
    /// A SAML provider: `sts:AssumeRoleWithSAML`.
    Saml,
    /// An OIDC provider or a web identity provider named by its domain: `sts:AssumeRoleWithWebIdentity`.
    WebIdentity,
}

fn caller(item: &PrincipalItem) -> Option<Caller> {
    match &item.entry {
        PrincipalEntry::Federated { name } if name.contains(":saml-provider/") => {
            Some(Caller::Saml)
        }
        PrincipalEntry::Federated { .. } => Some(Caller::WebIdentity),
        PrincipalEntry::Invalid => None,
        _ => Some(Caller::Aws),
    }
}

/// The AssumeRole actions and the caller each one is for.
const ASSUME: &[(&str, Caller)] = &[
    ("sts:AssumeRole", Caller::Aws),
    ("sts:AssumeRoleWithSAML", Caller::Saml),
    ("sts:AssumeRoleWithWebIdentity", Caller::WebIdentity),
];

/// MISMATCHED_ACTION_FOR_PRINCIPAL: an AssumeRole action, named in full, that no principal of the statement can
/// use: `sts:AssumeRole` for a Federated provider, `sts:AssumeRoleWithSAML` for anything but a SAML provider,
/// `sts:AssumeRoleWithWebIdentity` for anything but an OIDC or web identity provider. When every principal is of
/// one kind, the fix names that kind's action.
fn mismatched_actions(cx: &mut Cx<'_, '_>, st: &Statement) {
    let (Some(principals), Some(actions)) = (&st.principal, &st.action) else {
        return;
    };
    if !allows(st) || principals.negated || actions.negated || principals.items.is_empty() {
        return;
    }
    let Some(callers) = principals
        .items
        .iter()
        .map(caller)
        .collect::<Option<Vec<Caller>>>()
    else {
        return;
    };
    for p in &actions.patterns {
        let Some((name, wants)) = ASSUME
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(&p.raw))
            .copied()
        else {
            continue;
        };
        if callers.contains(&wants) {
            continue;
        }
        let names: Vec<String> = principals
            .items
            .iter()
            .map(|i| format!("`{}`", i.raw))
            .collect();
        let message = format!(
            "`{name}` cannot be used by {}: a SAML provider assumes a role with `sts:AssumeRoleWithSAML`, an OIDC \
             or web identity provider (Federated) with `sts:AssumeRoleWithWebIdentity`, and AWS accounts, IAM \
             identities and services with `sts:AssumeRole`",
            names.join(", ")
        );
        let one_kind = callers.first().filter(|c| callers.iter().all(|d| d == *c));
        let fixed = one_kind.and_then(|c| ASSUME.iter().find(|(_, k)| k == c).map(|(a, _)| *a));
        match fixed {
            Some(fixed) => cx.report_fix(
                "MISMATCHED_ACTION_FOR_PRINCIPAL",
                p.span,
                message,
                Some(st.index),
                (format!("use `{fixed}`"), p.span, quoted(fixed)),
            ),
            None => cx.report(
                "MISMATCHED_ACTION_FOR_PRINCIPAL",
                p.span,
                message,
                Some(st.index),
            ),
        }
    }
}

/// The actions the IAM Roles Anywhere service principal needs to assume a role.
const ROLES_ANYWHERE: &[&str] = &["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];

/// MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY: a statement that trusts `rolesanywhere.amazonaws.com` without
/// allowing each of [`ROLES_ANYWHERE`]. The fix adds the missing ones to `Action`.
fn roles_anywhere(cx: &mut Cx<'_, '_>, st: &Statement, node: &Node<'_>) {
    let (Some(principals), Some(actions)) = (&st.principal, &st.action) else {
        return;
    };
    if !allows(st) || principals.negated || actions.negated {
        return;
    }
    let trusts = principals.items.iter().any(|i| {
        matches!(&i.entry, PrincipalEntry::Service { name } if name.eq_ignore_ascii_case("rolesanywhere.amazonaws.com"))
    });
    if !trusts {
        return;
    }
    let missing: Vec<&str> = ROLES_ANYWHERE
        .iter()
        .copied()
        .filter(|a| {
            let lower = a.to_ascii_lowercase();
            !actions
                .patterns
                .iter()
                .any(|p| p.pattern.matches(a) || p.pattern.matches(&lower))
        })
        .collect();
    if missing.is_empty() {
        return;
    }
    let list: Vec<String> = missing.iter().map(|a| format!("`{a}`")).collect();
    let message = format!(
        "IAM Roles Anywhere needs `sts:AssumeRole`, `sts:SetSourceIdentity` and `sts:TagSession` to assume the \
         role; add {}",
        list.join(", ")
    );
    let added: Vec<String> = missing.iter().map(|a| quoted(a)).collect();
    let fix = node.get("Action").and_then(|value| match &value.kind {
        NodeKind::Array(items) => items.last().map(|last| {
            (
                Span::new(last.span.end, last.span.end),
                format!(", {}", added.join(", ")),
            )
        }),
        NodeKind::String(_) => cx
            .text
            .get(value.span.start..value.span.end)
            .map(|old| (value.span, format!("[{old}, {}]", added.join(", ")))),
        _ => None,
    });
    match fix {
        Some((span, replacement)) => cx.report_fix(
            "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
            actions.span,
            message,
            Some(st.index),
            ("add the missing actions".to_string(), span, replacement),
        ),
        None => cx.report(
            "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY",
            actions.span,
            message,
            Some(st.index),
        ),
    }
}

/// Whether `name` is a domain name: labels of lower-case letters, digits and hyphens, at least two of them.
fn domain_name(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// Whether `name` is the ARN of an IAM SAML or OIDC provider (`arn:aws:iam::123456789012:saml-provider/Name`).
fn provider_arn(name: &str) -> bool {
    let parts: Vec<&str> = name.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return false;
    };
    let provider = resource
        .strip_prefix("saml-provider/")
        .or_else(|| resource.strip_prefix("oidc-provider/"))
        .unwrap_or("");
    *arn == "arn"
        && partition.starts_with("aws")
        && *service == "iam"
        && region.is_empty()
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && !provider.is_empty()
}

/// INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: a Federated principal that is neither a domain name
/// (`cognito-identity.amazonaws.com`, `accounts.google.com`) nor the ARN of an IAM SAML or OIDC provider.
fn federated_syntax(cx: &mut Cx<'_, '_>, st: &Statement) {
    let Some(principals) = &st.principal else {
        return;
    };
    for item in &principals.items {
        let PrincipalEntry::Federated { name } = &item.entry else {
            continue;
        };
        if domain_name(name) || provider_arn(name) {
            continue;
        }
        cx.report(
            "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY",
            item.span,
            format!(
                "`{name}` is no federated principal: name the identity provider by its domain (such as \
                 `cognito-identity.amazonaws.com`) or by the ARN of its IAM SAML or OIDC provider \
                 (`arn:aws:iam::ACCOUNT:saml-provider/NAME`)"
            ),
            Some(st.index),
        );
    }
}

/// FEDERATED_PRINCIPAL_NOT_SUPPORTED: a Federated principal in a resource-based policy, where only role trust
/// policies accept identity providers.
fn federated_in_resource_policy(cx: &mut Cx<'_, '_>) {
    let statements: Vec<&Statement> = cx.policy.statements.iter().collect();
    for st in statements {
        let Some(principals) = &st.principal else {
            continue;
        };
        for item in &principals.items {
            if matches!(item.entry, PrincipalEntry::Federated { .. }) {
                cx.report(
                    "FEDERATED_PRINCIPAL_NOT_SUPPORTED",
                    item.span,
                    format!(
                        "`{}`: resource-based policies other than role trust policies do not support a federated \
                         identity provider as principal; name an AWS principal",
                        item.raw
                    ),
                    Some(st.index),
                );
            }
        }
    }
}

/// RCP_SYNTAX_ERROR_PRINCIPAL and RCP_SYNTAX_ERROR_NOTACTION: a resource control policy names every principal
/// (`"*"`) in `Principal`, and lists actions with `Action`.
fn rcp_elements(cx: &mut Cx<'_, '_>, st: &Statement, node: &Node<'_>) {
    const PRINCIPAL: &str = "RCPs only support `\"Principal\": \"*\"` (every principal) and do not support \
                             `NotPrincipal`; narrow the principals with conditions such as `aws:PrincipalOrgID`";
    if let Some(m) = member(node, "NotPrincipal") {
        cx.report(
            "RCP_SYNTAX_ERROR_PRINCIPAL",
            m.name_span,
            PRINCIPAL.to_string(),
            Some(st.index),
        );
    } else if let Some(m) = member(node, "Principal") {
        let everyone = match &m.value.kind {
            NodeKind::String(s) => s == "*",
            _ => false,
        };
        if !everyone {
            cx.report_fix(
                "RCP_SYNTAX_ERROR_PRINCIPAL",
                m.value.span,
                PRINCIPAL.to_string(),
                Some(st.index),
                ("use `\"*\"`".to_string(), m.value.span, "\"*\"".to_string()),
            );
        }
    }
    if let Some(m) = member(node, "NotAction") {
        cx.report(
            "RCP_SYNTAX_ERROR_NOTACTION",
            m.name_span,
            "RCPs do not support `NotAction`: list the actions with `Action`".to_string(),
            Some(st.index),
        );
    }
}

/// SCP_SYNTAX_ERROR_ACTION_WILDCARD: an SCP action (in `Action` or `NotAction`) with a `*` before its end, which
/// AWS Organizations does not accept (`iam:Get*` is accepted, `iam:*role` is not).
fn scp_action_wildcards(cx: &mut Cx<'_, '_>) {
    let statements: Vec<&Statement> = cx.policy.statements.iter().collect();
    for st in statements {
        let Some(actions) = &st.action else {
            continue;
        };
        for p in &actions.patterns {
            let inner = p.raw.strip_suffix('*').unwrap_or(&p.raw);
            if p.raw == "*" || !inner.contains('*') {
                continue;
            }
            cx.report(
                "SCP_SYNTAX_ERROR_ACTION_WILDCARD",
                p.span,
                format!(
                    "`{}`: SCP actions can have a wildcard (`*`) only at the end, such as `iam:Get*`; list the \
                     actions one by one",
                    p.raw
                ),
                Some(st.index),
            );
        }
    }
}

/// A condition key's operator as written, its member (its name and name span) and its string values with their
/// spans.
type KeyValues<'n, 't> = (&'n str, &'n Member<'t>, Vec<(&'n str, Span)>);

/// Every `operator: { key: values }` of a statement's Condition block as written.
fn condition_keys<'n, 't>(node: &'n Node<'t>) -> Vec<KeyValues<'n, 't>> {
    let mut out = Vec::new();
    let Some(ops) = node.get("Condition").and_then(Node::as_object) else {
        return out;
    };
    for op in ops {
        let Some(keys) = op.value.as_object() else {
            continue;
        };
        for key in keys {
            let values = match &key.value.kind {
                NodeKind::String(v) => vec![(v.as_ref(), key.value.span)],
                NodeKind::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(|v| (v, i.span)))
                    .collect(),
                _ => Vec::new(),
            };
            out.push((op.name.as_ref(), key, values));
        }
    }
    out
}

/// The host whose claims an OIDC or web identity provider's condition keys are named after: the part after
/// `oidc-provider/` of an IAM OIDC provider ARN, or the domain name itself.
fn oidc_host(name: &str) -> Option<&str> {
    if let Some((_, host)) = name.split_once(":oidc-provider/") {
        return (!host.is_empty()).then_some(host);
    }
    domain_name(name).then_some(name)
}

const GITHUB: &str = "token.actions.githubusercontent.com";

/// MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL, MISSING_GITHUB_REPO_CONDITION_KEY and
/// SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: an Allow that trusts an OIDC or web identity provider without a
/// condition on its claims (keys named `host:claim`); for GitHub, without `token.actions.githubusercontent.com:sub`
/// (reported instead of the general finding), or with a wildcard in it where no
/// `token.actions.githubusercontent.com:ref` condition names the branch.
fn oidc_conditions(cx: &mut Cx<'_, '_>, st: &Statement, node: &Node<'_>) {
    let Some(principals) = &st.principal else {
        return;
    };
    if !allows(st) || principals.negated {
        return;
    }
    let keys = condition_keys(node);
    let has_key = |want: &str| {
        keys.iter().any(|(_, k, _)| {
            k.name.len() >= want.len()
                && k.name
                    .get(..want.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(want))
        })
    };
    for item in &principals.items {
        let PrincipalEntry::Federated { name } = &item.entry else {
            continue;
        };
        let Some(host) = oidc_host(name) else {
            continue;
        };
        if host.eq_ignore_ascii_case(GITHUB) {
            if !has_key(&format!("{GITHUB}:sub")) {
                cx.report(
                    "MISSING_GITHUB_REPO_CONDITION_KEY",
                    item.span,
                    format!(
                        "any GitHub Actions workflow, in any organization or repository, can assume this role: add a \
                         `{GITHUB}:sub` condition that names the repository and branch \
                         (`repo:ORG/REPO:ref:refs/heads/BRANCH`)"
                    ),
                    Some(st.index),
                );
            }
        } else if !has_key(&format!("{host}:")) {
            cx.report(
                "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL",
                item.span,
                format!(
                    "no condition on the claims of `{host}` (keys `{host}:…`, such as `{host}:aud`): any identity \
                     that provider issues tokens for can assume this role"
                ),
                Some(st.index),
            );
        }
    }
    let trusts_github = principals.items.iter().any(|i| {
        matches!(&i.entry, PrincipalEntry::Federated { name } if oidc_host(name).is_some_and(|h| h.eq_ignore_ascii_case(GITHUB)))
    });
    if !trusts_github {
        return;
    }
    let branch_elsewhere = has_key(&format!("{GITHUB}:ref"));
    let sub = format!("{GITHUB}:sub");
    for (_, key, values) in &keys {
        if !key.name.eq_ignore_ascii_case(&sub) {
            continue;
        }
        for (v, span) in values {
            let Some(star) = v.find('*') else {
                continue;
            };
            // `repo:ORG/REPO:` and what follows: a wildcard after the repository is fine when `:ref` names the branch.
            let repo_end = v
                .strip_prefix("repo:")
                .and_then(|rest| rest.find(':'))
                .map(|i| i + "repo:".len());
            if branch_elsewhere && repo_end.is_some_and(|end| star > end) {
                continue;
            }
            cx.report(
                "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED",
                *span,
                format!(
                    "`{v}`: a wildcard in `{sub}` lets more workflows assume the role than you may mean; name the \
                     repository and branch, or the branch in a `{GITHUB}:ref` condition"
                ),
                Some(st.index),
            );
        }
    }
}

/// The keys that name the source of a request a service makes on a customer's behalf.
const SOURCE_KEYS: &[&str] = &[
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: an Allow in a resource-based policy for a service principal with no
/// condition on [`SOURCE_KEYS`], which leaves the confused deputy problem open.
fn service_principal_source(cx: &mut Cx<'_, '_>) {
    let statements: Vec<&Statement> = cx.policy.statements.iter().collect();
    for st in statements {
        let Some(principals) = &st.principal else {
            continue;
        };
        if !allows(st) || principals.negated || trust_statement(st) {
            continue;
        }
        let sourced = st
            .conditions
            .iter()
            .any(|c| SOURCE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&c.key)));
        if sourced {
            continue;
        }
        for item in &principals.items {
            if !matches!(item.entry, PrincipalEntry::Service { .. }) {
                continue;
            }
            cx.report(
                "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL",
                item.span,
                format!(
                    "`{}` may act here for any AWS account: add a condition on `aws:SourceArn`, \
                     `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths` to name the resource, account or \
                     organization it acts for",
                    item.raw
                ),
                Some(st.index),
            );
        }
    }
}

/// Whether a statement is a role's trust statement: its actions are all `sts:` role-assumption actions (a trust
/// policy kept beside resource policies, as in a scenario's resource slot). A service principal allowed to assume a
/// role is no confused deputy of a resource: the IAM User Guide's own EC2 trust policy names `ec2.amazonaws.com`
/// with no condition.
fn trust_statement(st: &Statement) -> bool {
    st.action.as_ref().is_some_and(|block| {
        !block.negated
            && !block.patterns.is_empty()
            && block.patterns.iter().all(|p| {
                let a = p.raw.to_ascii_lowercase();
                a.starts_with("sts:assumerole")
                    || a == "sts:tagsession"
                    || a == "sts:setsourceidentity"
            })
    })
}

/// Keys of the principal's properties that an RCP condition may test.
const PRINCIPAL_KEYS: &[&str] = &[
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
];

fn principal_key(key: &str) -> bool {
    PRINCIPAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
        || key
            .get(.."aws:PrincipalTag/".len())
            .is_some_and(|p| p.eq_ignore_ascii_case("aws:PrincipalTag/"))
}

/// RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY, RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY and
/// RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK: an RCP reaches IAM principals and AWS services alike, so a
/// condition on the principal's properties goes with `"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}`,
/// and one on the source of a service's request with `"BoolIfExists": {"aws:PrincipalIsAWSService": "true"}` and
/// `"Null": {"aws:SourceAccount": "false"}` (or `aws:SourceArn`).
fn rcp_related_keys(cx: &mut Cx<'_, '_>, st: &Statement, node: &Node<'_>) {
    let is_service = |want: &str| {
        st.conditions.iter().any(|c| {
            c.key.eq_ignore_ascii_case("aws:PrincipalIsAWSService")
                && c.operator.base == iam_engine::condition::BaseOp::Bool
                && c.raw_values.iter().all(|v| v.eq_ignore_ascii_case(want))
                && !c.raw_values.is_empty()
        })
    };
    let null_checked = st.conditions.iter().any(|c| {
        c.operator.base == iam_engine::condition::BaseOp::Null
            && (c.key.eq_ignore_ascii_case("aws:SourceAccount")
                || c.key.eq_ignore_ascii_case("aws:SourceArn"))
            && !c.raw_values.is_empty()
            && c.raw_values.iter().all(|v| v.eq_ignore_ascii_case("false"))
    });
    let (not_service, service) = (is_service("false"), is_service("true"));
    for (op, key, _) in condition_keys(node) {
        let name = key.name.as_ref();
        // `Null` tests whether the key is there (`"Null": {"aws:SourceAccount": "false"}` is one of the guards).
        if op.eq_ignore_ascii_case("Null") {
            continue;
        }
        if principal_key(name) && !not_service {
            cx.report(
                "RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY",
                key.name_span,
                format!(
                    "RCPs reach AWS services acting for you too, which `{name}` does not describe: add \
                     `\"BoolIfExists\": {{\"aws:PrincipalIsAWSService\": \"false\"}}` to the condition"
                ),
                Some(st.index),
            );
        }
        if SOURCE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            if !service {
                cx.report(
                    "RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY",
                    key.name_span,
                    format!(
                        "RCPs reach your own principals too, whose requests have no `{name}`: add \
                         `\"BoolIfExists\": {{\"aws:PrincipalIsAWSService\": \"true\"}}` to the condition"
                    ),
                    Some(st.index),
                );
            }
            if !null_checked {
                cx.report(
                    "RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK",
                    key.name_span,
                    format!(
                        "some service integrations make requests without `{name}`: add \
                         `\"Null\": {{\"aws:SourceAccount\": \"false\"}}` (or `aws:SourceArn`) to the condition"
                    ),
                    Some(st.index),
                );
            }
        }
    }
}

/// RCP_SYNTAX_ERROR_ACTION: an RCP action of a service RCPs do not apply to (the Organizations User Guide's list of
/// AWS services that support RCPs, [`iam_engine::eval::RCP_SERVICES`]). `*` and service prefixes with a wildcard
/// are left alone.
fn rcp_actions(cx: &mut Cx<'_, '_>, st: &Statement) {
    let Some(actions) = &st.action else {
        return;
    };
    for p in &actions.patterns {
        let Some((prefix, _)) = p.raw.split_once(':') else {
            continue;
        };
        if prefix.contains(['*', '?'])
            || iam_engine::eval::RCP_SERVICES
                .iter()
                .any(|s| s.eq_ignore_ascii_case(prefix))
        {
            continue;
        }
        cx.report(
            "RCP_SYNTAX_ERROR_ACTION",
            p.span,
            format!(
                "`{}`: RCPs apply only to the actions of {}; `{prefix}` is not among them",
                p.raw,
                iam_engine::eval::RCP_SERVICES
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some(st.index),
        );
    }
}

/// The account and role name of an assumed-role session ARN (`arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION`),
/// or of a role ARN (`arn:aws:iam::ACCOUNT:role/PATH/NAME`), with which kind it is.
fn role_of(arn: &str) -> Option<(bool, &str, &str)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, service, _, account, resource] = parts.as_slice() else {
        return None;
    };
    if *service == "sts" {
        let rest = resource.strip_prefix("assumed-role/")?;
        let (name, _) = rest.split_once('/')?;
        return Some((true, account, name));
    }
    if *service == "iam" {
        let rest = resource.strip_prefix("role/")?;
        return Some((false, account, rest.rsplit('/').next().unwrap_or(rest)));
    }
    None
}

/// REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: an assumed-role session listed with the role it is a session of; the
/// role already covers it. The fix removes the session from the `AWS` list.
fn redundant_sessions(cx: &mut Cx<'_, '_>, st: &Statement, node: &Node<'_>) {
    let Some(principals) = &st.principal else {
        return;
    };
    if principals.negated {
        return;
    }
    let roles: Vec<(&str, &str)> = principals
        .items
        .iter()
        .filter_map(|i| match &i.entry {
            PrincipalEntry::Arn { arn } => role_of(arn),
            _ => None,
        })
        .filter(|(session, _, _)| !session)
        .map(|(_, account, name)| (account, name))
        .collect();
    let list = node
        .get("Principal")
        .and_then(|p| p.get("AWS"))
        .and_then(|a| match &a.kind {
            NodeKind::Array(items) => Some(items.as_slice()),
            _ => None,
        });
    for item in &principals.items {
        let PrincipalEntry::Arn { arn } = &item.entry else {
            continue;
        };
        let Some((true, account, name)) = role_of(arn) else {
            continue;
        };
        if !roles.contains(&(account, name)) {
            continue;
        }
        let message = format!(
            "`{arn}` is a session of the role `{name}`, which the statement already names: remove the session"
        );
        let removal = list.and_then(|items| {
            let i = items.iter().position(|n| n.span == item.span)?;
            super::removal_span(cx.text, items, i)
        });
        match removal {
            Some(span) => cx.report_fix(
                "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
                item.span,
                message,
                Some(st.index),
                ("remove the session".to_string(), span, String::new()),
            ),
            None => cx.report(
                "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY",
                item.span,
                message,
                Some(st.index),
            ),
        }
    }
}

/// Whether the statement's principal is the bare string `"*"` (not `{"AWS": "*"}`).
pub(super) fn bare_everyone(st: &Statement) -> bool {
    st.principal.as_ref().is_some_and(|p| {
        !p.negated
            && p.items.len() == 1
            && p.items
                .iter()
                .all(|i| i.entry == PrincipalEntry::Everyone && i.span == p.span)
    })
}

/// ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: `"Principal": "*"` in a role trust policy, which Access
/// Analyzer's policy check reference says the Principal element of a role trust policy does not support.
fn trust_wildcard(cx: &mut Cx<'_, '_>, st: &Statement) {
    if !bare_everyone(st) {
        return;
    }
    let Some(p) = &st.principal else {
        return;
    };
    cx.report(
        "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        p.span,
        "`\"Principal\": \"*\"` is not supported in a role trust policy: name the accounts, roles, services or \
         identity providers that may assume the role"
            .to_string(),
        Some(st.index),
    );
}
