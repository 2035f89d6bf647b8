//! Step 2 of the analysis: the resources the real API authorizes for the call — the typed ARN when it is one of
//! the action's resource types (following each service's naming rules), every required resource type (given,
//! derived from the typed ARN, or the template), resources the call's parameters add, and `*` for actions
//! without resource-level permissions.

use crate::analysis::{Call, Finding};
use crate::answer::{DivergenceKind, Fix, ResourceOrigin};
use crate::arn::{self, Fit, Names};
use crate::options::RootDevice;
use crate::rules::{self, Param};
use iam_reference::ResourceType;

/// One resource the real request names.
#[derive(Debug, Clone)]
pub struct Target {
    pub resource_type: Option<ResourceType>,
    /// The resource type's name, or `*`.
    pub type_name: String,
    pub arn: String,
    pub origin: ResourceOrigin,
    /// Whether the service knows this resource when it authorizes, so the row's condition keys are in the
    /// request (required rows and resources the call passes; not optional resources the user typed).
    pub keys_known: bool,
}

impl Target {
    pub fn prefilled(&self) -> bool {
        matches!(
            self.origin,
            ResourceOrigin::Derived | ResourceOrigin::Template
        )
    }
}

/// The typed ARN as the service would write it: a documented suffix (`log-group:NAME:*`) removed.
fn without_form(call: &Call<'_>, typed: &str) -> String {
    for f in rules::ARN_FORMS.iter().filter(|f| f.service == call.prefix) {
        if let Some(bare) = typed.strip_suffix(f.suffix) {
            let is_form = iam_reference::service(f.service)
                .and_then(|s| s.resource_type(f.resource_type))
                .is_some_and(|rt| !arn::fits(std::iter::once(rt), bare).is_empty());
            if is_form {
                return bare.to_string();
            }
        }
    }
    typed.to_string()
}

/// The ARN the service authorizes for a resource of `rt`: with the documented suffix where a rule says so.
fn with_form(call: &Call<'_>, rt: Option<ResourceType>, arn: String) -> String {
    let Some(rt) = rt else { return arn };
    let form = rules::ARN_FORMS.iter().find(|f| {
        f.service == call.prefix
            && f.resource_type == rt.name()
            && !f
                .bare_for
                .iter()
                .any(|a| a.eq_ignore_ascii_case(call.action.name()))
    });
    match form {
        Some(f) if !arn.ends_with(f.suffix) => format!("{arn}{}", f.suffix),
        _ => arn,
    }
}

/// The typed ARN as one of the action's types that answers to other types' ARNs (a Lambda function's qualified
/// ARN).
fn equivalent_fit(call: &Call<'_>, typed: &str) -> Option<Fit> {
    let svc = call.action.service();
    let others = arn::fits(svc.resource_types(), typed);
    let other = others.first()?;
    let rule = rules::EQUIVALENT_TYPES.iter().find(|r| {
        r.service == call.prefix && r.also.iter().any(|a| *a == other.resource_type.name())
    })?;
    let rt = call
        .action
        .resource_type(rule.resource_type)?
        .resource_type();
    Some(Fit {
        resource_type: rt,
        ..other.clone()
    })
}

/// A name the service completes with a generated suffix (a secret's `-a1B2c3`): the real ARN has one.
fn with_suffix(
    call: &Call<'_>,
    rt: ResourceType,
    arn: String,
    findings: &mut Vec<Finding>,
) -> String {
    let Some(rule) = rules::GENERATED_SUFFIX
        .iter()
        .find(|r| r.service == call.prefix && r.resource_type == rt.name())
    else {
        return arn;
    };
    let has = arn.rsplit_once('-').is_some_and(|(_, tail)| {
        tail.len() == rule.random_chars && tail.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if has || arn.ends_with('*') {
        return arn;
    }
    let real = format!("{arn}-{}", "?".repeat(rule.random_chars));
    findings.push(
        Finding::new(
            DivergenceKind::ArnNotAResourceType,
            format!(
                "`{arn}` lacks the suffix the service adds to the name, so it is not the {}'s real ARN, which looks                  like `{real}`: {}.",
                rt.name(),
                rule.source
            ),
        )
        .with_fix(Fix {
            text: format!("match the suffix in the policy: `{arn}-{}` or `{arn}-*`", "?".repeat(rule.random_chars)),
            resource: Some(real.clone()),
            ..Fix::default()
        })
        .quiet(),
    );
    real
}

/// Builds the ARN of `rt` from the names the typed ARN carries; `Derived` when it used one of them.
fn build(call: &Call<'_>, rt: ResourceType, source: Option<&Fit>) -> (String, ResourceOrigin) {
    let values: &[(&'static str, String)] = source.map(|f| f.values.as_slice()).unwrap_or(&[]);
    let template = rt.arn_templates().next().unwrap_or("*");
    let names = Names {
        partition: &call.partition,
        region: &call.region,
        account: &call.account,
        values,
        value: None,
    };
    let own: Vec<&str> = iam_reference::template_placeholders(template)
        .into_iter()
        .filter(|p| arn::generic(p).is_none())
        .collect();
    let used = own
        .iter()
        .any(|p| values.iter().any(|(n, _)| n.eq_ignore_ascii_case(p)));
    let (arn, _) = arn::fill(template, &names);
    (
        arn,
        if used {
            ResourceOrigin::Derived
        } else {
            ResourceOrigin::Template
        },
    )
}

/// How many of the names of `rt`'s template (but the generic ones) can be read from `fit`; `None` when none.
fn derivable(rt: ResourceType, fit: &Fit) -> Option<usize> {
    let template = rt.arn_templates().next().unwrap_or("*");
    let known = iam_reference::template_placeholders(template)
        .into_iter()
        .filter(|p| arn::generic(p).is_none())
        .filter(|p| fit.values.iter().any(|(n, _)| n.eq_ignore_ascii_case(p)))
        .count();
    (known > 0).then_some(known)
}

/// What the typed ARN is, read once for every part of the step.
struct Typed<'a> {
    /// As typed.
    raw: &'a str,
    /// Without a documented suffix (`log-group:NAME:*` → `log-group:NAME`).
    arn: String,
    /// The best fit among the action's resource types (or a type it answers for).
    fit: Option<Fit>,
    /// When it fits none of them, the service's resource type it is (an object ARN for ListBucket).
    service_fit: Option<Fit>,
    /// The required parent a typed child stands for (the table of a DynamoDB index).
    replaced_parent: Option<&'static str>,
}

impl Typed<'_> {
    fn star(&self) -> bool {
        self.raw == "*"
    }
    /// The names the typed ARN carries, from whichever fit there is.
    fn names(&self) -> Option<&Fit> {
        self.fit.as_ref().or(self.service_fit.as_ref())
    }
}

fn read_typed<'a>(call: &Call<'a>) -> Typed<'a> {
    let raw = call.literal.resource.as_str();
    let arn = without_form(call, raw);
    let fit = if raw == "*" {
        None
    } else {
        arn::action_fits(call.action, &arn)
            .into_iter()
            .next()
            .or_else(|| equivalent_fit(call, &arn))
    };
    let service_fit = match (&fit, raw == "*") {
        (None, false) => arn::fits(call.action.service().resource_types(), &arn)
            .into_iter()
            .next(),
        _ => None,
    };
    let replaced_parent = fit.as_ref().and_then(|f| {
        rules::CHILD_FOR_PARENT
            .iter()
            .find(|r| r.service == call.prefix && r.child == f.resource_type.name())
            .map(|r| r.parent)
    });
    Typed {
        raw,
        arn,
        fit,
        service_fit,
        replaced_parent,
    }
}

/// The resources the real request names, and what the user should know about them.
pub fn resolve(call: &Call<'_>, findings: &mut Vec<Finding>) -> Vec<Target> {
    if !call.action.has_resource_types() {
        return vec![star_target(call, findings)];
    }
    let typed = read_typed(call);
    let required = required_types(call, &typed);
    let mut targets: Vec<Target> = required
        .iter()
        .filter_map(|rt| required_target(call, &typed, *rt, findings))
        .collect();
    targets.extend(optional_typed_target(
        call,
        &typed,
        !required.is_empty(),
        findings,
    ));
    // ARNs the scenario gives for the action's optional resource types (`realApi.resources`).
    for (name, arn) in &call.opts.resources {
        let Some(row) = call.action.resource_type(name) else {
            continue;
        };
        let rt = row.resource_type();
        if !targets.iter().any(|t| t.resource_type == Some(rt)) {
            targets.push(Target {
                resource_type: Some(rt),
                type_name: rt.name().to_string(),
                arn: with_form(call, Some(rt), arn.clone()),
                origin: ResourceOrigin::Given,
                keys_known: true,
            });
        }
    }
    targets.extend(routed_targets(call, &typed, &targets, findings));
    for t in call_targets(call, findings) {
        if !targets.iter().any(|x| x.resource_type == t.resource_type) {
            targets.push(t);
        }
    }
    let documented = if typed.star() || typed.fit.is_some() {
        None
    } else {
        rules::documented_resource(&call.action_name, typed.raw)
    };
    // A resource the service documents for the action outside its resource types (a CloudFormation transform).
    if let Some(rule) = documented {
        targets.push(Target {
            resource_type: None,
            type_name: rule.what.to_string(),
            arn: typed.raw.to_string(),
            origin: ResourceOrigin::Typed,
            keys_known: false,
        });
    }
    if targets.is_empty() {
        targets.push(fallback_target(call, &typed));
    }
    if !typed.star() && typed.fit.is_none() && documented.is_none() {
        findings.push(not_a_type(call, &typed, &targets));
    }
    if let Some(f) = &typed.fit {
        if let Some(rule) =
            rules::type_not_authorized_rule(&call.action_name, f.resource_type.name())
        {
            findings.push(unauthorized_type(call, &typed, rule, &targets));
        }
    }
    if targets.len() > 1 {
        findings.push(Finding::new(
            DivergenceKind::MultipleRequiredResources,
            format!(
                "{} authorizes {} resources, and every one must be allowed: {}.",
                call.action,
                targets.len(),
                targets
                    .iter()
                    .map(|t| format!("{} `{}`", t.type_name, t.arn))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    targets
}

/// An action without resource types is authorized against `*` (or the form its service documents).
fn star_target(call: &Call<'_>, findings: &mut Vec<Finding>) -> Target {
    let action = call.action;
    if let Some(t) = created_target(call, findings) {
        return t;
    }
    let form = rules::STAR_FORMS
        .iter()
        .find(|f| call.rule_holds(f.service, f.actions));
    let names = Names {
        partition: &call.partition,
        region: &call.region,
        account: &call.account,
        values: &[],
        value: None,
    };
    let star = form
        .map(|f| arn::fill(f.arn, &names).0)
        .unwrap_or_else(|| "*".to_string());
    if let Some(f) = form {
        findings.push(Finding::new(
            DivergenceKind::NoResourceLevelPermissions,
            format!(
                "{action} has no resource types; the service authorizes it against `{star}`, so a statement on `*` \
                 or on `{star}` allows it: {}.",
                f.source
            ),
        ));
    }
    if call.literal.resource != "*" {
        findings.push(Finding::new(
            DivergenceKind::NoResourceLevelPermissions,
            format!(
                "{action} supports no resource-level permissions: the real request is authorized against `*`, so \
                 statements scoped to ARNs never apply to it, whatever resource you typed."
            ),
        ));
    }
    Target {
        resource_type: None,
        type_name: "*".to_string(),
        arn: star,
        origin: ResourceOrigin::Star,
        keys_known: true,
    }
}

/// The typed ARN of the resource a create action without resource types makes, where the service documents that
/// it authorizes the call on it (`eks:CreateCluster` on the cluster's ARN). The request carries no keys of the
/// resource, which does not exist yet.
fn created_target(call: &Call<'_>, findings: &mut Vec<Finding>) -> Option<Target> {
    let typed = call.literal.resource.as_str();
    if typed == "*" {
        return None;
    }
    let rule = rules::AUTHORIZED_ON_CREATED
        .iter()
        .find(|r| r.action.eq_ignore_ascii_case(&call.action_name))?;
    let svc = call.action.service();
    let fits = arn::fits(svc.resource_types(), typed);
    let fit = fits
        .iter()
        .find(|f| f.resource_type.name() == rule.resource_type)?;
    findings.push(Finding::new(
        DivergenceKind::NoResourceLevelPermissions,
        format!(
            "{} lists no resource types, but the service authorizes it on the {} it creates (`{typed}`) as well \
             as on `*`: {}.",
            call.action,
            fit.resource_type.name(),
            rule.source
        ),
    ));
    Some(Target {
        resource_type: None,
        type_name: fit.resource_type.name().to_string(),
        arn: typed.to_string(),
        origin: ResourceOrigin::Typed,
        keys_known: true,
    })
}

/// The required resource types, less the alternatives the typed one stands for (a Standard or an Express
/// execution) and the parent a typed child replaces.
fn required_types(call: &Call<'_>, typed: &Typed<'_>) -> Vec<ResourceType> {
    let mut required: Vec<ResourceType> = call
        .action
        .required_resource_types()
        .map(|r| r.resource_type())
        .collect();
    for group in rules::ALTERNATIVE_TYPES.iter().filter(|g| {
        g.service == call.prefix
            && (g.actions.is_empty()
                || g.actions
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&call.action_name)))
    }) {
        // The one the call names: typed, else given in `realApi.resources`, else the usual one.
        let typed_one = typed
            .fit
            .as_ref()
            .map(|f| f.resource_type.name())
            .filter(|n| group.types.contains(n));
        let given: Vec<&str> = group
            .types
            .iter()
            .copied()
            .filter(|t| {
                call.opts
                    .resources
                    .iter()
                    .any(|(name, _)| name.eq_ignore_ascii_case(t))
            })
            .collect();
        let keep: Vec<&str> = match (typed_one, given.is_empty(), group.usual) {
            (Some(t), _, _) => vec![t],
            (None, false, _) => given,
            (None, true, Some(u)) => vec![u],
            (None, true, None) => continue,
        };
        required.retain(|rt| !group.types.contains(&rt.name()) || keep.contains(&rt.name()));
    }
    required.retain(|rt| typed.replaced_parent != Some(rt.name()));
    required.retain(|rt| !rules::type_not_authorized(&call.action_name, rt.name()));
    required
}

/// One required resource: given, typed, or built from the typed ARN's names.
fn required_target(
    call: &Call<'_>,
    typed: &Typed<'_>,
    rt: ResourceType,
    findings: &mut Vec<Finding>,
) -> Option<Target> {
    let given = call
        .opts
        .resources
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(rt.name()))
        .map(|(_, arn)| arn.clone());
    let (arn, origin) = match given {
        Some(arn) => (arn, ResourceOrigin::Given),
        None if typed.fit.as_ref().is_some_and(|f| f.resource_type == rt) => {
            (typed.arn.clone(), ResourceOrigin::Typed)
        }
        None => build(call, rt, typed.names()),
    };
    let authorized = with_suffix(call, rt, with_form(call, Some(rt), arn), findings);
    if origin == ResourceOrigin::Typed
        && authorized != typed.raw
        && authorized.starts_with(typed.raw)
        && !authorized.ends_with('?')
    {
        findings.push(
            Finding::new(
                DivergenceKind::ArnNotAResourceType,
                format!(
                    "{} authorizes the {} as `{authorized}`, not `{}`: a statement must match that form.",
                    call.action,
                    rt.name(),
                    typed.raw
                ),
            )
            .with_fix(Fix {
                text: format!("write the resource as `{authorized}` (or end it with a wildcard)"),
                resource: Some(authorized.clone()),
                ..Fix::default()
            })
            .quiet(),
        );
    }
    Some(Target {
        resource_type: Some(rt),
        type_name: rt.name().to_string(),
        arn: authorized,
        origin,
        keys_known: true,
    })
}

/// The typed ARN is an optional resource type: the call names it, so it is authorized too.
fn optional_typed_target(
    call: &Call<'_>,
    typed: &Typed<'_>,
    has_required: bool,
    findings: &mut Vec<Finding>,
) -> Option<Target> {
    let f = typed.fit.as_ref()?;
    if call
        .action
        .row_for(f.resource_type)
        .is_some_and(|r| r.required())
    {
        return None;
    }
    if has_required {
        let parent = typed
            .replaced_parent
            .and_then(|p| {
                rules::CHILD_FOR_PARENT
                    .iter()
                    .find(|r| r.service == call.prefix && r.parent == p)
                    .map(|r| format!(" It is authorized instead of the {p}: {}.", r.source))
            })
            .unwrap_or_default();
        findings.push(Finding::new(
            DivergenceKind::CallResource,
            format!(
                "`{}` is a {} — a resource type {} lists as optional; the call names it, so the real request \
                 authorizes it.{parent}",
                typed.arn,
                f.resource_type.name(),
                call.action
            ),
        ));
    }
    Some(Target {
        resource_type: Some(f.resource_type),
        type_name: f.resource_type.name().to_string(),
        arn: with_form(call, Some(f.resource_type), typed.arn.clone()),
        origin: ResourceOrigin::Typed,
        // The call names it, so its keys are in the request — unless the service is one that does not resolve
        // optional resources before it authorizes.
        keys_known: typed.replaced_parent.is_some()
            || !rules::OPTIONAL_RESOURCE_KEYS_ABSENT.iter().any(|r| {
                r.service == call.prefix
                    && !r
                        .except
                        .iter()
                        .any(|a| a.eq_ignore_ascii_case(call.action.name()))
            }),
    })
}

/// Resources the typed one routes the request to (the foundation model of a cross-Region inference profile, in
/// every destination Region).
fn routed_targets(
    call: &Call<'_>,
    typed: &Typed<'_>,
    targets: &[Target],
    findings: &mut Vec<Finding>,
) -> Vec<Target> {
    let Some(fit) = &typed.fit else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for rule in rules::ROUTED_RESOURCES.iter().filter(|r| {
        r.from_type == fit.resource_type.name()
            && r.actions
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&call.action_name))
    }) {
        let Some(rt) = call
            .action
            .resource_type(rule.to_type)
            .map(|r| r.resource_type())
        else {
            continue;
        };
        if targets.iter().any(|t| t.resource_type == Some(rt)) {
            continue;
        }
        let id = fit
            .values
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("ResourceId"))
            .map(|(_, v)| v.as_str());
        let Some((_, routed)) = id.and_then(|v| v.split_once('.')) else {
            continue;
        };
        let names = Names {
            partition: &call.partition,
            region: &call.region,
            account: &call.account,
            values: &[],
            value: Some(routed),
        };
        let arn = arn::fill(rule.arn, &names).0;
        findings.push(
            Finding::new(
                DivergenceKind::CallResource,
                format!(
                    "{} on `{}` is routed to the {} `{arn}` in one of the profile's destination Regions, and is \
                     authorized on it there too: {}.",
                    call.action,
                    typed.raw,
                    rt.name(),
                    rule.source
                ),
            )
            .with_fix(Fix {
                text: format!(
                    "allow {} on the {} in every destination Region (e.g. `{arn}`)",
                    call.action,
                    rt.name()
                ),
                resource: Some(arn.clone()),
                ..Fix::default()
            }),
        );
        out.push(Target {
            resource_type: Some(rt),
            type_name: rt.name().to_string(),
            arn,
            origin: ResourceOrigin::Derived,
            keys_known: true,
        });
    }
    out
}

/// Resources the call's parameters add (an EBS volume, a key pair, a launch template).
fn call_targets(call: &Call<'_>, findings: &mut Vec<Finding>) -> Vec<Target> {
    let action = call.action;
    let p = &call.opts.call;
    let mut out = Vec::new();
    for rule in rules::CALL_RESOURCES
        .iter()
        .filter(|r| r.action.eq_ignore_ascii_case(&call.action_name))
    {
        let value: Option<String> = match rule.param {
            Param::KeyName => p.key_name.clone(),
            Param::LaunchTemplate => p.launch_template.clone(),
            Param::EbsRootDevice => {
                (p.root_device != Some(RootDevice::InstanceStore)).then(|| "ebs".to_string())
            }
            _ => None,
        };
        let Some(value) = value else { continue };
        let Some(rt) = action
            .resource_type(rule.resource_type)
            .map(|r| r.resource_type())
        else {
            continue;
        };
        let arn = if value.starts_with("arn:") {
            value.clone()
        } else {
            let names = Names {
                partition: &call.partition,
                region: &call.region,
                account: &call.account,
                values: &[],
                value: Some(&value),
            };
            arn::fill(rule.arn, &names).0
        };
        let why = match (rule.param, p.root_device) {
            (Param::EbsRootDevice, None) => {
                "the AMI is taken to be EBS-backed (say `rootDevice: instance-store` \
                                             otherwise), so the launch creates a volume"
                    .to_string()
            }
            (Param::EbsRootDevice, Some(_)) => {
                "the AMI is EBS-backed, so the launch creates a volume".to_string()
            }
            _ => format!("the call passes `{}` = `{value}`", rule.param.name()),
        };
        findings.push(
            Finding::new(
                DivergenceKind::CallResource,
                format!(
                    "{action} also authorizes the {} `{arn}`: {why}. {}.",
                    rt.name(),
                    rule.source
                ),
            )
            .with_fix(Fix {
                text: format!(
                    "allow {action} on the {} resource too (e.g. `{arn}`)",
                    rt.name()
                ),
                resource: Some(arn.clone()),
                ..Fix::default()
            }),
        );
        call.note_param(
            rule.param.name(),
            &value,
            &format!("authorizes the {} `{arn}`", rt.name()),
        );
        out.push(Target {
            resource_type: Some(rt),
            type_name: rt.name().to_string(),
            arn,
            origin: ResourceOrigin::Call,
            keys_known: true,
        });
    }
    out
}

/// Only optional resource types and none of them typed: the one the typed ARN's names lead to, else `*`.
fn fallback_target(call: &Call<'_>, typed: &Typed<'_>) -> Target {
    // The type that takes the most of the typed ARN's names (the object `bucket/*` of a bucket ARN).
    let derived = typed.names().and_then(|f| {
        let mut best: Option<(ResourceType, usize)> = None;
        for rt in call.action.resource_types().map(|r| r.resource_type()) {
            if let Some(n) = derivable(rt, f) {
                if best.is_none_or(|(_, m)| n > m) {
                    best = Some((rt, n));
                }
            }
        }
        best.map(|(rt, _)| (rt, build(call, rt, Some(f)).0))
    });
    // A type the call always names although the reference marks it optional (a virtual MFA device's serial number).
    let named = derived.is_none().then(|| {
        rules::named_by_call(&call.action_name).and_then(|rule| {
            call.action
                .resource_types()
                .map(|r| r.resource_type())
                .find(|rt| rt.name().eq_ignore_ascii_case(rule.resource_type))
        })
    });
    if let Some(rt) = named.flatten() {
        return Target {
            resource_type: Some(rt),
            type_name: rt.name().to_string(),
            arn: with_form(call, Some(rt), build(call, rt, None).0),
            origin: ResourceOrigin::Template,
            keys_known: false,
        };
    }
    match derived {
        Some((rt, arn)) => Target {
            resource_type: Some(rt),
            type_name: rt.name().to_string(),
            arn: with_form(call, Some(rt), arn),
            origin: ResourceOrigin::Derived,
            keys_known: false,
        },
        None => Target {
            resource_type: None,
            type_name: "*".to_string(),
            arn: "*".to_string(),
            origin: ResourceOrigin::Star,
            keys_known: false,
        },
    }
}

/// The typed ARN is of a resource type the service does not authorize the action on: what it names instead.
fn unauthorized_type(
    call: &Call<'_>,
    typed: &Typed<'_>,
    rule: &rules::TypeNotAuthorized,
    targets: &[Target],
) -> Finding {
    let instead = targets
        .iter()
        .find(|t| t.origin != ResourceOrigin::Typed)
        .map(|t| (t.type_name.clone(), t.arn.clone()));
    Finding::new(
        DivergenceKind::ArnNotAResourceType,
        format!(
            "`{}` is the {}, which {} is not authorized on{}: {}.",
            typed.raw,
            rule.resource_type,
            call.action,
            instead
                .as_ref()
                .map(|(t, a)| format!("; the real request names the {t} `{a}`"))
                .unwrap_or_default(),
            rule.source
        ),
    )
    .with_fix(Fix {
        text: match &instead {
            Some((t, a)) => format!("allow {} on the {t} `{a}`", call.action),
            None => format!("allow {} on the resources it is authorized on", call.action),
        },
        resource: instead.map(|(_, a)| a),
        ..Fix::default()
    })
}

/// The typed ARN is none of the action's resource types: what the real call names instead.
fn not_a_type(call: &Call<'_>, typed: &Typed<'_>, targets: &[Target]) -> Finding {
    let action = call.action;
    let expected: Vec<String> = action
        .resource_types()
        .flat_map(|r| {
            r.resource_type()
                .arn_templates()
                .map(move |t| format!("{t} ({})", r.resource_type().name()))
        })
        .collect();
    let instead = targets
        .iter()
        .find(|t| t.origin == ResourceOrigin::Derived)
        .map(|t| t.arn.clone());
    let what = typed
        .service_fit
        .as_ref()
        .map(|f| format!(" (it is a {})", f.resource_type.name()))
        .unwrap_or_default();
    Finding::new(
        DivergenceKind::ArnNotAResourceType,
        format!(
            "`{}`{what} is none of the resource types {action} works on, so the real request never names it{}. The \
             action expects: {}.",
            typed.raw,
            instead.as_ref().map(|a| format!("; it names `{a}` instead")).unwrap_or_default(),
            expected.join("; ")
        ),
    )
    .with_fix(Fix {
        text: match &instead {
            Some(a) => format!("allow {action} on `{a}`, the resource the real call names"),
            None => "use an ARN of one of the expected resource types".to_string(),
        },
        resource: instead,
        ..Fix::default()
    })
}
