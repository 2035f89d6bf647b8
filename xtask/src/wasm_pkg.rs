//! `cargo xtask wasm-pkg`, `cargo xtask bench` and the "node tests" layer: the JavaScript package
//! (`crates/wasm` built in release for wasm32, bound by wasm-bindgen for the web and for Node, TypeScript types
//! included), the Node tests that use it, and the side-by-side bench in `bench/`.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cmd;
use crate::setup;

/// The wasm crate's package name.
const PACKAGE: &str = "iam-wasm";
/// The npm package name written into the generated `package.json` files.
const NPM_NAME: &str = "iam-policy-sim";
/// Where the bench's npm packages (the peer engine) live.
const BENCH_DIR: &str = "bench";

/// Cargo's target directory: `$CARGO_TARGET_DIR` (relative to the root) or `target/`.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| cmd::root().join("target"), |dir| cmd::root().join(dir))
}

/// `target/pkg`: `web/` (ES module for browsers and bundlers) and `node/` (CommonJS for Node).
pub fn pkg_dir() -> PathBuf {
    target_dir().join("pkg")
}

/// Build the package for both targets; returns `target/pkg`.
pub fn build() -> Result<PathBuf> {
    setup::ensure(setup::Needs::Build)?;
    build_only()
}

/// Build the package, assuming the tools are installed.
fn build_only() -> Result<PathBuf> {
    cmd::heading("Building the JavaScript package (wasm-bindgen, web and Node)");
    cmd::run_ok(cmd::new("cargo").args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        PACKAGE,
    ]))?;
    let wasm = target_dir()
        .join("wasm32-unknown-unknown")
        .join("release")
        .join("iam_wasm.wasm");
    if !wasm.exists() {
        bail!("cargo built no {}", wasm.display());
    }
    let out = pkg_dir();
    for (target, dir, module) in [("web", "web", true), ("nodejs", "node", false)] {
        let dest = out.join(dir);
        if dest.exists() {
            std::fs::remove_dir_all(&dest)
                .with_context(|| format!("cannot clear {}", dest.display()))?;
        }
        cmd::run_ok(
            cmd::new("wasm-bindgen")
                .args(["--target", target, "--out-name", "iam_wasm", "--out-dir"])
                .arg(&dest)
                .arg(&wasm),
        )?;
        write_package_json(&dest, module)?;
    }
    println!("package: {}/{{web,node}}", out.display());
    Ok(out)
}

/// A `package.json` so that the folder can be installed or imported as a package.
fn write_package_json(dir: &Path, module: bool) -> Result<()> {
    let mut json = serde_json::json!({
        "name": NPM_NAME,
        "version": env!("CARGO_PKG_VERSION"),
        "description": "AWS IAM policy simulator: the Rust engine compiled to WebAssembly",
        "license": "MIT OR Apache-2.0",
        "main": "iam_wasm.js",
        "types": "iam_wasm.d.ts",
        "files": ["iam_wasm.js", "iam_wasm.d.ts", "iam_wasm_bg.wasm", "iam_wasm_bg.wasm.d.ts"],
    });
    if let (true, Some(fields)) = (module, json.as_object_mut()) {
        fields.insert("type".into(), "module".into());
        fields.insert("module".into(), "iam_wasm.js".into());
        fields.insert("sideEffects".into(), serde_json::json!(["./snippets/*"]));
    }
    let text = serde_json::to_string_pretty(&json)?;
    let path = dir.join("package.json");
    std::fs::write(&path, format!("{text}\n"))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The Node test files: `crates/wasm/tests/*.test.mjs`.
fn node_test_files() -> Result<Vec<PathBuf>> {
    let dir = cmd::root().join("crates").join("wasm").join("tests");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    Ok(files)
}

/// The "node tests" layer: build the package, then `node --test` over `crates/wasm/tests/*.test.mjs`.
/// Returns (success, tests passed).
pub fn node_tests() -> Result<(bool, u64)> {
    let pkg = build_only()?;
    let files = node_test_files()?;
    if files.is_empty() {
        bail!("crates/wasm/tests has no *.test.mjs");
    }
    let run = cmd::run_counted(
        cmd::new("node")
            .args(["--test", "--test-reporter=tap"])
            .args(&files)
            .env("IAM_WASM_PKG", &pkg),
        tap_passed,
    )?;
    Ok((run.success, run.passed))
}

/// node:test's TAP summary: `# pass 7`.
fn tap_passed(line: &str) -> Option<u64> {
    line.trim().strip_prefix("# pass ")?.trim().parse().ok()
}

/// `cargo xtask bench`: build the package and the release CLI, install the bench's npm packages, run
/// `node bench/compare.mjs` (both engines, the differences, native throughput, the action sweep).
pub fn bench() -> Result<()> {
    let pkg = build()?;
    cmd::heading("Building the release CLI");
    cmd::run_ok(cmd::new("cargo").args(["build", "--release", "-p", "iamsim"]))?;
    bench_npm()?;
    cmd::heading("Bench");
    cmd::run_ok(
        cmd::new("node")
            .arg(cmd::root().join(BENCH_DIR).join("compare.mjs"))
            .env("IAM_WASM_PKG", &pkg)
            .env("IAMSIM", target_dir().join("release").join("iamsim")),
    )
}

/// `npm ci` in `bench/` unless `node_modules` was installed from the same lockfile.
fn bench_npm() -> Result<()> {
    if !crate::setup::npm_ci_once(BENCH_DIR, &[])? {
        println!("bench: npm packages in {BENCH_DIR}: ok");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tap_summaries() {
        assert_eq!(tap_passed("# pass 7"), Some(7));
        assert_eq!(tap_passed("# fail 0"), None);
        assert_eq!(tap_passed("ok 1 - evaluates"), None);
    }
}
