// One Durable Object per refresh-token family: the chain of refresh tokens
// descending from one login (claim `family_id`, as simplejwt's token
// families name it). A Durable Object runs one request at a time and its
// SQLite storage answers synchronously, so reading the family's state and
// moving it on happen with no await in between: of any number of concurrent
// refreshes of one token, exactly one finds it current.
//
// The family keeps one row: its current refresh token's `jti` (the only one
// that may be refreshed), whether it was revoked and why, and the latest
// `exp` of its tokens. The first token of a family has `jti` equal to the
// family id, so a login needs no call here: a family without a row is at its
// first token, and has no storage at all. Once every token of the family has
// expired, an alarm deletes the object's storage (no token of it can pass
// verification by then).
import { DurableObject } from 'cloudflare:workers';

/**
 * A refresh token as the family sees it (its verified claims).
 * @typedef {{ jti: string, family: string, exp: number }} FamilyToken
 */

/**
 * What the family says about a token, named for simplejwt's answers:
 * `current` (it may be refreshed or blacklisted), `blacklisted` (used, or
 * logged out: "Token is blacklisted"), `family_blacklisted` (its family was
 * revoked after a reuse: "Token family is blacklisted").
 * @typedef {'current' | 'blacklisted' | 'family_blacklisted'} TokenState
 */

/** Seconds the row outlives the family's last `exp`, for clock skew between isolates. */
const SLACK_SECONDS = 300;

export class RefreshFamily extends DurableObject {
  /**
   * @param {DurableObjectState} ctx
   * @param {unknown} env
   */
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    /** Whether the table exists: it is created by the first write, so a family only read costs no storage. */
    this.created = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'family'").toArray().length > 0;
  }

  /**
   * The state of `token`, changing nothing (the verify endpoint).
   * @param {FamilyToken} token
   * @returns {TokenState}
   */
  state(token) {
    return stateOf(this.#row(token), token);
  }

  /**
   * Spends `token` for `child`: if it is current, `child` becomes current
   * and the caller may hand it out; if it was already used, the family is
   * revoked (reuse).
   * @param {FamilyToken} token
   * @param {FamilyToken} child a token of the same family, not yet handed out
   * @returns {Promise<TokenState>} the state `token` was in: only `current` rotated it
   */
  async rotate(token, child) {
    const row = this.#row(token);
    const state = stateOf(row, token);
    if (state === 'current') await this.#save({ current: child.jti, revoked: null, until: Math.max(row.until, child.exp) });
    else if (token.jti !== row.current && row.revoked === null) await this.#save({ ...row, revoked: 'reuse' });
    return state;
  }

  /**
   * Revokes the family (logout). A used token revokes it as a reuse does.
   * @param {FamilyToken} token
   * @returns {Promise<TokenState>} the state `token` was in: `current` means it was live until now
   */
  async revoke(token) {
    const row = this.#row(token);
    const state = stateOf(row, token);
    if (row.revoked === null) await this.#save({ ...row, revoked: state === 'current' ? 'logout' : 'reuse' });
    return state;
  }

  /** Every token of the family has expired: forget it. */
  async alarm() {
    const row = this.created ? this.sql.exec('SELECT until FROM family').toArray()[0] : undefined;
    const due = row ? (Number(row.until) + SLACK_SECONDS) * 1000 : 0;
    if (due > Date.now()) {
      await this.ctx.storage.setAlarm(due);
      return;
    }
    // Tables included: this object then holds nothing.
    await this.ctx.storage.deleteAll();
    this.created = false;
  }

  /**
   * The family's row, or the state a family without one is in: at its first
   * token, whose `jti` is the family id.
   * @param {FamilyToken} token
   * @returns {{ current: string, revoked: 'logout' | 'reuse' | null, until: number }}
   */
  #row(token) {
    const row = this.created ? this.sql.exec('SELECT current, revoked, until FROM family').toArray()[0] : undefined;
    if (!row) return { current: token.family, revoked: null, until: token.exp };
    return { current: String(row.current), revoked: /** @type {any} */ (row.revoked), until: Math.max(Number(row.until), token.exp) };
  }

  /**
   * Writes the row and keeps the alarm past the family's last `exp`.
   * @param {{ current: string, revoked: 'logout' | 'reuse' | null, until: number }} row
   */
  async #save({ current, revoked, until }) {
    if (!this.created) {
      // `revoked`: NULL, 'logout' (the current token was blacklisted) or
      // 'reuse' (a used token came back: RFC 9700 section 4.14.2).
      this.sql.exec(`CREATE TABLE IF NOT EXISTS family (
        id INTEGER PRIMARY KEY CHECK (id = 0),
        current TEXT NOT NULL,
        revoked TEXT CHECK (revoked IN ('logout', 'reuse')),
        until INTEGER NOT NULL
      )`);
      this.created = true;
    }
    this.sql.exec(
      `INSERT INTO family (id, current, revoked, until) VALUES (0, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET current = excluded.current, revoked = excluded.revoked, until = excluded.until`,
      current, revoked, until,
    );
    const due = (until + SLACK_SECONDS) * 1000;
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm < due) await this.ctx.storage.setAlarm(due);
  }
}

/**
 * @param {{ current: string, revoked: 'logout' | 'reuse' | null }} row
 * @param {FamilyToken} token
 * @returns {TokenState}
 */
function stateOf(row, token) {
  if (token.jti !== row.current) return 'blacklisted'; // rotated away: used
  if (row.revoked === 'logout') return 'blacklisted';
  if (row.revoked === 'reuse') return 'family_blacklisted';
  return 'current';
}
