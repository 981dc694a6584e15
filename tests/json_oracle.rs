//! Differential tests: our JSON reader against serde_json. Both must accept
//! and refuse the same texts, and read the same values.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use ferrojwt::__internal::json::{parse, walk_object, Value};
use proptest::prelude::*;

fn same(ours: &Value<'_>, theirs: &serde_json::Value) -> bool {
    match (ours, theirs) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (Value::Number(a), serde_json::Value::Number(b)) => {
            let b = b.as_f64().unwrap();
            a == &b || ((a - b) / b).abs() < 1e-15
        }
        (Value::String(a), serde_json::Value::String(b)) => a == b,
        (Value::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), serde_json::Value::Object(b)) => {
            // serde_json keeps the last of repeated names (the generic reader
            // keeps all; `walk_object` refuses them, checked below).
            let distinct = a
                .iter()
                .enumerate()
                .filter(|(i, (k, _))| !a[i + 1..].iter().any(|(k2, _)| k2 == k))
                .count();
            distinct == b.len()
                && b.iter().all(|(k, w)| {
                    a.iter()
                        .rev()
                        .find(|(k2, _)| k2 == k)
                        .is_some_and(|(_, v)| same(v, w))
                })
        }
        _ => false,
    }
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let ours = parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    prop_assert_eq!(
        ours.is_some(),
        theirs.is_ok(),
        "acceptance differs for {:?}: {:?}",
        text,
        theirs.as_ref().err()
    );
    if let (Some(o), Ok(t)) = (&ours, &theirs) {
        prop_assert!(same(o, t), "values differ for {:?}", text);
    }
    // The object walk accepts exactly the objects whose names are unique
    // (where serde_json's map is as long as our member list).
    let walked = walk_object(text, &|_| false);
    let unique_object = match (&ours, &theirs) {
        (Some(Value::Object(m)), Ok(serde_json::Value::Object(map))) => m.len() == map.len(),
        _ => false,
    };
    prop_assert_eq!(
        walked.is_some(),
        unique_object,
        "walk_object disagrees for {:?}",
        text
    );
    Ok(())
}

fn json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,20})?([eE][+-]?[0-9]{1,3})?",
        "\"([a-zA-Z0-9 é😀]|\\\\[\"\\\\/bfnrt]|\\\\u[0-9a-fA-F]{4})*\"",
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|v| format!("[{}]", v.join(","))),
            prop::collection::vec(("[a-c]{1,2}", inner), 0..6).prop_map(|v| {
                let m: Vec<String> = v
                    .into_iter()
                    .map(|(k, x)| format!("\"{k}\" : {x}"))
                    .collect();
                format!("{{ {} }}", m.join(" ,\n"))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn valid_json_reads_the_same(text in json()) {
        check(&text)?;
    }

    #[test]
    fn mutated_json_is_judged_the_same(text in json(), at in any::<prop::sample::Index>(), byte in prop::sample::select(b"{}[],:\"\\0123456789.eE+-tfnu \x01\x7f".to_vec()), op in 0u8..3) {
        let mut bytes = text.into_bytes();
        let i = at.index(bytes.len() + 1);
        match op {
            0 => bytes.insert(i, byte),
            1 if i < bytes.len() => { bytes.remove(i); }
            _ if i < bytes.len() => bytes[i] = byte,
            _ => bytes.push(byte),
        }
        if let Ok(text) = String::from_utf8(bytes) {
            check(&text)?;
        }
    }

    #[test]
    fn arbitrary_text_is_judged_the_same(text in "[ -~\n\t]{0,40}") {
        check(&text)?;
    }
}

#[test]
fn edge_cases_agree() {
    for text in [
        "0",
        "-0",
        "1e308",
        "1e309",
        "-1e309",
        "1e-400",
        "123456789012345678901234567890",
        "0.1",
        "[1.7976931348623157e308]",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\ud83d\\u0041\"",
        "\"\u{7f}\"",
        " \t\n\r1 ",
        "\u{feff}1",
        "1 2",
        "{\"a\":1,\"a\":2}",
        "[]",
        "{}",
        "[[]]",
        "\"\\u0000\"",
    ] {
        check(text).unwrap();
    }
}
