//! The widget's edge with the browser: its fragment and flags, and telling the parent page its height.

use wasm_bindgen::prelude::*;

/// The message type the parent page listens for: `{ type, height }`.
pub const HEIGHT_MESSAGE: &str = "iam-policy-sim:height";

#[wasm_bindgen]
extern "C" {
    /// `ResizeObserver`, declared here rather than through a web-sys feature.
    type ResizeObserver;

    #[wasm_bindgen(constructor, catch)]
    fn new(callback: &js_sys::Function) -> Result<ResizeObserver, JsValue>;

    #[wasm_bindgen(method)]
    fn observe(this: &ResizeObserver, target: &web_sys::Element);
}

/// The URL fragment, `#` included (empty when there is none).
pub fn fragment() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// `?editable` (or `?editable=1`, `?mode=edit`) in the query turns the read-only view into an editor.
pub fn editable() -> bool {
    let search = gloo::utils::window()
        .location()
        .search()
        .unwrap_or_default();
    editable_in(&search)
}

/// The editable flag in a query string (`?a=b&editable`).
pub fn editable_in(search: &str) -> bool {
    search.trim_start_matches('?').split('&').any(|pair| {
        matches!(
            pair,
            "editable" | "editable=1" | "editable=true" | "mode=edit"
        )
    })
}

/// The id of the widget's outermost element, whose height the parent is told.
pub const ROOT_ID: &str = "widget";

/// Post the widget's height to the parent page (when framed), now and whenever the widget changes size.
pub fn report_height() {
    post_height();
    let Some(root) = root() else {
        return;
    };
    let callback = Closure::<dyn Fn()>::new(post_height);
    if let Ok(observer) = ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    // The observer lives as long as the page.
    callback.forget();
}

fn root() -> Option<web_sys::HtmlElement> {
    gloo::utils::document()
        .get_element_by_id(ROOT_ID)?
        .dyn_into()
        .ok()
}

fn post_height() {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Some(root) = root() else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
    let _ = js_sys::Reflect::set(
        &message,
        &"height".into(),
        &f64::from(root.offset_height()).into(),
    );
    // Only the height leaves the frame, so any parent may read it.
    let _ = parent.post_message(&message, "*");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_editable_flag() {
        assert!(editable_in("?editable"));
        assert!(editable_in("?x=1&mode=edit"));
        assert!(!editable_in(""));
        assert!(!editable_in("?editable=0"));
    }
}
