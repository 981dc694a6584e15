// The example worker's users in D1 (workerd through Miniflare): login from the
// database, `make users` importing a Django dumpdata file and a plain list
// into the database `make demo` serves, the messages for hashes the edge
// cannot check, and revocation through the token version (`ver`) when a
// password changes or a user is deactivated.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { pbkdf2Sync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { startDemo } from '../../scripts/demo-server.mjs';
import { splitSql } from '../../scripts/d1-local.mjs';
import { checkPassword, hashPassword, hashProblem, makePassword, MAX_ITERATIONS } from '../../examples/worker/passwords.js';
import { currentVersion, revokeTokens, setActive, setPassword, userByName } from '../../examples/worker/users.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = join(ROOT, 'tests', 'js', 'fixtures', 'django-users.json');
/** The fixture's plain passwords: `<username>-django-password` for every user. */
const djangoPassword = (username) => `${username}-django-password`;
mkdirSync(join(ROOT, 'target'), { recursive: true });
const TMP = mkdtempSync(join(ROOT, 'target', 'users-test-'));
after(() => rmSync(TMP, { recursive: true, force: true }));
let dirs = 0;
const stateDir = () => join(TMP, `state-${++dirs}`);

/** Runs `node scripts/import-users.mjs` as `make users` does: { code, stdout, stderr }. */
function importUsers(file, state, ...flags) {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'scripts', 'import-users.mjs'), file, '--state', state, ...flags], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code : 0, stdout, stderr });
    });
  });
}

function listFile(users) {
  const file = join(TMP, `list-${++dirs}.json`);
  writeFileSync(file, JSON.stringify(users));
  return file;
}

/** The report line of one user. */
const lineOf = (stdout, username) => stdout.split('\n').find((l) => new RegExp(`^  \\w+ +${username}\\b`).test(l));

function client(base) {
  const call = async (method, path, { body, token } = {}) => {
    const headers = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, data: await res.json() };
  };
  return {
    call,
    login: (username, password) => call('POST', '/api/token/', { body: { username, password } }),
    me: (token, path = '/api/me/') => call('GET', path, { token }),
    refresh: (refresh) => call('POST', '/api/token/refresh/', { body: { refresh } }),
  };
}

// These tests are about users, not throttling (worker-throttle.test.mjs): many
// logins from one address must not be throttled here.
const NO_THROTTLE = { LOGIN_THROTTLE_USER: 'none', LOGIN_THROTTLE_IP: 'none' };
const NO_ACCOUNT = { detail: 'No active account found with the given credentials' };
const NOT_VALID = { detail: 'Given token not valid for any token type', code: 'token_not_valid', messages: [{ token_class: 'AccessToken', token_type: 'access', message: 'Token is invalid' }] };
const REFRESH_NOT_VALID = { detail: 'Token is invalid', code: 'token_not_valid' };

test('login reads the users from D1: alice, bob and carol seeded into an empty database, 40 logins at once', async () => {
  const demo = await startDemo({ port: 0, bindings: NO_THROTTLE });
  try {
    assert.deepEqual(demo.users, { count: 3, demo: ['alice', 'bob', 'carol'] });
    const api = client(demo.url);
    const attempts = [];
    for (let i = 0; i < 10; i++) {
      attempts.push(['alice', 'alice-demo-password', 200], ['bob', 'bob-demo-password', 200], ['carol', 'carol-demo-password', 401], ['bob', 'alice-demo-password', 401]);
    }
    const answers = await Promise.all(attempts.map(([u, p]) => api.login(u, p)));
    answers.forEach((r, i) => assert.equal(r.status, attempts[i][2], `${attempts[i][0]} attempt ${i}`));
    const alice = answers[0].data;
    assert.deepEqual(jose.decodeJwt(alice.access), { ...jose.decodeJwt(alice.access), user_id: 1, role: 'admin', ver: 0 });
    assert.equal(jose.decodeJwt(alice.refresh).ver, 0);
    const me = await api.me(alice.access, '/api/admin/');
    assert.deepEqual([me.status, me.data.username, me.data.user_id, me.data.role], [200, 'alice', 1, 'admin']);
    assert.deepEqual(answers[3].data, NO_ACCOUNT);
  } finally {
    await demo.dispose();
  }
});

test('the Django fixture holds real Django hashes, and the worker hashes as Django does', async () => {
  const users = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  let checked = 0;
  for (const { fields } of users) {
    const [algorithm, iterations, salt, hash] = fields.password.split('$');
    if (algorithm !== 'pbkdf2_sha256') continue;
    // Django's PBKDF2PasswordHasher: pbkdf2_hmac(sha256, password, salt, iterations), base64.
    assert.equal(hash, pbkdf2Sync(djangoPassword(fields.username), salt, Number(iterations), 32, 'sha256').toString('base64'), fields.username);
    checked++;
  }
  assert.equal(checked, 5);
  const made = await makePassword('a new password');
  const [, iterations, salt] = made.split('$');
  assert.equal(Number(iterations), MAX_ITERATIONS);
  assert.match(salt, /^[A-Za-z0-9]{22}$/, "a salt as Django's get_random_string(22) makes");
  assert.equal(made, await hashPassword('a new password', salt));
  assert.equal(made.split('$')[3], pbkdf2Sync('a new password', salt, MAX_ITERATIONS, 32, 'sha256').toString('base64'));
  assert.equal(await checkPassword('a new password', made), true);
  assert.equal(await checkPassword('another', made), false);
  await assert.rejects(hashPassword('x', 'salt', MAX_ITERATIONS + 1), /Workers cap/);
});

test('every refused login costs PBKDF2 at the cap, whatever the user and hash (no timing tells a user exists)', async () => {
  const subtle = globalThis.crypto.subtle;
  const original = subtle.deriveBits;
  let iterations = 0;
  subtle.deriveBits = function (algorithm, ...rest) {
    iterations += algorithm.iterations;
    return original.call(this, algorithm, ...rest);
  };
  const cost = async (password, encoded) => {
    iterations = 0;
    const ok = await checkPassword(password, encoded);
    return [ok, iterations];
  };
  try {
    const low = await hashPassword('right', 'somesalt', 20_000);
    const capped = await hashPassword('right', 'somesalt');
    assert.deepEqual(await cost('right', low), [true, 20_000], 'a success runs the hash only');
    assert.deepEqual(await cost('wrong', low), [false, MAX_ITERATIONS], 'a refusal makes up the difference');
    assert.deepEqual(await cost('wrong', capped), [false, MAX_ITERATIONS]);
    assert.deepEqual(await cost('right', undefined), [false, MAX_ITERATIONS], 'an unknown user');
    assert.deepEqual(await cost('right', 'argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA'), [false, MAX_ITERATIONS]);
    assert.deepEqual(await cost('right', 'pbkdf2_sha256$600000$somesalt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), [false, MAX_ITERATIONS], 'over the cap: never run');
  } finally {
    subtle.deriveBits = original;
  }
});

test('hashes the edge cannot check get a clear message: other hashers, unusable passwords, counts over the Workers cap', () => {
  const cases = {
    'argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA': /^argon2 \(Argon2PasswordHasher: WebCrypto has no Argon2\)$/,
    'bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234': /bcrypt_sha256 .*no bcrypt/,
    'bcrypt$$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234': /^bcrypt .*no bcrypt/,
    'scrypt$16384$salt$8$1$aGFzaA==': /scrypt .*no scrypt/,
    'pbkdf2_sha1$260000$salt$aGFzaGhhc2hoYXNoaGFzaGhhc2g=': /pbkdf2_sha1 .*only pbkdf2_sha256/,
    'md5$salt$0123456789abcdef0123456789abcdef': /md5 .*legacy/,
    'unsalted_md5$$0123456789abcdef0123456789abcdef': /unsalted_md5 .*legacy/,
    '!Ks3pTwC8nNWi4Zc0RbwsFNT3cH8ClOWmSdrOjw4q': /unusable password .*nobody can log in/,
    'pbkdf2_sha256$100000$salt$short': /malformed pbkdf2_sha256/,
    'pbkdf2_sha256$abc$salt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=': /malformed pbkdf2_sha256/,
    'plaintext-password': /not a Django password hash/,
    '': /no password hash/,
  };
  for (const [encoded, message] of Object.entries(cases)) {
    const problem = hashProblem(encoded);
    assert.match(problem?.message ?? 'none', message, encoded);
    assert.equal(problem.iterations, undefined, `${encoded}: refused, not merely over the cap`);
  }
  const over = hashProblem('pbkdf2_sha256$600000$salt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  assert.equal(over.iterations, 600000);
  assert.match(over.message, /600000 iterations: Cloudflare Workers run PBKDF2 up to 100000 iterations.*Rehash it/);
  assert.equal(hashProblem('pbkdf2_sha256$100000$salt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), null);
  assert.equal(hashProblem('pbkdf2_sha256$1$salt$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='), null);
});

test('make users imports a Django dumpdata file: its users log in at the edge with their Django passwords', async () => {
  const state = stateDir();
  const first = await importUsers(FIXTURE, state);
  assert.equal(first.code, 1, 'exit 1: some users were refused');
  const out = first.stdout;
  assert.match(out, /\(Django dumpdata\) -> the local D1 database in .* \(migrated: 0001_users\.sql\):/);
  for (const [username, id] of [['admin', 1], ['dora', 2], ['erin', 3], ['frank', 4], ['judy', 5]]) {
    assert.equal(lineOf(out, username), `  created    ${username} (user_id ${id})`);
  }
  assert.match(out, /warning +erin: pbkdf2_sha256 with 600000 iterations, over the Workers cap of 100000: imported, but refused at login until rehashed/);
  const refusals = {
    gina: /argon2 \(Argon2PasswordHasher: WebCrypto has no Argon2\)/,
    hank: /bcrypt_sha256 \(BCryptSHA256PasswordHasher: WebCrypto has no bcrypt\)/,
    ivan: /scrypt \(ScryptPasswordHasher: WebCrypto has no scrypt\)/,
    kate: /pbkdf2_sha1 \(Django's PBKDF2SHA1PasswordHasher; only pbkdf2_sha256 is checked here\)/,
    liam: /md5 \(MD5PasswordHasher, a legacy hasher too weak to accept\)/,
    'sso-only': /an unusable password \(Django's set_unusable_password\): nobody can log in with it/,
  };
  for (const [username, reason] of Object.entries(refusals)) {
    assert.match(lineOf(out, username) ?? `no line for ${username}`, new RegExp(`^  refused    ${username}: its password hash is ${reason.source}`));
  }
  assert.match(out, /5 created, 0 updated, 0 unchanged, 0 deleted, 6 refused\./);
  assert.match(out, /PBKDF2PasswordHasher subclass with iterations = 100000 first in PASSWORD_HASHERS/);

  const again = await importUsers(FIXTURE, state);
  assert.match(again.stdout, /0 created, 0 updated, 5 unchanged, 0 deleted, 6 refused\./, 'importing twice changes nothing');

  const logs = [];
  const demo = await startDemo({ port: 0, bindings: NO_THROTTLE, stateDir: state, handleStructuredLogs: (l) => void logs.push(l) });
  try {
    assert.deepEqual(demo.users, { count: 5, demo: [] }, 'the demo users are not added to a database that has users');
    const api = client(demo.url);
    const admin = await api.login('admin', djangoPassword('admin'));
    assert.equal(admin.status, 200);
    assert.deepEqual(jose.decodeJwt(admin.data.access), { ...jose.decodeJwt(admin.data.access), user_id: 1, role: 'admin', ver: 0 });
    const adminMe = await api.me(admin.data.access, '/api/admin/');
    assert.deepEqual([adminMe.status, adminMe.data.username, adminMe.data.role], [200, 'admin', 'admin'], 'is_staff -> role admin');
    const dora = await api.login('dora', djangoPassword('dora'));
    assert.equal((await api.me(dora.data.access, '/api/admin/')).status, 403, 'not staff: no admin role');
    const frank = await api.login('frank', djangoPassword('frank'));
    assert.equal(frank.status, 200, 'a hash of 20,000 iterations checks too');
    for (const username of ['erin', 'judy', 'gina', 'sso-only', 'nobody']) {
      const r = await api.login(username, djangoPassword(username));
      assert.deepEqual([r.status, r.data], [401, NO_ACCOUNT], username);
    }
    assert.equal((await api.login('dora', djangoPassword('admin'))).status, 401);
    const erinLog = logs.find((l) => l.message.includes('erin'));
    assert.ok(erinLog, `a log line for erin's refused login in ${JSON.stringify(logs)}`);
    assert.equal(erinLog.level, 'warn');
    assert.match(erinLog.message, /login refused for user 3 \("erin"\): their password hash is pbkdf2_sha256 with 600000 iterations: Cloudflare Workers run PBKDF2 up to 100000 iterations/);
  } finally {
    await demo.dispose();
  }
});

test('make users beside a running demo: a user list hashed on import; a changed password revokes that user\'s access and refresh tokens', async () => {
  const state = stateDir();
  const demo = await startDemo({ port: 0, bindings: NO_THROTTLE, stateDir: state });
  try {
    const api = client(demo.url);
    const bob = (await api.login('bob', 'bob-demo-password')).data;
    const alice = (await api.login('alice', 'alice-demo-password')).data;
    const list = listFile([
      { username: 'bob', password: 'bob-new-password' },
      { username: 'alice', password: 'alice-demo-password', role: 'admin' },
      { username: 'newbie', password: 'newbie-password' },
      { username: 'mallory', password: 'x', user_id: 1 },
      { username: 'nopass' },
    ]);
    const r = await importUsers(list, state);
    assert.equal(r.code, 1);
    assert.equal(lineOf(r.stdout, 'bob'), '  updated    bob (user_id 2): password; tokens revoked');
    assert.equal(lineOf(r.stdout, 'alice'), '  unchanged  alice (user_id 1)', 'the same password keeps its hash: nothing revoked');
    assert.equal(lineOf(r.stdout, 'newbie'), '  created    newbie (user_id 4)');
    assert.equal(lineOf(r.stdout, 'mallory'), '  refused    mallory (user_id 1): user_id 1 is "alice"\'s too in this file');
    assert.match(lineOf(r.stdout, 'nopass'), /^  refused    nopass: no password/);

    // The running demo sees the import at once (one SQLite file).
    const checks = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? api.me(bob.access) : api.refresh(bob.refresh))));
    checks.forEach((c, i) => assert.deepEqual([c.status, c.data], [401, i % 2 ? NOT_VALID : REFRESH_NOT_VALID], `old token, request ${i}`));
    assert.equal((await api.login('bob', 'bob-demo-password')).status, 401);
    const newBob = await api.login('bob', 'bob-new-password');
    assert.equal(newBob.status, 200);
    assert.equal(jose.decodeJwt(newBob.data.access).ver, 1);
    assert.equal((await api.me(newBob.data.access)).status, 200);
    assert.equal((await api.refresh(newBob.data.refresh)).status, 200);
    assert.equal((await api.me(alice.access, '/api/admin/')).status, 200, "alice's tokens still work");
    assert.equal((await api.refresh(alice.refresh)).status, 200);
    const newbie = await api.login('newbie', 'newbie-password');
    assert.deepEqual([newbie.status, jose.decodeJwt(newbie.data.access).role], [200, 'user']);

    // Deactivation through the import revokes as well; reactivating brings no old token back.
    const deactivated = await importUsers(listFile([{ username: 'newbie', password: 'newbie-password', is_active: false }]), state);
    assert.equal(lineOf(deactivated.stdout, 'newbie'), '  updated    newbie (user_id 4): deactivated; tokens revoked');
    assert.deepEqual((await api.me(newbie.data.access)).data, { detail: 'User is inactive', code: 'user_inactive' });
    await importUsers(listFile([{ username: 'newbie', password: 'newbie-password' }]), state);
    assert.deepEqual((await api.me(newbie.data.access)).data, NOT_VALID);

    const taken = await importUsers(listFile([{ username: 'mallory', password: 'x', user_id: 1 }]), state);
    assert.match(lineOf(taken.stdout, 'mallory'), /^  refused    mallory \(user_id 1\): user_id 1 belongs to "alice" in this database; .*REPLACE=1/);

    // REPLACE=1: the file becomes the whole table; a token of a deleted user never
    // speaks for the user who takes their id.
    const replaced = await importUsers(listFile([{ username: 'mallory', password: 'mallory-password', user_id: 1, role: 'admin' }]), state, '--replace');
    assert.equal(replaced.code, 0);
    assert.equal(lineOf(replaced.stdout, 'alice'), '  deleted    alice (user_id 1); tokens revoked');
    assert.equal(lineOf(replaced.stdout, 'mallory'), '  created    mallory (user_id 1)');
    const stolen = await api.me(alice.access, '/api/admin/');
    assert.deepEqual([stolen.status, stolen.data], [401, NOT_VALID], "alice's token is not mallory's");
    const mallory = (await api.login('mallory', 'mallory-password')).data;
    assert.equal(jose.decodeJwt(mallory.access).ver, 1, 'the id starts past its former holder\'s version');
    assert.equal((await api.me(mallory.access, '/api/admin/')).status, 200);
  } finally {
    await demo.dispose();
  }
});

test('users.js for other code: setPassword, setActive and revokeTokens revoke access and refresh tokens', async () => {
  const demo = await startDemo({ port: 0, bindings: NO_THROTTLE });
  try {
    const env = { DB: await demo.mf.getD1Database('DB') };
    const api = client(demo.url);
    const bob = (await api.login('bob', 'bob-demo-password')).data;
    assert.equal(await currentVersion(env, 2), 0);

    assert.equal(await setActive(env, 2, false), true);
    assert.deepEqual([(await api.me(bob.access)).data, (await api.refresh(bob.refresh)).data],
      [{ detail: 'User is inactive', code: 'user_inactive' }, { detail: 'No active account found for the given token.', code: 'no_active_account' }]);
    assert.equal((await api.login('bob', 'bob-demo-password')).status, 401);
    await setActive(env, 2, true);
    assert.deepEqual([(await api.me(bob.access)).data, (await api.refresh(bob.refresh)).data], [NOT_VALID, REFRESH_NOT_VALID]);
    assert.equal(await currentVersion(env, 2), 1);

    const bob2 = (await api.login('bob', 'bob-demo-password')).data;
    assert.equal(await setPassword(env, 2, 'bob-changed-password'), true);
    assert.deepEqual([(await api.me(bob2.access)).status, (await api.refresh(bob2.refresh)).status], [401, 401]);
    assert.match((await userByName(env, 'bob')).password, /^pbkdf2_sha256\$100000\$[A-Za-z0-9]{22}\$/);
    const bob3 = (await api.login('bob', 'bob-changed-password')).data;
    assert.equal(jose.decodeJwt(bob3.access).ver, 2);

    const alice = (await api.login('alice', 'alice-demo-password')).data;
    assert.equal(await revokeTokens(env, 1), 1);
    assert.deepEqual((await api.me(alice.access, '/api/admin/')).data, NOT_VALID, 'revoked before the role check, as DRF authenticates first');
    assert.equal((await api.refresh(alice.refresh)).status, 401);
    assert.equal((await api.me(bob3.access)).status, 200, "bob's new token is unaffected");
    assert.equal(await revokeTokens(env, 99), null);
    assert.equal(await setActive(env, 99, false), false);
  } finally {
    await demo.dispose();
  }
});

test('migrations split as D1 runs them: strings, quoted names, comments and trigger bodies keep their semicolons', () => {
  const sql = `-- a comment; with a semicolon
CREATE TABLE "a;b" (x TEXT DEFAULT 'it''s; fine', [y;z] INTEGER); /* block; comment */
CREATE TRIGGER t AFTER INSERT ON "a;b" BEGIN
  UPDATE "a;b" SET x = CASE WHEN new.x = ';' THEN 'semi' ELSE new.x END;
  DELETE FROM "a;b" WHERE 0;
END;
CREATE TEMP TRIGGER u AFTER DELETE ON "a;b" BEGIN SELECT 1; END
;-- trailing comment only`;
  const parts = splitSql(sql);
  assert.equal(parts.length, 3);
  assert.match(parts[0], /^-- a comment; with a semicolon\nCREATE TABLE "a;b" \(x TEXT DEFAULT 'it''s; fine', \[y;z\] INTEGER\)$/);
  assert.match(parts[1], /^\/\* block; comment \*\/\nCREATE TRIGGER t .*DELETE FROM "a;b" WHERE 0;\nEND$/s);
  assert.equal(parts[2], 'CREATE TEMP TRIGGER u AFTER DELETE ON "a;b" BEGIN SELECT 1; END');
});

test('make users: a user Django disabled (unusable password, inactive) or moved to a hash the edge cannot check loses the old password and tokens here too', async () => {
  const state = stateDir();
  await importUsers(listFile([{ username: 'dave', password: 'dave-old-password', role: 'admin' }]), state);
  const demo = await startDemo({ port: 0, bindings: NO_THROTTLE, stateDir: state });
  try {
    const api = client(demo.url);
    const dave = (await api.login('dave', 'dave-old-password')).data;
    assert.equal((await api.me(dave.access)).status, 200);
    const dump = listFile([{ model: 'auth.user', pk: 1, fields: {
      username: 'dave', password: '!Xq3unusableDjangoPasswordMarker0123456789', is_active: false, is_staff: true,
    } }]);
    const r = await importUsers(dump, state);
    assert.equal(r.code, 1, 'exit 1: the hash cannot be checked here');
    assert.match(lineOf(r.stdout, 'dave') ?? '', /refused|updated/);
    assert.match(r.stdout, /updated +dave \(user_id 1\): password, deactivated; tokens revoked/);
    assert.equal((await api.login('dave', 'dave-old-password')).status, 401, 'the old password no longer logs in');
    assert.equal((await api.me(dave.access)).status, 401, 'the old access token is revoked');
    assert.equal((await api.refresh(dave.refresh)).status, 401, 'the old refresh token is revoked');
    for (const token of [dave.access, dave.refresh]) {
      const res = await fetch(`${demo.url}/api/token/verify/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      assert.deepEqual([res.status, await res.json()], [401, { detail: 'Token is invalid', code: 'token_not_valid' }], 'verify agrees: revoked');
    }
  } finally {
    await demo.dispose();
  }
});
