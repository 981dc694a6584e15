// `make bench`: every benchmark in one run, written to BENCHMARKS.md and
// bench/results.json. Ratios are ours / the best other library per row
// (the machine is shared: ratios within one run mean more than absolutes).
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { nodeRun } from './node-run.mjs';
import { browserRun } from './browser-run.mjs';
import { workerdRun } from './workerd-run.mjs';
import { nodeStartup } from './startup.mjs';
import { sizeRows } from './size.mjs';
import { memoryRun } from './memory.mjs';
import { nativeRun } from './native.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
const opts = quick ? { ms: 150, runs: 3 } : { ms: 400, runs: 5 };
const log = (m) => process.stderr.write(`[bench] ${m}\n`);

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const started = { time: new Date().toISOString(), load: load() };
log('node');
const node = await nodeRun(opts);
log('chromium');
const chromium = await browserRun(opts);
log('workerd');
const workerd = await workerdRun(opts);
log('start-up');
const startup = nodeStartup();
log('size');
const size = await sizeRows();
log('memory');
const memory = memoryRun(quick ? { verifies: 100_000, hostile: 10_000 } : undefined);
const skipNative = process.argv.includes('--no-native');
if (!skipNative) log('native (criterion)');
const native = skipNative ? null : nativeRun();
const finished = { time: new Date().toISOString(), load: load() };

const results = { started, finished, node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, runtimeNode: node, chromium, workerd, startup, size, memory, native };
writeFileSync(`${ROOT}bench/results.json`, `${JSON.stringify(results, null, 2)}\n`);

/** Issue 16's targets beside this run's figures. */
function targets({ node: n, chromium: c, workerd: w, size: sz }) {
  const ops = (rows, op, lib, token) => rows.find((r) => r.op === op && r.token === token && r.lib === lib)?.opsPerSec;
  const ratio = (rows, op, lib, token) => ops(rows, op, 'ferrojwt', token) / ops(rows, op, lib, token);
  const lines = ['## Targets (issue 16)', '', '| target | wanted | this run | met |', '| --- | ---: | ---: | --- |'];
  const add = (what, wanted, got) => lines.push(`| ${what} | >= ${wanted.toFixed(2)} | ${Number.isFinite(got) ? got.toFixed(2) : 'n/a'} | ${got >= wanted ? 'yes' : '**no**'} |`);
  const sizes = [['small', 'small'], ['1 KB claims', '1 KB']];
  for (const op of ['HS256 verify, prepared', 'HS256 sign, prepared']) {
    for (const [token, name] of sizes) {
      add(`${op}, ${name}: Node, x fast-jwt`, token === 'small' ? 1.5 : 1, ratio(n, op, 'fast-jwt', token));
      add(`${op}, ${name}: Chromium, x jose`, token === 'small' ? 3 : 2, ratio(c, op, 'jose', token));
      add(`${op}, ${name}: workerd, x jose`, token === 'small' ? 3 : 2, ratio(w, op, 'jose', token));
    }
  }
  for (const [token, name] of sizes) {
    add(`decode, ${name}: Node, x jose decodeJwt`, 1, ratio(n, 'decode', 'jose', token));
    add(`decode, ${name}: Node, x fast-jwt's decoder`, 1, ratio(n, 'decode', 'fast-jwt', token));
    add(`decode, ${name}: Chromium, x jose decodeJwt`, 1, ratio(c, 'decode', 'jose', token));
  }
  for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA']) {
    const op = `${alg} verify, prepared`;
    for (const [token, name] of sizes) {
      add(`${op}, ${name}: Node, x fast-jwt`, 1, ratio(n, op, 'fast-jwt', token));
      add(`${op}, ${name}: Chromium, x jose`, 1, ratio(c, op, 'jose', token));
      add(`${op}, ${name}: workerd, x jose`, 1, ratio(w, op, 'jose', token));
    }
  }
  add('HS256 verify, cache on, small: Node, x fast-jwt with its cache', 1, ratio(n, 'HS256 verify, cache on', 'fast-jwt', 'small'));
  const core = sz.find((r) => r.what === 'ferrojwt: wasm');
  lines.push(`| core wasm, gzip | <= 25.0 KB | ${(core.gzip / 1024).toFixed(1)} KB | ${core.gzip <= 25 * 1024 ? 'yes' : '**no**'} |`);
  return lines;
}

const fmt = (n) => Math.round(n).toLocaleString('en');
function table(rows) {
  const groups = new Map();
  for (const r of rows) {
    const k = `${r.op} | ${r.token}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  const lines = ['| operation | token | library | ops/s | ns/op | ferrojwt / this |', '| --- | --- | --- | ---: | ---: | ---: |'];
  const summary = [];
  for (const [k, rs] of groups) {
    const ours = rs.find((r) => r.lib === 'ferrojwt');
    const others = rs.filter((r) => !r.lib.startsWith('ferrojwt'));
    const best = others.reduce((a, b) => (b.opsPerSec > (a?.opsPerSec ?? 0) ? b : a), null);
    for (const r of [...rs].sort((a, b) => b.opsPerSec - a.opsPerSec)) {
      const ratio = ours && r !== ours ? (ours.opsPerSec / r.opsPerSec).toFixed(2) : '';
      const lib = `${r.lib}${r.label ? ` (${r.label})` : ''}`;
      lines.push(`| ${k} | ${r === ours ? `**${lib}**` : lib} | ${fmt(r.opsPerSec)} | ${fmt(r.nsPerOp)} | ${ratio} |`);
    }
    if (ours && best) summary.push({ row: k, best: best.lib, ratio: ours.opsPerSec / best.opsPerSec });
  }
  return { lines, summary };
}

const nodeT = table(node);
const chromeT = table(chromium.results);
const workerdT = table(workerd.results);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const md = [];
md.push('# Benchmarks', '');
md.push(`Generated by \`make bench\` (bench/index.mjs) on ${started.time}: Node ${process.version}, ${chromium.version}, ${workerd.version} (Miniflare), ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}).`);
md.push(`Load average at start ${started.load}, at end ${finished.load}: the machine is shared, so compare ratios within this run, not absolute figures across runs. Raw numbers: [bench/results.json](bench/results.json).`, '');
md.push('Each figure is the median of several timed runs after a warm-up. "small" is a simplejwt-style access token (~200 B); "1 KB claims" a token with about 1 KB of claims. Ratios are ferrojwt / that library (above 1: we are faster). Async libraries (jose, tsndr) are awaited one call at a time.', '');
md.push('How each library is configured (its fastest documented setup; bench/cases.mjs):', '');
md.push('- **ferrojwt**: `createVerifier` / `createSigner` (prepared) or `verify` / `sign` (one-shot). Public keys: `ferrojwt/full`; in Node its synchronous `verify` checks signatures with node:crypto; in Chromium and workerd the row is `verifyAsync` (WebCrypto), with the synchronous wasm arithmetic beside it as "ferrojwt sync". "ferrojwt core" is `ferrojwt` itself (no public-key wasm) on the same native path.');
md.push('- **fast-jwt**: `createVerifier` / `createSigner` with the algorithm pinned (`algorithms: [alg]`, `algorithm: alg`), HMAC keys as a Buffer, public keys as PEM (it prepares a KeyObject once); cache off except in the "cache on" row.');
md.push('- **jose**: `jwtVerify` with `algorithms: [alg]` and a key imported once (`importJWK` for HMAC, a generated CryptoKey for public keys); `SignJWT` with the imported key.');
md.push('- **jsonwebtoken**: `verify` with `algorithms: [alg]` and the PEM; **jwt-decode**, **tsndr** (`@tsndr/cloudflare-worker-jwt`): their only forms.');
md.push('- **"RS256 verify, one-shot JWK"**: the public JWK (without `alg`, as identity providers often publish it) passed on every call: `ferrojwt`\'s `verify` (Node) or `verifyAsync` (elsewhere); jose\'s `jwtVerify` with the same JWK object, whose import it caches; fast-jwt\'s `createVerifier` with the PEM, made per call.', '');
md.push('## Summary: ferrojwt against the best other library per row', '');
md.push('| operation | token | Node: best other | Node ratio | Chromium: best other | Chromium ratio | workerd: best other | workerd ratio |', '| --- | --- | --- | ---: | --- | ---: | --- | ---: |');
for (const s of nodeT.summary) {
  const c = chromeT.summary.find((x) => x.row === s.row);
  const w = workerdT.summary.find((x) => x.row === s.row);
  md.push(`| ${s.row} | ${s.best} | ${s.ratio.toFixed(2)} | ${c ? c.best : '-'} | ${c ? c.ratio.toFixed(2) : '-'} | ${w ? w.best : '-'} | ${w ? w.ratio.toFixed(2) : '-'} |`);
}
md.push('', '## Node', '', ...nodeT.lines, '', '## Chromium (headless, Debian\'s)', '', ...chromeT.lines, '');
md.push('## workerd (Miniflare; timed from Node around batches of calls, as workerd\'s clock stands still during CPU work)', '', ...workerdT.lines, '');
md.push('## Start-up', '');
md.push(`- Node: \`import('ferrojwt')\` ${startup.importMs.toFixed(1)} ms; import to the end of the first sign + verify ${startup.firstVerifyMs.toFixed(1)} ms (median of ${startup.runs} fresh processes).`);
md.push(`- Chromium: import (fetch + compile + instantiate) ${chromium.importMs.toFixed(1)} ms; to the end of the first sign + verify ${chromium.startupMs.toFixed(1)} ms (one page load, served from loopback).`, '');
md.push('## Size (what an app downloads; esbuild, minified)', '', '| what | raw | gzip -9 | brotli 11 |', '| --- | ---: | ---: | ---: |');
for (const r of size) md.push(`| ${r.what} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
md.push('', '## Memory', '');
md.push(`Wasm linear memory: ${kb(memory.startBytes)} before, ${kb(memory.afterVerifiesBytes)} after ${fmt(memory.verifies)} verifies with one verifier, ${kb(memory.afterHostileBytes)} after ${fmt(memory.hostile)} hostile tokens through one-shot \`verify\`.`, '');
if (native) {
  md.push('## Native lower bound (criterion, bench/native)', '', '| HS256 verify, small token | sha2 default backend | sha2 soft (portable) backend |', '| --- | ---: | ---: |');
  for (const id of Object.keys(native.default)) md.push(`| ${id} | ${fmt(native.default[id])} ns | ${fmt(native.soft[id])} ns |`);
  const ours = node.find((r) => r.op === 'HS256 verify, prepared' && r.token === 'small' && r.lib === 'ferrojwt');
  md.push('', `ferrojwt in Node (prepared verify, small token): ${fmt(ours.nsPerOp)} ns, ${(ours.nsPerOp / native.soft.raw).toFixed(2)}x the native portable-SHA raw floor (${fmt(native.soft.raw)} ns).`, '');
}
md.push(...targets({ node, chromium: chromium.results, workerd: workerd.results, size }), '');
// The profile is analysis, not a measurement of this run: kept by hand in bench/profile.md.
md.push(readFileSync(`${ROOT}bench/profile.md`, 'utf8').trim());
writeFileSync(`${ROOT}BENCHMARKS.md`, `${md.join('\n')}\n`);
log('wrote BENCHMARKS.md and bench/results.json');
