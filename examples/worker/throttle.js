// Login throttling for POST /api/token/: a token bucket per username and one
// per client address, each in its own Durable Object (binding LOGIN_THROTTLE,
// class LoginThrottle). A Durable Object runs one call at a time, so
// concurrent attempts from any isolate or data centre are counted exactly.
//
// Rates use DRF's throttle syntax ("5/min", "20/min", "100/hour"): that many
// attempts at once, refilled evenly over the period, so nobody is locked out
// for good (at 5/min one attempt comes back every 12 s). They are the vars
// LOGIN_THROTTLE_USER and LOGIN_THROTTLE_IP; "none" turns a bucket off.
//
// A bucket counts password checks. The attempt is taken before the PBKDF2
// work, so a flood of refused attempts costs no CPU; a login that succeeds
// gives its attempts back, so people who know their password (or many users
// behind one address) are not held back by their own successes, while at
// most `limit` checks per bucket are ever in flight at once.
import { DurableObject } from 'cloudflare:workers';
import { json } from './http.js';

/** Used when a var is absent (wrangler.jsonc ships the same values). */
export const DEFAULT_RATES = { LOGIN_THROTTLE_USER: '5/min', LOGIN_THROTTLE_IP: '20/min' };

const PERIOD_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * A DRF rate ("5/min": only the period's first letter counts, as in DRF), or
 * null for "none" or "" (no throttle).
 * @param {unknown} text
 * @param {string} name the variable, for the error message
 * @returns {{ limit: number, periodMs: number } | null}
 */
export function parseRate(text, name) {
  const value = String(text ?? '').trim().toLowerCase();
  if (value === '' || value === 'none') return null;
  const match = /^([1-9]\d{0,6})\/([smhd])[a-z]*$/.exec(value);
  if (!match) throw new Error(`${name} must be a rate such as "5/min", or "none"; it is ${JSON.stringify(text)}`);
  return { limit: Number(match[1]), periodMs: PERIOD_SECONDS[match[2]] * 1000 };
}

/**
 * A token bucket's arithmetic. State `{ tokens, at, rate }`: the attempts
 * left at `at` (ms), and the rate they refill at.
 */
export class TokenBucket {
  /**
   * @param {{ limit: number, periodMs: number }} rate
   * @param {{ tokens: number, at: number } | null} [state]
   */
  constructor(rate, state) {
    this.rate = rate;
    this.tokens = Math.min(rate.limit, state?.tokens ?? rate.limit);
    this.at = state?.at ?? 0;
  }

  /** Adds what the time since `at` has refilled. */
  refill(now) {
    const perMs = this.rate.limit / this.rate.periodMs;
    this.tokens = Math.min(this.rate.limit, this.tokens + Math.max(0, now - this.at) * perMs);
    this.at = now;
  }

  /** @returns {{ ok: true } | { ok: false, wait: number }} wait: whole seconds until an attempt is back */
  take(now) {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, wait: Math.max(1, Math.ceil(((1 - this.tokens) * this.rate.periodMs) / this.rate.limit / 1000)) };
  }

  give(now) {
    this.refill(now);
    this.tokens = Math.min(this.rate.limit, this.tokens + 1);
  }

  /** Milliseconds from `at` until the bucket is full again. */
  get fullIn() {
    return Math.ceil(((this.rate.limit - this.tokens) * this.rate.periodMs) / this.rate.limit);
  }

  get state() {
    return { tokens: this.tokens, at: this.at, rate: this.rate };
  }
}

/**
 * One bucket (one username or one client address). The state is written
 * through to storage so that an evicted object resumes where it was; an
 * alarm forgets it once the bucket is full again, so storage holds only the
 * buckets in use.
 */
export class LoginThrottle extends DurableObject {
  /** @type {{ tokens: number, at: number, rate: { limit: number, periodMs: number } } | null} */
  #saved = null;

  constructor(ctx, env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      this.#saved = (await ctx.storage.get('bucket')) ?? null;
    });
  }

  #save(bucket) {
    this.#saved = bucket.state;
    // take() and give() read the bucket from memory and write it back with
    // no await in between, so no other call interleaves; the write is not
    // awaited: the output gate holds the answer until it is durable.
    this.ctx.storage.put('bucket', this.#saved);
    this.ctx.storage.setAlarm(bucket.at + bucket.fullIn + 1000);
  }

  /**
   * Takes one attempt. The rate comes with each call, so a changed
   * configuration applies at once.
   * @param {{ limit: number, periodMs: number }} rate
   */
  take(rate) {
    const bucket = new TokenBucket(rate, this.#saved);
    const result = bucket.take(Date.now());
    if (result.ok) this.#save(bucket);
    return result;
  }

  /** Gives one attempt back. @param {{ limit: number, periodMs: number }} rate */
  give(rate) {
    const bucket = new TokenBucket(rate, this.#saved);
    bucket.give(Date.now());
    this.#save(bucket);
  }

  async alarm() {
    if (!this.#saved) return;
    const bucket = new TokenBucket(this.#saved.rate, this.#saved);
    bucket.refill(Date.now());
    if (bucket.fullIn === 0) {
      this.#saved = null;
      await this.ctx.storage.deleteAll();
    } else {
      await this.ctx.storage.setAlarm(bucket.at + bucket.fullIn + 1000);
    }
  }
}

/** The rates configured for `env`, read once per isolate. */
const ratesOf = new WeakMap();
function rates(env) {
  let found = ratesOf.get(env);
  if (!found) {
    found = Object.entries(DEFAULT_RATES).map(([name, fallback]) => parseRate(env[name] ?? fallback, name));
    ratesOf.set(env, found);
  }
  return found;
}

/**
 * The client's address as a bucket name: CF-Connecting-IP (set by
 * Cloudflare's edge; Miniflare and `wrangler dev` set it to the peer's
 * address). An IPv6 client counts by its /64, the block one subscriber gets.
 * @param {Request} request
 */
export function clientKey(request) {
  const ip = (request.headers.get('cf-connecting-ip') ?? '').trim().toLowerCase();
  if (!ip) return 'ip:unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return `ip:${mapped[1]}`;
  if (!ip.includes(':')) return `ip:${ip}`;
  const [head, tail = ''] = ip.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  const prefix = groups.slice(0, 4).map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16).toString(16) : g));
  return `ip:${prefix.join(':')}::/64`;
}

/** DRF's Throttled answer (with `wait` whole seconds, also in Retry-After). */
export function throttled(wait) {
  return json({ detail: `Request was throttled. Expected available in ${wait} second${wait === 1 ? '' : 's'}.` }, 429, { 'retry-after': String(wait) });
}

function bucket(env, name) {
  if (!env.LOGIN_THROTTLE) throw new Error('the LOGIN_THROTTLE binding (a Durable Object namespace) is missing: see examples/worker/README.md');
  return env.LOGIN_THROTTLE.get(env.LOGIN_THROTTLE.idFromName(name));
}

/**
 * Takes a login attempt for `username` from this client, before any
 * password is checked: first from the username's bucket, then from the
 * address's (an attempt one bucket refuses costs the other nothing).
 * @param {Request} request
 * @param {Record<string, unknown>} env
 * @param {string} username
 * @returns {Promise<{ throttled: Response } | { throttled: null, succeeded: () => Promise<void> }>}
 *   `succeeded()` gives the attempts back once the password was right
 */
export async function admitLogin(request, env, username) {
  const [userRate, ipRate] = rates(env);
  const wanted = [[userRate, `user:${username}`], [ipRate, clientKey(request)]].filter(([rate]) => rate);
  const taken = [];
  const giveBack = () => Promise.all(taken.map(([rate, name]) => bucket(env, name).give(rate))).then(() => {});
  for (const [rate, name] of wanted) {
    const result = await bucket(env, name).take(rate);
    if (!result.ok) {
      await giveBack();
      return { throttled: throttled(result.wait) };
    }
    taken.push([rate, name]);
  }
  return { throttled: null, succeeded: giveBack };
}
