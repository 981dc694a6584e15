//! Where the `public-key` feature is decided for keys, once. With it,
//! [`AsymKey`] and its prepared forms are `pk`'s RSA, EC and Ed25519 keys;
//! without it (the HMAC-only build) they are `platform_key`'s public RSA and
//! EC keys, verified by the platform's native crypto, and no private key
//! exists (the compiler drops every branch that would sign with one), an
//! OKP JWK is a foreign key, and PEM text or a key-pair request is a clear
//! error. The key code names them without `cfg`.

/// Whether this build has the public-key algorithms.
pub const ENABLED: bool = cfg!(feature = "public-key");

#[cfg(feature = "public-key")]
pub use super::pk::{AsymKey, PkSigning, PkVerifying};

#[cfg(not(feature = "public-key"))]
pub use super::platform_key::{AsymKey, PkSigning, PkVerifying};
