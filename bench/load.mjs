// `make load`: short, bounded load runs against the example worker in
// workerd (Miniflare) on loopback, LOAD_SECONDS (default 10) each:
//
// 1. mixed: authenticated GET /api/me/ (10 connections) and logins with the
//    right password (2 connections) at once, as shipped (throttle on):
//    requests/s, p50/p99, errors and non-2xx answers of each;
// 2. a login flood: wrong passwords for one username from ever-changing
//    client addresses (CF-Connecting-IP, as a botnet sends them; 10
//    connections), while a user calls GET /api/me/ (2 connections): the
//    logins/s checked (401) and throttled (429), and /api/me/ p50/p99 with
//    no flood, during the flood with the throttle off (LOGIN_THROTTLE_* =
//    "none": the worker before throttle.js), and with it as shipped;
// 3. the baseline: an unknown /api/ path (404, no JWT work) on the same
//    worker, for the cost of Miniflare + workerd + loopback.
//
// Prints one JSON summary; exits 1 if a run had errors, timeouts or an
// answer it should not have.
import autocannon from 'autocannon';
import os from 'node:os';
import { startDemo } from '../scripts/demo-server.mjs';

const seconds = Number(process.env.LOAD_SECONDS || 10);
const ALICE = JSON.stringify({ username: 'alice', password: 'alice-demo-password' });
const json = { 'content-type': 'application/json' };

const run = (opts) => autocannon({ duration: seconds, ...opts });

/** The figures reported for one autocannon run. */
function figures(result) {
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMsP50: result.latency.p50,
    latencyMsP99: result.latency.p99,
    total: result.requests.total,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

const perSecond = (count = 0) => Number((count / seconds).toFixed(1));

async function accessToken(url) {
  const res = await fetch(`${url}/api/token/`, { method: 'POST', headers: json, body: ALICE });
  if (res.status !== 200) throw new Error(`login for the load run: ${res.status} ${await res.text()}`);
  return (await res.json()).access;
}

/** /api/me/ by one light user (2 connections), alone or during a login flood. */
async function meDuringFlood(url, access, flood) {
  let address = 0;
  const attack = flood && run({
    url: `${url}/api/token/`,
    connections: 10,
    requests: [{
      method: 'POST',
      headers: json,
      // Another client address each time: only the per-username bucket can stop it.
      setupRequest: (req) => {
        address += 1;
        return { ...req, headers: { ...req.headers, 'cf-connecting-ip': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` }, body: JSON.stringify({ username: 'alice', password: `guess-${address}` }) };
      },
    }],
  });
  const [me, logins] = await Promise.all([
    run({ url: `${url}/api/me/`, connections: 2, headers: { authorization: `Bearer ${access}` } }),
    attack || null,
  ]);
  const out = { me: figures(me) };
  if (logins) {
    const f = figures(logins);
    out.flood = { ...f, checkedPerSecond: perSecond(f.statuses[401]), throttledPerSecond: perSecond(f.statuses[429]) };
  }
  return out;
}

const summary = { seconds, worker: 'examples/worker in workerd via Miniflare, loopback', cpus: os.cpus().length };
let failed = false;

// 1 and 3: as shipped.
const shipped = await startDemo({ port: 0 });
try {
  const access = await accessToken(shipped.url);
  const [gets, logins] = await Promise.all([
    run({ url: `${shipped.url}/api/me/`, connections: 10, headers: { authorization: `Bearer ${access}` } }),
    run({ url: `${shipped.url}/api/token/`, connections: 2, method: 'POST', headers: json, body: ALICE }),
  ]);
  summary.mixed = { 'GET /api/me/ (10 connections)': figures(gets), 'POST /api/token/ right password (2 connections)': figures(logins) };
  failed ||= gets.non2xx > 0 || logins.non2xx > 0;
  summary.baseline404 = figures(await run({ url: `${shipped.url}/api/baseline/`, connections: 10 }));
  summary.quiet = (await meDuringFlood(shipped.url, access, false)).me;
} finally {
  await shipped.dispose();
}

// 2: the flood, throttle off, then as shipped.
for (const [name, bindings] of [['throttleOff', { LOGIN_THROTTLE_USER: 'none', LOGIN_THROTTLE_IP: 'none' }], ['throttleOn', {}]]) {
  const demo = await startDemo({ port: 0, bindings });
  try {
    const result = await meDuringFlood(demo.url, await accessToken(demo.url), true);
    summary[`flood_${name}`] = result;
    failed ||= result.me.total === 0 || Object.keys(result.me.statuses).some((s) => s !== '200');
    failed ||= Object.keys(result.flood.statuses).some((s) => s !== '401' && s !== '429');
  } finally {
    await demo.dispose();
  }
}

const allRuns = [summary.mixed['GET /api/me/ (10 connections)'], summary.mixed['POST /api/token/ right password (2 connections)'], summary.quiet,
  summary.flood_throttleOff.me, summary.flood_throttleOff.flood, summary.flood_throttleOn.me, summary.flood_throttleOn.flood];
failed ||= allRuns.some((f) => f.errors || f.timeouts);
summary.loadAverage = os.loadavg().map((l) => Number(l.toFixed(2)));
console.log(JSON.stringify(summary, null, 2));
if (failed) process.exitCode = 1;
