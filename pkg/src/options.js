// Options as the caller wrote them. Each known option is read by name, as
// destructuring reads it (own, inherited or a getter), and copied into a
// fresh plain object of plain JSON values: nothing the caller's object does
// when serialized (its own `toJSON`, inherited members JSON.stringify skips,
// `undefined` it drops) can switch a check off.

// The option names and the default length are the wasm side's (abi.js is
// generated from src/wasm/abi.rs); re-exported for the other modules here.
export {
  DECODE_OPTIONS, DEFAULT_MAX_TOKEN_LENGTH, SIGN_OPTIONS, VERIFY_OPTIONS,
} from './abi.js';
import { DEFAULT_MAX_TOKEN_LENGTH } from './abi.js';

/** Options given as a Date or seconds: kept as whole seconds. */
const TIMES = new Set(['now', 'iat']);

function unknown(name) {
  return new TypeError(`unknown option "${name}" (refused so that a typo cannot switch a check off)`);
}

/** A Date or a number of seconds, as seconds. */
function toSeconds(value, path) {
  if (!(value instanceof Date)) return value;
  const ms = value.getTime();
  if (Number.isNaN(ms)) throw new TypeError(`${path} is an invalid Date`);
  return Math.floor(ms / 1000);
}

/**
 * Deeper than this, a value is refused here rather than overflow the
 * recursion below (the core's own JSON limit, 128 levels, is far inside it).
 */
const MAX_NESTING = 1000;

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` made only of JSON values (null, booleans, finite
 * numbers, strings, arrays, plain objects), or a TypeError naming the path
 * of the first thing that is not one. Each member is read once, so a getter
 * cannot answer the check one way and the serializer another.
 * @param {unknown} value
 * @param {string} path e.g. `options.claims.role`
 * @param {Set<object>} parents for cycles (its size is the nesting depth)
 * @returns {unknown}
 */
function plainJson(value, path, parents = new Set()) {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} must be a finite number`);
      return value;
    case 'undefined':
      throw new TypeError(`${path} is undefined: give a value or leave it out (a missing value never means "no check")`);
    case 'object':
      break;
    default:
      throw new TypeError(`${path} must be a JSON value, not a ${typeof value}`);
  }
  if (value === null) return null;
  if (parents.has(value)) throw new TypeError(`${path} is circular`);
  if (parents.size >= MAX_NESTING) throw new TypeError(`${path} nests too deep`);
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) {
    throw new TypeError(`${path} must be a plain object, array or JSON value (not a ${value.constructor?.name ?? 'special object'})`);
  }
  parents.add(value);
  let copy;
  if (isArray) {
    copy = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) throw new TypeError(`${path}[${i}] is empty (a sparse array)`);
      copy.push(plainJson(value[i], `${path}[${i}]`, parents));
    }
  } else {
    // No prototype: a "__proto__" member (as JSON.parse makes) stays a member.
    copy = Object.create(null);
    for (const key of Object.keys(value)) {
      copy[key] = plainJson(value[key], `${path}.${key}`, parents);
    }
  }
  parents.delete(value);
  return copy;
}

/**
 * Refuses any name on `options` or its prototypes (up to Object.prototype)
 * that is not an option: enumerable or not, a value or a getter (a
 * misspelled `get isuer()` counts). Methods are let be: a config object may
 * have some.
 */
function refuseUnknown(options, names, withKey) {
  for (let o = options; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (names.includes(name) || (withKey && name === 'key') || name === 'constructor') continue;
      const d = Object.getOwnPropertyDescriptor(o, name);
      const method = d !== undefined && 'value' in d && typeof d.value === 'function' && !d.enumerable;
      if (!method) throw unknown(name);
    }
  }
}

/**
 * The `names` the caller's options set, each read by name (own or
 * inherited, a value or a getter, or what a Proxy answers), as they are. A
 * name present with the value `undefined` is a TypeError naming it, and so
 * is any other name the object holds (see refuseUnknown); `key` is skipped
 * where the options carry the key. For options that are not JSON (a
 * verifier, a fetch function, a KV binding); readOptions is for the core's.
 * @param {unknown} options
 * @param {readonly string[]} names
 * @param {boolean} [withKey]
 * @returns {Record<string, unknown>}
 */
export function readByName(options, names, withKey = false) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError('options must be an object');
  }
  refuseUnknown(options, names, withKey);
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const name of names) {
    const value = /** @type {Record<string, unknown>} */ (options)[name];
    // Absent only when both agree: a Proxy may answer `get` without `has`.
    if (value === undefined && !(name in options)) continue;
    if (value === undefined) throw new TypeError(`options.${name} is undefined: give a value or leave it out (a missing value never means "no check")`);
    out[name] = value;
  }
  return out;
}

/**
 * The caller's options for the core, as a plain object of the `names` it
 * sets (read as readByName reads them), each copied as plain JSON.
 * @param {unknown} options
 * @param {readonly string[]} names
 * @param {boolean} [withKey]
 * @returns {Record<string, unknown>}
 */
export function readOptions(options, names, withKey = false) {
  const out = readByName(options, names, withKey);
  for (const [name, value] of Object.entries(out)) {
    const path = `options.${name}`;
    out[name] = plainJson(TIMES.has(name) ? toSeconds(value, path) : value, path);
  }
  // An empty `claims` checks nothing: it is what an object that only looks
  // full (a Proxy with a `get` trap and no keys) reads as.
  if (out.claims !== undefined && out.claims !== null && typeof out.claims === 'object'
    && !Array.isArray(out.claims) && Object.keys(out.claims).length === 0) {
    throw new TypeError('options.claims is empty, so it checks nothing: leave it out');
  }
  return out;
}

/**
 * `maxTokenLength` of options already read: a positive whole number.
 * @param {Record<string, unknown>} read
 * @returns {number}
 */
export function maxTokenLength(read) {
  if (!('maxTokenLength' in read)) return DEFAULT_MAX_TOKEN_LENGTH;
  const max = /** @type {number} */ (read.maxTokenLength);
  if (!Number.isInteger(max) || max < 1 || max > 1e9) {
    throw new TypeError('options.maxTokenLength must be a positive whole number');
  }
  return max;
}
