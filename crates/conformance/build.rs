//! Embeds every `tests/cases/*.json` file so the same cases run natively and in the browser (no filesystem there),
//! and names one test per file (`condition-ip.json` → `condition_ip`) for the test files to generate.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dir = manifest.join("../../tests/cases");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("/// Every case file: (file name, contents).\npub static CASE_FILES: &[(&str, &str)] = &[\n");
    let mut tests = String::from(
        "// One test per case file: `case_file_tests!` is defined by each test file that includes this.\ncase_file_tests! {\n",
    );
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let abs = f.canonicalize().unwrap_or_else(|_| f.clone());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            abs.display().to_string()
        );
        let _ = writeln!(tests, "    {} => {name:?},", test_name(&name));
    }
    out.push_str("];\n");
    tests.push_str("}\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    for (file, text) in [("cases.rs", out), ("case_tests.rs", tests)] {
        let dest = out_dir.join(file);
        if let Err(e) = std::fs::write(&dest, text) {
            println!("cargo:warning=cannot write {}: {e}", dest.display());
        }
    }
}

/// The test named after a case file: its stem with every character that cannot be in a Rust name made `_`
/// (`condition-ip.json` → `condition_ip`), so `cargo test -p iam-conformance condition_ip` runs that file.
fn test_name(file: &str) -> String {
    let stem = file.strip_suffix(".json").unwrap_or(file);
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    // A stem that is a keyword or starts with a digit is not a name on its own.
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
        "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
        "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
        "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
        "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
    ];
    if name.is_empty()
        || name.starts_with(|c: char| c.is_ascii_digit())
        || KEYWORDS.contains(&name.as_str())
    {
        format!("file_{name}")
    } else {
        name
    }
}
