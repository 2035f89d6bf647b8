//! Reading the widget's scenario out of the URL fragment, and listing the policy documents inside it.

/// The scenario text carried by a fragment (with or without its `#`): URL-encoded JSON, or base64url of the
/// JSON (with or without padding). `None` when the fragment is empty or neither.
pub fn from_fragment(fragment: &str) -> Option<String> {
    let raw = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    if raw.is_empty() {
        return None;
    }
    let decoded = percent_decode(raw)?;
    if decoded.trim_start().starts_with('{') {
        return Some(decoded);
    }
    let bytes = base64url_decode(raw)?;
    let text = String::from_utf8(bytes).ok()?;
    text.trim_start().starts_with('{').then_some(text)
}

/// `%XX` escapes decoded as UTF-8 (the `percent-encoding` crate: a `%` not followed by two hex digits stays as
/// it is); `None` when the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// base64url (RFC 4648 §5), padding optional; the standard alphabet's `+`/`/` accepted too.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let url_safe: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(url_safe)
        .ok()
}

/// One policy document found in a scenario, labelled by where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyText {
    /// `identity`, `resource`, `scps › Root`…
    pub kind: String,
    pub name: String,
    /// The document pretty-printed (or the pasted text as is, when the document is a string).
    pub text: String,
}

/// Every policy document of the scenario text (read as the engine's [`iam_engine::ScenarioDoc`]), in the order the
/// text has them; a document given as an object is pretty-printed with its members in that order too. Managed
/// policies named by ARN have no document here and are not listed.
pub fn policies(text: &str) -> Vec<PolicyText> {
    let Ok(doc) = iam_engine::ScenarioDoc::read(text) else {
        return Vec::new();
    };
    doc.policies
        .into_iter()
        .filter_map(|p| {
            let text = p.document.editor_text()?;
            let kind = if p.kind.has_levels() {
                format!("{} › {}", p.kind.id_prefix(), p.level)
            } else {
                p.kind.id_prefix().to_owned()
            };
            Some(PolicyText {
                kind,
                name: p.name,
                text,
            })
        })
        .collect()
}

/// `text` laid out with one member per line and two spaces per level, keys in the order written; `None` when it is
/// not JSON (the editor then shows it as it came). The widget's editable mode shows a scenario this way rather than
/// as the one minified line a page or link gives it.
pub fn pretty(text: &str) -> Option<String> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth: usize = 0;
    let mut strings = crate::jsontext::Strings::default();
    let mut chars = text.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if strings.inside(c) {
            out.push(c);
            continue;
        }
        match c {
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on its line.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
                if chars.peek().is_some_and(|n| *n == '}' || *n == ']') {
                    if let Some(close) = chars.next() {
                        out.push(close);
                    }
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    const JSON: &str = r#"{"policies":{"identity":[]},"request":{"action":"ec2:DescribeVolumes"}}"#;

    #[test]
    fn lays_out_a_minified_scenario_keeping_the_order_of_its_keys() {
        let text = r#"{"request":{"action":"s3:GetObject","context":{}},"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a,b\\\"{[x"}]}]}}"#;
        let out = pretty(text).unwrap();
        assert_eq!(
            out,
            "{\n  \"request\": {\n    \"action\": \"s3:GetObject\",\n    \"context\": {}\n  },\n  \"policies\": {\n    \"identity\": [\n      {\n        \"Version\": \"2012-10-17\",\n        \"Statement\": [\n          {\n            \"Effect\": \"Allow\",\n            \"Action\": \"s3:*\",\n            \"Resource\": \"arn:aws:s3:::a,b\\\\\\\"{[x\"\n          }\n        ]\n      }\n    ]\n  }\n}"
        );
        // The same value, key for key.
        let a: serde_json::Value = serde_json::from_str(text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(a, b);
        assert_eq!(pretty("{not json"), None);
    }

    #[test]
    fn reads_url_encoded_json() {
        let encoded = JSON
            .replace('{', "%7B")
            .replace('"', "%22")
            .replace(':', "%3A");
        assert_eq!(from_fragment(&format!("#{encoded}")).unwrap(), JSON);
        assert_eq!(from_fragment(JSON).unwrap(), JSON);
    }

    #[test]
    fn reads_base64url_json() {
        // base64url of JSON, computed with `printf %s "$JSON" | basenc --base64url`.
        let b64 = "eyJwb2xpY2llcyI6eyJpZGVudGl0eSI6W119LCJyZXF1ZXN0Ijp7ImFjdGlvbiI6ImVjMjpEZXNjcmliZVZvbHVtZXMifX0";
        assert_eq!(from_fragment(b64).unwrap(), JSON);
        assert_eq!(from_fragment(&format!("#{b64}=")).unwrap(), JSON);
    }

    #[test]
    fn rejects_other_fragments() {
        assert_eq!(from_fragment(""), None);
        assert_eq!(from_fragment("#"), None);
        assert_eq!(from_fragment("#top"), None);
        assert_eq!(from_fragment("#%zz"), None);
    }

    #[test]
    fn lists_policies_with_their_place() {
        let found = policies(
            r#"{"policies":{
                "identity":[{"name":"A","document":{"Version":"2012-10-17","Statement":[]}}],
                "resource":{"name":"B","document":"{ \"pasted\": true }"},
                "scps":[{"name":"Root","policies":[{"name":"Full","document":{}}]}]}}"#,
        );
        let labels: Vec<_> = found
            .iter()
            .map(|p| (p.kind.as_str(), p.name.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                ("identity", "A"),
                ("resource", "B"),
                ("scps › Root", "Full")
            ]
        );
        assert_eq!(found[1].text, "{ \"pasted\": true }");
        assert!(found[0].text.contains("\"Version\": \"2012-10-17\""));
        // Members keep the scenario's order: Version was written before Statement.
        assert!(found[0].text.find("Version") < found[0].text.find("Statement"));
    }
}
