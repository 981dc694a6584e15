// Public-key signature checks by WebCrypto (browsers, Deno and workerd), for
// `verifyAsync`. WebCrypto only answers asynchronously, so the wasm core
// runs the whole verification (key choice, allowlist, claims) with the
// signature check recorded here instead of done; `verifyAsync` then awaits
// the check and releases the result only if it passes. A synchronous
// `verify` gets LATER from this platform, and a key WebCrypto refused gets
// REFUSED: the full build then does the arithmetic itself, the HMAC-only
// build (which has none) throws.

import { ANSWER } from './abi.js';
import { createHandleTable } from './key-handles.js';
import { createImportCache } from './import-cache.js';

/** How WebCrypto imports and checks each JWS algorithm (RFC 7518 3.3-3.5, RFC 8037). */
const rsa = (hash) => ({ name: 'RSASSA-PKCS1-v1_5', hash });
const pss = (hash, saltLength) => ({ import: { name: 'RSA-PSS', hash }, verify: { name: 'RSA-PSS', saltLength } });
const ec = (namedCurve, hash) => ({ import: { name: 'ECDSA', namedCurve }, verify: { name: 'ECDSA', hash } });
const SCHEMES = {
  RS256: { import: rsa('SHA-256'), verify: rsa('SHA-256') },
  RS384: { import: rsa('SHA-384'), verify: rsa('SHA-384') },
  RS512: { import: rsa('SHA-512'), verify: rsa('SHA-512') },
  // The salt is as long as the hash, exactly (as the wasm path checks it).
  PS256: pss('SHA-256', 32),
  PS384: pss('SHA-384', 48),
  PS512: pss('SHA-512', 64),
  ES256: ec('P-256', 'SHA-256'),
  ES384: ec('P-384', 'SHA-384'),
  ES512: ec('P-521', 'SHA-512'),
  EdDSA: { import: { name: 'Ed25519' }, verify: { name: 'Ed25519' } },
};

/**
 * @typedef {{ scheme: { import: RsaHashedImportParams | EcKeyImportParams | Algorithm, verify: AlgorithmIdentifier | RsaPssParams | EcdsaParams }, key: Promise<CryptoKey | null>, refused: boolean }} Entry
 * @typedef {{ entry: Entry, input: BufferSource, signature: BufferSource }} Check
 */

/**
 * The platform object for the wasm verifier (see `JsPlatform` in
 * src/wasm/native.rs), or undefined where there is no WebCrypto. Nothing
 * runs until a verifier imports a key (workers refuse some work at load).
 */
export function webPlatform() {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) return undefined;
  /** @type {ReturnType<typeof createHandleTable<Entry>>} */
  const table = createHandleTable();
  /** @type {Check[] | null} */
  let recording = null;
  /** Whether every key counts as refused (see `refusing`). */
  let refusingAll = false;
  /** @type {ReturnType<typeof createImportCache<Promise<CryptoKey | null>>>} by alg and JWK text */
  const imported = createImportCache();
  return {
    /** A handle for `jwk` (public JWK text) checked as `alg`, or 0 where WebCrypto has no such scheme. */
    importKey(jwk, alg) {
      if (refusingAll || !Object.hasOwn(SCHEMES, alg)) return 0;
      const scheme = SCHEMES[alg];
      // Whether WebCrypto takes the key (Ed25519 where it has none, an EC
      // point off its curve) is known only later: see `check`.
      // Imported once per alg (the import binds the hash) and text, shared by
      // every verifier and call, in flight or not.
      const key = imported.take(`${alg} ${jwk}`, () => {
        try {
          return subtle.importKey('jwk', JSON.parse(jwk), scheme.import, false, ['verify']).catch(() => null);
        } catch {
          return undefined;
        }
      });
      if (key === undefined) return 0;
      /** @type {Entry} */
      const entry = { scheme, key, refused: false };
      // A key WebCrypto refused is answered REFUSED from then on.
      key.then((k) => {
        entry.refused = k === null;
      });
      return table.add(entry);
    },
    /**
     * While recording, notes the check (copying the views into wasm memory;
     * the entry is kept, so a one-shot verifier may release its key) and
     * lets the core go on; otherwise answers LATER (or REFUSED).
     */
    verify(handle, input, signature) {
      const entry = table.get(handle);
      if (entry === undefined) return ANSWER.INVALID;
      if (entry.refused || refusingAll) return ANSWER.REFUSED;
      if (recording === null) return ANSWER.LATER;
      recording.push({ entry, input: input.slice(), signature: signature.slice() });
      return ANSWER.VALID;
    },
    /** Whether checks are being recorded (a wasm call is under way). */
    get busy() {
      return recording !== null;
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
    /**
     * Runs `f` (one synchronous wasm call) with checks recorded; returns its
     * result and the checks it deferred.
     * @template T
     * @param {() => T} f
     * @returns {[T, Check[]]}
     */
    deferring(f) {
      if (recording !== null) throw new Error('ferrojwt: checks are already being recorded');
      const checks = [];
      recording = checks;
      try {
        return [f(), checks];
      } finally {
        recording = null;
      }
    },
    /**
     * Runs `f`, the synchronous verification that follows a `check` that
     * found the token's key refused, as if WebCrypto had refused every key:
     * the full build then uses its wasm arithmetic, the HMAC-only build says
     * the key was refused. (A one-shot verification imports its key again,
     * and that import's refusal would come too late.)
     * @template T
     * @param {() => T} f
     * @returns {T}
     */
    refusing(f) {
      refusingAll = true;
      try {
        return f();
      } finally {
        refusingAll = false;
      }
    },
    /**
     * Whether every deferred check passes, or null when the token's key could
     * not be imported or used (the caller then verifies synchronously, in
     * `refusing`).
     * @param {Check[]} checks
     * @returns {Promise<boolean | null>}
     */
    async check(checks) {
      for (const { entry, input, signature } of checks) {
        const key = await entry.key;
        if (key === null) return null;
        // A malformed signature answers false; a throw means the key could not
        // be used after all (Deno imports an EC point off its curve and finds
        // out only here). Null for this check alone: a key that works is never
        // marked refused by one token.
        const valid = await subtle.verify(entry.scheme.verify, key, signature, input).catch(() => null);
        if (valid !== true) return valid;
      }
      return true;
    },
  };
}
