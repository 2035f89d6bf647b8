//! What the browser test files share: a place to mount into and a way to read text back.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

use web_sys::Element;

/// A fresh element appended to the body to mount into.
pub fn root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// The trimmed text of the first element under `root` that matches `selector` (fails the test when none does).
pub fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches `{selector}`"))
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_owned()
}
