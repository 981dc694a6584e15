//! The reader's own cases (the oracle tests are in `tests/json_oracle.rs`).

use super::*;

#[test]
fn limits_message_states_the_constants() {
    let text = limits_message!("at most ", " members, ", " levels deep");
    assert_eq!(text, "at most 1000 members, 128 levels deep");
    assert_eq!(MAX_MEMBERS, 1000);
    assert_eq!(MAX_DEPTH, 128);
}

#[test]
fn walks_members_and_skips_unwanted() {
    let m = walk_object(r#"{"a":1,"b\u0041":[1,{"x":2}],"c":"s"}"#, &|n| n != "bA").unwrap();
    assert_eq!(m.len(), 3);
    assert_eq!(m[0].value, Some(Value::Number(1.0)));
    assert_eq!(m[1].name, "bA");
    assert!(m[1].value.is_none());
    assert_eq!(m[2].value.as_ref().and_then(Value::as_str), Some("s"));
}

#[test]
fn refuses_non_objects_duplicates_and_trailing_data() {
    assert!(walk_object("[]", &|_| true).is_none());
    assert!(walk_object("\"x\"", &|_| true).is_none());
    assert!(walk_object(r#"{"a":1,"a":2}"#, &|_| false).is_none());
    assert!(walk_object(r#"{"a":1,"\u0061":2}"#, &|_| false).is_none());
    let many: String = (0..40).map(|i| format!("\"k{i}\":1,")).collect();
    assert!(walk_object(&format!("{{{many}\"k7\":0}}"), &|_| false).is_none());
    assert!(walk_object(&format!("{{{many}\"z\":0}}"), &|_| false).is_some());
    // At the member limit, in descending order (every insertion at the
    // front), with and without a repeat of the first name at the end.
    let desc: String = (0..MAX_MEMBERS - 1)
        .rev()
        .map(|i| format!("\"m{i:04}\":1,"))
        .collect();
    assert!(walk_object(&format!("{{{desc}\"z\":0}}"), &|_| false).is_some());
    let repeat = format!("\"m{:04}\"", MAX_MEMBERS - 2);
    assert!(walk_object(&format!("{{{desc}{repeat}:0}}"), &|_| false).is_none());
    assert!(walk_object("{} x", &|_| true).is_none());
    assert!(walk_object("{\"a\":1,}", &|_| true).is_none());
    assert!(walk_object(" {} ", &|_| true).is_some());
}

#[test]
fn reads_values_exactly() {
    let v = parse(
        r#"[0,-0,1,-7,1.5,2.5e3,1E2,-1e-2,1700000000,9007199254740993,1e400,"\u00e9\ud83d\ude00\n",true,null]"#,
    );
    assert!(v.is_none(), "1e400 overflows and is refused");
    let v =
        parse(r#"[0,1,-7,1.5,2.5e3,1E2,-1e-2,1700000000,"\u00e9\ud83d\ude00\n\/",true,null,{}]"#)
            .unwrap();
    let Value::Array(items) = v else { panic!() };
    let nums: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
    assert_eq!(
        nums,
        [0.0, 1.0, -7.0, 1.5, 2500.0, 100.0, -0.01, 1_700_000_000.0]
    );
    assert_eq!(items[8].as_str(), Some("é😀\n/"));
    assert_eq!(items[11], Value::Object(Vec::new()));
}

#[test]
fn refuses_what_rfc_8259_refuses() {
    for bad in [
        "",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "+1",
        "NaN",
        "[1,]",
        "[,1]",
        "{\"a\"}",
        "{\"a\":1 \"b\":2}",
        "\"\\x\"",
        "\"\u{1}\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "tru",
        "nul",
        "[1] [2]",
        "{'a':1}",
        "\"abc",
        "[\"a\"",
    ] {
        assert!(parse(bad).is_none(), "{bad:?} must be refused");
    }
    let members = |n: usize| {
        let body: Vec<String> = (0..n).map(|i| format!("\"m{i}\":{i}")).collect();
        format!("{{{}}}", body.join(","))
    };
    assert!(parse(&members(MAX_MEMBERS)).is_some());
    assert!(
        parse(&members(MAX_MEMBERS + 1)).is_none(),
        "more than MAX_MEMBERS"
    );
    assert!(walk_object(&members(MAX_MEMBERS + 1), &|_| false).is_none());
    let deep = "[".repeat(200) + &"]".repeat(200);
    assert!(parse(&deep).is_none(), "nesting past MAX_DEPTH");
    let ok = "[".repeat(100) + &"]".repeat(100);
    assert!(parse(&ok).is_some());
}

#[test]
fn writes_integers_without_fmt() {
    for n in [0i64, 7, -7, 1_700_000_000, i64::MIN, i64::MAX] {
        let mut s = String::new();
        write_int(n, &mut s);
        assert_eq!(s, n.to_string());
    }
}
