//! The few things the page asks of the browser: local storage, the URL fragment, downloads, and scrolling an
//! editor to a line. Each does nothing when the browser cannot (no window, storage disabled).

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};

use crate::workspace::Workspace;

/// The local-storage key of the workspace.
pub const STORAGE_KEY: &str = "iam-sim.workspace.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The workspace saved by an earlier visit.
pub fn load_saved() -> Option<Workspace> {
    let text = storage()?.get_item(STORAGE_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Saves the workspace.
pub fn save(workspace: &Workspace) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(workspace)) {
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

/// The URL fragment, without `#`.
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// Replaces the URL fragment (no navigation, no request).
pub fn set_fragment(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(fragment);
    }
}

/// The page's URL.
pub fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Scrolls the element `dom_id` into view within its scrolling list, moving as little as possible (the highlighted
/// suggestion of a combobox, which keeps focus in its text box).
pub fn scroll_into_view_nearest(dom_id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(dom_id))
    {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Scrolls the editor `dom_id` to `line` (1-based), selects that line and focuses the editor.
pub fn show_line(dom_id: &str, line: usize) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(marker) = document
        .get_element_by_id(&format!("{dom_id}-line-{line}"))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        marker.scroll_into_view_with_scroll_into_view_options(&options);
    }
    if let Some(area) = document
        .get_element_by_id(dom_id)
        .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
    {
        let text = area.value();
        // Selection offsets count UTF-16 code units.
        let mut start = 0u32;
        let mut end = 0u32;
        let mut current = 1usize;
        for ch in text.chars() {
            let width = ch.len_utf16() as u32;
            if current < line {
                start += width;
                end += width;
                if ch == '\n' {
                    current += 1;
                }
            } else if ch == '\n' {
                break;
            } else {
                end += width;
            }
        }
        let _ = area.focus();
        let _ = area.set_selection_range(start, end);
    }
}
