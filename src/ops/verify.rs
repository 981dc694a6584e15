//! Verification, top to bottom: length -> segments -> header -> alg and key
//! check -> signature -> payload -> claims. A verifier prepares its keys
//! (HMAC keyed, public keys imported) once, when it is built; a one-shot
//! verification only the key its token selects.

use crate::encoding::json::Value;
use crate::error::{ErrorCode, JwtError, Reason, Result};
use crate::jws::alg::KeyOp;
use crate::jws::alg::{Alg, AlgName};
use crate::jws::{self, parse_header};
use crate::jwt::claims::{typ_matches, Claims};
use crate::jwt::options::VerifyOptions;
use crate::keys::key::Key;
use crate::keys::key_set::KeySource;
use crate::keys::platform::Platform;
use crate::keys::prepared::VerifyingKey;
use crate::ops::decoded::{Builder, Decoded};
use alloc::vec::Vec;

/// The message of [`ErrorCode::SignatureVerificationFailed`] (the JS side
/// says the same when a deferred native check fails).
pub const SIGNATURE_FAILED: &str = "signature verification failed";

/// A key's verifying form for one algorithm.
// `Made` is as large as the `Result<VerifyingKey>` it wraps (the element
// type before `OnDemand` existed); boxing it would add a pointer chase to
// every prepared verification.
#[allow(clippy::large_enum_variant)]
enum Slot {
    /// Made when the verifier was built (or the reason it cannot be, e.g.
    /// a secret too short for HS512).
    Made(Result<VerifyingKey>),
    /// Made only if a token asks for it: a one-shot verification checks one
    /// token, so it keys (or has the platform import) only what that token
    /// selects, not every key of a set for every algorithm (six imports of
    /// one RSA JWK without `alg`).
    OnDemand,
}

/// A key with a slot for each allowed algorithm it serves.
struct PreparedKey {
    key: Key,
    macs: Vec<(Alg, Slot)>,
}

impl PreparedKey {
    fn new(key: Key, allowed: &[Alg], platform: Option<&dyn Platform>, eager: bool) -> PreparedKey {
        let macs = allowed
            .iter()
            .filter(|alg| key.serves(**alg, KeyOp::Verify))
            .map(|alg| {
                let slot = if eager {
                    Slot::Made(key.verifying_key_on(*alg, platform))
                } else {
                    Slot::OnDemand
                };
                (*alg, slot)
            })
            .collect();
        PreparedKey { key, macs }
    }
}

/// What a verifier checks signatures with.
enum PreparedKeys {
    /// One key for every token: no `kid` to match.
    One(PreparedKey),
    /// A JWK set: the key is chosen per token by `kid` and `alg`.
    Set(Vec<PreparedKey>),
}

impl PreparedKeys {
    fn all(&self) -> &[PreparedKey] {
        match self {
            PreparedKeys::One(key) => core::slice::from_ref(key),
            PreparedKeys::Set(keys) => keys,
        }
    }

    fn is_set(&self) -> bool {
        matches!(self, PreparedKeys::Set(_))
    }
}

/// A reusable verifier: options parsed and keys prepared once.
pub struct Verifier {
    options: VerifyOptions,
    keys: PreparedKeys,
    /// What the options allow (all HMAC algorithms by default).
    wanted: Vec<Alg>,
    /// `wanted`, narrowed to what the key (or some key of the set) serves.
    allowed: Vec<Alg>,
}

impl Verifier {
    /// Prepares `source` for the algorithms `options` allows.
    pub fn new(source: KeySource, options: VerifyOptions) -> Result<Verifier> {
        Verifier::with_platform(source, options, None)
    }

    /// [`Verifier::new`], with public-key signatures checked by `platform`'s
    /// native code wherever it takes the key (see [`Platform`]).
    pub fn with_platform(
        source: KeySource,
        options: VerifyOptions,
        platform: Option<&dyn Platform>,
    ) -> Result<Verifier> {
        Verifier::build(source, options, platform, true)
    }

    /// A verifier for one token, whose keys are made ready only as the token
    /// selects them (see [`Slot::OnDemand`]); `verify_on` must get the same
    /// `platform`. Its answers are a prepared verifier's, errors included
    /// (see `unusable_key_first`).
    fn for_one_token(
        source: KeySource,
        options: VerifyOptions,
        platform: Option<&dyn Platform>,
    ) -> Result<Verifier> {
        Verifier::build(source, options, platform, false)
    }

    /// [`Verifier::with_platform`] when `eager`, else [`Verifier::for_one_token`].
    pub(crate) fn build(
        source: KeySource,
        options: VerifyOptions,
        platform: Option<&dyn Platform>,
        eager: bool,
    ) -> Result<Verifier> {
        let wanted = options
            .algorithms
            .clone()
            .unwrap_or_else(|| Alg::ALL.to_vec());
        if let Some(alg) = wanted.iter().find(|alg| !Alg::ALL.contains(alg)) {
            return Err(crate::jws::alg::not_verified_here(alg.name()));
        }
        // `wanted`, narrowed to what some key serves.
        let allowed_by = |keys: &[Key]| -> Vec<Alg> {
            wanted
                .iter()
                .copied()
                .filter(|alg| keys.iter().any(|k| k.serves(*alg, KeyOp::Verify)))
                .collect()
        };
        let (keys, allowed) = match source {
            KeySource::Key(key) => {
                let allowed = allowed_by(core::slice::from_ref(&key));
                let key = PreparedKey::new(key, &allowed, platform, eager);
                // Fail at construction, not at the first token, when the one
                // key can serve nothing that is allowed.
                if key.macs.is_empty() {
                    return Err(JwtError::key(
                        "the key cannot be used with any of the allowed algorithms",
                    ));
                }
                // E.g. a 40-byte secret with `algorithms: ['HS384', 'HS512']`.
                if key
                    .macs
                    .iter()
                    .all(|(_, m)| matches!(m, Slot::Made(Err(_))))
                {
                    if let Some((_, Slot::Made(Err(e)))) = key.macs.first() {
                        return Err(e.clone());
                    }
                }
                (PreparedKeys::One(key), allowed)
            }
            KeySource::Set(set) => {
                let allowed = allowed_by(set.keys());
                let keys = set
                    .keys()
                    .iter()
                    .map(|key| PreparedKey::new(key.clone(), &allowed, platform, eager))
                    .collect();
                (PreparedKeys::Set(keys), allowed)
            }
        };
        Ok(Verifier {
            options,
            keys,
            wanted,
            allowed,
        })
    }

    /// The options in force.
    pub fn options(&self) -> &VerifyOptions {
        &self.options
    }

    /// Verifies `token` at time `now` (seconds) unless the options fix the time.
    pub fn verify(&self, token: &str, now: f64) -> Result<Decoded> {
        self.verify_on(token, now, None)
    }

    /// [`Verifier::verify`], with public-key signatures checked by the
    /// `platform` the verifier was made with (see [`Verifier::with_platform`]).
    pub fn verify_on(
        &self,
        token: &str,
        now: f64,
        platform: Option<&dyn Platform>,
    ) -> Result<Decoded> {
        // Whether the token's key was readied: a key that served the token
        // is usable, so a prepared verifier would have been built and would
        // give the same error.
        let mut keyed = false;
        self.verify_token(token, now, platform, &mut keyed)
            .map_err(|e| {
                if keyed {
                    e
                } else {
                    self.unusable_key_first(e, platform)
                }
            })
    }

    /// A one-shot verifier's answer is a prepared one's: where building it
    /// would have failed (its one key serves no allowed alg, e.g. a 40-byte
    /// secret with `algorithms: ['HS384', 'HS512']`), that key error comes
    /// before whatever the token got wrong. Worked out only on the error
    /// path, so a token that verifies readies one key.
    fn unusable_key_first(&self, e: JwtError, platform: Option<&dyn Platform>) -> JwtError {
        let PreparedKeys::One(key) = &self.keys else {
            return e;
        };
        let mut first = None;
        for (alg, slot) in &key.macs {
            let usable = match slot {
                Slot::Made(mac) => mac.is_ok(),
                Slot::OnDemand => match key.key.verifying_key_on(*alg, platform) {
                    Ok(_) => true,
                    Err(err) => {
                        first.get_or_insert(err);
                        false
                    }
                },
            };
            if usable {
                return e;
            }
        }
        first.unwrap_or(e)
    }

    fn verify_token(
        &self,
        token: &str,
        now: f64,
        platform: Option<&dyn Platform>,
        keyed: &mut bool,
    ) -> Result<Decoded> {
        let o = &self.options;
        let segments = jws::split(token, o.max_token_length)?;
        let builder = Builder::new(&segments)?;
        let header = parse_header(builder.header()?)?;

        let kid = match header.get("kid") {
            None => None,
            Some(Value::String(s)) => Some(s.as_ref()),
            Some(_) => return Err(JwtError::jws("the header's \"kid\" is not a string")),
        };
        let alg = self.check_alg(header.get("alg"), kid)?;
        header.check_crit(&o.crit)?;
        let (key, slot) = self.select_key(alg, kid)?;
        let made;
        let mac = match slot {
            Slot::Made(mac) => mac.as_ref().map_err(Clone::clone)?,
            Slot::OnDemand => {
                made = key.verifying_key_on(alg, platform)?;
                &made
            }
        };
        *keyed = true;

        let mut signature = Vec::with_capacity(segments.signature.len() * 3 / 4 + 3);
        jws::decode_segment(segments.signature, &mut signature, ErrorCode::JwsInvalid)?;
        if !mac.verify(segments.signing_input.as_bytes(), &signature, platform)? {
            return Err(JwtError::new(
                ErrorCode::SignatureVerificationFailed,
                SIGNATURE_FAILED,
            ));
        }

        if let Some(expected) = &o.typ {
            if !header
                .get("typ")
                .and_then(Value::as_str)
                .is_some_and(|t| typ_matches(t, expected))
            {
                return Err(JwtError::claim(
                    ErrorCode::ClaimValidationFailed,
                    "typ",
                    Reason::CheckFailed,
                    "unexpected \"typ\" header value",
                ));
            }
        }
        drop(header); // it borrows the builder's buffer, which `finish` takes over
        let decoded = builder.finish(&segments)?;
        let claims = Claims::parse(decoded.payload_json(), o)?;
        claims
            .validate(o, o.now.unwrap_or(now))
            .map_err(|e| e.with_payload(decoded.payload_json()))?;
        Ok(decoded)
    }

    /// RFC 8725 3.1: the token names its algorithm, but only the allowlist
    /// (bound to the key type) decides; `none` never passes.
    fn check_alg(&self, alg: Option<&Value<'_>>, kid: Option<&str>) -> Result<Alg> {
        // As jose: a missing, empty or non-string `alg` is a malformed JWS.
        let name = alg
            .and_then(Value::as_str)
            .filter(|name| !name.is_empty())
            .ok_or_else(|| {
                JwtError::jws("the header's \"alg\" is missing, empty or not a string")
            })?;
        let not_allowed = || {
            JwtError::new(
                ErrorCode::AlgNotAllowed,
                ["\"alg\" ", name, " is not allowed"].concat(),
            )
        };
        match AlgName::parse(name) {
            AlgName::Known(alg) if self.allowed.contains(&alg) => Ok(alg),
            // An allowed algorithm that no key of the set can serve.
            AlgName::Known(alg) if self.keys.is_set() && self.wanted.contains(&alg) => {
                Err(self.no_matching_key(alg, kid))
            }
            AlgName::Known(_) | AlgName::None => Err(not_allowed()),
            AlgName::PublicKey => Err(JwtError::new(
                ErrorCode::AlgNotAllowed,
                [
                    "\"alg\" ",
                    name,
                    " is not allowed (ferrojwt/full verifies it)",
                ]
                .concat(),
            )),
            AlgName::Unknown if self.options.algorithms.is_some() => Err(not_allowed()),
            AlgName::Unknown => Err(JwtError::new(
                ErrorCode::NotSupported,
                ["unsupported \"alg\" ", name].concat(),
            )),
        }
    }

    /// Picks the key: the one key, or the single key of the set that fits
    /// the token's `kid` and `alg` (as jose selects from a JWKS).
    fn select_key(&self, alg: Alg, kid: Option<&str>) -> Result<(&Key, &Slot)> {
        let mut found = self
            .keys
            .all()
            .iter()
            .filter(|k| !self.keys.is_set() || kid.is_none_or(|id| k.key.kid() == Some(id)))
            .filter_map(|k| {
                let (_, slot) = k.macs.iter().find(|(a, _)| *a == alg)?;
                Some((&k.key, slot))
            });
        let Some(first) = found.next() else {
            return Err(if self.keys.is_set() {
                self.no_matching_key(alg, kid)
            } else {
                JwtError::new(
                    ErrorCode::AlgNotAllowed,
                    "the key cannot be used with this alg",
                )
            });
        };
        if found.next().is_some() {
            return Err(JwtError::new(
                ErrorCode::JwksMultipleMatchingKeys,
                "more than one key in the set matches the token's kid and alg",
            ));
        }
        Ok(first)
    }

    /// Why no key of the set serves `alg` for this token: the reason of a
    /// key it could have meant (the one its `kid` names, or any when it has
    /// no `kid`) that was refused at import (an `alg` that is not its type's,
    /// a weak or malformed key), else no match.
    fn no_matching_key(&self, alg: Alg, kid: Option<&str>) -> JwtError {
        self.keys
            .all()
            .iter()
            .filter(|k| kid.is_none_or(|id| k.key.kid() == Some(id)))
            .find_map(|k| k.key.unusable_for(alg))
            .cloned()
            .unwrap_or_else(|| {
                JwtError::new(
                    ErrorCode::JwksNoMatchingKey,
                    "no key in the set matches the token's kid and alg",
                )
            })
    }
}

/// One-shot verification: only the key the token selects is made ready.
pub fn verify(
    token: &str,
    key: impl Into<KeySource>,
    options: VerifyOptions,
    now: f64,
) -> Result<Decoded> {
    verify_on(token, key.into(), options, now, None)
}

/// [`verify`], with public-key signatures checked by `platform`'s native
/// code wherever it takes the key (see [`Verifier::with_platform`]).
pub fn verify_on(
    token: &str,
    source: KeySource,
    options: VerifyOptions,
    now: f64,
    platform: Option<&dyn Platform>,
) -> Result<Decoded> {
    Verifier::for_one_token(source, options, platform)?.verify_on(token, now, platform)
}
