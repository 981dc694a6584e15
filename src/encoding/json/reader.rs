//! The reader: a cursor over the text that checks every byte and builds
//! values only where asked.

use alloc::borrow::Cow;
use alloc::{string::String, vec::Vec};

use super::{Value, MAX_DEPTH, MAX_MEMBERS};

/// A cursor over the input. Every method returns `None` on invalid JSON.
pub(super) struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Reader {
            text,
            at: 0,
            depth: 0,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    pub(super) fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    pub(super) fn require_byte(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    pub(super) fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Only whitespace may follow the value.
    pub(super) fn end(&mut self) -> Option<()> {
        self.ws();
        (self.at == self.text.len()).then_some(())
    }

    pub(super) fn literal(&mut self, word: &[u8]) -> Option<()> {
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
    pub(super) fn value(&mut self, build: bool) -> Option<Value<'a>> {
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

    pub(super) fn nested(&mut self, body: impl FnOnce(&mut Self) -> Option<()>) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        body(self)?;
        self.depth -= 1;
        Some(())
    }

    /// After `{`: `"name": value` pairs up to and including `}`.
    pub(super) fn members(
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
    pub(super) fn elements(&mut self, mut each: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
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
    pub(super) fn string(&mut self, build: bool) -> Option<Cow<'a, str>> {
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
    pub(super) fn escape(&mut self) -> Option<char> {
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

    pub(super) fn hex4(&mut self) -> Option<u32> {
        let mut v = 0;
        for _ in 0..4 {
            v = v * 16 + char::from(self.next()?).to_digit(16)?;
        }
        Some(v)
    }

    /// RFC 8259 numbers: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    pub(super) fn number(&mut self, build: bool) -> Option<f64> {
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
