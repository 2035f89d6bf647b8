//! From an API operation to the IAM action: most operations share the action's name (`GetInstanceProfile` →
//! `iam:GetInstanceProfile`); some do not (`ListObjectsV2` → `s3:ListBucket`), and those are rows of [`RENAMED`],
//! each citing its AWS page. Also which service an SDK's or CloudTrail's name for it means.

use serde::Serialize;

/// How the action of a call was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MappingHow {
    /// The message names the action (`is not authorized to perform: iam:GetInstanceProfile`).
    Named,
    /// The operation has an action of the same name in the service.
    SameName,
    /// The operation needs a differently named action ([`RENAMED`]).
    Renamed,
    /// Only the operation was given, and only one service has an action of that name.
    OnlyService,
    /// Not found.
    None,
}

/// How the action was found, for people: the operation, the action, and the rule used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapping {
    pub how: MappingHow,
    /// The action (`iam:GetInstanceProfile`), as the reference spells it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// The mapping in words, with its source when it is a rule.
    pub note: String,
}

/// An operation whose IAM action has another name.
pub(crate) struct Renamed {
    pub service: &'static str,
    pub operation: &'static str,
    pub action: &'static str,
    pub source: &'static str,
}

const S3_OPS: &str = "Amazon S3 User Guide, Required permissions for Amazon S3 API operations \
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html)";

/// Operations whose action has another name. Each row cites the page that names the permission.
pub(crate) const RENAMED: &[Renamed] = &[
    Renamed { service: "s3", operation: "ListObjects", action: "s3:ListBucket", source: S3_OPS },
    Renamed { service: "s3", operation: "ListObjectsV2", action: "s3:ListBucket", source: S3_OPS },
    Renamed { service: "s3", operation: "HeadBucket", action: "s3:ListBucket", source: S3_OPS },
    Renamed { service: "s3", operation: "HeadObject", action: "s3:GetObject", source: S3_OPS },
    Renamed { service: "s3", operation: "ListBuckets", action: "s3:ListAllMyBuckets", source: S3_OPS },
    Renamed { service: "s3", operation: "ListObjectVersions", action: "s3:ListBucketVersions", source: S3_OPS },
    Renamed { service: "s3", operation: "DeleteObjects", action: "s3:DeleteObject", source: S3_OPS },
    Renamed { service: "s3", operation: "CreateMultipartUpload", action: "s3:PutObject", source: S3_OPS },
    Renamed { service: "s3", operation: "UploadPart", action: "s3:PutObject", source: S3_OPS },
    Renamed { service: "s3", operation: "CompleteMultipartUpload", action: "s3:PutObject", source: S3_OPS },
    Renamed { service: "s3", operation: "CopyObject", action: "s3:PutObject", source: S3_OPS },
    Renamed { service: "s3", operation: "ListMultipartUploads", action: "s3:ListBucketMultipartUploads", source: S3_OPS },
    Renamed { service: "s3", operation: "ListParts", action: "s3:ListMultipartUploadParts", source: S3_OPS },
    Renamed { service: "s3", operation: "GetBucketLifecycleConfiguration", action: "s3:GetLifecycleConfiguration", source: S3_OPS },
    Renamed { service: "s3", operation: "PutBucketLifecycleConfiguration", action: "s3:PutLifecycleConfiguration", source: S3_OPS },
    Renamed { service: "s3", operation: "GetBucketNotificationConfiguration", action: "s3:GetBucketNotification", source: S3_OPS },
    Renamed { service: "s3", operation: "PutBucketNotificationConfiguration", action: "s3:PutBucketNotification", source: S3_OPS },
    Renamed {
        service: "lambda",
        operation: "Invoke",
        action: "lambda:InvokeFunction",
        source: "Service Authorization Reference, AWS Lambda: InvokeFunction \"Grants permission to invoke a \
                 function\" (the Invoke API) (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html)",
    },
];

/// The IAM prefix of a service named by an SDK or a CloudTrail `eventSource` (`ec2.amazonaws.com`, `AmazonEC2`,
/// `Amazon S3`, `CloudWatch Logs`), when the reference knows it.
pub(crate) fn service_prefix(name: &str) -> Option<&'static str> {
    let host = name.trim().to_ascii_lowercase();
    let host = host.strip_suffix(".amazonaws.com").unwrap_or(&host);
    // `api.sagemaker`, `api.ecr` → the last label.
    let host = host.rsplit('.').next().unwrap_or(host);
    let squashed: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let mut key = squashed.as_str();
    for p in ["amazon", "aws"] {
        if let Some(rest) = key.strip_prefix(p) {
            if !rest.is_empty() {
                key = rest;
            }
        }
    }
    let key = key
        .strip_suffix("v2")
        .filter(|k| !k.is_empty())
        .unwrap_or(key);
    let alias = match key {
        "monitoring" => "cloudwatch",
        "email" => "ses",
        "cloudwatchlogs" | "logs" => "logs",
        "securitytokenservice" | "sts" => "sts",
        "identitymanagement" | "iam" => "iam",
        "simplesystemsmanagement" | "ssm" => "ssm",
        "secretsmanager" => "secretsmanager",
        "elasticloadbalancing" => "elasticloadbalancing",
        "sqs" | "simplequeueservice" => "sqs",
        "sns" | "simplenotificationservice" => "sns",
        "lambda" => "lambda",
        "dynamodb" => "dynamodb",
        "ec2" => "ec2",
        "s3" => "s3",
        "kms" | "keymanagementservice" => "kms",
        other => other,
    };
    iam_reference::service(alias).map(|s| s.prefix())
}

/// The operation without a CloudTrail API-version suffix (`GetFunction20150331v2` → `GetFunction`,
/// `ListDistributions2020_05_31` → `ListDistributions`).
pub(crate) fn strip_version(op: &str) -> &str {
    let bytes = op.as_bytes();
    let mut end = bytes.len();
    // `v2` after the date.
    if end >= 2
        && bytes.get(end - 2) == Some(&b'v')
        && bytes.get(end - 1).is_some_and(u8::is_ascii_digit)
    {
        end -= 2;
    }
    let digits_start = bytes
        .get(..end)
        .unwrap_or_default()
        .iter()
        .rposition(|c| !(c.is_ascii_digit() || *c == b'_'))
        .map_or(0, |i| i + 1);
    let digits = end - digits_start;
    if digits >= 8 && digits_start > 0 {
        op.get(..digits_start).unwrap_or(op)
    } else {
        op
    }
}

/// The action of `operation` in service `prefix`: a row of [`RENAMED`], else the action of the same name.
pub(crate) fn action_in(prefix: &str, operation: &str) -> Option<(String, Mapping)> {
    let operation = strip_version(operation);
    if let Some(r) = RENAMED
        .iter()
        .find(|r| r.service == prefix && r.operation.eq_ignore_ascii_case(operation))
    {
        let action = iam_reference::action(r.action)?.full_name();
        return Some((
            action.clone(),
            Mapping {
                how: MappingHow::Renamed,
                note: format!(
                    "the `{operation}` operation needs `{action}` (a different name): {}",
                    r.source
                ),
                action: Some(action),
            },
        ));
    }
    let a = iam_reference::service(prefix)?.action(operation)?;
    let action = a.full_name();
    Some((
        action.clone(),
        Mapping {
            how: MappingHow::SameName,
            note: format!(
                "the `{operation}` operation of `{prefix}` maps to the action of the same name, `{action}`, in the service authorization reference"
            ),
            action: Some(action),
        },
    ))
}

/// The services with an action named `operation` (for an operation named without its service).
pub(crate) fn services_with(operation: &str) -> Vec<String> {
    let operation = strip_version(operation);
    let mut out: Vec<String> = RENAMED
        .iter()
        .filter(|r| r.operation.eq_ignore_ascii_case(operation))
        .map(|r| r.action.to_string())
        .collect();
    for s in iam_reference::services() {
        if let Some(a) = s.action(operation) {
            out.push(a.full_name());
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_renamed_row_names_a_real_action() {
        for r in RENAMED {
            assert!(iam_reference::action(r.action).is_some(), "{}", r.action);
            assert!(iam_reference::service(r.service).is_some(), "{}", r.service);
            assert!(!r.source.is_empty());
        }
    }

    #[test]
    fn services_by_sdk_and_cloudtrail_names() {
        assert_eq!(service_prefix("ec2.amazonaws.com"), Some("ec2"));
        assert_eq!(
            service_prefix("monitoring.amazonaws.com"),
            Some("cloudwatch")
        );
        assert_eq!(service_prefix("Amazon S3"), Some("s3"));
        assert_eq!(service_prefix("AmazonDynamoDBv2"), Some("dynamodb"));
        assert_eq!(service_prefix("AWSSecurityTokenService"), Some("sts"));
        assert_eq!(service_prefix("CloudWatch Logs"), Some("logs"));
        assert_eq!(
            service_prefix("api.sagemaker.amazonaws.com"),
            Some("sagemaker")
        );
    }

    #[test]
    fn version_suffixes() {
        assert_eq!(strip_version("GetFunction20150331v2"), "GetFunction");
        assert_eq!(strip_version("ListFunctions20150331"), "ListFunctions");
        assert_eq!(
            strip_version("ListDistributions2020_05_31"),
            "ListDistributions"
        );
        assert_eq!(strip_version("DescribeVolumes"), "DescribeVolumes");
        assert_eq!(strip_version("ListObjectsV2"), "ListObjectsV2");
    }
}
