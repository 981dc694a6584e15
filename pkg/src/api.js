// Part 1 of the public API: a thin, synchronous layer over the wasm module.
// It checks argument types (so wrong types are TypeErrors, never traps),
// turns keys and options into bytes and JSON once, and crosses into wasm
// once per call. Tokens and payloads go in and come out through one pair of
// buffers in wasm memory (see `Io` in src/wasm/bindings.rs).

import {
  ERROR_START, KEY_BYTES, KEY_JWK, KEY_JWKS, KEY_TEXT, SECRET_LENGTHS, SIGNATURE_FAILED,
} from './abi.js';
import { JwtError, decodeError } from './errors.js';
import { createVerifiedCache, readCacheOption } from './verified-cache.js';
import {
  DECODE_OPTIONS, SIGN_OPTIONS, VERIFY_OPTIONS, maxTokenLength, readOptions,
} from './options.js';

export { JwtError };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** Key material (a secret, PEM, JWK or JWK set) longer than this is refused before it enters wasm. */
const MAX_KEY_BYTES = 1024 * 1024;
/** createVerifier's options beyond verify's, handled in JS (verified-cache.js). */
const VERIFIER_ONLY_OPTIONS = ['cache'];
/** Options JSON may be this many times maxTokenLength (see optionsJson). */
const OPTIONS_BOUND = 8;

/** Constructors throw the encoded error as a string. */
function rethrow(e) {
  throw typeof e === 'string' ? decodeError(e) : e;
}

/** Seconds since the epoch: every time in the API is in seconds. */
function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * The key's kind and bytes, refused over MAX_KEY_BYTES before it enters
 * wasm (a string has at least as many UTF-8 bytes as UTF-16 units, so a
 * huge one is refused before it is even encoded).
 * @param {unknown} key
 * @param {boolean} allowSet
 * @returns {[number, Uint8Array]}
 */
function keyParts(key, allowSet) {
  const tooLong = () => new JwtError('ERR_JWK_INVALID', `the key is over the ${MAX_KEY_BYTES}-byte limit`);
  if (typeof key === 'string' && key.length > MAX_KEY_BYTES) throw tooLong();
  const parts = keyBytes(key, allowSet);
  if (parts[1].length > MAX_KEY_BYTES) throw tooLong();
  return parts;
}

/**
 * @param {unknown} key
 * @param {boolean} allowSet
 * @returns {[number, Uint8Array]}
 */
function keyBytes(key, allowSet) {
  if (typeof key === 'string') return [KEY_TEXT, encoder.encode(key)];
  if (key instanceof Uint8Array) return [KEY_BYTES, key];
  if (key instanceof ArrayBuffer) return [KEY_BYTES, new Uint8Array(key)];
  if (key !== null && typeof key === 'object' && !ArrayBuffer.isView(key)) {
    // Anything with `keys` is meant as a JWK set; the core says if it is not one.
    if (Object.hasOwn(key, 'keys')) {
      if (!allowSet) throw new TypeError('signing needs one key, not a key set');
      return [KEY_JWKS, encoder.encode(JSON.stringify(key))];
    }
    if (typeof (/** @type {any} */ (key).kty) === 'string') return [KEY_JWK, encoder.encode(JSON.stringify(key))];
  }
  throw new TypeError('key must be a string secret, a Uint8Array, a JWK object or a JWK set ({ keys: [...] })');
}

/**
 * Options read as written (see options.js), and their JSON for the core.
 * Extra header members travel as JSON text, which the core copies into the
 * header unchanged.
 * @param {unknown} options
 * @param {readonly string[]} names
 * @param {boolean} withKey whether `key` belongs to these options
 * @param {readonly string[]} [localNames] options of the JS API only, read
 *   the same way but kept out of the core's JSON (returned third)
 * @returns {[Record<string, unknown>, string, Record<string, unknown>]}
 */
function optionsJson(options, names, withKey, localNames = []) {
  const read = readOptions(options, localNames.length === 0 ? names : [...names, ...localNames], withKey);
  /** @type {Record<string, unknown>} */
  const local = {};
  for (const name of localNames) {
    if (name in read) {
      local[name] = read[name];
      delete read[name];
    }
  }
  if ('header' in read) {
    if (read.header === null || typeof read.header !== 'object' || Array.isArray(read.header)) {
      throw new TypeError('options.header must be an object');
    }
    read.header = JSON.stringify(read.header);
  }
  const json = JSON.stringify(read);
  // What options hold ends up in a token (sign) or is compared with one
  // (verify; lists of accepted issuers or audiences may be longer): a bound
  // far above any real use keeps huge strings out of wasm, whose memory
  // never shrinks. The core checks the exact token length.
  const bound = OPTIONS_BOUND * maxTokenLength(read);
  if (json.length > bound) {
    throw new TypeError(`options are ${json.length} characters of JSON, over ${bound} (${OPTIONS_BOUND} x maxTokenLength)`);
  }
  return [read, json, local];
}

/** Type and length checks done in JS, so oversized input never crosses into wasm. */
function checkToken(token, max) {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
  if (token.length > max) throw new JwtError('ERR_JWS_INVALID', 'the token is longer than maxTokenLength');
}

/**
 * The payload's JSON, refused in JS when its token would be longer than
 * `max`: base64url makes 4 characters of every 3 bytes, and a string has at
 * least as many UTF-8 bytes as UTF-16 units, so this bound never refuses a
 * token that fits (the core checks the exact length before it signs).
 * Nothing oversized crosses into wasm, whose memory never shrinks.
 */
function payloadJson(payload, max) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new TypeError('payload must be a plain object');
  }
  const json = JSON.stringify(payload);
  const atLeast = Math.ceil((json.length * 4) / 3);
  if (atLeast > max) {
    throw new JwtError('ERR_JWS_INVALID', `the token would be over ${atLeast} characters, longer than maxTokenLength (${max})`);
  }
  return json;
}

function freed() {
  return new TypeError('this signer or verifier was freed');
}

function requireKeyed(options) {
  if (options === null || typeof options !== 'object' || !('key' in options)) {
    throw new TypeError('options must be an object with a key');
  }
}

/**
 * The API over one instantiated wasm module (the HMAC-only one for
 * `ferrojwt`, the full one for `ferrojwt/full`). The entry files call this
 * once the module is ready.
 * @param {any} wasm the wasm-bindgen glue, initialised
 * @param {{ deferring?: Function, check?: Function, refusing?: Function, busy?: boolean, collecting?: <R>(f: () => R) => [R, number[]], release?: (handles: number[]) => void }} [platform] native
 *   public-key verification (native-node.js answers at once; native-web.js
 *   defers to `verifyAsync`); without one the full build's wasm does the
 *   arithmetic, and the HMAC-only build verifies no public-key signature
 */
export function bind(wasm, platform) {
  // One pair of buffers per module instance, reused by every call.
  const io = new wasm.Io();
  // The platform's native keys: made while a verifier is built (their
  // handles stay in the wasm verifier), released when it is freed or
  // collected, or at once for one-shot verification.
  /** @type {<R>(f: () => R) => [R, number[]]} */
  const collecting = typeof platform?.collecting === 'function' ? platform.collecting : (f) => [f(), []];
  const release = (/** @type {number[]} */ handles) => {
    if (handles.length > 0) platform?.release?.(handles);
  };
  const orphans = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(release) : null;
  /** Whether public-key checks are deferred to an asynchronous platform (WebCrypto). */
  const deferrable = typeof platform?.deferring === 'function' && typeof platform.check === 'function' && typeof platform.refusing === 'function';
  /**
   * While a deferring platform records its checks (one wasm call), a
   * verification started from inside it (a patched global the platform
   * calls, say) would have its signature "checked" by the recording: refused.
   */
  function notReentered() {
    if (platform?.busy === true) throw new Error('ferrojwt: a verification was started inside another one');
  }
  const memory = wasm.wasmMemory();
  let bytes = new Uint8Array(memory.buffer);

  /** The module's memory as bytes (a new view after the memory grew). */
  function heap() {
    if (bytes.buffer !== memory.buffer) bytes = new Uint8Array(memory.buffer);
    return bytes;
  }

  /**
   * Writes `text` into the input buffer as UTF-8; returns the byte length.
   * Three bytes per UTF-16 unit is the most UTF-8 can need.
   */
  function put(text) {
    const room = text.length * 3;
    const ptr = io.input(room);
    return encoder.encodeInto(text, heap().subarray(ptr, ptr + room)).written;
  }

  /** The output of the last call, `len` bytes: a result or an encoded error. */
  function output(len) {
    const ptr = io.output();
    return decoder.decode(heap().subarray(ptr, ptr + len));
  }

  /** The output of the last call; an encoded error is thrown. */
  function take(len) {
    const out = output(len);
    if (out[0] === ERROR_START) throw decodeError(out);
    return out;
  }

  /**
   * A verification's result with public-key signatures checked by the
   * platform's asynchronous native code (WebCrypto), where the platform has
   * some: `run` makes the one wasm call with those checks deferred, and its
   * output is released only once they pass. A claim error waits for them
   * too, so a forged token is always a signature failure. Elsewhere (Node's
   * synchronous node:crypto, HMAC, no platform) it is `sync()`.
   * @param {() => number} run
   * @param {() => object} sync the same verification, synchronously
   */
  async function settle(run, sync) {
    if (!deferrable) return sync();
    const [len, checks] = /** @type {Function} */ (platform?.deferring)(run);
    const out = output(len);
    if (checks.length > 0) {
      const passed = await /** @type {Function} */ (platform?.check)(checks);
      if (passed === null) return /** @type {Function} */ (platform?.refusing)(sync);
      if (!passed) throw new JwtError('ERR_JWS_SIGNATURE_VERIFICATION_FAILED', SIGNATURE_FAILED);
    }
    if (out[0] === ERROR_START) throw decodeError(out);
    return JSON.parse(out);
  }

  /**
   * Decodes a token without verifying it.
   * @param {string} token
   * @param {{ maxTokenLength?: number }} [options]
   */
  function decode(token, options) {
    const max = maxTokenLength(readOptions(options, DECODE_OPTIONS));
    checkToken(token, max);
    const len = put(token);
    return JSON.parse(take(io.decode(len, max)));
  }

  /**
   * Decodes only the protected header, without verifying anything.
   * @param {string} token
   * @param {{ maxTokenLength?: number }} [options]
   */
  function decodeHeader(token, options) {
    const max = maxTokenLength(readOptions(options, DECODE_OPTIONS));
    checkToken(token, max);
    const len = put(token);
    return JSON.parse(take(io.decodeHeader(len, max)));
  }

  /**
   * A one-shot verification, ready to run: options and key read, the token
   * in the input buffer and the time taken, so that running it is the wasm
   * call alone (while a deferring platform records, nothing else may run).
   * Running it returns the output length.
   */
  function oneShot(token, key, options) {
    const [read, json] = optionsJson(options, VERIFY_OPTIONS, false);
    checkToken(token, maxTokenLength(read));
    const [kind, keyBytes] = keyParts(key, true);
    notReentered();
    const len = put(token);
    const now = nowSeconds();
    return () => {
      const [out, handles] = collecting(() => io.verifyOnce(len, kind, keyBytes, json, now, platform));
      release(handles); // a deferred check keeps what it needs of the key
      return out;
    };
  }

  /**
   * Verifies a token's signature and claims.
   * @param {string} token
   * @param {unknown} key
   * @param {object} [options]
   */
  function verify(token, key, options) {
    return JSON.parse(take(oneShot(token, key, options)()));
  }

  /**
   * `verify`, with public-key signatures checked by WebCrypto in browsers,
   * Deno and workerd; the same answers as `verify` (which, in the HMAC-only
   * build there, verifies no public-key signature: it has no arithmetic).
   * @param {string} token
   * @param {unknown} key
   * @param {object} [options]
   */
  async function verifyAsync(token, key, options) {
    if (!deferrable) return verify(token, key, options);
    return settle(oneShot(token, key, options), () => verify(token, key, options));
  }

  /**
   * Signs a payload into a compact JWS.
   * @param {object} payload
   * @param {unknown} key
   * @param {object} [options]
   */
  function sign(payload, key, options) {
    const [read, optionText] = optionsJson(options, SIGN_OPTIONS, false);
    const json = payloadJson(payload, maxTokenLength(read));
    const [kind, keyBytes] = keyParts(key, false);
    const len = put(json);
    return take(io.signOnce(len, kind, keyBytes, optionText, nowSeconds()));
  }

  /**
   * A verifier with its key and options prepared inside wasm once.
   * @param {{ key: unknown }} options
   */
  function createVerifier(options) {
    requireKeyed(options);
    const [read, json, local] = optionsJson(options, VERIFY_OPTIONS, true, VERIFIER_ONLY_OPTIONS);
    const max = maxTokenLength(read);
    const cacheOptions = readCacheOption(local.cache);
    const [kind, bytes] = keyParts(options.key, true);
    let inner;
    /** @type {number[]} */
    let handles = [];
    try {
      [inner, handles] = collecting(() => wasm.WasmVerifier.create(kind, bytes, json, platform));
    } catch (e) {
      rethrow(e);
    }
    const timing = cacheOptions === null ? null : [0, 1, 2].map((i) => inner.timing(i));
    const cache = cacheOptions === null || timing === null ? null : createVerifiedCache(cacheOptions, timing);
    /** The time the verifier checks at: its fixed `now` option, or the clock. */
    const at = () => (timing === null || Number.isNaN(timing[2]) ? nowSeconds() : timing[2]);
    const verifier = {
      verify(token) {
        checkToken(token, max);
        if (inner === null) throw freed();
        const hit = cache?.get(token, at());
        if (hit !== undefined) return hit;
        notReentered();
        const len = put(token);
        const result = JSON.parse(take(inner.verify(io, len, nowSeconds())));
        return cache === null ? result : cache.set(token, result, at());
      },
      /** `verify`, with public-key signatures checked by WebCrypto where it is the platform's. */
      async verifyAsync(token) {
        checkToken(token, max);
        if (inner === null) throw freed();
        const hit = cache?.get(token, at());
        if (hit !== undefined) return hit;
        if (!deferrable) return verifier.verify(token);
        notReentered();
        const prepared = inner;
        const len = put(token);
        const now = nowSeconds();
        const result = await settle(() => prepared.verify(io, len, now), () => verifier.verify(token));
        return cache === null ? result : cache.set(token, result, at());
      },
      /** Frees the wasm memory and the native keys now (otherwise the garbage collector does). */
      free() {
        inner?.free();
        inner = null;
        release(handles);
        handles = [];
        orphans?.unregister(verifier);
      },
    };
    if (handles.length > 0) orphans?.register(verifier, handles, verifier);
    return verifier;
  }

  /**
   * A signer with its key, header and options prepared inside wasm once.
   * @param {{ key: unknown }} options
   */
  function createSigner(options) {
    requireKeyed(options);
    const [read, json] = optionsJson(options, SIGN_OPTIONS, true);
    const max = maxTokenLength(read);
    const [kind, bytes] = keyParts(options.key, false);
    let inner;
    try {
      inner = wasm.WasmSigner.create(kind, bytes, json);
    } catch (e) {
      rethrow(e);
    }
    return {
      sign(payload) {
        const json = payloadJson(payload, max);
        if (inner === null) throw freed();
        const len = put(json);
        return take(inner.sign(io, len, nowSeconds()));
      },
      /** Frees the wasm memory now (otherwise the garbage collector does). */
      free() {
        inner?.free();
        inner = null;
      },
    };
  }

  /**
   * A new random HMAC secret, as long as the algorithm's hash. Made by the
   * platform CSPRNG in JS (what the wasm side would call anyway), so the
   * secret never sits in wasm memory.
   * @param {'HS256' | 'HS384' | 'HS512'} [alg]
   */
  function generateSecret(alg = 'HS256') {
    if (typeof alg !== 'string') throw new TypeError('alg must be a string');
    const length = Object.hasOwn(SECRET_LENGTHS, alg) ? SECRET_LENGTHS[alg] : undefined;
    if (length === undefined) throw new TypeError('generateSecret takes "HS256", "HS384" or "HS512"');
    return globalThis.crypto.getRandomValues(new Uint8Array(length));
  }

  /**
   * A new key pair as JWKs (`ferrojwt/full`).
   * @param {string} alg
   * @param {{ kid?: string, modulusLength?: number }} [options]
   */
  function generateKeyPair(alg, options = {}) {
    if (typeof alg !== 'string') throw new TypeError('alg must be a string');
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    const { kid = '', modulusLength = 2048 } = options;
    if (typeof kid !== 'string') throw new TypeError('options.kid must be a string');
    if (!Number.isInteger(modulusLength) || modulusLength < 0) {
      throw new TypeError('options.modulusLength must be a whole number of bits');
    }
    try {
      return JSON.parse(wasm.generateKeyPair(alg, modulusLength, kid));
    } catch (e) {
      return rethrow(e);
    }
  }

  /**
   * The public JWK of an RSA, EC or OKP key given as PEM or JWK
   * (`ferrojwt/full`): what a server publishes in its JWKS.
   * @param {unknown} key
   */
  function exportPublicJwk(key) {
    const [kind, keyBytes] = keyParts(key, false);
    try {
      return JSON.parse(wasm.exportPublicJwk(kind, keyBytes));
    } catch (e) {
      return rethrow(e);
    }
  }

  const api = { decode, decodeHeader, verify, verifyAsync, sign, createVerifier, createSigner, generateSecret };
  return typeof wasm.generateKeyPair === 'function' ? { ...api, generateKeyPair, exportPublicJwk } : api;
}
