//! Running child processes: echo the command, stream its output, and read test counts from it.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

/// The repository root (the parent of this crate).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// A `Command` for `program`, run from the repository root.
pub fn new(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root());
    command
}

/// The command line as a person would type it.
fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Print a step heading.
pub fn heading(text: &str) {
    println!();
    println!("==> {text}");
    let _ = std::io::stdout().flush();
}

/// Run `command` with inherited output; `Ok(true)` if it exited successfully.
pub fn run(command: &mut Command) -> Result<bool> {
    println!("$ {}", describe(command));
    let _ = std::io::stdout().flush();
    let status = command
        .status()
        .with_context(|| format!("cannot start `{}`", describe(command)))?;
    Ok(status.success())
}

/// Run `command`, fail unless it succeeds.
pub fn run_ok(command: &mut Command) -> Result<()> {
    if run(command)? {
        Ok(())
    } else {
        anyhow::bail!("`{}` failed", describe(command))
    }
}

/// What a test command did: whether it succeeded and how many tests its output says passed.
pub struct Counted {
    pub success: bool,
    pub passed: u64,
}

/// Run `command`, echoing its standard output line by line and summing `count(line)` over it.
pub fn run_counted(command: &mut Command, count: fn(&str) -> Option<u64>) -> Result<Counted> {
    println!("$ {}", describe(command));
    let _ = std::io::stdout().flush();
    let mut child = command
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start `{}`", describe(command)))?;
    let mut passed = 0;
    if let Some(stdout) = child.stdout.take() {
        let mut out = std::io::stdout();
        for line in BufReader::new(stdout).split(b'\n') {
            let line = String::from_utf8_lossy(&line?).into_owned();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
            passed += count(&strip_ansi(&line)).unwrap_or(0);
        }
    }
    let status = child.wait()?;
    Ok(Counted {
        success: status.success(),
        passed,
    })
}

/// The standard output of `program args…` if it ran and succeeded; `None` if it is missing or failed.
pub fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = new(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Remove ANSI colour escapes (`ESC [ … letter`).
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The number before the word `passed` in a libtest summary: `test result: ok. 5 passed; 0 failed; …`.
/// wasm-bindgen-test-runner prints the same line.
pub fn libtest_passed(line: &str) -> Option<u64> {
    let rest = line.trim_start().strip_prefix("test result:")?;
    number_before_passed(rest)
}

/// Playwright's summary: `  3 passed (4.1s)`.
pub fn playwright_passed(line: &str) -> Option<u64> {
    let line = line.trim();
    let mut words = line.split_whitespace();
    let number = words.next()?.parse().ok()?;
    (words.next()? == "passed").then_some(number)
}

fn number_before_passed(text: &str) -> Option<u64> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).find_map(|pair| match pair {
        [number, word] if word.trim_end_matches(';') == "passed" => number.parse().ok(),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_libtest_summaries() {
        assert_eq!(
            libtest_passed("test result: ok. 5 passed; 0 failed; 0 ignored; 0 measured"),
            Some(5)
        );
        assert_eq!(
            libtest_passed("test result: FAILED. 2 passed; 1 failed; 0 ignored"),
            Some(2)
        );
        assert_eq!(libtest_passed("running 5 tests"), None);
        assert_eq!(libtest_passed("test foo ... ok"), None);
    }

    #[test]
    fn reads_playwright_summaries() {
        assert_eq!(playwright_passed("  2 passed (3.4s)"), Some(2));
        assert_eq!(playwright_passed("  1 failed"), None);
        assert_eq!(playwright_passed("Running 2 tests using 1 worker"), None);
    }

    #[test]
    fn strips_colours() {
        assert_eq!(
            strip_ansi("\u{1b}[32m  2 passed\u{1b}[39m (1s)"),
            "  2 passed (1s)"
        );
    }
}
