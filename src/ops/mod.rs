//! The operations: decode (no verification), verify and sign, and the
//! decoded token they return.

pub mod decode;
pub mod decoded;
pub mod sign;
pub mod verify;
