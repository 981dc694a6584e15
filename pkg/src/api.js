// Part 1 of the public API: a thin, synchronous layer over the wasm module.
// It checks argument types (so wrong types are TypeErrors, never traps),
// turns keys and options into bytes and JSON once, and crosses into wasm
// once per call. Tokens and payloads go in and come out through one pair of
// buffers in wasm memory (see `Io` in src/bindings.rs).

import { JwtError, decodeError } from './errors.js';

export { JwtError };

const DEFAULT_MAX_TOKEN_LENGTH = 16 * 1024;
const KEY_TEXT = 0;
const KEY_BYTES = 1;
const KEY_JWK = 2;
const KEY_JWKS = 3;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const NO_OPTIONS = '{}';
/** RFC 7518 3.2: an HMAC key as long as the hash output. */
const SECRET_LENGTHS = { HS256: 32, HS384: 48, HS512: 64 };

/** Constructors throw the encoded error as a string. */
function rethrow(e) {
  throw typeof e === 'string' ? decodeError(e) : e;
}

/** Seconds since the epoch: every time in the API is in seconds. */
function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * @param {unknown} key
 * @param {boolean} allowSet
 * @returns {[number, Uint8Array]}
 */
function keyParts(key, allowSet) {
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

function finiteOnly(_name, value) {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError('options must not hold NaN or Infinity');
  }
  if (typeof value === 'bigint') throw new TypeError('options must not hold BigInt values');
  return value;
}

/** A Date or a number of seconds, as seconds. */
function toSeconds(value, name) {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new TypeError(`options.${name} is an invalid Date`);
    return Math.floor(ms / 1000);
  }
  return value;
}

/**
 * Options as the JSON the core parses (and validates: unknown names are
 * refused there so that a typo cannot switch a check off).
 * @param {unknown} options
 * @param {boolean} withKey whether `key` belongs to these options
 */
function optionsJson(options, withKey) {
  if (options === undefined || options === null) return NO_OPTIONS;
  if (typeof options !== 'object' || Array.isArray(options)) throw new TypeError('options must be an object');
  const copy = { ...options };
  if (withKey) delete copy.key;
  if ('now' in copy) copy.now = toSeconds(copy.now, 'now');
  if ('iat' in copy) copy.iat = toSeconds(copy.iat, 'iat');
  // Extra header members travel as JSON text, which the core copies into
  // the header unchanged.
  if (copy.header !== undefined && copy.header !== null) {
    if (typeof copy.header !== 'object' || Array.isArray(copy.header)) throw new TypeError('options.header must be an object');
    copy.header = JSON.stringify(copy.header, finiteOnly);
  }
  return JSON.stringify(copy, finiteOnly);
}

function maxLengthOf(options) {
  const max = options?.maxTokenLength;
  if (max === undefined || max === null) return DEFAULT_MAX_TOKEN_LENGTH;
  if (!Number.isInteger(max) || max < 1 || max > 1e9) {
    throw new TypeError('options.maxTokenLength must be a positive whole number');
  }
  return max;
}

/** Type and length checks done in JS, so oversized input never crosses into wasm. */
function checkToken(token, max) {
  if (typeof token !== 'string') throw new TypeError('token must be a string');
  if (token.length > max) throw new JwtError('ERR_JWS_INVALID', 'the token is longer than maxTokenLength');
}

function payloadJson(payload) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new TypeError('payload must be a plain object');
  }
  return JSON.stringify(payload);
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
 * `jwt-wasm`, the full one for `jwt-wasm/full`). The entry files call this
 * once the module is ready.
 * @param {any} wasm the wasm-bindgen glue, initialised
 */
export function bind(wasm) {
  // One pair of buffers per module instance, reused by every call.
  const io = new wasm.Io();
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

  /** The output of the last call, `len` bytes; NUL first means an encoded error. */
  function take(len) {
    const ptr = io.output();
    const out = decoder.decode(heap().subarray(ptr, ptr + len));
    if (out.charCodeAt(0) === 0) throw decodeError(out);
    return out;
  }

  /**
   * Decodes a token without verifying it.
   * @param {string} token
   * @param {{ maxTokenLength?: number }} [options]
   */
  function decode(token, options) {
    const max = maxLengthOf(options);
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
    const max = maxLengthOf(options);
    checkToken(token, max);
    const len = put(token);
    return JSON.parse(take(io.decodeHeader(len, max)));
  }

  /**
   * Verifies a token's signature and claims.
   * @param {string} token
   * @param {unknown} key
   * @param {object} [options]
   */
  function verify(token, key, options) {
    checkToken(token, maxLengthOf(options));
    const [kind, keyBytes] = keyParts(key, true);
    const json = optionsJson(options, false);
    const len = put(token);
    return JSON.parse(take(io.verifyOnce(len, kind, keyBytes, json, nowSeconds())));
  }

  /**
   * Signs a payload into a compact JWS.
   * @param {object} payload
   * @param {unknown} key
   * @param {object} [options]
   */
  function sign(payload, key, options) {
    const json = payloadJson(payload);
    const [kind, keyBytes] = keyParts(key, false);
    const optionText = optionsJson(options, false);
    const len = put(json);
    return take(io.signOnce(len, kind, keyBytes, optionText, nowSeconds()));
  }

  /**
   * A verifier with its key and options prepared inside wasm once.
   * @param {object} options
   */
  function createVerifier(options) {
    requireKeyed(options);
    const [kind, bytes] = keyParts(options.key, true);
    let inner;
    try {
      inner = wasm.WasmVerifier.create(kind, bytes, optionsJson(options, true));
    } catch (e) {
      rethrow(e);
    }
    const max = maxLengthOf(options);
    return {
      verify(token) {
        checkToken(token, max);
        if (inner === null) throw freed();
        const len = put(token);
        return JSON.parse(take(inner.verify(io, len, nowSeconds())));
      },
      /** Frees the wasm memory now (otherwise the garbage collector does). */
      free() {
        inner?.free();
        inner = null;
      },
    };
  }

  /**
   * A signer with its key, header and options prepared inside wasm once.
   * @param {object} options
   */
  function createSigner(options) {
    requireKeyed(options);
    const [kind, bytes] = keyParts(options.key, false);
    let inner;
    try {
      inner = wasm.WasmSigner.create(kind, bytes, optionsJson(options, true));
    } catch (e) {
      rethrow(e);
    }
    return {
      sign(payload) {
        const json = payloadJson(payload);
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
    const length = SECRET_LENGTHS[alg];
    if (length === undefined) throw new TypeError('generateSecret takes "HS256", "HS384" or "HS512"');
    return globalThis.crypto.getRandomValues(new Uint8Array(length));
  }

  /**
   * A new key pair as JWKs (`jwt-wasm/full`).
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
   * (`jwt-wasm/full`): what a server publishes in its JWKS.
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

  const api = { decode, decodeHeader, verify, sign, createVerifier, createSigner, generateSecret };
  return typeof wasm.generateKeyPair === 'function' ? { ...api, generateKeyPair, exportPublicJwk } : api;
}
