//! The request: who asks (the principal), for what action on which resource, with which context; and the
//! explicit step that fills in the context keys that follow from the principal.

use crate::context::Context;
use crate::pattern::split_arn;
use serde::{Deserialize, Serialize};

/// What kind of caller makes the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PrincipalType {
    User,
    /// A role given by its ARN: treated as a session of that role whose session name is unknown.
    Role,
    AssumedRole,
    FederatedUser,
    Root,
    Service,
    Anonymous,
    /// A caller of `sts:AssumeRoleWithWebIdentity`: an OpenID Connect provider's token, named in trust policies
    /// as `{"Federated": …}` by the IAM OIDC provider's ARN or a well-known name such as
    /// `cognito-identity.amazonaws.com`. It is no AWS identity: only the role's trust policy can allow it.
    WebIdentity,
    /// A caller of `sts:AssumeRoleWithSAML`: a SAML assertion from the IAM SAML provider named by its ARN.
    Saml,
}

impl PrincipalType {
    /// Every type, in the order the scenario format lists them.
    pub const ALL: [PrincipalType; 9] = [
        PrincipalType::User,
        PrincipalType::Role,
        PrincipalType::AssumedRole,
        PrincipalType::FederatedUser,
        PrincipalType::Root,
        PrincipalType::Service,
        PrincipalType::Anonymous,
        PrincipalType::WebIdentity,
        PrincipalType::Saml,
    ];

    /// The scenario's spelling (`principal.type`): `user`, `assumedRole`, ….
    pub fn key(self) -> &'static str {
        match self {
            PrincipalType::User => "user",
            PrincipalType::Role => "role",
            PrincipalType::AssumedRole => "assumedRole",
            PrincipalType::FederatedUser => "federatedUser",
            PrincipalType::Root => "root",
            PrincipalType::Service => "service",
            PrincipalType::Anonymous => "anonymous",
            PrincipalType::WebIdentity => "webIdentity",
            PrincipalType::Saml => "saml",
        }
    }

    /// The type spelled `key` in a scenario.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    /// A caller that signs in through an identity provider (`AssumeRoleWithWebIdentity`,
    /// `AssumeRoleWithSAML`): "there are no policies to evaluate because the caller of the API is not an AWS
    /// identity" (IAM User Guide, Permissions for AssumeRole, AssumeRoleWithSAML, and AssumeRoleWithWebIdentity).
    pub fn is_identity_provider(self) -> bool {
        matches!(self, PrincipalType::WebIdentity | PrincipalType::Saml)
    }
}

/// The caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Principal {
    #[serde(rename = "type")]
    pub kind: PrincipalType,
    /// The caller's ARN (for a service, its name such as `ec2.amazonaws.com`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// For a role session: the role's ARN (`arn:aws:iam::ACCOUNT:role/NAME`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// For a federated user session: the IAM user whose credentials made the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_user_arn: Option<String>,
    /// For a service principal: `ec2.amazonaws.com`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<(String, String)>,
    /// The unique id (aws:userid), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The organization id (aws:PrincipalOrgID), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
}

impl Principal {
    pub fn anonymous() -> Self {
        Principal {
            kind: PrincipalType::Anonymous,
            arn: None,
            account: None,
            role_arn: None,
            parent_user_arn: None,
            service: None,
            tags: Vec::new(),
            user_id: None,
            org_id: None,
        }
    }

    pub fn service(name: &str) -> Self {
        Principal {
            kind: PrincipalType::Service,
            arn: None,
            service: Some(name.to_string()),
            ..Principal::anonymous()
        }
    }

    /// The caller of `AssumeRoleWithWebIdentity` through a provider named without an ARN
    /// (`cognito-identity.amazonaws.com`, `accounts.google.com`, `graph.facebook.com`, `www.amazon.com`).
    pub fn web_identity(provider: &str) -> Self {
        Principal {
            kind: PrincipalType::WebIdentity,
            arn: Some(provider.to_string()),
            ..Principal::anonymous()
        }
    }

    /// The prefix of the condition keys an identity provider's token fills in: `saml` for a SAML provider; for
    /// an OIDC provider its URL without `https://` (the part of the IAM OIDC provider's ARN after
    /// `oidc-provider/`, such as `token.actions.githubusercontent.com`) or its well-known name
    /// (`accounts.google.com:sub`, `cognito-identity.amazonaws.com:aud`; IAM User Guide, IAM and AWS STS
    /// condition context keys, Available keys for AWS OIDC federation).
    pub fn provider_key_prefix(&self) -> Option<&str> {
        match self.kind {
            PrincipalType::Saml => Some("saml"),
            PrincipalType::WebIdentity => {
                let arn = self.arn.as_deref()?;
                Some(
                    arn.split_once(":oidc-provider/")
                        .map_or(arn, |(_, host)| host),
                )
            }
            _ => None,
        }
    }

    /// Reads the principal type and account from an ARN. `None` when the ARN is not an IAM or STS principal.
    pub fn from_arn(arn: &str) -> Option<Self> {
        let [_, partition, service, _, account, resource] = split_arn(arn)?;
        let mut p = Principal {
            arn: Some(arn.to_string()),
            account: Some(account.to_string()),
            ..Principal::anonymous()
        };
        match (service, resource.split_once('/')) {
            ("iam", None) if resource == "root" => p.kind = PrincipalType::Root,
            ("iam", Some(("user", _))) => p.kind = PrincipalType::User,
            ("iam", Some(("role", _))) => {
                p.kind = PrincipalType::Role;
                p.role_arn = Some(arn.to_string());
            }
            ("sts", Some(("assumed-role", rest))) => {
                p.kind = PrincipalType::AssumedRole;
                let role = rest.split('/').next().unwrap_or(rest);
                p.role_arn = Some(format!("arn:{partition}:iam::{account}:role/{role}"));
            }
            ("sts", Some(("federated-user", _))) => p.kind = PrincipalType::FederatedUser,
            ("iam", Some(("oidc-provider", host))) if !host.is_empty() => {
                p.kind = PrincipalType::WebIdentity
            }
            ("iam", Some(("saml-provider", name))) if !name.is_empty() => {
                p.kind = PrincipalType::Saml
            }
            _ => return None,
        }
        if account.is_empty() {
            return None;
        }
        Some(p)
    }

    /// The friendly name at the end of a user ARN (`arn:aws:iam::1:user/path/alice` → `alice`).
    pub fn user_name(&self) -> Option<&str> {
        if self.kind != PrincipalType::User {
            return None;
        }
        self.arn.as_deref()?.rsplit('/').next()
    }

    /// Whether a permissions boundary can apply (IAM users and roles only).
    pub fn can_have_boundary(&self) -> bool {
        matches!(
            self.kind,
            PrincipalType::User
                | PrincipalType::Role
                | PrincipalType::AssumedRole
                | PrincipalType::FederatedUser
        )
    }

    /// Whether a session policy can apply (role sessions and federated user sessions).
    pub fn can_have_session_policy(&self) -> bool {
        matches!(
            self.kind,
            PrincipalType::Role | PrincipalType::AssumedRole | PrincipalType::FederatedUser
        )
    }
}

/// A request to authorize.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub principal: Principal,
    /// The action as written (read with [`Request::action`], changed with [`Request::set_action`]).
    action: String,
    /// `action` lower-cased, for matching: kept in step by `set_action`.
    action_lower: String,
    /// An ARN or `*`.
    pub resource: String,
    /// The account that owns the resource.
    pub resource_account: Option<String>,
    pub context: Context,
    /// The principal is in the organization's management account (SCPs do not apply).
    pub management_account: bool,
}

impl Request {
    pub fn new(principal: Principal, action: &str, resource: &str) -> Self {
        // `aws` in the account field marks a resource AWS owns (an AWS managed policy): it is no other account,
        // so identity-based policies alone decide (IAM User Guide, AWS managed policies).
        let resource_account = split_arn(resource)
            .map(|p| p[4].to_string())
            .filter(|a| !a.is_empty() && a != "aws")
            .or_else(|| principal.account.clone());
        Request {
            principal,
            action: action.to_string(),
            action_lower: action.to_ascii_lowercase(),
            resource: resource.to_string(),
            resource_account,
            context: Context::default(),
            management_account: false,
        }
    }

    /// The action as written (`ec2:DescribeVolumes`).
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The action lower-cased, as actions are matched (IAM User Guide, Action element: action names are not
    /// case-sensitive).
    pub fn action_lower(&self) -> &str {
        &self.action_lower
    }

    /// Asks for another action.
    pub fn set_action(&mut self, action: &str) {
        self.action.clear();
        self.action.push_str(action);
        self.action_lower.clear();
        self.action_lower
            .extend(action.chars().map(|c| c.to_ascii_lowercase()));
    }

    /// True when principal and resource belong to one account (or either is unknown).
    pub fn same_account(&self) -> bool {
        match (&self.principal.account, &self.resource_account) {
            (Some(p), Some(r)) => p == r,
            _ => true,
        }
    }
}

/// Fills in the global condition keys that follow from the principal (aws:PrincipalArn, aws:PrincipalAccount,
/// aws:PrincipalType, aws:username for IAM users only, aws:userid when known, aws:PrincipalTag/*,
/// aws:PrincipalIsAWSService, aws:PrincipalServiceName, aws:PrincipalOrgID). Keys the caller already set are kept.
pub fn derive_context(request: &mut Request) {
    let p = request.principal.clone();
    let ctx = &mut request.context;
    let mut set = |key: &str, value: String| {
        if !ctx.contains(key) {
            ctx.set(key, value, true);
        }
    };
    if p.kind.is_identity_provider() {
        // The call is not signed with AWS credentials, so none of the principal's keys exist (aws:PrincipalArn,
        // aws:PrincipalIsAWSService "for all signed API requests", …). A SAML assertion's provider is `saml:doc`,
        // "account-ID/provider-friendly-name" (IAM User Guide, Available keys for SAML-based AWS STS federation).
        if let (PrincipalType::Saml, Some(account), Some(arn)) = (p.kind, &p.account, &p.arn) {
            if let Some((_, name)) = arn.split_once(":saml-provider/") {
                set("saml:doc", format!("{account}/{name}"));
            }
        }
        // aws:FederatedProvider is "in the role-trust policy when an OIDC provider is used to call
        // AssumeRoleWithWebIdentity": the provider's name for a provider built into AWS
        // (`cognito-identity.amazonaws.com`), else the IAM OIDC provider's ARN (IAM User Guide, AWS global
        // condition context keys, aws:FederatedProvider).
        if let (PrincipalType::WebIdentity, Some(arn)) = (p.kind, &p.arn) {
            set("aws:FederatedProvider", arn.clone());
        }
        return;
    }
    let principal_type = match p.kind {
        PrincipalType::User => Some("User"),
        PrincipalType::Role | PrincipalType::AssumedRole => Some("AssumedRole"),
        PrincipalType::FederatedUser => Some("FederatedUser"),
        PrincipalType::Root => Some("Account"),
        PrincipalType::Anonymous => Some("Anonymous"),
        PrincipalType::Service | PrincipalType::WebIdentity | PrincipalType::Saml => None,
    };
    if let Some(t) = principal_type {
        set("aws:PrincipalType", t.to_string());
    }
    // Absent for anonymous callers (global condition keys: "the key is not present … for anonymous requests").
    if p.kind != PrincipalType::Anonymous {
        set(
            "aws:PrincipalIsAWSService",
            (p.kind == PrincipalType::Service).to_string(),
        );
    }
    if let Some(svc) = &p.service {
        set("aws:PrincipalServiceName", svc.clone());
    }
    let principal_arn = match p.kind {
        PrincipalType::Role | PrincipalType::AssumedRole => p.role_arn.clone(),
        PrincipalType::Service | PrincipalType::Anonymous => None,
        _ => p.arn.clone(),
    };
    if let Some(arn) = principal_arn {
        set("aws:PrincipalArn", arn);
    }
    // aws:PrincipalAccount is "included in the request context for all requests, including anonymous requests",
    // whose value is `anonymous` (IAM User Guide, AWS global condition context keys).
    match (&p.account, p.kind) {
        (_, PrincipalType::Anonymous) => set("aws:PrincipalAccount", "anonymous".to_string()),
        (Some(acct), kind) if kind != PrincipalType::Service => {
            set("aws:PrincipalAccount", acct.clone())
        }
        _ => {}
    }
    if let Some(name) = p.user_name() {
        set("aws:username", name.to_string());
    }
    match (&p.user_id, p.kind) {
        (Some(id), _) => set("aws:userid", id.clone()),
        (None, PrincipalType::Root) => {
            if let Some(acct) = &p.account {
                set("aws:userid", acct.clone());
            }
        }
        (None, PrincipalType::Anonymous) => set("aws:userid", "anonymous".to_string()),
        _ => {}
    }
    if let Some(org) = &p.org_id {
        set("aws:PrincipalOrgID", org.clone());
    }
    for (k, v) in &p.tags {
        set(&format!("aws:PrincipalTag/{k}"), v.clone());
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn assumed_role_has_no_username() {
        // IAM User Guide, policy variables: aws:username is present only for IAM users.
        let p = Principal::from_arn("arn:aws:sts::111122223333:assumed-role/Dev/alice").unwrap();
        let mut r = Request::new(p, "s3:GetObject", "arn:aws:s3:::b/k");
        derive_context(&mut r);
        assert!(r.context.lookup("aws:username").is_none());
        assert_eq!(
            r.context
                .lookup("aws:PrincipalArn")
                .map(|v| v.values.clone()),
            Some(vec!["arn:aws:iam::111122223333:role/Dev".to_string()])
        );
    }
}
