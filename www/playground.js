// The playground: ferrojwt/client against this page's edge worker. Every
// request the client makes (login, refresh, logout, API calls) goes through a
// logging fetch, so the Authorization header it attached can be seen.
import { decode } from 'ferrojwt';
import { createAuthClient, createTokenStore } from 'ferrojwt/client';
import { relative, shorten } from './format.js';

const $ = (id) => document.getElementById(id);
const STORE_KEY = 'ferrojwt.demo.tokens';
const DEMO_EARLY_REFRESH = 15; // seconds after issue

export function startPlayground() {
  const el = {
    form: $('login'), username: $('username'), password: $('password'), demoRefresh: $('demo-refresh'),
    poll: $('poll'), access: $('access'), refresh: $('refresh'), countdown: $('access-countdown'), log: $('log'),
  };
  let client = null;
  let store = null;
  let unsubscribe = [];
  let pollTimer = null;

  async function loggingFetch(request) {
    const entry = { method: request.method, path: new URL(request.url).pathname, auth: shorten(request.headers.get('authorization')) };
    try {
      const res = await fetch(request);
      const text = await res.clone().text();
      let body = text;
      try {
        body = JSON.stringify(JSON.parse(text));
      } catch {
        // not JSON: show as is
      }
      log({ ...entry, status: res.status, body });
      return res;
    } catch (e) {
      log({ ...entry, status: 'network error', body: String(e) });
      throw e;
    }
  }

  function log({ method, path, auth, status, body }) {
    const li = document.createElement('li');
    li.className = typeof status === 'number' && status < 400 ? 'ok' : 'bad';
    const head = document.createElement('div');
    head.textContent = `${new Date().toLocaleTimeString()} ${method} ${path} → ${status}`;
    const authLine = document.createElement('div');
    authLine.className = 'auth';
    authLine.textContent = `Authorization: ${auth}`;
    const bodyLine = document.createElement('code');
    bodyLine.textContent = body.length > 400 ? `${body.slice(0, 400)}…` : body;
    li.append(head, authLine, bodyLine);
    el.log.prepend(li);
    while (el.log.children.length > 50) el.log.lastElementChild.remove();
  }

  function note(text) {
    log({ method: '—', path: text, auth: '', status: 'event', body: '' });
  }

  function storage() {
    return document.querySelector('input[name="storage"]:checked').value;
  }

  /** A lifetime-aware margin: refresh 15 s after issue in demo mode, else 30 s before expiry. */
  function margin() {
    if (!el.demoRefresh.checked) return 30;
    const access = client?.accessToken;
    if (!access) return 285;
    const { iat, exp } = decode(access).payload;
    return Math.max(0, exp - iat - DEMO_EARLY_REFRESH);
  }

  function setup() {
    for (const off of unsubscribe) off();
    store = createTokenStore({ storage: storage(), key: STORE_KEY });
    client = createAuthClient({ store, fetch: loggingFetch, refreshMargin: el.demoRefresh.checked ? 285 : 30 });
    unsubscribe = [
      client.on('change', render),
      client.on('refresh', () => note('token refreshed (rotation: the old refresh token is now blacklisted)')),
      client.on('logout', ({ reason }) => note(`logged out (${reason})`)),
    ];
    render();
  }

  function show(pre, token) {
    if (!token) {
      pre.textContent = '(none)';
      return;
    }
    try {
      pre.textContent = JSON.stringify(decode(token).payload, null, 2);
    } catch {
      pre.textContent = '(not a readable JWT)';
    }
  }

  function render() {
    const access = client.accessToken;
    show(el.access, access);
    show(el.refresh, store.get()?.refresh);
    tick();
  }

  function tick() {
    const claims = client?.claims;
    if (!claims || typeof claims.exp !== 'number') {
      el.countdown.textContent = 'not logged in';
      return;
    }
    const refreshAt = claims.exp - margin();
    el.countdown.textContent = `expires ${relative(claims.exp)}; the client refreshes it on the first request after ${relative(refreshAt)}`
      .replace('after in ', 'after ').replace(/after (\d.*) ago$/, 'now (due $1 ago)');
  }

  // Picking a demo user fills in its demo password, unless you typed your own.
  el.username.addEventListener('input', () => {
    const demoUser = ['alice', 'bob', 'carol'].includes(el.username.value);
    if (demoUser && (el.password.value === '' || el.password.value.endsWith('-demo-password'))) {
      el.password.value = `${el.username.value}-demo-password`;
    }
  });
  el.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await client.login({ username: el.username.value, password: el.password.value });
    } catch (e) {
      note(`login refused: ${e.detail ?? e.message}`);
    }
  });
  for (const radio of document.querySelectorAll('input[name="storage"]')) radio.addEventListener('change', setup);
  el.demoRefresh.addEventListener('change', setup);
  $('call-me').addEventListener('click', () => client.fetch('/api/me/').catch(() => {}));
  $('call-admin').addEventListener('click', () => client.fetch('/api/admin/').catch(() => {}));
  $('logout').addEventListener('click', () => client.logout());
  el.poll.addEventListener('change', () => {
    clearInterval(pollTimer);
    pollTimer = el.poll.checked ? setInterval(() => client.fetch('/api/me/').catch(() => {}), 5000) : null;
  });

  setup();
  setInterval(tick, 1000);
}
