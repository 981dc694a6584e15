// Start-up in Node: a fresh process, from `import('ferrojwt')` to the end
// of the first verify (median of several processes).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './harness.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = `
const t0 = performance.now();
const m = await import('ferrojwt');
const t1 = performance.now();
const s = 'x'.repeat(32);
m.verify(m.sign({ a: 1 }, s), s);
console.log(JSON.stringify({ importMs: t1 - t0, firstVerifyMs: performance.now() - t0 }));
`;

export function nodeStartup(runs = 9) {
  const samples = Array.from({ length: runs }, () => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8' })));
  return { importMs: median(samples.map((s) => s.importMs)), firstVerifyMs: median(samples.map((s) => s.firstVerifyMs)), runs };
}
