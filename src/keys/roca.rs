//! The ROCA fingerprint (CVE-2017-15361): RSA moduli made by Infineon's
//! RSALib, whose private keys can be computed from the public key.
//!
//! From about 2012 to 2017, Infineon's RSALib (in smart cards, TPMs, YubiKey 4
//! and national ID cards) made every RSA prime as p = k * M + (65537^a mod M),
//! with M the product of the first 39, 71, 126 or 225 primes depending on the
//! key size (126, up to 701, for 1984- to 3936-bit keys). Nemec et al., "The
//! Return of Coppersmith's Attack" (ACM CCS 2017), factor such moduli with
//! Coppersmith's method: a 2048-bit key costs about 140 CPU-years, within reach
//! of any serious attacker. Their size does not save them, so such keys are
//! refused.
//!
//! Why it shows: N = p * q is then 65537^(a+b) mod M, so for every small prime
//! r of M, N mod r lies in the subgroup of (Z/rZ)* that 65537 generates. The
//! detector the authors published (crocs-muni/roca, `has_fingerprint_moduli`)
//! tests exactly that for the 38 odd primes from 3 to 167, all of which divide
//! every M RSALib used; this module does the same. Its false-positive rate is
//! 2^-27 by the authors' figure (the product over those primes of
//! |<65537>| / (r - 1) is 2^-27.8): about one honest key in 10^8 is refused,
//! and its owner only has to make another.
//!
//! No big integers: N mod r comes from the modulus's big-endian bytes by
//! Horner's rule in u64, and membership by walking the powers of 65537 mod r.

use core::num::NonZeroU64;

/// The primes the published detector tests: every odd prime up to 167
/// (bytes: 266 B less wasm data than u64s).
const PRIMES: [u8; 38] = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// The base of RSALib's primes.
const GENERATOR: u64 = 65537;

/// Whether the modulus, as big-endian bytes, has the ROCA fingerprint.
pub fn has_fingerprint(modulus: &[u8]) -> bool {
    // Most honest moduli fail by r = 11 (where the subgroup is just {1, 10}).
    // (A nonzero divisor has no division-by-zero panic path to link in.)
    PRIMES
        .iter()
        .filter_map(|&r| NonZeroU64::new(r.into()))
        .all(|r| in_subgroup(residue(modulus, r), r))
}

/// `n mod r` by Horner's rule: the running value stays below r * 256 + 255,
/// far inside a u64.
fn residue(n: &[u8], r: NonZeroU64) -> u64 {
    n.iter()
        .fold(0, |acc, &byte| (acc * 256 + u64::from(byte)) % r)
}

/// Whether `x` is a power of 65537 modulo the prime `r`: walks 1, g, g^2, ...
/// until the cycle closes (at most r - 1 steps). 0 never is.
fn in_subgroup(x: u64, r: NonZeroU64) -> bool {
    let g = GENERATOR % r;
    core::iter::successors(Some(1), |&power| {
        Some(power * g % r).filter(|&next| next != 1)
    })
    .any(|power| power == x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;
    use serde_json::Value;

    fn vectors() -> Value {
        serde_json::from_str(include_str!("../../tests/vectors/weak-rsa.json")).unwrap()
    }

    fn modulus(key: &Value) -> Vec<u8> {
        crate::encoding::base64url::decode(key["jwk"]["n"].as_str().unwrap()).unwrap()
    }

    #[test]
    fn an_infineon_modulus_is_flagged_and_an_ordinary_one_is_not() {
        // Both made by scripts/gen-weak-rsa.py: the first from primes of
        // RSALib's form, the second the usual way.
        let v = vectors();
        let roca = modulus(&v["weak"]["roca"]);
        assert_eq!(roca.len(), 256);
        assert!(has_fingerprint(&roca));
        assert!(!has_fingerprint(&modulus(&v["control"])));
        // The fingerprint is a property of the whole number: N + 2 loses it.
        let mut near = roca.clone();
        *near.last_mut().unwrap() ^= 2;
        assert!(!has_fingerprint(&near));
    }

    fn nz(r: u64) -> NonZeroU64 {
        NonZeroU64::new(r).unwrap()
    }

    #[test]
    fn residues_agree_with_native_arithmetic() {
        let n: u128 = 0xc3a5_c85c_97cb_3127_b2dc_2a59_1a3b_f601;
        for r in PRIMES.map(u64::from) {
            assert_eq!(residue(&n.to_be_bytes(), nz(r)), (n % u128::from(r)) as u64);
        }
        assert_eq!(residue(&[], nz(7)), 0);
    }

    #[test]
    fn subgroups_are_the_powers_of_65537() {
        // 65537 = -1 mod 11, and 4 mod 13, whose powers are 4, 3, 12, 9, 10, 1.
        let members = |r: u64| {
            (0..r)
                .filter(|&x| in_subgroup(x, nz(r)))
                .collect::<Vec<_>>()
        };
        assert_eq!(members(11), [1, 10]);
        assert_eq!(members(13), [1, 3, 4, 9, 10, 12]);
        // 65537 generates all of (Z/7Z)*; 0 is in no subgroup.
        assert_eq!(members(7), [1, 2, 3, 4, 5, 6]);
    }

    /// A deterministic Miller-Rabin for u64 (these bases suffice below 2^64).
    fn is_prime(n: u64) -> bool {
        let mul = |a: u64, b: u64| (u128::from(a) * u128::from(b) % u128::from(n)) as u64;
        let pow = |mut b: u64, mut e: u64| {
            let mut acc = 1;
            while e > 0 {
                if e & 1 == 1 {
                    acc = mul(acc, b);
                }
                b = mul(b, b);
                e >>= 1;
            }
            acc
        };
        let bases = [2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
        if n < 2 || bases.iter().any(|&p| n.is_multiple_of(p)) {
            return bases.contains(&n);
        }
        let (mut d, mut s) = (n - 1, 0);
        while d.is_multiple_of(2) {
            d /= 2;
            s += 1;
        }
        bases.iter().all(|&a| {
            let mut x = pow(a, d);
            if x == 1 || x == n - 1 {
                return true;
            }
            (1..s).any(|_| {
                x = mul(x, x);
                x == n - 1
            })
        })
    }

    #[test]
    fn a_thousand_ordinary_moduli_are_not_flagged() {
        // Products of two 64-bit primes found from a fixed splitmix64 stream.
        // Each passes by chance with probability about 2^-27.8, so all 1000
        // passing wrongly is out of the question and the run is the same
        // every time.
        let mut state = 0x524f_4341_2017_1536_u64;
        let mut next_prime = || loop {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            let candidate = (z ^ (z >> 31)) | (1 << 63) | 1;
            if is_prime(candidate) {
                return candidate;
            }
        };
        let mut flagged = 0;
        for _ in 0..1000 {
            let n = u128::from(next_prime()) * u128::from(next_prime());
            flagged += usize::from(has_fingerprint(&n.to_be_bytes()));
        }
        assert_eq!(flagged, 0);
    }
}
