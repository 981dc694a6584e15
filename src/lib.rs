//! Strict, fast JSON Web Tokens: JWS compact serialization with HMAC-SHA2,
//! claim validation per RFC 7519 and the RFC 8725 best current practices.
//!
//! The core is plain Rust (usable and tested natively), in folders by layer:
//! `encoding/` (base64url, JSON), `jws/` (compact form, header, algorithms),
//! `jwt/` (claims, spans, options), `keys/` (secrets, JWKs, JWK sets, HMAC,
//! `pk/` for RSA, EC and Ed25519), `ops/` (decode, verify, sign) and `wasm/`,
//! the only module that knows about JavaScript (its contract with the JS API
//! in `abi`, the options' JSON form, the bindings). Modules are private: the
//! API is the `pub use` list below. ARCHITECTURE.md walks a token through.
//!
//! ```
//! use ferrojwt::{Key, SignOptions, VerifyOptions, sign, verify};
//! let key = Key::secret(b"a secret of at least thirty-two bytes!!").unwrap();
//! let token = sign(r#"{"sub":"42"}"#, &key, SignOptions::default(), 1_700_000_000.0).unwrap();
//! let checked = verify(&token, key, VerifyOptions::default(), 1_700_000_000.0).unwrap();
//! assert!(checked.payload_json().starts_with(r#"{"sub":"42","iat":1700000000"#));
//! ```
// The npm package's wasm is no_std: its own panic handler traps without
// linking std's panic formatting. As a Rust library the crate uses std.
#![cfg_attr(all(target_arch = "wasm32", feature = "wasm-package"), no_std)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

extern crate alloc;

mod encoding;
mod error;
mod jws;
mod jwt;
mod keys;
mod ops;
mod wasm;

pub use error::{ErrorCode, JwtError, Reason, Result};
pub use jws::alg::{Alg, KeyOp};
pub use jwt::options::{
    Audience, IssuedAt, JwtId, SignOptions, VerifyOptions, DEFAULT_MAX_TOKEN_LENGTH,
};
pub use keys::key::Key;
pub use keys::key_set::{KeySet, KeySource};
pub use keys::platform::{Answer, Platform};
pub use keys::random::generate_secret;
pub use ops::decode::{decode, decode_header};
pub use ops::decoded::Decoded;
pub use ops::sign::{sign, Signer};
pub use ops::verify::{verify, verify_on, Verifier};

/// Internals for this crate's own tests, fuzz targets and native benches
/// (the oracles compare our JSON reader and base64url with serde_json and
/// base64). Not part of the API: no stability promise. Every layer module is
/// listed, not only the ones the tests use: measured in issue 15, keeping
/// the items reachable as they were before the modules went private leaves
/// the wasm smaller (the narrower list cost +0.5 KB gzip in the full build
/// and +1 KB raw without it), as LLVM inlines differently.
#[doc(hidden)]
pub mod __internal {
    pub use crate::encoding::{base64url, json};
    pub use crate::jws::alg;
    pub use crate::jwt::{claims, options, span};
    #[cfg(feature = "public-key")]
    pub use crate::keys::pk;
    pub use crate::keys::{jwk, key, key_set, mac, platform, prepared, random, secret_check};
    pub use crate::ops::{decode, decoded, sign, verify};
    pub use crate::wasm::{abi, options as js_options};
    /// The JWS compact form.
    pub mod jws {
        pub use crate::jws::*;
    }
}
