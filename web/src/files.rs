//! Files in and out, through gloo-file: a text offered as a download, and the text of a file the user picked or
//! dropped.

use gloo::file::{Blob, File, ObjectUrl};
use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, text: &str) {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some("application/json")));
    if let Some(a) = gloo::utils::document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    // `url` is revoked here; the download has started.
}

/// The text of `file` (its name, and its text or why it could not be read).
pub async fn read_text(file: web_sys::File) -> (String, Result<String, String>) {
    let file = File::from(file);
    let name = file.name();
    let text = gloo::file::futures::read_as_text(&file)
        .await
        .map_err(|e| format!("the file could not be read: {e}"));
    (name, text)
}
