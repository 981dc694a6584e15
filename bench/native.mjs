// Runs bench/native (criterion) twice: sha2 default backend and the
// portable "soft" backend; returns ns per verify for each function.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('./native/', import.meta.url));

function run(backend, targetDir) {
  const env = { ...process.env, CARGO_TARGET_DIR: `${DIR}${targetDir}` };
  if (backend === 'soft') env.RUSTFLAGS = '--cfg sha2_backend="soft"';
  execFileSync('cargo', ['bench', '--bench', 'verify', '--', '--warm-up-time', '1', '--measurement-time', '3', '--noplot'], { cwd: DIR, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const out = {};
  for (const id of ['raw', 'jsonwebtoken', 'ferrojwt core']) {
    const est = JSON.parse(readFileSync(`${DIR}${targetDir}/criterion/hs256_verify_small/${id}/new/estimates.json`, 'utf8'));
    out[id] = Math.round(est.median.point_estimate);
  }
  return out;
}

export function nativeRun() {
  return { default: run('default', 'target'), soft: run('soft', 'target-soft') };
}
