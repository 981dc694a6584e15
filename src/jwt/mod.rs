//! JWT (RFC 7519): registered claims, time spans and the typed sign and
//! verify options.

pub mod claims;
pub mod options;
pub mod span;
