//! Share links: the whole workspace, deflated and base64url-encoded into the URL fragment (`#w=…`), which
//! browsers never send to a server.

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
    let data = fragment.trim_start_matches('#').strip_prefix(PREFIX)?;
    let packed = URL_SAFE_NO_PAD.decode(data.trim()).ok()?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, 8 << 20).ok()?;
    serde_json::from_slice(&json).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

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
}
