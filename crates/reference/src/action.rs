//! Actions: lookup by name, wildcard expansion, their resource types, condition keys and
//! dependent actions.

use std::fmt;

use iam_engine::pattern::Pattern;

use crate::err::{LookupError, MissingServicePrefix, UnknownAction, UnknownService};
use crate::key::{self, AvailableKey, ConditionKey, KeyOrigin, KeyType};
use crate::service::{self, ArnMatch, ResourceType, Service};
use crate::table::{self, ACT_ACCESS, ACT_DEP_END, ACT_DEP_POOL, ACT_KEY_END, ACT_KEY_POOL};
use crate::table::{ACT_ROW_END, ACT_SCEN_END, ROW_DEP_END, ROW_DEP_POOL, ROW_KEY_END};
use crate::table::{ROW_KEY_POOL, ROW_RT, SCEN_NAME, SCEN_ROW_END, SCEN_ROW_RT};

/// The access level of an action, as the reference's "Access level" column names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    /// `List`
    List,
    /// `Read`
    Read,
    /// `Write`
    Write,
    /// `Permissions management`
    PermissionsManagement,
    /// `Tagging`
    Tagging,
}

impl AccessLevel {
    /// Every level, in the order of the compiled table's codes.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    fn from_code(code: usize) -> Self {
        Self::ALL.get(code).copied().unwrap_or(AccessLevel::Write)
    }

    /// The reference's name (`Permissions management`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An action (`ec2:AttachVolume`). Cheap to copy; every accessor reads the compiled table.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Action(u32);

impl Action {
    pub(crate) fn from_index(i: usize) -> Self {
        Self(u32::try_from(i).unwrap_or(u32::MAX))
    }

    fn index(self) -> usize {
        self.0 as usize
    }

    /// The service the action belongs to.
    pub fn service(self) -> Service {
        Service::from_index(table::action_service(self.index()))
    }

    /// The action's name without the prefix, as the reference spells it (`AttachVolume`).
    pub fn name(self) -> &'static str {
        // Action i's name is string i.
        table::string(self.index())
    }

    /// `prefix:Name` (`ec2:AttachVolume`), as `Display` writes it.
    pub fn full_name(self) -> String {
        self.to_string()
    }

    /// The access level.
    pub fn access_level(self) -> AccessLevel {
        AccessLevel::from_code(ACT_ACCESS.get(self.index()))
    }

    /// The resource types the action lists, in the reference's order. Empty when the action
    /// supports no resource-level permissions (the request is authorized against `*`).
    pub fn resource_types(self) -> impl ExactSizeIterator<Item = ActionResourceType> + Clone {
        ACT_ROW_END
            .range(self.index())
            .map(move |row| ActionResourceType {
                action: self,
                row: row as u32,
            })
    }

    /// The resource types the action requires (`*` in the reference).
    pub fn required_resource_types(self) -> impl Iterator<Item = ActionResourceType> + Clone {
        self.resource_types().filter(|r| r.required())
    }

    /// Whether the action lists any resource type.
    pub fn has_resource_types(self) -> bool {
        self.resource_types().len() > 0
    }

    /// The action's row for a resource type, by name (case-insensitive).
    pub fn resource_type(self, name: &str) -> Option<ActionResourceType> {
        self.resource_types()
            .find(|r| r.resource_type().name().eq_ignore_ascii_case(name))
    }

    /// The action's row for a resource type.
    pub fn row_for(self, resource_type: ResourceType) -> Option<ActionResourceType> {
        self.resource_types()
            .find(|r| r.resource_type() == resource_type)
    }

    /// The action-level condition keys (the reference's row without a resource type).
    pub fn condition_keys(self) -> impl ExactSizeIterator<Item = ConditionKey> + Clone {
        let svc = self.service();
        ACT_KEY_END
            .range(self.index())
            .map(move |i| svc.local_key(ACT_KEY_POOL.get(i)))
    }

    /// Every action the call also needs, from the action row and all resource-type rows,
    /// without duplicates (`lambda:CreateFunction` → `iam:PassRole`, …).
    pub fn dependent_actions(self) -> Vec<DependentAction> {
        let mut out: Vec<DependentAction> = Vec::new();
        let own = ACT_DEP_END
            .range(self.index())
            .map(|i| DependentAction(ACT_DEP_POOL.get(i) as u32));
        let rows = self.resource_types().flat_map(|r| r.dependent_actions());
        for d in own.chain(rows) {
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }

    /// The action-row dependent actions only (not tied to a resource type).
    pub fn own_dependent_actions(self) -> impl ExactSizeIterator<Item = DependentAction> + Clone {
        ACT_DEP_END
            .range(self.index())
            .map(|i| DependentAction(ACT_DEP_POOL.get(i) as u32))
    }

    /// The alternative sets of resource types the reference gives for some actions
    /// (`ec2:RunInstances`: `EC2-VPC-EBS-Subnet`, …); empty for most actions.
    pub fn scenarios(self) -> impl ExactSizeIterator<Item = ResourceScenario> + Clone {
        ACT_SCEN_END
            .range(self.index())
            .map(move |i| ResourceScenario {
                action: self,
                index: i as u32,
            })
    }

    /// Whether an IAM action pattern (`ec2:Describe*`, `*`) matches the action.
    pub fn matches(self, pattern: &str) -> bool {
        let p = CompiledPattern::new(pattern);
        let svc = self.service();
        p.matches(svc, svc.prefix(), self, &mut String::new())
    }

    /// Which of the action's resource types an ARN is (see [`crate::resource_types_for_arn`]);
    /// empty when the ARN fits none of them (the action then expects the other templates).
    pub fn resource_types_for_arn(self, arn: &str) -> Vec<ArnMatch> {
        service::best_matches(self.resource_types().map(|r| r.resource_type()), arn)
    }

    /// The condition keys a request for this action can carry, each with its type and origin:
    /// the action's keys; then, for `resource_type` (when the action lists it), that row's keys
    /// and the resource type's own keys; then the global keys (without the tag keys a request
    /// carries only where listed, see [`crate::GlobalConditionKey::only_when_listed`]). A key
    /// may appear more than once with different origins; `None` means the action-level and
    /// global keys only.
    pub fn available_condition_keys(
        self,
        resource_type: Option<ResourceType>,
    ) -> Vec<AvailableKey> {
        let mut out: Vec<AvailableKey> = self
            .condition_keys()
            .map(|k| available(k, KeyOrigin::Action))
            .collect();
        if let Some(row) = resource_type.and_then(|rt| self.row_for(rt)) {
            let (resource_type, required) = (row.resource_type(), row.required());
            out.extend(row.condition_keys().map(|k| {
                available(
                    k,
                    KeyOrigin::ActionResourceType {
                        resource_type,
                        required,
                    },
                )
            }));
            out.extend(resource_type.condition_keys().map(|k| {
                available(
                    k,
                    KeyOrigin::ResourceType {
                        resource_type,
                        required,
                    },
                )
            }));
        }
        // The global part is the same for every action: read it from the table once.
        static GLOBALS: std::sync::OnceLock<Vec<AvailableKey>> = std::sync::OnceLock::new();
        let globals = GLOBALS.get_or_init(|| {
            key::global_condition_keys()
                .filter(|g| !g.only_when_listed())
                .map(|g| AvailableKey {
                    name: g.name(),
                    key_type: g.key_type(),
                    origin: KeyOrigin::Global(g.category()),
                })
                .collect()
        });
        out.extend(globals.iter().copied());
        out
    }

    /// Every way a policy's key (`elasticmapreduce:ResourceTag/team`) is available for this
    /// action on `resource_type`, in the order of [`Action::available_condition_keys`]; empty
    /// when the request will not carry it.
    pub fn resolve_condition_key(
        self,
        key: &str,
        resource_type: Option<ResourceType>,
    ) -> Vec<AvailableKey> {
        self.available_condition_keys(resource_type)
            .into_iter()
            .filter(|k| k.matches(key))
            .collect()
    }
}

fn available(k: ConditionKey, origin: KeyOrigin) -> AvailableKey {
    AvailableKey {
        name: k.name(),
        key_type: k.key_type(),
        origin,
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service().prefix(), self.name())
    }
}

impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Action({self})")
    }
}

/// One resource type an action lists, with the action-specific flags and keys of that row.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ActionResourceType {
    action: Action,
    row: u32,
}

impl ActionResourceType {
    fn row(self) -> usize {
        self.row as usize
    }

    /// The action.
    pub fn action(self) -> Action {
        self.action
    }

    /// The resource type (name, ARN templates, its own condition keys).
    pub fn resource_type(self) -> ResourceType {
        let local = ROW_RT.get(self.row()) >> 1;
        self.action.service().local_resource_type(local)
    }

    /// Whether the action requires this resource type (`*` in the reference); an optional one
    /// applies only when the request involves such a resource.
    pub fn required(self) -> bool {
        ROW_RT.get(self.row()) & 1 != 0
    }

    /// The condition keys the reference lists on this row.
    pub fn condition_keys(self) -> impl ExactSizeIterator<Item = ConditionKey> + Clone {
        let svc = self.action.service();
        ROW_KEY_END
            .range(self.row())
            .map(move |i| svc.local_key(ROW_KEY_POOL.get(i)))
    }

    /// The dependent actions the reference lists on this row.
    pub fn dependent_actions(self) -> impl ExactSizeIterator<Item = DependentAction> + Clone {
        ROW_DEP_END
            .range(self.row())
            .map(|i| DependentAction(ROW_DEP_POOL.get(i) as u32))
    }
}

impl fmt::Debug for ActionResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ActionResourceType({} {} {})",
            self.action,
            self.resource_type().name(),
            if self.required() {
                "required"
            } else {
                "optional"
            }
        )
    }
}

/// An action another action's call also needs (`iam:PassRole`), named as the source writes it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DependentAction(u32);

impl DependentAction {
    /// `prefix:Name`.
    pub fn name(self) -> &'static str {
        table::string(self.0 as usize)
    }

    /// The action, when the reference knows it.
    pub fn action(self) -> Option<Action> {
        action(self.name())
    }
}

impl fmt::Debug for DependentAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DependentAction({})", self.name())
    }
}

/// One alternative set of resource types for an action (iam-data's "scenarios"; named so as not to be taken for the engine's `Scenario`, a whole simulation).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResourceScenario {
    action: Action,
    index: u32,
}

impl ResourceScenario {
    /// The scenario's name (`EC2-VPC-EBS-Subnet`).
    pub fn name(self) -> &'static str {
        table::string(SCEN_NAME.get(self.index as usize))
    }

    /// The resource types of the scenario and whether each is required.
    pub fn resource_types(self) -> impl ExactSizeIterator<Item = (ResourceType, bool)> + Clone {
        let svc = self.action.service();
        SCEN_ROW_END.range(self.index as usize).map(move |i| {
            let packed = SCEN_ROW_RT.get(i);
            (svc.local_resource_type(packed >> 1), packed & 1 != 0)
        })
    }
}

impl fmt::Debug for ResourceScenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourceScenario({})", self.name())
    }
}

/// Every action, sorted by service prefix then name: the autocomplete list.
pub fn actions() -> impl ExactSizeIterator<Item = Action> + Clone {
    (0..table::N_ACTIONS).map(Action::from_index)
}

/// Every action with its name (as [`Action::name`]), in the order of [`actions`]. Cheaper than calling `name` on
/// each: the names are read in one pass over the string table (for sweeps over every action).
pub fn actions_with_names() -> impl Iterator<Item = (Action, &'static str)> + Clone {
    table::STRINGS
        .split('\n')
        .take(table::N_ACTIONS)
        .enumerate()
        .map(|(i, name)| (Action::from_index(i), name))
}

/// The action named `service:Action`, case-insensitively (`ec2:describevolumes`).
pub fn action(name: &str) -> Option<Action> {
    lookup_action(name).ok()
}

/// Like [`action`], saying why nothing was found.
pub fn lookup_action(name: &str) -> Result<Action, LookupError> {
    let Some((prefix, action)) = name.split_once(':') else {
        return Err(LookupError::MissingServicePrefix(MissingServicePrefix {
            name: name.to_owned(),
        }));
    };
    let Some(svc) = service::service(prefix) else {
        return Err(LookupError::UnknownService(UnknownService {
            prefix: prefix.to_owned(),
        }));
    };
    svc.action(action).ok_or_else(|| {
        LookupError::UnknownAction(UnknownAction {
            prefix: svc.prefix(),
            action: action.to_owned(),
        })
    })
}

/// An action pattern (`ec2:Describe*`, `iam:*`, `*`, `s3:?etObject`), compiled once and matched ASCII
/// case-insensitively against action names: the engine's wildcard pattern over the lower-cased pattern, matched
/// against the lower-cased name (action names are ASCII).
#[derive(Debug, Clone)]
struct Glob(Pattern);

impl Glob {
    fn new(pattern: &str) -> Self {
        Self(Pattern::new(&pattern.to_ascii_lowercase()))
    }

    /// Whether the whole of the name made of `parts` (`["ec2", ":", "DescribeVolumes"]`) matches; `buf` holds
    /// the lower-cased name when the pattern has a wildcard.
    fn matches(&self, parts: &[&str], buf: &mut String) -> bool {
        if self.0.is_match_all() {
            return true;
        }
        if let Some(exact) = self.0.as_exact() {
            let mut rest = exact.as_bytes();
            for part in parts {
                match rest.split_at_checked(part.len()) {
                    Some((head, tail)) if head.eq_ignore_ascii_case(part.as_bytes()) => rest = tail,
                    _ => return false,
                }
            }
            return rest.is_empty();
        }
        buf.clear();
        for part in parts {
            buf.push_str(part);
        }
        buf.make_ascii_lowercase();
        self.0.matches(buf)
    }
}

/// One compiled action pattern, with the service it is confined to when its prefix is literal.
struct CompiledPattern {
    /// `Some(None)`: the literal prefix names no service, nothing matches.
    service: Option<Option<Service>>,
    /// The pattern after `prefix:` when `service` is set, else the whole pattern.
    glob: Glob,
}

impl CompiledPattern {
    fn new(pattern: &str) -> Self {
        if let Some((prefix, rest)) = pattern.split_once(':') {
            if !prefix.contains(['*', '?']) {
                return Self {
                    service: Some(service::service(prefix)),
                    glob: Glob::new(rest),
                };
            }
        }
        Self {
            service: None,
            glob: Glob::new(pattern),
        }
    }

    /// Whether the pattern matches action `a` of service `svc` (prefix `prefix`).
    fn matches(&self, svc: Service, prefix: &str, a: Action, buf: &mut String) -> bool {
        match self.service {
            Some(Some(s)) => s == svc && self.glob.matches(&[a.name()], buf),
            Some(None) => false,
            None => self.glob.matches(&[prefix, ":", a.name()], buf),
        }
    }
}

/// The actions for which `keep` holds, in table order, walking service by service.
fn filter_actions(mut keep: impl FnMut(Service, &str, Action) -> bool) -> Vec<Action> {
    let mut out = Vec::new();
    for svc in service::services() {
        let prefix = svc.prefix();
        out.extend(svc.actions().filter(|a| keep(svc, prefix, *a)));
    }
    out
}

/// The actions an IAM action pattern matches (`iam:*`, `ec2:Describe*`, `*`, `s3:?etObject`),
/// case-insensitively, in table order. A pattern matches the whole `service:Action` name.
pub fn expand_action_pattern(pattern: &str) -> Vec<Action> {
    let p = CompiledPattern::new(pattern);
    match p.service {
        Some(Some(s)) => {
            let mut buf = String::new();
            s.actions()
                .filter(|a| p.glob.matches(&[a.name()], &mut buf))
                .collect()
        }
        Some(None) => Vec::new(),
        None => {
            let mut buf = String::new();
            filter_actions(|svc, prefix, a| p.matches(svc, prefix, a, &mut buf))
        }
    }
}

/// The actions any of the patterns match (an `Action` list), in table order, without duplicates.
pub fn actions_matching<S: AsRef<str>>(patterns: &[S]) -> Vec<Action> {
    let compiled: Vec<CompiledPattern> = patterns
        .iter()
        .map(|p| CompiledPattern::new(p.as_ref()))
        .collect();
    let mut buf = String::new();
    filter_actions(|svc, prefix, a| compiled.iter().any(|p| p.matches(svc, prefix, a, &mut buf)))
}

/// The actions none of the patterns match: what a `NotAction` list grants, in table order.
pub fn actions_not_matching<S: AsRef<str>>(patterns: &[S]) -> Vec<Action> {
    let compiled: Vec<CompiledPattern> = patterns
        .iter()
        .map(|p| CompiledPattern::new(p.as_ref()))
        .collect();
    let mut buf = String::new();
    filter_actions(|svc, prefix, a| !compiled.iter().any(|p| p.matches(svc, prefix, a, &mut buf)))
}

/// The key's type when `key` names a service key or a global key (`aws:SourceIp` →
/// `IPAddress`), whatever the action.
pub fn condition_key_type(key: &str) -> Option<KeyType> {
    key::global_condition_key(key)
        .map(|g| g.key_type())
        .or_else(|| key::condition_key(key).map(ConditionKey::key_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glob(pattern: &str, name: &str) -> bool {
        Glob::new(pattern).matches(&[name], &mut String::new())
    }

    #[test]
    fn glob_wildcards() {
        // IAM action wildcards: `*` any run, `?` one character, case-insensitive
        // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
        assert!(glob("ec2:Describe*", "ec2:DescribeVolumes"));
        assert!(glob("EC2:describe*", "ec2:DescribeVolumes"));
        assert!(glob("*", "ec2:DescribeVolumes"));
        assert!(glob("ec2:*Volume?", "ec2:DescribeVolumes"));
        assert!(!glob("ec2:*Volume?", "ec2:DescribeVolume"));
        assert!(glob("s3:?etObject", "s3:GetObject"));
        assert!(!glob("s3:Get", "s3:GetObject"));
        assert!(glob("**a*", "xa"));
        assert!(!glob("", "x"));
        assert!(glob("", ""));
    }

    #[test]
    fn glob_over_name_parts() {
        let mut buf = String::new();
        let parts = ["ec2", ":", "DescribeVolumes"];
        assert!(Glob::new("EC2:DESCRIBEVOLUMES").matches(&parts, &mut buf));
        assert!(!Glob::new("ec2:DescribeVolume").matches(&parts, &mut buf));
        assert!(!Glob::new("ec2:DescribeVolumesX").matches(&parts, &mut buf));
        assert!(Glob::new("ec2:describe*").matches(&parts, &mut buf));
        assert!(Glob::new("*:?escribevolumes").matches(&parts, &mut buf));
        assert!(!Glob::new("s3:*").matches(&parts, &mut buf));
    }
}
