//! Checks of `Resource` and `NotResource`: each ARN's fields against the reference's ARN formats, ARNs that are
//! none of the statement's actions' resource types, NotResource with Allow, redundant entries.

use super::{allows, element_span, quoted, Cx};
use iam_engine::pattern::split_arn;
use iam_engine::policy::{ResourceMatcher, Statement};
use iam_engine::Span;

/// Partitions that exist (AWS General Reference, ARN format: `aws`, `aws-cn`, `aws-us-gov`, and the isolated
/// partitions).
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Service prefixes that two pages of the service authorization reference share, with actions of the same name
/// taking different resource types, where the reference keeps one page's resource types per action name
/// ("Amazon API Gateway Management" and "… V2"), so a mismatch there is not trusted. (Elastic Load Balancing's two
/// pages are merged in the reference: an action there has the resource types of both.)
const SHARED_PREFIXES: &[&str] = &["apigateway"];

/// Most actions a statement may expand to before the resource-type check gives up (it is then about `*`-like
/// statements, where it has nothing to say).
const MAX_ACTIONS: usize = 4_000;

/// Services whose resources owned by AWS have ARNs without an account though the reference's templates have one:
/// Systems Manager's documents and public parameters (`arn:aws:ssm:*::document/AWS-RunShellScript`,
/// `arn:aws:ssm:*::parameter/aws/service/…`) and Resource Explorer's service views. MISSING_ARN_ACCOUNT leaves them
/// alone.
const AWS_OWNED_WITHOUT_ACCOUNT: &[&str] = &["ssm", "resource-explorer-2"];

fn has_wild(s: &str) -> bool {
    s.contains('*') || s.contains('?') || s.contains("${")
}

pub(super) fn check(cx: &mut Cx<'_, '_>) {
    let pairs: Vec<_> = cx.statements().collect();
    for (st, node) in pairs {
        let Some(block) = &st.resource else {
            continue;
        };
        if block.negated && allows(st) {
            cx.report(
                "ALLOW_WITH_NOT_RESOURCE",
                element_span(node, "NotResource"),
                "`Allow` with `NotResource` allows the statement's actions on every resource not listed, including \
                 resources of other services and resources created later; list the resources to allow instead"
                    .to_string(),
                Some(st.index),
            );
        }
        for p in &block.patterns {
            fields(cx, st, &p.raw, p.span);
        }
        redundant(cx, st);
        if !block.negated {
            mismatch(cx, st);
        }
    }
}

/// ARN field checks: partition, service case and wildcard, account, Region and account where the service has none.
fn fields(cx: &mut Cx<'_, '_>, st: &Statement, raw: &str, span: Span) {
    if variable_in_prefix(raw) {
        return;
    }
    let Some([_, partition, service, region, account, resource]) = split_arn(raw) else {
        return;
    };
    if !has_wild(partition) && !PARTITIONS.contains(&partition) {
        cx.report(
            "INVALID_PARTITION",
            span,
            format!("`{partition}` is no AWS partition (aws, aws-cn, aws-us-gov, …)"),
            Some(st.index),
        );
    }
    if service.contains('*') || service.contains('?') {
        cx.report(
            "WILDCARD_IN_SERVICE_NAME",
            span,
            format!("the service field `{service}` has a wildcard, which may match services you do not mean"),
            Some(st.index),
        );
    } else if service.chars().any(|c| c.is_ascii_uppercase()) {
        let fixed = raw.replacen(service, &service.to_ascii_lowercase(), 1);
        cx.report_fix(
            "INVALID_ARN_SERVICE_CASE",
            span,
            format!("the service field `{service}` must be lower case"),
            Some(st.index),
            (
                format!("write `{}`", service.to_ascii_lowercase()),
                span,
                quoted(&fixed),
            ),
        );
    }
    let account_ok = account.is_empty()
        || has_wild(account)
        || account == "aws"
        || (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()));
    if !account_ok {
        cx.report(
            "INVALID_ARN_ACCOUNT",
            span,
            format!("the account field `{account}` is not a 12-digit account id"),
            Some(st.index),
        );
    }
    if !region.is_empty() && !has_wild(region) && !super::conditions::region_like(region) {
        cx.report(
            "INVALID_ARN_REGION",
            span,
            format!(
                "`{region}` is no Region code (such as `us-east-1`), so the ARN names no resource"
            ),
            Some(st.index),
        );
    }
    let Some(svc) = crate::cache::service(service) else {
        return;
    };
    let arn = probe(raw);
    let fits = |a: &str| !iam_realapi::arn::fits(svc.resource_types(), a).is_empty();
    if !has_wild(raw) && !SHARED_PREFIXES.contains(&service) && !resource_known(svc, resource) {
        cx.report(
            "INVALID_ARN_RESOURCE",
            span,
            format!("`{resource}` is none of the resource types of `{service}` in the service authorization reference"),
            Some(st.index),
        );
    }
    if region.is_empty() && crate::cache::has_regional_arns(service) && !fits(&arn) {
        let mut parts: Vec<&str> = arn.splitn(6, ':').collect();
        if let Some(p) = parts.get_mut(3) {
            *p = "us-east-1";
        }
        if fits(&parts.join(":")) {
            cx.report(
                "MISSING_ARN_REGION",
                span,
                format!("`{service}` ARNs of this kind have a Region: without one the ARN matches nothing; write the Region or `*`"),
                Some(st.index),
            );
        }
    }
    if account.is_empty() && !AWS_OWNED_WITHOUT_ACCOUNT.contains(&service) && !fits(&arn) {
        let mut parts: Vec<&str> = arn.splitn(6, ':').collect();
        if let Some(p) = parts.get_mut(4) {
            *p = "123456789012";
        }
        let with_account = parts.join(":");
        let mut with_both = parts;
        if let Some(p) = with_both.get_mut(3).filter(|p| p.is_empty()) {
            *p = "us-east-1";
        }
        if fits(&with_account) || fits(&with_both.join(":")) {
            cx.report(
                "MISSING_ARN_ACCOUNT",
                span,
                format!("`{service}` ARNs of this kind have an account: without one the ARN matches nothing; write the 12-digit account id or `*`"),
                Some(st.index),
            );
        }
    }
    // A field the service's ARNs leave empty: the ARN fits none of its resource types as written, and fits one
    // once the field is emptied.
    let region_set = !region.is_empty() && !has_wild(region);
    let account_set = !account.is_empty() && !has_wild(account);
    if !region_set && !account_set {
        return;
    }
    if fits(&arn) {
        return;
    }
    let blank = |i: usize| {
        let mut parts: Vec<&str> = arn.splitn(6, ':').collect();
        if let Some(p) = parts.get_mut(i) {
            *p = "";
        }
        parts.join(":")
    };
    if region_set && fits(&blank(3)) {
        cx.report(
            "ARN_REGION_NOT_ALLOWED",
            span,
            format!("`{service}` ARNs of this kind have no Region, so `{region}` never matches; leave the field empty"),
            Some(st.index),
        );
    }
    if account_set && fits(&blank(4)) {
        cx.report(
            "ARN_ACCOUNT_NOT_ALLOWED",
            span,
            format!("`{service}` ARNs of this kind have no account, so `{account}` never matches; leave the field empty"),
            Some(st.index),
        );
    }
}

/// Whether an ARN's resource part (after the fifth colon) is that of some resource type of the service, with the
/// forms and templates the real-API rules add.
fn resource_known(svc: iam_reference::Service, resource: &str) -> bool {
    let service = svc.prefix();
    let loose = resource.contains(':');
    svc.resource_types().any(|rt| {
        let extra = iam_realapi::rules::EXTRA_TEMPLATES
            .iter()
            .filter(|e| e.service == service && e.resource_type == rt.name())
            .map(|e| e.template);
        rt.arn_templates().chain(extra).any(|t| {
            let Some([_, _, _, _, _, t_resource]) = split_arn(t) else {
                return false;
            };
            fits_text(service, t_resource, resource, true, loose)
                || iam_realapi::rules::ARN_FORMS
                    .iter()
                    .filter(|f| f.service == service && f.resource_type == rt.name())
                    .any(|f| {
                        fits_text(
                            service,
                            &format!("{t_resource}{}", f.suffix),
                            resource,
                            true,
                            loose,
                        )
                    })
        })
    })
}

/// Whether a policy variable stands before the fifth colon (reported by the engine; the fields are then unknown).
fn variable_in_prefix(raw: &str) -> bool {
    raw.match_indices(':')
        .nth(4)
        .and_then(|(i, _)| raw.get(..i))
        .is_some_and(|head| head.contains("${"))
}

/// REDUNDANT_RESOURCE: an entry another entry (without `?`) matches as text.
fn redundant(cx: &mut Cx<'_, '_>, st: &Statement) {
    let Some(block) = &st.resource else {
        return;
    };
    for (i, p) in block.patterns.iter().enumerate() {
        let cover = block.patterns.iter().enumerate().find(|(j, q)| {
            if *j == i || q.raw.contains('?') {
                return false;
            }
            let covers = |a: &iam_engine::policy::ResourcePattern, b: &str| match &a.matcher {
                ResourceMatcher::All => true,
                ResourceMatcher::Arn(m) => m.matches(b),
                _ => false,
            };
            if !covers(q, &p.raw) {
                return false;
            }
            let mutual = covers(p, &q.raw) && !p.raw.contains('?');
            !mutual || *j < i
        });
        if let Some((_, q)) = cover {
            cx.report(
                "REDUNDANT_RESOURCE",
                p.span,
                format!("`{}` is redundant: `{}` already covers it", p.raw, q.raw),
                Some(st.index),
            );
        }
    }
}

/// The ARN with policy variables replaced by a plain name, for matching against templates.
fn probe(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find("${") {
        out.push_str(rest.get(..i).unwrap_or_default());
        match rest.get(i..).and_then(|r| r.find('}')) {
            Some(close) => {
                out.push('x');
                rest = rest.get(i + close + 1..).unwrap_or_default();
            }
            None => {
                rest = rest.get(i..).unwrap_or_default();
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// RESOURCE_TYPE_MISMATCH: an ARN that none of the statement's actions takes (`s3:ListBucket` on `bucket/*`).
fn mismatch(cx: &mut Cx<'_, '_>, st: &Statement) {
    let (Some(actions), Some(res)) = (&st.action, &st.resource) else {
        return;
    };
    if actions.negated {
        return;
    }
    let mut expanded: Vec<iam_reference::Action> = Vec::new();
    for p in &actions.patterns {
        let Some((prefix, _)) = p.raw.split_once(':') else {
            return;
        };
        if prefix.contains('*') || prefix.contains('?') {
            return;
        }
        expanded.extend(cx.expand(&p.raw).iter().copied());
        if expanded.len() > MAX_ACTIONS {
            return;
        }
    }
    expanded.sort();
    expanded.dedup();
    let typed: Vec<iam_reference::Action> = expanded
        .into_iter()
        .filter(|a| a.has_resource_types())
        .collect();
    if typed.is_empty() {
        return;
    }
    for p in &res.patterns {
        if p.raw == "*"
            || matches!(p.matcher, ResourceMatcher::Invalid)
            || variable_in_prefix(&p.raw)
        {
            continue;
        }
        let arn = probe(&p.raw);
        let Some([_, _, service, ..]) = split_arn(&arn) else {
            continue;
        };
        if service.contains('*') || service.contains('?') || SHARED_PREFIXES.contains(&service) {
            continue;
        }
        // The actions of the ARN's service first: those are the ones the author most likely meant, and the likeliest
        // to take it.
        let mut ordered: Vec<&iam_reference::Action> = typed.iter().collect();
        ordered.sort_by_key(|a| a.service().prefix() != service);
        if ordered.iter().any(|a| takes(**a, &arn)) {
            continue;
        }
        let shown: Vec<String> = ordered
            .iter()
            .take(2)
            .map(|a| {
                let types: Vec<String> = a
                    .resource_types()
                    .take(2)
                    .map(|r| {
                        let rt = r.resource_type();
                        format!(
                            "{} `{}`",
                            rt.name(),
                            rt.arn_templates().next().unwrap_or_default()
                        )
                    })
                    .collect();
                format!("`{}` takes {}", a.full_name(), types.join(" or "))
            })
            .collect();
        let more = if typed.len() > 2 {
            format!(" (and {} more actions)", typed.len() - 2)
        } else {
            String::new()
        };
        cx.report(
            "RESOURCE_TYPE_MISMATCH",
            p.span,
            format!(
                "`{}` is none of the resource types of the statement's actions, so it matches no request: {}{more}",
                p.raw,
                shown.join("; ")
            ),
            Some(st.index),
        );
    }
}

/// The resource types an action takes, with those the real-API rules say the service treats as the same
/// (a Lambda function's alias and version ARNs).
fn resource_types(action: iam_reference::Action) -> Vec<iam_reference::ResourceType> {
    let mut out: Vec<iam_reference::ResourceType> =
        action.resource_types().map(|r| r.resource_type()).collect();
    let service = action.service();
    for e in iam_realapi::rules::EQUIVALENT_TYPES {
        if e.service == service.prefix() && out.iter().any(|rt| rt.name() == e.resource_type) {
            out.extend(e.also.iter().filter_map(|name| service.resource_type(name)));
        }
    }
    // A child the service authorizes in place of its parent (a DynamoDB index for its table).
    for c in iam_realapi::rules::CHILD_FOR_PARENT {
        if c.service == service.prefix() && out.iter().any(|rt| rt.name() == c.parent) {
            out.extend(service.resource_type(c.child));
        }
    }
    out
}

/// Whether the action takes some ARN the entry matches: an ARN without wildcards must fit one of its resource
/// types (with the service's naming rules); an entry with wildcards must be able to start like one of them up to
/// its first wildcard.
fn takes(action: iam_reference::Action, arn: &str) -> bool {
    crate::cache::takes(action, arn, || takes_uncached(action, arn))
}

fn takes_uncached(action: iam_reference::Action, arn: &str) -> bool {
    if let Some(found) = takes_with_wild_fields(action, arn) {
        return found;
    }
    let types = resource_types(action);
    let service = action.service().prefix();
    // The forms a service authorizes besides the template (a log group's ARN with `:*`).
    let forms: Vec<&iam_realapi::rules::ArnForm> = iam_realapi::rules::ARN_FORMS
        .iter()
        .filter(|f| f.service == service && types.iter().any(|rt| rt.name() == f.resource_type))
        .collect();
    let Some(first_wild) = arn.find(['*', '?']) else {
        let bare = forms.iter().find_map(|f| arn.strip_suffix(f.suffix));
        return !iam_realapi::arn::fits(types.iter().copied(), arn).is_empty()
            || bare.is_some_and(|b| !iam_realapi::arn::fits(types.iter().copied(), b).is_empty());
    };
    let prefix = arn.get(..first_wild).unwrap_or_default();
    let suffixed = |rt: iam_reference::ResourceType, t: &str| -> Vec<String> {
        forms
            .iter()
            .filter(|f| f.resource_type == rt.name())
            .map(|f| format!("{t}{}", f.suffix))
            .collect()
    };
    types.into_iter().any(|rt| {
        rt.arn_templates()
            .chain(extra_templates(service, rt))
            .any(|t| {
                prefix_fits(service, t, prefix)
                    || suffixed(rt, t)
                        .iter()
                        .any(|s| prefix_fits(service, s, prefix))
            })
    })
}

/// [`takes`] for an entry with a wildcard in its partition, Region or account field. AWS matches an ARN segment
/// by segment (IAM User Guide, Resource element: wildcards "within the individual segments of an ARN (the parts
/// separated by colons)"), so `arn:aws:ec2:*:*:volume/*` is a volume whatever the Region and account: the
/// resource part is compared with the resource part of each of the action's templates in the entry's service
/// (the Region and account against the service's ARNs are the field checks' business). A `*` that ends a field
/// "can expand to match beyond the colon boundaries" (same page): that can matter only where the action's ARNs
/// have a colon after the account field (`log-group:…:log-stream:…`, or a name that may hold a colon), and there
/// the entry is taken as matching. `None` when no such field has a wildcard.
fn takes_with_wild_fields(action: iam_reference::Action, arn: &str) -> Option<bool> {
    let [_, partition, service, region, account, resource] = split_arn(arn)?;
    let wild = |f: &str| f.contains(['*', '?']);
    if !wild(partition) && !wild(region) && !wild(account) {
        return None;
    }
    let first_wild = resource.find(['*', '?']);
    let text = first_wild.map_or(resource, |i| resource.get(..i).unwrap_or_default());
    let Some(parts) = resource_parts(action, service) else {
        return Some(true);
    };
    let loose = resource.contains(':');
    let found = parts
        .iter()
        .any(|t| fits_text(service, t, text, first_wild.is_none(), loose));
    if found {
        return Some(true);
    }
    let spans = [partition, region, account]
        .iter()
        .any(|f| f.ends_with('*'));
    Some(spans && colon_after_account(action, service))
}

/// The resource parts (after the fifth colon) of the action's ARN templates in service `arn_service`, with the
/// suffixes the service authorizes; `None` when a template's service field is a placeholder (AWS Backup's
/// recovery points, `arn:${Partition}:${Vendor}:…`), whose ARNs are those of other services' resources.
fn resource_parts(action: iam_reference::Action, arn_service: &str) -> Option<Vec<String>> {
    let service = action.service().prefix();
    let mut out = Vec::new();
    for rt in resource_types(action) {
        let extra = iam_realapi::rules::EXTRA_TEMPLATES
            .iter()
            .filter(|e| e.service == service && e.resource_type == rt.name())
            .map(|e| e.template);
        for t in rt.arn_templates().chain(extra) {
            let Some([_, _, t_service, _, _, t_resource]) = split_arn(t) else {
                continue;
            };
            if t_service.contains("${") {
                return None;
            }
            if t_service != arn_service {
                continue;
            }
            out.push(t_resource.to_string());
            out.extend(
                iam_realapi::rules::ARN_FORMS
                    .iter()
                    .filter(|f| f.service == service && f.resource_type == rt.name())
                    .map(|f| format!("{t_resource}{}", f.suffix)),
            );
        }
    }
    Some(out)
}

/// Whether some ARN of the action's resource types in service `arn_service` (the entry's service field) has a
/// colon after its account field: a colon in the template's resource part or in a suffix the service authorizes,
/// or a placeholder whose names may hold one.
fn colon_after_account(action: iam_reference::Action, arn_service: &str) -> bool {
    let service = action.service().prefix();
    let types = resource_types(action);
    let suffix_colon = iam_realapi::rules::ARN_FORMS.iter().any(|f| {
        f.service == service
            && f.service == arn_service
            && f.suffix.contains(':')
            && types.iter().any(|rt| rt.name() == f.resource_type)
    });
    if suffix_colon {
        return true;
    }
    types.into_iter().any(|rt| {
        rt.arn_templates()
            .chain(extra_templates(service, rt))
            .any(|t| {
                if t.split(':').nth(2) != Some(arn_service) {
                    return false;
                }
                let resource = t.splitn(6, ':').nth(5).unwrap_or_default();
                pieces(arn_service, resource, false, false).iter().any(|p| {
                    matches!(
                        p,
                        Piece::Char(':') | Piece::Hole(iam_realapi::rules::Chars::Anything)
                    )
                })
            })
    })
}

/// One piece of an ARN template.
enum Piece {
    Char(char),
    /// A placeholder and the characters it may hold.
    Hole(iam_realapi::rules::Chars),
}

/// The pieces of a template; with `loose_last`, an unnamed last placeholder takes anything, `:` included (the
/// reference's own last resort when matching a whole ARN); with `loose`, every unnamed placeholder does.
fn pieces(service: &str, template: &str, loose_last: bool, loose: bool) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find("${") {
        out.extend(rest.get(..i).unwrap_or_default().chars().map(Piece::Char));
        let after = rest.get(i + 2..).unwrap_or_default();
        let Some(close) = after.find('}') else {
            rest = rest.get(i..).unwrap_or_default();
            break;
        };
        let name = after.get(..close).unwrap_or_default();
        rest = after.get(close + 1..).unwrap_or_default();
        let last = !rest.contains("${");
        let chars = iam_realapi::rules::naming(service, name).unwrap_or(
            match (last && loose_last) || loose {
                true => iam_realapi::rules::Chars::Anything,
                false if last => iam_realapi::rules::Chars::Path,
                false => iam_realapi::rules::Chars::Segment,
            },
        );
        // A prefixed identifier is its prefix, then one segment.
        if let iam_realapi::rules::Chars::SegmentWithPrefix(prefix) = chars {
            out.extend(prefix.chars().map(Piece::Char));
            out.push(Piece::Hole(iam_realapi::rules::Chars::Segment));
        } else {
            out.push(Piece::Hole(chars));
        }
    }
    out.extend(rest.chars().map(Piece::Char));
    out
}

/// Whether some ARN of `template` starts with `prefix`: a small automaton over the template's pieces, each
/// placeholder taking characters its naming rule allows.
fn prefix_fits(service: &str, template: &str, prefix: &str) -> bool {
    fits_text(service, template, prefix, false, false)
}

/// [`prefix_fits`], or with `whole` whether `text` is all of some ARN of `template` (an unnamed last placeholder
/// then takes the rest, as the reference's own matching does); with `loose_names`, unnamed placeholders may hold
/// a colon.
fn fits_text(service: &str, template: &str, text: &str, whole: bool, loose_names: bool) -> bool {
    use iam_realapi::rules::Chars;
    // Names with a colon: an entry whose resource part has one (`database/aws:cloudtrail`) is taken at its word
    // where the service's naming rules do not say otherwise.
    let pieces = pieces(service, template, whole, loose_names);
    let allowed = |chars: Chars, c: char| match chars {
        Chars::Segment | Chars::SegmentWithPrefix(_) => c != '/' && c != ':',
        // The automaton does not track a placeholder's first character: a path without its leading slash is
        // read as a path.
        Chars::Path | Chars::PathWithoutLeadingSlash => c != ':',
        Chars::Anything => true,
    };
    // Placeholders may be skipped (the closure), since the prefix may end inside or before them.
    let close = |states: &mut Vec<usize>| {
        let mut i = 0;
        while let Some(&j) = states.get(i) {
            if matches!(pieces.get(j), Some(Piece::Hole(_))) && !states.contains(&(j + 1)) {
                states.push(j + 1);
            }
            i += 1;
        }
    };
    let mut states = vec![0usize];
    close(&mut states);
    for c in text.chars() {
        let mut next = Vec::new();
        for &j in &states {
            match pieces.get(j) {
                Some(Piece::Char(l)) if *l == c => next.push(j + 1),
                Some(Piece::Hole(chars)) if allowed(*chars, c) => next.push(j),
                _ => {}
            }
        }
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return false;
        }
        states = next;
        close(&mut states);
    }
    !whole || states.contains(&pieces.len())
}

/// The ARN templates the service rules add to a resource type beyond the reference's (documented forms the reference
/// does not list).
fn extra_templates(
    service: &str,
    rt: iam_reference::ResourceType,
) -> impl Iterator<Item = &'static str> + '_ {
    iam_realapi::rules::EXTRA_TEMPLATES
        .iter()
        .filter(move |e| e.service == service && e.resource_type == rt.name())
        .map(|e| e.template)
}
