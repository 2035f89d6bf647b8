//! Prints the findings of a policy file: `cargo run -p iam-lint --example lint_file -- FILE [TYPE]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: lint_file FILE [TYPE]");
        return;
    };
    let t = args
        .next()
        .and_then(|t| iam_lint::PolicyType::parse(&t))
        .unwrap_or(iam_lint::PolicyType::Identity);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {path}");
        return;
    };
    for f in iam_lint::lint(&text, t) {
        println!("{} {} {} {}", f.at(), f.severity, f.code, f.message);
    }
}
