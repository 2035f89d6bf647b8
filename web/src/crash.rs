//! When the page fails. A panic hook (and a listener for traps that are not panics, such as memory running out)
//! stops every further state change, covers the page with "Something went wrong — your work is saved; reload" and
//! a download of the last good workspace, and records the crash so that the next start does not walk into it again:
//! a link whose opening crashed (or never finished) is set aside and the user asked (see `state::start`).
//!
//! The workspace in local storage is always the last good one: it is saved after a change has been evaluated and
//! shown, and a change that fails never gets that far.

use std::cell::{Cell, RefCell};

use gloo::events::EventListener;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::share;
use crate::state::Slot;
use crate::storage;
use crate::workspace::Workspace;

/// What a crash leaves in local storage for the next start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrashRecord {
    pub message: String,
    /// The page had not finished showing its first workspace.
    pub during_start: bool,
    /// The link fragment being opened when it crashed during the start.
    #[serde(default)]
    pub fragment: Option<String>,
    /// The workspace shown.
    #[serde(default)]
    pub slot: Slot,
}

/// Which page is running: the app saves work and can reload; the widget shows one scenario from its fragment, so
/// reloading it would only fail again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    App,
    Widget,
}

thread_local! {
    static PAGE: Cell<Page> = const { Cell::new(Page::App) };
    static CRASHED: Cell<bool> = const { Cell::new(false) };
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static SHOWN: Cell<Slot> = const { Cell::new(Slot::Own) };
    static SAVED: Cell<bool> = const { Cell::new(true) };
    static LAST_GOOD: RefCell<Option<Workspace>> = const { RefCell::new(None) };
}

/// Whether the page has crashed: then nothing may change the state any more.
pub fn crashed() -> bool {
    CRASHED.with(Cell::get)
}

/// Installs the panic hook and the trap listeners (before the app is mounted).
pub fn install() {
    PAGE.with(|p| p.set(Page::App));
    hook();
}

/// The same for the widget: it says what went wrong instead of going blank; it saves nothing and records nothing
/// (its storage is the app's, on the same origin).
pub fn install_widget() {
    PAGE.with(|p| p.set(Page::Widget));
    hook();
}

fn hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        gloo::console::error!(info.to_string());
        let message = match info.payload().downcast_ref::<&str>() {
            Some(s) => (*s).to_owned(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "a panic".to_owned()),
        };
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        crash(&format!("{message}{place}"));
    }));
    // A trap that is not a panic (memory exhausted, a stack overflow) reaches the page as a
    // WebAssembly.RuntimeError, thrown from an event handler or rejected from a task.
    let window = gloo::utils::window();
    for (event, field) in [("error", "error"), ("unhandledrejection", "reason")] {
        EventListener::new(&window, event, move |event| {
            let value = js_sys::Reflect::get(event, &field.into()).unwrap_or_default();
            if let Some(error) = value.dyn_ref::<js_sys::WebAssembly::RuntimeError>() {
                let message = String::from(error.unchecked_ref::<js_sys::Error>().message());
                crash(&format!("WebAssembly trap: {message}"));
            }
        })
        .forget();
    }
}

/// The page has shown its first workspace: a crash from now on is not a crash at start, and a link being opened has
/// opened.
pub fn started() {
    STARTED.with(|s| s.set(true));
    storage::remove(storage::OPENING);
}

/// The workspace shown has been evaluated, shown, and saved (`saved`) or not: the last good one.
pub fn remember(workspace: &Workspace, slot: Slot, saved: bool) {
    if crashed() {
        return;
    }
    LAST_GOOD.with(|w| {
        if let Ok(mut w) = w.try_borrow_mut() {
            *w = Some(workspace.clone());
        }
    });
    SHOWN.with(|s| s.set(slot));
    SAVED.with(|s| s.set(saved));
}

/// Stops the page: records the crash and covers the page with what to do. Only the first call does anything.
pub fn crash(message: &str) {
    if CRASHED.with(|c| c.replace(true)) {
        return;
    }
    if PAGE.with(Cell::get) == Page::Widget {
        show(
            "Something went wrong — this scenario could not be shown",
            "The simulator stopped at an error while evaluating this scenario.",
            message,
            false,
        );
        return;
    }
    let during_start = !STARTED.with(Cell::get);
    let fragment = share::fragment();
    let record = CrashRecord {
        message: message.to_owned(),
        during_start,
        fragment: (during_start && fragment.starts_with(share::PREFIX)).then_some(fragment),
        slot: SHOWN.with(Cell::get),
    };
    let _ = storage::save(storage::CRASH, &record);
    let title = if SAVED.with(Cell::get) {
        "Something went wrong — your work is saved; reload"
    } else {
        "Something went wrong — your latest work could not be saved in this browser: download it, then reload"
    };
    let text = "The simulator stopped at an error and takes no more changes, so that nothing is lost or left \
                half-done. Reload to go on from your workspace as it was after the last change that worked.";
    show(title, text, message, true);
}

/// The crash screen, built with the DOM directly: the app's own rendering may be what failed. Its links work
/// without calling into the stopped WebAssembly module.
fn show(title: &str, text: &str, message: &str, with_actions: bool) {
    let document = gloo::utils::document();
    let Some(body) = document.body() else {
        return;
    };
    // Nothing behind the app's screen takes input any more.
    if PAGE.with(Cell::get) == Page::App {
        let children = body.children();
        for i in 0..children.length() {
            if let Some(child) = children.item(i) {
                let _ = child.set_attribute("inert", "");
            }
        }
    }
    let element = |tag: &str, text: Option<&str>| {
        let el = document.create_element(tag).ok()?;
        if let Some(text) = text {
            el.set_text_content(Some(text));
        }
        Some(el)
    };
    let Some(screen) = element("div", None) else {
        return;
    };
    let _ = screen.set_attribute("class", "crash");
    let _ = screen.set_attribute("role", "alertdialog");
    let _ = screen.set_attribute("aria-modal", "true");
    let _ = screen.set_attribute("aria-labelledby", "crash-title");
    let _ = screen.set_attribute("aria-describedby", "crash-text");
    let _ = screen.set_attribute("data-testid", "crash");
    let parts = [
        element("h2", Some(title)).inspect(|h| h.set_id("crash-title")),
        element("p", Some(text)).inspect(|p| p.set_id("crash-text")),
        if with_actions {
            actions(&element)
        } else {
            None
        },
        element("details", None).inspect(|details| {
            if let Some(summary) = element("summary", Some("What went wrong")) {
                let _ = details.append_child(&summary);
            }
            if let Some(pre) = element("pre", Some(message)) {
                let _ = details.append_child(&pre);
            }
        }),
    ];
    let Some(panel) = element("div", None) else {
        return;
    };
    let _ = panel.set_attribute("class", "crash-box");
    for part in parts.into_iter().flatten() {
        let _ = panel.append_child(&part);
    }
    let _ = screen.append_child(&panel);
    // The widget's frame is sized to its root element: the screen goes there.
    let parent = match PAGE.with(Cell::get) {
        Page::Widget => document
            .get_element_by_id(crate::embed::frame::ROOT_ID)
            .unwrap_or_else(|| body.clone().into()),
        Page::App => body.into(),
    };
    let _ = parent.append_child(&screen);
    if let Some(reload) = document
        .get_element_by_id("crash-reload")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = reload.focus();
    }
}

/// Reload (the page without its fragment, so that a link that crashed is not opened again), and a download of the
/// last good workspace as a scenario file.
fn actions(
    element: &dyn Fn(&str, Option<&str>) -> Option<web_sys::Element>,
) -> Option<web_sys::Element> {
    let p = element("p", None)?;
    let _ = p.set_attribute("class", "crash-actions");
    if let Some(reload) = element("a", Some("Reload")) {
        reload.set_id("crash-reload");
        let _ = reload.set_attribute("class", "button");
        let _ = reload.set_attribute("href", &share::page_url());
        let _ = p.append_child(&reload);
    }
    let last_good = LAST_GOOD.with(|w| w.try_borrow().ok().and_then(|w| w.clone()));
    if let Some(ws) = last_good {
        if let Some(download) = element("a", Some("Download your work")) {
            let json = ws.export_json();
            let href = format!(
                "data:application/json;charset=utf-8,{}",
                percent_encoding::utf8_percent_encode(&json, percent_encoding::NON_ALPHANUMERIC)
            );
            let _ = download.set_attribute("class", "button");
            let _ = download.set_attribute("href", &href);
            let _ = download.set_attribute("download", "scenario.json");
            let _ = p.append_child(&download);
        }
    }
    Some(p)
}
