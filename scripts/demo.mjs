// `make demo`: the edge worker and the page on http://127.0.0.1:8787 until Ctrl-C.
import { relative } from 'node:path';
import { startDemo, DEMO_CREDENTIALS, DEMO_STATE } from './demo-server.mjs';

const demo = await startDemo({ port: Number(process.env.PORT || 8787), stateDir: DEMO_STATE });
console.log(`ferrojwt demo running in workerd on ${demo.url}`);
console.log('simplejwt endpoints: POST /api/token/, /api/token/refresh/, /api/token/verify/; GET /api/me/, /api/admin/');
console.log(`users: ${demo.users.count} in the local D1 database (${relative(process.cwd(), DEMO_STATE)}); \`make users FILE=...\` imports more`);
if (demo.users.demo.length) {
  console.log('demo users (username / password):');
  for (const c of DEMO_CREDENTIALS.filter((d) => demo.users.demo.includes(d.username))) console.log(`  ${c.username} / ${c.password}  (${c.note})`);
}
console.log('Ctrl-C to stop.');
const stop = async () => {
  await demo.dispose();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
