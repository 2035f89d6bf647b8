//! What `trunk build` cannot do alone for the static, offline site: the widget page (`embed.html`, a second
//! Trunk run), a Content-Security-Policy with the hashes of Trunk's inline start-up scripts, and the service
//! worker (`sw.js`) with the list of every built file and a version hashed from their contents.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::cmd;

/// The HTML entry of the widget, built into `EMBED_DIST` and copied into `dist/` as `embed.html`.
const EMBED_HTML: &str = "embed.html";
const EMBED_DIST: &str = "target/trunk-embed";
const SW_TEMPLATE: &str = "web/static/sw.template.js";

/// The policy for both pages. Scripts: this origin, wasm compilation, and the inline start-up script by hash;
/// connections and everything else: this origin only. Styles allow inline `style` attributes.
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{HASHES}; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
manifest-src 'self'; worker-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'";

/// After the app's `trunk build`: add the widget, the CSP and the service worker to `dist/`.
pub fn finish(dist: &Path) -> Result<()> {
    build_embed(dist)?;
    for page in ["index.html", EMBED_HTML] {
        add_csp(&dist.join(page))?;
    }
    write_service_worker(dist)
}

/// `trunk build embed.html` into its own folder (Trunk empties its dist), then copy it into `dist/`.
fn build_embed(dist: &Path) -> Result<()> {
    cmd::heading("Building the widget (embed.html) with Trunk");
    let out = cmd::root().join(EMBED_DIST);
    cmd::run_ok(
        cmd::new("trunk")
            .args(["build", EMBED_HTML, "--release", "true", "--dist"])
            .arg(&out),
    )?;
    let mut copied = false;
    for entry in std::fs::read_dir(&out).with_context(|| format!("reading {}", out.display()))? {
        let path = entry?.path();
        if !path.is_file() {
            continue;
        }
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        // Trunk names its output index.html whatever the entry was called.
        let target = if name == "index.html" {
            EMBED_HTML
        } else {
            name
        };
        copied |= target == EMBED_HTML;
        std::fs::copy(&path, dist.join(target))
            .with_context(|| format!("copying {name} into dist/"))?;
    }
    if !copied {
        bail!("trunk build {EMBED_HTML} produced no page");
    }
    Ok(())
}

/// Insert the CSP `<meta>` right after `<meta charset>`, with the sha256 of every inline script.
fn add_csp(page: &Path) -> Result<()> {
    let html =
        std::fs::read_to_string(page).with_context(|| format!("reading {}", page.display()))?;
    let with_csp =
        with_csp(&html).with_context(|| format!("adding a CSP to {}", page.display()))?;
    std::fs::write(page, with_csp)?;
    Ok(())
}

fn with_csp(html: &str) -> Result<String> {
    if html.contains("Content-Security-Policy") {
        return Ok(html.to_owned());
    }
    let mut hashes = String::new();
    for script in inline_scripts(html) {
        let digest = Sha256::digest(script.as_bytes());
        let _ = write!(hashes, " 'sha256-{}'", STANDARD.encode(digest));
    }
    let meta = format!(
        "\n    <meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
        CSP.replace("{HASHES}", &hashes)
    );
    let anchor = "<meta charset=\"utf-8\" />";
    let Some(at) = html.find(anchor) else {
        bail!("no `{anchor}` to put the CSP after");
    };
    let mut out = html.to_owned();
    out.insert_str(at + anchor.len(), &meta);
    Ok(out)
}

/// The text of every `<script>` without a `src`, exactly as the browser hashes it.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = rest.get(start..).unwrap_or("");
        let Some(open_end) = after.find('>') else {
            break;
        };
        let open_tag = after.get(..open_end).unwrap_or("");
        let body_and_more = after.get(open_end + 1..).unwrap_or("");
        let Some(close) = body_and_more.find("</script>") else {
            break;
        };
        if !open_tag.contains("src=") {
            found.push(body_and_more.get(..close).unwrap_or(""));
        }
        rest = body_and_more.get(close..).unwrap_or("");
    }
    found
}

/// Write `dist/sw.js` from the template: every file in `dist/` (relative paths, sorted) plus `./`, and a
/// version hashed from their names and contents, so any change in the build makes a new service worker.
fn write_service_worker(dist: &Path) -> Result<()> {
    let mut files = Vec::new();
    list_files(dist, dist, &mut files)?;
    files.retain(|f| f != "sw.js");
    files.sort();
    let mut hasher = Sha256::new();
    for file in &files {
        hasher.update(file.as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(dist.join(file))?);
    }
    let version: String = hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut precache = vec!["./".to_owned()];
    precache.extend(files);
    let template = std::fs::read_to_string(cmd::root().join(SW_TEMPLATE))
        .with_context(|| format!("reading {SW_TEMPLATE}"))?;
    let sw = template
        .replace("'__VERSION__'", &serde_json::to_string(&version)?)
        .replace("__PRECACHE__", &serde_json::to_string_pretty(&precache)?);
    std::fs::write(dist.join("sw.js"), sw)?;
    println!(
        "service worker: {} files precached, version {version}",
        precache.len()
    );
    Ok(())
}

/// Paths of the files under `dir`, relative to `root` with `/`; hidden entries (Trunk's `.stage`) skipped.
fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path: PathBuf = entry?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_none_or(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            list_files(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<_> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\" />\n\
<script src=\"x.js\"></script>\n<script type=\"module\">\nimport init from './a.js';\n</script>\n</head></html>";

    #[test]
    fn finds_only_inline_scripts() {
        assert_eq!(inline_scripts(PAGE), ["\nimport init from './a.js';\n"]);
    }

    #[test]
    fn puts_the_policy_first_with_the_script_hash() {
        let out = with_csp(PAGE).unwrap();
        let digest = STANDARD.encode(Sha256::digest(b"\nimport init from './a.js';\n"));
        let meta_at = out.find("Content-Security-Policy").unwrap();
        assert!(meta_at < out.find("<script").unwrap());
        assert!(out.contains(&format!("'sha256-{digest}'")));
        assert!(out.contains("connect-src 'self'"));
        // Idempotent.
        assert_eq!(with_csp(&out).unwrap(), out);
    }
}
