//! PRIVILEGE_ESCALATION: an identity-based policy that allows, on every resource and without conditions, the
//! actions of a known way for a principal to raise its own permissions.
//!
//! The methods and their actions are Rhino Security Labs' published list, "AWS IAM Privilege Escalation – Methods
//! and Mitigation" (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/, and the
//! repository RhinoSecurityLabs/AWS-IAM-Privilege-Escalation, methods 1–21), each with the permissions it
//! requires ("possibly" permissions left out).

use super::{allows, Cx};
use iam_engine::pattern::{split_arn, Pattern};
use iam_engine::Span;

/// One method: its number and name in the list, and every action it needs.
struct Method {
    number: u8,
    name: &'static str,
    actions: &'static [&'static str],
}

const METHODS: &[Method] = &[
    Method {
        number: 1,
        name: "create a new policy version",
        actions: &["iam:CreatePolicyVersion"],
    },
    Method {
        number: 2,
        name: "set the default policy version",
        actions: &["iam:SetDefaultPolicyVersion"],
    },
    Method {
        number: 3,
        name: "run an EC2 instance with an existing instance profile",
        actions: &["iam:PassRole", "ec2:RunInstances"],
    },
    Method {
        number: 4,
        name: "create an access key for another user",
        actions: &["iam:CreateAccessKey"],
    },
    Method {
        number: 5,
        name: "create a login profile",
        actions: &["iam:CreateLoginProfile"],
    },
    Method {
        number: 6,
        name: "update a login profile",
        actions: &["iam:UpdateLoginProfile"],
    },
    Method {
        number: 7,
        name: "attach a policy to a user",
        actions: &["iam:AttachUserPolicy"],
    },
    Method {
        number: 8,
        name: "attach a policy to a group",
        actions: &["iam:AttachGroupPolicy"],
    },
    Method {
        number: 9,
        name: "attach a policy to a role",
        actions: &["iam:AttachRolePolicy"],
    },
    Method {
        number: 10,
        name: "put an inline policy on a user",
        actions: &["iam:PutUserPolicy"],
    },
    Method {
        number: 11,
        name: "put an inline policy on a group",
        actions: &["iam:PutGroupPolicy"],
    },
    Method {
        number: 12,
        name: "put an inline policy on a role",
        actions: &["iam:PutRolePolicy"],
    },
    Method {
        number: 13,
        name: "add a user to a group",
        actions: &["iam:AddUserToGroup"],
    },
    Method {
        number: 14,
        name: "update a role's trust policy and assume it",
        actions: &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
    },
    Method {
        number: 15,
        name: "pass a role to a new Lambda function and invoke it",
        actions: &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
    },
    Method {
        number: 16,
        name: "pass a role to a new Lambda function and invoke it cross-account",
        actions: &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:AddPermission",
        ],
    },
    Method {
        number: 17,
        name: "pass a role to a new Lambda function triggered by an event source",
        actions: &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
    },
    Method {
        number: 18,
        name: "update an existing Lambda function's code",
        actions: &["lambda:UpdateFunctionCode"],
    },
    Method {
        number: 19,
        name: "pass a role to a Glue development endpoint",
        actions: &["iam:PassRole", "glue:CreateDevEndpoint"],
    },
    Method {
        number: 20,
        name: "update a Glue development endpoint",
        actions: &["glue:UpdateDevEndpoint"],
    },
    Method {
        number: 21,
        name: "pass a role to CloudFormation",
        actions: &["iam:PassRole", "cloudformation:CreateStack"],
    },
];

/// Whether a resource entry is every resource of the action: `*`, or an IAM ARN whose resource part is `*` or
/// `type/*`.
fn everything(raw: &str) -> bool {
    if raw == "*" {
        return true;
    }
    let Some([_, _, service, region, account, resource]) = split_arn(raw) else {
        return false;
    };
    let any = |f: &str| f.is_empty() || f == "*";
    service == "iam"
        && any(region)
        && any(account)
        && (resource == "*"
            || resource
                .split_once('/')
                .is_some_and(|(kind, rest)| !kind.contains('*') && rest == "*"))
}

/// The places in unconditional Allow statements on every resource that grant each action some method needs:
/// action name (lower case) → (span, statement index), the first grant in the policy.
fn grants(cx: &Cx<'_, '_>) -> Vec<(String, Span, usize)> {
    let mut names: Vec<String> = METHODS
        .iter()
        .flat_map(|m| m.actions.iter().map(|a| a.to_ascii_lowercase()))
        .collect();
    names.sort();
    names.dedup();
    let mut out: Vec<(String, Span, usize)> = Vec::new();
    for (st, node) in cx.statements() {
        if !allows(st) || !st.conditions.is_empty() {
            continue;
        }
        let (Some(res), Some(block)) = (st.resource.as_ref(), st.action.as_ref()) else {
            continue;
        };
        if res.negated || !res.patterns.iter().any(|p| everything(&p.raw)) {
            continue;
        }
        let compiled: Vec<(Pattern, Span)> = block
            .patterns
            .iter()
            .map(|p| (Pattern::new(&p.raw.to_ascii_lowercase()), p.span))
            .collect();
        let not_action = super::member(node, "NotAction").map_or(block.span, |m| m.name_span);
        for name in &names {
            if out.iter().any(|(n, _, _)| n == name) {
                continue;
            }
            let hit = compiled
                .iter()
                .find(|(p, _)| p.matches(name))
                .map(|(_, s)| *s);
            let span = match (block.negated, hit) {
                (false, Some(span)) => span,
                (true, None) => not_action,
                _ => continue,
            };
            out.push((name.clone(), span, st.index));
        }
    }
    out
}

pub(super) fn check(cx: &mut Cx<'_, '_>) {
    if !cx.options.policy_type.grants_identity() {
        return;
    }
    let granted = grants(cx);
    let place = |name: &str| {
        let lower = name.to_ascii_lowercase();
        granted
            .iter()
            .find(|(n, _, _)| *n == lower)
            .map(|(_, span, index)| (*span, *index))
    };
    // For each place that grants the first action of a complete method, the methods it completes.
    let mut found: Vec<(Span, usize, Vec<&Method>)> = Vec::new();
    for m in METHODS {
        if !m.actions.iter().all(|a| place(a).is_some()) {
            continue;
        }
        let Some((span, index)) = m.actions.first().and_then(|a| place(a)) else {
            continue;
        };
        match found.iter_mut().find(|(s, _, _)| *s == span) {
            Some((_, _, methods)) => methods.push(m),
            None => found.push((span, index, vec![m])),
        }
    }
    for (span, index, methods) in found {
        let named: Vec<String> = methods
            .iter()
            .take(3)
            .map(|m| format!("#{} {} ({})", m.number, m.name, m.actions.join(" + ")))
            .collect();
        let more = match methods.len() {
            n if n > 3 => format!(", and {} more", n - 3),
            _ => String::new(),
        };
        cx.report(
            "PRIVILEGE_ESCALATION",
            span,
            format!(
                "allowed on every resource without conditions, this lets the principal raise its own permissions \
                 (Rhino Security Labs' privilege-escalation methods {}{more}); scope it to named resources",
                named.join("; ")
            ),
            Some(index),
        );
    }
}
