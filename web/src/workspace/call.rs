//! What the call passes (the scenario's `realApi.call`): the parameters that change what a call authorizes, and
//! which of them the request builder offers for an action — from the service authorization reference (a dependent
//! `iam:PassRole` or KMS action, an `aws:RequestTag` key, the resource types of a launch) and from the real-API
//! service rules that act on them.

use iam_realapi::rules::{self, Param};
use serde::{Deserialize, Serialize};

/// One call parameter, named as the scenario's `realApi.call` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CallParam {
    Tags,
    Role,
    InstanceProfile,
    KeyName,
    LaunchTemplate,
    ImageFromSsmParameter,
    RootDevice,
    KmsKey,
}

/// Why a parameter is offered for an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub param: CallParam,
    /// In words, for people: what in the reference or the service rules makes it matter.
    pub why: String,
}

impl CallParam {
    /// Every parameter, in the order the request builder lists them.
    pub const ALL: [CallParam; 8] = [
        CallParam::Tags,
        CallParam::Role,
        CallParam::InstanceProfile,
        CallParam::KeyName,
        CallParam::LaunchTemplate,
        CallParam::ImageFromSsmParameter,
        CallParam::RootDevice,
        CallParam::KmsKey,
    ];

    /// The member of `realApi.call`.
    pub fn key(self) -> &'static str {
        match self {
            CallParam::Tags => "tags",
            CallParam::Role => "role",
            CallParam::InstanceProfile => "instanceProfile",
            CallParam::KeyName => "keyName",
            CallParam::LaunchTemplate => "launchTemplate",
            CallParam::ImageFromSsmParameter => "imageFromSsmParameter",
            CallParam::RootDevice => "rootDevice",
            CallParam::KmsKey => "kmsKey",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }

    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            CallParam::Tags => "Tags the call applies",
            CallParam::Role => "Role passed to the service",
            CallParam::InstanceProfile => "Instance profile",
            CallParam::KeyName => "Key pair name",
            CallParam::LaunchTemplate => "Launch template",
            CallParam::ImageFromSsmParameter => "AMI from SSM parameter",
            CallParam::RootDevice => "AMI root device",
            CallParam::KmsKey => "KMS key",
        }
    }

    /// An example value, with the principal's account where the value is an ARN.
    pub fn placeholder(self, account: &str) -> String {
        match self {
            CallParam::Tags => "team=blue (one key=value a line)".to_owned(),
            CallParam::Role => format!("arn:aws:iam::{account}:role/ROLE-NAME"),
            CallParam::InstanceProfile => {
                format!("arn:aws:iam::{account}:instance-profile/PROFILE-NAME")
            }
            CallParam::KeyName => "my-key-pair".to_owned(),
            CallParam::LaunchTemplate => "lt-0abcd1234example".to_owned(),
            CallParam::ImageFromSsmParameter => {
                "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64".to_owned()
            }
            CallParam::RootDevice => "ebs".to_owned(),
            CallParam::KmsKey => {
                format!("arn:aws:kms:us-east-1:{account}:key/1234abcd-12ab-34cd-56ef-1234567890ab")
            }
        }
    }

    /// The real-API rules' name for it.
    fn rule_param(self) -> Param {
        match self {
            CallParam::Tags => Param::Tags,
            CallParam::Role => Param::Role,
            CallParam::InstanceProfile => Param::InstanceProfile,
            CallParam::KeyName => Param::KeyName,
            CallParam::LaunchTemplate => Param::LaunchTemplate,
            CallParam::ImageFromSsmParameter => Param::ImageFromSsmParameter,
            CallParam::RootDevice => Param::EbsRootDevice,
            CallParam::KmsKey => Param::KmsKey,
        }
    }
}

/// The root device values `realApi.call.rootDevice` takes (README, call parameters).
pub const ROOT_DEVICES: [&str; 2] = ["ebs", "instance-store"];

/// Whether an action launches instances: the reference lists an image, an instance and a key pair among the
/// resource types it authorizes (`ec2:RunInstances`), and it is not a tagging action (`ec2:CreateTags` lists
/// every EC2 resource type).
fn launches_instances(action: iam_reference::Action) -> bool {
    let has = |name: &str| action.resource_type(name).is_some();
    action.access_level() != iam_reference::AccessLevel::Tagging
        && has("image")
        && has("instance")
        && has("key-pair")
}

/// Whether a rule of the real-API service rules acts on `param` for `action` (`prefix:Name`).
fn a_rule_uses(param: Param, action: &str) -> bool {
    let named = |glob: &str| glob != "*" && rules::glob(glob, action, true);
    rules::CALL_RESOURCES
        .iter()
        .any(|r| r.param == param && named(r.action))
        || rules::CALL_KEYS
            .iter()
            .any(|r| r.param == param && named(r.action))
        || rules::CALL_DEPENDENCIES
            .iter()
            .any(|r| r.param == param && r.actions.iter().any(|a| named(a)))
}

/// The parameters that change what `action` authorizes, each with why, in [`CallParam::ALL`] order.
pub fn offered(action: iam_reference::Action) -> Vec<Offer> {
    let name = action.full_name();
    let dependents = action.dependent_actions();
    let depends_on = |prefix: &str| {
        dependents
            .iter()
            .map(|d| d.name())
            .filter(|d| {
                d.split_once(':')
                    .is_some_and(|(p, _)| p.eq_ignore_ascii_case(prefix))
            })
            .collect::<Vec<_>>()
    };
    let takes_request_tags = action
        .condition_keys()
        .chain(action.resource_types().flat_map(|r| r.condition_keys()))
        .any(|k| k.name().starts_with("aws:RequestTag/") || k.name() == "aws:TagKeys");
    let launch = launches_instances(action);
    let mut out = Vec::new();
    for param in CallParam::ALL {
        let rule = a_rule_uses(param.rule_param(), &name);
        let why = match param {
            CallParam::Tags if takes_request_tags => {
                Some(format!("{name} takes aws:RequestTag keys: the tags it applies are checked"))
            }
            CallParam::Role if dependents.iter().any(|d| d.name() == "iam:PassRole") => Some(format!(
                "the reference lists iam:PassRole as a dependent action of {name}: passing a role needs it"
            )),
            CallParam::KmsKey => {
                let kms = depends_on("kms");
                if !kms.is_empty() {
                    Some(format!(
                        "the reference lists {} as dependent action(s) of {name}",
                        kms.join(", ")
                    ))
                } else if rule {
                    Some(format!(
                        "with a customer managed key, {name} also needs a KMS action on the key"
                    ))
                } else {
                    None
                }
            }
            CallParam::InstanceProfile if launch || rule => Some(format!(
                "{name} with an instance profile passes its role (iam:PassRole to ec2.amazonaws.com)"
            )),
            CallParam::KeyName if launch || rule => {
                Some(format!("{name} with a key pair also authorizes the key-pair resource"))
            }
            CallParam::LaunchTemplate if launch || rule => Some(format!(
                "{name} from a launch template also authorizes the launch-template resource"
            )),
            CallParam::ImageFromSsmParameter if launch || rule => Some(format!(
                "{name} with the AMI given as an SSM parameter also needs ssm:GetParameters on it"
            )),
            CallParam::RootDevice if launch || rule => Some(format!(
                "{name} from an EBS-backed AMI (the default) also authorizes a volume"
            )),
            _ if rule => Some(format!("the service rules use it for {name}")),
            _ => None,
        };
        if let Some(why) = why {
            out.push(Offer { param, why });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn params(action: &str) -> Vec<CallParam> {
        offered(iam_reference::action(action).unwrap())
            .into_iter()
            .map(|o| o.param)
            .collect()
    }

    #[test]
    fn run_instances_is_offered_every_launch_parameter() {
        // Amazon EC2 User Guide, Launch instances (RunInstances): an EBS-backed AMI creates a volume, a key pair
        // and a launch template are resources the call uses; the reference lists iam:PassRole as a dependent
        // action and aws:RequestTag keys for tag-on-create.
        let p = params("ec2:RunInstances");
        for want in [
            CallParam::Tags,
            CallParam::Role,
            CallParam::InstanceProfile,
            CallParam::KeyName,
            CallParam::LaunchTemplate,
            CallParam::ImageFromSsmParameter,
            CallParam::RootDevice,
        ] {
            assert!(p.contains(&want), "{want:?} in {p:?}");
        }
    }

    #[test]
    fn launch_parameters_are_for_launches_only() {
        // ec2:CreateTags lists every EC2 resource type (key-pair, image, instance…) but launches nothing.
        for action in ["ec2:CreateTags", "ec2:DescribeVolumes", "s3:GetObject"] {
            let p = params(action);
            for launch in [
                CallParam::KeyName,
                CallParam::LaunchTemplate,
                CallParam::RootDevice,
                CallParam::ImageFromSsmParameter,
                CallParam::InstanceProfile,
            ] {
                assert!(!p.contains(&launch), "{action}: {p:?}");
            }
        }
    }

    #[test]
    fn role_follows_pass_role_and_tags_follow_request_tag_keys() {
        // Service Authorization Reference, AWS Lambda: CreateFunction has the dependent action iam:PassRole and the
        // condition keys aws:RequestTag/${TagKey} and aws:TagKeys; DescribeVolumes has neither.
        let p = params("lambda:CreateFunction");
        assert!(
            p.contains(&CallParam::Role) && p.contains(&CallParam::Tags),
            "{p:?}"
        );
        assert!(params("ec2:DescribeVolumes").is_empty());
        // iam:GetRole passes nothing and tags nothing.
        assert!(params("iam:GetRole").is_empty());
    }

    #[test]
    fn kms_key_for_encrypting_calls() {
        // Amazon S3 User Guide, SSE-KMS permissions: uploading with a KMS key needs kms:GenerateDataKey (a service
        // rule, the reference does not list it for PutObject); SQS SendMessage likewise.
        assert!(params("s3:PutObject").contains(&CallParam::KmsKey));
        assert!(params("sqs:SendMessage").contains(&CallParam::KmsKey));
        assert!(!params("s3:ListBucket").contains(&CallParam::KmsKey));
    }

    #[test]
    fn keys_round_trip() {
        for p in CallParam::ALL {
            assert_eq!(CallParam::from_key(p.key()), Some(p));
        }
        assert_eq!(CallParam::from_key("keyname"), None);
    }
}
