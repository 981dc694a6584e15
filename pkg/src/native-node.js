// Public-key signature checks by node:crypto (Node and Bun), in both builds
// (the HMAC-only build has no arithmetic of its own). The wasm core still
// reads and vets every key, binds it to its algorithms, picks it by kid and
// alg, decodes the signature strictly and checks the claims; it hands this
// module the vetted public JWK once per key and algorithm, then calls
// `verify` synchronously per token. Only the arithmetic moves: node:crypto
// runs it in native code (OpenSSL), which bench/ measures against the wasm
// arithmetic.

import { constants, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { ANSWER } from './abi.js';
import { createHandleTable } from './key-handles.js';
import { createImportCache } from './import-cache.js';

/** How node:crypto checks each JWS algorithm (RFC 7518 3.3-3.5, RFC 8037). */
const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING };
const SCHEMES = {
  RS256: ['sha256', {}],
  RS384: ['sha384', {}],
  RS512: ['sha512', {}],
  // The salt is as long as the hash, exactly (as the wasm path checks it).
  PS256: ['sha256', { ...PSS, saltLength: 32 }],
  PS384: ['sha384', { ...PSS, saltLength: 48 }],
  PS512: ['sha512', { ...PSS, saltLength: 64 }],
  // JWS signatures are r || s, not DER.
  ES256: ['sha256', { dsaEncoding: 'ieee-p1363' }],
  ES384: ['sha384', { dsaEncoding: 'ieee-p1363' }],
  ES512: ['sha512', { dsaEncoding: 'ieee-p1363' }],
  EdDSA: [null, {}],
};

/**
 * The platform object the wasm verifier calls (see `JsPlatform` in
 * src/wasm/native.rs), with the key table api.js manages.
 */
export function nodePlatform() {
  /** @type {ReturnType<typeof createHandleTable<{ hash: string | null, key: import('node:crypto').KeyObject | { key: import('node:crypto').KeyObject } }>>} */
  const table = createHandleTable();
  /** @type {ReturnType<typeof createImportCache<import('node:crypto').KeyObject>>} by JWK text */
  const imported = createImportCache();
  return {
    /** A handle for `jwk` (public JWK text) checked as `alg`, or 0 where node:crypto refuses the key. */
    importKey(jwk, alg) {
      if (!Object.hasOwn(SCHEMES, alg)) return 0;
      const [hash, options] = SCHEMES[alg];
      // One KeyObject per JWK text, whatever the alg (the options carry it).
      const key = imported.take(jwk, () => {
        try {
          return createPublicKey({ key: JSON.parse(jwk), format: 'jwk' });
        } catch {
          return undefined;
        }
      });
      if (key === undefined) return 0;
      // A bare KeyObject where no option is needed: node:crypto then skips
      // reading an options object on every call.
      return table.add({ hash, key: Object.keys(options).length === 0 ? key : { key, ...options } });
    },
    /** Whether `signature` is valid over `input` (views into wasm memory, read at once), as an ANSWER. */
    verify(handle, input, signature) {
      const entry = table.get(handle);
      if (entry === undefined) return ANSWER.INVALID;
      try {
        return nodeVerify(entry.hash, input, entry.key, signature) ? ANSWER.VALID : ANSWER.INVALID;
      } catch {
        return ANSWER.INVALID;
      }
    },
    collecting: table.collecting,
    release: table.release,
    /** Keys held (for tests). */
    get size() {
      return table.size;
    },
    /** Imported keys kept for later calls (for tests). */
    get imported() {
      return imported.size;
    },
  };
}
