//! The little JSON the core needs: a strict RFC 8259 reader with a borrowed
//! value type for the few members we read, and a walk over a top-level object
//! that checks and skips every member we do not read without building it.
//!
//! Why not serde_json: measured with twiggy, its deserializer and our visitors
//! were about 20 KB of the wasm (a third of the size budget) for a job this
//! narrow. The reader is tested against serde_json as an oracle
//! (`tests/json_oracle.rs`): both accept and refuse the same texts and read
//! the same values.

use alloc::borrow::Cow;
use alloc::{string::String, vec, vec::Vec};

/// A JSON value whose strings borrow from the input when they can.
#[derive(Clone, Debug, PartialEq)]
pub enum Value<'a> {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// Any number, as JavaScript sees it.
    Number(f64),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object, members in input order.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The member `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A string or an array of strings, as a list (`aud`, `issuer`, ...).
    pub fn as_str_list(&self) -> Option<Vec<&str>> {
        match self {
            Value::String(s) => Some(vec![s]),
            Value::Array(items) => items.iter().map(Value::as_str).collect(),
            _ => None,
        }
    }
}

/// Writes `s` as a JSON string literal.
pub fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let b = c as u32 as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX.get(b >> 4).copied().unwrap_or(b'0')));
                out.push(char::from(HEX.get(b & 15).copied().unwrap_or(b'0')));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a whole number of seconds (the only numbers the library writes;
/// everything else is copied from JSON the caller produced).
pub fn write_number(n: f64, out: &mut String) {
    write_int(n as i64, out);
}

/// Writes an integer without `core::fmt`.
pub fn write_int(n: i64, out: &mut String) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    if n < 0 {
        out.push('-');
    }
    for &b in buf.get(i..).unwrap_or(&[]) {
        out.push(char::from(b));
    }
}

/// Nesting deeper than this is refused (as serde_json does), so hostile
/// input cannot exhaust the wasm stack.
pub const MAX_DEPTH: u32 = 128;

/// No object may have more members than this: a claims set, header or JWK
/// with more is hostile, and refusing it keeps the work per token small
/// whatever the length limit is set to.
pub const MAX_MEMBERS: usize = 1000;

/// Parses any JSON text into a [`Value`].
pub fn parse(text: &str) -> Option<Value<'_>> {
    let mut p = Reader::new(text);
    let value = p.value(true)?;
    p.end()?;
    Some(value)
}

/// One top-level member seen by [`walk_object`].
pub struct Member<'a> {
    /// The member's name, unescaped.
    pub name: Cow<'a, str>,
    /// Its value, when the caller asked for it.
    pub value: Option<Value<'a>>,
}

/// Walks a JSON text that must be one object. `wanted` says, per member name,
/// whether to build its value; the rest are checked and skipped. Fails on
/// invalid JSON, a non-object, or a repeated member name (RFC 7515 4 and
/// RFC 7519 4 let us refuse those, and refusing closes the gap where we would
/// validate one value while `JSON.parse` hands the app another).
pub fn walk_object<'a>(text: &'a str, wanted: &dyn Fn(&str) -> bool) -> Option<Vec<Member<'a>>> {
    let mut p = Reader::new(text);
    p.ws();
    p.require_byte(b'{')?;
    let mut members = Vec::with_capacity(16);
    p.members(|p, name| {
        let value = if wanted(&name) {
            Some(p.value(true)?)
        } else {
            p.value(false)?;
            None
        };
        members.push(Member { name, value });
        Some(())
    })?;
    p.end()?;
    if has_duplicates(&members) {
        return None;
    }
    Some(members)
}

fn has_duplicates(members: &[Member<'_>]) -> bool {
    if members.len() < 16 {
        return members
            .iter()
            .enumerate()
            .any(|(i, m)| members.iter().skip(i + 1).any(|o| o.name == m.name));
    }
    let mut names: Vec<&str> = members.iter().map(|m| m.name.as_ref()).collect();
    names.sort_unstable();
    names.windows(2).any(|w| w.first() == w.get(1))
}

/// A cursor over the input. Every method returns `None` on invalid JSON.
struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            text,
            at: 0,
            depth: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn require_byte(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Only whitespace may follow the value.
    fn end(&mut self) -> Option<()> {
        self.ws();
        (self.at == self.text.len()).then_some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let rest = self.text.as_bytes().get(self.at..)?;
        if rest.starts_with(word) {
            self.at += word.len();
            Some(())
        } else {
            None
        }
    }

    /// Reads a value; with `build` false it is only checked, and a
    /// placeholder `Null` comes back.
    fn value(&mut self, build: bool) -> Option<Value<'a>> {
        self.ws();
        match self.peek()? {
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                self.nested(|p| {
                    p.members(|p, name| {
                        let v = p.value(build)?;
                        if build {
                            members.push((name, v));
                        }
                        Some(())
                    })
                })?;
                Some(if build {
                    Value::Object(members)
                } else {
                    Value::Null
                })
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.nested(|p| {
                    p.elements(|p| {
                        let v = p.value(build)?;
                        if build {
                            items.push(v);
                        }
                        Some(())
                    })
                })?;
                Some(if build {
                    Value::Array(items)
                } else {
                    Value::Null
                })
            }
            b'"' => {
                self.at += 1;
                let s = self.string(build)?;
                Some(Value::String(s))
            }
            b't' => self.literal(b"true").map(|()| Value::Bool(true)),
            b'f' => self.literal(b"false").map(|()| Value::Bool(false)),
            b'n' => self.literal(b"null").map(|()| Value::Null),
            _ => self.number(build).map(Value::Number),
        }
    }

    fn nested(&mut self, body: impl FnOnce(&mut Self) -> Option<()>) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        body(self)?;
        self.depth -= 1;
        Some(())
    }

    /// After `{`: `"name": value` pairs up to and including `}`.
    fn members(
        &mut self,
        mut each: impl FnMut(&mut Self, Cow<'a, str>) -> Option<()>,
    ) -> Option<()> {
        self.ws();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        let mut count = 0;
        loop {
            count += 1;
            if count > MAX_MEMBERS {
                return None;
            }
            self.ws();
            self.require_byte(b'"')?;
            let name = self.string(true)?;
            self.ws();
            self.require_byte(b':')?;
            each(self, name)?;
            self.ws();
            match self.next()? {
                b',' => continue,
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    /// After `[`: values up to and including `]`.
    fn elements(&mut self, mut each: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.ws();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        loop {
            each(self)?;
            self.ws();
            match self.next()? {
                b',' => continue,
                b']' => return Some(()),
                _ => return None,
            }
        }
    }

    /// After `"`: the string's content, borrowed when it has no escapes.
    fn string(&mut self, build: bool) -> Option<Cow<'a, str>> {
        let start = self.at;
        let mut owned: Option<String> = None;
        let mut run = start; // start of the current unescaped run
        loop {
            match self.next()? {
                b'"' => {
                    let tail = self.text.get(run..self.at - 1)?;
                    return Some(match owned {
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(self.text.get(start..self.at - 1)?),
                    });
                }
                b'\\' => {
                    let before = self.text.get(run..self.at - 1)?;
                    let c = self.escape()?;
                    if build {
                        let s = owned.get_or_insert_with(String::new);
                        s.push_str(before);
                        s.push(c);
                    } else {
                        owned.get_or_insert_with(String::new);
                    }
                    run = self.at;
                }
                0..=0x1f => return None,
                _ => {}
            }
        }
    }

    /// After `\`: one escape (a surrogate pair counts as one).
    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                match hi {
                    0xd800..=0xdbff => {
                        // A lone surrogate is not a character: refused, as serde_json does.
                        self.require_byte(b'\\')?;
                        self.require_byte(b'u')?;
                        let lo = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&lo) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00))?
                    }
                    _ => char::from_u32(hi)?,
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16 + char::from(self.next()?).to_digit(16)?;
        }
        Some(v)
    }

    /// RFC 8259 numbers: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self, build: bool) -> Option<f64> {
        let negative = self.peek()? == b'-';
        if negative {
            self.at += 1;
        }
        let mut mantissa: u64 = 0;
        let mut dropped: i32 = 0; // digits beyond u64 precision, as a power of ten
        let mut digit = |m: &mut u64, d: u8, after_point: bool| {
            if *m < 1_000_000_000_000_000_000 {
                *m = *m * 10 + u64::from(d);
                if after_point {
                    dropped -= 1;
                }
            } else if !after_point {
                dropped += 1;
            }
        };
        match self.next()? {
            b'0' => {}
            d @ b'1'..=b'9' => {
                digit(&mut mantissa, d - b'0', false);
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    self.at += 1;
                    digit(&mut mantissa, d - b'0', false);
                }
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            let mut any = false;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                self.at += 1;
                any = true;
                digit(&mut mantissa, d - b'0', true);
            }
            any.then_some(())?;
        }
        let mut exponent: i32 = 0;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            let sign = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    -1
                }
                Some(b'+') => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let mut any = false;
            while let Some(d @ b'0'..=b'9') = self.peek() {
                self.at += 1;
                any = true;
                exponent = exponent
                    .saturating_mul(10)
                    .saturating_add(i32::from(d - b'0'));
            }
            any.then_some(())?;
            exponent *= sign;
        }
        if !build && exponent == 0 && dropped == 0 {
            // Fewer than 20 digits and no exponent: finite, nothing to check.
            return Some(0.0);
        }
        // Skipped or not, a number that overflows is refused everywhere.
        let value = scale(mantissa, exponent.saturating_add(dropped))?;
        Some(if negative { -value } else { value })
    }
}

/// `mantissa * 10^exp` as an f64. Exact (correctly rounded) whenever the
/// mantissa fits in 53 bits and |exp| <= 22, which covers every integer
/// claim and every short decimal; otherwise within an ulp or two (a JWT
/// never needs more). Overflow is refused, as serde_json refuses it.
fn scale(mantissa: u64, exp: i32) -> Option<f64> {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let mut value = mantissa as f64;
    if mantissa == 0 {
        return Some(0.0);
    }
    let mut e = exp;
    // Stop as soon as the value saturates: `1e2147483647` must not loop.
    while e > 22 {
        value *= 1e22;
        e -= 22;
        if value.is_infinite() {
            return None;
        }
    }
    while e < -22 {
        value /= 1e22;
        e += 22;
        if value == 0.0 {
            return Some(0.0);
        }
    }
    let p = POW10.get(e.unsigned_abs() as usize).copied()?;
    value = if e >= 0 { value * p } else { value / p };
    value.is_finite().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let v = parse(
            r#"[0,1,-7,1.5,2.5e3,1E2,-1e-2,1700000000,"\u00e9\ud83d\ude00\n\/",true,null,{}]"#,
        )
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
}
