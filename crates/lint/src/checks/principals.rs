//! Checks of who a resource-based or trust policy lets in: everyone (`"*"`) with no condition that narrows the
//! callers to an account, organization, network or source.

use super::{allows, Cx};
use crate::PolicyType;
use iam_engine::policy::{PrincipalEntry, Statement};

/// Keys that narrow who can make the request (or from where) when the principal is everyone.
const NARROWING: &[&str] = &[
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalServiceName",
    "aws:PrincipalIsAWSService",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpcSourceIp",
    "aws:SourceOwner",
    "aws:userid",
    "aws:username",
    "aws:ResourceAccount",
    "aws:CalledVia",
    "aws:ViaAWSService",
    "kms:CallerAccount",
    "kms:ViaService",
    "sts:ExternalId",
    "lambda:FunctionUrlAuthType",
];

fn narrowed(st: &Statement) -> bool {
    st.conditions.iter().any(|c| {
        NARROWING.iter().any(|k| k.eq_ignore_ascii_case(&c.key))
            // Service keys that name the caller's account or organization.
            || c.key.to_ascii_lowercase().ends_with(":calleraccount")
    })
}

pub(super) fn check(cx: &mut Cx<'_, '_>) {
    let ptype = cx.options.policy_type;
    if !matches!(ptype, PolicyType::Resource | PolicyType::Trust) {
        return;
    }
    let statements: Vec<&Statement> = cx.policy.statements.iter().collect();
    for st in statements {
        let Some(block) = &st.principal else {
            continue;
        };
        if block.negated || !allows(st) {
            continue;
        }
        let Some(everyone) = block
            .items
            .iter()
            .find(|i| i.entry == PrincipalEntry::Everyone)
        else {
            continue;
        };
        if narrowed(st) {
            continue;
        }
        if ptype == PolicyType::Trust {
            if super::kinds::bare_everyone(st) {
                // ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL says it (`kinds.rs`).
                continue;
            }
            cx.report(
                "TRUST_POLICY_ANY_ACCOUNT",
                everyone.span,
                "any principal of any AWS account can assume this role: name the accounts or roles allowed, or \
                 add a condition such as `aws:PrincipalOrgID` or `sts:ExternalId`"
                    .to_string(),
                Some(st.index),
            );
        } else {
            cx.report(
                "PUBLIC_ACCESS",
                everyone.span,
                "`Principal: \"*\"` with `Allow` and no condition on the caller's account, organization, network \
                 or source makes the statement's actions public, anonymous callers included"
                    .to_string(),
                Some(st.index),
            );
        }
    }
}
