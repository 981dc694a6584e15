// ferrojwt/worker: request authentication for edge workers, answering the
// way djangorestframework-simplejwt does, so one front end serves both.
//
// No wasm is loaded here: the caller passes a verifier from `ferrojwt`'s
// createVerifier (prepared once per isolate) or from a remote key set
// (`ferrojwt/jwks`), and this module only reads the header, calls it, and
// shapes the responses. It must not import ferrojwt/jwks, not even lazily:
// bundlers follow every import, and that one would put the JWKS fetcher
// into every worker (when ferrojwt/jwks still loaded ferrojwt/full, its
// 680 KB public-key wasm: 339 KiB gzip uploaded instead of 52;
// tests/js/bundle-size.test.mjs).

import { JwtError } from './errors.js';

const NOT_PROVIDED = 'Authentication credentials were not provided.';
const BAD_HEADER = 'Authorization header must contain two space-delimited values';
const NOT_VALID = 'Given token not valid for any token type';
const DENIED = 'You do not have permission to perform this action.';
const UNAVAILABLE = 'The key set of the token issuer is unavailable; try again later.';

function json(body, status, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** RFC 6750 section 3: `error="invalid_token"` only when a token was sent. */
function challenge(scheme, realm, invalidToken) {
  const base = `${scheme} realm="${realm}"`;
  return { 'www-authenticate': invalidToken ? `${base}, error="invalid_token"` : base };
}

/**
 * A 401 for an invalid, expired or wrong-type token, shaped like simplejwt's.
 * @param {unknown} error what the verifier threw
 */
export function tokenNotValid(error, { scheme = 'Bearer', realm = 'api' } = {}) {
  const expired = isJwtError(error) && error.code === 'ERR_JWT_EXPIRED' && error.claim === 'exp';
  return json(
    {
      detail: NOT_VALID,
      code: 'token_not_valid',
      messages: [{ token_class: 'AccessToken', token_type: 'access', message: expired ? 'Token is expired' : 'Token is invalid' }],
    },
    401,
    challenge(scheme, realm, true),
  );
}

/**
 * A JwtError, also from another copy of the package (no `instanceof` across copies).
 * @param {unknown} error
 * @returns {error is JwtError}
 */
function isJwtError(error) {
  const e = /** @type {{ code?: unknown } | null | undefined} */ (error);
  return error instanceof JwtError || (typeof e?.code === 'string' && e.code.startsWith('ERR_J'));
}

/**
 * Whether a verifier answered with a promise (a remote key set's) rather
 * than the decoded token (a prepared verifier's).
 * @template T
 * @param {T | Promise<T>} value
 * @returns {value is Promise<T>}
 */
function isThenable(value) {
  return typeof (/** @type {{ then?: unknown } | null | undefined} */ (value))?.then === 'function';
}

/** A 403, as DRF's permission classes answer. */
export function permissionDenied() {
  return json({ detail: DENIED }, 403);
}

/**
 * Whether `claims` meet `requirement`: a predicate, or an object whose
 * entries must each hold. An entry holds when the claim equals the value,
 * when the claim is an array that contains it, or, for `scope`, when the
 * space-separated scope string lists it (RFC 8693 4.2).
 * @param {Record<string, unknown>} claims
 * @param {((claims: Record<string, unknown>) => boolean) | Record<string, unknown>} requirement
 */
export function hasClaims(claims, requirement) {
  if (typeof requirement === 'function') return requirement(claims) === true;
  return Object.entries(requirement).every(([name, wanted]) => {
    const actual = Object.hasOwn(claims, name) ? claims[name] : undefined;
    if (Array.isArray(wanted)) return wanted.every((w) => hasClaims(claims, { [name]: w }));
    if (actual === wanted) return true;
    if (Array.isArray(actual)) return actual.includes(wanted);
    return name === 'scope' && typeof actual === 'string' && typeof wanted === 'string' && actual.split(' ').includes(wanted);
  });
}

/**
 * Authenticates a request by its `Authorization: Bearer <token>` header.
 *
 * @param {Request} request
 * @param {{ verify(token: string): Verified | Promise<Verified> }} verifier a prepared
 *   verifier (synchronous) or a remote key set's (a promise)
 * @param {{ scheme?: string, realm?: string, require?: Parameters<typeof hasClaims>[1] }} [options]
 * @returns {AuthResult | Promise<AuthResult>} a promise when the verifier's `verify` returns one
 * @typedef {{ ok: true, claims: Record<string, unknown> } | { ok: false, response: Response }} AuthResult
 * @typedef {{ payload: Record<string, unknown> }} Verified what authenticate reads of a decoded token
 */
export function authenticate(request, verifier, options = {}) {
  const { scheme = 'Bearer', realm = 'api', require } = options;
  if (!verifier || typeof verifier.verify !== 'function') {
    throw new TypeError('authenticate needs a verifier from createVerifier()');
  }
  const header = request.headers.get('authorization');
  // As simplejwt: split on whitespace; no header or another scheme means
  // "not authenticated by us", which DRF answers as not provided.
  const parts = header === null ? [] : header.split(/\s+/).filter(Boolean);
  if (parts.length === 0 || parts[0] !== scheme) {
    return { ok: false, response: json({ detail: NOT_PROVIDED }, 401, challenge(scheme, realm, false)) };
  }
  if (parts.length !== 2) {
    return {
      ok: false,
      response: json({ detail: BAD_HEADER, code: 'bad_authorization_header' }, 401, challenge(scheme, realm, false)),
    };
  }
  /**
   * @param {unknown} error
   * @returns {AuthResult}
   */
  const failed = (error) => {
    if (!isJwtError(error)) throw error; // a programming error, e.g. a freed verifier
    // The issuer's keys could not be had: the token is not known to be
    // invalid, so no 401 (which would log the client out).
    if (error.code === 'ERR_JWKS_TIMEOUT' || (error.code === 'ERR_JWKS_INVALID' && remote)) {
      return { ok: false, response: json({ detail: UNAVAILABLE, code: 'jwks_unavailable' }, 503, { 'retry-after': '30' }) };
    }
    return { ok: false, response: tokenNotValid(error, { scheme, realm }) };
  };
  /**
   * @param {Verified} decoded
   * @returns {AuthResult}
   */
  const accept = (decoded) => {
    if (require !== undefined && !hasClaims(decoded.payload, require)) {
      return { ok: false, response: permissionDenied() };
    }
    return { ok: true, claims: decoded.payload };
  };
  let remote = false;
  /** @type {Verified | Promise<Verified>} */
  let outcome;
  try {
    outcome = verifier.verify(parts[1]);
  } catch (error) {
    return failed(error);
  }
  // A remote key set's verifier answers with a promise: so does authenticate.
  if (isThenable(outcome)) {
    remote = true;
    return outcome.then(accept, failed);
  }
  return accept(outcome);
}
