// `make users FILE=<path> [REPLACE=1]`: imports users into the local D1
// database that `make demo` and `wrangler dev` serve (examples/worker/.wrangler/state).
//
// FILE is one of
//   - Django's `python manage.py dumpdata auth.user` output (or a custom user
//     model's, if its fields hold username and password): the hashes are kept,
//     so users log in with their existing passwords; pk -> user_id,
//     is_staff -> role "admin" (DRF's IsAdminUser reads is_staff), else "user";
//   - a list `[{"username", "password", "role"?, "is_active"?, "user_id"?}]`
//     with plain passwords, hashed here as Django's pbkdf2_sha256 at the
//     Workers cap (100,000 iterations);
//   - a map `{"<username>": {"password": <Django hash>, "user_id", "role", "is_active"}}`,
//     the shape of examples/worker/demo-users.json (and of the former USERS binding).
// Users are upserted by username; a changed password or a deactivation
// revokes the user's tokens. REPLACE=1 (--replace) makes the file the whole
// user table. Prints what happened to each user; exits 1 if any was refused.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPassword, hashProblem, makePassword, MAX_ITERATIONS } from '../examples/worker/passwords.js';
import { saveUsers, userByName } from '../examples/worker/users.js';
import { openLocalDatabase } from './d1-local.mjs';
import { DEMO_STATE, WRANGLER_CONFIG } from './demo-server.mjs';

/**
 * @typedef {import('../examples/worker/users.js').UserRecord & { plain?: boolean }} FileRecord
 *   `plain`: `password` is a plain password to hash, not a Django hash
 */

const FORMATS = 'expected `manage.py dumpdata auth.user` output, a [{username, password, role}] list '
  + 'or a {"<username>": {password: <hash>, user_id, role}} map';

/**
 * Reads a user file (any of the three formats) into records and refusals;
 * refuses hashes the worker cannot check and flags those over the iteration cap.
 * @param {string} text the file's content
 * @returns {{ format: string, records: FileRecord[], refused: { username: string, reason: string }[], flagged: Map<string, string>, skipped: number }}
 */
export function readUserFile(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${e.message}): ${FORMATS}`);
  }
  if (!data || typeof data !== 'object') throw new Error(FORMATS);
  const dumpdata = Array.isArray(data) && data.some((e) => e && typeof e === 'object' && 'fields' in e && 'model' in e);
  /** @type {[string, unknown][]} entries as (name if it has none, entry) */
  const entries = Array.isArray(data) ? data.map((e, i) => [`entry ${i + 1}`, e]) : Object.entries(data);
  const result = {
    format: dumpdata ? 'Django dumpdata' : Array.isArray(data) ? 'user list' : 'username map (hashes)',
    records: [],
    refused: [],
    // Refused users whose hash the edge cannot check. Those already in the
    // database still take the new hash and is_active (see main): Django
    // disabling or rehashing a password must end the old one here too.
    uncheckable: [],
    flagged: new Map(),
    skipped: 0,
  };
  for (const [key, entry] of entries) {
    if (!entry || typeof entry !== 'object') {
      result.refused.push({ username: key, reason: 'not an object' });
      continue;
    }
    let record;
    if (dumpdata) {
      const f = entry.fields;
      // `dumpdata auth` also holds groups and permissions: not users, passed over.
      if (!f || typeof f !== 'object' || !('username' in f) || !('password' in f)) {
        result.skipped++;
        continue;
      }
      record = {
        username: f.username,
        password: f.password,
        is_active: f.is_active !== false,
        role: f.is_staff === true ? 'admin' : 'user',
        // `dumpdata --natural-primary` leaves pk out: the user keeps their id here, or gets the next.
        ...(entry.pk === undefined || entry.pk === null ? {} : { user_id: entry.pk }),
      };
    } else {
      const map = !Array.isArray(data); // the former USERS binding's shape: hashes, like dumpdata's
      record = {
        username: map ? key : entry.username,
        password: entry.password,
        ...(map ? {} : { plain: true }),
        is_active: entry.is_active !== false,
        role: entry.role === undefined ? 'user' : entry.role,
        ...(entry.user_id === undefined ? {} : { user_id: entry.user_id }),
      };
    }
    const username = typeof record.username === 'string' && record.username !== '' ? record.username : key;
    if (record.plain) {
      if (typeof record.password === 'string' && record.password !== '') result.records.push(record);
      else result.refused.push({ username, reason: 'no password (a list entry holds the plain password to hash)' });
      continue;
    }
    const problem = hashProblem(record.password);
    if (problem && !problem.iterations) {
      result.refused.push({ username, reason: `its password hash is ${problem.message}` });
      result.uncheckable.push(record);
      continue;
    }
    if (problem) result.flagged.set(username, `pbkdf2_sha256 with ${problem.iterations} iterations, over the Workers cap of ${MAX_ITERATIONS}: imported, but refused at login until rehashed`);
    result.records.push(record);
  }
  return result;
}

/**
 * Hashes the plain passwords (keeping a user's stored hash when the password
 * is the same, so re-importing a list revokes nothing) and saves the users.
 * @param {{ DB: unknown }} env
 * @param {FileRecord[]} records
 * @param {{ replace?: boolean, keep?: string[] }} [options] as saveUsers takes them
 */
export async function importUsers(env, records, options) {
  const ready = [];
  for (const { plain, ...record } of records) {
    if (plain && typeof record.username === 'string') {
      const stored = (await userByName(env, record.username))?.password;
      record.password = stored && (await checkPassword(record.password, stored)) ? stored : await makePassword(record.password);
    }
    ready.push(record);
  }
  return saveUsers(env, ready, options);
}

/** One line per user, then the totals. */
export function formatReport(results, refusedEarly, flagged) {
  const lines = [];
  const all = [...results, ...refusedEarly.map((r) => ({ ...r, action: 'refused' }))];
  for (const r of all) {
    const who = r.user_id ? `${r.username} (user_id ${r.user_id})` : r.username;
    let line = `  ${r.action.padEnd(9)}  ${who}`;
    if (r.changes?.length) line += `: ${r.changes.join(', ')}`;
    if (r.revoked && r.action !== 'created') line += '; tokens revoked';
    if (r.reason) line += `: ${r.reason}`;
    lines.push(line);
    if (flagged.has(r.username) && r.action !== 'refused' && r.action !== 'deleted') lines.push(`  ${'warning'.padEnd(9)}  ${r.username}: ${flagged.get(r.username)}`);
  }
  const count = (action) => all.filter((r) => r.action === action).length;
  const totals = ['created', 'updated', 'unchanged', 'deleted', 'refused'].map((a) => `${count(a)} ${a}`);
  lines.push(`${totals.join(', ')}.`);
  if ([...flagged.keys()].some((u) => results.some((r) => r.username === u && r.action !== 'refused'))) {
    lines.push(`Hashes over ${MAX_ITERATIONS} iterations cannot be checked on Cloudflare Workers (a platform limit). In Django, put a`);
    lines.push(`PBKDF2PasswordHasher subclass with iterations = ${MAX_ITERATIONS} first in PASSWORD_HASHERS: each password is`);
    lines.push('rehashed at its next login there; dump and import again. Or give those users new passwords with a user list.');
  }
  return lines.join('\n');
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { replace: { type: 'boolean', default: false }, state: { type: 'string', default: DEMO_STATE } },
  });
  if (positionals.length !== 1) {
    console.error('usage: make users FILE=<dumpdata.json | users.json> [REPLACE=1]\n'
      + '   or: node scripts/import-users.mjs <file> [--replace] [--state <wrangler state dir>]');
    process.exit(2);
  }
  const [file] = positionals;
  let parsed;
  try {
    parsed = readUserFile(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`make users: ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
    process.exit(2);
  }
  const local = await openLocalDatabase(WRANGLER_CONFIG, values.state);
  try {
    // A user refused here is not deleted by --replace: they are still in the file.
    const keep = parsed.refused.map((r) => r.username);
    const env = { DB: local.db };
    // An existing user whose new hash cannot be checked here takes it anyway
    // (with is_active and a new token version): their old password and tokens
    // must stop working, as they did in Django. Such a user cannot log in here.
    const existing = [];
    for (const record of parsed.uncheckable) {
      if (typeof record.username === 'string' && (await userByName(env, record.username))) existing.push(record);
    }
    const results = await importUsers(env, [...parsed.records, ...existing], { replace: values.replace, keep });
    const rel = relative(process.cwd(), values.state);
    const where = rel.startsWith('..') ? values.state : rel || '.';
    const skipped = parsed.skipped ? `, ${parsed.skipped} entries of other models passed over` : '';
    console.log(`${file} (${parsed.format}${skipped}) -> the local D1 database in ${where}${local.applied.length ? ` (migrated: ${local.applied.join(', ')})` : ''}:`);
    console.log(formatReport(results, parsed.refused, parsed.flagged));
    if (parsed.refused.length || results.some((r) => r.action === 'refused')) process.exitCode = 1;
  } finally {
    await local.dispose();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
