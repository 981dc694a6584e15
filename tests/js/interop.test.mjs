// Tokens cross between jose and ferrojwt in both directions, for each
// HMAC algorithm: same bytes on the wire, same claims checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jose from 'jose';
import { sign, verify, JwtError } from 'ferrojwt';

const ALGS = { HS256: 32, HS384: 48, HS512: 64 };

for (const [alg, len] of Object.entries(ALGS)) {
  const secret = new Uint8Array(len).map((_, i) => (i * 37 + 11) & 255);

  test(`${alg}: a jose token verifies in ferrojwt`, async () => {
    const token = await new jose.SignJWT({ user_id: 42, roles: ['a', 'b'], 'ünï': 'cødé' })
      .setProtectedHeader({ alg, kid: 'k1' })
      .setIssuedAt().setExpirationTime('2h').setIssuer('urn:iss').setAudience(['api']).setSubject('u42')
      .sign(secret);
    const { header, payload } = verify(token, secret, { issuer: 'urn:iss', audience: 'api', subject: 'u42' });
    const theirs = await jose.jwtVerify(token, secret);
    assert.deepEqual(payload, theirs.payload);
    assert.deepEqual(header, theirs.protectedHeader);
    // A wrong secret fails in both.
    const wrong = secret.map((b) => b ^ 1);
    assert.throws(() => verify(token, wrong), (e) => e instanceof JwtError && e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    await assert.rejects(jose.jwtVerify(token, wrong), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  test(`${alg}: a ferrojwt token verifies in jose`, async () => {
    const token = sign({ user_id: 42, nested: { x: [1.5, null] } }, secret, {
      alg, expiresIn: '2h', issuer: 'urn:iss', audience: 'api', jwtId: true,
    });
    const { payload, protectedHeader } = await jose.jwtVerify(token, secret, { issuer: 'urn:iss', audience: 'api', algorithms: [alg] });
    assert.deepEqual(protectedHeader, { alg, typ: 'JWT' });
    assert.deepEqual(payload, verify(token, secret).payload);
    assert.equal(payload.exp - payload.iat, 7200);
  });

  test(`${alg}: expired tokens fail with the same code in both`, async () => {
    const token = sign({}, secret, { alg, now: 1_000_000, expiresIn: 10 });
    await assert.rejects(jose.jwtVerify(token, secret), { code: 'ERR_JWT_EXPIRED', claim: 'exp' });
    assert.throws(() => verify(token, secret), { code: 'ERR_JWT_EXPIRED', claim: 'exp', reason: 'check_failed' });
  });
}

test('jose decodeJwt and our decode agree', () => {
  const token = sign({ a: 1, b: 'two' }, 'x'.repeat(32));
  assert.deepEqual(jose.decodeJwt(token), verify(token, 'x'.repeat(32)).payload);
  assert.deepEqual(jose.decodeProtectedHeader(token), { alg: 'HS256', typ: 'JWT' });
});
