//! Step 4 of the analysis: the other actions the call needs. Those its parameters make certain (iam:PassRole
//! for a passed role, with `iam:PassedToService`; ec2:CreateTags when an EC2 create call tags; ssm:GetParameters
//! for an AMI given as a parameter; KMS for SSE-KMS) decide the real answer with the context the service
//! supplies; the reference's other dependent actions are listed as conditional.

use crate::analysis::{Call, Finding};
use crate::answer::{DivergenceKind, KeyChange};
use crate::arn::{self, Names};
use crate::rules::{self, Param};
use crate::targets::Target;

/// A dependent action of the call.
#[derive(Debug, Clone)]
pub struct Dependent {
    pub action: String,
    pub resource: String,
    /// Keys the service supplies for it, set on top of the call's context.
    pub context: Vec<KeyChange>,
    pub certain: bool,
    pub reason: String,
}

/// The parameter that would make a listed dependent action certain, for the "if the call passes …" text.
fn hint(dependent: &str) -> Option<&'static str> {
    let d = dependent.to_ascii_lowercase();
    if d == "iam:passrole" {
        Some("passes a role (`role`, or `instanceProfile` for EC2)")
    } else if d == "ssm:getparameters" {
        Some("gives the AMI as a Systems Manager parameter (`imageFromSsmParameter`)")
    } else if d == "ec2:createtags" {
        Some("applies tags (`tags`)")
    } else if d.starts_with("kms:") {
        Some("uses a KMS key (`kmsKey`)")
    } else {
        None
    }
}

fn fill(
    call: &Call<'_>,
    template: &str,
    value: Option<&str>,
    extra: &[(&'static str, String)],
) -> String {
    fill_checked(call, template, value, extra).0
}

/// [`fill`], and whether every name of the template was known.
fn fill_checked(
    call: &Call<'_>,
    template: &str,
    value: Option<&str>,
    extra: &[(&'static str, String)],
) -> (String, bool) {
    arn::fill(
        template,
        &Names {
            partition: &call.partition,
            region: &call.region,
            account: &call.account,
            values: extra,
            value,
        },
    )
}

pub fn resolve(call: &Call<'_>, targets: &[Target], findings: &mut Vec<Finding>) -> Vec<Dependent> {
    let mut out: Vec<Dependent> = Vec::new();
    from_parameters(call, &mut out);
    named_by_user(call, &mut out);
    tag_on_create(call, targets, &mut out);
    listed_by_reference(call, &mut out);
    if let Some(f) = summary(&out) {
        findings.push(f);
    }
    out
}

/// Adds `d` unless the same action on the same resource is there.
fn push(out: &mut Vec<Dependent>, d: Dependent) {
    if !out
        .iter()
        .any(|o| o.action.eq_ignore_ascii_case(&d.action) && o.resource == d.resource)
    {
        out.push(d);
    }
}

/// Dependent actions the call's parameters make certain (a passed role, an SSM parameter, a KMS key).
fn from_parameters(call: &Call<'_>, out: &mut Vec<Dependent>) {
    let p = &call.opts.call;
    let passed_role = p.role.clone().or_else(|| {
        call.opts
            .dependent_resources
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case("iam:PassRole"))
            .map(|(_, r)| r.clone())
    });
    let mut role_noted = false;
    for rule in rules::CALL_DEPENDENCIES {
        if !rule
            .actions
            .iter()
            .any(|a| rules::glob(a, &call.action_name, true))
        {
            continue;
        }
        let value = match rule.param {
            Param::Role => p.role.clone(),
            Param::InstanceProfile => p.instance_profile.clone(),
            Param::ImageFromSsmParameter => p.image_from_ssm_parameter.clone(),
            Param::KmsKey => p.kms_key.clone(),
            Param::LaunchTemplate => p.launch_template.clone(),
            Param::Always => Some(String::new()),
            Param::RequestKey(key) => call
                .literal
                .context
                .lookup(key)
                .and_then(|v| v.values.first().cloned()),
            _ => None,
        };
        let Some(value) = value else { continue };
        // A role already passed by an earlier row (an EC2 instance profile's role) is the same PassRole: the
        // parameter is still reported.
        if rule.param == Param::Role {
            if let Some(d) = out
                .iter()
                .find(|d| d.action.eq_ignore_ascii_case("iam:PassRole"))
            {
                if !role_noted {
                    call.note_param(
                        rule.param.name(),
                        &value,
                        &format!("needs {} on `{}`", rule.dependent, d.resource),
                    );
                    role_noted = true;
                }
                continue;
            }
        }
        let role = passed_role
            .clone()
            .unwrap_or_else(|| format!("arn:{}:iam::{}:role/*", call.partition, call.account));
        // A resource the user names for a dependent the call always needs is the one it uses (the deployment
        // configuration of a CodeDeploy deployment); an ARN given for `${Value}` is the resource itself (a launch
        // template named by its ARN).
        let named = (rule.param == Param::Always)
            .then(|| {
                call.opts
                    .dependent_resources
                    .iter()
                    .find(|(a, _)| a.eq_ignore_ascii_case(rule.dependent))
                    .map(|(_, r)| r.clone())
            })
            .flatten();
        let resource = if let Some(named) = named {
            named
        } else if value.starts_with("arn:") && rule.resource.contains("${Value}") {
            value.clone()
        } else if rule.resource == "${Resource}" {
            // The call's own resource (the role a source identity is set for).
            call.literal.resource.clone()
        } else {
            let mut names = vec![("Role", role.clone())];
            if rule.param == Param::Always {
                names.extend(names_of_call_resource(call));
            }
            let (arn, complete) = fill_checked(call, rule.resource, Some(&value), &names);
            // A resource named from the call's ARN needs that ARN to be of the call's type (a topic's cluster).
            if rule.param == Param::Always && !complete {
                continue;
            }
            arn
        };
        let to_service = rules::pass_role_principal(&call.action_name, call.prefix);
        let context = rule
            .context
            .iter()
            .map(|(k, v)| KeyChange {
                key: (*k).to_string(),
                values: vec![v
                    .replace("${PassedToService}", &to_service)
                    .replace("${Partition}", &call.partition)
                    .replace("${Region}", &call.region)
                    .replace("${Account}", &call.account)
                    .replace("${Resource}", &call.literal.resource)],
                reason: "the service supplies it for the dependent request".to_string(),
            })
            .collect();
        if rule.param == Param::Role {
            role_noted = true;
        }
        if rule.param != Param::Always {
            call.note_param(
                rule.param.name(),
                &value,
                &format!("needs {} on `{resource}`", rule.dependent),
            );
        }
        let reason = if rule.param == Param::Always {
            format!("the call always needs it: {}", rule.source)
        } else {
            format!("the call passes `{}`: {}", rule.param.name(), rule.source)
        };
        push(
            out,
            Dependent {
                action: rule.dependent.to_string(),
                resource,
                context,
                certain: true,
                reason,
            },
        );
    }
}

/// The resource's own names read from the call's ARN (`ClusterName` and `ClusterUuid` of an MSK topic), for a
/// rule whose dependent resource is another resource of the same parent (the MSK cluster a topic is in).
fn names_of_call_resource(call: &Call<'_>) -> Vec<(&'static str, String)> {
    arn::action_fits(call.action, &call.literal.resource)
        .into_iter()
        .next()
        .map(|fit| {
            fit.values
                .into_iter()
                .filter(|(name, _)| arn::generic(name).is_none())
                .collect()
        })
        .unwrap_or_default()
}

/// A dependent resource the user names says the call needs that action on it.
fn named_by_user(call: &Call<'_>, out: &mut Vec<Dependent>) {
    for (dep, resource) in &call.opts.dependent_resources {
        if out.iter().any(|d| d.action.eq_ignore_ascii_case(dep)) {
            continue;
        }
        // A passing action (a role, a connection) carries the service it passes to.
        let context = rules::PASSED_TO_SERVICE_KEYS
            .iter()
            .filter(|r| dep.eq_ignore_ascii_case(r.dependent))
            .map(|r| KeyChange {
                key: r.key.to_string(),
                values: vec![rules::pass_role_principal(&call.action_name, call.prefix)],
                reason: r.source.to_string(),
            })
            .collect();
        push(
            out,
            Dependent {
                action: dep.clone(),
                resource: resource.clone(),
                context,
                certain: true,
                reason: "`realApi.dependentResources` names the resource the call uses it on"
                    .to_string(),
            },
        );
    }
}

/// Tags on create: the service's tagging action on each resource the call creates. The call tags when it passes
/// `tags`, or when the typed context carries the tags it applies.
fn tag_on_create(call: &Call<'_>, targets: &[Target], out: &mut Vec<Dependent>) {
    let p = &call.opts.call;
    // A service with its own tag keys (S3's s3:RequestObjectTag/…) never sees aws:RequestTag/… from the call.
    let service_tags = crate::keys::service_tag_keys(call);
    let tags_in_context = call
        .literal
        .context
        .entries()
        .iter()
        .any(|v| match service_tags {
            Some(r) => crate::keys::key_is(r.tag, &v.key) || v.key.eq_ignore_ascii_case(r.tag_keys),
            None => {
                let k = v.key.to_ascii_lowercase();
                k.starts_with("aws:requesttag/") || k == "aws:tagkeys"
            }
        });
    if !p.tags.is_empty() || tags_in_context {
        if let Some(rule) = rules::TAG_ON_CREATE
            .iter()
            .find(|r| call.rule_holds(r.service, r.actions))
        {
            let takes_tags = crate::keys::takes_tags(call);
            if takes_tags && !call.action_name.eq_ignore_ascii_case(rule.tag_action) {
                let created: Vec<&Target> = targets.iter().filter(|t| creates(call, t)).collect();
                let created = if created.is_empty() {
                    targets.iter().take(1).collect()
                } else {
                    created
                };
                for t in created {
                    let resource = match rule.tagged_type {
                        Some(ty) => tagged_arn(call, rule.tag_action, ty, t),
                        None => created_arn(call, rule.tag_action, t),
                    };
                    push(
                        out,
                        Dependent {
                            action: rule.tag_action.to_string(),
                            resource,
                            context: rule
                                .create_action_key
                                .map(|k| KeyChange {
                                    key: k.to_string(),
                                    values: vec![call.action.name().to_string()],
                                    reason: "the service names the creating action".to_string(),
                                })
                                .into_iter()
                                .collect(),
                            certain: true,
                            reason: format!(
                                "the call tags the {} it creates: {}",
                                rule.tagged_type.unwrap_or(t.type_name.as_str()),
                                rule.source
                            ),
                        },
                    );
                }
            }
        }
    }
}

/// The reference's dependent actions not already decided: needed only for some parameters.
fn listed_by_reference(call: &Call<'_>, out: &mut Vec<Dependent>) {
    for dep in call.action.dependent_actions() {
        let name = dep.name().to_string();
        if out.iter().any(|d| d.action.eq_ignore_ascii_case(&name)) {
            continue;
        }
        let resource = call
            .opts
            .dependent_resources
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(&name))
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| "*".to_string());
        out.push(Dependent {
            reason: match hint(&name) {
                Some(h) => format!("needed only if the call {h}"),
                None => {
                    "the reference lists it: needed for some parameters of the call".to_string()
                }
            },
            action: name,
            resource,
            context: Vec::new(),
            certain: false,
        });
    }
}

/// One finding for all of them: the certain ones grouped by action, then the conditional ones.
fn summary(out: &[Dependent]) -> Option<Finding> {
    // Only dependencies the call certainly has make a finding; the conditional ones are listed in the answer.
    if !out.iter().any(|d| d.certain) {
        return None;
    }
    // Certain ones grouped by action, each rule's source said once; then the conditional ones.
    let mut parts: Vec<String> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for d in out.iter().filter(|d| d.certain) {
        if seen.contains(&d.action.as_str()) {
            continue;
        }
        seen.push(&d.action);
        let on: Vec<String> = out
            .iter()
            .filter(|o| o.certain && o.action == d.action)
            .map(|o| format!("`{}`", o.resource))
            .collect();
        let why = d
            .reason
            .split_once(": ")
            .map(|(_, w)| w)
            .unwrap_or(&d.reason);
        parts.push(format!("{} on {} ({why})", d.action, on.join(", ")));
    }
    let maybe: Vec<String> = out
        .iter()
        .filter(|d| !d.certain)
        .map(|d| format!("{} — {}", d.action, d.reason))
        .collect();
    let mut text = String::new();
    if !parts.is_empty() {
        text = format!("the call also needs: {}", parts.join("; "));
    }
    if !maybe.is_empty() {
        if !text.is_empty() {
            text.push_str(". ");
        }
        text.push_str(&format!("It may also need: {}", maybe.join("; ")));
    }
    Some(Finding::new(DivergenceKind::DependentAction, text))
}

/// The resource a tag-on-create check names: the created resource's ARN, or — when the creating call names no
/// resource (`kms:CreateKey` is authorized against `*`) — the tagging action's resource type with `*` for the
/// names the new resource will get (`arn:aws:kms:us-east-1:111122223333:key/*`).
fn created_arn(call: &Call<'_>, tag_action: &str, t: &Target) -> String {
    // A typed ARN of the resource being created (`elasticfilesystem:CreateFileSystem` on a file-system ARN) is
    // that resource's ARN even when the action lists no resource types.
    if t.resource_type.is_some() || t.type_name != "*" {
        return t.arn.clone();
    }
    // The type the service documents the call as creating, else the tagging action's first resource type.
    let created = rules::AUTHORIZED_ON_CREATED
        .iter()
        .find(|r| r.action.eq_ignore_ascii_case(&call.action_name))
        .map(|r| r.resource_type);
    let template = iam_reference::action(tag_action)
        .and_then(|a| {
            a.resource_types()
                .find(|r| created.is_some_and(|c| r.resource_type().name() == c))
                .or_else(|| a.resource_types().next())
        })
        .and_then(|r| r.resource_type().arn_templates().next());
    match template {
        Some(tpl) => fill(call, tpl, None, &[]),
        None => t.arn.clone(),
    }
}

/// The ARN of the resource of type `ty` the call's tags go to (the consumer a stream's RegisterStreamConsumer
/// registers): the tagging action's template for that type, named from the call's ARN where the two share names,
/// `*` for the names the call does not know yet.
fn tagged_arn(call: &Call<'_>, tag_action: &str, ty: &str, t: &Target) -> String {
    let template = iam_reference::action(tag_action)
        .and_then(|a| {
            a.resource_types()
                .find(|r| r.resource_type().name().eq_ignore_ascii_case(ty))
        })
        .and_then(|r| r.resource_type().arn_templates().next());
    match template {
        Some(tpl) => fill(call, tpl, None, &names_of_call_resource(call)),
        None => t.arn.clone(),
    }
}

/// Whether the call creates the target and tags it: its row takes tags on create, and the call's tags reach it.
fn creates(call: &Call<'_>, t: &Target) -> bool {
    let untagged = rules::NOT_TAGGED_ON_CREATE.iter().any(|r| {
        r.action.eq_ignore_ascii_case(&call.action_name)
            && t.type_name.eq_ignore_ascii_case(r.resource_type)
    });
    !untagged
        && t.resource_type
            .and_then(|rt| call.action.row_for(rt))
            .is_some_and(|row| row.condition_keys().any(crate::keys::is_request_tag))
}
