// A short, bounded load run against the demo worker in workerd on loopback:
// GET /api/me/ with a valid access token (authenticate + verify per request)
// for 10 s, 10 connections, then the same load on a route that does no JWT
// work (an unknown /api/ path, answered 404 by the same worker) as the
// baseline of Miniflare + workerd + loopback. Prints both and their ratio.
import autocannon from 'autocannon';
import os from 'node:os';
import { startDemo } from '../scripts/demo-server.mjs';

const seconds = Number(process.env.LOAD_SECONDS || 10);
const demo = await startDemo({ port: 0 });
try {
  const res = await fetch(`${demo.url}/api/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'alice-demo-password' }),
  });
  const { access } = await res.json();
  const result = await autocannon({
    url: `${demo.url}/api/me/`,
    connections: 10,
    duration: seconds,
    headers: { authorization: `Bearer ${access}` },
  });
  const baseline = await autocannon({ url: `${demo.url}/api/baseline/`, connections: 10, duration: seconds });
  const summary = {
    url: '/api/me/ (GET, Bearer, workerd via Miniflare, loopback)',
    seconds,
    connections: 10,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMsP50: result.latency.p50,
    latencyMsP99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    baselineRequestsPerSecond: Math.round(baseline.requests.average),
    authenticatedVsBaseline: Number((result.requests.average / baseline.requests.average).toFixed(3)),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
  console.log(JSON.stringify(summary, null, 2));
  if (summary.non2xx || summary.errors || summary.timeouts) process.exitCode = 1;
} finally {
  await demo.dispose();
}
