// Generated from src/wasm/abi.rs (its owner) by `FERROJWT_WRITE_ABI=1 cargo test --lib abi`;
// `cargo test` fails while this copy differs. Edit the Rust file, not this one.

/** Key kinds, as the wasm module reads them. */
export const KEY_TEXT = 0;
export const KEY_BYTES = 1;
export const KEY_JWK = 2;
export const KEY_JWKS = 3;

/** Option names, per function (besides `key`). */
export const VERIFY_OPTIONS = Object.freeze(['algorithms', 'issuer', 'audience', 'subject', 'typ', 'clockTolerance', 'maxTokenAge', 'requiredClaims', 'claims', 'now', 'crit', 'maxTokenLength']);
export const SIGN_OPTIONS = Object.freeze(['alg', 'kid', 'typ', 'header', 'expiresIn', 'notBefore', 'issuer', 'subject', 'audience', 'jwtId', 'iat', 'now', 'maxTokenLength']);
export const DECODE_OPTIONS = Object.freeze(['maxTokenLength']);

/** Longest token accepted by verify and decode, and made by sign. */
export const DEFAULT_MAX_TOKEN_LENGTH = 16384;

/** RFC 7518 3.2: the shortest HMAC secret per algorithm (its hash's length). */
export const SECRET_LENGTHS = Object.freeze({ HS256: 32, HS384: 48, HS512: 64 });

/** A failed call's output: ERROR_START code SEP claim SEP reason SEP message SEP payload. */
export const ERROR_START = '\u0000';
export const ERROR_SEPARATOR = '\u001f';
/** The wire code of an argument error, raised as a TypeError. */
export const ARGUMENT_ERROR = 'TypeError';
/** The message of ERR_JWS_SIGNATURE_VERIFICATION_FAILED. */
export const SIGNATURE_FAILED = 'signature verification failed';

/** A platform's answer to the core's verify(handle, input, signature). */
export const ANSWER = Object.freeze({ INVALID: 0, VALID: 1, LATER: 2, REFUSED: 3 });
