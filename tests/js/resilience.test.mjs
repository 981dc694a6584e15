// No input leaves the module unusable: a trap inside wasm would poison the
// instance for every later call, so we hammer one instance and then check
// that it still does its job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createVerifier, decode, decodeHeader, sign, verify, JwtError } from 'ferrojwt';

const SECRET = 'resilience-secret-of-32-bytes!!!';

function randomString(rand, n) {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rand();
    s += r < 0.3 ? '.' : r < 0.35 ? String.fromCharCode(Math.floor(rand() * 0x10ffff) % 0xd800) : 'Aa0-_=+/eyJ'[Math.floor(rand() * 11)];
  }
  return s;
}

function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('thousands of malformed inputs, then the same instance still verifies', () => {
  const good = sign({ sub: 'ok' }, SECRET, { expiresIn: '1h' });
  const verifier = createVerifier({ key: SECRET });
  const rand = mulberry32(12345);
  const [h, p, s] = good.split('.');
  const hostile = [
    '', '.', '..', '...', `${h}.${p}`, `${h}.${p}.${s}.`, 'x'.repeat(100_000), `${h}.${'A'.repeat(20_000)}.${s}`,
    `${Buffer.from('{"alg":"HS256"' + ',"a":['.repeat(5000)).toString('base64url')}.${p}.${s}`,
    `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('['.repeat(10_000)).toString('base64url')}.${s}`,
    '\ud800.\udfff.x', '\u0000.\u0000.\u0000',
  ];
  let failures = 0;
  for (let i = 0; i < 5000; i++) {
    const input = i < hostile.length ? hostile[i] : randomString(rand, Math.floor(rand() * 300));
    for (const fn of [() => verifier.verify(input), () => verify(input, SECRET), () => decode(input), () => decodeHeader(input)]) {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof JwtError, `unexpected ${e?.name}: ${e?.message} for ${JSON.stringify(input.slice(0, 80))}`);
        failures++;
      }
    }
  }
  assert.ok(failures >= 5000 * 4 - 10, 'hostile input is refused');
  assert.equal(verifier.verify(good).payload.sub, 'ok');
  assert.equal(verify(good, SECRET).payload.sub, 'ok');
  assert.equal(decode(good).payload.sub, 'ok');
});
