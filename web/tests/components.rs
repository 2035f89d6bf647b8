//! Components mounted in a real browser (wasm-bindgen-test in headless Chromium), asserted on the DOM.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_engine::Decision;
use iam_web::components::decision::{DecisionProps, DecisionView};
use iam_web::App;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element appended to the body to mount into.
fn root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches `{selector}`"))
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

#[wasm_bindgen_test]
async fn decision_view_renders_each_decision_word() {
    for (decision, word) in [
        (Decision::Allow, "Allow"),
        (Decision::ImplicitDeny, "ImplicitDeny"),
        (Decision::ExplicitDeny, "ExplicitDeny"),
    ] {
        let root = root();
        let props = DecisionProps {
            decision,
            details: "{}".into(),
        };
        let handle =
            yew::Renderer::<DecisionView>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        assert_eq!(text_of(&root, "[data-testid=decision]"), word);
        assert_eq!(text_of(&root, "h2"), "Decision");
        handle.destroy();
    }
}

#[wasm_bindgen_test]
async fn app_opens_on_the_example_and_shows_a_decision() {
    let root = root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    assert_eq!(text_of(&root, "h1"), "IAM Policy Simulator");
    let decision = text_of(&root, "[data-testid=decision]");
    assert!(
        ["Allow", "ImplicitDeny", "ExplicitDeny"].contains(&decision.as_str()),
        "unexpected decision text `{decision}`"
    );
    let textarea: web_sys::HtmlTextAreaElement = {
        use wasm_bindgen::JsCast;
        root.query_selector("textarea")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap()
    };
    assert!(textarea.value().contains("ec2:DescribeVolumes"));
    handle.destroy();
}
