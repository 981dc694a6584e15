// `make demo`: the edge worker and the page on http://127.0.0.1:8787 until Ctrl-C.
import { startDemo, DEMO_CREDENTIALS } from './demo-server.mjs';

const demo = await startDemo({ port: Number(process.env.PORT || 8787) });
console.log(`ferrojwt demo running in workerd on ${demo.url}`);
console.log('simplejwt endpoints: POST /api/token/, /api/token/refresh/, /api/token/verify/; GET /api/me/, /api/admin/');
console.log('demo users (username / password):');
for (const c of DEMO_CREDENTIALS) console.log(`  ${c.username} / ${c.password}  (${c.note})`);
console.log('Ctrl-C to stop.');
const stop = async () => {
  await demo.dispose();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
