//! What an HMAC secret may never be: public-key material, in any of the
//! forms people hold it in. Verifying an HS256 token with an RSA public key
//! as the "secret" is the classic key-confusion forgery (RFC 8725 2.1): the
//! public key is public, so anyone can MAC with it. A PEM block in upper case
//! never gets here (it is read as a key, or refused, by `Key::from_text`);
//! this module catches what slips past that: the armour in another case, PEM
//! as bytes (what `readFileSync` returns), a JWK or JWK set as JSON text, an
//! OpenSSH public-key line, and DER keys, bare or in base64.
//!
//! The tests are structural, not heuristic: DER must parse as one of the key
//! or certificate shapes exactly to its last byte, and an OpenSSH blob must
//! name its own key type, so a random secret is refused with odds far below
//! 2^-40 (`tests/js/fail-closed.test.mjs` signs with thousands of ordinary
//! secrets in text, base64, hex and raw forms).

use alloc::vec::Vec;
use zeroize::Zeroizing;

use crate::encoding::json::{self, Value};
use crate::error::{JwtError, Result};

/// How the caller handed the secret over (only the advice differs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// A string.
    Text,
    /// Bytes (or an oct JWK's `k`).
    Bytes,
}

/// Where a real key belongs, in the build that verifies with public JWKs
/// only.
const ELSEWHERE: &str = if cfg!(feature = "public-key") {
    ""
} else {
    "; this build takes public RSA and EC keys as JWK objects, ferrojwt/full every form"
};

/// `Ok` when `bytes` may be an HMAC secret; `ERR_JWK_INVALID` saying how to
/// pass the key instead when they are public-key material.
pub fn check(bytes: &[u8], form: Form) -> Result<()> {
    let why = if has_armour(bytes, b"---- begin ssh2") {
        "this is an SSH public key (RFC 4716), never an HMAC secret: convert it to PEM \
         (ssh-keygen -e -m PKCS8 -f key.pub) and pass that"
    } else if has_armour(bytes, b"-----begin") {
        match form {
            Form::Text => {
                "this is a PEM key with its armour not in upper case (RFC 7468 writes \
                 -----BEGIN PUBLIC KEY-----); a key is never an HMAC secret: pass the PEM as written"
            }
            Form::Bytes => {
                "these bytes are a PEM key, never an HMAC secret: pass the PEM as text \
                 (a string), not as bytes"
            }
        }
    } else if is_jwk_text(bytes) {
        "this is a JWK (or JWK set) as JSON text, never an HMAC secret: pass the parsed JWK \
         object instead"
    } else if holds_openssh_key(bytes) {
        "this holds an OpenSSH public key, never an HMAC secret: convert it to PEM \
         (ssh-keygen -e -m PKCS8 -f key.pub) and pass that"
    } else if is_der_key(bytes) {
        "these bytes are a DER key or certificate, never an HMAC secret: pass it as PEM text"
    } else if is_encoded_der_key(bytes) {
        "this is a DER key (SPKI, PKCS#1, PKCS#8, SEC1 or a certificate) in base64 or hex \
         without its PEM armour, never an HMAC secret: pass it as PEM (-----BEGIN PUBLIC KEY----- ...)"
    } else if form == Form::Text && bytes.windows(3).any(|w| w == "\u{fffd}".as_bytes()) {
        // What reading binary (a DER key, random bytes) as UTF-8 leaves:
        // the bytes it replaced are lost, and the secret with them.
        "this text holds U+FFFD replacement characters, the trace of binary data read as \
         UTF-8 (a DER key?): pass the bytes themselves"
    } else {
        return Ok(());
    };
    Err(JwtError::key([why, ELSEWHERE].concat()))
}

/// `armour` (lower case) anywhere in `bytes`, in any letter case.
fn has_armour(bytes: &[u8], armour: &[u8]) -> bool {
    bytes
        .windows(armour.len())
        .any(|w| w.eq_ignore_ascii_case(armour))
}

/// `bytes` without a leading byte-order mark, and without ASCII whitespace
/// or no-break spaces around them (text pasted from documents has them).
fn trimmed(bytes: &[u8]) -> &[u8] {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    const NBSP: &[u8] = "\u{a0}".as_bytes();
    let mut b = bytes;
    loop {
        let next = b
            .strip_prefix(BOM)
            .or_else(|| b.strip_prefix(NBSP))
            .or_else(|| b.strip_suffix(NBSP))
            .unwrap_or(b)
            .trim_ascii();
        if next.len() == b.len() {
            return b;
        }
        b = next;
    }
}

/// JSON text that is, or holds, a JWK (an object with `kty`) or a JWK set
/// (`keys`): an array of them, or a JSON string of such text (JSON encoded
/// twice).
fn is_jwk_text(bytes: &[u8]) -> bool {
    let text = trimmed(bytes);
    if !matches!(text.first(), Some(b'{' | b'[' | b'"')) {
        return false;
    }
    core::str::from_utf8(text)
        .ok()
        .and_then(json::parse)
        .is_some_and(|v| mentions_jwk(&v, 2))
}

fn mentions_jwk(value: &Value<'_>, strings: u8) -> bool {
    match value {
        Value::Object(_) => value.get("kty").is_some() || value.get("keys").is_some(),
        Value::Array(items) => items.iter().any(|v| mentions_jwk(v, strings)),
        Value::String(s) if strings > 0 => {
            json::parse(s).is_some_and(|v| mentions_jwk(&v, strings - 1))
        }
        _ => false,
    }
}

/// Any word that is the base64 blob of an OpenSSH public key, which starts
/// with the SSH string naming its type (RFC 4253 6.6): a key line with or
/// without options before it (authorized_keys) or a host before it
/// (known_hosts), tabs, comments, several lines, or the bare blob.
fn holds_openssh_key(bytes: &[u8]) -> bool {
    bytes
        .split(|b| b.is_ascii_whitespace())
        .filter(|word| word.len() >= 20 && word.starts_with(b"AAAA"))
        .any(|word| {
            let Some(blob) = base64_lenient(word) else {
                return false;
            };
            let Some((len, rest)) = blob.split_first_chunk::<4>() else {
                return false;
            };
            let len = u32::from_be_bytes(*len) as usize;
            (7..=64).contains(&len)
                && rest.get(..len).is_some_and(|kind| {
                    [&b"ssh-"[..], b"ecdsa-", b"sk-"]
                        .iter()
                        .any(|prefix| kind.starts_with(prefix))
                })
        })
}

/// Base64 (either alphabet, padding and line breaks allowed) or hex (with
/// spaces or colons allowed) text of a DER key.
fn is_encoded_der_key(bytes: &[u8]) -> bool {
    let text = trimmed(bytes);
    // The smallest DER key we would miss otherwise, an Ed25519 SPKI, is 44
    // bytes: 60 base64 characters, 88 hex digits.
    text.len() >= 60
        && (base64_lenient(text).is_some_and(|der| is_der_key(&der))
            || hex_lenient(text).is_some_and(|der| is_der_key(&der)))
}

/// Hex digits in pairs, ASCII whitespace and colons skipped; `None` for any
/// other character or an odd count. The result may be a private key: wiped.
fn hex_lenient(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() / 2));
    let mut high: Option<u8> = None;
    for &c in text {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            b':' => continue,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        match high.take() {
            None => high = Some(v),
            Some(h) => out.push((h << 4) | v),
        }
    }
    high.is_none().then_some(out)
}

/// One DER tag-length-value: `(tag, contents, rest)`.
fn tlv(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let (len, rest) = rest.split_at_checked(usize::from(first & 0x7f))?;
        if len.is_empty() || len.len() > 3 {
            return None; // indefinite, or longer than any key
        }
        (len.iter().fold(0, |n, b| (n << 8) | usize::from(*b)), rest)
    };
    let (contents, rest) = rest.split_at_checked(len)?;
    Some((tag, contents, rest))
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;

/// A DER SEQUENCE, exactly the whole input, shaped as SPKI, PKCS#1 (public
/// or private), PKCS#8, SEC1 or an X.509 certificate.
fn is_der_key(bytes: &[u8]) -> bool {
    let Some((SEQUENCE, mut contents, [])) = tlv(bytes) else {
        return false;
    };
    let mut items: Vec<(u8, &[u8])> = Vec::new();
    while !contents.is_empty() {
        let Some((tag, inner, rest)) = tlv(contents) else {
            return false;
        };
        if items.len() == 16 {
            return false;
        }
        items.push((tag, inner));
        contents = rest;
    }
    let algorithm_id = |c: &[u8]| c.first() == Some(&OID);
    match items.as_slice() {
        // SPKI: AlgorithmIdentifier, subjectPublicKey.
        [(SEQUENCE, alg), (BIT_STRING, _)] => algorithm_id(alg),
        // Certificate: tbsCertificate, signatureAlgorithm, signature.
        [(SEQUENCE, _), (SEQUENCE, alg), (BIT_STRING, _)] => algorithm_id(alg),
        // PKCS#8: version, AlgorithmIdentifier, privateKey, ...
        [(INTEGER, _), (SEQUENCE, alg), (OCTET_STRING, _), ..] => algorithm_id(alg),
        // SEC1 ECPrivateKey: version 1, privateKey, ...
        [(INTEGER, [1]), (OCTET_STRING, _), ..] => true,
        // PKCS#1: (n, e), or (version, n, e, d, p, q, dp, dq, qi).
        items => items.len() >= 2 && items.iter().all(|(tag, _)| *tag == INTEGER),
    }
}

/// Base64 in either alphabet, ASCII whitespace skipped, padding optional;
/// `None` for any other character. The result may be a private key: wiped.
fn base64_lenient(text: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() / 4 * 3));
    let (mut acc, mut bits, mut padding) = (0u32, 0u32, false);
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                padding = true;
                continue;
            }
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        if padding {
            return None; // data after padding
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_shapes() {
        // SEQUENCE { SEQUENCE { OID 1.2 }, BIT STRING 00 }
        assert!(is_der_key(&[
            0x30, 0x07, 0x30, 0x03, 0x06, 0x01, 0x2a, 0x03, 0x00
        ]));
        // SEQUENCE { INTEGER 5, INTEGER 3 }
        assert!(is_der_key(&[
            0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03
        ]));
        // A trailing byte, a short length, a lone INTEGER: not keys.
        assert!(!is_der_key(&[
            0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03, 0x00
        ]));
        assert!(!is_der_key(&[
            0x30, 0x07, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03
        ]));
        assert!(!is_der_key(&[0x30, 0x03, 0x02, 0x01, 0x05]));
        assert!(!is_der_key(&[0x30, 0x80, 0x00, 0x00]));
        assert!(!is_der_key(&[]));
    }

    #[test]
    fn lenient_base64() {
        assert_eq!(
            base64_lenient(b"aGk=").as_deref().map(Vec::as_slice),
            Some(&b"hi"[..])
        );
        assert_eq!(
            base64_lenient(b"a G\nk").as_deref().map(Vec::as_slice),
            Some(&b"hi"[..])
        );
        assert!(base64_lenient(b"aG=k").is_none());
        assert!(base64_lenient(b"a.k").is_none());
    }

    #[test]
    fn ordinary_secrets_pass() {
        for s in [
            &b"a-shared-secret-that-is-32-bytes"[..],
            b"{\"not\":\"a jwk\"}",
            b"ssh-rsa but not a key",
            b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(check(s, Form::Text).is_ok());
            assert!(check(s, Form::Bytes).is_ok());
        }
        assert!(check(b"-----begin x", Form::Text).is_err());
        assert!(check(b"\xef\xbb\xbf {\"kty\":\"RSA\"}", Form::Text).is_err());
        assert!(check(b"[{\"kty\":\"RSA\"}]", Form::Text).is_err());
        assert!(check(b"\"{\\\"kty\\\":\\\"RSA\\\"}\"", Form::Text).is_err());
        assert!(check("0\u{fffd}\u{fffd}".as_bytes(), Form::Text).is_err());
        assert!(check("0\u{fffd}\u{fffd}".as_bytes(), Form::Bytes).is_ok());
        assert!(check(b"{\"kty\":\"oct\"}", Form::Text).is_err());
    }
}
