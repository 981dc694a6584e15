// Django-format PBKDF2 password hashes, checked with WebCrypto:
//   pbkdf2_sha256$<iterations>$<salt>$<base64 of the 32-byte derived key>
// the format `django.contrib.auth.hashers.PBKDF2PasswordHasher` writes, so
// hashes can move between a Django user table and this worker. Workers cap
// PBKDF2 at 100,000 iterations; Django's default is higher, so rehash there
// with `iterations=100000` (or use examples/worker/hash-password.mjs).

const encoder = new TextEncoder();
export const MAX_ITERATIONS = 100_000;

function fromBase64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function parse(encoded) {
  const parts = typeof encoded === 'string' ? encoded.split('$') : [];
  if (parts.length !== 4 || parts[0] !== 'pbkdf2_sha256') return null;
  if (!/^[1-9]\d{0,8}$/.test(parts[1])) return null;
  const iterations = Number(parts[1]);
  if (iterations > MAX_ITERATIONS) {
    console.warn(`a password hash uses ${iterations} PBKDF2 iterations; Workers allow ${MAX_ITERATIONS}: rehash it`);
    return null;
  }
  try {
    const hash = fromBase64(parts[3]);
    return hash.length === 32 ? { iterations, salt: parts[2], hash } : null;
  } catch {
    return null;
  }
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

// Checked when the user does not exist, so that both answers take as long.
const DUMMY = 'pbkdf2_sha256$100000$dummysalt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * Whether `password` matches the Django-format `encoded` hash. An unknown
 * user (`encoded` undefined) costs the same PBKDF2 run and returns false.
 * @param {string} password
 * @param {string | undefined} encoded
 */
export async function checkPassword(password, encoded) {
  const parsed = parse(encoded ?? DUMMY) ?? parse(DUMMY);
  const derived = await derive(password, parsed.salt, parsed.iterations);
  return encoded !== undefined && parse(encoded) !== null && equal(derived, parsed.hash);
}

/** Makes a hash in the same format (for tests and the hash-password script). */
export async function hashPassword(password, salt, iterations = MAX_ITERATIONS) {
  const derived = await derive(password, salt, iterations);
  return `pbkdf2_sha256$${iterations}$${salt}$${btoa(String.fromCharCode(...derived))}`;
}
