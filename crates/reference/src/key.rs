//! Condition keys: the service-defined keys, the global `aws:*` keys, their types, and matching a
//! concrete key (`elasticmapreduce:ResourceTag/team`) to its template (`…/${TagKey}`).

use std::fmt;

use crate::service::Service;
use crate::table::{self, GLOBAL_CATEGORY, GLOBAL_NAME, GLOBAL_TYPE, KEY_NAME, KEY_TYPE};
use iam_engine::pattern::{self, Hole};

/// The type of a condition key's value, as the reference's "Type" column names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyType {
    /// `String`
    String,
    /// `ArrayOfString`
    ArrayOfString,
    /// `Numeric`
    Numeric,
    /// `ArrayOfNumeric`
    ArrayOfNumeric,
    /// `Date`
    Date,
    /// `ArrayOfDate`
    ArrayOfDate,
    /// `Bool`
    Bool,
    /// `ArrayOfBool`
    ArrayOfBool,
    /// `IPAddress`
    IpAddress,
    /// `ArrayOfIPAddress`
    ArrayOfIpAddress,
    /// `ARN`
    Arn,
    /// `ArrayOfARN`
    ArrayOfArn,
    /// `Binary`
    Binary,
    /// `ArrayOfBinary`
    ArrayOfBinary,
}

impl KeyType {
    /// Every type, in the order of the compiled table's codes.
    pub const ALL: [KeyType; 14] = [
        KeyType::String,
        KeyType::ArrayOfString,
        KeyType::Numeric,
        KeyType::ArrayOfNumeric,
        KeyType::Date,
        KeyType::ArrayOfDate,
        KeyType::Bool,
        KeyType::ArrayOfBool,
        KeyType::IpAddress,
        KeyType::ArrayOfIpAddress,
        KeyType::Arn,
        KeyType::ArrayOfArn,
        KeyType::Binary,
        KeyType::ArrayOfBinary,
    ];

    pub(crate) fn from_code(code: usize) -> Self {
        Self::ALL.get(code).copied().unwrap_or(KeyType::String)
    }

    /// The name the reference uses (`ArrayOfARN`).
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::ArrayOfString => "ArrayOfString",
            KeyType::Numeric => "Numeric",
            KeyType::ArrayOfNumeric => "ArrayOfNumeric",
            KeyType::Date => "Date",
            KeyType::ArrayOfDate => "ArrayOfDate",
            KeyType::Bool => "Bool",
            KeyType::ArrayOfBool => "ArrayOfBool",
            KeyType::IpAddress => "IPAddress",
            KeyType::ArrayOfIpAddress => "ArrayOfIPAddress",
            KeyType::Arn => "ARN",
            KeyType::ArrayOfArn => "ArrayOfARN",
            KeyType::Binary => "Binary",
            KeyType::ArrayOfBinary => "ArrayOfBinary",
        }
    }

    /// Whether the key is multivalued (`ArrayOf…`: use `ForAnyValue:`/`ForAllValues:`).
    pub fn is_array(self) -> bool {
        self != self.element()
    }

    /// The type of one value: `ArrayOfString` → `String`; scalars map to themselves.
    pub fn element(self) -> KeyType {
        match self {
            KeyType::ArrayOfString => KeyType::String,
            KeyType::ArrayOfNumeric => KeyType::Numeric,
            KeyType::ArrayOfDate => KeyType::Date,
            KeyType::ArrayOfBool => KeyType::Bool,
            KeyType::ArrayOfIpAddress => KeyType::IpAddress,
            KeyType::ArrayOfArn => KeyType::Arn,
            KeyType::ArrayOfBinary => KeyType::Binary,
            scalar => scalar,
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What part of the request a global key describes (iam-data's grouping of the AWS
/// "global condition context keys" page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GlobalKeyCategory {
    /// The principal making the request (`aws:PrincipalArn`, `aws:username`, …).
    Principal,
    /// The role session (`aws:MultiFactorAuthPresent`, `aws:SourceIdentity`, …).
    Session,
    /// The network path (`aws:SourceIp`, `aws:SourceVpce`, …).
    Network,
    /// The resource (`aws:ResourceAccount`, `aws:ResourceTag/${TagKey}`, …).
    Resource,
    /// The request itself (`aws:CurrentTime`, `aws:SecureTransport`, `aws:RequestTag/${TagKey}`, …).
    Request,
}

impl GlobalKeyCategory {
    /// Every category, in the order of the compiled table's codes.
    pub const ALL: [GlobalKeyCategory; 5] = [
        GlobalKeyCategory::Principal,
        GlobalKeyCategory::Session,
        GlobalKeyCategory::Network,
        GlobalKeyCategory::Resource,
        GlobalKeyCategory::Request,
    ];

    fn from_code(code: usize) -> Self {
        Self::ALL
            .get(code)
            .copied()
            .unwrap_or(GlobalKeyCategory::Request)
    }

    /// The lower-case name iam-data uses (`principal`).
    pub fn as_str(self) -> &'static str {
        match self {
            GlobalKeyCategory::Principal => "principal",
            GlobalKeyCategory::Session => "session",
            GlobalKeyCategory::Network => "network",
            GlobalKeyCategory::Resource => "resource",
            GlobalKeyCategory::Request => "request",
        }
    }
}

/// A condition key a service defines (its "Condition keys" table), possibly a template such as
/// `ec2:ResourceTag/${TagKey}`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConditionKey(pub(crate) u32);

impl ConditionKey {
    fn index(self) -> usize {
        self.0 as usize
    }

    /// The key as the reference writes it (`aws:RequestTag/${TagKey}`).
    pub fn name(self) -> &'static str {
        table::string(KEY_NAME.get(self.index()))
    }

    /// The type of the key's value.
    pub fn key_type(self) -> KeyType {
        KeyType::from_code(KEY_TYPE.get(self.index()))
    }

    /// The service whose table lists the key (`aws:*` keys appear in many services' tables).
    pub fn service(self) -> Service {
        Service::from_index(table::SVC_KEY_END.owner(self.index()))
    }

    /// Whether the name holds a `${Placeholder}`.
    pub fn is_template(self) -> bool {
        pattern::is_template(self.name())
    }

    /// Whether a key written in a policy (`elasticmapreduce:resourcetag/team`) is this key:
    /// case-insensitive; a placeholder stands for one or more characters.
    pub fn matches(self, key: &str) -> bool {
        key_matches(self.name(), key)
    }
}

impl fmt::Debug for ConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ConditionKey({} {})", self.name(), self.key_type())
    }
}

/// A global condition key (`aws:SourceIp`, `aws:PrincipalTag/${TagKey}`), available in every
/// request where its category applies.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GlobalConditionKey(pub(crate) u32);

impl GlobalConditionKey {
    fn index(self) -> usize {
        self.0 as usize
    }

    /// The key as written (`aws:PrincipalTag/${TagKey}`; AWS's page writes `/tag-key`, the
    /// refresh normalises that to `/${TagKey}`).
    pub fn name(self) -> &'static str {
        table::string(GLOBAL_NAME.get(self.index()))
    }

    /// The type of the key's value.
    pub fn key_type(self) -> KeyType {
        KeyType::from_code(GLOBAL_TYPE.get(self.index()))
    }

    /// What the key describes.
    pub fn category(self) -> GlobalKeyCategory {
        GlobalKeyCategory::from_code(GLOBAL_CATEGORY.get(self.index()))
    }

    /// Whether the name holds a `${Placeholder}`.
    pub fn is_template(self) -> bool {
        pattern::is_template(self.name())
    }

    /// Whether a key written in a policy is this key (see [`ConditionKey::matches`]).
    pub fn matches(self, key: &str) -> bool {
        key_matches(self.name(), key)
    }

    /// Whether a request carries the key only when the action or resource type lists it:
    /// `aws:RequestTag/${TagKey}`, `aws:TagKeys` (actions that take tags) and
    /// `aws:ResourceTag/${TagKey}` (resources that support authorization by tags), per the
    /// "AWS global condition context keys" page. [`crate::Action::available_condition_keys`]
    /// leaves these out of the global keys.
    pub fn only_when_listed(self) -> bool {
        LISTED_ONLY
            .iter()
            .any(|k| k.eq_ignore_ascii_case(self.name()))
    }
}

/// Global keys present only where a service's tables list them.
const LISTED_ONLY: [&str; 3] = [
    "aws:RequestTag/${TagKey}",
    "aws:TagKeys",
    "aws:ResourceTag/${TagKey}",
];

impl fmt::Debug for GlobalConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "GlobalConditionKey({} {} {})",
            self.name(),
            self.key_type(),
            self.category().as_str()
        )
    }
}

pub(crate) fn key_matches(template: &str, key: &str) -> bool {
    // A name without `${` is no template: equality decides (most keys; the walk over tokens allocates).
    template.eq_ignore_ascii_case(key)
        || (template.contains("${") && pattern::template_matches(template, key, true, Hole::Any))
}

/// Every global condition key.
pub fn global_condition_keys() -> impl ExactSizeIterator<Item = GlobalConditionKey> + Clone {
    (0..table::N_GLOBAL_KEYS as u32).map(GlobalConditionKey)
}

/// The global key a policy's key (`aws:PrincipalTag/team`, `AWS:SourceIp`) refers to.
pub fn global_condition_key(key: &str) -> Option<GlobalConditionKey> {
    global_condition_keys()
        .find(|g| g.name().eq_ignore_ascii_case(key))
        .or_else(|| global_condition_keys().find(|g| g.matches(key)))
}

/// The service-defined key a policy's key refers to: first in the service its prefix names,
/// then in any service (some services define keys under other prefixes, e.g. `sts` defines
/// `saml:*`). Exact names win over templates.
pub fn condition_key(key: &str) -> Option<ConditionKey> {
    let prefix = key.split(':').next().unwrap_or_default();
    if let Some(found) = crate::service(prefix).and_then(|s| s.condition_key(key)) {
        return Some(found);
    }
    let all = || (0..table::N_CONDITION_KEYS as u32).map(ConditionKey);
    all()
        .find(|k| k.name().eq_ignore_ascii_case(key))
        .or_else(|| all().find(|k| k.is_template() && k.matches(key)))
}

/// A condition key available for a request, with where the reference says it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AvailableKey {
    /// The key as the reference writes it (a template for tag keys).
    pub name: &'static str,
    /// The type of its value.
    pub key_type: KeyType,
    /// Why the key is available.
    pub origin: KeyOrigin,
}

impl AvailableKey {
    /// Whether a key written in a policy is this key.
    pub fn matches(&self, key: &str) -> bool {
        key_matches(self.name, key)
    }
}

/// Where an available key comes from, in the order [`crate::Action::available_condition_keys`]
/// lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyOrigin {
    /// The action's own keys (the row of the actions table without a resource type).
    Action,
    /// The keys the actions table lists on the action's row for this resource type.
    ActionResourceType {
        /// The resource type of the row.
        resource_type: crate::ResourceType,
        /// Whether the action requires that resource type (`*` in the reference).
        required: bool,
    },
    /// The keys of the resource type itself (the reference's "Resource types" table). When the
    /// action lists the type as optional the service may not know the resource, and so not send
    /// these.
    ResourceType {
        /// The resource type.
        resource_type: crate::ResourceType,
        /// Whether the action requires that resource type.
        required: bool,
    },
    /// A global key (not the tag keys, which come only from the lists above: see
    /// [`GlobalConditionKey::only_when_listed`]).
    Global(GlobalKeyCategory),
}
