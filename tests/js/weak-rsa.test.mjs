// ferrojwt/full and RSA keys of an accepted size that are weak all the same
// (issue 12, part 4): public exponent 1, below 3 or even, and moduli with the
// ROCA fingerprint (CVE-2017-15361, Infineon RSALib). Every way a key reaches
// the library refuses them with ERR_JWK_INVALID and the reason: verify,
// createVerifier, a key set (only the weak key is unusable) and sign. The
// keys are in tests/vectors/weak-rsa.json, made by scripts/gen-weak-rsa.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as full from 'ferrojwt/full';

const vectors = JSON.parse(readFileSync(new URL('../vectors/weak-rsa.json', import.meta.url), 'utf8'));
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const publicOf = (jwk) => Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE.includes(k)));
const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
const PEM_FORMS = ['spki', 'pkcs1_public', 'pkcs8', 'pkcs1_private'];

// Each weak key with what its refusal must say.
const WEAK = [
  ['roca', /ROCA fingerprint \(CVE-2017-15361/],
  ['e1', /public exponent e is 1/],
  ['e2', /public exponent e is below 3/],
  ['e4', /public exponent e is even/],
  ['e65538', /public exponent e is even/],
].map(([name, reason]) => ({ name, reason, ...vectors.weak[name] }));

const control = vectors.control;
const goodPublic = { ...publicOf(control.jwk), kid: 'good' };

function throwsJwt(fn, code, message) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof full.JwtError, `expected JwtError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/**
 * An RS256 token signed by node:crypto with the key's own private JWK, so
 * that nothing but the key's weakness can stop it. Node (OpenSSL) may refuse
 * a key such as e = 1 or an even e; then any signature will do, since the
 * key has to be refused before its signature is looked at. Returns the token
 * and how it was signed.
 */
function tokenFor(jwk, kid) {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64({ sub: kid, iat: now, exp: now + 600 })}`;
  try {
    const key = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
    return { token: `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`, by: 'node:crypto' };
  } catch {
    return { token: `${input}.${Buffer.alloc(256, 7).toString('base64url')}`, by: 'a made-up signature' };
  }
}

test('the control key (an ordinary 2048-bit key) works in every form', () => {
  const { token } = tokenFor(control.jwk, 'good');
  for (const key of [publicOf(control.jwk), ...PEM_FORMS.map((f) => control[f]), { keys: [goodPublic] }]) {
    assert.equal(full.verify(token, key).payload.sub, 'good');
  }
  assert.equal(full.createVerifier({ key: publicOf(control.jwk) }).verify(token).payload.sub, 'good');
  for (const key of [control.jwk, control.pkcs8, control.pkcs1_private]) {
    const ours = full.sign({ sub: 'ours' }, key, { alg: 'RS256' });
    assert.equal(full.verify(ours, publicOf(control.jwk)).payload.sub, 'ours');
  }
});

for (const weak of WEAK) {
  test(`${weak.name} (${weak.description}): refused everywhere with ERR_JWK_INVALID`, (t) => {
    const { token, by } = tokenFor(weak.jwk, weak.name);
    t.diagnostic(`token for ${weak.name} signed with ${by}`);
    const publicJwk = publicOf(weak.jwk);

    // verify(token, key): as a public JWK, as the private JWK, as each PEM.
    for (const key of [publicJwk, weak.jwk, ...PEM_FORMS.map((f) => weak[f])]) {
      throwsJwt(() => full.verify(token, key), 'ERR_JWK_INVALID', weak.reason);
    }
    // A prepared verifier refuses the key when it is made.
    throwsJwt(() => full.createVerifier({ key: publicJwk }), 'ERR_JWK_INVALID', weak.reason);
    throwsJwt(() => full.createVerifier({ key: weak.spki }), 'ERR_JWK_INVALID', weak.reason);
    // sign: the private JWK and the private PEMs never sign.
    for (const key of [weak.jwk, weak.pkcs8, weak.pkcs1_private]) {
      throwsJwt(() => full.sign({ sub: 'x' }, key, { alg: 'RS256' }), 'ERR_JWK_INVALID', weak.reason);
    }
    throwsJwt(() => full.createSigner({ key: weak.jwk, alg: 'RS256' }), 'ERR_JWK_INVALID', weak.reason);
  });

  test(`${weak.name} in a key set: a token naming it gets its reason, the good key still verifies`, () => {
    const set = { keys: [{ ...publicOf(weak.jwk), kid: weak.name }, goodPublic] };
    const { token: good } = tokenFor(control.jwk, 'good');
    const { token: bad } = tokenFor(weak.jwk, weak.name);
    const verifier = full.createVerifier({ key: set });
    for (const check of [(tk) => full.verify(tk, set), (tk) => verifier.verify(tk)]) {
      assert.equal(check(good).payload.sub, 'good');
      throwsJwt(() => check(bad), 'ERR_JWK_INVALID', weak.reason);
    }
  });
}
