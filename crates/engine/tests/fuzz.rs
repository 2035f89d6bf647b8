//! Bounded fuzzing of the scenario reader and the evaluator on stable Rust (see `fuzz/README.md`): the committed
//! corpus as is, then mutations of it. Nothing may panic, every answer serializes, and no answer is
//! disproportionately larger than its input (the amplification the hostile-inputs review found: a 242 KB
//! scenario gave 800 MB of output).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_engine::{answer_request, answer_scenario, parse_scenario, Options};
use proptest::prelude::*;
use std::path::PathBuf;

fn corpus() -> Vec<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    for dir in ["fuzz/corpus", "examples"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        out.extend(files.iter().map(|f| std::fs::read(f).unwrap()));
    }
    assert!(out.len() >= 9, "the corpus is missing");
    out
}

/// Fragments a mutation may insert: JSON structure, policy grammar, wildcards, variables and hostile values.
const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u0000",
    "\\ud800",
    "\r",
    "\n",
    "\u{feff}",
    "\u{1b}[2K",
    "null",
    "true",
    "1e999",
    "9007199254740993",
    " 10",
    "-0",
    "*",
    "?",
    "${aws:username}",
    "${aws:PrincipalTag/x}",
    "${",
    "}",
    "\"Sid\": \"S\",",
    "\"Effect\": \"Deny\",",
    "\"NotAction\": \"*\",",
    "\"Resource\": \"*\",",
    "\"Condition\": {\"ForAllValues:StringLike\": {\"aws:TagKeys\": [\"*a?b*\"]}},",
    "\"request\": {},",
    "\"requests\": [{}],",
    "\"managementAccount\": \"true\",",
    "arn:aws:s3:::b/*",
    "::ffff:10.0.0.1",
    "10.0.0.0/8",
    "IfExists",
    "ForAnyValue:",
    "\"action\": \"s3:GetObject\",",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize, usize),
    Splice(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        (any::<usize>(), 0..DICTIONARY.len()).prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), 1usize..64).prop_map(|(a, b)| Mutation::Delete(a, b)),
        (any::<usize>(), 1usize..64, 1usize..8).prop_map(|(a, b, c)| Mutation::Duplicate(a, b, c)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Splice(a, b)),
    ]
}

fn apply(input: &mut Vec<u8>, m: &Mutation, other: &[u8]) {
    let at = |x: usize, len: usize| if len == 0 { 0 } else { x % (len + 1) };
    match *m {
        Mutation::Flip(a, b) => {
            if !input.is_empty() {
                let i = a % input.len();
                input[i] ^= b.max(1);
            }
        }
        Mutation::Insert(a, d) => {
            let i = at(a, input.len());
            input.splice(i..i, DICTIONARY[d].bytes());
        }
        Mutation::Delete(a, n) => {
            let i = at(a, input.len());
            let j = (i + n).min(input.len());
            input.drain(i..j);
        }
        Mutation::Duplicate(a, n, times) => {
            let i = at(a, input.len());
            let j = (i + n).min(input.len());
            let piece: Vec<u8> = input[i..j].to_vec();
            for _ in 0..times {
                input.splice(j..j, piece.iter().copied());
            }
        }
        Mutation::Splice(a, b) => {
            let i = at(a, input.len());
            let j = at(b, other.len());
            input.truncate(i);
            input.extend_from_slice(&other[j..]);
        }
    }
}

/// Reads and answers `bytes` with the full trace and checks the answers.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = match iam_engine::json::decode(bytes) {
        Ok(t) => t,
        Err(d) => {
            let d = iam_engine::json::locate_decode_error(*d, iam_engine::Source::Scenario, bytes);
            prop_assert!(d.location.is_some());
            return Ok(());
        }
    };
    let scenario = parse_scenario(text);
    let mut answers = vec![answer_scenario(&scenario, Options::Full)];
    answers.extend(
        scenario
            .requests
            .iter()
            .map(|e| answer_request(&scenario, e, Options::Full)),
    );
    let budget = 64 * bytes.len() + 256 * 1024;
    for a in &answers {
        let json = serde_json::to_string(a);
        prop_assert!(json.is_ok());
        let len = json.unwrap().len();
        prop_assert!(
            len <= budget,
            "a {}-byte input gave a {len}-byte answer",
            bytes.len()
        );
        // Every error the reader reports has a place, unless it concerns the request as a whole.
        for e in a.errors.iter().filter(|e| e.in_scenario()) {
            prop_assert!(e.location.is_some() || e.span.is_none(), "{:?}", e);
        }
    }
    Ok(())
}

#[test]
fn the_corpus_as_is() {
    for bytes in corpus() {
        check(&bytes).unwrap();
    }
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_corpus(pick in any::<usize>(), other in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..12)) {
        let corpus = corpus();
        let mut input = corpus[pick % corpus.len()].clone();
        let other = &corpus[other % corpus.len()];
        for m in &mutations {
            apply(&mut input, m, other);
        }
        check(&input)?;
    }
}
