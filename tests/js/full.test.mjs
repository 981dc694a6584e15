// ferrojwt/full: RS*, PS*, ES*, EdDSA against the built package. Vectors from
// RFC 7520 and RFC 8037, tokens crossing with jose (WebCrypto) both ways for
// every algorithm and key form, PEM, key generation, and the attack cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import * as full from 'ferrojwt/full';
import * as core from 'ferrojwt';
import { pairFor } from './helpers/signatures.mjs';

const vectors = JSON.parse(readFileSync(new URL('../vectors/rfc7520.json', import.meta.url), 'utf8'));
const pems = JSON.parse(readFileSync(new URL('../vectors/pem-keys.json', import.meta.url), 'utf8'));
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi'];
const publicOf = (jwk) => Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE.includes(k)));

function throwsJwt(fn, code, message) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof full.JwtError, `expected JwtError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

const ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

test('RFC 7520 4.1, 4.2, 4.3 and RFC 8037 A.4 signatures verify; one flipped byte does not', () => {
  const cases = [
    ['rs256_4_1', publicOf(vectors.rsa)],
    ['ps384_4_2', publicOf(vectors.rsa)],
    ['es512_4_3', publicOf(vectors.ec)],
    ['eddsa_8037_a4', publicOf(vectors.ed25519)],
  ];
  for (const [name, key] of cases) {
    const token = vectors[name];
    // The payloads are prose, not claims: a good signature gets as far as
    // the payload check, a bad one stops at the signature.
    throwsJwt(() => full.verify(token, key), 'ERR_JWT_INVALID');
    const [h, p, s] = token.split('.');
    const flipped = `${h}.${p}.${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    throwsJwt(() => full.verify(flipped, key), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  }
  // Ed25519 is deterministic: the RFC key signs the same claims to the same
  // token every time (the byte-exact RFC signature is checked in
  // tests/public_key.rs, where a non-JSON payload can be signed).
  const once = () => full.sign({ sub: 'rfc8037' }, vectors.ed25519, { iat: false });
  assert.equal(once(), once());
  assert.equal(full.verify(once(), publicOf(vectors.ed25519)).payload.sub, 'rfc8037');
});

for (const alg of ALGS) {
  test(`${alg}: tokens cross with jose both ways, with JWK and PEM keys`, async () => {
    const { privateKey, publicKey } = pairFor(alg);
    const privateJwk = { ...(await jose.exportJWK(privateKey)), alg };
    const publicJwk = { ...(await jose.exportJWK(publicKey)), alg };
    const spki = await jose.exportSPKI(publicKey);
    const pkcs8 = await jose.exportPKCS8(privateKey);

    // jose -> ferrojwt
    const theirs = await new jose.SignJWT({ sub: 'u1', n: 1 })
      .setProtectedHeader({ alg, kid: 'k1' }).setIssuedAt().setExpirationTime('1h').sign(privateKey);
    for (const key of [publicJwk, spki, { keys: [{ ...publicJwk, kid: 'k1' }] }]) {
      const { header, payload } = full.verify(theirs, key);
      assert.equal(header.alg, alg);
      assert.equal(payload.sub, 'u1');
    }
    const verifier = full.createVerifier({ key: spki, algorithms: [alg] });
    assert.equal(verifier.verify(theirs).payload.n, 1);

    // ferrojwt -> jose
    for (const key of [privateJwk, pkcs8]) {
      const ours = full.sign({ sub: 'u2' }, key, { alg, expiresIn: '1h', kid: 'k2' });
      const { payload, protectedHeader } = await jose.jwtVerify(ours, publicKey, { algorithms: [alg] });
      assert.equal(payload.sub, 'u2');
      assert.deepEqual(protectedHeader, { alg, typ: 'JWT', kid: 'k2' });
    }
    const signer = full.createSigner({ key: privateJwk, alg });
    await jose.jwtVerify(signer.sign({ a: 1 }), publicKey);

    // The public JWK we export is the one jose exported.
    const exported = full.exportPublicJwk(pkcs8);
    for (const [k, v] of Object.entries(await jose.exportJWK(publicKey))) assert.equal(exported[k], v, k);
  });
}

test('generateKeyPair makes JWKs that sign, verify and import in jose', async () => {
  for (const alg of ['ES256', 'ES384', 'ES512', 'EdDSA', 'RS256']) {
    const { privateKey, publicKey } = full.generateKeyPair(alg, { kid: `${alg}-1` });
    assert.equal(privateKey.alg, alg);
    assert.equal(publicKey.kid, `${alg}-1`);
    assert.ok(privateKey.d && !publicKey.d, 'private members only in the private key');
    const token = full.sign({ sub: alg }, privateKey);
    assert.equal(full.decodeHeader(token).kid, `${alg}-1`);
    assert.equal(full.verify(token, { keys: [publicKey] }).payload.sub, alg);
    const { payload } = await jose.jwtVerify(token, await jose.importJWK(publicKey, alg));
    assert.equal(payload.sub, alg);
  }
  // Fresh keys each time.
  assert.notEqual(full.generateKeyPair('ES256').publicKey.x, full.generateKeyPair('ES256').publicKey.x);
  assert.throws(() => full.generateKeyPair('HS256'), { name: 'TypeError', message: /generateSecret/ });
  assert.throws(() => full.generateKeyPair('RS256', { modulusLength: 1024 }), { name: 'TypeError', message: /2048/ });
  assert.throws(() => full.generateKeyPair(256), TypeError);
  assert.throws(() => full.generateKeyPair('ES256', { kid: 7 }), TypeError);
});

test('RS/HS confusion: a public key is never an HMAC secret, in either build', async () => {
  const spki = pems.rsa.spki;
  // The attacker signs HS256 with the public key's PEM text as the secret.
  const forged = await new jose.SignJWT({ admin: true }).setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(spki));
  throwsJwt(() => full.verify(forged, spki), 'ERR_JOSE_ALG_NOT_ALLOWED');
  throwsJwt(() => full.verify(forged, spki, { algorithms: ['HS256', 'RS256'] }), 'ERR_JOSE_ALG_NOT_ALLOWED');
  throwsJwt(() => core.verify(forged, spki), 'ERR_JWK_INVALID', /ferrojwt\/full/);
  // And an HMAC secret never verifies an RS256 token.
  const rs = full.sign({}, vectors.rsa, { alg: 'RS256' });
  throwsJwt(() => full.verify(rs, 'a-shared-secret-that-is-32-bytes'), 'ERR_JOSE_ALG_NOT_ALLOWED');
});

test('weak and malformed keys are refused with ERR_JWK_INVALID and a reason', () => {
  throwsJwt(() => full.verify(vectors.rs256_4_1, pems.rsa1024.jwk), 'ERR_JWK_INVALID', /2048/);
  throwsJwt(() => full.verify(vectors.rs256_4_1, pems.rsa1024.spki), 'ERR_JWK_INVALID', /2048/);
  throwsJwt(() => full.verify(vectors.es512_4_3, { ...publicOf(vectors.ec), alg: 'ES256' }), 'ERR_JWK_INVALID', /alg/);
  throwsJwt(() => full.verify(vectors.es512_4_3, { ...publicOf(vectors.ec), x: vectors.ec.y }), 'ERR_JWK_INVALID', /curve/);
  throwsJwt(() => full.verify(vectors.es512_4_3, '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----'), 'ERR_JWK_INVALID', /certificate/);
  throwsJwt(() => full.sign({}, publicOf(vectors.rsa)), 'ERR_JWK_INVALID', /public key cannot sign/);
  // The core build checks the signature with node:crypto (the RFC 7520
  // payload is no JSON object), and names the entry point for private keys.
  throwsJwt(() => core.verify(vectors.rs256_4_1, publicOf(vectors.rsa)), 'ERR_JWT_INVALID');
  throwsJwt(() => core.verify(vectors.rs256_4_1, vectors.rsa), 'ERR_JOSE_NOT_SUPPORTED', /ferrojwt\/full/);
});

test('psychic ECDSA signatures (r = s = 0) and DER signatures fail', () => {
  const { privateKey, publicKey } = full.generateKeyPair('ES256');
  const token = full.sign({ sub: 'x' }, privateKey);
  const [h, p] = token.split('.');
  const zero = Buffer.alloc(64).toString('base64url');
  throwsJwt(() => full.verify(`${h}.${p}.${zero}`, publicKey), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  const sig = Buffer.from(token.split('.')[2], 'base64url');
  const der = Buffer.concat([Buffer.from([0x30, 0x44, 0x02, 0x20]), sig.subarray(0, 32), Buffer.from([0x02, 0x20]), sig.subarray(32)]);
  throwsJwt(() => full.verify(`${h}.${p}.${der.toString('base64url')}`, publicKey), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  assert.equal(full.verify(token, publicKey).payload.sub, 'x');
});

test('key sets pick by kid and alg across key types; a bad key does not spoil the set', () => {
  const es = full.generateKeyPair('ES256', { kid: 'es' });
  const ed = full.generateKeyPair('EdDSA', { kid: 'ed' });
  const set = { keys: [pems.rsa1024.jwk, { ...es.publicKey }, { ...ed.publicKey }, { kty: 'oct', kid: 'hs', k: 'AAAA' }] };
  const verifier = full.createVerifier({ key: set });
  assert.equal(verifier.verify(full.sign({ a: 1 }, es.privateKey)).payload.a, 1);
  assert.equal(verifier.verify(full.sign({ a: 2 }, ed.privateKey)).payload.a, 2);
  const stranger = full.generateKeyPair('ES256', { kid: 'nope' });
  throwsJwt(() => verifier.verify(full.sign({}, stranger.privateKey)), 'ERR_JWKS_NO_MATCHING_KEY');
  // The same kid signed by another key fails the signature, not the lookup.
  const impostor = full.generateKeyPair('ES256', { kid: 'es' });
  throwsJwt(() => verifier.verify(full.sign({}, impostor.privateKey)), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
});
