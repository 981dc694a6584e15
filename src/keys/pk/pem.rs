//! PEM framing (RFC 7468): one `-----BEGIN label-----` block, its base64
//! body decoded in constant time (`base64ct`: the body may be a private key).
//! Whitespace around and inside the body is tolerated, as keys pasted from
//! consoles and environment variables arrive with every kind of line break.

use alloc::{string::String, vec::Vec};
use base64ct::{Base64, Encoding};
use zeroize::Zeroizing;

use crate::error::{JwtError, Result};

/// The key formats we read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Label {
    /// SPKI (RFC 5280): RSA, EC or Ed25519.
    Spki,
    /// Unencrypted PKCS#8 (RFC 5208 / 5958).
    Pkcs8,
    /// PKCS#1 RSAPublicKey.
    Pkcs1Public,
    /// PKCS#1 RSAPrivateKey.
    Pkcs1Private,
    /// SEC1 ECPrivateKey (RFC 5915).
    Sec1,
}

/// One decoded PEM block.
pub struct Block {
    pub label: Label,
    pub der: Zeroizing<Vec<u8>>,
}

impl Block {
    /// Parses the first PEM block in `text`.
    pub fn parse(text: &str) -> Result<Block> {
        let bad = |why: &str| JwtError::key(["the PEM key is malformed: ", why].concat());
        let (_, rest) = split_once(text, "-----BEGIN ").ok_or_else(|| bad("no BEGIN line"))?;
        let (name, rest) =
            split_once(rest, "-----").ok_or_else(|| bad("no end of the BEGIN line"))?;
        let end = ["-----END ", name, "-----"].concat();
        let (body, _) = split_once(rest, &end).ok_or_else(|| bad("no matching END line"))?;
        let label = match name {
            "PUBLIC KEY" => Label::Spki,
            "PRIVATE KEY" => Label::Pkcs8,
            "RSA PUBLIC KEY" => Label::Pkcs1Public,
            "RSA PRIVATE KEY" => Label::Pkcs1Private,
            "EC PRIVATE KEY" => Label::Sec1,
            "ENCRYPTED PRIVATE KEY" => {
                return Err(JwtError::key(
                    "encrypted PEM keys are not supported: decrypt it first \
                     (openssl pkcs8 -in key.pem -nocrypt -topk8)",
                ))
            }
            "CERTIFICATE" => {
                return Err(JwtError::key(
                    "a certificate is not a key: give its public key \
                     (openssl x509 -in cert.pem -pubkey -noout)",
                ))
            }
            _ => return Err(bad("unknown label")),
        };
        if body.contains(':') {
            return Err(bad(
                "PEM headers (e.g. Proc-Type) mean an encrypted legacy key",
            ));
        }
        let compact: Zeroizing<String> =
            Zeroizing::new(body.chars().filter(|c| !c.is_ascii_whitespace()).collect());
        let der = Base64::decode_vec(&compact).map_err(|_| bad("the body is not base64"))?;
        Ok(Block {
            label,
            der: Zeroizing::new(der),
        })
    }
}

/// `str::split_once` by byte search: the two-way searcher behind
/// `str::find` is large in wasm and these texts are short.
fn split_once<'a>(text: &'a str, pat: &str) -> Option<(&'a str, &'a str)> {
    let at = text
        .as_bytes()
        .windows(pat.len())
        .position(|w| w == pat.as_bytes())?;
    Some((text.get(..at)?, text.get(at + pat.len()..)?))
}
