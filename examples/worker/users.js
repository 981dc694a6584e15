// The worker's users, in D1 (the `DB` binding; table `users`, see
// migrations/0001_users.sql): lookups for login and for tokens, and the
// changes that revoke a user's tokens. Every function takes the worker's
// `env`; Node scripts pass `{ DB: <Miniflare's D1Database> }`.
//
// Revocation: each token carries its user's `token_version` as the claim
// `ver`. Changing the password or deactivating the user raises the version,
// so every access and refresh token issued before no longer speaks for them
// (tokens without `ver` count as version 0).
import { checkPassword, hashProblem, makePassword } from './passwords.js';

/**
 * @typedef {object} User
 * @property {number} user_id the tokens' `user_id` (Django's pk)
 * @property {string} username
 * @property {string} password Django-format hash
 * @property {boolean} is_active
 * @property {string | null} role "admin" reaches /api/admin/
 * @property {number} token_version the tokens' `ver`
 */

const COLUMNS = 'id, username, password, is_active, role, token_version';

/** The D1 database (Cloudflare's D1Database, or Miniflare's from Node). */
function database(env) {
  const db = env?.DB;
  if (!db) throw new Error('the DB binding (a D1 database) is missing: see examples/worker/README.md');
  return db;
}

/** @returns {User | null} */
function fromRow(row) {
  if (!row) return null;
  return {
    user_id: row.id,
    username: row.username,
    password: row.password,
    is_active: row.is_active === 1,
    role: row.role ?? null,
    token_version: row.token_version,
  };
}

/** The user called `username` (matched exactly), or null. */
export async function userByName(env, username) {
  if (typeof username !== 'string') return null;
  return fromRow(await database(env).prepare(`SELECT ${COLUMNS} FROM users WHERE username = ?`).bind(username).first());
}

/** The user with this `user_id`, or null (also for a claim that is no safe integer). */
export async function userById(env, userId) {
  if (!Number.isSafeInteger(userId)) return null;
  return fromRow(await database(env).prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`).bind(userId).first());
}

/** The token version a new token for this user carries, or null for no such user. */
export async function currentVersion(env, userId) {
  return (await userById(env, userId))?.token_version ?? null;
}

/**
 * Django's authenticate() for the login view: the active user whose
 * password matches, or null. Unknown users and hashes the worker cannot
 * check cost the same PBKDF2 run; the latter are logged, so an operator
 * learns why a user's right password is refused.
 * @returns {Promise<User | null>}
 */
export async function checkCredentials(env, username, password) {
  const user = await userByName(env, username);
  const problem = user && hashProblem(user.password);
  if (problem) console.warn(`login refused for user ${user.user_id} ("${user.username}"): their password hash is ${problem.message}`);
  const ok = await checkPassword(password, user?.password);
  return ok && user.is_active ? user : null;
}

/**
 * Whether a verified token's claims still speak for their user, checked as
 * simplejwt's JWTAuthentication.get_user checks (user exists, is active),
 * plus the token version.
 * @param {{ user_id?: unknown, ver?: unknown }} claims
 * @returns {Promise<{ user: User, refused?: undefined } | { user?: User, refused: 'user_not_found' | 'user_inactive' | 'revoked' }>}
 */
export async function tokenUser(env, claims) {
  const user = await userById(env, claims.user_id);
  if (!user) return { refused: 'user_not_found' };
  if (!user.is_active) return { user, refused: 'user_inactive' };
  if ((claims.ver ?? 0) !== user.token_version) return { user, refused: 'revoked' };
  return { user };
}

/** Refuses every token issued to this user so far. Returns the new version, or null for no such user. */
export async function revokeTokens(env, userId) {
  const row = await database(env)
    .prepare('UPDATE users SET token_version = token_version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = ? RETURNING token_version')
    .bind(userId).first();
  return row?.token_version ?? null;
}

/**
 * Sets a new password (hashed at the Workers cap) and revokes the user's
 * tokens, as a password change must. Returns false for no such user.
 */
export async function setPassword(env, userId, newPassword) {
  if (typeof newPassword !== 'string' || newPassword === '') throw new TypeError('the new password must be a non-empty string');
  const encoded = await makePassword(newPassword);
  const row = await database(env)
    .prepare('UPDATE users SET password = ?, token_version = token_version + 1, updated_at = CURRENT_TIMESTAMP WHERE id = ? RETURNING id')
    .bind(encoded, userId).first();
  return row !== null;
}

/**
 * Activates or deactivates a user; deactivating revokes their tokens (so
 * reactivating later does not bring old sessions back). Returns false for
 * no such user.
 */
export async function setActive(env, userId, active) {
  const row = await database(env)
    .prepare(`UPDATE users SET is_active = ?1,
      token_version = token_version + (CASE WHEN is_active = 1 AND ?1 = 0 THEN 1 ELSE 0 END),
      updated_at = CURRENT_TIMESTAMP WHERE id = ?2 RETURNING id`)
    .bind(active ? 1 : 0, userId).first();
  return row !== null;
}

/**
 * @typedef {object} UserRecord one user to save
 * @property {string} username
 * @property {string} password Django-format hash, stored as given
 * @property {boolean} [is_active] default true
 * @property {string | null} [role]
 * @property {number} [user_id] kept when given (Django's pk); else the user's own, or the next free one
 *
 * @typedef {object} SaveResult what happened to one user
 * @property {string} username
 * @property {number | null} user_id
 * @property {'created' | 'updated' | 'unchanged' | 'deleted' | 'refused'} action
 * @property {string[]} [changes] for "updated": what changed
 * @property {boolean} [revoked] whether the user's tokens were revoked
 * @property {string} [reason] for "refused"
 */

/**
 * Upserts users by username in one transaction, raising the token version
 * of each whose password changed or who was deactivated. With `replace`,
 * users missing from `records` and `keep` are deleted (their tokens then
 * name no user).
 * A `user_id` another user holds is refused, so a token never changes hands.
 * @param {UserRecord[]} records
 * @param {{ replace?: boolean, keep?: Iterable<string> }} [options] keep: usernames
 *   `replace` leaves alone (entries refused before saving)
 * @returns {Promise<SaveResult[]>}
 */
export async function saveUsers(env, records, { replace = false, keep = [] } = {}) {
  const db = database(env);
  const existing = (await db.prepare(`SELECT ${COLUMNS} FROM users`).all()).results.map(fromRow);
  const byName = new Map(existing.map((u) => [u.username, u]));
  const byId = new Map(existing.map((u) => [u.user_id, u]));
  const listed = new Set([...records.map((r) => r.username), ...keep]);
  const deleted = replace ? existing.filter((u) => !listed.has(u.username)) : [];
  const gone = new Set(deleted.map((u) => u.username));
  let nextId = Math.max(0, ...existing.map((u) => u.user_id), ...records.map((r) => (Number.isSafeInteger(r.user_id) ? r.user_id : 0))) + 1;

  const statements = deleted.map((u) => db.prepare('DELETE FROM users WHERE id = ?').bind(u.user_id));
  const results = deleted.map((u) => ({ username: u.username, user_id: u.user_id, action: 'deleted', revoked: true }));
  const seenNames = new Set();
  const seenIds = new Map(); // id -> username, in the file
  for (const record of records) {
    const name = typeof record?.username === 'string' && record.username !== '' ? record.username : '(no username)';
    const refuse = (reason) => results.push({ username: name, user_id: record?.user_id ?? null, action: 'refused', reason });
    const invalid = invalidRecord(record);
    if (invalid) {
      refuse(invalid);
      continue;
    }
    const { username } = record;
    if (seenNames.has(username)) {
      refuse('listed twice in the file: the first entry counts');
      continue;
    }
    seenNames.add(username);
    const old = byName.get(username);
    const id = record.user_id ?? old?.user_id ?? nextId++;
    const holder = byId.get(id);
    if (seenIds.has(id)) {
      refuse(`user_id ${id} is "${seenIds.get(id)}"'s too in this file`);
      continue;
    }
    if (holder && holder.username !== username && !gone.has(holder.username)) {
      refuse(`user_id ${id} belongs to "${holder.username}" in this database; a token for one would speak for the other. `
        + 'Import with REPLACE=1 (the file becomes the whole user table) or give the user another id');
      continue;
    }
    seenIds.set(id, username);
    const row = { id, username, password: record.password, is_active: record.is_active === false ? 0 : 1, role: record.role ?? null };
    if (!old) {
      statements.push(db.prepare('INSERT INTO users (id, username, password, is_active, role) VALUES (?, ?, ?, ?, ?)')
        .bind(row.id, row.username, row.password, row.is_active, row.role));
      results.push({ username, user_id: id, action: 'created', revoked: false });
      continue;
    }
    const changes = [];
    if (old.user_id !== id) changes.push(`user_id ${old.user_id} -> ${id}`);
    if (old.password !== row.password) changes.push('password');
    if (old.is_active !== (row.is_active === 1)) changes.push(row.is_active ? 'activated' : 'deactivated');
    if (old.role !== row.role) changes.push(`role ${old.role ?? 'none'} -> ${row.role ?? 'none'}`);
    if (!changes.length) {
      results.push({ username, user_id: id, action: 'unchanged', revoked: false });
      continue;
    }
    // A new id also ends the old tokens: their user_id names nobody now.
    const bump = old.password !== row.password || (old.is_active && row.is_active === 0) ? 1 : 0;
    statements.push(db.prepare(`UPDATE users SET id = ?, password = ?, is_active = ?, role = ?,
      token_version = token_version + ?, updated_at = CURRENT_TIMESTAMP WHERE username = ?`)
      .bind(row.id, row.password, row.is_active, row.role, bump, username));
    results.push({ username, user_id: id, action: 'updated', changes, revoked: bump === 1 || old.user_id !== id });
  }
  if (statements.length) await db.batch(statements);
  return results;
}

/** Why a record cannot be saved (Django's own limits), or null. */
function invalidRecord(r) {
  if (!r || typeof r !== 'object') return 'not an object';
  if (typeof r.username !== 'string' || r.username === '') return 'no username';
  if (r.username.length > 150) return 'a username longer than 150 characters (Django\'s limit)';
  if (typeof r.password !== 'string' || r.password === '') return 'no password';
  if (r.user_id !== undefined && !(Number.isSafeInteger(r.user_id) && r.user_id > 0)) return `user_id ${JSON.stringify(r.user_id)} is not a positive integer`;
  if (r.role !== undefined && r.role !== null && typeof r.role !== 'string') return 'role is not a string';
  return null;
}
