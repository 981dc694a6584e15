//! The one gate for every RSA public key, in both builds and whatever form
//! the key came in: an odd public exponent from 3 to 2^33 - 1 (RFC 8017 3.1;
//! the `rsa` crate's bounds), a modulus of 2048 (RFC 7518 3.3 and 3.5,
//! RFC 8725 3.5) to 8192 bits (so that a hostile key set cannot make every
//! verification slow), odd, and without the ROCA fingerprint (see `roca`).
//! The full build then hands the key to the `rsa` crate; the HMAC-only build
//! to the platform's native crypto, which is why the gate needs no big
//! integers.

use super::roca;
use crate::error::{JwtError, Result};

/// The smallest modulus accepted, in bits.
pub const MIN_BITS: usize = 2048;
/// The largest modulus accepted, in bits.
pub const MAX_BITS: usize = 8192;

// Why a public exponent is refused. The `rsa` crate refuses these too, but
// only as "invalid" (and in PEM as "not a key"), which sends users looking
// elsewhere.
const E_IS_ONE: &str =
    "the RSA public exponent e is 1: every signature would be the message itself, so anyone could forge one";
const E_IS_ZERO: &str =
    "the RSA public exponent e is below 3 (it is 0): RSA needs an odd e of at least 3";
const E_IS_TWO: &str =
    "the RSA public exponent e is below 3 (it is 2): RSA needs an odd e of at least 3";
const E_IS_EVEN: &str =
    "the RSA public exponent e is even: no private key exists for an even e (it must be odd)";
const E_TOO_LARGE: &str = "the RSA public exponent e is over 2^33 - 1, which no RSA software makes";
const TOO_SMALL: &str = "RSA keys must have at least 2048 bits (RFC 7518 3.3)";
const TOO_LARGE: &str = "RSA keys over 8192 bits are refused";
const EVEN_MODULUS: &str = "the RSA modulus n is even, so it is not a product of two primes";
const ROCA: &str = "the RSA modulus has the ROCA fingerprint (CVE-2017-15361, Infineon RSALib): its factors can be computed from the public key; make a new key with other software or updated firmware";

/// `bytes` without leading zero bytes.
pub fn trimmed(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Bits of the big-endian number `n` (leading zeros not counted).
fn bit_len(n: &[u8]) -> usize {
    match trimmed(n) {
        [] => 0,
        [first, rest @ ..] => rest.len() * 8 + (8 - first.leading_zeros() as usize),
    }
}

/// What is wrong with the big-endian public exponent `e`, if anything.
fn exponent_fault(e: &[u8]) -> Option<&'static str> {
    let e = trimmed(e);
    let last = e.last().copied().unwrap_or(0);
    match (e.len(), last) {
        (0, _) => Some(E_IS_ZERO),
        (1, 1) => Some(E_IS_ONE),
        (1, 2) => Some(E_IS_TWO),
        _ if last % 2 == 0 => Some(E_IS_EVEN),
        _ if bit_len(e) > 33 => Some(E_TOO_LARGE),
        _ => None,
    }
}

/// Checks the big-endian `n` and `e` of an RSA public key: the exponent,
/// then the size, then the modulus's parity and the ROCA fingerprint.
pub fn check(n: &[u8], e: &[u8]) -> Result<()> {
    let fault = exponent_fault(e).or(match bit_len(n) {
        bits if bits < MIN_BITS => Some(TOO_SMALL),
        bits if bits > MAX_BITS => Some(TOO_LARGE),
        _ if n.last().is_some_and(|b| b % 2 == 0) => Some(EVEN_MODULUS),
        _ if roca::has_fingerprint(n) => Some(ROCA),
        _ => None,
    });
    fault.map_or(Ok(()), |fault| Err(JwtError::key(fault)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use alloc::vec;

    /// An odd modulus of `bits` bits, all ones: no ROCA fingerprint at the
    /// sizes used here (that needs n mod 11 in {1, 10}; 2^2048 - 1 mod 11
    /// is 2, and 2^8192 - 1 mod 11 is 3).
    fn modulus(bits: usize) -> alloc::vec::Vec<u8> {
        let mut n = vec![0xffu8; bits.div_ceil(8)];
        if let Some(first) = n.first_mut() {
            *first >>= (8 - bits % 8) % 8;
        }
        n
    }

    fn message(n: &[u8], e: &[u8]) -> alloc::string::String {
        let err = check(n, e).unwrap_err();
        assert_eq!(err.code, ErrorCode::JwkInvalid);
        err.message.into_owned()
    }

    #[test]
    fn a_sound_key_passes_with_or_without_leading_zeros() {
        let n = modulus(2048);
        check(&n, &[1, 0, 1]).unwrap();
        check(&[&[0, 0][..], &n].concat(), &[0, 1, 0, 1]).unwrap();
        check(&modulus(8192), &[3]).unwrap();
        check(&n, &[1, 0xff, 0xff, 0xff, 0xff]).unwrap(); // 2^33 - 1
    }

    #[test]
    fn each_fault_has_its_own_message() {
        let n = modulus(2048);
        assert_eq!(message(&n, &[]), E_IS_ZERO);
        assert_eq!(message(&n, &[0, 0]), E_IS_ZERO);
        assert_eq!(message(&n, &[0, 1]), E_IS_ONE);
        assert_eq!(message(&n, &[2]), E_IS_TWO);
        assert_eq!(message(&n, &[1, 0]), E_IS_EVEN);
        assert_eq!(message(&n, &[2, 0, 0, 0, 1]), E_TOO_LARGE); // 2^33 + 1
        assert_eq!(message(&modulus(2047), &[1, 0, 1]), TOO_SMALL);
        assert_eq!(message(&[0, 0, 0], &[1, 0, 1]), TOO_SMALL);
        assert_eq!(message(&modulus(8193), &[1, 0, 1]), TOO_LARGE);
        let mut even = n.clone();
        if let Some(last) = even.last_mut() {
            *last = 0xfe;
        }
        assert_eq!(message(&even, &[1, 0, 1]), EVEN_MODULUS);
    }

    #[test]
    fn bit_lengths_count_from_the_first_set_bit() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[0, 0]), 0);
        assert_eq!(bit_len(&[0, 1]), 1);
        assert_eq!(bit_len(&[0x80, 0]), 16);
        assert_eq!(bit_len(&modulus(2047)), 2047);
    }
}
