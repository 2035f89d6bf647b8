//! Checks of `Action` and `NotAction`: actions the reference does not have, NotAction with Allow, actions that
//! are authorized only on `*` but scoped to ARNs, iam:PassRole and iam:CreateServiceLinkedRole on every role,
//! redundant and groupable entries.

use super::{allows, element_span, quoted, removal_span, Cx};
use iam_engine::json::{Node, NodeKind};
use iam_engine::pattern::Pattern;
use iam_engine::policy::{ActionBlock, ResourceBlock, Statement};

pub(super) fn check(cx: &mut Cx<'_, '_>) {
    let pairs: Vec<_> = cx.statements().collect();
    for (st, node) in pairs {
        let Some(block) = &st.action else {
            continue;
        };
        validity(cx, st, block);
        if block.negated && allows(st) {
            cx.report(
                "ALLOW_WITH_NOT_ACTION",
                element_span(node, "NotAction"),
                "`Allow` with `NotAction` allows every action not listed, of every service, including actions AWS \
                 adds later; list the actions to allow instead"
                    .to_string(),
                Some(st.index),
            );
        }
        if !block.negated {
            redundant(cx, st, block, node);
            groupable(cx, st, block);
            resource_level(cx, st, block);
        }
        if cx.options.policy_type.grants_identity() && allows(st) {
            let compiled: Vec<Pattern> = block
                .patterns
                .iter()
                .map(|p| Pattern::new(&p.raw.to_ascii_lowercase()))
                .collect();
            for rule in SENSITIVE {
                sensitive(cx, st, block, &compiled, rule);
            }
        }
    }
}

/// Whether an action pattern has wildcards.
fn is_wild(raw: &str) -> bool {
    raw.contains('*') || raw.contains('?')
}

/// INVALID_SERVICE_IN_ACTION and INVALID_ACTION, with the nearest actions as a fix.
fn validity(cx: &mut Cx<'_, '_>, st: &Statement, block: &ActionBlock) {
    for p in &block.patterns {
        let Some((prefix, name)) = p.raw.split_once(':') else {
            continue;
        };
        if is_wild(prefix) {
            continue;
        }
        let Some(service) = crate::cache::service(prefix) else {
            cx.report(
                "INVALID_SERVICE_IN_ACTION",
                p.span,
                format!("`{prefix}` is no service prefix of the service authorization reference"),
                Some(st.index),
            );
            continue;
        };
        if is_wild(name) {
            if cx.expand(&p.raw).is_empty() {
                cx.report(
                    "INVALID_ACTION",
                    p.span,
                    format!("`{}` matches no action of `{}`", p.raw, service.prefix()),
                    Some(st.index),
                );
            }
            continue;
        }
        if cx.action(&p.raw).is_some() {
            continue;
        }
        let nearest = iam_realapi::suggest::nearest_actions(&p.raw);
        let message = match nearest.first() {
            Some(n) => format!("`{}` does not exist; did you mean `{n}`?", p.raw),
            None => format!("`{}` is no action of `{}`", p.raw, service.prefix()),
        };
        match nearest.first() {
            Some(n) => cx.report_fix(
                "INVALID_ACTION",
                p.span,
                message,
                Some(st.index),
                (format!("replace with `{n}`"), p.span, quoted(n)),
            ),
            None => cx.report("INVALID_ACTION", p.span, message, Some(st.index)),
        }
    }
}

/// The array items of a statement's element, when it is an array.
fn items<'n, 't>(node: &'n Node<'t>, element: &str) -> &'n [Node<'t>] {
    match node.get(element).map(|n| &n.kind) {
        Some(NodeKind::Array(items)) => items,
        _ => &[],
    }
}

/// REDUNDANT_ACTION: an entry that another entry without `?` matches as text covers every action it names, now
/// and later (the other's `*` can take whatever this one's wildcards take).
fn redundant(cx: &mut Cx<'_, '_>, st: &Statement, block: &ActionBlock, node: &Node<'_>) {
    let lowered: Vec<String> = block
        .patterns
        .iter()
        .map(|p| p.raw.to_ascii_lowercase())
        .collect();
    let compiled: Vec<Pattern> = lowered.iter().map(|l| Pattern::new(l)).collect();
    let prefixes: Vec<&str> = lowered
        .iter()
        .map(|l| l.split(':').next().unwrap_or_default())
        .collect();
    // Only an entry of the same service, or one with a wildcard in its service, can cover another.
    let mut by_service: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    let mut wild_service: Vec<usize> = Vec::new();
    for (j, prefix) in prefixes.iter().enumerate() {
        if prefix.contains('*') || prefix.contains('?') {
            wild_service.push(j);
        } else {
            by_service.entry(prefix).or_default().push(j);
        }
    }
    let array = items(node, "Action");
    for (i, p) in block.patterns.iter().enumerate() {
        let (Some(lower), Some(prefix)) = (lowered.get(i), prefixes.get(i)) else {
            continue;
        };
        let same = by_service.get(prefix).map_or(&[][..], |v| v.as_slice());
        let cover = same.iter().chain(wild_service.iter()).copied().find(|&j| {
            let (Some(q), Some(qc), Some(ql)) =
                (block.patterns.get(j), compiled.get(j), lowered.get(j))
            else {
                return false;
            };
            if j == i || q.raw.contains('?') || !qc.matches(lower) {
                return false;
            }
            // Two entries that cover each other: only the later one is redundant.
            let mutual = compiled.get(i).is_some_and(|pc| pc.matches(ql)) && !p.raw.contains('?');
            !mutual || j < i
        });
        let Some(q) = cover.and_then(|j| block.patterns.get(j)) else {
            continue;
        };
        let message = if q.raw.eq_ignore_ascii_case(&p.raw) {
            format!("`{}` is listed twice; remove this one", p.raw)
        } else {
            format!(
                "`{}` is redundant: `{}` already covers it; remove it",
                p.raw, q.raw
            )
        };
        let removal = array
            .iter()
            .position(|n| n.span == p.span)
            .and_then(|k| removal_span(cx.text, array, k));
        match removal {
            Some(span) => cx.report_fix(
                "REDUNDANT_ACTION",
                p.span,
                message,
                Some(st.index),
                (format!("remove `{}`", p.raw), span, String::new()),
            ),
            None => cx.report("REDUNDANT_ACTION", p.span, message, Some(st.index)),
        }
    }
}

/// The leading verb of an action name: `GetObjectAcl` → `Get`.
fn verb(name: &str) -> &str {
    let end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(name.len(), |(i, _)| i);
    name.get(..end).unwrap_or(name)
}

/// ACTIONS_COULD_BE_GROUPED: literal actions that are, together, every action of one verb of one service.
fn groupable(cx: &mut Cx<'_, '_>, st: &Statement, block: &ActionBlock) {
    let mut groups: Vec<(String, Vec<&iam_engine::policy::ActionPattern>)> = Vec::new();
    for p in &block.patterns {
        if is_wild(&p.raw) {
            continue;
        }
        let Some(a) = cx.action(&p.raw) else {
            continue;
        };
        let key = format!("{}:{}", a.service().prefix(), verb(a.name()));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(p),
            None => groups.push((key, vec![p])),
        }
    }
    for (key, listed) in groups {
        if listed.len() < 3 {
            continue;
        }
        let pattern = format!("{key}*");
        let all = cx.expand(&pattern);
        // One handle per action, so the handles compare as the names do.
        let mut names: Vec<iam_reference::Action> =
            listed.iter().filter_map(|p| cx.action(&p.raw)).collect();
        names.sort();
        names.dedup();
        if all.len() == names.len()
            && all.iter().all(|a| names.contains(a))
            && !block
                .patterns
                .iter()
                .any(|p| p.raw.eq_ignore_ascii_case(&pattern))
        {
            if let Some(first) = listed.first() {
                cx.report(
                    "ACTIONS_COULD_BE_GROUPED",
                    first.span,
                    format!(
                        "these {} actions are every `{pattern}` action; `{pattern}` says the same in one entry (and \
                         also grants the `{pattern}` actions AWS adds later)",
                        names.len()
                    ),
                    Some(st.index),
                );
            }
        }
    }
}

/// RESOURCE_LEVEL_PERMISSIONS_NOT_SUPPORTED: an action the reference lists without resource types is authorized
/// on `*` only, so a statement that names ARNs never matches it (the DescribeVolumes surprise).
fn resource_level(cx: &mut Cx<'_, '_>, st: &Statement, block: &ActionBlock) {
    let Some(res) = &st.resource else {
        return;
    };
    if res.negated || res.patterns.is_empty() || res.patterns.iter().any(|r| r.raw == "*") {
        return;
    }
    for p in &block.patterns {
        if is_wild(&p.raw) {
            continue;
        }
        let Some(a) = cx.action(&p.raw) else {
            continue;
        };
        if a.has_resource_types()
            || iam_realapi::rules::NO_PERMISSION
                .iter()
                .any(|n| n.action.eq_ignore_ascii_case(&p.raw))
        {
            continue;
        }
        let effect = if allows(st) { "allows" } else { "denies" };
        cx.report(
            "RESOURCE_LEVEL_PERMISSIONS_NOT_SUPPORTED",
            p.span,
            format!(
                "`{}` supports no resource-level permissions: AWS authorizes it on `*` only, so this statement, \
                 which names ARNs, never {effect} it; give it its own statement with `\"Resource\": \"*\"`",
                a.full_name()
            ),
            Some(st.index),
        );
    }
}

/// A sensitive action with the six codes Access Analyzer reports it under.
pub(super) struct Sensitive {
    pub action: &'static str,
    /// The condition key that limits it, which silences the `*`-resource findings.
    pub limiting_key: &'static str,
    pub star_in_resource: &'static str,
    pub star_in_action_and_resource: &'static str,
    pub star_in_resource_and_not_action: &'static str,
    pub not_resource: &'static str,
    pub star_in_action_and_not_resource: &'static str,
    pub not_action_and_not_resource: &'static str,
    /// The resource part of an IAM ARN that stands for every resource of the kind (`role/*`).
    pub all_of_kind: &'static str,
}

const SENSITIVE: &[Sensitive] = &[
    Sensitive {
        action: "iam:PassRole",
        limiting_key: "iam:PassedToService",
        star_in_resource: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        star_in_action_and_resource: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        star_in_resource_and_not_action: "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        not_resource: "PASS_ROLE_WITH_NOT_RESOURCE",
        star_in_action_and_not_resource: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        not_action_and_not_resource: "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        all_of_kind: "role/*",
    },
    Sensitive {
        action: "iam:CreateServiceLinkedRole",
        limiting_key: "iam:AWSServiceName",
        star_in_resource: "CREATE_SLR_WITH_STAR_IN_RESOURCE",
        star_in_action_and_resource: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
        star_in_resource_and_not_action: "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        not_resource: "CREATE_SLR_WITH_NOT_RESOURCE",
        star_in_action_and_not_resource: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        not_action_and_not_resource: "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        all_of_kind: "role/*",
    },
];

/// Whether a resource entry stands for every IAM resource of the kind: `*`, or an IAM ARN whose resource part is
/// `*` or `role/*`.
fn every_one(raw: &str, all_of_kind: &str) -> bool {
    if raw == "*" {
        return true;
    }
    let Some([_, _, service, _, _, resource]) = iam_engine::pattern::split_arn(raw) else {
        return false;
    };
    (service == "iam" || service == "*") && (resource == "*" || resource == all_of_kind)
}

/// How a statement's actions reach a sensitive action: by name, through a wildcard, or through NotAction.
enum Reach {
    Named,
    Wildcard,
    NotAction,
}

fn reach(
    block: &ActionBlock,
    compiled: &[Pattern],
    action: &str,
    node: &Node<'_>,
) -> Option<(Reach, iam_engine::Span)> {
    let lower = action.to_ascii_lowercase();
    let hit = block
        .patterns
        .iter()
        .zip(compiled)
        .find(|(_, c)| c.matches(&lower))
        .map(|(p, _)| p);
    if block.negated {
        return hit
            .is_none()
            .then(|| (Reach::NotAction, element_span(node, "NotAction")));
    }
    let p = hit?;
    if p.raw.eq_ignore_ascii_case(action) {
        return Some((Reach::Named, p.span));
    }
    let named = block
        .patterns
        .iter()
        .find(|q| q.raw.eq_ignore_ascii_case(action));
    match named {
        Some(q) => Some((Reach::Named, q.span)),
        None => Some((Reach::Wildcard, p.span)),
    }
}

fn sensitive(
    cx: &mut Cx<'_, '_>,
    st: &Statement,
    block: &ActionBlock,
    compiled: &[Pattern],
    rule: &Sensitive,
) {
    let Some(node) = cx.statement_nodes.get(st.index).copied() else {
        return;
    };
    let Some((how, span)) = reach(block, compiled, rule.action, node) else {
        return;
    };
    let Some(res) = &st.resource else {
        return;
    };
    let limited = st
        .conditions
        .iter()
        .any(|c| c.key.eq_ignore_ascii_case(rule.limiting_key));
    let code = match (&how, resource_reach(res, rule)) {
        (_, ResourceReach::None) => return,
        (_, ResourceReach::Star) if limited => return,
        (Reach::Named, ResourceReach::Star) => rule.star_in_resource,
        (Reach::Wildcard, ResourceReach::Star) => rule.star_in_action_and_resource,
        (Reach::NotAction, ResourceReach::Star) => rule.star_in_resource_and_not_action,
        (Reach::Named, ResourceReach::NotResource) => rule.not_resource,
        (Reach::Wildcard, ResourceReach::NotResource) => rule.star_in_action_and_not_resource,
        (Reach::NotAction, ResourceReach::NotResource) => rule.not_action_and_not_resource,
    };
    let how_words = match how {
        Reach::Named => String::new(),
        Reach::Wildcard => " (through a wildcard action)".to_string(),
        Reach::NotAction => " (through NotAction)".to_string(),
    };
    let message = match resource_reach(res, rule) {
        ResourceReach::NotResource => format!(
            "the statement allows `{}`{how_words} with `NotResource`, so on every role it does not list; name \
             the allowed ARNs in `Resource` instead",
            rule.action
        ),
        _ => format!(
            "the statement allows `{}`{how_words} on every role; name the roles in `Resource`, or add a \
             `{}` condition",
            rule.action, rule.limiting_key
        ),
    };
    cx.report(code, span, message, Some(st.index));
}

enum ResourceReach {
    None,
    Star,
    NotResource,
}

fn resource_reach(res: &ResourceBlock, rule: &Sensitive) -> ResourceReach {
    if res.negated {
        if res
            .patterns
            .iter()
            .any(|p| every_one(&p.raw, rule.all_of_kind))
        {
            return ResourceReach::None;
        }
        return ResourceReach::NotResource;
    }
    if res
        .patterns
        .iter()
        .any(|p| every_one(&p.raw, rule.all_of_kind))
    {
        ResourceReach::Star
    } else {
        ResourceReach::None
    }
}
