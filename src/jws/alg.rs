//! JWS algorithm names (RFC 7518 section 3.1) and what each needs of a key.

/// A registered JWS algorithm. Which ones a build verifies and signs with:
/// [`Alg::ALL`], [`Alg::signs_here`] and [`AlgName::parse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alg {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256 (MGF1 SHA-256, 32-byte salt).
    PS256,
    /// RSASSA-PSS with SHA-384 (MGF1 SHA-384, 48-byte salt).
    PS384,
    /// RSASSA-PSS with SHA-512 (MGF1 SHA-512, 64-byte salt).
    PS512,
    /// ECDSA on P-256 with SHA-256.
    ES256,
    /// ECDSA on P-384 with SHA-384.
    ES384,
    /// ECDSA on P-521 with SHA-512.
    ES512,
    /// EdDSA (Ed25519, RFC 8037).
    EdDSA,
}

/// The kind of key an algorithm needs: the allowlist binds each key to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// A shared secret.
    Hmac,
    /// An RSA key pair (RS* and PS*).
    Rsa,
    /// An EC key pair on the named curve.
    Ec(Curve),
    /// An Ed25519 key pair.
    Ed25519,
}

/// The NIST curves of ES256, ES384 and ES512.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    /// P-256 (secp256r1).
    P256,
    /// P-384 (secp384r1).
    P384,
    /// P-521 (secp521r1).
    P521,
}

impl Curve {
    /// The JWK `crv` name.
    pub fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// Bytes of a coordinate, of the private scalar, and of r and s in a
    /// JOSE signature (RFC 7518 3.4).
    pub fn field_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// The curve a JWK's `crv` names, if it is one of these.
    pub fn named(crv: &str) -> Option<Curve> {
        [Curve::P256, Curve::P384, Curve::P521]
            .into_iter()
            .find(|c| c.name() == crv)
    }

    /// The one algorithm a key on this curve serves.
    pub fn alg(self) -> Alg {
        match self {
            Curve::P256 => Alg::ES256,
            Curve::P384 => Alg::ES384,
            Curve::P521 => Alg::ES512,
        }
    }
}

/// What a header's `alg` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlgName {
    /// One this build implements.
    Known(Alg),
    /// A registered algorithm this build leaves out (EdDSA in the HMAC-only
    /// package): never served, however the key looks.
    PublicKey,
    /// `none`: never accepted (RFC 8725 3.1 and 3.2).
    None,
    /// Anything else.
    Unknown,
}

impl AlgName {
    /// Why this build does not sign with a registered algorithm (only the
    /// HMAC-only build leaves any out).
    pub const LEFT_OUT: &'static str = if cfg!(feature = "public-key") {
        "this build signs with every registered JWS algorithm"
    } else {
        "this build signs with HS256, HS384 and HS512 only; ferrojwt/full signs with every algorithm"
    };
}

/// Every registered algorithm, the HMAC ones first.
const EVERY: [Alg; 13] = [
    Alg::HS256,
    Alg::HS384,
    Alg::HS512,
    Alg::RS256,
    Alg::RS384,
    Alg::RS512,
    Alg::PS256,
    Alg::PS384,
    Alg::PS512,
    Alg::ES256,
    Alg::ES384,
    Alg::ES512,
    Alg::EdDSA,
];

impl Alg {
    /// Every algorithm this build verifies: all of them, or in the HMAC-only
    /// build all but EdDSA (its RS*, PS* and ES* by the platform's crypto).
    pub const ALL: &'static [Alg] = if cfg!(feature = "public-key") {
        &EVERY
    } else {
        EVERY.split_at(12).0
    };

    /// Whether this build signs with the algorithm (the HMAC-only build
    /// signs with HMAC only).
    pub fn signs_here(self) -> bool {
        cfg!(feature = "public-key") || self.family() == Family::Hmac
    }

    /// The registered name.
    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
            Alg::RS256 => "RS256",
            Alg::RS384 => "RS384",
            Alg::RS512 => "RS512",
            Alg::PS256 => "PS256",
            Alg::PS384 => "PS384",
            Alg::PS512 => "PS512",
            Alg::ES256 => "ES256",
            Alg::ES384 => "ES384",
            Alg::ES512 => "ES512",
            Alg::EdDSA => "EdDSA",
        }
    }

    /// The kind of key the algorithm needs.
    pub fn family(self) -> Family {
        match self {
            Alg::HS256 | Alg::HS384 | Alg::HS512 => Family::Hmac,
            Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => {
                Family::Rsa
            }
            Alg::ES256 => Family::Ec(Curve::P256),
            Alg::ES384 => Family::Ec(Curve::P384),
            Alg::ES512 => Family::Ec(Curve::P521),
            Alg::EdDSA => Family::Ed25519,
        }
    }

    /// The shortest acceptable HMAC key: the hash output size (RFC 7518 3.2).
    pub fn min_key_len(self) -> usize {
        self.hash_len()
    }

    /// Output bytes of the algorithm's hash (SHA-512 for EdDSA's).
    pub fn hash_len(self) -> usize {
        match self {
            Alg::HS256 | Alg::RS256 | Alg::PS256 | Alg::ES256 => 32,
            Alg::HS384 | Alg::RS384 | Alg::PS384 | Alg::ES384 => 48,
            Alg::HS512 | Alg::RS512 | Alg::PS512 | Alg::ES512 | Alg::EdDSA => 64,
        }
    }

    /// Parses a name this build implements; `None` for anything else.
    pub fn parse(name: &str) -> Option<Alg> {
        match AlgName::parse(name) {
            AlgName::Known(alg) => Some(alg),
            _ => None,
        }
    }
}

/// `options.algorithms` naming an algorithm this build does not verify
/// (EdDSA in the HMAC-only build): never silently left out.
pub fn not_verified_here(name: &str) -> crate::error::JwtError {
    crate::error::JwtError::new(
        crate::error::ErrorCode::NotSupported,
        [
            "options.algorithms names ",
            name,
            ", which this build does not verify (ferrojwt/full does)",
        ]
        .concat(),
    )
}

impl AlgName {
    /// Classifies an `alg` value (case-sensitive, as RFC 7515 4.1.1 says).
    pub fn parse(name: &str) -> AlgName {
        if name == "none" {
            return AlgName::None;
        }
        match EVERY.iter().find(|a| a.name() == name) {
            Some(alg) if Alg::ALL.contains(alg) => AlgName::Known(*alg),
            Some(_) => AlgName::PublicKey,
            None => AlgName::Unknown,
        }
    }
}

/// What a key is about to be used for (JWK `key_ops`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOp {
    /// Producing signatures.
    Sign,
    /// Checking signatures.
    Verify,
}
