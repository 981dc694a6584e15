// Issue 12: the library never fails open. Options are read as the caller
// wrote them, public-key material is never an HMAC secret, a key's `alg`
// binds its use, `alg` errors carry jose's codes, and `sign` never makes a
// token its own verifier would refuse. Every case runs in both builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, sign as nodeSign } from 'node:crypto';
import { keyPair } from './helpers/signatures.mjs';
import * as core from 'ferrojwt';
import * as full from 'ferrojwt/full';
import * as coreGlue from '../../pkg/wasm/ferrojwt.js';
import * as fullGlue from '../../pkg/wasm/ferrojwt_full.js';

const BUILDS = [['ferrojwt', core, coreGlue], ['ferrojwt/full', full, fullGlue]];
const SECRET = 'a-shared-secret-that-is-32-bytes';
const NOW = 1_700_000_000;
const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An HS256 token MACed with `key` (any bytes): what a forger makes. */
function hs256(payload, key, header = { alg: 'HS256', typ: 'JWT' }) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

/** Asserts `fn` throws a JwtError with `code` (and a message matching `message`). */
function throwsJwt(fn, code, message, label = '') {
  assert.throws(fn, (e) => {
    assert.equal(e?.code, code, `${label}: ${e?.code}: ${e?.message}`);
    assert.ok(e instanceof core.JwtError || e instanceof full.JwtError, `expected JwtError, got ${e}`);
    if (message) assert.match(e.message, message, label);
    return true;
  });
}

function throwsType(fn, message, label = '') {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof TypeError, `${label}: expected TypeError, got ${e?.code ?? e}: ${e?.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

// ---------------------------------------------------------------- options

class IssuerGetter {
  get issuer() { return 'the-issuer'; }
}

/** Option objects that ask for `issuer: 'the-issuer'` in the ways JS allows. */
const ISSUER_SHAPES = {
  inherited: () => Object.create({ issuer: 'the-issuer' }),
  'class getter': () => new IssuerGetter(),
  'own getter': () => Object.defineProperty({}, 'issuer', { get: () => 'the-issuer', enumerable: false }),
};

test('verify options are read as written: toJSON, inherited and getter options are checked', () => {
  const noIss = core.sign({ sub: 'a' }, SECRET, { now: NOW });
  const withIss = core.sign({ sub: 'a' }, SECRET, { now: NOW, issuer: 'the-issuer' });
  for (const [name, api] of BUILDS) {
    for (const [shape, make] of Object.entries(ISSUER_SHAPES)) {
      const options = make();
      const label = `${name}, ${shape}`;
      assert.throws(() => api.verify(noIss, SECRET, options), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' }, label);
      assert.equal(api.verify(withIss, SECRET, options).payload.iss, 'the-issuer', label);
      // createVerifier reads the same options, with the key beside them.
      const keyed = Object.assign(make(), { key: SECRET });
      const keyedInherited = Object.create(make(), { key: { value: SECRET, enumerable: true } });
      for (const opts of [keyed, keyedInherited]) {
        const verifier = api.createVerifier(opts);
        assert.throws(() => verifier.verify(noIss), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' }, label);
        verifier.free();
      }
    }
  }
});

test('an options object with its own toJSON is refused, never serialized into no options', () => {
  const noIss = core.sign({ sub: 'a' }, SECRET, { now: NOW });
  const withToJson = () => ({ issuer: 'the-issuer', toJSON() { return {}; } });
  for (const [, api] of BUILDS) {
    throwsType(() => api.verify(noIss, SECRET, withToJson()), /unknown option "toJSON"/);
    throwsType(() => api.createVerifier({ ...withToJson(), key: SECRET }), /unknown option "toJSON"/);
    throwsType(() => api.sign({}, SECRET, withToJson()), /unknown option "toJSON"/);
    throwsType(() => api.createSigner({ ...withToJson(), key: SECRET }), /unknown option "toJSON"/);
    // Inherited from a prototype, as a class method would be if enumerable.
    throwsType(() => api.verify(noIss, SECRET, Object.create({ toJSON() { return {}; } }, { issuer: { value: 'x', enumerable: true } })), /unknown option "toJSON"/);
  }
});

test('sign options are read as written: toJSON, inherited and getter options are applied', () => {
  for (const [name, api] of BUILDS) {
    for (const [shape, make] of Object.entries(ISSUER_SHAPES)) {
      const label = `${name}, ${shape}`;
      assert.equal(api.decode(api.sign({}, SECRET, make())).payload.iss, 'the-issuer', label);
      const signer = api.createSigner(Object.assign(make(), { key: SECRET }));
      assert.equal(api.decode(signer.sign({})).payload.iss, 'the-issuer', label);
      signer.free();
    }
  }
});

test('an option present as undefined or null is a TypeError naming it, never a default', () => {
  const token = core.sign({ sub: 'a' }, SECRET, { now: NOW });
  for (const [name, api] of BUILDS) {
    for (const bad of [undefined, null]) {
      for (const option of ['issuer', 'audience', 'subject', 'algorithms', 'maxTokenAge', 'requiredClaims', 'typ', 'clockTolerance', 'maxTokenLength']) {
        const label = `${name}: ${option}: ${bad}`;
        const pattern = new RegExp(`options\\.${option}`);
        throwsType(() => api.verify(token, SECRET, { [option]: bad }), pattern, label);
        throwsType(() => api.createVerifier({ key: SECRET, [option]: bad }), pattern, label);
      }
      for (const option of ['issuer', 'audience', 'subject', 'expiresIn', 'notBefore', 'alg', 'kid', 'jwtId', 'maxTokenLength']) {
        const pattern = new RegExp(`options\\.${option}`);
        throwsType(() => api.sign({}, SECRET, { [option]: bad }), pattern);
        throwsType(() => api.createSigner({ key: SECRET, [option]: bad }), pattern);
      }
      throwsType(() => api.decode(token, { maxTokenLength: bad }), /options\.maxTokenLength/);
      throwsType(() => api.decodeHeader(token, { maxTokenLength: bad }), /options\.maxTokenLength/);
    }
    // `typ: null` on sign is documented: it leaves typ out.
    assert.deepEqual(api.decodeHeader(api.sign({}, SECRET, { typ: null })), { alg: 'HS256' });
    // process.env.ISSUER when the variable is not set.
    throwsType(() => api.verify(token, SECRET, { issuer: process.env.FERROJWT_NO_SUCH_VARIABLE }), /options\.issuer/);
  }
});

test('claims values are exact JSON: undefined, functions, toJSON and inherited members are refused', () => {
  const token = core.sign({ sub: 'a' }, SECRET, { now: NOW });
  for (const [name, api] of BUILDS) {
    const bad = {
      'claims.token_type undefined': [{ token_type: undefined }, /options\.claims\.token_type/],
      'claims.token_type function': [{ token_type() {} }, /options\.claims\.token_type/],
      'claims own toJSON': [{ token_type: 'access', toJSON() { return {}; } }, /options\.claims\.toJSON/],
      'claims value with toJSON': [{ token_type: { toJSON: () => 'access' } }, /options\.claims\.token_type/],
      'claims inherited': [Object.create({ token_type: 'access' }), /options\.claims/],
      'claims nested undefined': [{ roles: ['a', undefined] }, /options\.claims\.roles\[1\]/],
      'claims sparse array': [{ roles: [, 'a'] }, /options\.claims\.roles\[0\]/], // eslint-disable-line no-sparse-arrays
      'claims Date': [{ at: new Date(0) }, /options\.claims\.at/],
      'claims BigInt': [{ n: 1n }, /options\.claims\.n/],
      'claims NaN': [{ n: NaN }, /options\.claims\.n/],
    };
    for (const [label, [claims, pattern]] of Object.entries(bad)) {
      throwsType(() => api.verify(token, SECRET, { claims }), pattern, `${name}: ${label}`);
      throwsType(() => api.createVerifier({ key: SECRET, claims }), pattern, `${name}: ${label}`);
    }
    const cyclic = { a: {} };
    cyclic.a.self = cyclic;
    throwsType(() => api.verify(token, SECRET, { claims: cyclic }), /circular/);
    // A header option with a toJSON or undefined member is refused the same way.
    throwsType(() => api.sign({}, SECRET, { header: { x: undefined } }), /options\.header\.x/);
    throwsType(() => api.sign({}, SECRET, { header: { x: 1, toJSON() { return {}; } } }), /options\.header\.toJSON/);
    // null is a JSON value: a claim that must be null.
    assert.equal(api.verify(core.sign({ a: null }, SECRET), SECRET, { claims: { a: null } }).payload.a, null);
  }
});

test('unknown option names are refused everywhere, inherited ones too', () => {
  const token = core.sign({ sub: 'a' }, SECRET);
  for (const [, api] of BUILDS) {
    throwsType(() => api.verify(token, SECRET, { issuer: 'x', audiance: 'y' }), /unknown option "audiance"/);
    throwsType(() => api.verify(token, SECRET, Object.create({ audiance: 'y' })), /unknown option "audiance"/);
    throwsType(() => api.createVerifier({ key: SECRET, audiance: 'y' }), /unknown option "audiance"/);
    throwsType(() => api.sign({}, SECRET, { expiresin: 60 }), /unknown option "expiresin"/);
    throwsType(() => api.createSigner({ key: SECRET, expiresin: 60 }), /unknown option "expiresin"/);
    throwsType(() => api.decode(token, { maxTokenLenght: 10 }), /unknown option "maxTokenLenght"/);
    throwsType(() => api.decodeHeader(token, { maxTokenLenght: 10 }), /unknown option "maxTokenLenght"/);
  }
});

test('options behind a Proxy, with __proto__ members, or misspelled as getters still count', () => {
  const noIss = core.sign({ sub: 'a', role: 'user' }, SECRET, { now: NOW });
  const settings = { issuer: 'the-issuer' };
  class Misspelled { get isuer() { return 'x'; } }
  for (const [name, api] of BUILDS) {
    // A Proxy answering get without has: destructuring would read it, so do we.
    const proxy = new Proxy({}, { get: (_, k) => settings[k] });
    assert.throws(() => api.verify(noIss, SECRET, proxy), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' }, name);
    const verifier = api.createVerifier(new Proxy({ key: SECRET }, { get: (t, k) => (k === 'key' ? t.key : settings[k]) }));
    assert.throws(() => verifier.verify(noIss), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' }, name);
    // claims that only look full (a Proxy with no keys) or are empty check nothing: refused.
    throwsType(() => api.verify(noIss, SECRET, { claims: new Proxy({}, { get: () => 'admin' }) }), /options\.claims is empty/);
    throwsType(() => api.verify(noIss, SECRET, { claims: {} }), /options\.claims is empty/);
    // "__proto__" as JSON.parse makes it is a member like any other.
    assert.throws(() => api.verify(noIss, SECRET, { claims: JSON.parse('{"__proto__":{"role":"admin"}}') }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: '__proto__' }, name);
    assert.throws(() => api.verify(noIss, SECRET, { claims: { role: 'user', nested: JSON.parse('{"__proto__":{"x":1}}') } }), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nested' }, name);
    // A misspelled getter or non-enumerable option is a typo like any other.
    throwsType(() => api.verify(noIss, SECRET, new Misspelled()), /unknown option "isuer"/);
    throwsType(() => api.verify(noIss, SECRET, Object.defineProperty({}, 'isuer', { value: 'x' })), /unknown option "isuer"/);
    // Class methods on a config object are let be.
    class Config { constructor() { this.issuer = 'the-issuer'; } describe() { return 'x'; } }
    assert.throws(() => api.verify(noIss, SECRET, new Config()), { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss' });
  }
});

test('deep options are TypeErrors that say why, never a stack overflow', () => {
  const token = core.sign({ sub: 'a' }, SECRET);
  const nest = (n) => { let v = 1; for (let i = 0; i < n; i++) v = { v }; return v; };
  for (const [, api] of BUILDS) {
    throwsType(() => api.verify(token, SECRET, { claims: { x: nest(20_000) } }), /nests too deep/);
    throwsType(() => api.sign({ a: 1 }, SECRET, { header: { x: nest(20_000) } }), /nests too deep/);
    throwsType(() => api.verify(token, SECRET, { claims: { x: nest(130) } }), /128 levels/);
  }
});

test('options and keys are bounded before they enter wasm', () => {
  const big = 'a'.repeat(20e6);
  for (const [name, api, glue] of BUILDS) {
    const memory = () => glue.wasmMemory().buffer.byteLength;
    api.sign({ warm: 1 }, SECRET);
    const before = memory();
    for (const options of [{ header: { x: big } }, { kid: big }, { issuer: big }, { subject: big }, { audience: [big] }]) {
      const label = `${name}: ${Object.keys(options)[0]}`;
      throwsType(() => api.sign({}, SECRET, options), /maxTokenLength/, label);
      throwsType(() => api.createSigner({ key: SECRET, ...options }), /maxTokenLength/, label);
    }
    throwsType(() => api.verify('a.b.c', SECRET, { issuer: big }), /maxTokenLength/);
    throwsJwt(() => api.verify('a.b.c', big), 'ERR_JWK_INVALID', /limit/);
    throwsJwt(() => api.createVerifier({ key: Buffer.alloc(2 << 20, 1) }), 'ERR_JWK_INVALID', /limit/);
    assert.equal(memory(), before, `${name}: wasm memory grew by ${memory() - before} bytes`);
    // A signer that could never make a token is refused when made, not at each sign.
    throwsJwt(() => api.createSigner({ key: SECRET, maxTokenLength: 100, kid: 'k'.repeat(200) }), 'ERR_JWS_INVALID', /maxTokenLength|the length limit/);
    // Long lists of accepted issuers are fine.
    const issuers = Array.from({ length: 500 }, (_, i) => `https://issuer-${i}.example.com/`);
    assert.equal(api.verify(core.sign({}, SECRET, { issuer: issuers[499] }), SECRET, { issuer: issuers }).payload.iss, issuers[499]);
  }
});

// ----------------------------------------------------- key material forms

/** Every form in which a user may hold public-key material, as text. */
function publicKeyForms() {
  const rsa = keyPair('rsa', { modulusLength: 2048 });
  const ec = keyPair('ec', { namedCurve: 'P-256' });
  const ed = keyPair('ed25519');
  const spki = rsa.publicKey.export({ type: 'spki', format: 'pem' });
  const sshString = (b) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(b.length);
    return Buffer.concat([length, b]);
  };
  const jwkRsa = rsa.publicKey.export({ format: 'jwk' });
  const mpint = (b64url) => {
    const bytes = Buffer.from(b64url, 'base64url');
    return sshString(bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  };
  const sshRsa = `ssh-rsa ${Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(jwkRsa.e), mpint(jwkRsa.n)]).toString('base64')} user@host`;
  const edRaw = Buffer.from(ed.publicKey.export({ format: 'jwk' }).x, 'base64url');
  const sshEd = `ssh-ed25519 ${Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(edRaw)]).toString('base64')} me@laptop\n`;
  const jwkEc = ec.publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwkEc.x, 'base64url'), Buffer.from(jwkEc.y, 'base64url')]);
  const sshEc = `ecdsa-sha2-nistp256 ${Buffer.concat([sshString(Buffer.from('ecdsa-sha2-nistp256')), sshString(Buffer.from('nistp256')), sshString(point)]).toString('base64')}`;
  const body = (pem) => pem.replace(/-----[A-Z ]+-----/g, '').trim();
  const der = rsa.publicKey.export({ type: 'spki', format: 'der' });
  const blobEd = sshEd.split(' ')[1];
  return {
    authorizedKeysWithOptions: `from="10.0.0.0/8",no-pty ${sshRsa}\n`,
    authorizedKeysFile: `# deploy keys\n${sshEd}${sshRsa}\n`,
    knownHosts: `github.com ${sshEd}`,
    sshTab: sshRsa.replace(' ', '\t'),
    sshTwoSpaces: sshRsa.replace(' ', '  '),
    sshBlob: blobEd,
    rfc4716: `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "me"\n${blobEd.match(/.{1,70}/g).join('\n')}\n---- END SSH2 PUBLIC KEY ----\n`,
    jwkTextBom: `\ufeff${JSON.stringify(jwkRsa)}`,
    jwkTextNbsp: `\u00a0${JSON.stringify(jwkRsa)}`,
    jwkTextInArray: JSON.stringify([jwkRsa]),
    jwkTextTwice: JSON.stringify(JSON.stringify(jwkRsa)),
    spkiHex: der.toString('hex'),
    spkiHexColons: der.toString('hex').match(/../g).join(':'),
    derAsUtf8: der.toString('utf8'),
    spkiPem: spki,
    lowerCasePem: spki.replace(/-----BEGIN PUBLIC KEY-----/, '-----begin public key-----').replace(/-----END PUBLIC KEY-----/, '-----end public key-----'),
    mixedCasePem: spki.replace(/BEGIN PUBLIC KEY/, 'Begin Public Key').replace(/END PUBLIC KEY/, 'End Public Key'),
    pkcs1Pem: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }),
    privatePem: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    ecPem: ec.publicKey.export({ type: 'spki', format: 'pem' }),
    jwkText: JSON.stringify(jwkRsa),
    jwkTextPretty: `\n  ${JSON.stringify({ ...jwkEc, kid: 'k1' }, null, 2)}\n`,
    jwksText: JSON.stringify({ keys: [jwkRsa] }),
    sshRsa,
    sshEd,
    sshEc,
    spkiBase64: body(spki),
    spkiBase64OneLine: body(spki).replace(/\s+/g, ''),
    pkcs1Base64: rsa.publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
    ecSpkiBase64: ec.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    edSpkiBase64: ed.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    pkcs8Base64: rsa.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  };
}

test('public-key material is never an HMAC secret: text, Buffer, Uint8Array, ArrayBuffer; one-shot and prepared', () => {
  const forms = publicKeyForms();
  const payload = { sub: 'admin', exp: 4102444800 };
  for (const [form, text] of Object.entries(forms)) {
    const bytes = Buffer.from(text);
    const forged = hs256(payload, bytes);
    const holders = {
      string: text,
      Buffer: bytes,
      Uint8Array: new Uint8Array(bytes),
      ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    };
    for (const [name, api] of BUILDS) {
      for (const [holder, key] of Object.entries(holders)) {
        // Bytes may hold U+FFFD's UTF-8 by chance (raw random secrets do,
        // about once in 500,000): that trace is refused in text only.
        if (form === 'derAsUtf8' && holder !== 'string') continue;
        const label = `${name}: ${form} as ${holder}`;
        // A well-formed PEM string is a key in ferrojwt/full: the forgery
        // then fails on the algorithm, as the README says.
        const isFullKey = name === 'ferrojwt/full' && holder === 'string' && /^-----BEGIN/.test(text);
        const code = isFullKey ? 'ERR_JOSE_ALG_NOT_ALLOWED' : 'ERR_JWK_INVALID';
        throwsJwt(() => api.verify(forged, key), code, undefined, label);
        throwsJwt(() => api.verify(forged, key, { algorithms: ['HS256'] }), isFullKey ? 'ERR_JWK_INVALID' : code, undefined, label);
        if (!isFullKey) {
          throwsJwt(() => api.createVerifier({ key }), 'ERR_JWK_INVALID', undefined, label);
          throwsJwt(() => api.sign(payload, key), 'ERR_JWK_INVALID', undefined, label);
          throwsJwt(() => api.createSigner({ key }), 'ERR_JWK_INVALID', undefined, label);
        }
      }
    }
  }
});

test('the refusal says how to pass the key instead', () => {
  const forms = publicKeyForms();
  const cases = [
    [forms.lowerCasePem, /PEM/],
    [Buffer.from(forms.spkiPem), /PEM.*string|as text/],
    [forms.jwkText, /parsed JWK object/],
    [forms.jwksText, /parsed JWK object/],
    [forms.sshRsa, /OpenSSH/],
    [forms.rfc4716, /RFC 4716.*ssh-keygen/],
    [forms.spkiHex, /base64 or hex/],
    [forms.derAsUtf8, /U\+FFFD/],
    [forms.spkiBase64, /base64.*DER|DER.*base64/],
  ];
  for (const [key, message] of cases) {
    for (const [name, api] of BUILDS) {
      throwsJwt(() => api.verify(hs256({}, Buffer.from(key)), key), 'ERR_JWK_INVALID', message, name);
    }
  }
  // The HMAC-only build points to the full one for real keys.
  throwsJwt(() => core.verify(hs256({}, Buffer.from(forms.spkiPem)), forms.spkiPem), 'ERR_JWK_INVALID', /ferrojwt\/full/);
});

test('ordinary secrets are still secrets: random text, base64 and hex secrets, passphrases', () => {
  for (let i = 0; i < 300; i++) {
    const raw = Buffer.from(Array.from({ length: 32 + (i % 40) }, (_, k) => (k * 131 + i * 17 + (i >> 3)) & 255));
    for (const secret of [raw.toString('base64'), raw.toString('base64url'), raw.toString('hex'), raw]) {
      for (const [, api] of BUILDS) {
        const token = api.sign({ i }, secret);
        assert.equal(api.verify(token, secret).payload.i, i);
      }
    }
  }
  for (const phrase of ['correct horse battery staple, and then some more', '{"not":"a jwk","but":"json text of 32+ bytes"}', 'ssh is not a prefix here ssh-rsa AAAA']) {
    for (const [, api] of BUILDS) assert.equal(api.verify(api.sign({ a: 1 }, phrase), phrase).payload.a, 1);
  }
});

// -------------------------------------------------------- key use binding

function rsaPair() {
  const { publicKey, privateKey } = keyPair('rsa', { modulusLength: 2048 });
  return { pub: publicKey.export({ format: 'jwk' }), priv: privateKey.export({ format: 'jwk' }), privateKey };
}

/** A token signed by node:crypto (RS256, ES256 or EdDSA). */
function pkToken(alg, privateKey, payload, kid) {
  const input = `${b64({ alg, ...(kid ? { kid } : {}) })}.${b64(payload)}`;
  const options = alg === 'ES256' ? { key: privateKey, dsaEncoding: 'ieee-p1363' } : privateKey;
  const sig = nodeSign(alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), options);
  return `${input}.${sig.toString('base64url')}`;
}

test('a JWK whose alg is not a JWS algorithm of its type never verifies or signs, alone or in a set', () => {
  const rsa = rsaPair();
  const ec = keyPair('ec', { namedCurve: 'P-256' });
  const ed = keyPair('ed25519');
  const kinds = [
    ['RS256', rsa.pub, rsa.priv, rsa.privateKey, ['RSA-OAEP', 'RSA-OAEP-256', 'RSA1_5', 'RS257', 'ES256', '']],
    ['ES256', ec.publicKey.export({ format: 'jwk' }), ec.privateKey.export({ format: 'jwk' }), ec.privateKey, ['ECDH-ES', 'ECDH-ES+A128KW', 'ES521', 'ES384', 'RS256']],
    ['EdDSA', ed.publicKey.export({ format: 'jwk' }), ed.privateKey.export({ format: 'jwk' }), ed.privateKey, ['ECDH-ES', 'Ed25519X', 'ES256']],
  ];
  const payload = { sub: 'a', exp: 4102444800 };
  for (const [alg, pub, priv, privateKey, badAlgs] of kinds) {
    const plain = pkToken(alg, privateKey, payload);
    const named = pkToken(alg, privateKey, payload, 'bad');
    // Control: without an alg the key verifies.
    assert.equal(full.verify(plain, pub).payload.sub, 'a');
    for (const bad of badAlgs) {
      const label = `${alg} key with alg ${JSON.stringify(bad)}`;
      throwsJwt(() => full.verify(plain, { ...pub, alg: bad }), 'ERR_JWK_INVALID', /alg/, label);
      throwsJwt(() => full.createVerifier({ key: { ...pub, alg: bad } }), 'ERR_JWK_INVALID', /alg/, label);
      throwsJwt(() => full.sign({}, { ...priv, alg: bad }), 'ERR_JWK_INVALID', /alg/, label);
      throwsJwt(() => full.sign({}, { ...priv, alg: bad }, { alg }), 'ERR_JWK_INVALID', /alg/, label);
      // In a set, alone: the token naming it gets its reason, not a bare no-match.
      const alone = { keys: [{ ...pub, alg: bad, kid: 'bad' }] };
      throwsJwt(() => full.verify(named, alone), 'ERR_JWK_INVALID', /alg/, label);
      // A token without kid could have meant it: it gets the reason too.
      throwsJwt(() => full.verify(plain, alone), 'ERR_JWK_INVALID', /alg/, label);
      throwsJwt(() => full.verify(plain, { keys: [{ ...pub, alg: bad }] }), 'ERR_JWK_INVALID', /alg/, label);
      // Beside a good key of the same type: that key's tokens still verify.
      const good = rsaPair();
      const set = { keys: [{ ...pub, alg: bad, kid: 'bad' }, { ...good.pub, kid: 'good', alg: 'RS256' }] };
      const verifier = full.createVerifier({ key: set });
      throwsJwt(() => verifier.verify(named), 'ERR_JWK_INVALID', /alg/, label);
      assert.equal(verifier.verify(pkToken('RS256', good.privateKey, payload, 'good')).payload.sub, 'a');
      verifier.free();
    }
  }
  // The HMAC build refuses the same JWKs (it has no public-key algorithms at all).
  throwsJwt(() => core.verify(plain(rsa), { ...rsa.pub, alg: 'RSA-OAEP' }), 'ERR_JWK_INVALID');
  function plain(k) { return pkToken('RS256', k.privateKey, payload); }
});

test('oct JWKs: an alg that is not HMAC is refused alone and skipped with its reason in a set', () => {
  const k = Buffer.from(SECRET).toString('base64url');
  const token = core.sign({ sub: 'a' }, SECRET, { kid: 'enc' });
  for (const [name, api] of BUILDS) {
    for (const bad of ['A128KW', 'dir', 'HS257', 'RS256']) {
      throwsJwt(() => api.verify(token, { kty: 'oct', k, alg: bad }), 'ERR_JWK_INVALID', /alg/, `${name} ${bad}`);
      const set = { keys: [{ kty: 'oct', k, alg: bad, kid: 'enc' }, { kty: 'oct', k: b64('another-secret-of-32-bytes-or-more'), kid: 'ok' }] };
      throwsJwt(() => api.verify(token, set), 'ERR_JWK_INVALID', /alg/, `${name} ${bad} in a set`);
      const ok = core.sign({ sub: 'b' }, 'another-secret-of-32-bytes-or-more', { kid: 'ok' });
      assert.equal(api.verify(ok, set).payload.sub, 'b');
    }
  }
});

test('use: "enc" and key_ops without verify/sign are refused alone and never match in a set', () => {
  const rsa = rsaPair();
  const payload = { sub: 'a', exp: 4102444800 };
  const named = pkToken('RS256', rsa.privateKey, payload, 'k');
  for (const fields of [{ use: 'enc' }, { key_ops: ['encrypt'] }, { key_ops: ['wrapKey', 'sign'] }]) {
    const label = JSON.stringify(fields);
    throwsJwt(() => full.verify(named, { ...rsa.pub, ...fields }), 'ERR_JWK_INVALID', undefined, label);
    throwsJwt(() => full.verify(named, { keys: [{ ...rsa.pub, ...fields, kid: 'k' }] }), 'ERR_JWKS_NO_MATCHING_KEY', undefined, label);
    // The same key without the restriction, beside it, is the one that verifies.
    const set = { keys: [{ ...rsa.pub, ...fields, kid: 'k' }, { ...rsa.pub, kid: 'k', use: 'sig' }] };
    assert.equal(full.verify(named, set).payload.sub, 'a', label);
  }
  throwsJwt(() => full.sign({}, { ...rsa.priv, use: 'enc' }), 'ERR_JWK_INVALID');
  throwsJwt(() => full.sign({}, { ...rsa.priv, key_ops: ['verify'] }), 'ERR_JWK_INVALID');
  // HMAC keys too.
  const k = Buffer.from(SECRET).toString('base64url');
  const token = core.sign({ sub: 'a' }, SECRET, { kid: 'k' });
  for (const [, api] of BUILDS) {
    throwsJwt(() => api.verify(token, { kty: 'oct', k, use: 'enc' }), 'ERR_JWK_INVALID');
    throwsJwt(() => api.verify(token, { keys: [{ kty: 'oct', k, use: 'enc', kid: 'k' }] }), 'ERR_JWKS_NO_MATCHING_KEY');
    throwsJwt(() => api.verify(token, { keys: [{ kty: 'oct', k, key_ops: ['sign'], kid: 'k' }] }), 'ERR_JWKS_NO_MATCHING_KEY');
  }
});

// ------------------------------------------------------------ alg header

test('an empty or non-string alg is ERR_JWS_INVALID, as in jose', () => {
  const payload = b64({ sub: 'a' });
  for (const [name, api] of BUILDS) {
    for (const alg of ['', 5, null, true, ['HS256'], { HS256: 1 }]) {
      const token = `${b64({ alg })}.${payload}.${'A'.repeat(43)}`;
      for (const options of [undefined, { algorithms: ['HS256'] }]) {
        throwsJwt(() => api.verify(token, SECRET, options), 'ERR_JWS_INVALID', /alg/, `${name} ${JSON.stringify(alg)}`);
      }
      throwsJwt(() => api.verify(token, { keys: [{ kty: 'oct', k: b64(SECRET) }] }), 'ERR_JWS_INVALID', /alg/);
    }
    const noAlg = `${b64({ typ: 'JWT' })}.${payload}.${'A'.repeat(43)}`;
    throwsJwt(() => api.verify(noAlg, SECRET), 'ERR_JWS_INVALID', /alg/);
    // Unknown but well-formed names keep their codes.
    throwsJwt(() => api.verify(`${b64({ alg: 'XX999' })}.${payload}.AA`, SECRET), 'ERR_JOSE_NOT_SUPPORTED');
    throwsJwt(() => api.verify(`${b64({ alg: 'XX999' })}.${payload}.AA`, SECRET, { algorithms: ['HS256'] }), 'ERR_JOSE_ALG_NOT_ALLOWED');
    throwsType(() => api.sign({}, SECRET, { alg: '' }), /options\.alg/);
  }
});

// ------------------------------------------------------------ sign sizes

test('sign never makes a token longer than maxTokenLength, and a huge payload never enters wasm', () => {
  for (const [name, api, glue] of BUILDS) {
    const memory = () => glue.wasmMemory().buffer.byteLength;
    api.sign({ warm: 1 }, SECRET); // the io buffers exist
    const before = memory();
    const huge = { blob: 'x'.repeat(20 * 1024 * 1024) };
    throwsJwt(() => api.sign(huge, SECRET), 'ERR_JWS_INVALID', /maxTokenLength|the length limit/, name);
    const signer = api.createSigner({ key: SECRET });
    throwsJwt(() => signer.sign(huge), 'ERR_JWS_INVALID', /maxTokenLength|the length limit/, name);
    assert.equal(memory(), before, `${name}: wasm memory grew by ${memory() - before} bytes`);

    // The exact boundary, with the default limit and a chosen one: the
    // longest token made is the longest token verified.
    for (const max of [16 * 1024, 300]) {
      const options = max === 16 * 1024 ? {} : { maxTokenLength: max };
      let fill = 0;
      const make = (n) => api.sign({ f: 'y'.repeat(n) }, SECRET, { ...options, iat: false });
      let lo = 0;
      let hi = max;
      while (lo < hi) { // the largest fill that signs
        const mid = (lo + hi + 1) >> 1;
        try { make(mid); lo = mid; } catch (e) { assert.equal(e.code, 'ERR_JWS_INVALID'); hi = mid - 1; }
      }
      fill = lo;
      const longest = make(fill);
      assert.ok(longest.length <= max && longest.length > max - 4, `${name}: ${longest.length} vs ${max}`);
      assert.equal(api.verify(longest, SECRET, options).payload.f.length, fill);
      throwsJwt(() => make(fill + 3), 'ERR_JWS_INVALID', /maxTokenLength|the length limit/);
      const prepared = api.createSigner({ key: SECRET, ...options, iat: false });
      assert.equal(prepared.sign({ f: 'y'.repeat(fill) }), longest);
      throwsJwt(() => prepared.sign({ f: 'y'.repeat(fill + 3) }), 'ERR_JWS_INVALID', /maxTokenLength|the length limit/);
      prepared.free();
    }
    // Multi-byte text counts in bytes, as the verifier counts it.
    throwsJwt(() => api.sign({ t: '\u{1F600}'.repeat(4000) }, SECRET), 'ERR_JWS_INVALID', /maxTokenLength|the length limit/);
    throwsType(() => api.sign({}, SECRET, { maxTokenLength: 0 }), /maxTokenLength/);
  }
});
