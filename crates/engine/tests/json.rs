//! The JSON reader (`iam_engine::json`): strict RFC 8259 JSON, exact byte spans, and a located `invalid-json`
//! diagnostic for every syntax error. Section numbers below are RFC 8259's.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use iam_engine::diag::{Diagnostic, Span};
use iam_engine::json::{parse, Node, NodeKind, MAX_DEPTH};
use proptest::prelude::*;
use std::borrow::Cow;

const HELP: &str = "check for a missing comma, quote or bracket near this place";

fn ok(text: &str) -> Node<'_> {
    match parse(text) {
        Ok(node) => node,
        Err(d) => panic!("{text:?} should parse: {}", d.message),
    }
}

/// Parses `text`, which must be invalid, and checks the diagnostic's shape: code, message prefix, help, and a
/// span of at least one byte within the text on character boundaries.
fn rejected(text: &str) -> Diagnostic {
    let d = *parse(text).expect_err(text);
    assert_eq!(d.code, "invalid-json", "{text:?}");
    assert!(
        d.message.starts_with("invalid JSON: "),
        "{text:?}: {}",
        d.message
    );
    assert_eq!(d.help, HELP);
    let span = d.span.expect("a span");
    assert!(
        span.start < span.end && span.end <= text.len(),
        "{text:?}: span {span:?} is not at least one byte within the text"
    );
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    d
}

/// Like [`rejected`], and the span starts at byte `at` and the message contains `words`.
fn rejected_at(text: &str, at: usize, words: &str) -> Diagnostic {
    let d = rejected(text);
    let span = d.span.unwrap();
    assert_eq!(span.start, at, "{text:?}: {} at {span:?}", d.message);
    assert!(d.message.contains(words), "{text:?}: {}", d.message);
    d
}

fn text_of(text: &str, span: Span) -> &str {
    &text[span.start..span.end]
}

/// §7: a string's span runs from its opening to its closing quotation mark; §4: so does a member name's; §3, §6:
/// literals and numbers cover exactly their characters; §2: white space around a value is not part of it.
#[test]
fn spans_cover_values_names_and_quotes() {
    let text = " {\"a\" : \"x y\", \"n\":-1.5e3 ,\"t\":true,\"f\":false,\"z\":null} \n";
    let root = ok(text);
    assert_eq!(root.span, Span::new(1, text.trim_end().len()));
    let members = root.as_object().unwrap();
    let names: Vec<&str> = members.iter().map(|m| m.name.as_ref()).collect();
    assert_eq!(names, ["a", "n", "t", "f", "z"]);
    let a = &members[0];
    assert_eq!(a.name_span, Span::new(2, 5));
    assert_eq!(text_of(text, a.name_span), "\"a\"");
    assert_eq!(text_of(text, a.value.span), "\"x y\"");
    let shown: Vec<(&str, &str)> = members
        .iter()
        .map(|m| (text_of(text, m.name_span), text_of(text, m.value.span)))
        .collect();
    assert_eq!(
        shown,
        [
            ("\"a\"", "\"x y\""),
            ("\"n\"", "-1.5e3"),
            ("\"t\"", "true"),
            ("\"f\"", "false"),
            ("\"z\"", "null"),
        ]
    );
}

/// §5: an array's span runs from `[` to `]` inclusive, elements have their own spans; §4 likewise for `{` `}`.
#[test]
fn spans_of_arrays_and_objects_include_their_brackets() {
    let text = "[ [], {}, [1, [2]], {\"k\": {\"j\": []}} ]";
    let root = ok(text);
    assert_eq!(root.span, Span::new(0, text.len()));
    let NodeKind::Array(items) = &root.kind else {
        panic!("an array")
    };
    let shown: Vec<&str> = items.iter().map(|n| text_of(text, n.span)).collect();
    assert_eq!(shown, ["[]", "{}", "[1, [2]]", "{\"k\": {\"j\": []}}"]);
    let inner = items[3].get("k").unwrap();
    assert_eq!(text_of(text, inner.span), "{\"j\": []}");
    assert_eq!(text_of(text, inner.get("j").unwrap().span), "[]");
}

/// §8.1: JSON text is UTF-8; spans are byte offsets, so characters before a value shift it by their UTF-8 length.
#[test]
fn spans_are_byte_offsets_past_multibyte_characters() {
    let text = "{\"é😀\": \"ü\", \"b\": 1}";
    let root = ok(text);
    let m = root.as_object().unwrap();
    assert_eq!(m[0].name, "é😀");
    assert_eq!(m[0].name_span, Span::new(1, 9));
    assert_eq!(m[0].value.span, Span::new(11, 15));
    assert_eq!(text_of(text, m[1].name_span), "\"b\"");
}

/// §7: strings without escapes are taken from the text as they are (borrowed, no copy); strings with escapes are
/// decoded, and a member name with escapes keeps the span of its written form.
#[test]
fn strings_borrow_unless_escaped() {
    let text = r#"{"plain": "as is", "esc\u0061ped": "a\"b"}"#;
    let root = ok(text);
    let m = root.as_object().unwrap();
    assert!(matches!(m[0].name, Cow::Borrowed("plain")));
    assert!(matches!(
        &m[0].value.kind,
        NodeKind::String(Cow::Borrowed("as is"))
    ));
    assert!(matches!(&m[1].name, Cow::Owned(s) if s == "escaped"));
    assert_eq!(text_of(text, m[1].name_span), r#""esc\u0061ped""#);
    assert!(matches!(&m[1].value.kind, NodeKind::String(Cow::Owned(s)) if s == "a\"b"));
    assert_eq!(text_of(text, m[1].value.span), r#""a\"b""#);
}

/// §7: the two-character escapes and `\uXXXX`, including a UTF-16 surrogate pair for a character outside the
/// Basic Multilingual Plane, decode to the characters they stand for.
#[test]
fn escapes_decode_including_surrogate_pairs() {
    let text =
        r#"["\" \\ \/ \b \f \n \r \t", "\u00e9\u00E9", "\ud83d\ude00", "\uD834\uDD1E!", "\u0000"]"#;
    let root = ok(text);
    let NodeKind::Array(items) = &root.kind else {
        panic!("an array")
    };
    let strings: Vec<&str> = items.iter().map(|n| n.as_str().unwrap()).collect();
    assert_eq!(
        strings,
        ["\" \\ / \u{8} \u{c} \n \r \t", "éé", "😀", "𝄞!", "\u{0}"]
    );
}

/// §6: numbers are kept exactly as written (no rounding, no reformatting), even beyond f64's range or precision.
#[test]
fn numbers_keep_the_text_written() {
    let text = "[0, -0, 1.50, 1E+2, 2e-3, 1e400, 12345678901234567890123, -0.0]";
    let root = ok(text);
    let NodeKind::Array(items) = &root.kind else {
        panic!("an array")
    };
    let numbers: Vec<&str> = items
        .iter()
        .map(|n| match &n.kind {
            NodeKind::Number(s) => s.as_ref(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        numbers,
        [
            "0",
            "-0",
            "1.50",
            "1E+2",
            "2e-3",
            "1e400",
            "12345678901234567890123",
            "-0.0"
        ]
    );
}

/// §4: "The names within an object SHOULD be unique" — a SHOULD, so duplicates are read and kept as separate
/// members, in order, for the policy reader to report.
#[test]
fn duplicate_names_are_kept_in_order() {
    let text = r#"{"Effect": "Allow", "Effect": "Deny"}"#;
    let root = ok(text);
    let m = root.as_object().unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(
        (m[0].name.as_ref(), m[0].value.as_str()),
        ("Effect", Some("Allow"))
    );
    assert_eq!(
        (m[1].name.as_ref(), m[1].value.as_str()),
        ("Effect", Some("Deny"))
    );
    assert_eq!(m[1].name_span, Span::new(20, 28));
}

/// §2: a JSON text is a single value with optional white space around it; any scalar is a JSON text too.
#[test]
fn any_value_is_a_document() {
    for (text, kind) in [
        ("null", NodeKind::Null),
        (" true ", NodeKind::Bool(true)),
        ("\tfalse\r\n", NodeKind::Bool(false)),
        ("\"s\"", NodeKind::String(Cow::Borrowed("s"))),
        ("7", NodeKind::Number(Cow::Borrowed("7"))),
    ] {
        assert_eq!(ok(text).kind, kind, "{text:?}");
    }
}

/// §2: a JSON text must contain a value; nothing but white space is reported as an empty document.
#[test]
fn an_empty_document_is_reported_as_empty() {
    for text in ["", "   ", " \n\t\r "] {
        let d = parse(text).unwrap_err();
        assert_eq!(d.code, "invalid-json");
        assert_eq!(d.message, "the document is empty");
        assert_eq!(d.span, Some(Span::new(0, text.len())));
    }
}

/// §2: the grammar has no comments.
#[test]
fn comments_are_rejected() {
    rejected_at("// note\n{}", 0, "comments are not allowed");
    rejected_at("{\"a\": 1 /* note */}", 8, "comments are not allowed");
    rejected_at("[1, /* x */ 2]", 4, "comments are not allowed");
    rejected_at("{} // end", 3, "comments are not allowed");
}

/// §4, §5: values and members are separated by commas, with nothing after the last one; the span is the comma.
#[test]
fn trailing_commas_are_rejected_at_the_comma() {
    rejected_at("[1, 2,]", 5, "trailing comma");
    rejected_at("[1, 2, \n ]", 5, "trailing comma");
    rejected_at("{\"a\": 1,}", 7, "trailing comma");
    rejected_at("[,]", 1, "expected a value");
    rejected_at("{,}", 1, "member name");
}

/// §6: `int = zero / ( digit1-9 *DIGIT )` — no leading zeros; no `+` sign; digits on both sides of `.`; at least
/// one exponent digit; "Numeric values that cannot be represented in the grammar below (such as Infinity and
/// NaN) are not permitted".
#[test]
fn malformed_numbers_are_rejected() {
    rejected_at("01", 1, "invalid number");
    rejected_at("[-01]", 3, "invalid number");
    rejected_at("[00]", 2, "invalid number");
    rejected("+1");
    rejected(".5");
    rejected("[1.]");
    rejected("[1.e5]");
    rejected("[1e]");
    rejected("[1e+]");
    rejected("[-]");
    rejected("-");
    rejected("0x10");
    rejected_at("[NaN]", 1, "NaN and Infinity");
    rejected_at("[Infinity]", 1, "NaN and Infinity");
    rejected("[-Infinity]");
}

/// §7: "A string begins and ends with quotation marks" — double ones; single quotes are not JSON.
#[test]
fn single_quotes_are_rejected() {
    rejected_at("{'a': 1}", 1, "double quotes");
    rejected_at("['a']", 1, "double quotes");
    rejected_at("{a: 1}", 1, "member name in double quotes");
}

/// §7: an escape is `\` followed by one of `" \ / b f n r t` or `u` and four hex digits; nothing else.
#[test]
fn invalid_escapes_are_rejected() {
    rejected_at(r#"["\x"]"#, 3, "invalid escape");
    rejected_at(r#"["\'"]"#, 3, "invalid escape");
    rejected_at(r#"["\U0041"]"#, 3, "invalid escape");
    rejected(r#"["\u12G4"]"#);
    rejected(r#"["\u12"]"#);
    rejected(r#"{"k\q": 1}"#);
}

/// §7 allows `\uXXXX` surrogate escapes only as UTF-16 pairs to stand for one character; §8.2 notes that an
/// unpaired surrogate makes the string's meaning unpredictable, so one is an error here (the text must be valid
/// Unicode for names and values to compare reliably).
#[test]
fn lone_surrogates_are_rejected() {
    for text in [
        r#"["\ud800"]"#,
        r#"["\udc00"]"#,
        r#"["\ud800x"]"#,
        r#"["\ud800\n"]"#,
        r#"["\ud800\u0041"]"#,
        r#"["\ude00\ud83d"]"#,
        r#"{"\udfff": 1}"#,
    ] {
        let d = rejected(text);
        assert!(
            d.message.contains("surrogate") || d.message.contains("escape"),
            "{text:?}: {}",
            d.message
        );
    }
}

/// §7: "All Unicode characters may be placed within the quotation marks, except for the characters that MUST be
/// escaped: quotation mark, reverse solidus, and the control characters (U+0000 through U+001F)."
#[test]
fn raw_control_characters_in_strings_are_rejected() {
    for c in (0u8..0x20).map(char::from) {
        let text = format!("[\"a{c}b\"]");
        rejected_at(&text, 3, "control character");
        let key = format!("{{\"a{c}\": 1}}");
        rejected_at(&key, 3, "control character");
    }
    // U+007F and above are not control characters in JSON's sense.
    assert_eq!(ok("\"\u{7f}\u{80}\"").as_str(), Some("\u{7f}\u{80}"));
}

/// §7: a string ends with a quotation mark; one that runs to the end of the text is reported from its opening
/// quote to the end.
#[test]
fn unterminated_strings_are_rejected_from_their_opening_quote() {
    let d = rejected_at("{\"a\": \"xyz", 6, "string is not closed");
    assert_eq!(d.span, Some(Span::new(6, 10)));
    rejected_at("{\"ab", 1, "string is not closed");
    rejected_at("[\"abc\\u12", 1, "string is not closed");
    rejected_at("[\"abc\\", 1, "string is not closed");
}

/// §4, §5: objects and arrays are closed by `}` and `]`; an unclosed one is reported from its opening bracket.
#[test]
fn unclosed_arrays_and_objects_are_rejected_from_their_opening_bracket() {
    let d = rejected_at("{\"a\": [1, 2", 6, "array is not closed");
    assert_eq!(d.span, Some(Span::new(6, 11)));
    rejected_at("{\"a\": {\"b\": 1}", 0, "object is not closed");
    rejected_at("[", 0, "array is not closed");
    rejected_at("{", 0, "object is not closed");
    rejected("{\"a\"");
    rejected("{\"a\":");
    rejected("[1,");
}

/// §2: `JSON-text = ws value ws` — exactly one value; anything after it is an error, placed where it starts.
#[test]
fn trailing_text_after_the_value_is_rejected() {
    rejected_at("{} x", 3, "after the JSON value");
    rejected_at("1 2", 2, "after the JSON value");
    rejected_at("{}{}", 2, "after the JSON value");
    rejected_at("nulll", 4, "after the JSON value");
    rejected_at("\"a\"\"b\"", 3, "after the JSON value");
}

/// §4: members are `string name-separator value`, separated by value separators; §5 likewise for elements.
#[test]
fn missing_separators_are_rejected_where_they_were_due() {
    rejected_at("{\"a\" 1}", 5, "expected `:`");
    rejected_at("{\"a\": 1 \"b\": 2}", 8, "expected `,` or `}`");
    rejected_at("[1 2]", 3, "expected `,` or `]`");
    rejected_at("[tru]", 4, "expected `true`, `false` or `null`");
}

/// §2: white space is only space, horizontal tab, line feed and carriage return; §8.1: a byte order mark is not
/// part of JSON text (implementations "MUST NOT add" one), so it is not skipped either.
#[test]
fn other_white_space_and_byte_order_marks_are_rejected() {
    rejected_at("\u{a0}{}", 0, "U+00A0 is not JSON white space");
    rejected_at("{}\u{c}", 2, "U+000C is not JSON white space");
    rejected_at("[1,\u{2028}2]", 3, "U+2028 is not JSON white space");
    let d = rejected("\u{feff}{}");
    assert_eq!(d.span, Some(Span::new(0, 3)));
}

/// §9: "An implementation may set limits on the maximum depth of nesting." Up to `MAX_DEPTH` nested arrays and
/// objects are read; one more is reported at the bracket that goes too deep, and much deeper input does not
/// overflow the stack.
#[test]
fn nesting_is_limited_without_overflowing_the_stack() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    ok(&deep(MAX_DEPTH));
    rejected_at(&deep(MAX_DEPTH + 1), MAX_DEPTH, "nest more than 128");
    let objects = format!("{}1{}", "{\"a\":".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
    ok(&objects);
    let objects = format!(
        "{}1{}",
        "{\"a\":".repeat(MAX_DEPTH + 1),
        "}".repeat(MAX_DEPTH + 1)
    );
    rejected_at(&objects, MAX_DEPTH * 5, "nest more than 128");
    rejected(&"[".repeat(1_000_000));
    rejected(&"{\"a\":[".repeat(200_000));
}

/// A syntax error inside a policy document is located by line and column (the CLI and the editor show this).
#[test]
fn errors_are_located_by_line_and_column() {
    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [1,]\n}";
    let d = rejected(text).locate(
        iam_engine::Source::Policy(iam_engine::PolicyId::from_text("identity/P")),
        text,
    );
    let loc = d.location.unwrap();
    assert_eq!((loc.line, loc.column), (3, 18));
}

/// Values the reader must round-trip: serde_json trees with awkward strings and names, and numbers that
/// serde_json itself reads back exactly.
/// Members stay in the order they were written, which is how a policy pasted with `Version` first keeps it first.
#[test]
fn pretty_printing_keeps_member_order_and_numbers_as_written() {
    let node = ok(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "N": 1.50, "E": [], "O": {}}]}"#,
    );
    assert_eq!(
        node.to_pretty_string(),
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"N\": 1.50,\n      \"E\": [],\n      \"O\": {}\n    }\n  ]\n}"
    );
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let number = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite and read back exactly", |f| {
                f.is_finite()
                    && serde_json::to_string(f)
                        .ok()
                        .and_then(|t| serde_json::from_str::<f64>(&t).ok())
                        == Some(*f)
            })
            .prop_map(Value::from),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        any::<String>().prop_map(Value::String),
        "[a-z\"\\\\/\u{0}-\u{1f}\u{7f}\u{e9}\u{2028}\u{1F600}]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z\"\\\\\u{1}\u{e9}\u{1F600}]{0,6}", inner), 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every node's span, read again on its own, gives the same value; every member name's span is the name written
/// as a JSON string.
fn check_spans(text: &str, node: &Node) {
    let alone = ok(text_of(text, node.span));
    assert_eq!(alone.to_value(), node.to_value());
    match &node.kind {
        NodeKind::Array(items) => items.iter().for_each(|n| check_spans(text, n)),
        NodeKind::Object(members) => {
            for m in members {
                let name = ok(text_of(text, m.name_span));
                assert_eq!(name.as_str(), Some(m.name.as_ref()));
                check_spans(text, &m.value);
            }
        }
        _ => {}
    }
}

proptest! {
    /// §4-§7: any value serde_json writes (compact or pretty) reads back to the same value, with spans that
    /// point at each value and name.
    #[test]
    fn serde_json_values_round_trip(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let node = ok(&text);
        prop_assert_eq!(node.to_value(), value.clone());
        check_spans(&text, &node);
        // Pretty-printing keeps the written member order: serde_json (without preserve_order) writes members
        // sorted, so its pretty text read back and printed again is the same text.
        let pretty_text = serde_json::to_string_pretty(&value).unwrap();
        prop_assert_eq!(ok(&pretty_text).to_pretty_string(), pretty_text);
    }

    /// No text makes the reader panic; it agrees with serde_json on what is valid JSON (serde_json is strict
    /// RFC 8259 too), and every error it reports is placed within the text.
    #[test]
    fn any_text_is_read_or_rejected_with_a_place(
        text in "[ \t\n\r\u{0}\u{1}\u{a0}{}\\[\\],:\"'\\\\/*0-9eE.+\\-tfnaulsrNIé😀]{0,24}"
    ) {
        let serde_ok = serde_json::from_str::<serde_json::Value>(&text).is_ok();
        match parse(&text) {
            Ok(node) => {
                prop_assert!(serde_ok, "{:?} read but serde_json rejects it", text);
                prop_assert_eq!(node.to_value(), serde_json::from_str::<serde_json::Value>(&text).unwrap());
            }
            Err(d) if d.message == "the document is empty" => prop_assert!(text.trim().is_empty()),
            Err(_) => {
                prop_assert!(!serde_ok, "{:?} rejected but serde_json reads it", text);
                rejected(&text);
            }
        }
    }
}
