//! Share links: the whole workspace, deflated and base64url-encoded into the URL fragment (`#w=…`), which
//! browsers never send to a server; and the page's fragment itself, read and replaced through gloo (no navigation,
//! no history entry).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::workspace::Workspace;

/// The fragment prefix of a shared workspace.
pub const PREFIX: &str = "w=";

/// The fragment (without `#`) holding `workspace`.
pub fn encode(workspace: &Workspace) -> String {
    let json = serde_json::to_vec(workspace).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The workspace in a fragment (with or without `#`), if it holds one.
pub fn decode(fragment: &str) -> Option<Workspace> {
    match read(fragment) {
        Link::Workspace(ws) => Some(*ws),
        Link::None | Link::Broken(_) => None,
    }
}

/// What a fragment holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// No shared workspace (no fragment, or one for something else).
    None,
    Workspace(Box<Workspace>),
    /// A `#w=` fragment that does not hold a workspace, and why.
    Broken(String),
}

/// Reads a fragment (with or without `#`).
pub fn read(fragment: &str) -> Link {
    let Some(data) = fragment.trim_start_matches('#').strip_prefix(PREFIX) else {
        return Link::None;
    };
    let Ok(packed) = URL_SAFE_NO_PAD.decode(data.trim()) else {
        return Link::Broken(
            "it is not base64url text; was it cut or changed when it was copied?".to_owned(),
        );
    };
    let json = match miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 8 << 20) {
        Ok(json) => json,
        Err(e) if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            return Link::Broken("it unpacks to more than 8 MB".to_owned())
        }
        Err(_) => {
            return Link::Broken(
                "its data is incomplete or damaged; was it cut when it was copied?".to_owned(),
            )
        }
    };
    match serde_json::from_slice::<Workspace>(&json) {
        Ok(ws) => Link::Workspace(Box::new(ws.with_sound_ids())),
        Err(e) => Link::Broken(format!("it does not hold a workspace ({e})")),
    }
}

/// Links longer than this may be cut by mail and chat tools; the page then suggests the scenario file.
pub const LONG_LINK: usize = 2_000;

/// What the page says after *Share link*: where the link is, how long it is, and the file when it is long.
pub fn shared_notice(chars: usize, copied: bool) -> String {
    let whereto = if copied {
        "Link copied to the clipboard"
    } else {
        "The link is in the address bar (the browser did not allow copying it)"
    };
    let mut text = format!(
        "{whereto}: {chars} characters, the whole workspace in its #fragment, which is never sent to a server; it follows your later edits."
    );
    if chars > LONG_LINK {
        text.push_str(&format!(
            " Links over {LONG_LINK} characters may be cut by mail and chat tools: Export scenario gives a file to send instead."
        ));
    }
    text
}

/// The page's URL fragment, without `#`.
pub fn fragment() -> String {
    gloo::utils::window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned()
}

/// The page's URL without its fragment.
pub fn page_url() -> String {
    let location = gloo::utils::window().location();
    let href = location.href().unwrap_or_default();
    match href.split_once('#') {
        Some((page, _)) => page.to_owned(),
        None => href,
    }
}

/// Replaces the fragment (`None`: removes it) without navigating or adding a history entry; the address bar, a
/// reload and a bookmark then hold the new one.
pub fn replace_fragment(fragment: Option<&str>) {
    let url = match fragment {
        Some(f) => format!("{}#{f}", page_url()),
        None => page_url(),
    };
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

    #[test]
    fn the_share_notice_says_where_the_link_is_and_offers_the_file_when_it_is_long() {
        let short = super::shared_notice(300, true);
        assert!(short.starts_with("Link copied to the clipboard: 300 characters"));
        assert!(!short.contains("Export scenario"));
        let long = super::shared_notice(2_500, false);
        assert!(long.contains("did not allow copying"));
        assert!(long.contains("Export scenario gives a file"));
    }

    use super::*;

    #[test]
    fn a_workspace_survives_the_round_trip_and_is_smaller() {
        let ws = crate::examples::workspace_of(crate::examples::example("emr-tags").unwrap());
        let fragment = encode(&ws);
        assert!(fragment.starts_with("w="));
        assert!(fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)));
        assert!(fragment.len() < serde_json::to_string(&ws).unwrap().len());
        assert_eq!(decode(&format!("#{fragment}")).unwrap(), ws);
    }

    #[test]
    fn other_fragments_are_not_workspaces() {
        assert!(decode("").is_none());
        assert!(decode("#section").is_none());
        assert!(decode("#w=!!!").is_none());
        assert!(decode("#w=AAAA").is_none());
    }

    #[test]
    fn policy_ids_from_a_link_are_made_unique_with_room_for_more() {
        let mut ws = crate::examples::workspace_of(crate::examples::example("flintrock").unwrap());
        let mut twin = ws.policies[0].clone();
        twin.name = "Twin".into();
        ws.policies.push(twin);
        ws.policies[0].id = u32::MAX;
        ws.next_id = 0;
        let Link::Workspace(read) = read(&encode(&ws)) else {
            panic!("the link holds a workspace");
        };
        let ids: Vec<u32> = read.policies.iter().map(|p| p.id).collect();
        let mut unique = ids.clone();
        unique.dedup();
        assert_eq!(ids.len(), unique.len());
        assert!(ids.iter().all(|id| *id < read.next_id));
        // Adding a policy then gives a new id, and editing one policy changes only that one.
        let s = std::rc::Rc::new(crate::state::State::new(*read));
        let s = yew::Reducible::reduce(
            s,
            crate::state::Action::AddPolicy(crate::workspace::PolicyKind::Scp),
        );
        let s =
            yew::Reducible::reduce(s, crate::state::Action::RenamePolicy(ids[0], "Only".into()));
        assert_eq!(
            s.workspace
                .policies
                .iter()
                .filter(|p| p.name == "Only")
                .count(),
            1
        );
    }

    #[test]
    fn a_broken_link_says_why() {
        assert_eq!(read("#section"), Link::None);
        assert!(matches!(read("#w=!!!"), Link::Broken(why) if why.contains("base64url")));
        assert!(matches!(read("#w=AAAA"), Link::Broken(why) if why.contains("damaged")));
        let not_a_workspace =
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"{\"hello\": 1}", 9));
        assert!(
            matches!(read(&format!("w={not_a_workspace}")), Link::Broken(why) if why.contains("does not hold a workspace"))
        );
        // A link cut short when it was copied.
        let ws = crate::examples::workspace_of(crate::examples::example("flintrock").unwrap());
        let full = encode(&ws);
        assert!(matches!(read(&full[..full.len() / 2]), Link::Broken(_)));
    }
}
