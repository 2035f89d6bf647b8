//! The real-API analysis as a short pipeline of named steps: options → the call → targets → keys → dependent
//! actions → decide → divergences. Each step lives in its own module; this one holds what they share.

use crate::answer::{CallParameterUse, DivergenceKind, Fix, RealApiAnswer};
use crate::options::RealApiOptions;
use crate::{decide, dependents, explain, keys, suggest, targets};
use iam_engine::{Answer, Request, Scenario, StatementId};
use iam_reference::Action;
use std::cell::RefCell;

/// Step 1: the call being made — the action as the reference knows it, the literal request it starts from,
/// the options, and the account, region and partition names fill in.
pub struct Call<'a> {
    pub action: Action,
    /// `service:Action` as the reference spells it.
    pub action_name: String,
    pub prefix: &'static str,
    pub literal: &'a Request,
    pub opts: &'a RealApiOptions,
    pub account: String,
    pub region: String,
    pub partition: String,
    /// The call parameters that shaped the real request, noted by the steps that used them.
    pub used: RefCell<Vec<CallParameterUse>>,
    /// The service lists `aws:ResourceTag/…` action by action (Systems Manager, Secrets Manager), so an action
    /// whose row lists no keys does not get its resource type's tag keys.
    pub explicit_resource_tags: bool,
}

impl<'a> Call<'a> {
    fn new(action: Action, literal: &'a Request, opts: &'a RealApiOptions) -> Self {
        let account = literal
            .resource_account
            .clone()
            .or_else(|| literal.principal.account.clone())
            .unwrap_or_else(|| "111122223333".to_string());
        let prefix = action.service().prefix();
        let region = crate::rules::global_region(prefix)
            .map(|(r, _)| r.to_string())
            .or_else(|| opts.region.clone())
            .or_else(|| crate::arn::region_of(&literal.resource).map(str::to_string))
            .unwrap_or_else(|| "us-east-1".to_string());
        let partition = crate::arn::partition_of(&literal.resource)
            .or_else(|| {
                literal
                    .principal
                    .arn
                    .as_deref()
                    .and_then(crate::arn::partition_of)
            })
            .unwrap_or("aws")
            .to_string();
        Call {
            action,
            action_name: action.full_name(),
            prefix,
            literal,
            opts,
            account,
            region,
            partition,
            used: RefCell::new(Vec::new()),
            explicit_resource_tags: lists_resource_tags(action.service()),
        }
    }

    /// Whether a rule of `service` that names the `actions` it holds for (every action when none) holds for
    /// this call.
    pub fn rule_holds(&self, service: &str, actions: &[&str]) -> bool {
        service == self.prefix
            && (actions.is_empty()
                || actions
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(&self.action_name)))
    }

    /// Records that a call parameter changed the real request.
    pub fn note_param(&self, name: &str, value: &str, effect: &str) {
        self.used.borrow_mut().push(CallParameterUse {
            name: name.to_string(),
            value: value.to_string(),
            effect: effect.to_string(),
        });
    }
}

/// Whether more than two of the service's actions list `aws:ResourceTag/…` themselves (on the action or one of
/// its rows); where none or almost none do, the reference puts the key on the resource type alone and every
/// action on that type supplies it. A service in [`crate::rules::RESOURCE_TYPE_TAGS`] is read the second way.
fn lists_resource_tags(service: iam_reference::Service) -> bool {
    // The answer depends on the service alone: work it out once per service.
    static CACHE: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<&'static str, bool>>,
    > = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache
        .lock()
        .ok()
        .and_then(|c| c.get(service.prefix()).copied())
    {
        return v;
    }
    let v = scan_resource_tags(service);
    if let Ok(mut c) = cache.lock() {
        c.insert(service.prefix(), v);
    }
    v
}

fn scan_resource_tags(service: iam_reference::Service) -> bool {
    if crate::rules::RESOURCE_TYPE_TAGS
        .iter()
        .any(|r| r.service.eq_ignore_ascii_case(service.prefix()))
    {
        return false;
    }
    let is_tag =
        |k: iam_reference::ConditionKey| k.name().eq_ignore_ascii_case("aws:ResourceTag/${TagKey}");
    service
        .actions()
        .filter(|a| {
            a.condition_keys().any(is_tag)
                || a.resource_types().any(|r| r.condition_keys().any(is_tag))
        })
        .take(3)
        .count()
        > 2
}

/// A difference found by a step, before the decision says whether it is a divergence or a note.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: DivergenceKind,
    pub explanation: String,
    pub fix: Option<Fix>,
    pub keys: Vec<String>,
    /// Statements named by the step itself (the rest are the statements the literal request used and the real
    /// one does not).
    pub statements: Vec<StatementId>,
    /// Worth saying only when it changes which statements apply (an ARN form no statement depends on is noise).
    pub quiet: bool,
}

impl Finding {
    pub fn new(kind: DivergenceKind, explanation: String) -> Self {
        Finding {
            kind,
            explanation,
            fix: None,
            keys: Vec::new(),
            statements: Vec::new(),
            quiet: false,
        }
    }

    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_key(mut self, key: &str) -> Self {
        self.keys.push(key.to_string());
        self
    }
}

/// The real-API answer for one request: the pipeline.
pub fn analyze(
    scenario: &Scenario,
    literal_req: &Request,
    literal: &Answer,
    opts: &RealApiOptions,
    problems: Vec<String>,
) -> RealApiAnswer {
    let Some(action) = iam_reference::action(literal_req.action()) else {
        return suggest::unknown_action(literal_req, literal, problems);
    };
    let call = Call::new(action, literal_req, opts);
    let mut findings = Vec::new();
    let targets = targets::resolve(&call, &mut findings);
    let request = keys::real_request(&call, &scenario.policies, &mut findings);
    let deps = dependents::resolve(&call, &targets, &mut findings);
    let decided = decide::decide(
        &call,
        &scenario.policies,
        &request,
        &targets,
        &deps,
        &mut findings,
    );
    explain::answer(
        &call,
        literal,
        &scenario.policies,
        request,
        decided,
        findings,
        problems,
    )
}
