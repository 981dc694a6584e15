// Bundled by bench/browser-run.mjs for Chromium; `ferrojwt` comes from the
// page's import map (the package's browser entry, as users load it).
import * as jose from 'jose';
import * as jwtDecode from 'jwt-decode';
import * as tsndr from '@tsndr/cloudflare-worker-jwt';
import { makeCases, runCases } from './cases.mjs';
import { rateAsync, rateSync } from './harness.mjs';

window.runBench = async (opts) => {
  const t0 = performance.now();
  const jwtwasm = await import('ferrojwt');
  const loaded = performance.now() - t0;
  jwtwasm.verify(jwtwasm.sign({ a: 1 }, 'x'.repeat(32)), 'x'.repeat(32));
  const startupMs = performance.now() - t0;
  const jwtwasmFull = await import('ferrojwt/full');
  const rows = await makeCases({ jwtwasm, jwtwasmFull, jose, jwtDecode, tsndr });
  return { startupMs, importMs: loaded, results: await runCases(rows, { rateSync, rateAsync }, opts) };
};
