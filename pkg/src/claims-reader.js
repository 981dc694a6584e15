// The payload of a compact JWS, read in plain JS and verified in no way:
// for ferrojwt/client, which reads `exp` and `iat` of its own access token
// and shows its claims. Reading them through the wasm `decode` cost a Vite
// app 53,556 bytes gzip (the wasm and its glue) and held up its first render
// for the wasm download (top-level await); this module is 627 bytes gzip
// (esbuild --minify) and synchronous from the start.
//
// It accepts the tokens `decode` accepts, checked against it as an oracle
// in tests/js/claims-reader.test.mjs: at most 16 KiB; three segments, each
// strict base64url (URL alphabet, no padding, canonical trailing bits), the
// signature included; UTF-8 text; a header and a payload that are each one
// JSON object of at most 1000 members per object, 128 levels deep, with no
// lone surrogate in a string, no number too large for a double, and no
// member name twice at the top level. Anything else reads as null, never as
// an exception, so a malformed stored token reads as "no claims".
//
// Repeated names: refused at the top level, as decode refuses them there
// (a verifier and JSON.parse would otherwise see different values for one
// claim). For the client itself that matters little: it only reads tokens
// its own server issued and verified, and the server has the last word;
// but the check costs a Set, so both readers keep one contract.
//
// One difference is known: decode's JSON reader (src/json.rs) scales
// decimals to within an ulp or two, so a number a hair over Number.MAX_VALUE
// that JSON.parse rounds down to it (1.7976931348623158e308) is an overflow
// to decode and a number here. No claim the client reads comes near it.

import { DEFAULT_MAX_TOKEN_LENGTH } from './options.js';

/**
 * Strict base64url: groups of four, then two characters whose last leaves
 * its low 4 bits zero, or three whose last leaves its low 2 bits zero (RFC
 * 7515 section 2: the one canonical encoding). Empty is a valid segment.
 */
const SEGMENT = /^(?:[\w-]{4})*(?:[\w-][AQgw]|[\w-]{2}[AEIMQUYcgkosw048])?$/;

/** `decode`'s limits on JSON (src/json.rs MAX_MEMBERS and MAX_DEPTH). */
const MAX_MEMBERS = 1000;
const MAX_DEPTH = 128;

/**
 * The tokens of a JSON text that decode's limits are about: string literals
 * (with the colon that follows a member name), brackets and numbers. In a
 * text JSON.parse has accepted, matching from the start keeps every match
 * aligned: outside strings there is no `"`, and `true`, `false` and `null`
 * hold no digit.
 */
const TOKEN = /("[^"\\]*(?:\\.[^"\\]*)*")([ \t\n\r]*:)?|[{}[\]]|-?\d[\d.eE+-]*/g;

/** A lone surrogate (in `u` mode a pair is one code point, so never matches). */
const LONE_SURROGATE = /\p{Cs}/u;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The text a strict base64url segment encodes (a TypeError for bytes that
 * are not UTF-8). `atob` alone is lenient (padding, whitespace, stray bits):
 * SEGMENT has already refused all of that.
 * @param {string} segment
 */
function segmentText(segment) {
  const binary = atob(segment.replace(/-/g, '+').replace(/_/g, '/'));
  return utf8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * The JSON object `text` holds, or null when it is not one decode accepts.
 * JSON.parse checks the grammar; decode's other limits are checked on the
 * text, as decode checks them: on every value written, a repeated member's
 * dropped one included, and unique names at the top level only (decode's
 * rule: its JSON reader walks nested objects without comparing names, and
 * JSON.parse keeps the last of a repeated nested name on both sides).
 * @param {string} text
 * @returns {Record<string, unknown> | null}
 */
function jsonObject(text) {
  const value = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  /** Members so far of each open object (and a count for each open array). */
  const open = [];
  const names = new Set();
  for (const [token, string, colon] of text.matchAll(TOKEN)) {
    if (token === '{' || token === '[') {
      // The top-level object is not counted (open is empty then).
      if (open.length > MAX_DEPTH) return null;
      open.push(0);
    } else if (token === '}' || token === ']') {
      open.pop();
    } else if (string) {
      // A raw lone surrogate cannot come out of the fatal UTF-8 decoder: only an escape makes one.
      const unescaped = string.includes('\\') ? JSON.parse(string) : string.slice(1, -1);
      if (LONE_SURROGATE.test(unescaped)) return null;
      if (colon) {
        if (++open[open.length - 1] > MAX_MEMBERS) return null;
        if (open.length === 1) {
          if (names.has(unescaped)) return null;
          names.add(unescaped);
        }
      }
    } else if (!Number.isFinite(Number(token))) {
      return null; // 1e400: JSON.parse gives Infinity, decode refuses it
    }
  }
  return value;
}

/**
 * The payload of a compact JWS, or null for anything `decode` would refuse.
 * Nothing is verified: never base an authorization decision on it.
 * @param {unknown} token
 * @returns {Record<string, unknown> | null}
 */
export function readClaims(token) {
  if (typeof token !== 'string' || token.length > DEFAULT_MAX_TOKEN_LENGTH) return null;
  const segments = token.split('.');
  if (segments.length !== 3 || !segments.every((s) => SEGMENT.test(s))) return null;
  try {
    return jsonObject(segmentText(segments[0])) && jsonObject(segmentText(segments[1]));
  } catch {
    return null; // not UTF-8, or not JSON
  }
}
