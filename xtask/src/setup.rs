//! Installing what is missing, idempotently: each tool is checked first and skipped when it is already
//! there at the right version, so a second run costs seconds.
//!
//! Covers the wasm32 target, rustfmt and clippy, wasm-bindgen-cli at the version the lockfile pins,
//! trunk, the npm packages in `tests/e2e` (Playwright and binaryen's `wasm-opt`), and Debian's Chromium
//! and ChromeDriver. Nothing is downloaded outside the package registries.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use crate::cmd;

/// The Trunk release that builds with our toolchain (0.22 needs a newer rustc).
pub const TRUNK_VERSION: &str = "0.21.14";

/// Where the npm packages (Playwright, binaryen) live.
pub const E2E_DIR: &str = "tests/e2e";

/// What a command needs installed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Enough to build the release app: wasm32 target, wasm-bindgen-cli, trunk, wasm-opt.
    Build,
    /// Everything `cargo xtask test` uses: the above plus rustfmt, clippy, Chromium and ChromeDriver.
    Everything,
}

/// Install whatever `needs` requires and is missing; put the tools on `PATH` for child processes.
pub fn ensure(needs: Needs) -> Result<()> {
    cmd::heading("Set-up: installing what is missing");
    extend_path()?;
    if needs == Needs::Everything {
        // First, so that a missing root-only install stops us before the long `cargo install`s.
        browser()?;
        rust_components()?;
    }
    wasm_target()?;
    npm_packages()?;
    wasm_bindgen_cli()?;
    trunk()?;
    println!("set-up: everything is in place");
    Ok(())
}

/// The Chromium binary (Debian's), or `$CHROMIUM`.
pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// The ChromeDriver binary (Debian's), or `$CHROMEDRIVER`.
pub fn chromedriver() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from)
}

fn ok(what: &str) {
    println!("set-up: {what}: ok");
}

/// Put cargo's bin dir and the npm tools' bin dir in front of `PATH`, for this process and its children.
fn extend_path() -> Result<()> {
    let cargo_home = match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home),
        None => PathBuf::from(std::env::var_os("HOME").context("HOME is not set")?).join(".cargo"),
    };
    let mut dirs = vec![
        cmd::root().join(E2E_DIR).join("node_modules").join(".bin"),
        cargo_home.join("bin"),
    ];
    let current = std::env::var_os("PATH").unwrap_or_default();
    let existing: Vec<PathBuf> = std::env::split_paths(&current).collect();
    dirs.retain(|dir| !existing.contains(dir));
    dirs.extend(existing);
    let joined = std::env::join_paths(dirs).context("cannot build PATH")?;
    // Edition 2021: `set_var` is safe; we call it before spawning any thread.
    std::env::set_var("PATH", joined);
    Ok(())
}

fn is_root() -> bool {
    cmd::output_of("id", &["-u"]).as_deref() == Some("0")
}

/// Run an apt-get install as root, or tell the person the one command to run and stop.
fn apt_install(packages: &[&str], why: &str) -> Result<()> {
    let list = packages.join(" ");
    if !is_root() {
        bail!(
            "{why} are missing and installing them needs root. Run this, then try again:\n\n    \
             sudo apt-get update && sudo apt-get install -y {list}\n"
        );
    }
    println!("set-up: installing {list} with apt-get");
    cmd::run_ok(cmd::new("apt-get").arg("update"))?;
    cmd::run_ok(
        cmd::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn rust_components() -> Result<()> {
    let have_fmt = cmd::output_of("cargo", &["fmt", "--version"]).is_some();
    let have_clippy = cmd::output_of("cargo", &["clippy", "--version"]).is_some();
    if have_fmt && have_clippy {
        ok("rustfmt and clippy");
        return Ok(());
    }
    cmd::run_ok(cmd::new("rustup").args(["component", "add", "rustfmt", "clippy"]))
}

fn wasm_target() -> Result<()> {
    let installed = cmd::output_of("rustup", &["target", "list", "--installed"])
        .context("`rustup` is needed to add the wasm32 target; install Rust with rustup")?;
    if installed
        .lines()
        .any(|line| line.trim() == "wasm32-unknown-unknown")
    {
        ok("wasm32-unknown-unknown target");
        return Ok(());
    }
    cmd::run_ok(cmd::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn browser() -> Result<()> {
    if chromium().exists() && chromedriver().exists() {
        ok("Chromium and ChromeDriver");
        return Ok(());
    }
    apt_install(
        &["chromium", "chromium-driver"],
        "Chromium and ChromeDriver",
    )?;
    if !(chromium().exists() && chromedriver().exists()) {
        bail!(
            "apt-get installed chromium and chromium-driver but {} or {} is still missing",
            chromium().display(),
            chromedriver().display()
        );
    }
    Ok(())
}

/// `npm ci` in `tests/e2e` unless `node_modules` was installed from the same lockfile.
fn npm_packages() -> Result<()> {
    if !npm_ci_once(E2E_DIR, &[".bin/wasm-opt"])? {
        ok("npm packages in tests/e2e (Playwright, binaryen)");
    }
    Ok(())
}

/// `npm ci` in the repository folder `rel` unless its `node_modules` was installed from the same lockfile (a
/// stamp file remembers it) and holds every path in `needed`. True when `npm ci` ran.
pub(crate) fn npm_ci_once(rel: &str, needed: &[&str]) -> Result<bool> {
    let dir = cmd::root().join(rel);
    let lock = std::fs::read_to_string(dir.join("package-lock.json"))
        .with_context(|| format!("cannot read {rel}/package-lock.json"))?;
    let modules = dir.join("node_modules");
    let stamp = modules.join(".xtask-installed-lock.json");
    if std::fs::read_to_string(&stamp).is_ok_and(|installed| installed == lock)
        && needed.iter().all(|path| modules.join(path).exists())
    {
        return Ok(false);
    }
    if cmd::output_of("npm", &["--version"]).is_none() {
        bail!("`npm` is missing: install Node.js 20 with npm, then try again");
    }
    cmd::run_ok(
        cmd::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir),
    )?;
    std::fs::write(&stamp, lock).with_context(|| format!("cannot write {}", stamp.display()))?;
    Ok(true)
}

/// The `wasm-bindgen` version the lockfile resolved (the workspace pins it with `=`).
fn pinned_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(cmd::root().join("Cargo.lock"))
        .context("cannot read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            let version = lines
                .next()
                .and_then(|next| next.trim().strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'));
            if let Some(version) = version {
                return Ok(version.to_owned());
            }
        }
    }
    bail!("Cargo.lock has no `wasm-bindgen` package")
}

fn wasm_bindgen_cli() -> Result<()> {
    let version = pinned_wasm_bindgen()?;
    let want = |tool: &str| format!("{tool} {version}");
    let bindgen = cmd::output_of("wasm-bindgen", &["--version"]);
    let runner = cmd::output_of("wasm-bindgen-test-runner", &["--version"]);
    if bindgen.as_deref() == Some(&want("wasm-bindgen"))
        && runner.as_deref() == Some(&want("wasm-bindgen-test-runner"))
    {
        ok(&format!("wasm-bindgen-cli {version}"));
        return Ok(());
    }
    println!("set-up: installing wasm-bindgen-cli {version} (found: {bindgen:?}); this takes a few minutes");
    // Not `--locked`: the CLI's own lockfile may need a newer rustc than ours.
    cmd::run_ok(cmd::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &version]))
}

fn trunk() -> Result<()> {
    let found = cmd::output_of("trunk", &["--version"]);
    if found.as_deref() == Some(&format!("trunk {TRUNK_VERSION}")) {
        ok(&format!("trunk {TRUNK_VERSION}"));
        return Ok(());
    }
    println!(
        "set-up: installing trunk {TRUNK_VERSION} (found: {found:?}); this takes about ten minutes"
    );
    cmd::run_ok(cmd::new("cargo").args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
    ]))
}
