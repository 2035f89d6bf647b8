//! The embeddable widget mounted in a real browser (wasm-bindgen-test in headless Chromium), asserted on the DOM.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_web::embed::{Widget, WidgetProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

mod support;
use support::{root, text_of};

wasm_bindgen_test_configure!(run_in_browser);

fn scenario(resource_pattern: &str) -> String {
    format!(
        r#"{{"policies":{{"identity":[{{"name":"P","document":{{"Version":"2012-10-17","Statement":[
            {{"Effect":"Allow","Action":"ec2:DescribeVolumes","Resource":"{resource_pattern}"}}]}}}}]}},
          "request":{{"principal":"arn:aws:iam::111122223333:user/alice","action":"ec2:DescribeVolumes",
                      "resource":"arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc"}}}}"#
    )
}

async fn mount(scenario: Option<String>, editable: bool) -> Element {
    let root = root();
    yew::Renderer::<Widget>::with_root_and_props(root.clone(), WidgetProps { scenario, editable })
        .render();
    yew::scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn describe_volumes_on_star_is_allowed_in_both_answers() {
    // The DescribeVolumes report / Service Authorization Reference: DescribeVolumes has no resource types; Allow on "*" works.
    let root = mount(Some(scenario("*")), false).await;
    assert_eq!(text_of(&root, "[data-testid=decision]"), "Allow");
    assert_eq!(text_of(&root, "[data-testid=real-decision]"), "Allow");
    assert!(root
        .query_selector("[data-testid=divergences]")
        .unwrap()
        .is_none());
    assert!(root.query_selector("textarea").unwrap().is_none());
    assert!(text_of(&root, ".policies pre").contains("ec2:DescribeVolumes"));
}

#[wasm_bindgen_test]
async fn volume_arns_show_the_real_api_gap() {
    // The DescribeVolumes report: scoped to volume ARNs, the literal request is allowed and the real call refused. The real call is
    // the one the reader will make, so it is the headline; the literal answer explains it.
    let root = mount(
        Some(scenario("arn:aws:ec2:us-east-1:111122223333:volume/*")),
        true,
    )
    .await;
    assert_eq!(text_of(&root, "[data-testid=decision]"), "ImplicitDeny");
    assert_eq!(text_of(&root, "[data-testid=literal-decision]"), "Allow");
    assert_eq!(
        root.query_selector(".verdict")
            .unwrap()
            .unwrap()
            .get_attribute("data-headline")
            .as_deref(),
        Some("real")
    );
    assert_eq!(
        text_of(&root, "[data-testid=real-decision]"),
        "ImplicitDeny"
    );
    assert!(!text_of(&root, "[data-testid=divergences]").is_empty());
    assert!(root.query_selector("textarea").unwrap().is_some());
}

#[wasm_bindgen_test]
async fn without_a_scenario_it_says_how_to_give_one() {
    let root = mount(None, false).await;
    assert!(text_of(&root, "[data-testid=no-scenario]").contains('#'));
}

#[wasm_bindgen_test]
async fn warnings_are_listed_beside_the_request() {
    // IAM User Guide, IP address condition operators compare against an IPv4 or IPv6 address; 10.0.0.300 is
    // none, so the Allow does not apply, and the widget says why rather than denying silently.
    let text = r#"{"policies":{"identity":[{"name":"P","document":{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}}]},
      "request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"*",
                 "context":{"aws:SourceIp":"10.0.0.300"}}}"#;
    let root = mount(Some(text.to_owned()), false).await;
    assert_eq!(text_of(&root, "[data-testid=decision]"), "ImplicitDeny");
    assert!(text_of(&root, "[data-testid=warnings]").contains("10.0.0.300"));
    assert!(root
        .query_selector("[data-testid=errors]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_scenario_that_cannot_be_evaluated_has_no_verdict() {
    // Service Authorization Reference, Amazon S3: the action is GetObject; `s3:GetObjects` names no call, so a
    // policy allowing `s3:*` "allows" it literally but there is nothing to decide.
    let unknown = r#"{"policies":{"identity":[{"name":"P","document":{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"s3:*","Resource":"*"}]}}]},
      "request":{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObjects","resource":"*"}}"#;
    let root = mount(Some(unknown.to_owned()), false).await;
    let why = text_of(&root, "[data-testid=cant-evaluate]");
    assert!(why.starts_with("Can't evaluate:"), "{why}");
    assert!(why.contains("did you mean `s3:GetObject`"), "{why}");
    assert!(root
        .query_selector("[data-testid=decision]")
        .unwrap()
        .is_none());
    assert!(root
        .query_selector("[data-testid=real-decision]")
        .unwrap()
        .is_none());

    // RFC 8259: `{"policies": }` is not JSON (a value must follow the colon).
    let root = mount(Some(r#"{"policies": }"#.to_owned()), true).await;
    let why = text_of(&root, "[data-testid=cant-evaluate]");
    assert!(
        why.contains("invalid JSON") && why.contains("line 1"),
        "{why}"
    );
    assert!(root
        .query_selector("[data-testid=decision]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_scenario_with_several_requests_shows_each_answer() {
    // The app exports several request rows as a scenario's `requests` (README, scenario format). IAM User Guide,
    // policy evaluation logic: an action the statement allows on "*" is allowed; one no statement allows is
    // implicitly denied. The DescribeVolumes report: DescribeVolumes on "*" is allowed by the real API too.
    let text = r#"{"policies":{"identity":[{"name":"P","document":{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"ec2:DescribeVolumes","Resource":"*"}]}}]},
          "requests":[
            {"principal":"arn:aws:iam::111122223333:user/alice","action":"ec2:DescribeVolumes","resource":"*"},
            {"principal":"arn:aws:iam::111122223333:user/alice","action":"ec2:DeleteVolume",
             "resource":"arn:aws:ec2:us-east-1:111122223333:volume/vol-0abc"}]}"#;
    let root = mount(Some(text.to_owned()), false).await;
    let answers = root
        .query_selector_all("[data-testid=request-answer]")
        .unwrap();
    assert_eq!(answers.length(), 2);
    let decision = |i: u32| {
        let section: Element = answers.item(i).unwrap().dyn_into().unwrap();
        text_of(&section, "[data-testid=decision]")
    };
    assert_eq!(decision(0), "Allow");
    assert_eq!(decision(1), "ImplicitDeny");
    assert!(root
        .query_selector("[data-testid=cant-evaluate]")
        .unwrap()
        .is_none());
    // The policies are shown once.
    assert_eq!(root.query_selector_all(".policies").unwrap().length(), 1);
}
