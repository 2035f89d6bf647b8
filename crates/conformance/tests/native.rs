//! Runs every conformance case natively.

#[test]
fn conformance_cases() {
    let report = iam_conformance::run_all();
    for f in &report.failures {
        eprintln!("FAIL {f}");
    }
    eprintln!(
        "conformance: {} files, {} passed, {} failed",
        report.files,
        report.passed,
        report.failures.len()
    );
    assert!(report.passed > 0, "no conformance case ran");
    assert!(
        report.failures.is_empty(),
        "{} conformance cases failed",
        report.failures.len()
    );
}
