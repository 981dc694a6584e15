//! The HMAC-only build's public keys: RSA and EC public JWKs (what identity
//! providers publish), read and vetted here, verified by the platform's
//! native crypto (`node:crypto` in Node and Bun, WebCrypto elsewhere), so
//! that verifying an IdP's RS256 or ES256 token downloads no public-key
//! arithmetic. As in the full build, the core reads and vets the key (the
//! RSA gate: size, exponent, ROCA; the EC curve, coordinate lengths and
//! ranges), binds it to its algorithms, picks it by `kid` and `alg`, holds
//! the signature to its one length and checks the claims; the platform
//! checks that an EC point is on its curve, on import or (Deno's WebCrypto)
//! on its first check (the runtime program shows each refuses one that is
//! not).
//!
//! Left to `ferrojwt/full`: private keys and signing, PEM, OKP (Ed25519:
//! only the full build's strict verification refuses the forgeries that
//! small-order keys allow on OpenSSL and WebCrypto), and verifying without
//! a platform.

use alloc::{string::String, vec::Vec};

use super::{fields, rsa_gate};
use crate::encoding::json::Value;
use crate::error::{ErrorCode, JwtError, Result};
use crate::jws::alg::{Alg, Curve, Family, KeyOp};
use crate::keys::platform::{Answer, Platform};

/// Members that only a private JWK has (RFC 7518 6.2.2 and 6.3.2).
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// A public RSA or EC key, as its JWK gave it.
#[derive(Clone)]
pub enum AsymKey {
    /// RS* and PS*: the modulus and exponent, big-endian, no leading zeros.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// ES256, ES384, ES512: the affine coordinates, each the curve's size.
    Ec {
        curve: Curve,
        x: Vec<u8>,
        y: Vec<u8>,
    },
}

impl core::fmt::Debug for AsymKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            AsymKey::Rsa { .. } => "AsymKey(RSA)",
            AsymKey::Ec { .. } => "AsymKey(EC)",
        })
    }
}

fn not_here(what: &str) -> JwtError {
    JwtError::new(
        ErrorCode::NotSupported,
        [
            what,
            " (this build verifies RS*, PS* and ES* tokens with public JWKs only)",
        ]
        .concat(),
    )
}

impl AsymKey {
    /// The key of an `RSA` or `EC` JWK; `None` for any other `kty` (an
    /// `OKP` key is foreign here).
    pub fn from_jwk(kty: &str, jwk: &Value<'_>) -> Option<Result<AsymKey>> {
        let read = match kty {
            "RSA" => AsymKey::rsa,
            "EC" => AsymKey::ec,
            _ => return None,
        };
        if PRIVATE_MEMBERS.iter().any(|m| jwk.get(m).is_some()) {
            return Some(Err(not_here(
                "private keys sign in ferrojwt/full; give the public JWK to verify",
            )));
        }
        Some(read(jwk))
    }

    fn rsa(jwk: &Value<'_>) -> Result<AsymKey> {
        let n = fields::required(jwk, "n")?;
        let e = fields::required(jwk, "e")?;
        rsa_gate::check(&n, &e)?;
        Ok(AsymKey::Rsa {
            n: rsa_gate::trimmed(&n).to_vec(),
            e: rsa_gate::trimmed(&e).to_vec(),
        })
    }

    fn ec(jwk: &Value<'_>) -> Result<AsymKey> {
        let (curve, fields::EcPoint { x, y }) = fields::ec_point(jwk)?;
        // A coordinate of p or more names a point only modulo p (RustCrypto
        // refuses it in the full build; platforms differ): refused here.
        // Same-length big-endian bytes compare as the numbers do.
        let p = prime(curve);
        if x.as_slice() >= p || y.as_slice() >= p {
            return Err(JwtError::key(
                "the EC JWK's coordinates must be below its curve's prime",
            ));
        }
        Ok(AsymKey::Ec {
            curve,
            x: x.to_vec(),
            y: y.to_vec(),
        })
    }

    /// PEM is a key, never a secret; this build reads none.
    pub fn from_pem(_text: &str) -> Result<AsymKey> {
        Err(JwtError::key(
            "a PEM key is not an HMAC secret; PEM keys are read by ferrojwt/full (this build takes public keys as JWKs)",
        ))
    }

    /// Key pairs need the public-key arithmetic.
    pub fn generate(_alg: Alg, _bits: usize) -> Result<AsymKey> {
        Err(not_here("key pairs are made by ferrojwt/full"))
    }

    pub fn family(&self) -> Family {
        match self {
            AsymKey::Rsa { .. } => Family::Rsa,
            AsymKey::Ec { curve, .. } => Family::Ec(*curve),
        }
    }

    pub fn default_alg(&self) -> Alg {
        match self {
            AsymKey::Rsa { .. } => Alg::RS256,
            AsymKey::Ec { curve, .. } => curve.alg(),
        }
    }

    /// Never: private JWKs are refused on import.
    pub fn is_private(&self) -> bool {
        false
    }

    pub fn serves(&self, alg: Alg, op: KeyOp) -> bool {
        alg.family() == self.family() && op == KeyOp::Verify
    }

    /// The key, imported by `platform`, ready to verify `alg`.
    pub fn verifying(&self, alg: Alg, platform: Option<&dyn Platform>) -> Result<PkVerifying> {
        if alg.family() != self.family() {
            return Err(crate::keys::type_mismatch());
        }
        let platform = platform.ok_or_else(|| no_platform(alg))?;
        let mut jwk = String::from("{");
        self.write_jwk_members(false, &mut jwk);
        jwk.push('}');
        let handle = platform.import_key(&jwk, alg).ok_or_else(|| refused(alg))?;
        Ok(PkVerifying {
            alg,
            platform: platform.id(),
            handle,
            signature_len: match self {
                AsymKey::Rsa { n, .. } => n.len(),
                AsymKey::Ec { curve, .. } => 2 * curve.field_len(),
            },
        })
    }

    /// Never: a public key cannot sign, and this build reads no private one.
    pub fn signing(&self, alg: Alg) -> Result<PkSigning> {
        if alg.family() != self.family() {
            return Err(crate::keys::type_mismatch());
        }
        Err(JwtError::new(
            ErrorCode::NotSupported,
            "a public key cannot sign; ferrojwt/full signs with the private key",
        ))
    }

    /// `kty` and the public members (there are no others).
    pub fn write_jwk_members(&self, _private: bool, out: &mut String) {
        match self {
            AsymKey::Rsa { n, e } => {
                out.push_str("\"kty\":\"RSA\"");
                fields::write(out, "n", n);
                fields::write(out, "e", e);
            }
            AsymKey::Ec { curve, x, y } => {
                out.push_str("\"kty\":\"EC\"");
                fields::write_text(out, "crv", curve.name());
                fields::write(out, "x", x);
                fields::write(out, "y", y);
            }
        }
    }
}

fn no_platform(alg: Alg) -> JwtError {
    JwtError::new(
        ErrorCode::NotSupported,
        [
            "this build verifies ",
            alg.name(),
            " with the platform's native crypto (node:crypto or WebCrypto), and there is none here; ferrojwt/full has its own",
        ]
        .concat(),
    )
}

fn refused(alg: Alg) -> JwtError {
    JwtError::key(
        [
            "the platform's crypto refused the key for ",
            alg.name(),
            " (an EC point that is not on its curve, say)",
        ]
        .concat(),
    )
}

/// The field prime of `curve`, big-endian, `field_len` bytes (FIPS 186-4 D.1.2).
fn prime(curve: Curve) -> &'static [u8] {
    // 2^256 - 2^224 + 2^192 + 2^96 - 1
    const P256: [u8; 32] = [
        0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ];
    // 2^384 - 2^128 - 2^96 + 2^32 - 1
    const P384: [u8; 48] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff,
        0xff, 0xff, 0xff,
    ];
    // 2^521 - 1
    const P521: [u8; 66] = [
        0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ];
    match curve {
        Curve::P256 => &P256,
        Curve::P384 => &P384,
        Curve::P521 => &P521,
    }
}

/// A public key held by a platform, ready to verify one algorithm.
#[derive(Clone)]
pub struct PkVerifying {
    alg: Alg,
    /// [`Platform::id`] of the platform that issued `handle`.
    platform: u64,
    handle: u32,
    /// The only signature length the algorithm allows for this key (RFC
    /// 8017 8.1.2 and 8.2.2: as long as the modulus; RFC 7518 3.4: r || s).
    signature_len: usize,
}

impl PkVerifying {
    /// Checks `signature` over `message` by the platform that holds the key;
    /// an error where it cannot answer now.
    pub fn verify(
        &self,
        message: &[u8],
        signature: &[u8],
        platform: Option<&dyn Platform>,
    ) -> Result<bool> {
        if signature.len() != self.signature_len {
            return Ok(false);
        }
        // A handle only means something to its platform.
        let platform = platform
            .filter(|p| p.id() == self.platform)
            .ok_or_else(|| no_platform(self.alg))?;
        match platform.verify(self.handle, message, signature) {
            Answer::Valid => Ok(true),
            Answer::Invalid => Ok(false),
            Answer::Later => Err(JwtError::new(
                ErrorCode::NotSupported,
                [
                    "WebCrypto checks ",
                    self.alg.name(),
                    " signatures asynchronously, and this build has no arithmetic of its own: use verifyAsync (or ferrojwt/full)",
                ]
                .concat(),
            )),
            Answer::Refused => Err(refused(self.alg)),
        }
    }
}

/// No private key signs in this build.
#[derive(Clone)]
pub enum PkSigning {}

impl PkSigning {
    pub fn sign_into(&self, _message: &[u8], _out: &mut Vec<u8>) -> Result<()> {
        match *self {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> alloc::string::String {
        bytes.iter().map(|b| alloc::format!("{b:02x}")).collect()
    }

    #[test]
    fn the_primes_are_the_nist_curves() {
        // Computed independently: 2^256 - 2^224 + 2^192 + 2^96 - 1,
        // 2^384 - 2^128 - 2^96 + 2^32 - 1 and 2^521 - 1.
        assert_eq!(
            hex(prime(Curve::P256)),
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
        );
        assert_eq!(
            hex(prime(Curve::P384)),
            "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe\
             ffffffff0000000000000000ffffffff"
        );
        assert_eq!(
            hex(prime(Curve::P521)),
            alloc::format!("01{}", "ff".repeat(65))
        );
    }
}
