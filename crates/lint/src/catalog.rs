//! The checks, one row each: the issue code, its severity, what it means, and where it is documented. Codes that
//! IAM Access Analyzer's policy validation has keep its name and finding type; the others are this project's,
//! in the same style.

use crate::finding::Severity;

/// One check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// The issue code findings carry.
    pub code: &'static str,
    pub severity: Severity,
    /// What the check finds, in a few words.
    pub title: &'static str,
    /// True when IAM Access Analyzer has the check under this code and finding type.
    pub access_analyzer: bool,
    /// The page that documents it (Access Analyzer's policy check reference for its own codes).
    pub source: &'static str,
}

/// IAM User Guide, Access Analyzer policy check reference.
const AA: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html";
const NOT_ACTION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html";
const NOT_RESOURCE: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html";
const PRINCIPAL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
const MULTIVALUED: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";
const GLOBAL_KEYS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html";
const SAR: &str = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html";
const VARIABLES: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";
const SESSION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session";
const STATEMENT: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html";
const ACTION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";
const IF_EXISTS: &str = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists";
const TEMPLATES: &str =
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html";
const RHINO: &str =
    "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/";

const fn aa(code: &'static str, severity: Severity, title: &'static str) -> Check {
    Check {
        code,
        severity,
        title,
        access_analyzer: true,
        source: AA,
    }
}

const fn own(
    code: &'static str,
    severity: Severity,
    title: &'static str,
    source: &'static str,
) -> Check {
    Check {
        code,
        severity,
        title,
        access_analyzer: false,
        source,
    }
}

use Severity::{Error as E, SecurityWarning as SW, Suggestion as S, Warning as W};

/// Every check, by severity, then code.
pub const CHECKS: &[Check] = &[
    // Errors.
    aa(
        "ARN_ACCOUNT_NOT_ALLOWED",
        E,
        "the service's ARNs have no account",
    ),
    aa(
        "ARN_REGION_NOT_ALLOWED",
        E,
        "the service's ARNs have no Region",
    ),
    aa("DATA_TYPE_MISMATCH", E, "an element of the wrong JSON type"),
    aa(
        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        E,
        "a condition key twice in one operator, differently capitalized",
    ),
    aa("EMPTY_VARIABLE", E, "an empty policy variable `${}`"),
    aa("FEDERATED_PRINCIPAL_NOT_SUPPORTED", E, "a Federated principal in a resource-based policy other than a role trust policy"),
    aa("INVALID_ACTION", E, "an action the service does not have"),
    aa(
        "INVALID_ARN_ACCOUNT",
        E,
        "an account field that is not 12 digits",
    ),
    aa(
        "INVALID_ARN_PREFIX",
        E,
        "a resource that does not start with `arn:`",
    ),
    aa(
        "INVALID_ARN_REGION",
        E,
        "an ARN's Region field that is no Region code",
    ),
    aa(
        "INVALID_ARN_RESOURCE",
        E,
        "an ARN whose resource part is none of its service's resource types",
    ),
    aa(
        "INVALID_ARN_SERVICE_CASE",
        E,
        "an ARN's service field not in lower case",
    ),
    aa(
        "INVALID_CONDITION_DATA_TYPE",
        E,
        "condition values of different JSON types for one key",
    ),
    aa(
        "INVALID_CONDITION_KEY_FORMAT",
        E,
        "a condition key not written `service:key`",
    ),
    aa(
        "INVALID_CONDITION_MULTIPLE_BOOLEAN",
        E,
        "a Bool condition with both true and false",
    ),
    aa(
        "INVALID_CONDITION_OPERATOR",
        E,
        "an unknown condition operator",
    ),
    aa("INVALID_EFFECT", E, "an Effect other than Allow or Deny"),
    aa("INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", E, "a Federated principal that is neither a domain name nor a SAML or OIDC provider ARN"),
    aa(
        "INVALID_GLOBAL_CONDITION_KEY",
        E,
        "an `aws:` key that does not exist",
    ),
    aa("INVALID_KMS_KEY_VALUE", E, "a value of a KMS key condition key that is no KMS key ARN"),
    aa("INVALID_PARTITION", E, "an unknown ARN partition"),
    aa(
        "INVALID_POLICY_ELEMENT",
        E,
        "an unknown or repeated element",
    ),
    aa(
        "INVALID_PRINCIPAL_FORMAT",
        E,
        "a principal that is not a valid principal",
    ),
    aa(
        "INVALID_PRINCIPAL_KEY",
        E,
        "a principal type other than AWS, Service, Federated or CanonicalUser",
    ),
    aa(
        "INVALID_REGION",
        E,
        "an `aws:RequestedRegion` value that is no Region code",
    ),
    aa("INVALID_SERVICE", E, "a condition key of a service prefix the reference does not have"),
    aa(
        "INVALID_SERVICE_CONDITION_KEY",
        E,
        "a condition key the service does not define",
    ),
    aa(
        "INVALID_SERVICE_IN_ACTION",
        E,
        "an action of a service that does not exist",
    ),
    aa(
        "INVALID_SERVICE_PRINCIPAL_FORMAT",
        E,
        "a value of a service-principal condition key that is no service principal",
    ),
    aa(
        "INVALID_VARIABLE_FOR_OPERATOR",
        E,
        "a policy variable with an operator that does not substitute it",
    ),
    aa(
        "INVALID_VERSION",
        E,
        "a Version other than 2012-10-17 or 2008-10-17",
    ),
    aa("INVALID_VPCE_FORMAT", E, "an `aws:SourceVpce` value that is not `vpce-` and 8 or 17 letters and digits"),
    aa("INVALID_VPC_FORMAT", E, "an `aws:SourceVpc` value that is not `vpc-` and 8 or 17 letters and digits"),
    aa("JSON_SYNTAX_ERROR", E, "text that is not JSON"),
    aa("MISMATCHED_ACTION_FOR_PRINCIPAL", E, "an AssumeRole action no principal of the trust statement can use"),
    aa(
        "MISSING_ACTION",
        E,
        "a statement without Action or NotAction",
    ),
    aa("MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", E, "a trust of IAM Roles Anywhere without sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession"),
    aa("MISSING_ARN_ACCOUNT", E, "an ARN without the account its resource type has"),
    aa("MISSING_ARN_FIELD", E, "an ARN without its six fields"),
    aa(
        "MISSING_ARN_REGION",
        E,
        "an ARN without the Region its resource type has",
    ),
    aa(
        "MISSING_BRACE_IN_VARIABLE",
        E,
        "a policy variable without its closing brace",
    ),
    aa("MISSING_EFFECT", E, "a statement without Effect"),
    aa(
        "MISSING_PRINCIPAL",
        E,
        "a resource-based statement without Principal",
    ),
    aa(
        "MISSING_QUALIFIER",
        E,
        "an operator without ForAnyValue/ForAllValues on a multivalued key",
    ),
    aa(
        "MISSING_QUOTE_IN_VARIABLE",
        E,
        "a policy variable's default value without its single quotes",
    ),
    aa(
        "MISSING_RESOURCE",
        E,
        "a statement without Resource or NotResource",
    ),
    aa("MISSING_STATEMENT", E, "a policy without Statement"),
    aa(
        "MISSING_TAG_KEY_IN_CONDITION",
        E,
        "a tag condition key without its tag key (`aws:ResourceTag` for `aws:ResourceTag/owner`)",
    ),
    aa(
        "NULL_WITH_IF_EXISTS",
        E,
        "`NullIfExists`, which is no operator",
    ),
    aa(
        "POLICY_SIZE_EXCEEDS_RCP_QUOTA",
        E,
        "an RCP over 5,120 characters",
    ),
    aa(
        "POLICY_SIZE_EXCEEDS_SCP_QUOTA",
        E,
        "an SCP over 5,120 characters",
    ),
    aa(
        "PRIVATE_IP_ADDRESS",
        E,
        "`aws:SourceIp` with only private addresses: never matches",
    ),
    aa(
        "PRIVATE_NOT_IP_ADDRESS",
        E,
        "`NotIpAddress` on `aws:SourceIp` with only private addresses: always matches",
    ),
    aa("RCP_SYNTAX_ERROR_ACTION", E, "an RCP action of a service RCPs do not apply to"),
    aa("RCP_SYNTAX_ERROR_ALLOW", E, "an Allow statement in an RCP other than RCPFullAWSAccess"),
    aa("RCP_SYNTAX_ERROR_NOTACTION", E, "NotAction in an RCP"),
    aa("RCP_SYNTAX_ERROR_PRINCIPAL", E, "a Principal other than `\"*\"`, or NotPrincipal, in an RCP"),
    aa("ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", E, "NotPrincipal in a role trust policy"),
    aa("ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", E, "Resource or NotResource in a role trust policy"),
    aa("ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", E, "`\"Principal\": \"*\"` in a role trust policy"),
    aa("SCP_SYNTAX_ERROR_ACTION_WILDCARD", E, "an SCP action with a wildcard before its end"),
    aa("SCP_SYNTAX_ERROR_PRINCIPAL", E, "a Principal in an SCP"),
    aa(
        "TYPE_MISMATCH_IP_RANGE",
        E,
        "an IP value that is not an address or CIDR range",
    ),
    aa(
        "UNIQUE_SIDS_REQUIRED",
        E,
        "two statements with the same Sid in an IAM policy",
    ),
    aa("UNSUPPORTED_ACTION_FOR_CONDITION_KEY", E, "a condition key that actions the statement names in full never carry"),
    aa(
        "UNSUPPORTED_ELEMENT_COMBINATION",
        E,
        "Action with NotAction, Resource with NotResource, Principal with NotPrincipal",
    ),
    aa(
        "UNSUPPORTED_GLOBAL_CONDITION_KEY",
        E,
        "`aws:ARN`, which is not supported",
    ),
    aa(
        "UNSUPPORTED_PRINCIPAL",
        E,
        "a Principal in an identity-based policy",
    ),
    aa(
        "UNSUPPORTED_SID",
        E,
        "a Sid with characters other than letters and digits",
    ),
    aa(
        "UNSUPPORTED_SPACE_IN_VARIABLE",
        E,
        "a space in a policy variable's key name",
    ),
    aa(
        "UNSUPPORTED_SYMBOL_IN_VARIABLE",
        E,
        "a policy variable that is not a key name",
    ),
    aa(
        "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
        E,
        "a wildcard inside a principal ARN",
    ),
    aa(
        "VARIABLE_UNSUPPORTED_IN_ELEMENT",
        E,
        "a policy variable in Action or NotAction, where variables are not substituted",
    ),
    aa(
        "VARIABLE_UNSUPPORTED_IN_VERSION",
        E,
        "a policy variable without Version 2012-10-17",
    ),
    aa("WILDCARD_USAGE_TOO_PERMISSIVE", E, "a wildcard in an `aws:userid` value other than after the colon or alone before it"),
    own(
        "POLICY_SIZE_EXCEEDS_SESSION_POLICY_QUOTA",
        E,
        "a session policy over 2,048 characters",
        SESSION,
    ),
    // Security warnings.
    aa("ALLOW_WITH_NOT_PRINCIPAL", SW, "Allow with NotPrincipal"),
    aa(
        "DENY_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        SW,
        "Deny with NotAction and an `aws:ResourceTag` condition: actions without the key are not denied",
    ),
    aa(
        "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        SW,
        "Deny with an `aws:ResourceTag` condition on actions that never carry the key: never denied",
    ),
    aa("DYNAMODB_ATTRIBUTES_WITHOUT_SELECT", SW, "an Allow on `dynamodb:Attributes` without `dynamodb:Select` set to `SPECIFIC_ATTRIBUTES`"),
    aa(
        "FORALLVALUES_WITH_SINGLE_VALUED_KEY",
        SW,
        "ForAllValues on a single-valued key: true when the key is absent",
    ),
    aa("MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", SW, "a trust of an OIDC provider without a condition on its claims"),
    aa("MISSING_GITHUB_REPO_CONDITION_KEY", SW, "a trust of GitHub's OIDC provider without `token.actions.githubusercontent.com:sub`"),
    aa(
        "MISSING_PAIRED_CONDITION_KEYS",
        SW,
        "`aws:VpcSourceIp` without `aws:SourceVpc` in an Allow",
    ),
    aa(
        "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        SW,
        "iam:PassRole through NotAction and NotResource",
    ),
    aa(
        "PASS_ROLE_WITH_NOT_RESOURCE",
        SW,
        "iam:PassRole with NotResource",
    ),
    aa(
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        SW,
        "iam:PassRole through a wildcard action with NotResource",
    ),
    aa(
        "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
        SW,
        "iam:PassRole through a wildcard action on every role",
    ),
    aa(
        "PASS_ROLE_WITH_STAR_IN_RESOURCE",
        SW,
        "iam:PassRole on every role without iam:PassedToService",
    ),
    aa(
        "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        SW,
        "iam:PassRole through NotAction on every role",
    ),
    aa("RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", SW, "an Allow for a service principal without `aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOrgID` or `aws:SourceOrgPaths`"),
    aa("S3_PREFIX_IN_NEGATIVE_CONTEXT", SW, "`s3:prefix` in a Deny with a string operator, or in an Allow with a negated one"),
    aa("STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", SW, "`StringLike` on a key of type ARN, where `ArnLike` belongs"),
    own(
        "ALLOW_WITH_NOT_ACTION",
        SW,
        "Allow with NotAction: every other action, of every service, now and later",
        NOT_ACTION,
    ),
    own(
        "ALLOW_WITH_NOT_RESOURCE",
        SW,
        "Allow with NotResource: every other resource, now and later",
        NOT_RESOURCE,
    ),
    own(
        "FORALLVALUES_WITH_ALLOW",
        SW,
        "Allow with ForAllValues and no Null check: true when the key is absent",
        MULTIVALUED,
    ),
    own(
        "PRIVILEGE_ESCALATION",
        SW,
        "actions on `*` that let the principal raise its own permissions",
        RHINO,
    ),
    own(
        "PUBLIC_ACCESS",
        SW,
        "a resource-based policy that allows everyone, with no condition narrowing who",
        PRINCIPAL,
    ),
    own(
        "TRUST_POLICY_ANY_ACCOUNT",
        SW,
        "a trust policy any AWS account can assume",
        PRINCIPAL,
    ),
    // Warnings.
    aa(
        "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
        W,
        "iam:CreateServiceLinkedRole through NotAction and NotResource",
    ),
    aa(
        "CREATE_SLR_WITH_NOT_RESOURCE",
        W,
        "iam:CreateServiceLinkedRole with NotResource",
    ),
    aa(
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
        W,
        "iam:CreateServiceLinkedRole through a wildcard action with NotResource",
    ),
    aa(
        "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
        W,
        "iam:CreateServiceLinkedRole through a wildcard action on `*`",
    ),
    aa(
        "CREATE_SLR_WITH_STAR_IN_RESOURCE",
        W,
        "iam:CreateServiceLinkedRole on `*`",
    ),
    aa(
        "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
        W,
        "iam:CreateServiceLinkedRole through NotAction on `*`",
    ),
    aa("INVALID_DATE_VALUE", W, "a date written as Unix epoch seconds"),
    aa(
        "INVALID_ROLE_REFERENCE",
        W,
        "a role's unique ID (`AROA…`) as principal, where the role's ARN belongs",
    ),
    aa(
        "INVALID_USER_REFERENCE",
        W,
        "a user's unique ID (`AIDA…`) as principal, where the user's ARN belongs",
    ),
    aa(
        "MISSING_VERSION",
        W,
        "no Version: variables are literal text",
    ),
    aa(
        "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA",
        W,
        "an identity-based policy over its size quota",
    ),
    aa("POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", W, "a role trust policy over 2,048 characters"),
    aa("RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY", W, "an RCP condition on the principal without `aws:PrincipalIsAWSService` false"),
    aa("RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY", W, "an RCP condition on the source of a request without `aws:PrincipalIsAWSService` true"),
    aa("RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK", W, "an RCP condition on the source of a request without a `Null` check of `aws:SourceAccount` or `aws:SourceArn`"),
    aa("SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", W, "a wildcard in `token.actions.githubusercontent.com:sub`"),
    aa(
        "TYPE_MISMATCH",
        W,
        "an operator of the wrong type for the key",
    ),
    aa(
        "TYPE_MISMATCH_BOOLEAN",
        W,
        "a Bool value that is not true or false",
    ),
    aa("TYPE_MISMATCH_DATE", W, "a Date value that is not a date"),
    aa(
        "TYPE_MISMATCH_NUMBER",
        W,
        "a Numeric value that is not a number",
    ),
    aa(
        "TYPE_MISMATCH_STRING",
        W,
        "a BinaryEquals value that is not base64",
    ),
    aa(
        "UNIQUE_SIDS_RECOMMENDED",
        W,
        "two statements with the same Sid",
    ),
    aa(
        "WILDCARD_WITHOUT_LIKE_OPERATOR",
        W,
        "`*` or `?` in a value of an operator without wildcards",
    ),
    own(
        "CONDITION_KEY_NOT_SUPPLIED",
        W,
        "a condition key no action an Action wildcard stands for carries",
        SAR,
    ),
    own(
        "IF_EXISTS_ON_ALWAYS_PRESENT_KEY",
        W,
        "`…IfExists` on a key every request carries",
        IF_EXISTS,
    ),
    own(
        "KEY_ABSENT_FOR_PRINCIPAL",
        W,
        "a key or variable the policy's principal never has",
        GLOBAL_KEYS,
    ),
    own(
        "NOT_PRINCIPAL_EVERYONE",
        W,
        "`NotPrincipal: \"*\"` matches no one",
        PRINCIPAL,
    ),
    own(
        "RESOURCE_LEVEL_PERMISSIONS_NOT_SUPPORTED",
        W,
        "an action without resource-level permissions scoped to ARNs",
        SAR,
    ),
    own(
        "RESOURCE_TYPE_MISMATCH",
        W,
        "an ARN that is none of the statement's actions' resource types",
        SAR,
    ),
    own(
        "SET_OPERATOR_ON_SINGLE_VALUED_KEY",
        W,
        "ForAnyValue on a single-valued key",
        MULTIVALUED,
    ),
    own(
        "VARIABLE_IN_ARN_PREFIX",
        W,
        "a policy variable before the fifth colon of an ARN, where it is not substituted",
        VARIABLES,
    ),
    // Suggestions.
    aa(
        "ALLOW_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        S,
        "Allow with NotAction and an `aws:ResourceTag` condition: allows only actions that carry the key",
    ),
    aa(
        "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE",
        S,
        "Allow with an `aws:ResourceTag` condition on actions that never carry the key: never allowed",
    ),
    aa("EMPTY_ARRAY_ACTION", S, "an empty Action list"),
    aa("EMPTY_ARRAY_CONDITION", S, "a condition key with no values"),
    aa(
        "EMPTY_ARRAY_CONDITION_FORALLVALUES",
        S,
        "ForAllValues with no values: matches only when the key is absent",
    ),
    aa(
        "EMPTY_ARRAY_CONDITION_FORANYVALUE",
        S,
        "ForAnyValue with no values: never matches",
    ),
    aa(
        "EMPTY_ARRAY_CONDITION_IFEXISTS",
        S,
        "…IfExists with no values: matches only when the key is absent",
    ),
    aa("EMPTY_ARRAY_PRINCIPAL", S, "an empty Principal list"),
    aa("EMPTY_ARRAY_RESOURCE", S, "an empty Resource list"),
    aa("EMPTY_OBJECT_CONDITION", S, "an empty Condition block"),
    aa("EMPTY_OBJECT_PRINCIPAL", S, "an empty Principal object"),
    aa("EMPTY_SID_VALUE", S, "an empty Sid"),
    aa(
        "IMPROVE_IP_RANGE",
        S,
        "a CIDR range with bits set after the prefix, which are ignored",
    ),
    aa(
        "NULL_WITH_QUALIFIER",
        S,
        "Null with ForAllValues or ForAnyValue",
    ),
    aa(
        "PRIVATE_IP_ADDRESS_SUBSET",
        S,
        "`aws:SourceIp` mixing private and public addresses",
    ),
    aa("PRIVATE_NOT_IP_ADDRESS_SUBSET", S, "`NotIpAddress` on `aws:SourceIp` with private and public addresses: the private ones have no effect"),
    aa(
        "REDUNDANT_ACTION",
        S,
        "an action another entry of the statement already covers",
    ),
    aa(
        "REDUNDANT_CONDITION_VALUE_NUM",
        S,
        "several values for a Numeric less-than or greater-than operator, where one decides",
    ),
    aa("REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY", S, "an assumed-role session listed with its role"),
    aa(
        "REDUNDANT_RESOURCE",
        S,
        "a resource another entry of the statement already covers",
    ),
    aa(
        "REDUNDANT_STATEMENT",
        S,
        "a statement identical to an earlier one",
    ),
    aa(
        "WILDCARD_IN_SERVICE_NAME",
        S,
        "a wildcard in an ARN's service field",
    ),
    own(
        "ACTIONS_COULD_BE_GROUPED",
        S,
        "every action of a verb listed one by one",
        ACTION,
    ),
    own(
        "EMPTY_ARRAY_STATEMENT",
        S,
        "an empty Statement list: the policy has no effect",
        STATEMENT,
    ),
    own(
        "UNRESOLVED_TEMPLATE_VALUE",
        S,
        "values a template computes (Ref, Fn::GetAtt, Fn::Sub, unknown Terraform values): not checked",
        TEMPLATES,
    ),
];

/// The check with this code.
pub fn check(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_screaming_snake() {
        let mut seen = std::collections::HashSet::new();
        for c in CHECKS {
            assert!(seen.insert(c.code), "{} twice", c.code);
            // Upper-case letters, digits (`S3_PREFIX_IN_NEGATIVE_CONTEXT`) and underscores, starting with a letter.
            assert!(
                c.code.starts_with(|ch: char| ch.is_ascii_uppercase())
                    && c.code
                        .chars()
                        .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_'),
                "{}",
                c.code
            );
            assert!(c.source.starts_with("https://"), "{}", c.code);
        }
    }

    /// The README's list of checks names every check with its severity.
    #[test]
    fn the_readme_lists_every_check() {
        let readme = include_str!("../../../README.md");
        for c in CHECKS {
            let word = match c.severity {
                Severity::Error => "error",
                Severity::SecurityWarning => "security warning",
                Severity::Warning => "warning",
                Severity::Suggestion => "suggestion",
            };
            let marker = if c.access_analyzer { "*" } else { "" };
            let row = format!("| `{}`{marker}", c.code);
            let line = readme.lines().find(|l| l.starts_with(&row));
            assert!(
                line.is_some_and(|l| l.contains(&format!("| {word} |"))),
                "README: no row `{row} … | {word} |`"
            );
        }
    }

    /// The README's table has one row per check, its starred rows are Access Analyzer's checks, and the sentence
    /// above it gives both counts.
    #[test]
    fn the_readme_counts_the_checks() {
        let readme = include_str!("../../../README.md");
        let rows: Vec<&str> = readme
            .lines()
            .skip_while(|l| !l.starts_with("| code | severity | finds |"))
            .skip(2)
            .take_while(|l| l.starts_with("| `"))
            .collect();
        assert_eq!(
            rows.len(),
            CHECKS.len(),
            "README: rows of the table of checks"
        );
        let starred = rows
            .iter()
            .filter(|l| {
                l.split(" | ")
                    .next()
                    .is_some_and(|code| code.ends_with("`*"))
            })
            .count();
        let access_analyzer = CHECKS.iter().filter(|c| c.access_analyzer).count();
        assert_eq!(starred, access_analyzer, "README: starred rows");
        let sentence = format!(
            "There are {} checks; the {access_analyzer} marked * are Access Analyzer's",
            CHECKS.len()
        );
        assert!(
            readme
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(&sentence),
            "README: no sentence `{sentence}`"
        );
    }
}
