//! `cargo xtask`: every project chore behind one command.
//!
//! `serve` and `test` install what is missing first (see `setup`), so on a fresh machine each is the only
//! command a person needs.

mod cmd;
mod layers;
mod managed_policies;
mod pwa;
mod refresh_reference;
mod server;
mod setup;
mod sizes;
mod trunk;
mod wasm_pkg;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Packages whose `wasm_bindgen_test`s run in headless Chromium during `cargo xtask test`.
///
/// Adding a package is a one-line change here; a listed package that is not (yet) in the workspace is
/// skipped with a warning.
pub const WASM_TEST_PACKAGES: &[&str] =
    &["iam-web", "iam-conformance", "iam-fromerror", "iam-lint"];

/// Packages that are also linted for `wasm32-unknown-unknown` (on top of `WASM_TEST_PACKAGES`).
pub const WASM_LINT_PACKAGES: &[&str] = &["iam-web", "iam-wasm"];

/// Where `cargo xtask serve` listens unless told otherwise.
const DEFAULT_PORT: u16 = 8080;

#[derive(Parser)]
#[command(about = "Project automation for the IAM policy simulator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing, build the release app with Trunk and serve it on 127.0.0.1.
    Serve {
        /// Port to listen on.
        #[arg(long, default_value_t = DEFAULT_PORT)]
        port: u16,
    },
    /// Install what is missing and run every test layer: fmt, clippy, native, wasm (headless Chromium),
    /// release build and Playwright end-to-end tests; then print the sizes.
    Test,
    /// Install what is missing and build the release app into `dist/` (no serving).
    Build,
    /// Print the sizes (raw and gzip) of the built app in `dist/`.
    Sizes,
    /// Install what is missing and do nothing else.
    Setup,
    /// Fetch the service authorization reference from the registries and rewrite the vendored file.
    RefreshReference,
    /// Build the JavaScript package (wasm-bindgen, release) into `target/pkg/web` and `target/pkg/node`.
    WasmPkg,
    /// Run the side-by-side bench (`bench/compare.mjs`): our wasm package against @cloud-copilot/iam-simulate.
    Bench,
}

fn main() -> ExitCode {
    let command = Cli::parse().command;
    let result = match command {
        Command::Serve { port } => serve(port).map(|()| true),
        Command::Test => layers::run_all(),
        Command::Build => build().map(|()| true),
        Command::Sizes => sizes::print(&cmd::root().join("dist")).map(|()| true),
        Command::Setup => setup::ensure(setup::Needs::Everything).map(|()| true),
        Command::RefreshReference => refresh_reference::run().map(|()| true),
        Command::WasmPkg => wasm_pkg::build().map(|_| true),
        Command::Bench => wasm_pkg::bench().map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Set up the build tools, build the release app and print its sizes.
fn build() -> anyhow::Result<()> {
    setup::ensure(setup::Needs::Build)?;
    trunk::build()?;
    sizes::print(&cmd::root().join("dist"))
}

/// `cargo xtask serve`: build, then serve `dist/` until interrupted.
fn serve(port: u16) -> anyhow::Result<()> {
    build()?;
    let listener = server::bind(port)?;
    let address = server::url(&listener)?;
    println!();
    println!("Serving the app at {address}  (Ctrl-C to stop)");
    server::serve_forever(listener, cmd::root().join("dist"))
}
