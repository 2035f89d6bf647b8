//! Lints every file of a directory (policies or scenarios) and prints each finding, then the count per code and
//! the time taken: `cargo run -p iam-lint --release --example lint_dir -- DIR [TYPE]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: lint_dir DIR [TYPE]");
        return;
    };
    let t = args.next().and_then(|t| iam_lint::PolicyType::parse(&t));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("cannot read {dir}");
        return;
    };
    let mut texts = Vec::new();
    for e in entries.flatten() {
        if let Ok(text) = std::fs::read_to_string(e.path()) {
            texts.push((e.path().display().to_string(), text));
        }
    }
    texts.sort();
    let start = std::time::Instant::now();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    let mut out = Vec::new();
    for (path, text) in &texts {
        let (_, linted) = iam_lint::extract::lint_document(text, t);
        for l in linted {
            for f in l.findings {
                *counts
                    .entry(format!("{} {}", f.severity, f.code))
                    .or_default() += 1;
                out.push(format!(
                    "{path}:{} {} [{}] {}",
                    f.at(),
                    f.code,
                    l.name,
                    f.message
                ));
            }
        }
    }
    let took = start.elapsed();
    for line in out {
        println!("{line}");
    }
    for (code, n) in counts {
        println!("{n:6} {code}");
    }
    println!("{} files in {:?}", texts.len(), took);
}
