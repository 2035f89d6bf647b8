//! `iamsim`: evaluate scenarios from the terminal or a CI job, with the same engine as the web app.

use clap::{Parser, Subcommand};
use std::io::{BufRead, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "iamsim",
    version,
    about = "Simulate AWS IAM authorization decisions offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate scenario files (JSON) and print each answer as JSON.
    Eval {
        /// Scenario files; with --jsonl, scenarios are read from stdin instead, one per line.
        files: Vec<std::path::PathBuf>,
        /// Read one scenario per line on stdin and write one answer per line on stdout, in order.
        #[arg(long)]
        jsonl: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Eval { files, jsonl } => {
            if jsonl {
                return eval_jsonl();
            }
            if files.is_empty() {
                eprintln!("error: give at least one scenario file, or --jsonl to read stdin");
                return ExitCode::from(2);
            }
            let mut status = ExitCode::SUCCESS;
            for file in files {
                match std::fs::read_to_string(&file) {
                    Ok(text) => {
                        let answer = iam_realapi::evaluate_full(&text, now());
                        for d in answer
                            .literal
                            .errors
                            .iter()
                            .chain(answer.literal.warnings.iter())
                        {
                            eprintln!("{}: {d}", file.display());
                        }
                        let mut out = std::io::stdout().lock();
                        let written = serde_json::to_writer_pretty(&mut out, &answer)
                            .map_err(std::io::Error::from)
                            .and_then(|()| out.write_all(b"\n"));
                        if let Err(e) = written {
                            if e.kind() == std::io::ErrorKind::BrokenPipe {
                                return status;
                            }
                            eprintln!("error: writing stdout: {e}");
                            status = ExitCode::FAILURE;
                        }
                    }
                    Err(e) => {
                        eprintln!("error: cannot read `{}`: {e}", file.display());
                        status = ExitCode::FAILURE;
                    }
                }
            }
            status
        }
    }
}

/// The current time in epoch seconds, for aws:CurrentTime in the real-API answer.
fn now() -> Option<f64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs_f64())
}

fn eval_jsonl() -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: reading stdin: {e}");
                return ExitCode::FAILURE;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let answer = iam_engine::answer_scenario(
            &iam_engine::parse_scenario(&line),
            iam_engine::Options { trace: false },
        );
        let written = serde_json::to_writer(&mut out, &answer)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"));
        if let Err(e) = written {
            eprintln!("error: writing stdout: {e}");
            return ExitCode::FAILURE;
        }
    }
    if out.flush().is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
