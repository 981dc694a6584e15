// ferrojwt/client reads its tokens' claims in plain JS (pkg/src/claims-reader.js)
// instead of through the wasm `decode`. The two must agree: a token decode
// accepts gives the same payload, and a token decode refuses reads as null
// (never an exception), so a malformed stored token reads as "no claims".
// The wasm decode is the oracle, over named cases and a few thousand
// generated ones (well-formed tokens and mutations of them at the
// base64url, byte and JSON levels).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode } from 'ferrojwt';
import { createAuthClient, createTokenStore } from 'ferrojwt/client';
import { readClaims } from '../../pkg/src/claims-reader.js';

/** decode's payload, or null where it throws. */
function oracle(token) {
  try {
    return decode(token).payload;
  } catch {
    return null;
  }
}

const enc = (text) => Buffer.from(text).toString('base64url');
const HEADER = enc('{"alg":"HS256","typ":"JWT"}');
const SIG = enc('signature bytes!');
/** A token whose header and payload are these JSON texts. */
const token = (payload, header = '{"alg":"HS256"}', sig = SIG) => `${enc(header)}.${enc(payload)}.${sig}`;
const VALID = token('{"sub":"42","exp":4102444800,"iat":1700000000}');

/** Tokens decode refuses, by the rule they break. */
const REFUSED = {
  'two segments': `${HEADER}.${enc('{}')}`,
  'four segments': `${VALID}.${SIG}`,
  'five segments (JWE)': `${VALID}.${SIG}.${SIG}`,
  'an empty header segment': `.${enc('{}')}.${SIG}`,
  'an empty payload segment': `${HEADER}..${SIG}`,
  'padding on the payload': `${HEADER}.${enc('{"a":1}')}==.${SIG}`,
  'padding on the signature': `${HEADER}.${enc('{}')}.${enc('ab')}=`,
  'the standard alphabet (+)': `${HEADER}.eyJhIjoifn5+In0.${SIG}`, // {"a":"~~~"}, whose base64url is eyJhIjoifn5-In0
  'the standard alphabet (/)': `${HEADER}.${enc('{}')}.${SIG.slice(0, 2)}/${SIG.slice(3)}`,
  'non-canonical trailing bits (payload)': `${HEADER}.${enc('{"a":1}').slice(0, -1)}${String.fromCharCode(enc('{"a":1}').at(-1).charCodeAt(0) + 1)}.${SIG}`,
  'non-canonical trailing bits (signature)': `${HEADER}.${enc('{}')}.YR`,
  'a lone base64url character': `${HEADER}.${enc('{}')}.Y`,
  'a space in a segment': `${HEADER}.${enc('{"a":1}').slice(0, 2)} ${enc('{"a":1}').slice(2)}.${SIG}`,
  'a payload that is an array': token('[1,2]'),
  'a payload that is a string': token('"claims"'),
  'a payload that is a number': token('42'),
  'a payload that is null': token('null'),
  'a header that is an array': token('{}', '["HS256"]'),
  'a payload that is not JSON': token('{sub: 42}'),
  'trailing text after the payload': token('{"a":1} x'),
  'a byte-order mark before the payload': token('\ufeff{"a":1}'),
  'a duplicate payload member': token('{"exp":1,"exp":4102444800}'),
  'a duplicate member, one escaped': token('{"exp":1,"\\u0065xp":2}'),
  'a duplicate header member': token('{}', '{"alg":"HS256","alg":"none"}'),
  'a lone surrogate escape': token('{"a":"\\ud800"}'),
  'a lone surrogate in a repeated nested member\'s dropped value': token('{"a":{"b":"\\udfff","b":2}}'),
  '1001 members in a nested object, some repeated': token(`{"a":{${Array.from({ length: 1001 }, (_, i) => `"k${i % 600}":${i}`).join(',')}}}`),
  'a lone surrogate in a name': token('{"\\udc00":1}'),
  'a number too large for a double': token('{"exp":1e400}'),
  'an integer of 400 digits': token(`{"exp":${'9'.repeat(400)}}`),
  'nesting 129 levels deep': token(`{"a":${'['.repeat(129)}${']'.repeat(129)}}`),
  '1001 members in one object': token(JSON.stringify(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i])))),
  'a raw control character in a string': token('{"a":"x\u0001y"}'),
  'bytes that are not UTF-8': `${HEADER}.${Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]).toString('base64url')}.${SIG}`,
  'an overlong UTF-8 encoding': `${HEADER}.${Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]).toString('base64url')}.${SIG}`,
  'a surrogate encoded in UTF-8': `${HEADER}.${Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]).toString('base64url')}.${SIG}`,
  'a token over 16 KiB': token(JSON.stringify({ pad: 'x'.repeat(12 * 1024) })),
  'not a token at all': 'mF_9.B5f-4.1JqM',
  'an opaque token': 'Ab~+/09-_.xyz==',
};

/** Tokens decode accepts, with the payload both must give. */
const ACCEPTED = {
  'a simplejwt-like token': [VALID, { sub: '42', exp: 4102444800, iat: 1700000000 }],
  'an empty signature (unsigned)': [token('{"a":1}', '{"alg":"none"}', ''), { a: 1 }],
  'an empty payload object': [token('{}'), {}],
  'whitespace around and inside': [token(' \t\n{ "a" : [ 1 , 2 ] }\r\n'), { a: [1, 2] }],
  'escapes and non-ASCII text': [token('{"n":"\\u00e9\\ud83d\\ude00\\/\\"","é":"日本"}'), { n: 'é😀/"', é: '日本' }],
  'nesting 128 levels deep': [token(`{"a":${'['.repeat(128)}${']'.repeat(128)}}`), { a: JSON.parse(`${'['.repeat(128)}${']'.repeat(128)}`) }],
  // decode compares names at the top level only, and JSON.parse keeps the last.
  'a repeated nested member': [token('{"a":{"b":1,"b":2}}'), { a: { b: 2 } }],
  'a member named __proto__': [token('{"__proto__":{"admin":true}}'), JSON.parse('{"__proto__":{"admin":true}}')],
  'a tiny number': [token('{"a":1e-400,"b":-0.5e-3}'), { a: 0, b: -0.0005 }],
  '1000 members in one object': [token(JSON.stringify(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i])))),
    Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]))],
};

test('named cases: decode and the reader refuse the same tokens, and read the same claims', () => {
  for (const [name, t] of Object.entries(REFUSED)) {
    assert.throws(() => decode(t), undefined, `decode refuses ${name}`);
    assert.equal(readClaims(t), null, `the reader refuses ${name}`);
  }
  for (const [name, [t, payload]] of Object.entries(ACCEPTED)) {
    assert.deepEqual(decode(t).payload, payload, `decode reads ${name}`);
    assert.deepEqual(readClaims(t), payload, `the reader reads ${name}`);
  }
  for (const value of [undefined, null, 42, {}, ['a', 'b', 'c']]) assert.equal(readClaims(value), null);
});

/** A small seeded PRNG (mulberry32), so a failure can be replayed with CLAIMS_SEED. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env.CLAIMS_SEED ?? 13);

test(`generated cases (seed ${SEED}): the reader agrees with decode on every one`, (ctx) => {
  const random = prng(SEED);
  const int = (n) => Math.floor(random() * n);
  const pick = (list) => list[int(list.length)];
  const STRINGS = ['', 'a', 'sub', 'exp', 'é', '日本', '😀', '"', '\\', '/', '\n', '\u2028', '__proto__', 'x'.repeat(40), '\u0000', '\u007f'];
  const NUMBERS = [0, -0, 1, -1, 42, 1.5, -2.25, 1e21, 1e-7, 4102444800, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1.7976931348623157e308, 5e-324];
  /** A random JSON value, `depth` levels at most. */
  function value(depth) {
    const kind = int(depth > 0 ? 7 : 5);
    if (kind === 0) return null;
    if (kind === 1) return random() < 0.5;
    if (kind === 2) return pick(NUMBERS);
    if (kind === 3) return random() < 0.5 ? pick(STRINGS) : `${pick(STRINGS)}${int(1000)}`;
    if (kind === 4) return int(1e9);
    if (kind === 5) return Array.from({ length: int(4) }, () => value(depth - 1));
    return object(depth - 1);
  }
  function object(depth) {
    const o = {};
    for (let i = int(6); i > 0; i--) Object.defineProperty(o, random() < 0.8 ? pick(['sub', 'exp', 'iat', 'iss', 'aud', 'role', 'n', 'é', '__proto__']) + (random() < 0.5 ? '' : int(50)) : pick(STRINGS), { value: value(depth), enumerable: true, configurable: true, writable: true });
    return o;
  }
  /** JSON text of an object, sometimes spaced out or with escaped characters. */
  function text(o) {
    let s = JSON.stringify(o, null, random() < 0.2 ? pick([1, '\t', ' \n']) : undefined);
    if (random() < 0.2) s = s.replace(/[a-z]/g, (c) => (random() < 0.1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c));
    return s;
  }
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const JUNK = [...B64URL, '+', '/', '=', '.', ' ', '\n', '%', 'é', '~'];
  const JSON_JUNK = ['{', '}', '[', ']', ',', ':', '"', '\\', ' ', '0', '1', '-', '.', 'e', 'E', 'a', 'n', 't', '\u0000', '\u001f', '\u2028', '\\u', '\\ud800', '\\udc00', '1e999', '\ufeff'];
  const segment = (bytes) => Buffer.from(bytes).toString('base64url');
  const mutations = [
    // the token text: replace, insert or delete a character, add padding or a dot, cut it short
    (t) => { const i = int(t.length); return t.slice(0, i) + pick(JUNK) + t.slice(i + 1); },
    (t) => { const i = int(t.length + 1); return t.slice(0, i) + pick(JUNK) + t.slice(i); },
    (t) => { const i = int(t.length); return t.slice(0, i) + t.slice(i + 1); },
    (t) => { const parts = t.split('.'); const i = int(3); parts[i] += pick(['=', '==', '.', '']); return parts.join('.'); },
    (t) => t.slice(0, int(t.length)),
    // the JSON text: a character inserted, deleted or doubled, or a member repeated
    (t, header, payload) => { const i = int(payload.length + 1); return `${header}.${enc(payload.slice(0, i) + pick(JSON_JUNK) + payload.slice(i))}.${SIG}`; },
    (t, header, payload) => { const i = int(payload.length); return `${header}.${enc(payload.slice(0, i) + payload.slice(i + 1))}.${SIG}`; },
    (t, header, payload) => { const all = [...payload.matchAll(/"[^"\\]*"\s*:\s*[^,{}[\]]+/g)]; const m = all.length ? pick(all) : null; return m ? `${header}.${enc(`${payload.slice(0, m.index)}${m[0]},${payload.slice(m.index)}`)}.${SIG}` : t; },
    (t, header, payload) => `${header}.${enc(pick(['[', '"', '1', 'null', 'true', '']) + payload.slice(1))}.${SIG}`,
    // the bytes: one replaced by a byte that may not be UTF-8
    (t, header, payload) => { const b = Buffer.from(payload); b[int(b.length)] = 0x80 + int(128); return `${header}.${segment(b)}.${SIG}`; },
  ];
  let accepted = 0;
  let refused = 0;
  for (let n = 0; n < 4000; n++) {
    const header = random() < 0.7 ? HEADER : enc(text(object(1)));
    const payload = text(object(int(4)));
    const valid = `${header}.${enc(payload)}.${random() < 0.1 ? '' : segment(Array.from({ length: int(70) }, () => int(256)))}`;
    const t = n % 4 === 0 ? valid : pick(mutations)(valid, header, payload);
    const expected = oracle(t);
    assert.deepEqual(readClaims(t), expected, `case ${n}: ${JSON.stringify(t.length > 300 ? `${t.slice(0, 300)}...` : t)}`);
    if (expected === null) refused++;
    else accepted++;
  }
  ctx.diagnostic(`decode accepted ${accepted} and refused ${refused}; the reader agreed on every one`);
  // Both sides of the contract were exercised, not just one.
  assert.ok(accepted > 1000 && refused > 1000, `accepted ${accepted}, refused ${refused}`);
});

test('the client reads a stored token decode refuses as no claims, and does not throw', async () => {
  const malformed = `${VALID.slice(0, -2)}==`; // b64token-shaped, so the store keeps it as an opaque token
  const seen = [];
  const store = createTokenStore();
  store.set({ access: malformed, refresh: 'r1' });
  const client = createAuthClient({
    baseUrl: 'https://api.example.com',
    store,
    fetch: async (request) => {
      seen.push([new URL(request.url).pathname, request.headers.get('authorization')]);
      return new Response('{}', { status: 200 });
    },
  });
  assert.equal(client.claims, null);
  assert.equal(client.accessToken, malformed);
  assert.equal((await client.fetch('/api/me/')).status, 200);
  // No refresh on a token whose expiry cannot be read: it is sent as is.
  assert.deepEqual(seen, [['/api/me/', `Bearer ${malformed}`]]);
  store.set({ access: VALID, refresh: 'r1' });
  assert.deepEqual(client.claims, { sub: '42', exp: 4102444800, iat: 1700000000 });
});
