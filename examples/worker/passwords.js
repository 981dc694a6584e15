// Django-format password hashes, checked with WebCrypto:
//   pbkdf2_sha256$<iterations>$<salt>$<base64 of the 32-byte derived key>
// the format `django.contrib.auth.hashers.PBKDF2PasswordHasher` writes, so a
// Django user table's hashes work here unchanged, at any iteration count the
// platform runs. This module runs in the worker and in Node (the import script).
//
// The iteration cap: Cloudflare Workers refuse PBKDF2 above 100,000 iterations
// ("NotSupportedError: Pbkdf2 failed: iteration counts above 100000 are not
// supported", workerd's limit enforcer in production; workerd#1346). The
// open-source workerd in Miniflare and `wrangler dev` enforces no cap (it runs
// 1,000,000 locally), so the cap is enforced here, or a hash that works locally
// would fail only once deployed. Django writes more: 600,000 iterations since
// 4.2, 1,000,000 in 5.2.

const encoder = new TextEncoder();

/** The most PBKDF2 iterations Cloudflare Workers run (a platform limit). */
export const MAX_ITERATIONS = 100_000;

// Django's hashers (the `algorithm` before the first "$") that WebCrypto
// cannot check here, and why.
const UNSUPPORTED = {
  pbkdf2_sha1: 'Django\'s PBKDF2SHA1PasswordHasher; only pbkdf2_sha256 is checked here',
  argon2: 'Argon2PasswordHasher: WebCrypto has no Argon2',
  bcrypt_sha256: 'BCryptSHA256PasswordHasher: WebCrypto has no bcrypt',
  bcrypt: 'BCryptPasswordHasher: WebCrypto has no bcrypt',
  scrypt: 'ScryptPasswordHasher: WebCrypto has no scrypt',
  md5: 'MD5PasswordHasher, a legacy hasher too weak to accept',
  sha1: 'SHA1PasswordHasher, a legacy hasher too weak to accept',
  unsalted_md5: 'UnsaltedMD5PasswordHasher, a legacy hasher too weak to accept',
  unsalted_sha1: 'UnsaltedSHA1PasswordHasher, a legacy hasher too weak to accept',
  crypt: 'CryptPasswordHasher (Unix crypt), a legacy hasher WebCrypto cannot run',
};

const REHASH = 'Rehash it: in Django, list a PBKDF2PasswordHasher subclass with iterations = 100000 first in '
  + 'PASSWORD_HASHERS (Django rehashes each password at its next login there), or set a new password with `make users`.';

function fromBase64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Reads a pbkdf2_sha256 hash: `{ iterations, salt, hash }`, or `{ problem }`
 * saying why this worker cannot check it (with `iterations` when the count
 * over the cap is the only fault).
 * @param {unknown} encoded
 * @returns {{ iterations: number, salt: string, hash: Uint8Array, problem?: undefined } | { problem: string, iterations?: number }}
 */
function parse(encoded) {
  if (typeof encoded !== 'string' || encoded === '') return { problem: 'no password hash' };
  // Django's set_unusable_password() writes "!" and 40 random characters.
  if (encoded.startsWith('!')) return { problem: 'an unusable password (Django\'s set_unusable_password): nobody can log in with it' };
  const parts = encoded.split('$');
  const algorithm = parts[0];
  if (parts.length > 1 && Object.hasOwn(UNSUPPORTED, algorithm)) return { problem: `${algorithm} (${UNSUPPORTED[algorithm]})` };
  if (algorithm !== 'pbkdf2_sha256') return { problem: 'not a Django password hash this worker knows (expected pbkdf2_sha256$<iterations>$<salt>$<hash>)' };
  if (parts.length !== 4 || !/^[1-9]\d{0,9}$/.test(parts[1])) return { problem: 'a malformed pbkdf2_sha256 hash (expected pbkdf2_sha256$<iterations>$<salt>$<hash>)' };
  const iterations = Number(parts[1]);
  if (iterations > MAX_ITERATIONS && !/^[A-Za-z0-9+/]{43}=$/.test(parts[3])) {
    return { problem: 'a malformed pbkdf2_sha256 hash (the derived key is not 32 bytes of base64)' };
  }
  if (iterations > MAX_ITERATIONS) {
    return { problem: `pbkdf2_sha256 with ${iterations} iterations: Cloudflare Workers run PBKDF2 up to ${MAX_ITERATIONS} iterations, so the edge cannot check it. ${REHASH}`, iterations };
  }
  let hash;
  try {
    hash = fromBase64(parts[3]);
  } catch {
    hash = new Uint8Array(0);
  }
  if (hash.length !== 32) return { problem: 'a malformed pbkdf2_sha256 hash (the derived key is not 32 bytes of base64)' };
  return { iterations, salt: parts[2], hash };
}

/**
 * Why this worker cannot check the Django-format hash `encoded`, or null
 * when it can: `message` says why and what to do; `iterations` is set when
 * the hash is a well-formed pbkdf2_sha256 whose only fault is a count over
 * the cap (the import keeps those, flagged; other kinds it refuses). A login
 * against such a hash logs the message and answers the usual 401.
 * @param {unknown} encoded
 * @returns {{ message: string, iterations?: number } | null}
 */
export function hashProblem(encoded) {
  const { problem, iterations } = parse(encoded);
  return problem === undefined ? null : { message: problem, ...(iterations ? { iterations } : {}) };
}

async function derive(password, salt, iterations) {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: encoder.encode(salt), iterations }, key, 256);
  return new Uint8Array(bits);
}

function equal(a, b) {
  if (typeof crypto.subtle.timingSafeEqual === 'function') return a.length === b.length && crypto.subtle.timingSafeEqual(a, b);
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// Checked when the user does not exist or the hash cannot be checked, so
// that every refusal costs a PBKDF2 run at the cap.
const DUMMY = parse('pbkdf2_sha256$100000$dummysalt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');

/**
 * Whether `password` matches the Django-format `encoded` hash. Every refusal
 * costs PBKDF2 at the cap: an unknown user (`encoded` undefined) or a hash
 * this worker cannot check runs it and returns false; a hash with fewer
 * iterations runs the rest.
 * @param {string} password
 * @param {string | undefined} encoded
 */
export async function checkPassword(password, encoded) {
  const parsed = parse(encoded);
  const used = parsed.problem === undefined ? parsed : DUMMY;
  const derived = await derive(password, used.salt, used.iterations);
  const ok = parsed.problem === undefined && equal(derived, parsed.hash);
  // A refusal against a hash with fewer iterations would come sooner than an
  // unknown user's and tell that the user exists: make up the difference, as
  // Django's harden_runtime() does.
  if (!ok && used.iterations < MAX_ITERATIONS) await derive(password, used.salt, MAX_ITERATIONS - used.iterations);
  return ok;
}

/** A hash in Django's format with the given salt (Django's PBKDF2PasswordHasher.encode). */
export async function hashPassword(password, salt, iterations = MAX_ITERATIONS) {
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new RangeError(`iterations must be 1..${MAX_ITERATIONS} (the Workers cap), not ${iterations}`);
  }
  if (typeof salt !== 'string' || salt === '' || salt.includes('$')) throw new TypeError('the salt must be a non-empty string without "$"');
  const derived = await derive(password, salt, iterations);
  return `pbkdf2_sha256$${iterations}$${salt}$${btoa(String.fromCharCode(...derived))}`;
}

const SALT_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A new hash with a fresh salt, as Django's make_password() writes one: 22
 * random alphanumerics (about 131 bits), at the Workers cap by default.
 * @param {string} password
 */
export async function makePassword(password, iterations = MAX_ITERATIONS) {
  // 62 * 4 = 248 <= 256: bytes past 247 are drawn again, so each character is uniform.
  let salt = '';
  while (salt.length < 22) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < 248 && salt.length < 22) salt += SALT_CHARS[byte % 62];
    }
  }
  return hashPassword(password, salt, iterations);
}
