//! What gloo does not cover, in one place: scrolling an element or an editor line into view, and asking whether
//! the page has local storage at all (gloo-storage throws when it has none). Everything else the page asks of the
//! browser goes through gloo: storage (`storage`), the URL (`share`), files (`files`), listeners, timers and the
//! console.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};

/// Whether the page may use local storage: `false` when the browser disables it (a setting, a sandboxed frame, some
/// private modes), where reading `window.localStorage` throws.
pub fn local_storage_available() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

/// Scrolls the element `dom_id` into view within its scrolling list, moving as little as possible (the highlighted
/// suggestion of a combobox, which keeps focus in its text box).
pub fn scroll_into_view_nearest(dom_id: &str) {
    if let Some(el) = gloo::utils::document().get_element_by_id(dom_id) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Scrolls the editor `dom_id` to `line` (1-based), selects that line and focuses the editor.
pub fn show_line(dom_id: &str, line: usize) {
    let document = gloo::utils::document();
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

/// Moves the keyboard focus to the element `dom_id` (which needs a `tabindex`), scrolling it into view.
pub fn focus(dom_id: &str) {
    if let Some(element) = gloo::utils::document()
        .get_element_by_id(dom_id)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
