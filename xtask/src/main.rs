//! `cargo xtask`: every project chore behind one command.

mod refresh_reference;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Project automation for the IAM policy simulator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fetch the service authorization reference from the registries and rewrite the vendored file.
    RefreshReference,
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::RefreshReference => refresh_reference::run(),
    }
}
