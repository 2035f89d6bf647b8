//! The examples menu: scenario files in `web/examples/` (the first-visit one is the project's own
//! `examples/describe-volumes.json`, which the CLI and the benches read too), each written from one of the source documents
//! (a blog post, an AWS guide page or a Q&A thread), compiled in.

use crate::workspace::Workspace;

/// One example: an id for the menu and tests, a title, what it shows (the real situation behind it, in two
/// lines), and the scenario file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub shows: &'static str,
    pub scenario: &'static str,
}

/// Every example, the first-visit one first.
pub const EXAMPLES: [Example; 8] = [
    Example {
        id: "describe-volumes",
        title: "DescribeVolumes scoped to volume ARNs",
        shows: "A user scoped ec2:DescribeVolumes to volume ARNs: the literal simulation allows it, yet the real call answers UnauthorizedOperation. DescribeVolumes has no resource-level permissions, so the call is authorized against \"*\".",
        scenario: include_str!("../../examples/describe-volumes.json"),
    },
    Example {
        id: "flintrock",
        title: "Flintrock: GetInstanceProfile and PassRole instead of IAMFullAccess",
        shows: "A cluster launcher's author granted IAMFullAccess because the errors did not say what was missing. The calls it makes need two IAM actions, iam:GetInstanceProfile and iam:PassRole; everything else (here iam:CreateUser) can go.",
        scenario: include_str!("../examples/flintrock.json"),
    },
    Example {
        id: "emr-tags",
        title: "EMR tag-based access (ResourceTag, RequestTag, ModifyInstanceGroups)",
        shows: "Tag-based access to EMR clusters: the elasticmapreduce:ResourceTag keys reach only the actions that act on an existing cluster, and creating one is controlled by RequestTag instead.",
        scenario: include_str!("../examples/emr-tags.json"),
    },
    Example {
        id: "boundary-create-role",
        title: "Permissions boundary: create roles only with iam:PermissionsBoundary",
        shows: "A delegated administrator may create roles only with a given permissions boundary attached (iam:PermissionsBoundary), so no role it creates can do more than the boundary allows.",
        scenario: include_str!("../examples/boundary-create-role.json"),
    },
    Example {
        id: "boundary-username-user",
        title: "Permissions boundary: ${aws:username} for an IAM user",
        shows: "A boundary that limits S3 to a home folder named ${aws:username}: for an IAM user the variable is the user's name, so the user's own folder is allowed.",
        scenario: include_str!("../examples/boundary-username-user.json"),
    },
    Example {
        id: "boundary-username-role",
        title: "Permissions boundary: ${aws:username} for an assumed role",
        shows: "The same boundary for an assumed role: aws:username does not exist for a role session, so the home-folder statement never matches and the read is denied.",
        scenario: include_str!("../examples/boundary-username-role.json"),
    },
    Example {
        id: "passrole-ec2",
        title: "PassRole to EC2 with iam:PassedToService",
        shows: "Passing a role to EC2 needs iam:PassRole on that role with iam:PassedToService = ec2.amazonaws.com: the approved role can be passed, the admin role cannot.",
        scenario: include_str!("../examples/passrole-ec2.json"),
    },
    Example {
        id: "passrole-trust",
        title: "PassRole to EC2: the EC2 trust policy",
        shows: "The other half of passing a role: the role's trust policy must let ec2.amazonaws.com assume it, or the instance gets no credentials.",
        scenario: include_str!("../examples/passrole-trust.json"),
    },
];

/// The example with `id`.
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The workspace of an example (empty if the file could not be read, which the tests rule out).
pub fn workspace_of(example: &Example) -> Workspace {
    Workspace::from_scenario(example.scenario).unwrap_or_default()
}

/// The example whose workspace `workspace` is, unchanged.
pub fn loaded(workspace: &Workspace) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| workspace_of(e) == *workspace)
}

/// What "New empty workspace" opens: one identity policy with no statement, no action asked yet.
pub fn empty_workspace() -> Workspace {
    let mut ws = Workspace::default();
    ws.request.actions.clear();
    ws.request.resources.clear();
    ws.policies.push(crate::workspace::PolicyEntry {
        id: 0,
        kind: crate::workspace::PolicyKind::Identity,
        name: "Identity1".to_owned(),
        level: String::new(),
        text: "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n".to_owned(),
    });
    ws.next_id = 1;
    ws
}

/// What a first visit opens on: the DescribeVolumes example.
pub fn default_workspace() -> Workspace {
    EXAMPLES.first().map(workspace_of).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use iam_engine::Decision;

    /// Both decisions of every row of an example.
    fn decisions(id: &str) -> Vec<(String, String, Decision, Decision)> {
        let state = crate::state::State::new(workspace_of(example(id).unwrap()));
        state
            .evaluation
            .rows
            .iter()
            .map(|r| {
                (
                    r.row.action.clone(),
                    r.row.resource.clone(),
                    r.literal(),
                    r.real(),
                )
            })
            .collect()
    }

    #[test]
    fn every_example_reads_without_errors() {
        for e in EXAMPLES {
            let ws = Workspace::from_scenario(e.scenario).unwrap();
            assert!(!ws.request.actions.is_empty(), "{}", e.id);
            let state = crate::state::State::new(ws);
            for (id, diags) in &state.evaluation.diagnostics {
                assert!(
                    diags.iter().all(|d| !d.is_error()),
                    "{}: policy {id}: {diags:?}",
                    e.id
                );
            }
        }
    }

    #[test]
    fn describe_volumes_is_allowed_literally_and_denied_by_the_real_api() {
        // The DescribeVolumes report: "the simulator reports that DescribeVolumes action is allowed under the policy which we just
        // saw an UnauthorizedOperation error" — "for any EC2 API action that is [not] listed … the ARN must be *".
        let rows = decisions("describe-volumes");
        assert_eq!(rows.len(), 1);
        assert_eq!(
            (rows[0].2, rows[0].3),
            (Decision::Allow, Decision::ImplicitDeny)
        );
    }

    #[test]
    fn flintrock_needs_only_get_instance_profile_and_pass_role() {
        // The Flintrock report: "I pruned the list of required permissions down to … GetInstanceProfile and PassRole. Those
        // are the necessary and sufficient IAM permissions"; anything else of IAMFullAccess (iam:CreateUser) is
        // no longer granted.
        let rows = decisions("flintrock");
        let of = |a: &str| rows.iter().find(|r| r.0 == a).unwrap().2;
        assert_eq!(of("iam:GetInstanceProfile"), Decision::Allow);
        assert_eq!(of("iam:PassRole"), Decision::Allow);
        assert_eq!(of("iam:CreateUser"), Decision::ImplicitDeny);
    }

    #[test]
    fn emr_tags_reach_describe_cluster_and_run_job_flow_but_not_modify_instance_groups() {
        // The EMR tag-based access guide: ResourceTag allows "user actions on clusters … with tags"; RequestTag "require[s] a specific
        // tag" on creation (RunJobFlow); "the ModifyInstanceGroups action does not support context keys because
        // ClusterID is an optional parameter" — so its tag condition can never be met by the real call.
        let rows = decisions("emr-tags");
        let of = |a: &str| {
            let r = rows.iter().find(|r| r.0 == a).unwrap();
            (r.2, r.3)
        };
        assert_eq!(of("elasticmapreduce:DescribeCluster").1, Decision::Allow);
        assert_eq!(of("elasticmapreduce:RunJobFlow").1, Decision::Allow);
        assert_eq!(
            of("elasticmapreduce:ModifyInstanceGroups"),
            (Decision::Allow, Decision::ImplicitDeny)
        );
    }

    #[test]
    fn boundary_examples() {
        // The boundary and aws:username report: users may create a role "under the condition that they attach a permissions boundary to
        // that role" (iam:PermissionsBoundary), and "the aws:username variable … is not available when the
        // principal is an assumed role".
        assert_eq!(decisions("boundary-create-role")[0].3, Decision::Allow);
        assert_eq!(decisions("boundary-username-user")[0].3, Decision::Allow);
        let role = &decisions("boundary-username-role")[0];
        assert_eq!(
            (role.2, role.3),
            (Decision::ImplicitDeny, Decision::ImplicitDeny)
        );
    }

    #[test]
    fn passrole_only_approved_roles_and_ec2_trusts_the_role() {
        // The PassRole to EC2 guide: "the user can pass only roles that exist in the specified account with names that begin
        // with EC2-roles-for-XYZ-", and the trust policy "allows Amazon EC2 to use the role".
        let rows = decisions("passrole-ec2");
        for (action, resource, _, real) in &rows {
            let approved = resource.contains("EC2-roles-for-XYZ-");
            let want = if approved {
                Decision::Allow
            } else {
                Decision::ImplicitDeny
            };
            assert_eq!(*real, want, "{action} on {resource}");
        }
        assert_eq!(rows.len(), 4);
        assert_eq!(decisions("passrole-trust")[0].3, Decision::Allow);
    }
}
