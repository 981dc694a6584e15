//! Strict, fast JSON Web Tokens: JWS compact serialization with HMAC-SHA2,
//! claim validation per RFC 7519 and the RFC 8725 best current practices.
//!
//! The core is plain Rust (usable and tested natively); `bindings` is the
//! only module that knows about JavaScript.
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
#![cfg_attr(
    all(
        target_arch = "wasm32",
        feature = "wasm-package",
        not(feature = "object-output")
    ),
    no_std
)]
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

pub mod alg;
pub mod base64url;
pub mod claims;
pub mod decode;
pub mod decoded;
pub mod error;
pub mod json;
pub mod jws;
pub mod key;
pub mod mac;
pub mod options;
#[cfg(feature = "public-key")]
pub mod pk;
pub mod prepared;
pub mod random;
mod secret_check;
pub mod sign;
pub mod span;
pub mod verify;

#[cfg(all(target_arch = "wasm32", feature = "wasm-package"))]
mod bindings;
#[cfg(all(target_arch = "wasm32", feature = "object-output"))]
mod bindings_object;

pub use alg::Alg;
pub use decode::{decode, decode_header};
pub use decoded::Decoded;
pub use error::{ErrorCode, JwtError, Reason, Result};
pub use key::{Key, KeySet, KeySource};
pub use options::{IssuedAt, JwtId, SignOptions, VerifyOptions, DEFAULT_MAX_TOKEN_LENGTH};
pub use random::generate_secret;
pub use sign::{sign, Signer};
pub use verify::{verify, Verifier};
