//! JWS algorithm names (RFC 7518 section 3.1) and what each needs of a key.

/// An algorithm this build can sign and verify with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alg {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
}

/// What a header's `alg` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlgName {
    /// One we implement.
    Known(Alg),
    /// A registered public-key algorithm: never served by an HMAC secret.
    PublicKey,
    /// `none`: never accepted (RFC 8725 3.1 and 3.2).
    None,
    /// Anything else.
    Unknown,
}

/// Registered public-key algorithms. A secret must never verify these (the
/// RS/HS key-confusion attack runs the other way round, but the allowlist is
/// bound to the key in both directions).
const PUBLIC_KEY_ALGS: [&str; 10] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
];

impl Alg {
    /// Every implemented algorithm.
    pub const ALL: [Alg; 3] = [Alg::HS256, Alg::HS384, Alg::HS512];

    /// The registered name.
    pub fn name(self) -> &'static str {
        match self {
            Alg::HS256 => "HS256",
            Alg::HS384 => "HS384",
            Alg::HS512 => "HS512",
        }
    }

    /// The shortest acceptable HMAC key: the hash output size (RFC 7518 3.2).
    pub fn min_key_len(self) -> usize {
        self.mac_len()
    }

    /// Length of the MAC (and so of the decoded signature).
    pub fn mac_len(self) -> usize {
        match self {
            Alg::HS256 => 32,
            Alg::HS384 => 48,
            Alg::HS512 => 64,
        }
    }

    /// Parses a name we implement; `None` for anything else.
    pub fn parse(name: &str) -> Option<Alg> {
        match AlgName::parse(name) {
            AlgName::Known(alg) => Some(alg),
            _ => None,
        }
    }
}

impl AlgName {
    /// Classifies an `alg` value (case-sensitive, as RFC 7515 4.1.1 says).
    pub fn parse(name: &str) -> AlgName {
        match name {
            "HS256" => AlgName::Known(Alg::HS256),
            "HS384" => AlgName::Known(Alg::HS384),
            "HS512" => AlgName::Known(Alg::HS512),
            "none" => AlgName::None,
            n if PUBLIC_KEY_ALGS.contains(&n) => AlgName::PublicKey,
            _ => AlgName::Unknown,
        }
    }
}
