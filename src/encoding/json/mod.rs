//! The little JSON the core needs: a strict RFC 8259 reader with a borrowed
//! value type for the few members we read, and a walk over a top-level object
//! that checks and skips every member we do not read without building it.
//!
//! Why not serde_json: measured with twiggy, its deserializer and our visitors
//! were about 20 KB of the wasm (a third of the size budget) for a job this
//! narrow. The reader is tested against serde_json as an oracle
//! (`tests/json_oracle.rs`): both accept and refuse the same texts and read
//! the same values.

pub(crate) mod limits;
mod reader;
#[cfg(test)]
mod tests;

use alloc::borrow::Cow;
use alloc::{string::String, vec, vec::Vec};

pub(crate) use limits::limits_message;
use reader::Reader;

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
    // Insertion into a sorted list rather than `sort_unstable`: at most
    // MAX_MEMBERS names (a few microseconds of moves at worst) for 3.4 KB
    // less wasm than core's sort (measured, issue 16).
    let mut names: Vec<&str> = Vec::with_capacity(members.len());
    members
        .iter()
        .any(|m| match names.binary_search(&m.name.as_ref()) {
            Ok(_) => true,
            Err(at) => {
                names.insert(at, m.name.as_ref());
                false
            }
        })
}
