#!/usr/bin/env node
// Runs tests/js one file at a time (as `node --test` does on 2 cores), each
// in its own process with a wall-clock limit, so that a hung file fails the
// run with its name, where it stood and what held it, instead of running until
// CI's own limit. (A CI run hung for 80 minutes with nothing to say where:
// Node 20 deadlocked inside a GC in a test's key export, see
// tests/js/helpers/signatures.mjs `keyPair`.) What it prints of a hang: the
// file's processes; a diagnostic report (JS stack, live handles) if its event
// loop still turns; else its JS stack, paused through the inspector; else
// (blocked in native code) the main thread's native stack from gdb.
//
// A hung file is run once more, and the run fails unless that second run
// passes; either way what the hang printed is repeated at the end of the run,
// where a CI log's tail shows it (it may be a real bug: an input that loops).
//
// usage: node scripts/test-js.mjs [file-or-name-substring ...]
// env:   TEST_FILE_TIMEOUT   seconds a file may take (default 600)
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = join(root, 'tests/js');
const limit = Number(process.env.TEST_FILE_TIMEOUT ?? 600);
if (!Number.isFinite(limit) || limit <= 0) throw new TypeError(`TEST_FILE_TIMEOUT must be a positive number of seconds, not ${process.env.TEST_FILE_TIMEOUT}`);

const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .map((f) => join(dir, f));
if (files.length === 0) throw new Error(`no test file matches ${wanted.join(' ')}`);

const totals = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const failed = [];
/** What each hang printed, repeated at the end. */
const hangs = [];
/** The diagnosis of the file running now, as printed. */
let diagnosis = '';
const say = (text) => {
  console.log(text);
  diagnosis += `${text}\n`;
};
const started = Date.now();
/** The running file's process group, killed with us if we are stopped. */
let running = 0;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    if (running !== 0) killGroup(running);
    process.exit(code);
  });
}

for (const file of files) {
  const name = relative(root, file);
  let run = await runFile(file);
  if (run.hung) {
    hangs.push(`${name} hung after ${limit} s:\n${diagnosis}`);
    console.log(`\n# ${name} hung; running it once more`);
    run = await runFile(file);
    if (run.hung) hangs.push(`${name} hung again:\n${diagnosis}`);
  }
  const { code, signal, out, hung } = run;
  for (const key of Object.keys(totals)) {
    const m = out.match(new RegExp(`^ℹ ${key} (\\d+)$`, 'm'));
    if (m) totals[key] += Number(m[1]);
  }
  if (hung) failed.push(`${name}: hung twice (killed; the reports are above)`);
  else if (code !== 0) failed.push(`${name}: exit ${code ?? signal}`);
}
if (hangs.length > 0) console.log(`\n# HUNG (a bug to find, even where a second run passed):\n${hangs.join('\n')}`);
console.log(`\n# tests/js: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(Object.entries(totals).map(([k, v]) => `# ${k} ${v}`).join('\n'));
if (failed.length > 0) {
  console.log(`# failed files:\n${failed.map((f) => `#   ${f}`).join('\n')}`);
  process.exit(1);
}

/**
 * Runs one test file in its own process group; its output goes through to
 * ours as it comes (and is kept, for the counts). The file ends when its
 * process exits: a grandchild still holding the pipes is killed with the
 * group, and its output is read to the end (5 s at most) before the next file.
 */
function runFile(file) {
  const reports = mkdtempSync(join(tmpdir(), 'ferrojwt-test-report-'));
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--expose-gc',
        '--test-reporter=spec',
        // A test file whose tests all ended is done, whatever handle it left.
        '--test-force-exit',
        '--report-on-signal',
        '--report-signal=SIGUSR2',
        `--report-directory=${reports}`,
        // Where SIGUSR1 opens the inspector: a free port, named on stderr.
        '--inspect-port=0',
        file,
      ],
      { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running = child.pid ?? 0;
    let out = '';
    let inspector = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      inspector = /Debugger listening on (ws:\/\/\S+)/.exec(String(d))?.[1] ?? inspector;
      process.stderr.write(d);
    });
    let hung = false;
    diagnosis = '';
    const done = () => child.exitCode !== null || child.signalCode !== null;
    const timer = setTimeout(() => {
      if (done()) return;
      hung = true;
      say(`\n✖ ${relative(root, file)} still running after ${limit} s: a diagnostic report, then the kill`);
      describeHang(child.pid);
      try {
        child.kill('SIGUSR2');
      } catch {}
      // The report is written by the process's own thread when its event loop
      // turns; code that never yields is paused through the inspector, and
      // code blocked in native code is read by gdb.
      setTimeout(async () => {
        try {
          if (done() || printReport(reports)) return;
          if (await printPausedStack(child.pid, () => inspector)) return;
          if (!done()) printNativeStack(child.pid);
        } finally {
          killGroup(child.pid);
        }
      }, 3000);
    }, limit * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Whatever the file started and left behind goes with it.
      killGroup(child.pid);
      const finish = () => {
        running = 0;
        rmSync(reports, { recursive: true, force: true });
        resolve({ code, signal, out, hung });
      };
      const cutoff = setTimeout(finish, 5000);
      child.on('close', () => {
        clearTimeout(cutoff);
        finish();
      });
    });
  });
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {}
}

/** The processes of the hung file's group, with what each is running. */
function describeHang(pid) {
  try {
    say(execFileSync('ps', ['-o', 'pid,ppid,etime,time,stat,args', '--forest', '-g', String(pid)], { encoding: 'utf8' }));
  } catch (e) {
    say(`(ps: ${e.message})`);
  }
}

/**
 * The JS stack and the live libuv handles from the diagnostic report in
 * `reports`, if one was written (whole) by now.
 * @param {string} reports
 */
function printReport(reports) {
  const files = readdirSync(reports).filter((f) => f.endsWith('.json'));
  if (files.length === 0) {
    say('(no diagnostic report: the event loop never turned; pausing its JS instead)');
    return false;
  }
  for (const f of files) {
    let report;
    try {
      report = JSON.parse(readFileSync(join(reports, f), 'utf8'));
    } catch (e) {
      say(`(a diagnostic report that does not read: ${e.message})`);
      return false;
    }
    say(`JS stack: ${report.javascriptStack?.message ?? ''}\n${(report.javascriptStack?.stack ?? []).join('\n')}`);
    const handles = (report.libuv ?? []).filter((h) => h.is_active);
    say(`active handles (${handles.length}):`);
    for (const h of handles) say(`  ${h.type}${h.fd !== undefined ? ` fd ${h.fd}` : ''}${h.remoteEndpoint ? ` -> ${JSON.stringify(h.remoteEndpoint)}` : ''}${h.localEndpoint ? ` at ${JSON.stringify(h.localEndpoint)}` : ''}${h.pid !== undefined ? ` pid ${h.pid}` : ''}${h.firesInMsFromNow !== undefined ? ` fires in ${h.firesInMsFromNow} ms` : ''}`);
  }
  return true;
}

/**
 * The stack of JS (or wasm) that never yields: SIGUSR1 opens the process's
 * inspector (on the port it names on stderr), where Debugger.pause stops it.
 * Needs a WebSocket (Node 20: --experimental-websocket, as `make test-js` runs this).
 * @param {number} pid
 * @param {() => string} url the inspector's address, once the process named it
 */
async function printPausedStack(pid, url) {
  if (typeof WebSocket !== 'function') {
    say('(no WebSocket in this Node: run with --experimental-websocket for the stack)');
    return false;
  }
  try {
    process.kill(pid, 'SIGUSR1');
    for (let i = 0; i < 20 && url() === ''; i++) await new Promise((r) => setTimeout(r, 100));
    if (url() === '') throw new Error('the inspector did not start');
    const ws = new WebSocket(url());
    /** @type {Map<string, string>} */
    const urls = new Map();
    const frames = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no pause within 5 s')), 5000);
      ws.onerror = () => reject(new Error('inspector connection failed'));
      ws.onopen = () => {
        ws.send(JSON.stringify({ id: 1, method: 'Debugger.enable' }));
        ws.send(JSON.stringify({ id: 2, method: 'Debugger.pause' }));
      };
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data));
        if (msg.method === 'Debugger.scriptParsed') urls.set(msg.params.scriptId, msg.params.url);
        if (msg.method === 'Debugger.paused') {
          clearTimeout(timer);
          resolve(msg.params.callFrames);
        }
      };
    });
    ws.close();
    say(`JS stack, paused:\n${frames.map((f) => `    at ${f.functionName || '<anonymous>'} (${urls.get(f.location.scriptId) || f.url}:${f.location.lineNumber + 1}:${f.location.columnNumber + 1})`).join('\n')}`);
    return true;
  } catch (e) {
    say(`(no paused stack: ${e.message})`);
    return false;
  }
}

/** The main thread's native stack: JS that cannot be paused is blocked in native code. */
function printNativeStack(pid) {
  try {
    const out = execFileSync('gdb', ['-p', String(pid), '-batch', '-ex', 'bt 20'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    say(`native stack of the main thread:\n${out.split('\n').filter((l) => l.startsWith('#')).join('\n')}`);
  } catch (e) {
    say(`(no native stack: ${e.message}${e.stderr ? `\n${String(e.stderr).trim()}` : ''})`);
  }
}
