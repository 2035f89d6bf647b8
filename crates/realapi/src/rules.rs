//! The service rules layer: what the generated service authorization reference does not say about how a service
//! really authorizes a call. Data, not code — each table row names its AWS documentation source; the steps of
//! the analysis (`targets`, `keys`, `dependents`, `decide`) read these tables and hold no service names of
//! their own. To teach the simulator a service's behaviour, add a row here and a case in
//! `tests/cases/real-api-<service>.json` that cites the same page.

/// How much of an ARN a template placeholder may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chars {
    /// One name: no `/` and no `:`.
    Segment,
    /// A name that may contain `/` (a path), but no `:`.
    Path,
    /// A path whose leading `/` the ARN drops: it never begins with `/`.
    PathWithoutLeadingSlash,
    /// Anything, `/` and `:` included (S3 object keys).
    Anything,
    /// One segment that begins with this text: an identifier the service generates with a fixed prefix.
    SegmentWithPrefix(&'static str),
}

/// A naming rule: which characters one service's placeholder may hold.
#[derive(Debug, Clone, Copy)]
pub struct NamingRule {
    /// The service prefix (`s3`), or `*` for every service.
    pub service: &'static str,
    /// The placeholder as the reference names it; a leading `*` matches a suffix (`*WithPath`).
    pub placeholder: &'static str,
    pub chars: Chars,
    pub source: &'static str,
}

/// Placeholders not listed take one segment, except that the template's last placeholder may take the rest of
/// a path when nothing else fits (the reference's own behaviour, for services not described here).
pub static NAMING: &[NamingRule] = &[
    NamingRule {
        service: "s3",
        placeholder: "BucketName",
        chars: Chars::Segment,
        source: "Amazon S3 User Guide, General purpose bucket naming rules: bucket names can consist only of lowercase letters, numbers, periods (.), and hyphens (-)",
    },
    NamingRule {
        service: "s3",
        placeholder: "ObjectName",
        chars: Chars::Anything,
        source: "Amazon S3 User Guide, Naming Amazon S3 objects: the object key name is a sequence of Unicode characters; prefixes and delimiters such as / give a folder-like structure",
    },
    NamingRule {
        service: "s3",
        placeholder: "AccessPointName",
        chars: Chars::Segment,
        source: "Amazon S3 User Guide, Access points naming rules, restrictions, and limitations: access point names must be DNS-compliant, must begin with a number or lowercase letter and can't contain underscores (_), uppercase letters, or periods (.); Using access points: objects accessed through an access point have ARNs arn:aws:s3:region:account-id:accesspoint/access-point-name/object/resource",
    },
    NamingRule {
        service: "s3express",
        placeholder: "BucketName",
        chars: Chars::Segment,
        source: "Amazon S3 User Guide, Directory bucket naming rules: a directory bucket name (base-name--zoneid--x-s3) consists only of lowercase letters, numbers and hyphens (-); Authenticating and authorizing requests: the access control boundary for directory buckets is set only at the bucket level",
    },
    NamingRule {
        service: "logs",
        placeholder: "LogGroupName",
        chars: Chars::Path,
        source: "CloudWatch Logs API Reference, CreateLogGroup: logGroupName pattern [\\.\\-_/#A-Za-z0-9]+ (slashes allowed, colons not)",
    },
    NamingRule {
        service: "logs",
        placeholder: "LogStreamName",
        chars: Chars::Path,
        source: "CloudWatch Logs API Reference, CreateLogStream: logStreamName pattern [^:*]* (the colon and asterisk are not allowed)",
    },
    NamingRule {
        service: "*",
        placeholder: "*WithPath",
        chars: Chars::Path,
        source: "IAM User Guide, IAM identifiers: friendly names and paths — an IAM ARN's resource part is the path followed by the name (role/division_abc/subdivision_xyz/ProductManager)",
    },
    NamingRule {
        service: "ssm",
        placeholder: "ParameterNameWithoutLeadingSlash",
        chars: Chars::PathWithoutLeadingSlash,
        source: "Systems Manager User Guide, Working with parameter hierarchies: parameter names such as /Dev/DBServer/MySQL/db-string are paths, and the ARN is parameter/Dev/DBServer/MySQL/db-string (Restricting IAM permissions using hierarchies: parameters under /Dev/ERP/Oracle are arn:aws:ssm:us-east-2:123456789012:parameter/Dev/ERP/Oracle/*); Service Authorization Reference, AWS Systems Manager: the parameter ARN is arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}, so the name's leading slash is not written twice",
    },
    NamingRule {
        service: "secretsmanager",
        placeholder: "SecretId",
        chars: Chars::Path,
        source: "Secrets Manager API Reference, CreateSecret: Name may contain the characters /_+=.@- (the secret ARN ends with the name and six random characters)",
    },
    NamingRule {
        service: "ecr",
        placeholder: "RepositoryName",
        chars: Chars::Path,
        source: "Amazon ECR API Reference, CreateRepository: repositoryName may include a namespace (project-a/nginx-web-app); pattern (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*",
    },
    NamingRule {
        service: "kms",
        placeholder: "Alias",
        chars: Chars::Path,
        source: "AWS KMS API Reference, CreateAlias: AliasName must begin with alias/ followed by a name such as alias/ExampleAlias; names may contain slashes (alias/aws/ebs)",
    },
    NamingRule {
        service: "execute-api",
        placeholder: "ApiSpecificResourcePath",
        chars: Chars::Path,
        source: "API Gateway Developer Guide, Resource format of permissions for executing API: arn:aws:execute-api:region:account-id:api-id/stage/METHOD_HTTP_VERB/Resource-path",
    },
    NamingRule {
        service: "dynamodb",
        placeholder: "TableName",
        chars: Chars::Segment,
        source: "DynamoDB Developer Guide, Naming rules: table and index names can contain a-z, A-Z, 0-9, _ (underscore), - (dash) and . (dot)",
    },
    NamingRule {
        service: "dynamodb",
        placeholder: "IndexName",
        chars: Chars::Segment,
        source: "DynamoDB Developer Guide, Naming rules: table and index names can contain a-z, A-Z, 0-9, _ (underscore), - (dash) and . (dot)",
    },
    NamingRule {
        service: "states",
        placeholder: "StateMachineName",
        chars: Chars::Segment,
        source: "Step Functions Developer Guide, Authorization for versions and aliases: a version or alias ARN is the state machine ARN followed by :version or :alias, and to authorize it Step Functions uses the state machine's ARN instead of the version ARN or alias ARN",
    },
    NamingRule {
        service: "lambda",
        placeholder: "LayerName",
        chars: Chars::Segment,
        source: "Lambda Developer Guide, Resources and conditions for Lambda actions, Layers: PublishLayerVersion acts on a layer name (arn:aws:lambda:us-west-2:123456789012:layer:my-layer), the other layer actions on a version (…:layer:my-layer:1)",
    },
    NamingRule {
        service: "config",
        placeholder: "ConfigRuleId",
        chars: Chars::SegmentWithPrefix("config-rule-"),
        source: "AWS Config Developer Guide, Supported resource-level permissions for AWS Config Rules API actions: the resource of DeleteConfigRule, GetComplianceDetailsByConfigRule, PutConfigRule, StartConfigRulesEvaluation and the other rule actions is 'Config Rule arn:aws:config:region:accountID:config-rule/config-rule-ID' (the rule's ID, which AWS Config generates, not its name); AWS Config API Reference, ConfigRule: ConfigRuleArn, ConfigRuleId and ConfigRuleName are distinct fields",
    },
    NamingRule {
        service: "lambda",
        placeholder: "FunctionName",
        chars: Chars::Segment,
        source: "Lambda API Reference, CreateFunction: FunctionName pattern; a qualified ARN adds :version or :alias after the name",
    },
];

/// The characters `placeholder` may hold in `service`'s ARNs; `None` when no rule names it.
pub fn naming(service: &str, placeholder: &str) -> Option<Chars> {
    NAMING
        .iter()
        .find(|r| {
            (r.service == "*" || r.service == service)
                && match r.placeholder.strip_prefix('*') {
                    Some(suffix) => placeholder.ends_with(suffix),
                    None => r.placeholder == placeholder,
                }
        })
        .map(|r| r.chars)
}

/// A resource type whose ARN the service authorizes in another form than its template.
#[derive(Debug, Clone, Copy)]
pub struct ArnForm {
    pub service: &'static str,
    pub resource_type: &'static str,
    /// The suffix the authorized ARN carries (and a typed ARN may carry).
    pub suffix: &'static str,
    /// Actions authorized on the bare ARN instead.
    pub bare_for: &'static [&'static str],
    pub source: &'static str,
}

pub static ARN_FORMS: &[ArnForm] = &[ArnForm {
    service: "logs",
    resource_type: "log-group",
    suffix: ":*",
    bare_for: &["TagResource", "UntagResource", "ListTagsForResource", "TagLogGroup", "UntagLogGroup", "ListTagsLogGroup"],
    source: "CloudWatch Logs API Reference, LogGroup: `arn` — this version of the ARN includes a trailing :* after the log group name; use it to refer to the ARN in IAM policies when specifying permissions for most API actions. The exception is TagResource, UntagResource and ListTagsForResource, which require the version without the trailing :* (`logGroupArn`)",
}];

/// A typed child resource that the service authorizes instead of its required parent.
#[derive(Debug, Clone, Copy)]
pub struct ChildForParent {
    pub service: &'static str,
    pub child: &'static str,
    pub parent: &'static str,
    pub source: &'static str,
}

pub static CHILD_FOR_PARENT: &[ChildForParent] = &[ChildForParent {
    service: "dynamodb",
    child: "index",
    parent: "table",
    source: "DynamoDB Developer Guide, Using IAM policy conditions / example policies: to query or scan a secondary index, the policy must allow the index ARN (arn:aws:dynamodb:region:account:table/Books/index/*); the request names the index",
}];

/// The ARN that actions without resource types are authorized against, where a service documents one besides
/// `*`.
#[derive(Debug, Clone, Copy)]
pub struct StarForm {
    pub service: &'static str,
    /// The actions it holds for; empty for every action of the service without resource types.
    pub actions: &'static [&'static str],
    /// Filled like a template (`${Partition}`).
    pub arn: &'static str,
    pub source: &'static str,
}

pub static STAR_FORMS: &[StarForm] = &[
    StarForm {
        service: "s3",
        actions: &[],
        arn: "arn:${Partition}:s3:::*",
        source: "Amazon S3 User Guide, Controlling access to a bucket with user policies: the console example grants s3:ListAllMyBuckets on Resource arn:aws:s3:::* (and that statement works)",
    },
    StarForm {
        service: "logs",
        actions: &["logs:DescribeLogGroups", "logs:DescribeResourcePolicies", "logs:PutResourcePolicy"],
        arn: "arn:${Partition}:logs:${Region}:${Account}:log-group:*",
        source: "Amazon CloudWatch Logs User Guide, Enable logging from AWS services, Logs sent to CloudWatch Logs, User permissions: 'When you specify the logs:DescribeLogGroups, logs:DescribeResourcePolicies, or logs:PutResourcePolicy permission, be sure to set the ARN of its Resource line to use a * wildcard, instead of specifying only a single log group name. For example, \"Resource\": \"arn:aws:logs:us-east-1:111122223333:log-group:*\"' (the V2 permissions give the same three actions on arn:aws:logs:us-east-1:123456789012:*)",
    },
];

/// An action the reference lists without resource types that the service also authorizes on the ARN of the
/// resource it creates: a statement scoped to that ARN applies, as a statement on `*` does.
#[derive(Debug, Clone, Copy)]
pub struct CreatedResource {
    pub action: &'static str,
    /// The service's resource type the typed ARN must be.
    pub resource_type: &'static str,
    pub source: &'static str,
}

pub static AUTHORIZED_ON_CREATED: &[CreatedResource] = &[
    CreatedResource {
        action: "eks:CreateCluster",
        resource_type: "cluster",
        source: "Amazon EKS User Guide, Amazon EKS identity-based policy examples, Create a Kubernetes cluster on the AWS Cloud: the minimum permissions required to create a cluster named my-cluster allow eks:CreateCluster on arn:aws:eks:us-west-2:111122223333:cluster/my-cluster, and a console warning that the actions do not support resource-level permissions and require All resources can be safely ignored",
    },
    CreatedResource {
        action: "elasticfilesystem:CreateFileSystem",
        resource_type: "file-system",
        source: "Amazon EFS User Guide, Using tags with Amazon EFS, Example policy: Allow adding tags to file systems only at the time of creation: the example allows elasticfilesystem:CreateFileSystem on arn:aws:elasticfilesystem:region:account-id:file-system/* (the file system the call creates)",
    },
];

/// A resource outside the reference's resource types that the service documents authorizing an action on: a typed
/// ARN of that form is one of the resources the real call names, beside the action's required resource types.
#[derive(Debug, Clone, Copy)]
pub struct DocumentedResource {
    pub action: &'static str,
    /// What the resource is, as the answer names it.
    pub what: &'static str,
    /// A glob over the ARN (`*` any run of characters), case-sensitive.
    pub arn: &'static str,
    pub source: &'static str,
}

pub static DOCUMENTED_RESOURCES: &[DocumentedResource] = &[DocumentedResource {
    action: "cloudformation:CreateChangeSet",
    what: "transform",
    arn: "arn:*:cloudformation:*:aws:transform/*",
    source: "AWS CloudFormation User Guide, Control access with AWS Identity and Access Management: 'To allow AWS::Serverless transforms to create a change set, the policy should include the arn:aws:cloudformation:<region>:aws:transform/Serverless-2016-10-31 resource-level permission' (the example allows cloudformation:CreateChangeSet on that ARN); AWS::Serverless transform: 'When creating a change set from the template, CloudFormation expands the AWS SAM syntax, as defined by the transform'",
}];

/// A resource type the reference marks optional for an action whose call always names a resource of that type (the
/// API parameter that names it is required): when the typed ARN leads to none of the action's types, the real
/// request is authorized on that type (its ARN with `*` for the names the typed ARN does not give), not on `*`.
#[derive(Debug, Clone, Copy)]
pub struct NamedByCall {
    pub action: &'static str,
    pub resource_type: &'static str,
    pub source: &'static str,
}

pub static NAMED_BY_CALL: &[NamedByCall] = &[NamedByCall {
    action: "iam:DeleteVirtualMFADevice",
    resource_type: "mfa",
    source: "IAM API Reference, DeleteVirtualMFADevice: SerialNumber, 'The serial number that uniquely identifies the MFA device. For virtual MFA devices, the serial number is the same as the ARN.' (Required: Yes); IAM User Guide, AWS: Allows MFA-authenticated IAM users to manage their own credentials on the My Security Credentials page: 'The AllowManageOwnVirtualMFADevice statement allows the user to create and delete their own virtual MFA device. The resource ARN in this statement allows access to only an MFA device that has the same name as the currently signed-in user.'",
}];

/// The resource type `action` (`prefix:Name`) always names although the reference marks it optional, if any.
pub fn named_by_call(action: &str) -> Option<&'static NamedByCall> {
    NAMED_BY_CALL
        .iter()
        .find(|r| r.action.eq_ignore_ascii_case(action))
}

/// The documented resource `arn` is for `action` (`prefix:Name`), if any.
pub fn documented_resource(action: &str, arn: &str) -> Option<&'static DocumentedResource> {
    DOCUMENTED_RESOURCES
        .iter()
        .find(|r| r.action.eq_ignore_ascii_case(action) && glob(r.arn, arn, false))
}

/// An action that needs no permission: it succeeds whatever the policies say.
#[derive(Debug, Clone, Copy)]
pub struct NoPermission {
    pub action: &'static str,
    pub source: &'static str,
}

/// Actions only some kinds of caller can perform: any other caller's call fails whatever the policies allow.
#[derive(Debug, Clone, Copy)]
pub struct CallerTypes {
    pub action: &'static str,
    pub callers: &'static [iam_engine::PrincipalType],
    /// The callers in words, for the explanation.
    pub what: &'static str,
    pub source: &'static str,
}

pub static CALLER_TYPES: &[CallerTypes] = &[
    CallerTypes {
        action: "sts:GetFederationToken",
        callers: &[iam_engine::PrincipalType::User, iam_engine::PrincipalType::Root],
        what: "the long-term credentials of an IAM user (or of the account's root user)",
        source: "AWS STS API Reference, GetFederationToken: 'You must call the GetFederationToken operation using the long-term security credentials of an IAM user', and 'Although it is possible to call GetFederationToken using the security credentials of an AWS account root user … we do not recommend it'",
    },
    CallerTypes {
        action: "sts:GetSessionToken",
        callers: &[iam_engine::PrincipalType::User, iam_engine::PrincipalType::Root],
        what: "the long-term credentials of an IAM user (or of the account's root user)",
        source: "AWS STS API Reference, GetSessionToken, Session Duration: 'The GetSessionToken operation must be called by using the long-term AWS security credentials of an IAM user'; older editions of the page: 'of the AWS account or an IAM user'",
    },
    CallerTypes {
        action: "sts:AssumeRole",
        callers: &[
            iam_engine::PrincipalType::User,
            iam_engine::PrincipalType::Role,
            iam_engine::PrincipalType::AssumedRole,
            iam_engine::PrincipalType::Service,
        ],
        what: "the credentials of an IAM user or an IAM role (or an AWS service that assumes its role), never the account's root user",
        source: "AWS STS API Reference, AssumeRole: 'You cannot call AssumeRole by using AWS root account credentials; access is denied. You must use credentials for an IAM user or an IAM role to call AssumeRole.'; IAM User Guide, Compare AWS STS credentials: AssumeRole is called by an IAM user or an IAM role with existing temporary security credentials; AWS services assume their service roles through the role's trust policy",
    },    CallerTypes {
        action: "sts:AssumeRoleWithWebIdentity",
        callers: &[iam_engine::PrincipalType::WebIdentity],
        what: "a web identity token from an OpenID Connect provider (a webIdentity principal whose ARN is the provider's), not AWS credentials",
        source: "AWS STS API Reference, AssumeRoleWithWebIdentity: 'Calling AssumeRoleWithWebIdentity does not require the use of AWS security credentials. Therefore, you can distribute an application … without including long-term AWS credentials'; the identity of the caller is validated by using a token from the web identity provider; IAM User Guide, Permissions for AssumeRole, AssumeRoleWithSAML, and AssumeRoleWithWebIdentity: 'there are no policies to evaluate because the caller of the API is not an AWS identity'",
    },
    CallerTypes {
        action: "sts:AssumeRoleWithSAML",
        callers: &[iam_engine::PrincipalType::Saml],
        what: "a SAML authentication response from the identity provider (a saml principal whose ARN is the IAM SAML provider's), not AWS credentials",
        source: "AWS STS API Reference, AssumeRoleWithSAML: 'Calling AssumeRoleWithSAML does not require the use of AWS security credentials. The identity of the caller is validated by using keys in the metadata document that is uploaded for the SAML provider entity for your identity provider'; IAM User Guide, Permissions for AssumeRole, AssumeRoleWithSAML, and AssumeRoleWithWebIdentity: 'there are no policies to evaluate because the caller of the API is not an AWS identity'",
    },
    CallerTypes {
        action: "iam:ChangePassword",
        callers: &[iam_engine::PrincipalType::User],
        what: "the credentials of the IAM user whose password changes (long-term or from GetSessionToken)",
        source: "IAM API Reference, ChangePassword: 'Changes the password of the IAM user who is calling this operation.' and 'The AWS account root user password is not affected by this operation.'; 'Use UpdateLoginProfile … to change the password for any IAM user.'",
    },
    CallerTypes {
        action: "codeartifact:GetAuthorizationToken",
        callers: &[
            iam_engine::PrincipalType::User,
            iam_engine::PrincipalType::Role,
            iam_engine::PrincipalType::AssumedRole,
            iam_engine::PrincipalType::FederatedUser,
            iam_engine::PrincipalType::Service,
        ],
        what: "an IAM user, a role session or another principal that is not the account's root user",
        source: "AWS CodeArtifact User Guide, AWS CodeArtifact authentication and tokens: 'You must authenticate to the CodeArtifact service by creating an authorization token using your AWS credentials' and 'Root users cannot call GetAuthorizationToken.'",
    },
];

/// Where the Cognito user pool rows of [`NO_PERMISSION`] come from.
const COGNITO_UNSIGNED_SOURCE: &str = "Amazon Cognito Developer Guide, How Amazon Cognito works with IAM, Signed versus unsigned APIs: APIs that are signed with AWS credentials are capable of being restricted via an IAM policy; the following Cognito APIs are unsigned, and therefore cannot be restricted via an IAM policy (for user pools: ChangePassword, ConfirmDevice, ConfirmForgotPassword, ConfirmSignUp, DeleteUser, DeleteUserAttributes, ForgetDevice, ForgotPassword, GetDevice, GetUser, GetUserAttributeVerificationCode, GlobalSignOut, InitiateAuth, ListDevices, ResendConfirmationCode, RespondToAuthChallenge, SetUserSettings, SignUp, UpdateDeviceStatus, UpdateUserAttributes, VerifyUserAttribute)";

pub static NO_PERMISSION: &[NoPermission] = &[
    NoPermission {
        action: "sts:GetCallerIdentity",
        source: "AWS STS API Reference, GetCallerIdentity: no permissions are required to perform this operation. If an administrator attaches a policy to your identity that explicitly denies access to the sts:GetCallerIdentity action, you can still perform this operation",
    },
    NoPermission {
        action: "sts:GetSessionToken",
        source: "AWS STS API Reference, GetSessionToken, Permissions: no permissions are required for a user to get a session token",
    },
    NoPermission {
        action: "cognito-idp:ChangePassword",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:ConfirmDevice",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:ConfirmForgotPassword",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:ConfirmSignUp",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:DeleteUser",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:DeleteUserAttributes",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:ForgetDevice",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:ForgotPassword",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:GetDevice",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:GetUser",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:GetUserAttributeVerificationCode",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:GlobalSignOut",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:InitiateAuth",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:ListDevices",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:ResendConfirmationCode",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:RespondToAuthChallenge",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:SetUserSettings",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:SignUp",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:UpdateDeviceStatus",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:UpdateUserAttributes",
        source: COGNITO_UNSIGNED_SOURCE,
    },
    NoPermission {
        action: "cognito-idp:VerifyUserAttribute",
        source: COGNITO_UNSIGNED_SOURCE,
    },
];

/// Resources AWS owns: the listed actions fail on them whatever the policies allow.
#[derive(Debug, Clone, Copy)]
pub struct OwnedResource {
    pub what: &'static str,
    /// A glob over the resource ARN (`*` any run of characters), case-sensitive.
    pub arn: &'static str,
    /// The actions that would change it.
    pub actions: &'static [&'static str],
    pub source: &'static str,
}

const ROLE_CHANGES: &[&str] = &[
    "iam:DeleteRole",
    "iam:PutRolePolicy",
    "iam:DeleteRolePolicy",
    "iam:AttachRolePolicy",
    "iam:DetachRolePolicy",
    "iam:UpdateAssumeRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:DeleteRolePermissionsBoundary",
];

pub static AWS_OWNED: &[OwnedResource] = &[
    OwnedResource {
        what: "an AWS managed policy",
        arn: "arn:*:iam::aws:policy/*",
        actions: &[
            "iam:CreatePolicyVersion",
            "iam:DeletePolicy",
            "iam:DeletePolicyVersion",
            "iam:SetDefaultPolicyVersion",
            "iam:TagPolicy",
            "iam:UntagPolicy",
        ],
        source: "IAM User Guide, AWS managed policies: you cannot change the permissions defined in AWS managed policies; AWS occasionally updates them",
    },
    OwnedResource {
        what: "a service-linked role",
        arn: "arn:*:iam::*:role/aws-service-role/*",
        actions: ROLE_CHANGES,
        source: "IAM User Guide, Service-linked roles: a service-linked role is predefined by the service and includes all the permissions that the service requires; you cannot edit its permissions or trust policy, and it is deleted through the service or iam:DeleteServiceLinkedRole",
    },
    OwnedResource {
        what: "a role that IAM Identity Center manages",
        arn: "arn:*:iam::*:role/aws-reserved/*",
        actions: ROLE_CHANGES,
        source: "IAM Identity Center User Guide, Permission sets / IAM roles created by IAM Identity Center: these roles are created in the /aws-reserved/sso.amazonaws.com/ path and are protected; you cannot edit or delete them in IAM",
    },
    OwnedResource {
        what: "an alias reserved for AWS managed keys",
        arn: "arn:*:kms:*:*:alias/aws/*",
        actions: &["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
        source: "AWS KMS API Reference, CreateAlias: the alias name cannot begin with alias/aws/; the alias/aws/ prefix is reserved for AWS managed keys",
    },
];

/// Resources whose resource policy AWS writes and no one can change: a dependent action on one is decided with
/// that policy in place of the scenario's (an AWS managed KMS key used through the service that created it).
#[derive(Debug, Clone, Copy)]
pub struct ManagedResourcePolicy {
    pub what: &'static str,
    /// ARN glob of the resources.
    pub arn: &'static str,
    /// Context key the service the request goes through always supplies, set to the caller's account.
    pub caller_account_key: &'static str,
    /// The policy; `${Account}` is the resource's account, `${ViaService}` the endpoint of the service the resource
    /// belongs to (the service named in an AWS managed key's alias, `alias/aws/<service>`, in the key's region).
    pub policy: &'static str,
    pub source: &'static str,
}

pub static MANAGED_RESOURCE_POLICIES: &[ManagedResourcePolicy] = &[ManagedResourcePolicy {
    what: "an AWS managed key",
    arn: "arn:*:kms:*:*:alias/aws/*",
    caller_account_key: "kms:CallerAccount",
    policy: r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Allow access through the service for all principals in the account that are authorized to use the service", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"], "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "${Account}", "kms:ViaService": "${ViaService}"}}}]}"#,
    source: "Amazon SQS Developer Guide, Amazon SQS Key management, Configuring AWS KMS permissions: 'Note that you cannot modify the key policy of an AWS managed KMS key for Amazon SQS. The policy for this KMS key includes permissions for all principals in the account (that are authorized to use Amazon SQS) to use encrypted queues'; only 'for a customer managed KMS key, you must configure the key policy to add permissions for each queue producer and consumer'. AWS KMS Developer Guide, AWS managed keys: their key policies, which AWS manages, let the principals of the key's account (kms:CallerAccount) use the key through the service that created it (kms:ViaService), and the alias/aws/ prefix names them. AWS Secrets Manager User Guide, Secret encryption and decryption, Key policy of the AWS managed key (aws/secretsmanager): 'This key policy, like the policies of all AWS managed keys, is established by the service'; it allows users in the account to use the KMS key for cryptographic operations only when the request comes from Secrets Manager on their behalf (Principal \"*\" with kms:ViaService and kms:CallerAccount). AWS Secrets Manager API Reference, CreateSecret: 'To encrypt the secret with a KMS key other than aws/secretsmanager, you need kms:GenerateDataKey and kms:Decrypt permission to the key.'",
}];

/// Services whose resource policy must itself allow the call: identity policies count only when it delegates
/// to the account.
#[derive(Debug, Clone, Copy)]
pub struct ResourcePolicyRequired {
    pub service: &'static str,
    /// The resource types it applies to.
    pub resource_type: &'static str,
    /// Action globs it applies to.
    pub actions: &'static [&'static str],
    /// What is assumed when the scenario gives no resource policy.
    pub default: &'static str,
    /// Without a resource policy the call cannot be shown to succeed (there is no default policy).
    pub absent_denies: bool,
    /// A given resource policy and the identity-based policies must each allow the call, whatever the accounts.
    pub both_must_allow: bool,
    pub source: &'static str,
}

pub static RESOURCE_POLICY_REQUIRED: &[ResourcePolicyRequired] = &[
    ResourcePolicyRequired {
        service: "sts",
        resource_type: "role",
        actions: &["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"],
        default: "nothing: a role's trust policy always decides who may assume it, and none is given; add it as the resource-based policy",
        absent_denies: true,
        both_must_allow: false,
        source: "IAM User Guide, Policy evaluation logic / Cross-account policy evaluation logic: role trust policies are resource-based policies that must allow the principal; IAM User Guide, Terms and concepts, Trust policy: a JSON policy document in which you define the principals that you trust to assume the role",
    },
    ResourcePolicyRequired {
    service: "kms",
    resource_type: "key",
    actions: &["kms:*"],
    absent_denies: false,
    both_must_allow: false,
    default: "the default key policy, whose statement \"Enable IAM User Permissions\" allows the key's account (arn:aws:iam::ACCOUNT:root) kms:*, so identity policies decide",
    source: "AWS KMS Developer Guide, Key policies: every KMS key must have exactly one key policy; unless the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key. The default key policy gives the AWS account full access to the key, which enables IAM policies",
    },
    ResourcePolicyRequired {
        service: "vpc-lattice-svcs",
        resource_type: "Service",
        actions: &["vpc-lattice-svcs:Invoke"],
        absent_denies: false,
        both_must_allow: true,
        default: "no auth policy (a service and service network whose auth type is NONE), so identity-based policies decide",
        source: "Amazon VPC Lattice User Guide, Control access to VPC Lattice services using auth policies: 'Auth policies are attached to services and service networks. For authorization to succeed, both auth policies and identity-based policies need to have explicit allow statements.'",
    },
];

/// A resource type that also answers to the ARNs of other types of its service: the call is authorized on the
/// qualified ARN as typed.
#[derive(Debug, Clone, Copy)]
pub struct EquivalentTypes {
    pub service: &'static str,
    pub resource_type: &'static str,
    pub also: &'static [&'static str],
    pub source: &'static str,
}

pub static EQUIVALENT_TYPES: &[EquivalentTypes] = &[EquivalentTypes {
    service: "lambda",
    resource_type: "function",
    also: &["function alias", "function version"],
    source: "Lambda Developer Guide, Versioning, aliases, and resource policies: if you use an alias name (such as helloworld:BETA), the permission is valid only for invoking the function using the BETA alias ARN; a qualified ARN (version or alias) is the resource of the call",
}];

/// ARN forms a resource type also takes that the reference's templates do not list.
#[derive(Debug, Clone, Copy)]
pub struct ExtraTemplate {
    pub service: &'static str,
    pub resource_type: &'static str,
    pub template: &'static str,
    pub source: &'static str,
}

pub static EXTRA_TEMPLATES: &[ExtraTemplate] = &[ExtraTemplate {
    service: "execute-api",
    resource_type: "execute-api-general",
    template: "arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${RouteKey}",
    source: "API Gateway Developer Guide, Control access to WebSocket APIs with IAM authorization: WebSocket routes use a different ARN format, arn:aws:execute-api:region:account-id:api-id/stage-name/route-key",
}];

/// A name the service completes: the real ARN carries a suffix the user rarely types.
#[derive(Debug, Clone, Copy)]
pub struct GeneratedSuffix {
    pub service: &'static str,
    pub resource_type: &'static str,
    /// What the suffix looks like: a dash and this many alphanumeric characters.
    pub random_chars: usize,
    pub source: &'static str,
}

pub static GENERATED_SUFFIX: &[GeneratedSuffix] = &[GeneratedSuffix {
    service: "secretsmanager",
    resource_type: "Secret",
    random_chars: 6,
    source: "Secrets Manager User Guide, Permissions reference, Secrets Manager resources: Secrets Manager constructs the last part of the secret ARN by appending a dash and six random alphanumeric characters at the end of the secret name",
}];

/// A service key that the service supplies wherever it supplies another (its spelling of the same thing).
#[derive(Debug, Clone, Copy)]
pub struct KeyAlias {
    pub key: &'static str,
    pub same_as: &'static str,
    pub source: &'static str,
}

pub static KEY_ALIASES: &[KeyAlias] = &[
    KeyAlias {
        key: "ssm:resourceTag/${TagKey}",
        same_as: "aws:ResourceTag/${TagKey}",
        source: "Systems Manager User Guide, Controlling access to parameters using tags: you can restrict access to GetParameter, GetParameters and GetParameterHistory with \"StringLike\": {\"ssm:resourceTag/tag_key\": [\"tag_value\"]}",
    },
    KeyAlias {
        key: "sagemaker:VolumeKmsKey",
        same_as: "sagemaker:VolumeKmsKeyArn",
        source: "Amazon SageMaker AI Developer Guide, Amazon SageMaker AI identity-based policy examples, Enforce encryption of input data: 'The following policy restricts an IAM user to specify a AWS KMS key to encrypt input data when creating training, hyperparameter tuning, and labeling jobs by using the sagemaker:VolumeKmsKey condition key' (ArnEquals sagemaker:VolumeKmsKey on CreateTrainingJob); Enforce encryption of notebook instance storage volume: the same key on CreateNotebookInstance. The Service Authorization Reference defines both sagemaker:VolumeKmsKey and sagemaker:VolumeKmsKeyArn (ARN) and lists the latter on the create actions: the older spelling arrives wherever the newer one does",
    },
];

/// A context key a call parameter sets.
#[derive(Debug, Clone, Copy)]
pub struct CallKey {
    pub action: &'static str,
    pub param: Param,
    pub key: &'static str,
    /// `${Value}` is the parameter's value; an ARN-valued key takes an ARN value as is.
    pub value: &'static str,
    pub source: &'static str,
}

pub static CALL_KEYS: &[CallKey] = &[
    CallKey {
        action: "ec2:RunInstances",
        param: Param::LaunchTemplate,
        key: "ec2:LaunchTemplate",
        value: "arn:${Partition}:ec2:${Region}:${Account}:launch-template/${Value}",
        source: "Amazon EC2 User Guide, Launch instances (RunInstances), Launch templates: the ec2:LaunchTemplate condition key holds the ARN of the launch template the call uses, on every resource of the launch",
    },
    CallKey {
        action: "ec2:RunInstances",
        param: Param::LaunchTemplate,
        key: "ec2:IsLaunchTemplateResource",
        value: "true",
        source: "Amazon EC2 User Guide, Launch templates: ec2:IsLaunchTemplateResource is true for resources the launch template specifies",
    },
    CallKey {
        action: "ec2:RunInstances",
        param: Param::KeyName,
        key: "ec2:KeyPairName",
        value: "${Value}",
        source: "Service Authorization Reference, Amazon EC2: ec2:KeyPairName filters access by the name of the key pair the request uses",
    },
    CallKey {
        action: "ec2:RunInstances",
        param: Param::InstanceProfile,
        key: "ec2:InstanceProfile",
        value: "${Value}",
        source: "Service Authorization Reference, Amazon EC2: ec2:InstanceProfile filters access by the ARN of the instance profile",
    },
];

/// Actions only the resource's owner can perform: a resource policy cannot share them with another account.
#[derive(Debug, Clone, Copy)]
pub struct OwnerOnly {
    pub service: &'static str,
    pub actions: &'static [&'static str],
    pub source: &'static str,
}

pub static OWNER_ONLY: &[OwnerOnly] = &[
    OwnerOnly {
        service: "s3",
        actions: &["PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy"],
        source: "Amazon S3 API Reference, PutBucketPolicy (and GetBucketPolicy, DeleteBucketPolicy): if you are using an identity other than the root user of the AWS account that owns the bucket, the calling identity must both have the bucket-policy permissions on the bucket and belong to the bucket owner's account",
    },
    OwnerOnly {
    service: "sqs",
    actions: &[
        "AddPermission",
        "CreateQueue",
        "DeleteQueue",
        "ListQueues",
        "ListQueueTags",
        "RemovePermission",
        "SetQueueAttributes",
        "TagQueue",
        "UntagQueue",
    ],
    source: "Amazon SQS Developer Guide, Basic examples of Amazon SQS policies, Example 4: cross-account permissions don't apply to the following actions: AddPermission, CreateQueue, DeleteQueue, ListQueues, ListQueueTags, RemovePermission, SetQueueAttributes, TagQueue, UntagQueue",
    },
];

/// Services where only the listed actions can be used across accounts; every other action is the owner's.
pub static CROSS_ACCOUNT_ONLY: &[OwnerOnly] = &[OwnerOnly {
    service: "kms",
    actions: &[
        "CreateGrant", "Decrypt", "DeriveSharedSecret", "DescribeKey", "Encrypt", "GenerateDataKey",
        "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext",
        "GenerateMac", "GetPublicKey", "ListGrants", "ReEncryptFrom", "ReEncryptTo", "RetireGrant", "RevokeGrant",
        "Sign", "Verify", "VerifyMac",
    ],
    source: "AWS KMS Developer Guide, Allowing users in other accounts to use a KMS key: you can allow users in other accounts only the cryptographic operations and a few others (CreateGrant, DescribeKey, GetPublicKey, ListGrants, RetireGrant, RevokeGrant); the other operations, such as ScheduleKeyDeletion or PutKeyPolicy, are available only in the key's account",
}];

/// Keys present only when an AWS service calls on behalf of a resource: a person's request never carries them.
pub static SERVICE_ONLY_KEYS: &[&str] = &[
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
];

/// Keys present only when a service makes the request with the principal's credentials (forward access): the
/// real request is a direct call unless the context says `aws:ViaAWSService` is true.
pub static VIA_SERVICE_KEYS: &[&str] = &[
    "kms:ViaService",
    "aws:CalledVia",
    "aws:CalledViaFirst",
    "aws:CalledViaLast",
];

/// A key whose value on a direct call (no AWS service calling for the principal) is fixed: whatever the literal
/// request says, the real direct call carries `value`.
#[derive(Debug, Clone, Copy)]
pub struct DirectCallKey {
    pub actions: &'static [&'static str],
    pub key: &'static str,
    pub value: &'static str,
    pub source: &'static str,
}

pub static DIRECT_CALL_KEYS: &[DirectCallKey] = &[DirectCallKey {
    actions: &["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
    key: "kms:GrantIsForAWSResource",
    value: "false",
    source: "AWS KMS Developer Guide, AWS KMS condition keys, kms:GrantIsForAWSResource (Boolean; CreateGrant, ListGrants, RevokeGrant): 'Allows or denies permission for the CreateGrant, ListGrants, or RevokeGrant operations only when an AWS services integrated with AWS KMS calls the operation on the user's behalf. This policy condition doesn't allow the user to call these grant operations directly.'; AWS Managed Services key policy example 'Deny if grant is not for AWS resource' denies these operations with Bool kms:GrantIsForAWSResource false",
}];

/// Keys present only when an AWS service principal makes the request itself: a request an IAM principal signs —
/// directly or through a service using its credentials — never carries them.
pub static SERVICE_PRINCIPAL_KEYS: &[&str] =
    &["aws:PrincipalServiceName", "aws:PrincipalServiceNamesList"];

/// Where [`SERVICE_PRINCIPAL_KEYS`] comes from.
pub const SERVICE_PRINCIPAL_KEYS_SOURCE: &str = "IAM User Guide, AWS global condition context keys, aws:PrincipalServiceName and aws:PrincipalServiceNamesList: 'This key is present in the request when the call is made by an AWS service principal. This key is not present in any other situation, including ... If the service uses the credentials of an IAM principal to make a request on the principal's behalf. If the call is made directly by an IAM principal.'";

/// Keys of the principal's organization, which a service principal does not have: it is a member of no
/// organization.
pub static ORGANIZATION_MEMBER_KEYS: &[&str] = &["aws:PrincipalOrgID", "aws:PrincipalOrgPaths"];

/// Where [`ORGANIZATION_MEMBER_KEYS`] comes from.
pub const ORGANIZATION_MEMBER_KEYS_SOURCE: &str = "IAM User Guide, AWS global condition context keys, aws:PrincipalOrgID: 'Availability – This key is included in the request context only if the principal is a member of an organization'; its note on the organization-only bucket policy: 'This includes any AWS services that interact with your internal resources, such as AWS CloudTrail sending log data to your Amazon S3 buckets. To learn how you can safely grant access for AWS services, see aws:PrincipalIsAWSService.'";

/// A key that only the role credentials a service delivers to a compute resource carry: an EC2 instance profile
/// role's credentials, a Lambda function's execution role credentials. A request signed with an IAM user's access
/// keys, the root user's, a federated user's, or a service principal's own never carries it.
#[derive(Debug, Clone, Copy)]
pub struct RoleCredentialKey {
    pub key: &'static str,
    pub source: &'static str,
}

pub static ROLE_CREDENTIAL_KEYS: &[RoleCredentialKey] = &[
    RoleCredentialKey {
        key: "ec2:SourceInstanceARN",
        source: "IAM User Guide, IAM JSON policy elements: Policy variables, Information available in all requests: 'ec2:SourceInstanceARN This is the Amazon Resource Name (ARN) of the Amazon EC2 instance from which the request is made. This key is present only when the request comes from an Amazon EC2 instance using an IAM role associated with an EC2 instance profile.'",
    },
    RoleCredentialKey {
        key: "ec2:RoleDelivery",
        source: "Amazon EC2 User Guide, Example policies to control access the Amazon EC2 API, Require role credentials to be retrieved from IMDSv2: 'if this policy is applied to a role, and the role is assumed by the EC2 service and the resulting credentials are used to sign a request, then the request must be signed by EC2 role credentials retrieved from IMDSv2 ... This statement/policy can be applied generally because, if the request is not signed by EC2 role credentials, it has no effect.'",
    },
    RoleCredentialKey {
        key: "aws:EC2InstanceSourceVPC",
        source: "AWS Security Blog, How to use policies to restrict where EC2 instance credentials can be used from: 'aws:EC2InstanceSourceVPC — This single-valued condition key contains the VPC ID to which an EC2 instance is deployed ... These new conditions are available only for use with credentials issued to an EC2 instance.'",
    },
    RoleCredentialKey {
        key: "aws:EC2InstanceSourcePrivateIPv4",
        source: "AWS Security Blog, How to use policies to restrict where EC2 instance credentials can be used from: 'aws:EC2InstanceSourcePrivateIPv4 — This single-valued condition key contains the primary IPv4 address of an EC2 instance ... These new conditions are available only for use with credentials issued to an EC2 instance.'",
    },
    RoleCredentialKey {
        key: "lambda:SourceFunctionArn",
        source: "AWS Lambda Developer Guide, Using source function ARN to control function access behavior: 'Lambda generates an ephemeral set of credentials by assuming your function's execution role ... Lambda injects the source function ARN into the credentials context if the request is an AWS API request that comes from within your execution environment.'",
    },
];

/// A key that only a role session carries: it is set when a role is assumed (`AssumeRole`,
/// `AssumeRoleWithSAML`, `AssumeRoleWithWebIdentity`) and kept by every request of the session and of the sessions
/// chained from it. A request signed with an IAM user's access keys, the root user's, a federated user's
/// (`GetFederationToken`) or a service principal's own never carries it.
#[derive(Debug, Clone, Copy)]
pub struct RoleSessionKey {
    pub key: &'static str,
    pub source: &'static str,
}

pub static ROLE_SESSION_KEYS: &[RoleSessionKey] = &[RoleSessionKey {
    key: "aws:SourceIdentity",
    source: "IAM User Guide, AWS global condition context keys, aws:SourceIdentity: 'Availability – This key is included in the request context after a source identity has been set when a role is assumed using any AWS STS assume-role CLI command, or AWS STS AssumeRole API operation.' Monitor and control actions taken with assumed roles: 'You can specify a source identity when you use one of the AWS STS AssumeRole* API operations'; 'After a source identity is set, the aws:SourceIdentity key is present in all subsequent requests made during the role session.'",
}];

/// Where the keys a forward request adds come from: the first and last service of the `aws:CalledVia` chain,
/// and, for an IAM user's long-term credentials, the temporary credentials the service uses.
pub const FORWARD_REQUEST_SOURCE: &str = "IAM User Guide, Forward access sessions: 'When FAS requests are made, aws:CalledVia, aws:CalledViaFirst, and aws:CalledViaLast condition keys are populated with the service principal of the service that initiated the FAS call'; AWS global condition context keys, aws:CalledVia: 'The aws:CalledViaFirst and aws:CalledViaLast keys ... indicate the first and last services that made calls in the chain of requests'";

/// Where `aws:MultiFactorAuthPresent` = false on an IAM user's forward request comes from.
pub const FORWARD_MFA_SOURCE: &str = "IAM User Guide, AWS global condition context keys, aws:MultiFactorAuthPresent: 'in some cases, AWS creates temporary credentials on behalf of IAM users to perform operations. In these cases, the aws:MultiFactorAuthPresent key is present in the request and set to a value of false ... If an IAM user makes a call to an AWS service, the service re-uses the user's credentials to make another request to a different service ... For the subsequent request, AWS uses temporary credentials.'";

/// Where [`VIA_SERVICE_KEYS`] comes from.
pub const VIA_SERVICE_SOURCE: &str = "IAM User Guide, AWS global condition context keys, aws:CalledVia: this key is included in the request context only when a service makes a request using the principal's credentials, not for a direct call; AWS KMS Developer Guide, kms:ViaService: limits use of a KMS key to requests from specified AWS services on the principal's behalf";

/// Why a dependent request the service itself makes with the principal's credentials (its service-supplied context
/// carries a [`VIA_SERVICE_KEYS`] key: the kms:Decrypt Amazon S3 makes for an SSE-KMS download) is decided without
/// the caller's VPC endpoint policies: the caller's request reached the service through the endpoint, the service's
/// own request to the other service does not.
pub const FORWARD_REQUEST_ENDPOINT_SOURCE: &str = "AWS PrivateLink Guide, Control access to VPC endpoints using endpoint policies: 'An endpoint policy is a resource-based policy that you attach to a VPC endpoint to control which AWS principals can use the endpoint to access an AWS service.' IAM User Guide, Forward access sessions: 'After receiving the GetObject request and authorizing data-reader, Amazon S3 then makes a FAS request to AWS KMS in order to decrypt the Amazon S3 object': the service sends that request, not the caller through its endpoint";

/// Where [`SERVICE_ONLY_KEYS`] comes from.
pub const SERVICE_ONLY_SOURCE: &str = "IAM User Guide, AWS global condition context keys, aws:SourceArn / aws:SourceAccount: this key is included in the request context only if accessing a resource triggers an AWS service to call another service on behalf of the resource owner; it does not work with the ARN of the principal making the request";

/// Services whose optional resources carry no condition keys: the service may not know the resource when it
/// authorizes, so keys of a resource type the reference marks optional are absent — except for the actions
/// listed, whose API requires the resource all the same or whose documented policies rely on its keys (an EMR
/// notebook action on the notebook's cluster).
#[derive(Debug, Clone, Copy)]
pub struct OptionalResourceKeys {
    pub service: &'static str,
    pub except: &'static [&'static str],
    pub source: &'static str,
}

pub static OPTIONAL_RESOURCE_KEYS_ABSENT: &[OptionalResourceKeys] = &[OptionalResourceKeys {
    service: "elasticmapreduce",
    except: &["AddTags", "RemoveTags", "CreateEditor", "StartEditor", "OpenEditorInConsole"],
    source: "Amazon EMR Management Guide, How Amazon EMR works with IAM: the tag-based condition keys apply only to Amazon EMR API actions where ClusterID or NotebookID is a required request parameter (AddTags and RemoveTags take the cluster as their required ResourceId; the guide's deny-tagging example relies on it), and 'If an action passes both ClusterID and NotebookID, the condition applies to both the cluster and the notebook. This means that both resources must have the tag key string or key-value combination that you specify.' IAM policies for tag-based access to clusters and EMR notebooks: the notebook examples condition CreateEditor ('the notebook can be created only if the cluster has a tag with the key string department set to one of the specified values'), StartEditor and OpenEditorInConsole ('The cluster has a tag with the key string department set to any of the specified values') on the cluster's tags",
}];

/// Services whose resource types supply their tag keys to every action on them, although a few of their
/// actions also repeat `aws:ResourceTag/…` in their own rows (which would otherwise read as a service that lists
/// resource tags action by action, so that an action whose row is silent would carry none).
#[derive(Debug, Clone, Copy)]
pub struct ResourceTypeTags {
    pub service: &'static str,
    pub source: &'static str,
}

pub static RESOURCE_TYPE_TAGS: &[ResourceTypeTags] = &[
    ResourceTypeTags {
        service: "sagemaker",
        source: "Service Authorization Reference, Actions, resources, and condition keys for Amazon SageMaker AI: the Resource types table lists aws:ResourceTag/${TagKey} and sagemaker:ResourceTag/${TagKey} on its resource types (model, endpoint, training-job, notebook-instance, …), and only the mlflow-tracking-server rows of the Actions table repeat them; 'For more information on the condition keys that are associated with resources for the service, see the Condition keys column of the Resource types table'",
    },
    ResourceTypeTags {
        service: "redshift",
        source: "Service Authorization Reference, Actions, resources, and condition keys for Amazon Redshift: the Resource types table lists aws:ResourceTag/${TagKey} on cluster, snapshot, parametergroup, subnetgroup, eventsubscription, usagelimit, … (and none on dbuser, dbname or dbgroup), while only the DeleteIntegration, DescribeIntegrations and ModifyIntegration rows of the Actions table repeat it; 'For more information on the condition keys that are associated with resources for the service, see the Condition keys column of the Resource types table'",
    },
    ResourceTypeTags {
        service: "apigateway",
        source: "API Gateway Developer Guide, Using tags to control access to API Gateway REST API resources: tag condition keys control 'Which users can perform actions on an API Gateway resource, based on tags that the resource already has'; the example 'Limit actions based on resource tags' denies apigateway:* on \"*\" when aws:ResourceTag/Environment is prod. The Resource types table lists aws:ResourceTag/${TagKey} on RestApi, Stage, Deployment, …, while only the routing-rule rows of the Actions table repeat it",
    },
    ResourceTypeTags {
        service: "glue",
        source: "AWS Glue Developer Guide, AWS Glue identity-based (IAM) access-control policy with tags examples: 'You can control access to crawlers, jobs, triggers, and development endpoints by attaching tags and specifying resourceTag conditions in IAM policies'; with glue:* on \"*\" conditioned on the tag Name=Tom, 'Tom can only use an AWS Glue operation that acts on resources with the tag value Tom' and GetTrigger on the tagged trigger t2 succeeds. Service Authorization Reference, Actions, resources, and condition keys for AWS Glue: the Resource types table lists aws:ResourceTag/${TagKey} on crawler, job, trigger, devendpoint, connection, database, …, while only the DeleteIntegration, DescribeIntegrations, ModifyIntegration and RegisterConnectionType rows of the Actions table repeat it",
    },
];

/// A resource type the reference lists as required for an action although the service does not authorize the
/// call on it: no statement needs to name it. The condition keys its row lists still describe the call, so the
/// request carries them for the resources it is authorized on.
#[derive(Debug, Clone, Copy)]
pub struct TypeNotAuthorized {
    pub action: &'static str,
    pub resource_type: &'static str,
    pub source: &'static str,
}

pub static TYPES_NOT_AUTHORIZED: &[TypeNotAuthorized] = &[
    TypeNotAuthorized {
        action: "batch:SubmitJob",
        resource_type: "job",
        source: "AWS Batch User Guide, Resource: Restrict to a job queue and Resource: Restrict to job definition prefix on job submission: 'When scoping resource-level access for job submission, you must provide both job queue and job definition resource types'; the examples allow batch:SubmitJob on job-definition and job-queue ARNs only, and Resource: Use the batch:ShareIdentifier condition key conditions batch:SubmitJob on those two resources with StringEquals batch:ShareIdentifier",
    },
    TypeNotAuthorized {
        action: "appsync:GraphQL",
        resource_type: "graphqlapi",
        source: "AWS AppSync Developer Guide, Configuring authorization and authentication, AWS_IAM authorization: the policy for a role that may perform all GraphQL operations allows appsync:GraphQL on arn:aws:appsync:us-west-2:123456789012:apis/YourGraphQLApiId/* (the API's fields, not the API ARN itself), and 'If you want to restrict access to just certain GraphQL operations, you can do this for the root Query, Mutation, and Subscription fields' with Resource …:apis/YourGraphQLApiId/types/Query/fields/<Field-1>; the call is authorized on the fields it asks for",
    },
];

/// Whether the service does not authorize `action` (`prefix:Name`) on its resource type `resource_type`.
pub fn type_not_authorized(action: &str, resource_type: &str) -> bool {
    type_not_authorized_rule(action, resource_type).is_some()
}

/// The rule saying the service does not authorize `action` (`prefix:Name`) on `resource_type`, if any.
pub fn type_not_authorized_rule(
    action: &str,
    resource_type: &str,
) -> Option<&'static TypeNotAuthorized> {
    TYPES_NOT_AUTHORIZED
        .iter()
        .find(|r| r.action.eq_ignore_ascii_case(action) && r.resource_type == resource_type)
}

/// Keys that describe the call itself (the new DB instance's engine and class), which a service puts in the request
/// for each resource the call authorizes, although the reference lists them on one resource type only. Keys of an
/// existing resource (its tags) stay with that resource.
#[derive(Debug, Clone, Copy)]
pub struct SharedRequestKeys {
    pub service: &'static str,
    /// Case-insensitive globs over the keys shared.
    pub keys: &'static [&'static str],
    pub source: &'static str,
}

pub static SHARED_REQUEST_KEYS: &[SharedRequestKeys] = &[SharedRequestKeys {
    service: "rds",
    keys: &[
        "rds:DatabaseClass",
        "rds:DatabaseEngine",
        "rds:DatabaseName",
        "rds:MultiAz",
        "rds:Piops",
        "rds:StorageEncrypted",
        "rds:StorageSize",
        "rds:Vpc",
    ],
    source: "Amazon RDS User Guide, Permission policies to create, modify and, delete resources in Amazon RDS, Allow a user to create DB instances in an AWS account: one statement allows rds:CreateDBInstance on db:test*, og:default*, pg:default* and subgrp:default under StringEquals rds:DatabaseEngine mysql and rds:DatabaseClass db.t2.micro, and 'the new DB instance must use an option group and a DB parameter group that starts with default, and it must use the default subnet group' (the same page's CreateDBSnapshot example allows the snapshot in its own statement, without the rds:db-tag condition it puts on the DB instance)",
}];

/// Whether `service` puts `key` in the request for every resource of a call ([`SHARED_REQUEST_KEYS`]).
pub fn shares_request_keys(service: &str, key: &str) -> bool {
    SHARED_REQUEST_KEYS.iter().any(|r| {
        r.service.eq_ignore_ascii_case(service) && r.keys.iter().any(|k| glob(k, key, true))
    })
}

/// The actions whose requests do not carry `aws:ResourceAccount`, which every other request carries (the account
/// that owns the resource).
pub static NO_RESOURCE_ACCOUNT: &[&str] = &[
    "ebs:*",
    "ec2:CopyFpgaImage",
    "ec2:CopyImage",
    "ec2:CopySnapshot",
    "ec2:CreateTransitGatewayPeeringAttachment",
    "ec2:CreateVolume",
    "ec2:CreateVpcPeeringConnection",
    "events:*",
    "workspaces:CopyWorkspaceImage",
    "workspaces:DescribeWorkspaceImages",
];

/// Where [`NO_RESOURCE_ACCOUNT`] and the presence of `aws:ResourceAccount` come from.
pub const RESOURCE_ACCOUNT_SOURCE: &str = "IAM User Guide, AWS global condition context keys, aws:ResourceAccount: 'Availability – This key is always included in the request context for most service actions. The following actions don\'t support this key: Amazon Elastic Block Store – All actions; Amazon EC2 ec2:CopyFpgaImage, ec2:CopyImage, ec2:CopySnapshot, ec2:CreateTransitGatewayPeeringAttachment, ec2:CreateVolume, ec2:CreateVpcPeeringConnection; Amazon EventBridge – All actions; Amazon WorkSpaces workspaces:CopyWorkspaceImage, workspaces:DescribeWorkspaceImages'";

/// Whether the action's requests carry `aws:ResourceAccount`.
pub fn carries_resource_account(action: &str) -> bool {
    !NO_RESOURCE_ACCOUNT.iter().any(|a| glob(a, action, true))
}

/// Keys an action never carries although its resource type lists them.
#[derive(Debug, Clone, Copy)]
pub struct KeyNotSupplied {
    /// A case-insensitive glob over the action (`events:*`).
    pub action: &'static str,
    /// A case-insensitive glob over the key (`*:ResourceTag/*`).
    pub key: &'static str,
    pub source: &'static str,
}

pub static KEYS_NOT_SUPPLIED: &[KeyNotSupplied] = &[
    KeyNotSupplied {
        action: "iam:PassRole",
        key: "*:ResourceTag/*",
        source: "Lambda Developer Guide, Attribute-based access control, Grant IAM permissions: do not use the ResourceTag condition key in a policy with the iam:PassRole action; you cannot use the tag on an IAM role to control access to who can pass that role",
    },
    KeyNotSupplied {
        action: "elasticfilesystem:TagResource",
        key: "elasticfilesystem:CreateAction",
        source: "Amazon EFS User Guide, Using tags with Amazon EFS, Example policy: Allow adding tags to file systems only at the time of creation: with TagResource allowed only under elasticfilesystem:CreateAction CreateFileSystem, users are not allowed to tag existing resources (they cannot call the elasticfilesystem:TagResource action directly); the key names the creating action of a tag-on-create check",
    },
    KeyNotSupplied {
        action: "ec2:CreateTags",
        key: "ec2:CreateAction",
        source: "Amazon EC2 User Guide, Grant permission to tag resources during creation: with ec2:CreateTags allowed only under ec2:CreateAction RunInstances, 'Users are not permitted to tag any existing resources (they cannot call the ec2:CreateTags action directly)'; the key names the resource-creating action whose tags ec2:CreateTags is checked for",
    },
];

/// Keys a service puts in the request although the reference lists them for none of the action's rows (the
/// policy variables a service defines for its own calls).
#[derive(Debug, Clone, Copy)]
pub struct KeySupplied {
    /// Action globs (`iot:Publish`).
    pub actions: &'static [&'static str],
    /// A case-insensitive glob over the key (`iot:Connection.Thing.*`).
    pub key: &'static str,
    pub source: &'static str,
}

/// The AWS IoT Core message-broker actions a connected device's policy is evaluated for.
const IOT_MQTT_ACTIONS: &[&str] = &[
    "iot:Connect",
    "iot:Publish",
    "iot:Subscribe",
    "iot:Receive",
    "iot:RetainPublish",
];

pub static KEYS_SUPPLIED: &[KeySupplied] = &[
    KeySupplied {
        actions: &["aws-marketplace:Subscribe"],
        key: "aws-marketplace:ProductId",
        source: "Amazon Bedrock User Guide, Grant IAM permissions to request access to Amazon Bedrock foundation models with a product ID: 'For the aws-marketplace:Subscribe action only, you can use the aws-marketplace:ProductId condition key to restrict subscription to specific models'; Use product ID condition keys to control access: 'The aws-marketplace:ProductId condition key can be used to control the ability to subscribe to Amazon Bedrock serverless models that have a product ID in AWS Marketplace'",
    },
    KeySupplied {
        actions: IOT_MQTT_ACTIONS,
        key: "iot:ClientId",
        source: "AWS IoT Core Developer Guide, Basic AWS IoT Core policy variables: iot:ClientId: The client ID used to connect to the AWS IoT Core message broker; AWS IoT Core policy variables: if a device is connected to the AWS IoT Core message broker with a client ID of 100-234-3456, the iot:ClientId policy variable is replaced in the policy document by 100-234-3456",
    },
    KeySupplied {
        actions: IOT_MQTT_ACTIONS,
        key: "iot:Connection.Thing.*",
        source: "AWS IoT Core Developer Guide, Thing policy variables: iot:Connection.Thing.ThingName resolves to the name of the thing in the AWS IoT Core registry for which the policy is being evaluated; this policy variable is only available when a device connects over MQTT or MQTT over the WebSocket protocol (also ThingTypeName, Attributes[…], IsAttached)",
    },
];

/// Where the DynamoDB `ReturnValues` default comes from.
const RETURN_VALUES_DEFAULT_SOURCE: &str = "Amazon DynamoDB Developer Guide, Using IAM policy conditions for fine-grained access control, example 2: 'You must also change StringEqualsIfExists to StringEquals because the ReturnValues parameter always has a value (NONE unless otherwise specified)'; Amazon DynamoDB API Reference, PutItem / UpdateItem / DeleteItem, ReturnValues: 'NONE - If ReturnValues is not specified, or if its value is NONE, then nothing is returned. (This setting is the default for ReturnValues.)'";

/// A key the service fills in with its default when the call omits the parameter.
#[derive(Debug, Clone, Copy)]
pub struct DefaultKey {
    pub action: &'static str,
    pub key: &'static str,
    pub value: &'static str,
    pub source: &'static str,
}

pub static DEFAULT_KEYS: &[DefaultKey] = &[
    DefaultKey {
        action: "kms:CreateKey",
        key: "kms:KeySpec",
        value: "SYMMETRIC_DEFAULT",
        source: "AWS KMS Developer Guide, Condition keys, kms:KeySpec: the KeySpec of a CreateKey request; AWS KMS API Reference, CreateKey: KeySpec defaults to SYMMETRIC_DEFAULT",
    },
    DefaultKey {
        action: "kms:CreateKey",
        key: "kms:KeyUsage",
        value: "ENCRYPT_DECRYPT",
        source: "AWS KMS API Reference, CreateKey: KeyUsage defaults to ENCRYPT_DECRYPT (kms:KeyUsage condition key)",
    },
    DefaultKey {
        action: "kms:CreateKey",
        key: "kms:KeyOrigin",
        value: "AWS_KMS",
        source: "AWS KMS API Reference, CreateKey: Origin defaults to AWS_KMS (kms:KeyOrigin condition key)",
    },
    DefaultKey {
        action: "dynamodb:UpdateItem",
        key: "dynamodb:ReturnValues",
        value: "NONE",
        source: RETURN_VALUES_DEFAULT_SOURCE,
    },
    DefaultKey {
        action: "dynamodb:PutItem",
        key: "dynamodb:ReturnValues",
        value: "NONE",
        source: RETURN_VALUES_DEFAULT_SOURCE,
    },
    DefaultKey {
        action: "dynamodb:DeleteItem",
        key: "dynamodb:ReturnValues",
        value: "NONE",
        source: RETURN_VALUES_DEFAULT_SOURCE,
    },
];

/// Service keys that every request of the service carries with the region it is sent to.
pub static REGION_KEYS: &[(&str, &str, &str)] = &[(
    "ec2",
    "ec2:Region",
    "Amazon EC2 User Guide, Example: Restrict access to a specific Region: you can use the condition key ec2:Region, which is specific to Amazon EC2 and is supported by all Amazon EC2 API actions",
)];

/// Services whose calls carry the tags they apply in their own keys, not in `aws:RequestTag/…` and `aws:TagKeys`:
/// an action takes them when the reference lists `tag` for it.
#[derive(Debug, Clone, Copy)]
pub struct ServiceTagKeys {
    pub service: &'static str,
    /// The key of one tag as the reference spells it; its placeholder (`<key>`, `${TagKey}`) is the tag's key.
    pub tag: &'static str,
    /// The key that lists the keys of the tags.
    pub tag_keys: &'static str,
    pub source: &'static str,
}

pub static SERVICE_TAG_KEYS: &[ServiceTagKeys] = &[ServiceTagKeys {
    service: "s3",
    tag: "s3:RequestObjectTag/<key>",
    tag_keys: "s3:RequestObjectTagKeys",
    source: "S3 User Guide, Tagging and access control policies: 's3:RequestObjectTagKeys – Use this condition key to restrict the tag keys that you want to allow on objects. This is useful when adding tags to objects using the PutObjectTagging and PutObject, and POST object requests' and 's3:RequestObjectTag/<tag-key> – Use this condition key to restrict the tag keys and values that you want to allow on objects'; Service Authorization Reference, Amazon S3: PutObject, PutObjectTagging and PutObjectVersionTagging list these keys and not aws:RequestTag/${TagKey}",
}];

/// The value a [`ServiceKey`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceKeyValue {
    /// The account that owns the call's resource.
    ResourceAccount,
    /// A fixed value.
    Fixed(&'static str),
    /// The ARN of the parent the call's resource ARN names right after its type, when the resource is one of
    /// `types` and the ARN names a parent and a child (`service/<cluster>/<name>`): `arn` with `${Parent}` for
    /// that name and the resource ARN's own partition, region and account. The key counts as listed when the
    /// action or one of its resource-type rows lists it.
    Parent {
        types: &'static [&'static str],
        arn: &'static str,
    },
    /// The call's resource ARN itself, when it is one of `types` (the inference profile a model invocation
    /// names).
    Resource { types: &'static [&'static str] },
}

/// A service key every request of the service carries, where the action lists it.
#[derive(Debug, Clone, Copy)]
pub struct ServiceKey {
    pub service: &'static str,
    pub key: &'static str,
    pub value: ServiceKeyValue,
    /// Only a signed request carries it (not an anonymous one).
    pub signed_only: bool,
    pub source: &'static str,
}

/// Where the signature rows of [`SERVICE_KEYS`] come from.
const S3_SIGV4_SOURCE: &str = "Amazon S3 API Reference, Amazon S3 Signature Version 4 Authentication Specific Policy Keys: s3:signatureversion 'Identifies the version of AWS Signature that you want to support for authenticated requests … \"AWS4-HMAC-SHA256\" identifies Signature Version 4'; s3:authType 'you can allow only the HTTP Authorization header to be used in request authentication. Valid values: REST-HEADER, REST-QUERY-STRING, POST'. The AWS SDKs and the AWS CLI sign a call with Signature Version 4 in the Authorization header (Amazon S3 API Reference, Authenticating Requests (AWS Signature Version 4)); a presigned URL (REST-QUERY-STRING) or a browser POST is a different call";

pub static SERVICE_KEYS: &[ServiceKey] = &[
    ServiceKey {
        service: "bedrock",
        key: "bedrock:InferenceProfileArn",
        value: ServiceKeyValue::Resource {
            types: &["inference-profile", "application-inference-profile"],
        },
        signed_only: false,
        source: CROSS_REGION_INFERENCE_SOURCE,
    },
    ServiceKey {
        service: "ecs",
        key: "ecs:cluster",
        value: ServiceKeyValue::Parent {
            types: &["service", "task", "container-instance", "task-set"],
            arn: "arn:${Partition}:ecs:${Region}:${Account}:cluster/${Parent}",
        },
        signed_only: false,
        source: "Service Authorization Reference, Amazon ECS: ecs:cluster 'Filters access by the ARN of an Amazon ECS cluster'; the service, task, container-instance and task-set ARNs name their cluster (service/${ClusterName}/${ServiceName}, task/${ClusterName}/${TaskId}). Amazon ECS Developer Guide, Amazon ECS IAM policy examples, List and Describe Tasks: 'The following IAM policy allows a user to describe a specified task in a specified cluster' (the task ARN with ArnEquals ecs:cluster); Clusters: ecs:DescribeTasks, ecs:StopTask and ecs:DescribeContainerInstances on '*' with ArnEquals ecs:cluster for the default cluster",
    },
    ServiceKey {
        service: "s3",
        key: "s3:ResourceAccount",
        value: ServiceKeyValue::ResourceAccount,
        signed_only: false,
        source: "AWS What's New, New IAM condition keys for Amazon S3 limit requests to buckets owned by specific AWS accounts (Dec 21, 2020): 'Using the new s3:ResourceAccount IAM condition key, you can write simple IAM or Virtual Private Cloud Endpoint (VPCE) policies to restrict user or application access to S3 buckets that are owned by specified AWS Accounts'; Service Authorization Reference, Amazon S3: s3:ResourceAccount filters access by the resource owner AWS account ID",
    },
    ServiceKey {
        service: "s3",
        key: "s3:signatureversion",
        value: ServiceKeyValue::Fixed("AWS4-HMAC-SHA256"),
        signed_only: true,
        source: S3_SIGV4_SOURCE,
    },
    ServiceKey {
        service: "s3",
        key: "s3:authType",
        value: ServiceKeyValue::Fixed("REST-HEADER"),
        signed_only: true,
        source: S3_SIGV4_SOURCE,
    },
];

/// Services whose requests are all sent to one region (aws:RequestedRegion).
pub static GLOBAL_REGION: &[(&str, &str, &str)] = &[
    (
        "iam",
        "us-east-1",
        "IAM User Guide, AWS global condition context keys, aws:RequestedRegion: IAM is a global service; requests to IAM always show us-east-1",
    ),
    (
        "cloudfront",
        "us-east-1",
        "IAM User Guide, AWS: Denies access to AWS based on the requested Region: CloudFront is one of the popular AWS global services 'with a single endpoint that is physically located in the us-east-1 Region. Because all requests to these services are made to the us-east-1 Region, the requests would be denied without the NotAction element'",
    ),
    (
        "route53",
        "us-east-1",
        "IAM User Guide, AWS: Denies access to AWS based on the requested Region: 'Actions in the CloudFront, IAM, Route 53, and Support services should not be denied because these are popular AWS global services with a single endpoint that is physically located in the us-east-1 Region. Because all requests to these services are made to the us-east-1 Region, the requests would be denied without the NotAction element'",
    ),
    (
        "support",
        "us-east-1",
        "IAM User Guide, AWS: Denies access to AWS based on the requested Region: 'Actions in the CloudFront, IAM, Route 53, and Support services should not be denied because these are popular AWS global services with a single endpoint that is physically located in the us-east-1 Region. Because all requests to these services are made to the us-east-1 Region, the requests would be denied without the NotAction element'",
    ),
    (
        "globalaccelerator",
        "us-west-2",
        "AWS Global Accelerator API Reference, CreateAccelerator: 'Global Accelerator is a global service that supports endpoints in multiple AWS Regions but you must specify the US West (Oregon) Region to create, update, or otherwise work with accelerators. That is, for example, specify --region us-west-2 on AWS CLI commands.'",
    ),
];

/// The region every request to a single-endpoint global service carries, if the action's service is one.
pub fn global_region(prefix: &str) -> Option<(&'static str, &'static str)> {
    GLOBAL_REGION
        .iter()
        .find(|(s, _, _)| *s == prefix)
        .map(|(_, r, source)| (*r, *source))
}

/// What a call parameter makes the call authorize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    KeyName,
    LaunchTemplate,
    /// The AMI is EBS-backed (the default when `rootDevice` is not given).
    EbsRootDevice,
    Role,
    InstanceProfile,
    ImageFromSsmParameter,
    KmsKey,
    Tags,
    /// The request carries this context key: the call passes the parameter the key reports (AssumeRole's
    /// `SourceIdentity`, which is `sts:SourceIdentity`).
    RequestKey(&'static str),
    /// The call always needs it, whatever it passes.
    Always,
}

impl Param {
    pub fn name(self) -> &'static str {
        match self {
            Param::KeyName => "keyName",
            Param::LaunchTemplate => "launchTemplate",
            Param::EbsRootDevice => "rootDevice",
            Param::Role => "role",
            Param::InstanceProfile => "instanceProfile",
            Param::ImageFromSsmParameter => "imageFromSsmParameter",
            Param::KmsKey => "kmsKey",
            Param::Tags => "tags",
            Param::RequestKey(key) => key,
            Param::Always => "(any call)",
        }
    }
}

/// A resource the call authorizes when it passes a parameter.
#[derive(Debug, Clone, Copy)]
pub struct CallResource {
    pub action: &'static str,
    pub param: Param,
    pub resource_type: &'static str,
    /// The ARN: `${Value}` is the parameter's value (an ARN value is used as is), the rest as in templates.
    pub arn: &'static str,
    pub source: &'static str,
}

pub static CALL_RESOURCES: &[CallResource] = &[
    CallResource {
        action: "ec2:RunInstances",
        param: Param::EbsRootDevice,
        resource_type: "volume",
        arn: "arn:${Partition}:ec2:${Region}:${Account}:volume/*",
        source: "Amazon EC2 User Guide, Example policies to control access to the Amazon EC2 API, Launch instances (RunInstances): launching from an Amazon EBS-backed AMI creates a volume; therefore the user must have permissions to use the volume resource",
    },
    CallResource {
        action: "ec2:RunInstances",
        param: Param::KeyName,
        resource_type: "key-pair",
        arn: "arn:${Partition}:ec2:${Region}:${Account}:key-pair/${Value}",
        source: "Amazon EC2 User Guide, Launch instances (RunInstances): when a key pair is specified, the key-pair resource is authorized (the example restricts it with ec2:KeyPairName)",
    },
    CallResource {
        action: "ec2:RunInstances",
        param: Param::LaunchTemplate,
        resource_type: "launch-template",
        arn: "arn:${Partition}:ec2:${Region}:${Account}:launch-template/${Value}",
        source: "Amazon EC2 User Guide, Launch instances (RunInstances), Launch templates: the user must have permission to use the launch template resource (ec2:LaunchTemplate, ec2:IsLaunchTemplateResource)",
    },
];

/// Where the cross-Region inference rows come from.
pub const CROSS_REGION_INFERENCE_SOURCE: &str = "Amazon Bedrock User Guide, Supported Regions and models for inference profiles: 'Cross-Region (system-defined) inference profiles are named after the model that they support and defined by the Regions that they support' and 'When you invoke a cross-Region inference profile in Amazon Bedrock, your request originates from a source Region and is automatically routed to one of the destination Regions defined in that profile'; AWS re:Post Knowledge Center, AccessDeniedException with an inference profile: 'The \"AccessDeniedException\" error occurs when your AWS Identity and Access Management (IAM) role doesn't have the permission to invoke the API request in the destination Regions', with a statement that denies bedrock:InvokeModel on arn:aws:bedrock:*::foundation-model/* unless ArnNotLike bedrock:InferenceProfileArn names the profile; AWS Deadline Cloud User Guide, assistant Required permissions: 'permission to invoke models through cross-region inference profiles' is one statement on the inference-profile ARN and one on arn:aws:bedrock:*::foundation-model/* with ArnLike bedrock:InferenceProfileArn";

/// A resource the call also authorizes because the typed resource routes the request to it: a cross-Region
/// inference profile sends an invocation to its foundation model in one of its destination Regions.
#[derive(Debug, Clone, Copy)]
pub struct RoutedResource {
    pub actions: &'static [&'static str],
    /// The typed resource's type.
    pub from_type: &'static str,
    pub to_type: &'static str,
    /// The routed resource's ARN: `${Value}` is the typed resource's `${ResourceId}` without its first
    /// dot-separated segment (the geography prefix of `us.anthropic.claude-…`); a `*` Region stands for every
    /// destination Region, each of which must be allowed.
    pub arn: &'static str,
    pub source: &'static str,
}

pub static ROUTED_RESOURCES: &[RoutedResource] = &[RoutedResource {
    actions: &[
        "bedrock:InvokeModel",
        "bedrock:InvokeModelWithResponseStream",
    ],
    from_type: "inference-profile",
    to_type: "foundation-model",
    arn: "arn:${Partition}:bedrock:*::foundation-model/${Value}",
    source: CROSS_REGION_INFERENCE_SOURCE,
}];

/// The principal of the service a call passes a role to (`iam:PassedToService`).
#[derive(Debug, Clone, Copy)]
pub struct PassRoleTo {
    /// An action glob (`ecs:RunTask`, `lambda:*`).
    pub action: &'static str,
    pub principal: &'static str,
}

/// When no row names the action, the service's own principal is used (`<prefix>.amazonaws.com`).
pub static PASS_ROLE_TO: &[PassRoleTo] = &[
    // A flow log's delivery role goes to the flow logs service, not to EC2 (this row comes before `ec2:*`: the
    // first matching row decides). Amazon VPC User Guide, Publish flow logs to CloudWatch Logs: the role needs
    // 'the following trust policy, which allows the flow logs service to assume the role' (Principal Service
    // vpc-flow-logs.amazonaws.com), and 'Users must have permissions to use the iam:PassRole action for the IAM
    // role that's associated with the flow log'; IAM User Guide, iam:PassedToService: 'Specifies the service
    // principal of the service to which a role can be passed ... A service principal is the name of a service
    // that can be specified in the Principal element of a policy'.
    PassRoleTo {
        action: "ec2:CreateFlowLogs",
        principal: "vpc-flow-logs.amazonaws.com",
    },
    PassRoleTo {
        action: "ec2:*",
        principal: "ec2.amazonaws.com",
    },
    // A Batch Operations job's role goes to the Batch Operations principal, not to s3.amazonaws.com. Amazon S3
    // User Guide, Granting permissions for Batch Operations: 'The same entity that creates the job must also have
    // the iam:PassRole permission to pass the AWS Identity and Access Management (IAM) role that's specified for
    // the job to Batch Operations', and the role's trust policy lets 'the S3 Batch Operations service principal
    // (batchoperations.s3.amazonaws.com)' assume it; IAM User Guide, iam:PassedToService (see the flow-log row).
    PassRoleTo {
        action: "s3:CreateJob",
        principal: "batchoperations.s3.amazonaws.com",
    },
    PassRoleTo {
        action: "ecs:RunTask",
        principal: "ecs-tasks.amazonaws.com",
    },
    PassRoleTo {
        action: "ecs:StartTask",
        principal: "ecs-tasks.amazonaws.com",
    },
    PassRoleTo {
        action: "ecs:RegisterTaskDefinition",
        principal: "ecs-tasks.amazonaws.com",
    },
    PassRoleTo {
        action: "ecs:CreateService",
        principal: "ecs.amazonaws.com",
    },
    PassRoleTo {
        action: "states:*",
        principal: "states.amazonaws.com",
    },
    PassRoleTo {
        action: "elasticmapreduce:*",
        principal: "elasticmapreduce.amazonaws.com",
    },
    PassRoleTo {
        action: "events:*",
        principal: "events.amazonaws.com",
    },
];

/// Where the passed-role principals come from.
pub const PASS_ROLE_SOURCE: &str = "IAM User Guide, Grant a user permissions to pass a role to an AWS service, and the iam:PassedToService condition key: the key's value is the service principal of the service the role is passed to (ec2.amazonaws.com for an EC2 instance profile, lambda.amazonaws.com for a function, ecs-tasks.amazonaws.com for an ECS task role)";

/// A permission-only action that passes a resource to a service, and the key naming that service.
#[derive(Debug, Clone, Copy)]
pub struct PassedToServiceKey {
    pub dependent: &'static str,
    pub key: &'static str,
    pub source: &'static str,
}

/// Where the connection rows of [`PASSED_TO_SERVICE_KEYS`] come from.
const PASS_CONNECTION_SOURCE: &str = "Service Authorization Reference, AWS CodeStar Connections and AWS CodeConnections: PassConnection 'Grants permission to pass a Connection resource to an AWS service that accepts a Connection ARN as input' and lists PassedToService, which 'Filters access by the service to which the principal is allowed to pass a Connection'; AWS CodePipeline, API operations: CreatePipeline authorizes codestar-connections:PassConnection";

/// The key each passing dependent action carries (its value is the principal of the service the call passes to,
/// [`pass_role_principal`]).
pub static PASSED_TO_SERVICE_KEYS: &[PassedToServiceKey] = &[
    PassedToServiceKey {
        dependent: "iam:PassRole",
        key: "iam:PassedToService",
        source: PASS_ROLE_SOURCE,
    },
    PassedToServiceKey {
        dependent: "codestar-connections:PassConnection",
        key: "codestar-connections:PassedToService",
        source: PASS_CONNECTION_SOURCE,
    },
    PassedToServiceKey {
        dependent: "codeconnections:PassConnection",
        key: "codeconnections:PassedToService",
        source: PASS_CONNECTION_SOURCE,
    },
];

/// The service principal a role passed by `action` goes to.
pub fn pass_role_principal(action_full: &str, prefix: &str) -> String {
    PASS_ROLE_TO
        .iter()
        .find(|r| glob(r.action, action_full, true))
        .map(|r| r.principal.to_string())
        .unwrap_or_else(|| format!("{prefix}.amazonaws.com"))
}

/// A dependent action the call certainly needs when it passes a parameter.
#[derive(Debug, Clone, Copy)]
pub struct CallDependency {
    /// Action globs of the calls that need it.
    pub actions: &'static [&'static str],
    pub param: Param,
    pub dependent: &'static str,
    /// The resource: `${Value}` is the parameter's value (an ARN value is the resource as is); `${Role}` the
    /// passed role.
    pub resource: &'static str,
    /// Context the service supplies (`${Partition}`, `${Region}`, `${Account}`, `${PassedToService}` and
    /// `${Resource}`, the resource of the call, are filled in).
    pub context: &'static [(&'static str, &'static str)],
    pub source: &'static str,
}

/// Where the Amazon MSK Connect row of [`CALL_DEPENDENCIES`] comes from.
const MSK_CONNECT_SOURCE: &str = "Amazon MSK Developer Guide, IAM access control, Semantics of actions and resources: 'When you include in your authorization policy an action from the Action column of the table, you must also include the corresponding actions from the Required actions column.' kafka-cluster:Connect (Grants permission to connect and authenticate to the cluster; required resources: cluster) is a required action of every other action";

/// Where the Amazon MSK rows of [`CALL_DEPENDENCIES`] that describe the call's own resource come from.
const MSK_DESCRIBE_SOURCE: &str = "Amazon MSK Developer Guide, IAM access control, Semantics of actions and resources: 'When you include in your authorization policy an action from the Action column of the table, you must also include the corresponding actions from the Required actions column.' The table requires DescribeTopic for ReadData, WriteData, AlterTopic and DeleteTopic, DescribeTopicDynamicConfiguration for AlterTopicDynamicConfiguration, DescribeCluster for AlterCluster, DescribeClusterDynamicConfiguration for AlterClusterDynamicConfiguration, DescribeGroup for AlterGroup and DeleteGroup, and DescribeTransactionalId for AlterTransactionalId";

/// The Amazon MSK cluster a topic, group or transactional ID is in, named from the call's ARN.
const MSK_CLUSTER: &str =
    "arn:${Partition}:kafka:${Region}:${Account}:cluster/${ClusterName}/${ClusterUuid}";
const MSK_TOPIC: &str =
    "arn:${Partition}:kafka:${Region}:${Account}:topic/${ClusterName}/${ClusterUuid}/${TopicName}";
const MSK_GROUP: &str =
    "arn:${Partition}:kafka:${Region}:${Account}:group/${ClusterName}/${ClusterUuid}/${GroupName}";
const MSK_TRANSACTIONAL_ID: &str = "arn:${Partition}:kafka:${Region}:${Account}:transactional-id/${ClusterName}/${ClusterUuid}/${TransactionalId}";

/// Where the EC2 passed-role rows of [`CALL_DEPENDENCIES`] come from.
const EC2_PASS_ROLE_SOURCE: &str = "IAM User Guide, Using an IAM role to grant permissions to applications running on Amazon EC2 instances: to launch an instance with a role, the user must have permission to pass the role (iam:PassRole) as well as to launch the instance. IAM User Guide, IAM and AWS STS condition context keys, iam:AssociatedResourceArn: 'Specifies the ARN of the resource to which this role will be associated at the destination service'; its example allows passing any role 'to the Amazon EC2 service to be used with instances in the Region us-east-1 or us-west-1' with StringLike on arn:aws:ec2:REGION:ACCOUNT:instance/*, and 'AWS services that support iam:PassedToService also support this condition key'";

/// The context of the iam:PassRole a launch makes: the role goes to EC2 for the instance being launched, whose
/// id is not known yet.
const EC2_LAUNCH_PASS_ROLE_CONTEXT: &[(&str, &str)] = &[
    ("iam:PassedToService", "ec2.amazonaws.com"),
    (
        "iam:AssociatedResourceArn",
        "arn:${Partition}:ec2:${Region}:${Account}:instance/*",
    ),
];

/// The context of the iam:PassRole that attaching a profile to an instance makes: the instance is the call's.
const EC2_ASSOCIATE_PASS_ROLE_CONTEXT: &[(&str, &str)] = &[
    ("iam:PassedToService", "ec2.amazonaws.com"),
    ("iam:AssociatedResourceArn", "${Resource}"),
];

/// Where the GuardDuty trusted IP list and threat list rows of [`CALL_DEPENDENCIES`] come from.
const GUARDDUTY_LISTS_SOURCE: &str = "Amazon GuardDuty User Guide, Working with trusted IP lists and threat lists, Permissions required to upload trusted IP lists and threat lists: 'An identity with the AmazonGuardDutyFullAccess managed policy attached can only rename and deactivate uploaded trusted IP lists and threat lists. To grant various identities full access to working with trusted IP lists and threat lists (in addition to renaming and deactivating, this includes uploading, activating, deleting, and updating the location of the lists), make sure that the following actions are present': iam:PutRolePolicy and iam:DeleteRolePolicy on the AWSServiceRoleForAmazonGuardDuty service-linked role; Service Authorization Reference, Amazon GuardDuty: CreateIPSet lists iam:DeleteRolePolicy and iam:PutRolePolicy as dependent actions";

/// The calls that upload (and activate) or delete a GuardDuty trusted IP list or threat list; renaming and
/// deactivating with UpdateIPSet or UpdateThreatIntelSet need neither IAM action.
const GUARDDUTY_LIST_CHANGES: [&str; 4] = [
    "guardduty:CreateIPSet",
    "guardduty:CreateThreatIntelSet",
    "guardduty:DeleteIPSet",
    "guardduty:DeleteThreatIntelSet",
];

/// GuardDuty's service-linked role, which the list calls change on the caller's behalf.
const GUARDDUTY_ROLE: &str =
    "arn:${Partition}:iam::${Account}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty";

pub static CALL_DEPENDENCIES: &[CallDependency] = &[
    // EC2 rows come before the generic passed-role row: the first row that adds iam:PassRole decides its context.
    CallDependency {
        actions: &["ec2:RunInstances"],
        param: Param::InstanceProfile,
        dependent: "iam:PassRole",
        resource: "${Role}",
        context: EC2_LAUNCH_PASS_ROLE_CONTEXT,
        source: EC2_PASS_ROLE_SOURCE,
    },
    CallDependency {
        actions: &["ec2:RunInstances"],
        param: Param::Role,
        dependent: "iam:PassRole",
        resource: "${Value}",
        context: EC2_LAUNCH_PASS_ROLE_CONTEXT,
        source: EC2_PASS_ROLE_SOURCE,
    },
    CallDependency {
        actions: &["ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation"],
        param: Param::InstanceProfile,
        dependent: "iam:PassRole",
        resource: "${Role}",
        context: EC2_ASSOCIATE_PASS_ROLE_CONTEXT,
        source: EC2_PASS_ROLE_SOURCE,
    },
    CallDependency {
        actions: &["ec2:AssociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation"],
        param: Param::Role,
        dependent: "iam:PassRole",
        resource: "${Value}",
        context: EC2_ASSOCIATE_PASS_ROLE_CONTEXT,
        source: EC2_PASS_ROLE_SOURCE,
    },
    CallDependency {
        actions: &["scheduler:DeleteScheduleGroup"],
        param: Param::Always,
        dependent: "scheduler:DeleteSchedule",
        resource: "arn:${Partition}:scheduler:${Region}:${Account}:schedule/${GroupName}/*",
        context: &[],
        source: "Service Authorization Reference, Amazon EventBridge Scheduler: DeleteScheduleGroup lists the dependent action scheduler:DeleteSchedule, and the API operations table maps the DeleteScheduleGroup operation to scheduler:DeleteSchedule and scheduler:DeleteScheduleGroup; EventBridge Scheduler API Reference, DeleteScheduleGroup: 'Deleting a schedule group results in EventBridge Scheduler deleting all schedules associated with the group'",
    },
    CallDependency {
        actions: &["*"],
        param: Param::Role,
        dependent: "iam:PassRole",
        resource: "${Value}",
        context: &[("iam:PassedToService", "${PassedToService}")],
        source: PASS_ROLE_SOURCE,
    },
    CallDependency {
        actions: &["autoscaling:CreateAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup"],
        param: Param::LaunchTemplate,
        dependent: "ec2:RunInstances",
        resource: "arn:${Partition}:ec2:${Region}:${Account}:launch-template/${Value}",
        context: &[],
        source: "Amazon EC2 Auto Scaling User Guide, Control Amazon EC2 launch template usage in Auto Scaling groups: IAM identities with the sample policy have permission to create or update an Auto Scaling group using a launch template because they're also given permission to use the ec2:RunInstances action; ec2:RunInstances are checked when an Auto Scaling group is created or updated using a launch template",
    },
    CallDependency {
        actions: &["dynamodb:RestoreTableFromBackup", "dynamodb:RestoreTableToPointInTime"],
        param: Param::Always,
        dependent: "dynamodb:PutItem",
        resource: "arn:${Partition}:dynamodb:${Region}:${Account}:table/*",
        context: &[],
        source: "DynamoDB Developer Guide, Using IAM with DynamoDB backup and restore: DynamoDB read and write permissions on the target table are necessary for restore functionality (Example 1 grants PutItem, UpdateItem, DeleteItem, GetItem, Query, Scan and BatchWriteItem)",
    },
    CallDependency {
        actions: &["dynamodb:RestoreTableFromBackup", "dynamodb:RestoreTableToPointInTime"],
        param: Param::Always,
        dependent: "dynamodb:BatchWriteItem",
        resource: "arn:${Partition}:dynamodb:${Region}:${Account}:table/*",
        context: &[],
        source: "DynamoDB Developer Guide, Using IAM with DynamoDB backup and restore: DynamoDB read and write permissions on the target table are necessary for restore functionality (Example 1 grants PutItem, UpdateItem, DeleteItem, GetItem, Query, Scan and BatchWriteItem)",
    },
    CallDependency {
        actions: &["codeartifact:GetAuthorizationToken"],
        param: Param::Always,
        dependent: "sts:GetServiceBearerToken",
        resource: "*",
        context: &[("sts:AWSServiceName", "codeartifact.amazonaws.com")],
        source: "AWS CodeArtifact API Reference, GetAuthorizationToken: 'This API requires the codeartifact:GetAuthorizationToken and sts:GetServiceBearerToken permissions.' IAM User Guide, Service bearer tokens: 'When you perform AWS CLI or AWS API operations that require bearer tokens, the AWS service requests a bearer token on your behalf'; AWS CodeArtifact User Guide, Using identity-based policies for AWS CodeArtifact: every example grants sts:GetServiceBearerToken on '*' when sts:AWSServiceName is codeartifact.amazonaws.com",
    },
    CallDependency {
        actions: &GUARDDUTY_LIST_CHANGES,
        param: Param::Always,
        dependent: "iam:PutRolePolicy",
        resource: GUARDDUTY_ROLE,
        context: &[],
        source: GUARDDUTY_LISTS_SOURCE,
    },
    CallDependency {
        actions: &GUARDDUTY_LIST_CHANGES,
        param: Param::Always,
        dependent: "iam:DeleteRolePolicy",
        resource: GUARDDUTY_ROLE,
        context: &[],
        source: GUARDDUTY_LISTS_SOURCE,
    },
    CallDependency {
        actions: &["codedeploy:CreateDeployment"],
        param: Param::Always,
        dependent: "codedeploy:GetDeploymentConfig",
        resource: "arn:${Partition}:codedeploy:${Region}:${Account}:deploymentconfig:*",
        context: &[],
        source: "AWS CodeDeploy User Guide, CodeDeploy permissions reference, CreateDeployment: 'When you specify CreateDeployment permissions, you must also specify GetDeploymentConfig permissions for the deployment configuration'; Example 3 (Allow a User to Create Deployments for a Single Deployment Group) grants GetDeploymentConfig on the deployment configuration the deployments use. The configuration is the deployment's or its group's; name it in `realApi.dependentResources`",
    },
    CallDependency {
        actions: &[
            "rds-data:BatchExecuteStatement",
            "rds-data:BeginTransaction",
            "rds-data:CommitTransaction",
            "rds-data:ExecuteStatement",
            "rds-data:RollbackTransaction",
        ],
        param: Param::Always,
        dependent: "secretsmanager:GetSecretValue",
        resource: "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:*",
        context: &[],
        source: "Amazon Aurora User Guide, Authorizing access to the Amazon RDS Data API: 'Users need to use Secrets Manager to store secrets that they can use in their calls to Data API ... Data API transparently calls Secrets Manager, which allows (or denies) the user's request for the secret'; the minimum policy for one DB cluster grants secretsmanager:GetSecretValue on the secrets with the rds-data actions. Amazon RDS Data API Reference, ExecuteStatement, BatchExecuteStatement, BeginTransaction, CommitTransaction and RollbackTransaction: secretArn, 'The ARN of the secret that enables access to the DB cluster', is required. The secret is the call's; name it in `realApi.dependentResources`",
    },
    CallDependency {
        actions: &["ec2:RunInstances"],
        param: Param::ImageFromSsmParameter,
        dependent: "ssm:GetParameters",
        resource: "arn:${Partition}:ssm:${Region}:${Account}:parameter/${ValueWithoutLeadingSlash}",
        context: &[],
        source: "Amazon EC2 User Guide, Use a Systems Manager parameter instead of an AMI ID: to launch with resolve:ssm:parameter-name, the user needs ssm:GetParameters on the parameter",
    },
    CallDependency {
        actions: &["s3:PutObject"],
        param: Param::KmsKey,
        dependent: "kms:GenerateDataKey",
        resource: "${Value}",
        context: &[
            ("kms:ViaService", "s3.${Region}.amazonaws.com"),
            ("kms:EncryptionContext:aws:s3:arn", "${Resource}"),
        ],
        source: "Amazon S3 User Guide, Using server-side encryption with AWS KMS keys (SSE-KMS), Permissions: to upload an object encrypted with an AWS KMS key you need kms:GenerateDataKey on the key. Amazon S3 User Guide, SSE-KMS, Encryption context: 'If you use SSE-KMS without enabling an S3 Bucket Key, the object ARN is used as the encryption context' (the bucket ARN with an S3 Bucket Key); AWS KMS Developer Guide, Encryption context: 'Amazon Simple Storage Service (Amazon S3) uses an encryption context in which the key is aws:s3:arn. The value is the S3 bucket path to the file that is being encrypted.'",
    },
    CallDependency {
        actions: &["secretsmanager:GetSecretValue"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value}",
        context: &[
            ("kms:ViaService", "secretsmanager.${Region}.amazonaws.com"),
            ("kms:EncryptionContext:SecretARN", "${Resource}"),
        ],
        source: "Secrets Manager User Guide, Secret encryption and decryption: Secrets Manager calls Decrypt for GetSecretValue, acting on behalf of the user, who must have kms:Decrypt on a customer managed key; AWS managed policy AWSSecretsManagerClientReadOnlyAccess ('allows decrypting KMS keys for Secrets Manager secrets') conditions that kms:Decrypt on kms:EncryptionContext:SecretARN arn:aws:secretsmanager:*:*:secret:* and kms:ViaService secretsmanager.*.amazonaws.com: the Decrypt carries the secret's ARN as its SecretARN encryption context",
    },
    CallDependency {
        actions: &["secretsmanager:BatchGetSecretValue"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value}",
        // The batch names no single secret, so the SecretARN encryption context of each Decrypt is not known here.
        context: &[("kms:ViaService", "secretsmanager.${Region}.amazonaws.com")],
        source: "AWS Secrets Manager API Reference, BatchGetSecretValue: 'Required permissions: secretsmanager:BatchGetSecretValue, and you must have secretsmanager:GetSecretValue for each secret ... If the secrets are encrypted using customer-managed keys instead of the AWS managed key aws/secretsmanager, then you also need kms:Decrypt permissions for the keys.' Secrets Manager User Guide, Secret encryption and decryption: Secrets Manager calls Decrypt on behalf of the caller, so kms:ViaService is secretsmanager.<Region>.amazonaws.com",
    },
    CallDependency {
        actions: &["secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret"],
        param: Param::KmsKey,
        dependent: "kms:GenerateDataKey",
        resource: "${Value}",
        context: &[("kms:ViaService", "secretsmanager.${Region}.amazonaws.com")],
        source: "Secrets Manager User Guide, Secret encryption and decryption: to encrypt a new secret value with a customer managed key, the user must have kms:GenerateDataKey on the key",
    },
    CallDependency {
        actions: &["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value}",
        context: &[("kms:ViaService", "ssm.${Region}.amazonaws.com")],
        source: "Systems Manager User Guide, How Parameter Store uses AWS KMS: to read a SecureString parameter encrypted with a customer managed key (WithDecryption), the user needs kms:Decrypt on the key",
    },
    CallDependency {
        actions: &["ssm:PutParameter"],
        param: Param::KmsKey,
        dependent: "kms:Encrypt",
        resource: "${Value}",
        context: &[("kms:ViaService", "ssm.${Region}.amazonaws.com")],
        source: "Systems Manager User Guide, How Parameter Store uses AWS KMS: to create a SecureString parameter with a customer managed key, the user needs kms:Encrypt on the key",
    },
    CallDependency {
        actions: &["sqs:SendMessage"],
        param: Param::KmsKey,
        dependent: "kms:GenerateDataKey",
        resource: "${Value}",
        context: &[("kms:ViaService", "sqs.${Region}.amazonaws.com")],
        source: "Amazon SQS Developer Guide, Key management: producers of an encrypted queue need kms:GenerateDataKey and kms:Decrypt on a customer managed key (in its key policy or an IAM policy)",
    },
    CallDependency {
        actions: &["sqs:ReceiveMessage"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value}",
        context: &[("kms:ViaService", "sqs.${Region}.amazonaws.com")],
        source: "Amazon SQS Developer Guide, Key management: consumers of an encrypted queue need kms:Decrypt on a customer managed key",
    },
    CallDependency {
        actions: &["sns:Publish"],
        param: Param::KmsKey,
        dependent: "kms:GenerateDataKey",
        resource: "${Value}",
        context: &[("kms:ViaService", "sns.${Region}.amazonaws.com")],
        source: "Amazon SNS Developer Guide, Key management, Configuring AWS KMS permissions: publishers to an encrypted topic need kms:GenerateDataKey and kms:Decrypt on a customer managed key",
    },
    CallDependency {
        actions: &["sqs:SendMessage"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value}",
        context: &[("kms:ViaService", "sqs.${Region}.amazonaws.com")],
        source: "Amazon SQS Developer Guide, Key management: the producer must have the kms:GenerateDataKey and kms:Decrypt permissions for a customer managed key",
    },
    CallDependency {
        actions: &["sns:Publish"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value}",
        context: &[("kms:ViaService", "sns.${Region}.amazonaws.com")],
        source: "Amazon SNS Developer Guide, Key management, Configuring AWS KMS permissions: publishers to an encrypted topic need kms:GenerateDataKey and kms:Decrypt on a customer managed key",
    },
    CallDependency {
        actions: &["ecs:ExecuteCommand"],
        param: Param::KmsKey,
        dependent: "kms:GenerateDataKey",
        resource: "${Value}",
        // The page names the permission and the key, not the service that calls AWS KMS: no kms:ViaService here.
        context: &[],
        source: "Amazon ECS Developer Guide, Using ECS Exec, IAM permissions required for encryption using your own AWS KMS key (KMS key): 'For the data to be encrypted using your own KMS key, the user or group using the execute-command action must be granted the kms:GenerateDataKey permission' (the example policy allows kms:GenerateDataKey on the key ARN)",
    },
    CallDependency {
        actions: &["ec2:RunInstances", "ec2:CreateVolume", "ec2:CopySnapshot", "ec2:CopyImage"],
        param: Param::KmsKey,
        dependent: "kms:CreateGrant",
        resource: "${Value} The same permissions apply to every EBS encryption, including an encrypted snapshot or AMI copy ('You must grant users permission to call the following actions in order to use EBS encryption: kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:GenerateDataKeyWithoutPlainText, kms:ReEncrypt')",
        context: &[
            ("kms:ViaService", "ec2.${Region}.amazonaws.com"),
            ("kms:GrantIsForAWSResource", "true"),
        ],
        source: "Amazon EBS User Guide, Requirements for Amazon EBS encryption, Permissions for users: to launch or create encrypted volumes with a customer managed key, users need kms:CreateGrant, kms:Decrypt, kms:DescribeKey and kms:GenerateDataKeyWithoutPlainText on the key; 'use the kms:GrantIsForAWSResource condition key to allow the user to create grants on the KMS key only when the grant is created on the user's behalf by an AWS service' (EBS creates the grant, so the key is true)",
    },
    CallDependency {
        actions: &["ec2:RunInstances", "ec2:CreateVolume", "ec2:CopySnapshot", "ec2:CopyImage"],
        param: Param::KmsKey,
        dependent: "kms:GenerateDataKeyWithoutPlaintext",
        resource: "${Value} The same permissions apply to every EBS encryption, including an encrypted snapshot or AMI copy ('You must grant users permission to call the following actions in order to use EBS encryption: kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:GenerateDataKeyWithoutPlainText, kms:ReEncrypt')",
        context: &[("kms:ViaService", "ec2.${Region}.amazonaws.com")],
        source: "Amazon EBS User Guide, Amazon EBS encryption, Permissions for IAM users: to launch or create encrypted volumes with a customer managed key, users need kms:CreateGrant, kms:Decrypt, kms:DescribeKey and kms:GenerateDataKeyWithoutPlainText on the key",
    },
    CallDependency {
        actions: &["ec2:RunInstances", "ec2:CreateVolume", "ec2:CopySnapshot", "ec2:CopyImage"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value} The same permissions apply to every EBS encryption, including an encrypted snapshot or AMI copy ('You must grant users permission to call the following actions in order to use EBS encryption: kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:GenerateDataKeyWithoutPlainText, kms:ReEncrypt')",
        context: &[("kms:ViaService", "ec2.${Region}.amazonaws.com")],
        source: "Amazon EBS User Guide, Amazon EBS encryption, Permissions for IAM users: to launch or create encrypted volumes with a customer managed key, users need kms:CreateGrant, kms:Decrypt, kms:DescribeKey and kms:GenerateDataKeyWithoutPlainText on the key",
    },
    CallDependency {
        actions: &["ec2:RunInstances", "ec2:CreateVolume", "ec2:CopySnapshot", "ec2:CopyImage"],
        param: Param::KmsKey,
        dependent: "kms:DescribeKey",
        resource: "${Value} The same permissions apply to every EBS encryption, including an encrypted snapshot or AMI copy ('You must grant users permission to call the following actions in order to use EBS encryption: kms:CreateGrant, kms:Decrypt, kms:DescribeKey, kms:GenerateDataKeyWithoutPlainText, kms:ReEncrypt')",
        context: &[("kms:ViaService", "ec2.${Region}.amazonaws.com")],
        source: "Amazon EBS User Guide, Amazon EBS encryption, Permissions for IAM users: to launch or create encrypted volumes with a customer managed key, users need kms:CreateGrant, kms:Decrypt, kms:DescribeKey and kms:GenerateDataKeyWithoutPlainText on the key",
    },
    CallDependency {
        actions: &["kinesis:PutRecord", "kinesis:PutRecords"],
        param: Param::KmsKey,
        dependent: "kms:GenerateDataKey",
        resource: "${Value}",
        context: &[
            ("kms:ViaService", "kinesis.${Region}.amazonaws.com"),
            ("kms:EncryptionContext:aws:kinesis:arn", "${Resource}"),
        ],
        source: "Amazon Kinesis Data Streams Developer Guide, Permissions to use user-generated KMS keys: your Kinesis stream producers must have the kms:GenerateDataKey permission. Amazon Kinesis Data Streams Developer Guide, Permissions to use user-generated KMS keys, Kinesis Data Streams encryption context: 'Kinesis Data Streams uses the stream ARN as the encryption context in all AWS KMS calls' (\"aws:kinesis:arn\": the stream ARN)",
    },
    CallDependency {
        actions: &["kinesis:GetRecords"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value}",
        context: &[
            ("kms:ViaService", "kinesis.${Region}.amazonaws.com"),
            ("kms:EncryptionContext:aws:kinesis:arn", "${Resource}"),
        ],
        source: "Amazon Kinesis Data Streams Developer Guide, Permissions to use user-generated KMS keys: your Kinesis stream consumers must have the kms:Decrypt permission. Amazon Kinesis Data Streams Developer Guide, Permissions to use user-generated KMS keys, Kinesis Data Streams encryption context: 'Kinesis Data Streams uses the stream ARN as the encryption context in all AWS KMS calls' (\"aws:kinesis:arn\": the stream ARN)",
    },
    CallDependency {
        actions: &["s3:GetObject"],
        param: Param::KmsKey,
        dependent: "kms:Decrypt",
        resource: "${Value}",
        context: &[
            ("kms:ViaService", "s3.${Region}.amazonaws.com"),
            ("kms:EncryptionContext:aws:s3:arn", "${Resource}"),
        ],
        source: "Amazon S3 User Guide, Using server-side encryption with AWS KMS keys (SSE-KMS), Permissions: to download an object encrypted with an AWS KMS key you need kms:Decrypt on the key. Amazon S3 User Guide, SSE-KMS, Encryption context: 'If you use SSE-KMS without enabling an S3 Bucket Key, the object ARN is used as the encryption context' (the bucket ARN with an S3 Bucket Key); AWS KMS Developer Guide, Encryption context: 'Amazon Simple Storage Service (Amazon S3) uses an encryption context in which the key is aws:s3:arn. The value is the S3 bucket path to the file that is being encrypted.'",
    },
    CallDependency {
        actions: &[
            "kafka-cluster:AlterCluster",
            "kafka-cluster:AlterClusterDynamicConfiguration",
            "kafka-cluster:AlterGroup",
            "kafka-cluster:AlterTopic",
            "kafka-cluster:AlterTopicDynamicConfiguration",
            "kafka-cluster:AlterTransactionalId",
            "kafka-cluster:CreateTopic",
            "kafka-cluster:DeleteGroup",
            "kafka-cluster:DeleteTopic",
            "kafka-cluster:DescribeCluster",
            "kafka-cluster:DescribeClusterDynamicConfiguration",
            "kafka-cluster:DescribeGroup",
            "kafka-cluster:DescribeTopic",
            "kafka-cluster:DescribeTopicDynamicConfiguration",
            "kafka-cluster:DescribeTransactionalId",
            "kafka-cluster:ReadData",
            "kafka-cluster:WriteData",
            "kafka-cluster:WriteDataIdempotently",
        ],
        param: Param::Always,
        dependent: "kafka-cluster:Connect",
        resource: MSK_CLUSTER,
        context: &[],
        source: MSK_CONNECT_SOURCE,
    },
    CallDependency {
        actions: &["kafka-cluster:ReadData", "kafka-cluster:WriteData", "kafka-cluster:AlterTopic", "kafka-cluster:DeleteTopic"],
        param: Param::Always,
        dependent: "kafka-cluster:DescribeTopic",
        resource: MSK_TOPIC,
        context: &[],
        source: MSK_DESCRIBE_SOURCE,
    },
    CallDependency {
        actions: &["kafka-cluster:AlterTopicDynamicConfiguration"],
        param: Param::Always,
        dependent: "kafka-cluster:DescribeTopicDynamicConfiguration",
        resource: MSK_TOPIC,
        context: &[],
        source: MSK_DESCRIBE_SOURCE,
    },
    CallDependency {
        actions: &["kafka-cluster:AlterCluster"],
        param: Param::Always,
        dependent: "kafka-cluster:DescribeCluster",
        resource: MSK_CLUSTER,
        context: &[],
        source: MSK_DESCRIBE_SOURCE,
    },
    CallDependency {
        actions: &["kafka-cluster:AlterClusterDynamicConfiguration"],
        param: Param::Always,
        dependent: "kafka-cluster:DescribeClusterDynamicConfiguration",
        resource: MSK_CLUSTER,
        context: &[],
        source: MSK_DESCRIBE_SOURCE,
    },
    CallDependency {
        actions: &["kafka-cluster:AlterGroup", "kafka-cluster:DeleteGroup"],
        param: Param::Always,
        dependent: "kafka-cluster:DescribeGroup",
        resource: MSK_GROUP,
        context: &[],
        source: MSK_DESCRIBE_SOURCE,
    },
    CallDependency {
        actions: &["sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"],
        param: Param::RequestKey("sts:SourceIdentity"),
        dependent: "sts:SetSourceIdentity",
        resource: "${Resource}",
        context: &[],
        source: "IAM User Guide, Monitor and control actions taken with assumed roles, Permissions required to set source identity: 'To specify a source identity, principals (IAM users and roles) must have permissions to sts:SetSourceIdentity.' 'When you assume a role with another role, called role chaining, permissions for sts:SetSourceIdentity are required in both the permissions policy of the principal who is assuming the role and in the role trust policy of the target role. Otherwise, the assume role operation will fail.' 'When an identity sets a source identity, the sts:SourceIdentity key is present in the request.'",
    },
    CallDependency {
        actions: &["kafka-cluster:AlterTransactionalId"],
        param: Param::Always,
        dependent: "kafka-cluster:DescribeTransactionalId",
        resource: MSK_TRANSACTIONAL_ID,
        context: &[],
        source: MSK_DESCRIBE_SOURCE,
    },
];

/// Creating a resource with tags also needs the service's tagging action, with the creating action in context.
#[derive(Debug, Clone, Copy)]
pub struct TagOnCreate {
    pub service: &'static str,
    /// The creating actions it holds for; empty for every action of the service that takes tags.
    pub actions: &'static [&'static str],
    pub tag_action: &'static str,
    /// The context key naming the creating action, where the service has one.
    pub create_action_key: Option<&'static str>,
    /// The resource type the tags go to when it is not the call's own resource (a consumer registered with the
    /// stream the call names); `None` for the resource the call creates.
    pub tagged_type: Option<&'static str>,
    pub source: &'static str,
}

pub static TAG_ON_CREATE: &[TagOnCreate] = &[
    TagOnCreate {
        service: "ec2",
        actions: &[],
        tag_action: "ec2:CreateTags",
        create_action_key: Some("ec2:CreateAction"),
        tagged_type: None,
        source: "Amazon EC2 User Guide, Grant permission to tag Amazon EC2 resources during creation: to tag resources on creation, users must have permissions to use the action that creates the resource and the ec2:CreateTags action; the ec2:CreateAction condition key names the creating action",
    },
    TagOnCreate {
        service: "ecs",
        actions: &[],
        tag_action: "ecs:TagResource",
        create_action_key: Some("ecs:CreateAction"),
        tagged_type: None,
        source: "Amazon ECS Developer Guide, Grant permission to tag resources on creation: include both the permissions to use the action that creates the resource, such as ecs:CreateCluster or ecs:RunTask, and the ecs:TagResource action; the request fails without ecs:TagResource if it applies tags",
    },
    TagOnCreate {
        service: "rds",
        actions: &[],
        tag_action: "rds:AddTagsToResource",
        create_action_key: None,
        tagged_type: None,
        source: "Amazon RDS User Guide, Grant permission to tag Amazon RDS resources during creation: if tags are specified in the create action, RDS performs additional authorization on the rds:AddTagsToResource action, so users must also have explicit permissions to use it",
    },
    TagOnCreate {
        service: "kms",
        actions: &[],
        tag_action: "kms:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "AWS KMS Developer Guide, Tags in AWS KMS / ABAC: to add tags while creating a KMS key, the principal needs kms:TagResource permission in addition to kms:CreateKey",
    },
    TagOnCreate {
        service: "sts",
        actions: &[],
        tag_action: "sts:TagSession",
        create_action_key: None,
        tagged_type: None,
        source: "IAM User Guide, Pass session tags in AWS STS, Permissions required to add session tags: to pass session tags the principal must be allowed sts:TagSession, and the role's trust policy must allow sts:TagSession as well as the AssumeRole action",
    },
    TagOnCreate {
        service: "lambda",
        actions: &[],
        tag_action: "lambda:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "Lambda Developer Guide, Using attribute-based access control / Tagging functions: to add tags when you create a function (CreateFunction with Tags), you also need the lambda:TagResource permission",
    },
    TagOnCreate {
        service: "logs",
        actions: &[],
        tag_action: "logs:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "CloudWatch Logs API Reference, CreateLogGroup: to add tags when you create a log group you must have the logs:TagResource (or logs:TagLogGroup) permission",
    },
    TagOnCreate {
        service: "sns",
        actions: &[],
        tag_action: "sns:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "Amazon SNS API Reference, CreateTopic: to be able to tag a topic on creation, you must have the sns:CreateTopic and sns:TagResource permissions",
    },
    TagOnCreate {
        service: "sqs",
        actions: &[],
        tag_action: "sqs:TagQueue",
        create_action_key: None,
        tagged_type: None,
        source: "Amazon SQS API Reference, CreateQueue: to be able to tag a queue on creation, you must have the sqs:CreateQueue and sqs:TagQueue permissions",
    },
    TagOnCreate {
        service: "ecr",
        actions: &[],
        tag_action: "ecr:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "Amazon ECR User Guide, Using tag-based access control: if tags are specified in the resource-creating action, AWS performs additional authorization on the ecr:CreateRepository action to verify if users have permissions to create tags (ecr:TagResource)",
    },
    TagOnCreate {
        service: "elasticfilesystem",
        actions: &[],
        tag_action: "elasticfilesystem:TagResource",
        create_action_key: Some("elasticfilesystem:CreateAction"),
        tagged_type: None,
        source: "Amazon EFS User Guide, Using tags with Amazon EFS, Granting permissions to tag resources during creation: if tags are specified in the resource-creating action (CreateAccessPoint, CreateFileSystem), AWS performs additional authorization on the elasticfilesystem:TagResource action to verify if users have permission to create tags; use the elasticfilesystem:CreateAction condition key to give tagging permissions to the action that creates the resource",
    },
    TagOnCreate {
        service: "fsx",
        actions: &[],
        tag_action: "fsx:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "Amazon FSx User Guides, Using tags with Amazon FSx, Grant permission to tag resources during creation: 'To enable users to tag resources on creation, they must have permissions to use the action that creates the resource, such as fsx:CreateFileSystem or fsx:CreateBackup. If tags are specified in the resource-creating action, Amazon performs additional authorization on the fsx:TagResource action to verify if users have permissions to create tags. Therefore, users must also have explicit permissions to use the fsx:TagResource action.'",
    },
    TagOnCreate {
        service: "datasync",
        actions: &["datasync:CreateTask"],
        tag_action: "datasync:TagResource",
        create_action_key: None,
        tagged_type: Some("task"),
        source: "AWS DataSync User Guide, Permissions for tagging DataSync resources during creation: 'To enable users to tag resources on creation, they must have permissions to use the action that creates the resource (such as datasync:CreateAgent or datasync:CreateTask). If tags are specified in the resource-creating action, users must also have explicit permissions to use the datasync:TagResource action.' CreateTask names its locations and creates a task, so the tags go to the task",
    },
    TagOnCreate {
        service: "datasync",
        actions: &[],
        tag_action: "datasync:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "AWS DataSync User Guide, Permissions for tagging DataSync resources during creation: 'If tags are specified in the resource-creating action, users must also have explicit permissions to use the datasync:TagResource action.' and 'The datasync:TagResource action is only evaluated if tags are applied during the resource-creating action.'",
    },
    TagOnCreate {
        service: "athena",
        actions: &[],
        tag_action: "athena:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "Amazon Athena User Guide, Tag-based IAM access control policies, Example 3: 'Tags passed in as parameters to a tag-mutating API action, such as CreateWorkGroup with tags, TagResource, and UntagResource, are referred to as request tags' and 'Make sure that you give a user IAM permissions to the TagResource and CreateWorkGroup API operations, if you want to allow them to pass in tags upon CreateWorkGroup'; the example allows athena:CreateWorkGroup and athena:TagResource together under the same aws:RequestTag condition",
    },
    TagOnCreate {
        service: "secretsmanager",
        actions: &[],
        tag_action: "secretsmanager:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "AWS Secrets Manager API Reference, CreateSecret: 'Required permissions: secretsmanager:CreateSecret. If you include tags in the secret, you also need secretsmanager:TagResource.'",
    },
    TagOnCreate {
        service: "elasticloadbalancing",
        actions: &[],
        tag_action: "elasticloadbalancing:AddTags",
        create_action_key: Some("elasticloadbalancing:CreateAction"),
        tagged_type: None,
        source: "Elastic Load Balancing User Guide, ELB API permissions to tag resources during creation: if tags are specified in the resource-creating action, additional authorization is required on the elasticloadbalancing:AddTags action, so users must also have explicit permissions to use it; the elasticloadbalancing:CreateAction condition key names the creating action, and AddTags is only evaluated if tags are applied during the resource-creating action",
    },
    TagOnCreate {
        service: "scheduler",
        actions: &["scheduler:CreateScheduleGroup"],
        tag_action: "scheduler:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "Service Authorization Reference, Amazon EventBridge Scheduler, API operations defined by Amazon EventBridge Scheduler: the CreateScheduleGroup operation authorizes scheduler:CreateScheduleGroup (Write) and scheduler:TagResource (Tagging, Write); schedule groups are the Scheduler resource that takes tags",
    },
    TagOnCreate {
        service: "pipes",
        actions: &["pipes:CreatePipe"],
        tag_action: "pipes:TagResource",
        create_action_key: None,
        tagged_type: None,
        source: "Service Authorization Reference, Amazon EventBridge Pipes, API operations defined by Amazon EventBridge Pipes: the CreatePipe operation authorizes pipes:CreatePipe (Write), pipes:TagResource (Tagging, Write) and iam:PassRole (iam:PassedToService pipes.amazonaws.com)",
    },
    TagOnCreate {
        service: "s3",
        actions: &["s3:PutObject"],
        tag_action: "s3:PutObjectTagging",
        create_action_key: None,
        tagged_type: None,
        source: "Amazon S3 API Reference, PutObject, Permissions: 'The following permissions are required in your policies when your PutObject request includes specific headers. s3:PutObject - To successfully complete the PutObject request, you must always have the s3:PutObject permission on a bucket to add an object to it. … s3:PutObjectTagging - To successfully set the tag-set with your PutObject request, you must have the s3:PutObjectTagging.'",
    },
    TagOnCreate {
        service: "kinesis",
        actions: &["kinesis:CreateStream"],
        tag_action: "kinesis:AddTagsToStream",
        create_action_key: None,
        tagged_type: None,
        source: "Service Authorization Reference, Amazon Kinesis Data Streams, API operations defined by Amazon Kinesis Data Streams: the CreateStream operation authorizes kinesis:AddTagsToStream (Tagging, Write) and kinesis:CreateStream (Write)",
    },
    TagOnCreate {
        service: "kinesis",
        actions: &["kinesis:RegisterStreamConsumer"],
        tag_action: "kinesis:TagResource",
        create_action_key: None,
        tagged_type: Some("consumer"),
        source: "AWS CLI Command Reference, kinesis register-stream-consumer: 'If you pass the Tags parameter, in addition to having the kinesis:RegisterStreamConsumer permission, you must also have the kinesis:TagResource permission for the consumer that will be registered.'",
    },
    TagOnCreate {
        service: "ssm",
        actions: &["ssm:PutParameter"],
        tag_action: "ssm:AddTagsToResource",
        create_action_key: None,
        tagged_type: None,
        source: "AWS CloudFormation User Guide, AWS::SSM::Parameter: 'To create an SSM parameter, you must have the AWS Identity and Access Management (IAM) permissions ssm:PutParameter and ssm:AddTagsToResource. On stack creation, AWS CloudFormation adds the following three tags to the parameter … in addition to any custom tags you specify.' (the parameter is created by PutParameter with those Tags)",
    },
    TagOnCreate {
        service: "firehose",
        actions: &["firehose:CreateDeliveryStream"],
        tag_action: "firehose:TagDeliveryStream",
        create_action_key: None,
        tagged_type: None,
        source: "Amazon Data Firehose Developer Guide, Understand tag basics: 'If you specify tags in the CreateDeliveryStream action, Amazon Data Firehose performs an additional authorization on the firehose:TagDeliveryStream action to verify if users have permissions to create tags. If you do not provide this permission, requests to create new Firehose streams with IAM resource tags will fail with an AccessDeniedException'",
    },
];

/// A resource a create call makes along the way that its tags do not reach unless the call names it: the call's
/// `tags` go to the other resources it creates, so its tagging action is not checked on this one.
#[derive(Debug, Clone, Copy)]
pub struct NotTaggedOnCreate {
    pub action: &'static str,
    pub resource_type: &'static str,
    pub source: &'static str,
}

pub static NOT_TAGGED_ON_CREATE: &[NotTaggedOnCreate] = &[NotTaggedOnCreate {
    action: "ec2:RunInstances",
    resource_type: "network-interface",
    source: "Amazon EC2 User Guide, Example policies to control access the Amazon EC2 API, Launch instances (RunInstances), Tag instances on creation: the policy allowing ec2:CreateTags only on instance/* with ec2:CreateAction RunInstances 'allows users to launch instances and tag the instances during creation'; Grant permission to tag resources during creation: the documented launch policy lets users 'apply any tags to instances and volumes during launch' (the network interface a launch into a VPC creates is tagged only when the call's tag specifications name it)",
}];

/// Resource types of which a real resource is exactly one (a Step Functions execution is standard or express):
/// when the typed ARN is one of them, the others are not authorized.
#[derive(Debug, Clone, Copy)]
pub struct AlternativeTypes {
    pub service: &'static str,
    /// The actions the group holds for (`bedrock:InvokeModel`); empty for every action of the service.
    pub actions: &'static [&'static str],
    pub types: &'static [&'static str],
    /// The type the call authorizes when it names none of the group (neither typed nor given in
    /// `realApi.resources`), where the service documents one; `None`: every type of the group stays.
    pub usual: Option<&'static str>,
    pub source: &'static str,
}

pub static ALTERNATIVE_TYPES: &[AlternativeTypes] = &[
    AlternativeTypes {
        service: "states",
        actions: &[],
        types: &["execution", "express"],
        usual: None,
        source: "Step Functions Developer Guide, Standard and Express workflows: an execution is of one workflow type; execution ARNs of Standard workflows take the form …:execution:StateMachineName:ExecutionId and those of Express workflows …:express:StateMachineName:ExecutionId:ExpressId",
    },
    AlternativeTypes {
        service: "route53",
        actions: &[],
        types: &["healthcheck", "hostedzone"],
        usual: None,
        source: "Amazon Route 53 API Reference, ChangeTagsForResource: adds, edits, or deletes tags for a health check or a hosted zone; ResourceType — the resource type for health checks is healthcheck, the resource type for hosted zones is hostedzone (Valid Values: healthcheck | hostedzone), and ResourceId is the ID of that one resource",
    },
    AlternativeTypes {
        service: "elasticloadbalancing",
        actions: &[],
        types: &["loadbalancer", "loadbalancer/app/", "loadbalancer/gwy/", "loadbalancer/net/"],
        usual: None,
        source: "Elastic Load Balancing API Reference, Welcome: 'Elastic Load Balancing supports the following types of load balancers: Application Load Balancers, Network Load Balancers, Gateway Load Balancers, and Classic Load Balancers'; Service Authorization Reference, Elastic Load Balancing V2: each type has its own ARN (loadbalancer/app/${LoadBalancerName}/${LoadBalancerId}, loadbalancer/net/…, loadbalancer/gwy/…), so a load balancer is of one type",
    },
    AlternativeTypes {
        service: "elasticloadbalancing",
        actions: &[],
        types: &["listener/app", "listener/gwy", "listener/net"],
        usual: None,
        source: "Elastic Load Balancing API Reference, Welcome: 'Elastic Load Balancing supports the following types of load balancers: Application Load Balancers, Network Load Balancers, Gateway Load Balancers, and Classic Load Balancers'; Service Authorization Reference, Elastic Load Balancing V2: a listener's ARN names its load balancer's type (listener/app/${LoadBalancerName}/${LoadBalancerId}/${ListenerId}, listener/net/…, listener/gwy/…), so a listener is of one type",
    },
    AlternativeTypes {
        service: "elasticloadbalancing",
        actions: &[],
        types: &["listener-rule/app", "listener-rule/net"],
        usual: None,
        source: "Elastic Load Balancing API Reference, Welcome: 'Elastic Load Balancing supports the following types of load balancers: Application Load Balancers, Network Load Balancers, Gateway Load Balancers, and Classic Load Balancers'; Service Authorization Reference, Elastic Load Balancing V2: a listener rule's ARN names its load balancer's type (listener-rule/app/…, listener-rule/net/…), so a rule is of one type",
    },
    AlternativeTypes {
        service: "bedrock",
        actions: &["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
        types: &[
            "application-inference-profile",
            "async-invoke",
            "bedrock-marketplace-model-endpoint",
            "custom-model-deployment",
            "default-prompt-router",
            "foundation-model",
            "imported-model",
            "inference-profile",
            "project",
            "prompt-router",
            "provisioned-model",
            "system-tool",
        ],
        usual: None,
        source: "Amazon Bedrock Runtime API, InvokeModel request, modelId: 'The unique identifier of the model to invoke to run inference. The modelId to provide depends on the type of model or throughput that you use' — a base model's ID or ARN, an inference profile's ID or ARN, the ARN of the Provisioned Throughput, of the custom model deployment or of the imported model; Amazon Bedrock User Guide, Prerequisites for inference profiles: bedrock:InvokeModel* on the foundation-model, inference-profile and application-inference-profile ARNs 'allows a role to … run model inference using all foundation models and inference profiles'",
    },
    AlternativeTypes {
        service: "bedrock",
        actions: &["bedrock:CreateModelInvocationJob"],
        types: &["custom-model", "foundation-model"],
        usual: Some("foundation-model"),
        source: "Amazon Bedrock API Reference, CreateModelInvocationJob, modelId: 'The unique identifier of the foundation model to use for the batch inference job' (one model per job); Amazon Bedrock User Guide, Required permissions for batch inference: 'The following policy is an example that scopes down batch inference permissions to only allow a user with the account ID 123456789012 to create batch inference jobs in the us-west-2 Region, using the Anthropic Claude 3 Haiku model' — bedrock:CreateModelInvocationJob on the foundation-model ARN and model-invocation-job/* only, no custom-model ARN",
    },
];

/// Case-insensitive (for actions) or case-sensitive glob with `*` and `?`; linear in the input.
pub fn glob(pattern: &str, subject: &str, case_insensitive: bool) -> bool {
    let p = pattern.as_bytes();
    let s = subject.as_bytes();
    let eq = |a: u8, b: u8| {
        a == b'?'
            || if case_insensitive {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
    };
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        match (p.get(pi), s.get(si)) {
            (Some(b'*'), _) => {
                star = Some((pi, si));
                pi += 1;
            }
            (Some(&a), Some(&b)) if eq(a, b) => {
                pi += 1;
                si += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    pi = sp + 1;
                    si = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_cites_its_source() {
        let sources = NAMING
            .iter()
            .map(|r| r.source)
            .chain(ARN_FORMS.iter().map(|r| r.source))
            .chain(CHILD_FOR_PARENT.iter().map(|r| r.source))
            .chain(STAR_FORMS.iter().map(|r| r.source))
            .chain(NO_PERMISSION.iter().map(|r| r.source))
            .chain(CALLER_TYPES.iter().map(|r| r.source))
            .chain(AUTHORIZED_ON_CREATED.iter().map(|r| r.source))
            .chain(AWS_OWNED.iter().map(|r| r.source))
            .chain(MANAGED_RESOURCE_POLICIES.iter().map(|r| r.source))
            .chain(RESOURCE_POLICY_REQUIRED.iter().map(|r| r.source))
            .chain(CALL_RESOURCES.iter().map(|r| r.source))
            .chain(CALL_DEPENDENCIES.iter().map(|r| r.source))
            .chain(PASSED_TO_SERVICE_KEYS.iter().map(|r| r.source))
            .chain(TAG_ON_CREATE.iter().map(|r| r.source))
            .chain(NOT_TAGGED_ON_CREATE.iter().map(|r| r.source))
            .chain(EQUIVALENT_TYPES.iter().map(|r| r.source))
            .chain(EXTRA_TEMPLATES.iter().map(|r| r.source))
            .chain(GENERATED_SUFFIX.iter().map(|r| r.source))
            .chain(KEY_ALIASES.iter().map(|r| r.source))
            .chain(CALL_KEYS.iter().map(|r| r.source))
            .chain(GLOBAL_REGION.iter().map(|r| r.2))
            .chain(ALTERNATIVE_TYPES.iter().map(|r| r.source))
            .chain(ROUTED_RESOURCES.iter().map(|r| r.source))
            .chain(REGION_KEYS.iter().map(|r| r.2))
            .chain(SERVICE_TAG_KEYS.iter().map(|r| r.source))
            .chain(SERVICE_KEYS.iter().map(|r| r.source))
            .chain(DEFAULT_KEYS.iter().map(|r| r.source))
            .chain(DIRECT_CALL_KEYS.iter().map(|r| r.source))
            .chain(OWNER_ONLY.iter().map(|r| r.source))
            .chain(CROSS_ACCOUNT_ONLY.iter().map(|r| r.source))
            .chain(OPTIONAL_RESOURCE_KEYS_ABSENT.iter().map(|r| r.source))
            .chain(KEYS_NOT_SUPPLIED.iter().map(|r| r.source))
            .chain(SHARED_REQUEST_KEYS.iter().map(|r| r.source))
            .chain(RESOURCE_TYPE_TAGS.iter().map(|r| r.source))
            .chain(TYPES_NOT_AUTHORIZED.iter().map(|r| r.source))
            .chain(DOCUMENTED_RESOURCES.iter().map(|r| r.source))
            .chain(NAMED_BY_CALL.iter().map(|r| r.source))
            .chain(std::iter::once(SERVICE_ONLY_SOURCE))
            .chain(std::iter::once(RESOURCE_ACCOUNT_SOURCE))
            .chain(std::iter::once(VIA_SERVICE_SOURCE));
        for s in sources {
            assert!(
                s.len() > 40 && s.contains(','),
                "a rule without a real citation: {s}"
            );
        }
    }

    #[test]
    fn managed_resource_policies_parse() {
        for r in MANAGED_RESOURCE_POLICIES {
            let text = r.policy.replace("${Account}", "111122223333");
            let p =
                iam_engine::parse_policy_text(iam_engine::PolicyKind::Resource, "p", "p", &text);
            assert!(
                p.readable && p.diagnostics.is_empty() && !p.statements.is_empty(),
                "the policy of {} does not parse cleanly: {:?}",
                r.what,
                p.diagnostics
            );
        }
    }

    #[test]
    fn rules_name_real_actions() {
        // A typo in a table would silently never apply.
        let actions = CALL_RESOURCES
            .iter()
            .map(|r| r.action)
            .chain(NO_PERMISSION.iter().map(|r| r.action))
            .chain(CALLER_TYPES.iter().map(|r| r.action))
            .chain(AUTHORIZED_ON_CREATED.iter().map(|r| r.action))
            .chain(DOCUMENTED_RESOURCES.iter().map(|r| r.action))
            .chain(NAMED_BY_CALL.iter().map(|r| r.action))
            .chain(AWS_OWNED.iter().flat_map(|r| r.actions.iter().copied()))
            .chain(CALL_DEPENDENCIES.iter().map(|r| r.dependent))
            .chain(PASSED_TO_SERVICE_KEYS.iter().map(|r| r.dependent))
            .chain(
                CALL_DEPENDENCIES
                    .iter()
                    .flat_map(|r| r.actions.iter().copied())
                    .filter(|a| !a.contains('*')),
            )
            .chain(
                NO_RESOURCE_ACCOUNT
                    .iter()
                    .copied()
                    .filter(|a| !a.contains('*')),
            )
            .chain(TAG_ON_CREATE.iter().map(|r| r.tag_action))
            .chain(TAG_ON_CREATE.iter().flat_map(|r| r.actions.iter().copied()))
            .chain(STAR_FORMS.iter().flat_map(|r| r.actions.iter().copied()))
            .chain(DEFAULT_KEYS.iter().map(|r| r.action))
            .chain(
                DIRECT_CALL_KEYS
                    .iter()
                    .flat_map(|r| r.actions.iter().copied()),
            )
            .chain(
                ALTERNATIVE_TYPES
                    .iter()
                    .flat_map(|r| r.actions.iter().copied()),
            )
            .chain(
                ROUTED_RESOURCES
                    .iter()
                    .flat_map(|r| r.actions.iter().copied()),
            )
            .chain(KEYS_SUPPLIED.iter().flat_map(|r| r.actions.iter().copied()));
        for a in actions {
            assert!(
                iam_reference::action(a).is_some(),
                "`{a}` is not in the reference"
            );
        }
        for r in NOT_TAGGED_ON_CREATE {
            assert!(
                iam_reference::action(r.action)
                    .and_then(|a| a.resource_type(r.resource_type))
                    .is_some(),
                "`{}` `{}` is not in the reference",
                r.action,
                r.resource_type
            );
        }
        for r in TYPES_NOT_AUTHORIZED {
            assert!(
                iam_reference::action(r.action)
                    .and_then(|a| a.resource_type(r.resource_type))
                    .is_some(),
                "{r:?}"
            );
        }
        for r in CALL_RESOURCES {
            let action = iam_reference::action(r.action);
            assert!(
                action
                    .and_then(|a| a.resource_type(r.resource_type))
                    .is_some(),
                "{r:?}"
            );
        }
    }

    #[test]
    fn globs() {
        assert!(glob(
            "arn:*:iam::aws:policy/*",
            "arn:aws:iam::aws:policy/IAMFullAccess",
            false
        ));
        assert!(!glob(
            "arn:*:iam::aws:policy/*",
            "arn:aws:iam::111122223333:policy/x",
            false
        ));
        assert!(glob("ec2:*", "EC2:RunInstances", true));
        assert!(glob("*", "", true));
        assert!(!glob("a*b", "acbd", true));
    }

    #[test]
    fn naming_by_suffix_and_service() {
        assert_eq!(naming("iam", "RoleNameWithPath"), Some(Chars::Path));
        assert_eq!(naming("s3", "BucketName"), Some(Chars::Segment));
        assert_eq!(naming("ec2", "VolumeId"), None);
    }
}
