//! Building the release app with Trunk (`Trunk.toml` at the root: offline, wasm-opt from npm's binaryen).

use anyhow::{bail, Result};

use crate::cmd;

/// Build `dist/` from `index.html`; fails unless it produced an `index.html` and a `.wasm`.
pub fn build() -> Result<()> {
    cmd::heading("Building the release app with Trunk");
    // Trunk runs cargo offline, so fetch every crate first (a no-op when they are already here).
    cmd::run_ok(cmd::new("cargo").args(["fetch", "--quiet"]))?;
    cmd::run_ok(cmd::new("trunk").args(["build", "--release"]))?;
    let dist = cmd::root().join("dist");
    let has_wasm = std::fs::read_dir(&dist)?
        .filter_map(|entry| entry.ok())
        .any(|entry| entry.path().extension().is_some_and(|ext| ext == "wasm"));
    if !dist.join("index.html").exists() || !has_wasm {
        bail!("trunk build left no index.html or .wasm in dist/");
    }
    // The widget page, the Content-Security-Policy and the service worker.
    crate::pwa::finish(&dist)
}
