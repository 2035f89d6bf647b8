//! Compares two policy files and prints the verdict, the time of a second run (tables already read) and the diff.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(a), Some(b)) = (args.get(1), args.get(2)) else {
        return;
    };
    let (Ok(a), Ok(b)) = (std::fs::read_to_string(a), std::fs::read_to_string(b)) else {
        return;
    };
    let _ = iam_compare::compare(&a, &a, iam_compare::PolicyType::Identity);
    let t = std::time::Instant::now();
    let c = iam_compare::compare(&a, &b, iam_compare::PolicyType::Identity);
    println!("{} ({:?}, {:?})", c.headline, t.elapsed(), c.stats);
    for r in &c.reasons {
        println!("  reason: {}", r.message);
    }
}
