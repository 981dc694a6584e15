//! The little JSON the core needs, on top of serde_json: a borrowed value type
//! for the few members we read, and a walk over a top-level object that skips
//! every member we do not read without building it.
//!
//! We avoid `serde_json::Value` on purpose: it drags in maps, formatting and a
//! second copy of every string, which costs wasm size and time on the hot path.

use alloc::borrow::Cow;
use alloc::{borrow::ToOwned, string::String, vec, vec::Vec};
use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

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

/// Parses any JSON text into a [`Value`].
pub fn parse(text: &str) -> Option<Value<'_>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Value::deserialize(&mut de).ok()?;
    de.end().ok()?;
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
    let mut de = serde_json::Deserializer::from_str(text);
    let members = ObjectSeed { wanted }.deserialize(&mut de).ok()?;
    de.end().ok()?;
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

struct ObjectSeed<'w> {
    wanted: &'w dyn Fn(&str) -> bool,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Vec<Member<'de>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        // `deserialize_any` on purpose: serde_json's typed entry points report a
        // mismatch through `invalid_type`, whose message formatting links in
        // float printing (about 15 KB of wasm).
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Vec<Member<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(not_an_object())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(not_an_object())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(Name(name)) = map.next_key::<Name<'de>>()? {
            let value = if (self.wanted)(&name) {
                Some(map.next_value::<Value<'de>>()?)
            } else {
                map.next_value::<IgnoredAny>()?;
                None
            };
            members.push(Member { name, value });
        }
        Ok(members)
    }
}

fn not_an_object<E: de::Error>() -> E {
    E::custom("not an object")
}

/// A member name: borrowed unless it holds escapes.
struct Name<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor).and_then(|v| match v {
            Value::String(s) => Ok(Name(s)),
            _ => Err(de::Error::custom("member name")),
        })
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Value::Number(v))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Value::String(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value<'de>>()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::new();
        while let Some(Name(name)) = map.next_key::<Name<'de>>()? {
            members.push((name, map.next_value::<Value<'de>>()?));
        }
        Ok(Value::Object(members))
    }
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
