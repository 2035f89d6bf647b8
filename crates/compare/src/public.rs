//! Can a resource policy allow someone outside? The request a public grant lets through is one made by an
//! anonymous caller or by a caller of an account the policy does not name, carrying none of the values the policy
//! fixes to tell its own callers and networks apart.
//!
//! Which values those are follows Amazon S3's definition of a public bucket policy (Amazon S3 API Reference,
//! PublicAccessBlockConfiguration): a policy is public unless it limits access to a set of CIDRs with
//! `aws:SourceIp`, or grants only to a fixed principal, a fixed `aws:SourceArn`, `aws:SourceVpc`, `aws:SourceVpce`,
//! `aws:SourceOwner`, `aws:SourceAccount`, `s3:x-amz-server-side-encryption-aws-kms-key-id`, or a fixed `aws:userid`
//! outside the pattern `AROLEID:*`. The keys that name the caller's own account, organization or ARN
//! (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalArn`) and the source's
//! organization are fixed principals in the same sense.

use iam_engine::condition::{Condition, PolicyValue};
use iam_engine::policy::{Policy, PrincipalEntry};
use iam_engine::Context;
use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;

/// Keys whose fixed values tell the policy's own callers apart (lower-case).
const FIXED_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceowner",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:userid",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
    "s3:x-amz-server-side-encryption-aws-kms-key-id",
];

/// What an outside caller cannot be or carry.
#[derive(Debug, Default, Clone)]
pub struct Inside {
    /// Accounts the policy names, in Principal elements or as fixed condition values.
    pub accounts: BTreeSet<String>,
    /// Per fixed key (lower-case): the values the policy fixes (lower-case), and for `aws:userid` the prefixes
    /// of `ID:*` patterns.
    fixed: BTreeMap<String, BTreeSet<String>>,
    userid_prefixes: Vec<String>,
    /// CIDR blocks `aws:SourceIp` is limited to (not `/0`).
    cidrs: Vec<PolicyValue>,
}

impl Inside {
    /// Reads what the policy fixes.
    pub fn of(policy: &Policy) -> Inside {
        let mut inside = Inside::default();
        for st in &policy.statements {
            for item in st.principal.iter().flat_map(|pb| pb.items.iter()) {
                match &item.entry {
                    PrincipalEntry::Account { account } => {
                        inside.accounts.insert(account.clone());
                    }
                    PrincipalEntry::Arn { arn } => {
                        if let Some(account) = arn_account(arn) {
                            inside.accounts.insert(account.to_string());
                        }
                    }
                    _ => {}
                }
            }
            for c in &st.conditions {
                inside.read(c);
            }
        }
        inside
    }

    fn read(&mut self, c: &Condition) {
        let key = c.key_lower.as_str();
        if key == "aws:sourceip" {
            self.cidrs.extend(
                c.values
                    .iter()
                    .filter(|v| matches!(v, PolicyValue::Ip(net) if net.prefix_len() > 0))
                    .cloned(),
            );
            return;
        }
        if !FIXED_KEYS.contains(&key) {
            return;
        }
        for raw in &c.raw_values {
            if key == "aws:userid" {
                if let Some(prefix) = raw.strip_suffix(":*").filter(|p| !wild(p)) {
                    self.userid_prefixes.push(prefix.to_ascii_lowercase());
                    continue;
                }
            }
            if wild(raw) {
                continue;
            }
            self.fixed
                .entry(key.to_string())
                .or_default()
                .insert(raw.to_ascii_lowercase());
            let account = match key {
                "aws:principalaccount"
                | "aws:sourceaccount"
                | "aws:sourceowner"
                | "s3:dataaccesspointaccount" => Some(raw.as_str()),
                "aws:principalarn" | "aws:sourcearn" | "s3:dataaccesspointarn" => arn_account(raw),
                _ => None,
            };
            if let Some(a) = account.filter(|a| !a.is_empty()) {
                self.accounts.insert(a.to_string());
            }
        }
    }

    /// Whether a request with this context is one of the policy's own: it carries a value the policy fixes, or
    /// an address in a CIDR block it limits access to.
    pub fn holds(&self, ctx: &Context) -> bool {
        for v in ctx.entries() {
            let key = v.key.to_ascii_lowercase();
            for value in &v.values {
                let lower = value.to_ascii_lowercase();
                if self.fixed.get(&key).is_some_and(|f| f.contains(&lower)) {
                    return true;
                }
                if key == "aws:userid"
                    && self.userid_prefixes.iter().any(|p| {
                        lower
                            .strip_prefix(p.as_str())
                            .is_some_and(|r| r.starts_with(':'))
                    })
                {
                    return true;
                }
                let account = match key.as_str() {
                    "aws:principalaccount" | "aws:sourceaccount" | "aws:sourceowner" => {
                        Some(value.as_str())
                    }
                    "aws:principalarn" | "aws:sourcearn" => arn_account(value),
                    _ => None,
                };
                if account.is_some_and(|a| self.accounts.contains(a)) {
                    return true;
                }
                if key == "aws:sourceip" {
                    if let Ok(ip) = value.parse::<IpAddr>() {
                        let within = self
                            .cidrs
                            .iter()
                            .any(|c| matches!(c, PolicyValue::Ip(net) if net.contains(&ip)));
                        if within {
                            return true;
                        }
                    }
                }
            }
        }
        false
    }
}

fn wild(s: &str) -> bool {
    s.contains(['*', '?']) || s.contains("${")
}

/// The account field of an ARN, when it has one.
fn arn_account(arn: &str) -> Option<&str> {
    iam_engine::pattern::split_arn(arn)
        .map(|[_, _, _, _, account, _]| account)
        .filter(|a| !a.is_empty())
}
