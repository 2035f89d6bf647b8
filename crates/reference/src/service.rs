//! Services and their resource types: lookup by prefix, ARN templates, and which resource type an
//! ARN is.

use std::cmp::Ordering;
use std::fmt;

use crate::action::Action;
use crate::key::ConditionKey;
use crate::table::{self, RT_ARN_END, RT_ARN_POOL, RT_KEY_END, RT_KEY_POOL, RT_NAME};
use crate::table::{SVC_ACTION_END, SVC_KEY_END, SVC_NAME, SVC_PREFIX, SVC_RT_END, SVC_URL};
use iam_engine::pattern::{self, split_arn, Hole};

/// An AWS service in the reference, named by its IAM prefix (`ec2`, `elasticmapreduce`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Service(u32);

impl Service {
    pub(crate) fn from_index(i: usize) -> Self {
        Self(u32::try_from(i).unwrap_or(u32::MAX))
    }

    fn index(self) -> usize {
        self.0 as usize
    }

    /// The IAM prefix (`ec2`).
    pub fn prefix(self) -> &'static str {
        table::string(SVC_PREFIX.get(self.index()))
    }

    /// The service's name (`Amazon EC2`).
    pub fn name(self) -> &'static str {
        table::string(SVC_NAME.get(self.index()))
    }

    /// The service's page in the AWS Service Authorization Reference, when known.
    pub fn reference_url(self) -> Option<&'static str> {
        Some(table::string(SVC_URL.get(self.index()))).filter(|u| !u.is_empty())
    }

    /// The service's actions, sorted case-insensitively by name.
    pub fn actions(self) -> impl ExactSizeIterator<Item = Action> + Clone {
        SVC_ACTION_END.range(self.index()).map(Action::from_index)
    }

    /// The action of that name (case-insensitive, without the prefix).
    pub fn action(self, name: &str) -> Option<Action> {
        let range = SVC_ACTION_END.range(self.index());
        let found = binary_search(range.clone(), name, |i| Action::from_index(i).name())?;
        Some(Action::from_index(found))
    }

    /// The service's resource types, sorted by name.
    pub fn resource_types(self) -> impl ExactSizeIterator<Item = ResourceType> + Clone {
        SVC_RT_END.range(self.index()).map(ResourceType::from_index)
    }

    /// The resource type of that name (case-insensitive).
    pub fn resource_type(self, name: &str) -> Option<ResourceType> {
        let range = SVC_RT_END.range(self.index());
        binary_search(range, name, |i| ResourceType::from_index(i).name())
            .map(ResourceType::from_index)
    }

    /// The condition keys the service defines, sorted by name.
    pub fn condition_keys(self) -> impl ExactSizeIterator<Item = ConditionKey> + Clone {
        SVC_KEY_END
            .range(self.index())
            .map(|i| ConditionKey(u32::try_from(i).unwrap_or(u32::MAX)))
    }

    /// The service's key a policy's key refers to: an exact name, or a template it fills
    /// (`elasticmapreduce:ResourceTag/team` → `elasticmapreduce:ResourceTag/${TagKey}`).
    pub fn condition_key(self, key: &str) -> Option<ConditionKey> {
        let range = SVC_KEY_END.range(self.index());
        if let Some(i) = binary_search(range, key, |i| {
            ConditionKey(u32::try_from(i).unwrap_or(u32::MAX)).name()
        }) {
            return Some(ConditionKey(u32::try_from(i).unwrap_or(u32::MAX)));
        }
        self.condition_keys()
            .find(|k| k.is_template() && k.matches(key))
    }

    /// The service's resource type with a service-local index (as the tables store it).
    pub(crate) fn local_resource_type(self, local: usize) -> ResourceType {
        ResourceType::from_index(SVC_RT_END.range(self.index()).start + local)
    }

    /// The service's condition key with a service-local index (as the tables store it).
    pub(crate) fn local_key(self, local: usize) -> ConditionKey {
        ConditionKey(
            u32::try_from(SVC_KEY_END.range(self.index()).start + local).unwrap_or(u32::MAX),
        )
    }

    /// The service's resource types an ARN is (see [`crate::resource_types_for_arn`]).
    pub fn resource_types_for_arn(self, arn: &str) -> Vec<ArnMatch> {
        best_matches(self.resource_types(), arn)
    }
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Service({})", self.prefix())
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// Compares ASCII case-insensitively, the order the tables are sorted in.
pub(crate) fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Binary search over a sorted index range by a name accessor.
pub(crate) fn binary_search(
    range: std::ops::Range<usize>,
    needle: &str,
    name: impl Fn(usize) -> &'static str,
) -> Option<usize> {
    let (mut lo, mut hi) = (range.start, range.end);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match cmp_ignore_case(name(mid), needle) {
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// Every service, sorted by prefix.
pub fn services() -> impl ExactSizeIterator<Item = Service> + Clone {
    (0..table::N_SERVICES).map(Service::from_index)
}

/// The service with that IAM prefix (case-insensitive).
pub fn service(prefix: &str) -> Option<Service> {
    binary_search(0..table::N_SERVICES, prefix, |i| {
        Service::from_index(i).prefix()
    })
    .map(Service::from_index)
}

/// A resource type of a service (`ec2` `volume`), with its ARN template(s) and condition keys.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceType(u32);

impl ResourceType {
    pub(crate) fn from_index(i: usize) -> Self {
        Self(u32::try_from(i).unwrap_or(u32::MAX))
    }

    fn index(self) -> usize {
        self.0 as usize
    }

    /// The service defining the resource type.
    pub fn service(self) -> Service {
        Service::from_index(SVC_RT_END.owner(self.index()))
    }

    /// The resource type's name (`volume`, `bot alias`).
    pub fn name(self) -> &'static str {
        table::string(RT_NAME.get(self.index()))
    }

    /// Its ARN templates (`arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}`); a few
    /// resource types (API Gateway, Lex) have more than one.
    pub fn arn_templates(self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        RT_ARN_END
            .range(self.index())
            .map(|i| table::string(RT_ARN_POOL.get(i)))
    }

    /// The condition keys of the resource type (the "Resource types" table).
    pub fn condition_keys(self) -> impl ExactSizeIterator<Item = ConditionKey> + Clone {
        let svc = self.service();
        RT_KEY_END
            .range(self.index())
            .map(move |i| svc.local_key(RT_KEY_POOL.get(i)))
    }

    /// Whether an ARN fits one of the templates, and how well.
    pub fn match_arn(self, arn: &str) -> Option<ArnMatch> {
        self.arn_templates()
            .filter_map(|t| {
                pattern::arn_template_match(t, arn).map(|(exact, specificity)| ArnMatch {
                    resource_type: self,
                    template: t,
                    exact,
                    specificity,
                })
            })
            .max_by_key(ArnMatch::rank)
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ResourceType({}:{})",
            self.service().prefix(),
            self.name()
        )
    }
}

impl fmt::Display for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `${Placeholder}` names of an ARN template or condition key, in order
/// (`["Partition", "Region", "Account", "VolumeId"]`).
pub fn template_placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find("${") {
        let after = rest.get(open + 2..).unwrap_or_default();
        let Some(close) = after.find('}') else { break };
        out.push(after.get(..close).unwrap_or_default());
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out
}

/// Fills an ARN template's placeholders (to prefill an ARN per resource type): `value` gets each
/// placeholder's name (`Region`, `VolumeId`); placeholders it returns `None` for stay as written.
///
/// ```
/// let arn = iam_reference::fill_template(
///     "arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}",
///     |name| match name {
///         "Partition" => Some("aws".to_owned()),
///         "Region" => Some("us-east-1".to_owned()),
///         "Account" => Some("111122223333".to_owned()),
///         _ => None,
///     },
/// );
/// assert_eq!(arn, "arn:aws:ec2:us-east-1:111122223333:volume/${VolumeId}");
/// ```
pub fn fill_template(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find("${") {
        let after = rest.get(open + 2..).unwrap_or_default();
        let Some(close) = after.find('}') else { break };
        out.push_str(rest.get(..open).unwrap_or_default());
        let name = after.get(..close).unwrap_or_default();
        match value(name) {
            Some(v) => out.push_str(&v),
            None => {
                out.push_str("${");
                out.push_str(name);
                out.push('}');
            }
        }
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// An ARN recognised as a resource type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArnMatch {
    /// The resource type.
    pub resource_type: ResourceType,
    /// The template the ARN fits.
    pub template: &'static str,
    /// `true` when every placeholder matched within one segment (no `/` or `:` in it); `false`
    /// when the template's trailing placeholder had to take a path (`role/${RoleNameWithPath}`
    /// matching `role/team/admin`, `${BucketName}/${ObjectName}` matching `b/dir/key`).
    pub exact: bool,
    /// The number of literal characters of the template: among several fits the most specific
    /// one wins.
    pub specificity: usize,
}

impl ArnMatch {
    fn rank(&self) -> (bool, usize) {
        (self.exact, self.specificity)
    }
}

/// The best matches among candidates: exact fits before path fits, then the most specific
/// template; ties are all returned, in candidate order.
pub(crate) fn best_matches(
    candidates: impl Iterator<Item = ResourceType>,
    arn: &str,
) -> Vec<ArnMatch> {
    let all: Vec<ArnMatch> = candidates.filter_map(|rt| rt.match_arn(arn)).collect();
    let Some(best) = all.iter().map(ArnMatch::rank).max() else {
        return all;
    };
    all.into_iter().filter(|m| m.rank() == best).collect()
}

/// Which resource type(s) an ARN is, across every service, by matching the ARN templates
/// (`arn:aws:ec2:us-east-1:111122223333:volume/vol-1` → `ec2` `volume`). Policy wildcards in the
/// ARN are plain characters here (`volume/*` still fits `volume/${VolumeId}`).
///
/// Ranking: exact fits before path fits; then resource types of the service whose prefix is the
/// ARN's service field (other services repeat templates: `ssm` lists `s3`'s `bucket`,
/// `workspaces-instances` lists `ec2`'s volume); then the most specific template. The ARN's
/// service field is not always an IAM prefix (`s3-object-lambda` ARNs belong to `s3`), so every
/// service's templates are tried.
pub fn resource_types_for_arn(arn: &str) -> Vec<ArnMatch> {
    // Cheap filter before the matcher: the template's service field must fit.
    let Some([_, _, service_field, ..]) = split_arn(arn) else {
        return Vec::new();
    };
    let all: Vec<ArnMatch> = (0..table::N_RESOURCE_TYPES)
        .map(ResourceType::from_index)
        .filter(|rt| {
            rt.arn_templates().any(|t| {
                split_arn(t).is_some_and(|[_, _, field, ..]| {
                    pattern::template_matches(field, service_field, false, Hole::Segment)
                })
            })
        })
        .filter_map(|rt| rt.match_arn(arn))
        .collect();
    let rank = |m: &ArnMatch| {
        let home = m.resource_type.service().prefix() == service_field;
        (m.exact, home, m.specificity)
    };
    let Some(best) = all.iter().map(rank).max() else {
        return all;
    };
    all.into_iter().filter(|m| rank(m) == best).collect()
}
