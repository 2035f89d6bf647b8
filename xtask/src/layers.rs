//! `cargo xtask test`: every test layer in turn, each passing or failing on its own, then one summary.
//!
//! Layers: rustfmt, clippy (native and wasm32), native tests, wasm tests in headless Chromium, the Node
//! tests of the wasm package, the release build, and the Playwright end-to-end tests against that build on
//! a local server. A layer that runs no test fails. The run ends with a line `layers: N passed, N failed`.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::cmd::{self, Counted};
use crate::{server, setup, sizes, trunk, WASM_LINT_PACKAGES, WASM_TEST_PACKAGES};

/// How a layer ended.
enum Outcome {
    Passed(String),
    Failed(String),
}

struct Layer {
    name: &'static str,
    outcome: Outcome,
    took: Duration,
}

#[derive(Default)]
struct Report {
    setup: Duration,
    layers: Vec<Layer>,
}

impl Report {
    /// Run one layer; an error counts as a failure of that layer only.
    fn run(&mut self, name: &'static str, layer: impl FnOnce() -> Result<Outcome>) -> bool {
        cmd::heading(&format!("Layer: {name}"));
        let start = Instant::now();
        let outcome = layer().unwrap_or_else(|err| Outcome::Failed(format!("{err:#}")));
        let passed = matches!(outcome, Outcome::Passed(_));
        match &outcome {
            Outcome::Passed(detail) => println!("--- {name}: passed ({detail})"),
            Outcome::Failed(reason) => println!("--- {name}: FAILED: {reason}"),
        }
        self.layers.push(Layer {
            name,
            outcome,
            took: start.elapsed(),
        });
        passed
    }

    fn fail(&mut self, name: &'static str, reason: &str) {
        println!("--- {name}: FAILED: {reason}");
        self.layers.push(Layer {
            name,
            outcome: Outcome::Failed(reason.to_owned()),
            took: Duration::ZERO,
        });
    }

    /// Print the table and the closing line; `true` when every layer passed.
    fn finish(&self, total: Duration) -> bool {
        let failed = self
            .layers
            .iter()
            .filter(|l| matches!(l.outcome, Outcome::Failed(_)))
            .count();
        let passed = self.layers.len() - failed;
        println!();
        println!("Summary ({} in all):", minutes(total));
        println!("  {:<4}  {:<26} {:>7}", "", "set-up", minutes(self.setup));
        for layer in &self.layers {
            let (mark, text) = match &layer.outcome {
                Outcome::Passed(detail) => ("ok  ", detail),
                Outcome::Failed(reason) => ("FAIL", reason),
            };
            let first_line = text.lines().next().unwrap_or("");
            println!(
                "  {mark}  {:<26} {:>7}  {first_line}",
                layer.name,
                minutes(layer.took)
            );
        }
        println!();
        println!("layers: {passed} passed, {failed} failed");
        failed == 0
    }
}

fn minutes(d: Duration) -> String {
    let secs = d.as_secs();
    format!("{}m{:02}s", secs / 60, secs % 60)
}

/// Pass (described by `detail`) when the command succeeded, else fail.
fn status(ok: bool, detail: &str) -> Outcome {
    if ok {
        Outcome::Passed(detail.to_owned())
    } else {
        Outcome::Failed(format!(
            "{detail}: the command failed (see its output above)"
        ))
    }
}

/// Pass when the command succeeded and ran at least one test.
fn counted(run: &Counted, what: &str) -> Outcome {
    match (run.success, run.passed) {
        (false, _) => Outcome::Failed(format!("{what}: the command failed (see its output above)")),
        (true, 0) => Outcome::Failed(format!("{what}: ran no test")),
        (true, n) => Outcome::Passed(format!("{n} tests passed")),
    }
}

/// Run every layer; `Ok(true)` when all passed.
pub fn run_all() -> Result<bool> {
    let start = Instant::now();
    setup::ensure(setup::Needs::Everything)?;
    let setup_took = start.elapsed();
    let members = workspace_members()?;
    let wasm_tests = present(WASM_TEST_PACKAGES, &members);
    let wasm_lints: Vec<&str> = present(WASM_LINT_PACKAGES, &members)
        .into_iter()
        .chain(wasm_tests.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();

    let mut report = Report {
        setup: setup_took,
        ..Report::default()
    };
    report.run("rustfmt", || {
        Ok(status(
            cmd::run(cmd::new("cargo").args(["fmt", "--all", "--check"]))?,
            "cargo fmt --check",
        ))
    });
    report.run("clippy (native)", || {
        let ok = cmd::run(cmd::new("cargo").args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))?;
        Ok(status(ok, "cargo clippy --workspace --all-targets"))
    });
    report.run("clippy (wasm32)", || {
        let mut command = cmd::new("cargo");
        command.args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--lib",
            "--bins",
            "--tests",
        ]);
        for package in &wasm_lints {
            command.args(["-p", package]);
        }
        command.args(["--", "-D", "warnings"]);
        Ok(status(
            cmd::run(&mut command)?,
            "cargo clippy --target wasm32-unknown-unknown",
        ))
    });
    report.run("native tests", || {
        let run = cmd::run_counted(
            cmd::new("cargo").args(["test", "--workspace", "--no-fail-fast"]),
            cmd::libtest_passed,
        )?;
        Ok(counted(&run, "cargo test --workspace --no-fail-fast"))
    });
    report.run("wasm tests (Chromium)", || wasm_tests_layer(&wasm_tests));
    report.run("node tests (wasm package)", || {
        let (success, passed) = crate::wasm_pkg::node_tests()?;
        Ok(counted(
            &Counted { success, passed },
            "node --test crates/wasm/tests",
        ))
    });
    let built = report.run("release build (Trunk)", || {
        trunk::build()?;
        Ok(Outcome::Passed("dist/ built with wasm-opt".to_owned()))
    });
    if built {
        report.run("e2e (Playwright)", e2e_layer);
        if let Err(err) = sizes::print(&cmd::root().join("dist")) {
            println!("sizes: {err:#}");
        }
    } else {
        report.fail("e2e (Playwright)", "not run: the release build failed");
    }
    Ok(report.finish(start.elapsed()))
}

/// The workspace's package names.
fn workspace_members() -> Result<BTreeSet<String>> {
    let json = cmd::output_of("cargo", &["metadata", "--no-deps", "--format-version", "1"])
        .context("`cargo metadata` failed")?;
    let metadata: serde_json::Value =
        serde_json::from_str(&json).context("cannot read `cargo metadata`")?;
    let packages = metadata
        .get("packages")
        .and_then(|p| p.as_array())
        .context("`cargo metadata` lists no packages")?;
    Ok(packages
        .iter()
        .filter_map(|p| p.get("name").and_then(|n| n.as_str()).map(str::to_owned))
        .collect())
}

/// The listed packages that exist, warning about the others.
fn present<'a>(listed: &[&'a str], members: &BTreeSet<String>) -> Vec<&'a str> {
    listed
        .iter()
        .copied()
        .filter(|name| {
            let here = members.contains(*name);
            if !here {
                println!("warning: `{name}` is listed for wasm but is not in the workspace yet; skipping it");
            }
            here
        })
        .collect()
}

/// `cargo test --target wasm32-unknown-unknown` per package, in headless Chromium; each must run a test.
fn wasm_tests_layer(packages: &[&str]) -> Result<Outcome> {
    if packages.is_empty() {
        bail!("no package listed in WASM_TEST_PACKAGES exists in the workspace");
    }
    let webdriver_json = cmd::root().join("webdriver.json");
    let mut total = 0;
    let mut failures = Vec::new();
    for package in packages {
        let run = cmd::run_counted(
            cmd::new("cargo")
                .args([
                    "test",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--tests",
                    "--no-fail-fast",
                    "-p",
                    package,
                ])
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                    "wasm-bindgen-test-runner",
                )
                .env("CHROMEDRIVER", setup::chromedriver())
                .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
                .env("WASM_BINDGEN_TEST_TIMEOUT", "300"),
            cmd::libtest_passed,
        )?;
        match counted(&run, package) {
            Outcome::Passed(_) => total += run.passed,
            Outcome::Failed(reason) => failures.push(reason),
        }
    }
    Ok(if failures.is_empty() {
        Outcome::Passed(format!("{total} tests passed in {}", packages.join(", ")))
    } else {
        Outcome::Failed(failures.join("; "))
    })
}

/// Serve `dist/` on a free port and run Playwright against it.
fn e2e_layer() -> Result<Outcome> {
    let listener = server::bind(0)?;
    let url = server::url(&listener)?;
    server::spawn(listener, cmd::root().join("dist"));
    println!("serving dist/ at {url}");
    let e2e = cmd::root().join(setup::E2E_DIR);
    let run = cmd::run_counted(
        cmd::new(&e2e.join("node_modules/.bin/playwright").to_string_lossy())
            .arg("test")
            .current_dir(&e2e)
            .env("BASE_URL", &url)
            .env("CHROMIUM", setup::chromium()),
        cmd::playwright_passed,
    )?;
    Ok(match counted(&run, "playwright test") {
        Outcome::Passed(detail) => {
            Outcome::Passed(format!("{detail}; screenshots in tests/e2e/artifacts/"))
        }
        failed => failed,
    })
}
