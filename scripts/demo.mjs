// `make demo`: the worker and page on http://127.0.0.1:8787 until Ctrl-C.
import { startDemo, DEMO_SECRET } from './demo-server.mjs';

const demo = await startDemo({ port: Number(process.env.PORT || 8787) });
console.log(`jwt-wasm demo running in workerd on ${demo.url}`);
console.log(`edge secret (demo only): ${DEMO_SECRET}`);
console.log('Ctrl-C to stop.');
const stop = async () => {
  await demo.dispose();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
