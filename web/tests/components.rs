//! Components mounted in a real browser (wasm-bindgen-test in headless Chromium), asserted on the DOM.
//! Expectations cite the reports the examples are written from (docs/motivating-cases.md).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::rc::Rc;

use iam_engine::{Decision, Diagnostic};
use iam_web::components::answers::{DecisionBadge, DecisionBadgeProps};
use iam_web::components::code_editor::{CodeEditor, CodeEditorProps};
use iam_web::components::request::{RequestBuilder, RequestProps};
use iam_web::state::Action;
use iam_web::workspace::{CallParam, RequestSpec};
use iam_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::Callback;

mod support;
use support::{root, text_of};

wasm_bindgen_test_configure!(run_in_browser);

fn clear_storage() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
}

#[wasm_bindgen_test]
async fn decision_badge_says_the_decision_in_words() {
    // Readable without colour: the words are there, the colour only repeats them.
    for (decision, word) in [
        (Decision::Allow, "Allow"),
        (Decision::ImplicitDeny, "Implicit deny"),
        (Decision::ExplicitDeny, "Explicit deny"),
    ] {
        let root = root();
        let props = DecisionBadgeProps {
            decision,
            testid: Some("d".into()),
        };
        let handle =
            yew::Renderer::<DecisionBadge>::with_root_and_props(root.clone(), props).render();
        yew::scheduler::flush().await;
        assert!(text_of(&root, "[data-testid=d]").ends_with(word));
        handle.destroy();
    }
}

#[wasm_bindgen_test]
async fn the_editor_numbers_lines_and_underlines_a_problem_where_it_is() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}";
    let policy =
        iam_engine::parse_policy_text(iam_engine::PolicyKind::Identity, "identity/P", "P", text);
    let diagnostics: Vec<Diagnostic> = policy.diagnostics;
    assert!(!diagnostics.is_empty());
    let line = diagnostics[0].location.unwrap().line;
    let root = root();
    let props = CodeEditorProps {
        dom_id: "ed".into(),
        label: "Policy P".into(),
        text: text.into(),
        diagnostics: Rc::new(diagnostics),
        findings: Rc::default(),
        fixes: Rc::default(),
        on_input: Callback::noop(),
        on_fix: Callback::noop(),
    };
    let handle = yew::Renderer::<CodeEditor>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector_all(".gutter .ln").unwrap().length(), 4);
    let marked = root
        .query_selector(&format!("#ed-line-{line}"))
        .unwrap()
        .unwrap();
    assert!(marked.class_name().contains("ln-error"));
    assert!(root.query_selector(".squiggle-error").unwrap().is_some());
    assert!(text_of(&root, "[data-testid=problem]").contains(&format!("line {line}")));
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector("textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(area.value(), text);
    assert_eq!(area.get_attribute("aria-label").unwrap(), "Policy P");
    handle.destroy();
}

/// IAM Access Analyzer's policy check reference: `iam:PassRole` on `*` is PASS_ROLE_WITH_STAR_IN_RESOURCE, a security
/// warning. The editor lists it with its severity in words, underlines it, marks its line, and its Fix button (when
/// it has one) hands the fix over.
#[wasm_bindgen_test]
async fn the_editor_lists_a_finding_underlined_with_its_severity_and_its_fix() {
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": [\n  {\"Effect\": \"Allow\", \"Action\": \"iam:PassRole\", \"Resource\": \"*\"}]}";
    let findings = iam_lint::lint(text, iam_lint::PolicyType::Identity);
    assert!(findings
        .iter()
        .any(|f| f.code == "PASS_ROLE_WITH_STAR_IN_RESOURCE"));
    let fixed = std::rc::Rc::new(std::cell::RefCell::new(None));
    let on_fix = {
        let fixed = fixed.clone();
        Callback::from(move |fix: iam_lint::Fix| *fixed.borrow_mut() = Some(fix))
    };
    let has_fix = findings.iter().any(|f| f.fix.is_some());
    let root = root();
    let props = CodeEditorProps {
        dom_id: "lint".into(),
        label: "Policy L".into(),
        text: text.into(),
        diagnostics: Rc::default(),
        findings: Rc::new(findings),
        fixes: Rc::default(),
        on_input: Callback::noop(),
        on_fix,
    };
    let handle = yew::Renderer::<CodeEditor>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert!(text_of(
        &root,
        "[data-testid=finding][data-code=PASS_ROLE_WITH_STAR_IN_RESOURCE]"
    )
    .contains("security warning at line 2"));
    assert!(root
        .query_selector(".squiggle-lint-security")
        .unwrap()
        .is_some());
    assert!(root
        .query_selector("#lint-line-2")
        .unwrap()
        .unwrap()
        .class_name()
        .contains("ln-lint-security"));
    if has_fix {
        let button: web_sys::HtmlElement = root
            .query_selector("[data-testid=lint-fix]")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        button.click();
        yew::scheduler::flush().await;
        assert!(fixed.borrow().is_some());
    }
    handle.destroy();
}

#[wasm_bindgen_test]
async fn app_first_visit_opens_on_describe_volumes_with_both_answers() {
    // The DescribeVolumes report: the policy simulator "reports that DescribeVolumes action is allowed" while the API call fails
    // with UnauthorizedOperation — "for any EC2 API action that is [not] listed … the ARN must be *".
    clear_storage();
    let root = root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    assert_eq!(text_of(&root, "h1"), "IAM Policy Simulator");
    assert!(text_of(&root, "[data-testid=literal-decision]").ends_with("Allow"));
    assert!(text_of(&root, "[data-testid=real-decision]").ends_with("Implicit deny"));
    // The real call is the one the user will make: it is the headline, and its column comes first.
    let headline = root
        .query_selector("[data-testid=headline]")
        .unwrap()
        .unwrap();
    assert_eq!(headline.get_attribute("data-headline").unwrap(), "real");
    assert!(text_of(&root, "[data-testid=headline-decision]").ends_with("Implicit deny"));
    let columns = root.query_selector_all(".gap-column").unwrap();
    let first: Element = columns.get(0).unwrap().dyn_into().unwrap();
    assert_eq!(first.get_attribute("data-testid").unwrap(), "real-answer");
    let editor: web_sys::HtmlTextAreaElement = root
        .query_selector(".policy-card textarea")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert!(editor.value().contains("ec2:DescribeVolumes"));
    assert!(editor.value().contains("volume/*"));
    handle.destroy();
    clear_storage();
}

/// Sets a `<select>`'s value and fires `change`, as a user choosing an option does.
fn choose(root: &Element, selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value(value);
    let event = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    select.dispatch_event(&event).unwrap();
}

fn click(root: &Element, selector: &str) {
    let el: web_sys::HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches `{selector}`"))
        .dyn_into()
        .unwrap();
    el.click();
}

#[wasm_bindgen_test]
async fn app_loads_an_example_adds_and_removes_policies_and_expands_rows() {
    clear_storage();
    let root = root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    // The PassRole to EC2 guide: the user may pass only roles named EC2-roles-for-XYZ-*, and iam:GetRole goes with it; the
    // example asks both actions about an approved role and another one: 2 × 2 rows.
    choose(&root, "#examples", "passrole-ec2");
    yew::scheduler::flush().await;
    assert_eq!(
        root.query_selector_all("[data-testid=result-row]")
            .unwrap()
            .length(),
        4
    );
    assert_eq!(root.query_selector_all(".policy-card").unwrap().length(), 1);

    choose(&root, "#add-policy-kind", "scps");
    yew::scheduler::flush().await;
    click(&root, ".add-policy button");
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector_all(".policy-card").unwrap().length(), 2);
    assert!(text_of(&root, ".policy-card:nth-of-type(2) .kind-tag").contains("SCP"));
    assert!(root.query_selector(".policy-level").unwrap().is_some());

    click(
        &root,
        ".policy-card:nth-of-type(2) button[aria-label^=Remove]",
    );
    yew::scheduler::flush().await;
    assert_eq!(root.query_selector_all(".policy-card").unwrap().length(), 1);

    // Expanding the second row shows its trace.
    let second: web_sys::HtmlElement = root
        .query_selector_all("[data-testid=result-row] button")
        .unwrap()
        .get(1)
        .unwrap()
        .dyn_into()
        .unwrap();
    second.click();
    yew::scheduler::flush().await;
    let expanded = root
        .query_selector("button[aria-expanded=true]")
        .unwrap()
        .unwrap();
    assert!(expanded
        .get_attribute("aria-label")
        .unwrap()
        .contains("AdminRole"));
    assert!(root
        .query_selector("[data-testid=trace]")
        .unwrap()
        .is_some());
    handle.destroy();
    clear_storage();
}

/// Sets an `<input>`'s value and fires `input`, as typing does.
fn type_into(root: &Element, selector: &str, value: &str) {
    let input: web_sys::HtmlInputElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches `{selector}`"))
        .dyn_into()
        .unwrap();
    input.set_value(value);
    let event = web_sys::Event::new_with_event_init_dict("input", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Fills local storage to the last character; the keys it added.
fn fill_storage() -> Vec<String> {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let mut keys = Vec::new();
    let mut size = 1usize << 20;
    while size >= 1 {
        let chunk = "x".repeat(size);
        loop {
            let key = format!("filler-{}", keys.len());
            if storage.set_item(&key, &chunk).is_err() {
                break;
            }
            keys.push(key);
        }
        size /= 2;
    }
    keys
}

#[wasm_bindgen_test]
async fn app_with_storage_full_warns_keeps_the_work_and_offers_export() {
    // Web Storage: setItem throws QuotaExceededError when the origin's storage is full. Before, the app dropped that
    // error (`let _ = storage.set_item(…)`): the work was never saved and nobody was told.
    clear_storage();
    let root = root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    type_into(&root, ".policy-name", "Mine");
    yew::scheduler::flush().await;
    assert!(root
        .query_selector("[data-testid=storage-problem]")
        .unwrap()
        .is_none());

    let fillers = fill_storage();
    assert!(!fillers.is_empty());
    type_into(&root, ".policy-name", "MineGrownPastTheQuota");
    yew::scheduler::flush().await;
    let problem = text_of(&root, "[data-testid=storage-problem]");
    assert!(problem.contains("quota exceeded"), "{problem}");
    assert!(
        problem.contains("Your work is kept in this tab"),
        "{problem}"
    );
    let export = root
        .query_selector("[data-testid=storage-problem] button")
        .unwrap()
        .unwrap();
    assert_eq!(export.text_content().unwrap(), "Export scenario");
    // The work is in the page, not lost: the editor and the answers still have it.
    let name: web_sys::HtmlInputElement = root
        .query_selector(".policy-name")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(name.value(), "MineGrownPastTheQuota");
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved = storage.get_item("iam-sim.workspace.v1").unwrap().unwrap();
    assert!(saved.contains("\"Mine\""), "{saved}");

    // Room again: the next change is saved and the warning goes.
    for key in &fillers {
        storage.remove_item(key).unwrap();
    }
    type_into(&root, ".policy-name", "MineSaved");
    yew::scheduler::flush().await;
    assert!(root
        .query_selector("[data-testid=storage-problem]")
        .unwrap()
        .is_none());
    let saved = storage.get_item("iam-sim.workspace.v1").unwrap().unwrap();
    assert!(saved.contains("\"MineSaved\""), "{saved}");
    handle.destroy();
    clear_storage();
}

#[wasm_bindgen_test]
async fn app_undo_and_redo_buttons_bring_back_a_replaced_workspace() {
    clear_storage();
    let root = root();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let undo = "[data-testid=workspace-bar] button[aria-label=Undo]";
    let redo = "[data-testid=workspace-bar] button[aria-label=Redo]";
    assert!(root
        .query_selector(&format!("{undo}:disabled"))
        .unwrap()
        .is_some());
    type_into(&root, ".policy-name", "Mine");
    yew::scheduler::flush().await;
    choose(&root, "#examples", "passrole-ec2");
    yew::scheduler::flush().await;
    assert_eq!(
        root.query_selector_all("[data-testid=result-row]")
            .unwrap()
            .length(),
        4
    );
    assert!(text_of(&root, "[data-testid=notice]").contains("Loaded the example"));
    click(&root, undo);
    yew::scheduler::flush().await;
    let name: web_sys::HtmlInputElement = root
        .query_selector(".policy-name")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(name.value(), "Mine");
    click(&root, redo);
    yew::scheduler::flush().await;
    assert_eq!(
        root.query_selector_all("[data-testid=result-row]")
            .unwrap()
            .length(),
        4
    );
    handle.destroy();
    clear_storage();
}

/// Mounts the request builder for `actions`, recording what it dispatches.
async fn request_builder(
    actions: &[&str],
    call: &[(CallParam, &str)],
) -> (Element, Rc<std::cell::RefCell<Vec<Action>>>) {
    let sent = Rc::new(std::cell::RefCell::new(Vec::new()));
    let request = RequestSpec {
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
        call: call.iter().map(|(p, v)| (*p, (*v).to_owned())).collect(),
        ..RequestSpec::default()
    };
    let props = RequestProps {
        request: Rc::new(request),
        context: Rc::new(Vec::new()),
        tested: Rc::new(Vec::new()),
        dispatch: {
            let sent = sent.clone();
            Callback::from(move |a: Action| sent.borrow_mut().push(a))
        },
    };
    let root = root();
    yew::Renderer::<RequestBuilder>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    (root, sent)
}

#[wasm_bindgen_test]
async fn the_request_builder_offers_the_call_parameters_of_the_action() {
    // Amazon EC2 User Guide, Launch instances (RunInstances): the key pair, the launch template and an EBS-backed
    // AMI's volume are resources the call authorizes; the reference lists iam:PassRole as a dependent action.
    let (root, sent) = request_builder(&["ec2:RunInstances"], &[]).await;
    for param in [
        "keyName",
        "launchTemplate",
        "rootDevice",
        "imageFromSsmParameter",
        "instanceProfile",
        "role",
        "tags",
    ] {
        assert!(
            root.query_selector(&format!(".call-params > [data-param={param}]"))
                .unwrap()
                .is_some(),
            "{param} offered for RunInstances"
        );
    }
    type_into(&root, "#call-keyName", "ops");
    assert_eq!(
        sent.borrow().last(),
        Some(&Action::SetCallParam(CallParam::KeyName, "ops".into()))
    );

    // DescribeVolumes takes none of them: they are only behind "Other call parameters".
    let (root, _) = request_builder(&["ec2:DescribeVolumes"], &[]).await;
    assert!(root
        .query_selector(".call-params > [data-param]")
        .unwrap()
        .is_none());
    assert!(root
        .query_selector(".other-call-params [data-param=keyName]")
        .unwrap()
        .is_some());
    assert!(text_of(&root, "[data-testid=no-call-params]").contains("No parameter"));
    // A parameter already set is shown even where no listed action uses it, so it can be cleared.
    let (root, _) = request_builder(
        &["ec2:DescribeVolumes"],
        &[(
            CallParam::KmsKey,
            "arn:aws:kms:us-east-1:111122223333:key/k",
        )],
    )
    .await;
    assert!(root
        .query_selector(".call-params > [data-param=kmsKey]")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
async fn an_action_the_reference_does_not_know_is_warned_about_on_its_chip() {
    // Service Authorization Reference, Amazon S3: the action is GetObject.
    let (root, _) = request_builder(&["s3:GetObjects"], &[]).await;
    let warning = text_of(&root, "[data-testid=unknown-action]");
    assert!(warning.contains("did you mean `s3:GetObject`"), "{warning}");
}
