//! Reading a policy document (text or an already-parsed JSON node) into a [`Policy`], reporting every problem
//! as a located diagnostic instead of failing.

use super::*;
use crate::condition::Operator;
use crate::diag::{Code, Source};
use crate::json::{self, Member, Node, NodeKind};
use crate::pattern::{self, ArnPattern};

/// Errors that make a policy invalid for AWS but leave the statement's meaning clear, so it is still evaluated.
const EVALUABLE_ERRORS: [&str; 2] = ["variable-in-old-version", "variable-not-allowed"];

const POLICY_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Parses policy text. Spans point into `text`.
pub fn parse_policy_text(kind: PolicyKind, id: &str, name: &str, text: &str) -> Policy {
    match json::parse(text) {
        Ok(node) => parse_policy_node(kind, id, name, &node, text),
        Err(diag) => Policy {
            id: PolicyId::from_text(id),
            name: name.to_string(),
            kind,
            version: Version::V2008,
            statements: Vec::new(),
            diagnostics: vec![diag.locate(Source::Policy(PolicyId::from_text(id)), text)],
            readable: false,
        },
    }
}

/// Parses a policy from a JSON node; `text` is the source the node's spans point into (for line:column).
pub fn parse_policy_node(
    kind: PolicyKind,
    id: &str,
    name: &str,
    node: &Node,
    text: &str,
) -> Policy {
    parse_policy_node_indexed(
        kind,
        id,
        name,
        node,
        text,
        &crate::diag::LineIndex::new(text),
    )
}

/// Like [`parse_policy_node`], reusing a line index of `text` (one index serves every policy of a scenario; every
/// location is read from it, so `text` itself is not read again).
pub fn parse_policy_node_indexed(
    kind: PolicyKind,
    id: &str,
    name: &str,
    node: &Node,
    _text: &str,
    index: &crate::diag::LineIndex<'_>,
) -> Policy {
    let mut p = Parser { diags: Vec::new() };
    let (version, mut statements, readable) = p.policy(kind, node);
    p.size_quota(kind, node, _text);
    for st in &mut statements {
        st.location = Some(index.location(st.span));
    }
    Policy {
        id: PolicyId::from_text(id),
        name: name.to_string(),
        kind,
        version,
        statements,
        diagnostics: p
            .diags
            .into_iter()
            .map(|d| d.locate_in(Source::Policy(PolicyId::from_text(id)), index))
            .collect(),
        readable,
    }
}

struct Parser {
    diags: Vec<Diagnostic>,
}

/// AWS's size quota for a policy of this kind, in characters, with where it comes from; `None` where it depends on
/// the service (resource-based and VPC endpoint policies). IAM does not count white space; AWS Organizations does
/// ("All characters in your SCP count against its maximum size", and the same of RCPs).
fn size_quota(kind: PolicyKind) -> Option<(usize, &'static str)> {
    match kind {
        PolicyKind::Identity | PolicyKind::PermissionsBoundary => Some((
            6_144,
            "IAM and AWS STS quotas: managed policy size 6,144 characters (inline policies: user 2,048, group \
             5,120, role 10,240); IAM doesn't count white space",
        )),
        PolicyKind::Session => Some((
            2_048,
            "IAM User Guide, Session policies: the plaintext of inline and managed session policies can't exceed \
             2,048 characters",
        )),
        PolicyKind::Scp | PolicyKind::Rcp => Some((
            5_120,
            "Organizations User Guide, Quotas: maximum size of a service or resource control policy document, \
             5,120 characters",
        )),
        PolicyKind::Resource | PolicyKind::VpcEndpoint => None,
    }
}

impl Parser {
    /// A warning, not an error, past the size AWS accepts: people simulate drafts before splitting them.
    fn size_quota(&mut self, kind: PolicyKind, node: &Node, text: &str) {
        let Some((quota, source)) = size_quota(kind) else {
            return;
        };
        let counts_white_space = matches!(kind, PolicyKind::Scp | PolicyKind::Rcp);
        let size = text.get(node.span.start..node.span.end).map_or(0, |t| {
            t.chars()
                .filter(|c| counts_white_space || !c.is_whitespace())
                .count()
        });
        if size > quota {
            let counted = if counts_white_space {
                "characters, white space included"
            } else {
                "characters without white space"
            };
            self.warn(
                crate::diag::Code::PolicySizeQuota,
                format!(
                    "this {} is {size} {counted}, over AWS's quota of {quota} ({source})",
                    kind.label()
                ),
                "split the policy, or remove statements; AWS refuses to attach a policy over its quota",
                Span::new(node.span.start, node.span.start + 1),
            );
        }
    }

    fn err(&mut self, code: Code, message: String, help: &str, span: Span) {
        self.diags
            .push(Diagnostic::error(code, message, help, Some(span)));
    }

    fn warn(&mut self, code: Code, message: String, help: &str, span: Span) {
        self.diags
            .push(Diagnostic::warning(code, message, help, Some(span)));
    }

    fn policy(&mut self, kind: PolicyKind, node: &Node) -> (Version, Vec<Statement>, bool) {
        let Some(members) = node.as_object() else {
            self.err(
                crate::diag::Code::WrongValueType,
                format!("a policy must be a JSON object, found {}", node.type_name()),
                "a policy looks like `{\"Version\": \"2012-10-17\", \"Statement\": [...]}`",
                node.span,
            );
            return (Version::V2008, Vec::new(), false);
        };
        self.unknown_elements(members, &POLICY_ELEMENTS, "policy");
        let version = match node.get("Version") {
            None => Version::V2008,
            Some(v) => match v.as_str() {
                Some("2012-10-17") => Version::V2012,
                Some("2008-10-17") => Version::V2008,
                _ => {
                    self.err(
                        crate::diag::Code::InvalidVersion,
                        format!(
                            "`Version` must be \"2012-10-17\" or \"2008-10-17\", found {}",
                            show(v)
                        ),
                        "use \"2012-10-17\", the current policy language version",
                        v.span,
                    );
                    Version::V2012
                }
            },
        };
        if let Some(id) = node.get("Id") {
            if id.as_str().is_none() {
                self.wrong_type(id, "`Id`", "a string");
            }
        }
        let statements = match node.get("Statement") {
            None => {
                self.err(
                    crate::diag::Code::MissingStatement,
                    "the policy has no `Statement` element".to_string(),
                    "add `\"Statement\": [ { \"Effect\": \"Allow\", \"Action\": …, \"Resource\": … } ]`",
                    node.span,
                );
                Vec::new()
            }
            Some(s) => match &s.kind {
                NodeKind::Object(_) => vec![self.statement(kind, version, 0, s)],
                NodeKind::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.statement(kind, version, i, item))
                    .collect(),
                _ => {
                    self.wrong_type(s, "`Statement`", "an object or an array of objects");
                    Vec::new()
                }
            },
        };
        let mut sids = std::collections::HashSet::new();
        for st in &statements {
            if let Some(sid) = &st.sid {
                if !sids.insert(sid.as_str()) {
                    self.warn(
                        crate::diag::Code::DuplicateSid,
                        format!("more than one statement has the Sid `{sid}`"),
                        "Sids should be unique within a policy; some policy types reject duplicates",
                        st.span,
                    );
                }
            }
        }
        (version, statements, true)
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        self.err(
            crate::diag::Code::WrongValueType,
            format!("{what} must be {expected}, found {}", node.type_name()),
            "check the IAM JSON policy grammar for this element",
            node.span,
        );
    }

    fn unknown_elements(&mut self, members: &[Member], known: &[&str], context: &str) {
        for m in json::repeated_members(members) {
            self.err(
                crate::diag::Code::DuplicateElement,
                format!("the {context} has `{}` more than once", m.name),
                "an element may appear only once; merge the values into one element",
                m.name_span,
            );
        }
        for m in members {
            if !known.contains(&m.name.as_ref()) {
                let hint = known
                    .iter()
                    .find(|k| {
                        k.eq_ignore_ascii_case(&m.name)
                            || k.eq_ignore_ascii_case(m.name.trim_end_matches('s'))
                    })
                    .map(|k| format!("did you mean `{k}`? "))
                    .unwrap_or_default();
                self.err(
                    crate::diag::Code::UnknownElement,
                    format!("unknown {context} element `{}`", m.name),
                    &format!("{hint}a {context} may contain {}", known.join(", ")),
                    m.name_span,
                );
            }
        }
    }

    fn statement(
        &mut self,
        kind: PolicyKind,
        version: Version,
        index: usize,
        node: &Node,
    ) -> Statement {
        // Only the diagnostics from here on are this statement's (counting all of them per statement was
        // quadratic in the number of statements).
        let diags_before = self.diags.len();
        let mut st = Statement {
            index,
            sid: None,
            effect: Effect::Deny,
            action: None,
            resource: None,
            principal: None,
            conditions: Vec::new(),
            span: node.span,
            location: None,
            unevaluable: Vec::new(),
        };
        let Some(members) = node.as_object() else {
            self.wrong_type(node, "a statement", "an object");
            st.unevaluable
                .push("the statement is not a JSON object".to_string());
            return st;
        };
        self.unknown_elements(members, &STATEMENT_ELEMENTS, "statement");
        if let Some(sid) = node.get("Sid") {
            match sid.as_str() {
                Some(s) => st.sid = Some(s.to_string()),
                None => self.wrong_type(sid, "`Sid`", "a string"),
            }
        }
        match node.get("Effect") {
            None => self.err(
                crate::diag::Code::MissingEffect,
                "the statement has no `Effect`".to_string(),
                "add `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`",
                node.span,
            ),
            Some(e) => match e.as_str() {
                Some("Allow") => st.effect = Effect::Allow,
                Some("Deny") => st.effect = Effect::Deny,
                None => self.wrong_type(e, "`Effect`", "the string \"Allow\" or \"Deny\""),
                Some(_) => self.err(
                    crate::diag::Code::UnknownEffect,
                    format!("`Effect` must be \"Allow\" or \"Deny\", found {}", show(e)),
                    "the values are case-sensitive: \"Allow\" or \"Deny\"",
                    e.span,
                ),
            },
        }
        st.action = self.actions(node);
        st.resource = self.resources(kind, version, node);
        st.principal = self.principals(kind, node);
        if let (Some(p), Some(np)) = (&st.principal, node.get("NotPrincipal")) {
            if p.negated && st.effect == Effect::Allow {
                // IAM User Guide, NotPrincipal: "NotPrincipal with Allow" is not supported.
                self.warn(
                    crate::diag::Code::NotPrincipalWithAllow,
                    "`NotPrincipal` with `\"Effect\": \"Allow\"`: AWS does not support this combination".to_string(),
                    "name the principals to allow in `Principal`, or use `Deny` with `NotPrincipal`",
                    np.span,
                );
            }
            if p.negated && p.items.iter().any(|i| i.entry == PrincipalEntry::Everyone) {
                self.warn(
                    crate::diag::Code::NotPrincipalEveryone,
                    "`NotPrincipal: \"*\"` excludes every principal, so the statement matches no one".to_string(),
                    "list the principals to exclude instead of `*`",
                    np.span,
                );
            }
        }
        if let Some(c) = node.get("Condition") {
            st.conditions = self.conditions(version, c);
        }
        // Organizations User Guide, RCP syntax: "The effect of Allow is only supported for the RCPFullAWSAccess
        // policy", so a custom RCP that allows anything else is refused when it is created.
        if kind == PolicyKind::Rcp && st.effect == Effect::Allow && !st.allows_everything() {
            let span = node.get("Effect").map_or(node.span, |e| e.span);
            self.warn(
                crate::diag::Code::RcpAllowNotSupported,
                "an RCP statement with `\"Effect\": \"Allow\"`: AWS Organizations accepts Allow only in the managed \
                 RCPFullAWSAccess policy (Allow `*` for every principal and resource), so it would refuse this RCP"
                    .to_string(),
                "write RCPs as Deny statements; model RCPFullAWSAccess as {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"*\", \"Resource\": \"*\"}",
                span,
            );
        }
        for d in self
            .diags
            .get(diags_before..)
            .unwrap_or_default()
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| !EVALUABLE_ERRORS.contains(&d.code.as_str()))
        {
            st.unevaluable.push(d.message.clone());
        }
        st
    }

    /// Reads a string or an array of strings, with spans.
    fn strings(&mut self, node: &Node, what: &str) -> Vec<(String, Span)> {
        match &node.kind {
            NodeKind::String(s) => vec![(s.to_string(), node.span)],
            NodeKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item.as_str() {
                        Some(s) => out.push((s.to_string(), item.span)),
                        None => self.wrong_type(item, &format!("each value of {what}"), "a string"),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(node, what, "a string or an array of strings");
                Vec::new()
            }
        }
    }

    fn pair<'n, 't>(
        &mut self,
        node: &'n Node<'t>,
        a: &str,
        b: &str,
        required: bool,
    ) -> Option<(&'n Node<'t>, bool)> {
        let (both, missing) = match a {
            "Action" => (Code::ActionAndNotaction, Code::MissingAction),
            "Resource" => (Code::ResourceAndNotresource, Code::MissingResource),
            _ => (Code::PrincipalAndNotprincipal, Code::MissingPrincipal),
        };
        match (node.get(a), node.get(b)) {
            (Some(x), Some(_)) => {
                self.err(
                    both,
                    format!("the statement has both `{a}` and `{b}`"),
                    &format!("a statement has either `{a}` or `{b}`, not both"),
                    x.span,
                );
                None
            }
            (Some(x), None) => Some((x, false)),
            (None, Some(y)) => Some((y, true)),
            (None, None) => {
                if required {
                    self.err(
                        missing,
                        format!("the statement has neither `{a}` nor `{b}`"),
                        &format!("add `\"{a}\": …` to say what the statement is about"),
                        node.span,
                    );
                }
                None
            }
        }
    }

    fn actions(&mut self, node: &Node) -> Option<ActionBlock> {
        let (n, negated) = self.pair(node, "Action", "NotAction", true)?;
        let what = if negated { "`NotAction`" } else { "`Action`" };
        let mut patterns = Vec::new();
        for (raw, span) in self.strings(n, what) {
            if raw != "*" {
                let ok = raw.split_once(':').is_some_and(|(svc, act)| {
                    !svc.is_empty() && !act.is_empty() && !act.contains(':')
                });
                if !ok {
                    self.err(
                        crate::diag::Code::MalformedAction,
                        format!("`{raw}` is not an action"),
                        "actions are written `service:Action`, e.g. `s3:GetObject`, `ec2:Describe*` or `*`",
                        span,
                    );
                    continue;
                }
            }
            patterns.push(ActionPattern {
                pattern: Pattern::new(&raw.to_ascii_lowercase()),
                raw,
                span,
            });
        }
        Some(ActionBlock {
            negated,
            patterns,
            span: n.span,
        })
    }

    fn resources(
        &mut self,
        kind: PolicyKind,
        version: Version,
        node: &Node,
    ) -> Option<ResourceBlock> {
        // Trust and other resource-based policies may omit Resource: the resource is the one they are attached to.
        let required = !matches!(
            kind,
            PolicyKind::Resource | PolicyKind::VpcEndpoint | PolicyKind::Rcp
        );
        let (n, negated) = self.pair(node, "Resource", "NotResource", required)?;
        let what = if negated {
            "`NotResource`"
        } else {
            "`Resource`"
        };
        let variables = version == Version::V2012;
        let mut patterns = Vec::new();
        for (raw, span) in self.strings(n, what) {
            let matcher = self.resource_matcher(&raw, span, variables, version);
            patterns.push(ResourcePattern { raw, matcher, span });
        }
        Some(ResourceBlock {
            negated,
            patterns,
            span: n.span,
        })
    }

    fn resource_matcher(
        &mut self,
        raw: &str,
        span: Span,
        variables: bool,
        version: Version,
    ) -> ResourceMatcher {
        if raw == "*" {
            return ResourceMatcher::All;
        }
        if !variables && raw.contains("${") && version == Version::V2008 {
            // Valid for AWS: under 2008-10-17 the text is literal (IAM User Guide, IAM JSON policy elements:
            // Version), so this is a warning about what the author probably meant.
            self.warn(
                crate::diag::Code::VariableInOldVersion,
                format!("`{raw}` contains `${{`, but policy variables need `\"Version\": \"2012-10-17\"`"),
                "without that version the text is matched literally; add `\"Version\": \"2012-10-17\"` to the policy",
                span,
            );
        }
        // IAM User Guide, IAM policy elements: Variables and tags, Where you can use policy variables: in the
        // Resource element a variable may appear only in the last part of the ARN (after the fifth colon); before
        // it AWS does not substitute, and the text is matched literally.
        let prefix_has_variable = variables
            && raw
                .match_indices(':')
                .nth(4)
                .and_then(|(i, _)| raw.get(..i))
                .is_some_and(|head| head.contains("${"));
        if prefix_has_variable {
            self.warn(
                crate::diag::Code::VariableInArnPrefix,
                format!("`{raw}` has a policy variable before the fifth colon, where AWS does not substitute it; it is matched literally"),
                "use variables only in the resource part of the ARN (after `arn:partition:service:region:account:`)",
                span,
            );
        }
        let variables = variables && !prefix_has_variable;
        let template = match Template::parse(raw, true, variables, span.start + 1) {
            Ok(t) => t,
            Err(d) => {
                self.diags.push(*d);
                return ResourceMatcher::Invalid;
            }
        };
        let malformed = |p: &mut Parser| {
            p.err(
                crate::diag::Code::MalformedArn,
                format!("`{raw}` is not an ARN"),
                "a resource is `*` or an ARN with six parts: `arn:partition:service:region:account:resource`",
                span,
            );
            ResourceMatcher::Invalid
        };
        if template.has_vars {
            // Check the shape with variables standing in as a single character.
            if ArnPattern::from_tok_iter(template.probe(pattern::Tok::Lit('x'))).is_none() {
                return malformed(self);
            }
            return ResourceMatcher::Template(template);
        }
        match ArnPattern::from_tok_iter(template.probe(pattern::Tok::One)) {
            Some(p) => ResourceMatcher::Arn(Box::new(p)),
            None => malformed(self),
        }
    }

    fn principals(&mut self, kind: PolicyKind, node: &Node) -> Option<PrincipalBlock> {
        let present = node.get("Principal").is_some() || node.get("NotPrincipal").is_some();
        if !kind.needs_principal() {
            if let Some(p) = node.get("Principal").or_else(|| node.get("NotPrincipal")) {
                self.err(
                    crate::diag::Code::PrincipalInIdentityPolicy,
                    format!("a {} cannot have a `Principal` or `NotPrincipal`", kind.label()),
                    "the principal of an identity-based policy is the identity it is attached to; remove this element",
                    p.span,
                );
            }
            return None;
        }
        if !present {
            if kind == PolicyKind::Resource {
                self.err(
                    crate::diag::Code::MissingPrincipal,
                    "a resource-based policy statement needs a `Principal` or `NotPrincipal`".to_string(),
                    "say who the statement is about, e.g. `\"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}`",
                    node.span,
                );
            }
            return None;
        }
        let (n, negated) = self.pair(node, "Principal", "NotPrincipal", false)?;
        let mut items = Vec::new();
        match &n.kind {
            NodeKind::String(s) if s == "*" => items.push(PrincipalItem {
                raw: s.to_string(),
                entry: PrincipalEntry::Everyone,
                span: n.span,
            }),
            NodeKind::Object(members) => {
                for m in members {
                    let values = self.strings(&m.value, &format!("`{}`", m.name));
                    for (raw, span) in values {
                        let entry = match m.name.as_ref() {
                            "AWS" => self.aws_principal(&raw, span),
                            "Service" => PrincipalEntry::Service { name: raw.clone() },
                            "Federated" => PrincipalEntry::Federated { name: raw.clone() },
                            "CanonicalUser" => PrincipalEntry::CanonicalUser { id: raw.clone() },
                            other => {
                                self.err(
                                    crate::diag::Code::UnknownElement,
                                    format!("unknown principal type `{other}`"),
                                    "principal types are AWS, Service, Federated and CanonicalUser",
                                    m.name_span,
                                );
                                PrincipalEntry::Invalid
                            }
                        };
                        items.push(PrincipalItem { raw, entry, span });
                    }
                }
            }
            _ => self.wrong_type(n, "`Principal`", "\"*\" or an object such as {\"AWS\": …}"),
        }
        Some(PrincipalBlock {
            negated,
            items,
            span: n.span,
        })
    }

    fn aws_principal(&mut self, raw: &str, span: Span) -> PrincipalEntry {
        if raw == "*" {
            return PrincipalEntry::Everyone;
        }
        if raw.len() == 12 && raw.chars().all(|c| c.is_ascii_digit()) {
            return PrincipalEntry::Account {
                account: raw.to_string(),
            };
        }
        if let Some(parts) = pattern::split_arn(raw) {
            let [_, _, service, _, account, resource] = parts;
            if (service == "iam" || service == "sts") && !account.is_empty() {
                if service == "iam" && resource == "root" {
                    return PrincipalEntry::Account {
                        account: account.to_string(),
                    };
                }
                if raw.contains('*') || raw.contains('?') {
                    self.err(
                        crate::diag::Code::InvalidPrincipal,
                        format!("`{raw}` uses a wildcard, which the Principal element does not support"),
                        "name principals exactly, or use `\"*\"` with a condition on `aws:PrincipalArn` (ArnLike)",
                        span,
                    );
                    return PrincipalEntry::Invalid;
                }
                return PrincipalEntry::Arn {
                    arn: raw.to_string(),
                };
            }
        }
        self.err(
            if raw.starts_with("arn:") {
                crate::diag::Code::MalformedArn
            } else {
                crate::diag::Code::InvalidPrincipal
            },
            format!("`{raw}` is not an AWS principal"),
            "use `*`, a 12-digit account id, or an IAM user, role, root or session ARN",
            span,
        );
        PrincipalEntry::Invalid
    }

    fn conditions(&mut self, version: Version, node: &Node) -> Vec<Condition> {
        let Some(ops) = node.as_object() else {
            self.wrong_type(node, "`Condition`", "an object of operators");
            return Vec::new();
        };
        let mut out = Vec::new();
        for op_member in ops {
            let operator = match Operator::parse(&op_member.name, op_member.name_span) {
                Ok(op) => op,
                Err(d) => {
                    self.diags.push(*d);
                    continue;
                }
            };
            let Some(keys) = op_member.value.as_object() else {
                self.wrong_type(
                    &op_member.value,
                    &format!("`{}`", op_member.name),
                    "an object of condition keys",
                );
                continue;
            };
            for key in keys {
                let values = self.condition_values(&key.value, &key.name);
                if version == Version::V2008 && values.iter().any(|(v, _)| v.contains("${")) {
                    self.warn(
                        crate::diag::Code::VariableInOldVersion,
                        format!("a value of `{}` contains `${{`, but policy variables need `\"Version\": \"2012-10-17\"`", key.name),
                        "without that version the text is compared literally; add `\"Version\": \"2012-10-17\"`",
                        key.value.span,
                    );
                }
                if version == Version::V2012
                    && !operator.base.takes_variables()
                    && values.iter().any(|(v, _)| v.contains("${"))
                {
                    self.err(
                        crate::diag::Code::VariableNotAllowed,
                        format!(
                            "`{}` does not substitute policy variables, so a value of `{}` with `${{` never matches",
                            op_member.name, key.name
                        ),
                        "policy variables work only with String and ARN operators (and in Resource)",
                        key.value.span,
                    );
                }
                let span = Span::new(
                    op_member.name_span.start,
                    key.value.span.end.max(key.name_span.end),
                );
                match Condition::compile(
                    &op_member.name,
                    operator,
                    &key.name,
                    values,
                    version == Version::V2012,
                    span,
                ) {
                    Ok(c) => out.push(c),
                    Err(d) => self.diags.push(*d),
                }
            }
        }
        out
    }

    fn condition_values(&mut self, node: &Node, key: &str) -> Vec<(String, Span)> {
        let one = |n: &Node| -> Option<(String, Span)> {
            match &n.kind {
                NodeKind::String(s) => Some((s.to_string(), n.span)),
                NodeKind::Number(s) => Some((s.to_string(), n.span)),
                NodeKind::Bool(b) => Some((b.to_string(), n.span)),
                _ => None,
            }
        };
        match &node.kind {
            NodeKind::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match one(item) {
                        Some(v) => out.push(v),
                        None => self.wrong_type(
                            item,
                            &format!("each value of `{key}`"),
                            "a string, number or boolean",
                        ),
                    }
                }
                out
            }
            _ => match one(node) {
                Some(v) => vec![v],
                None => {
                    self.wrong_type(
                        node,
                        &format!("the value of `{key}`"),
                        "a string, number, boolean or an array of them",
                    );
                    Vec::new()
                }
            },
        }
    }
}

fn show(node: &Node) -> String {
    match &node.kind {
        NodeKind::String(s) => format!("\"{s}\""),
        _ => node.type_name().to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// A policy of `len` characters without white space, with `pad` spaces inside its braces.
    fn policy_of(len: usize, pad: usize) -> String {
        let head = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::"#;
        let tail = r#""}]}"#;
        let name = "a".repeat(len - head.len() - tail.len());
        format!("{head}{name}{tail}").replacen(
            "{\"Version\"",
            &format!("{{{}\"Version\"", " ".repeat(pad)),
            1,
        )
    }

    fn size_warned(kind: PolicyKind, text: &str) -> bool {
        parse_policy_text(kind, "p", "p", text)
            .diagnostics
            .iter()
            .any(|d| d.code == Code::PolicySizeQuota)
    }

    /// IAM User Guide, IAM and AWS STS quotas: "IAM doesn't count white space when computing the size of a policy
    /// against these limits" (managed policy 6,144 characters).
    #[test]
    fn iam_quotas_leave_white_space_out() {
        let fits = policy_of(6_144, 200);
        assert!(!size_warned(PolicyKind::Identity, &fits));
        assert!(size_warned(PolicyKind::Identity, &policy_of(6_145, 0)));
    }

    /// AWS Organizations User Guide, SCP syntax: "All characters in your SCP count against its maximum size" of
    /// 5,120 characters; the RCP syntax page says the same of RCPs.
    #[test]
    fn organizations_quotas_count_white_space() {
        let exact = policy_of(5_120, 0);
        assert!(!size_warned(PolicyKind::Scp, &exact));
        assert!(!size_warned(PolicyKind::Rcp, &exact));
        let padded = policy_of(5_000, 200);
        assert!(size_warned(PolicyKind::Scp, &padded));
        assert!(size_warned(PolicyKind::Rcp, &padded));
    }
}
