// Long-running tools (wrangler dev, vite's dev server, a README's Node
// server) started as a user starts them, and stopped with their children.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A port free on 127.0.0.1 right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `command` and resolves once its output matches `ready`; rejects
 * with the output when it exits first or `timeout` ms pass.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env?: Record<string, string>, ready: RegExp, timeout?: number }} options
 * @returns {Promise<{ match: RegExpMatchArray, output: () => string, stop: () => Promise<void> }>}
 */
export function startServer(command, args, { cwd, env = {}, ready, timeout = 30_000 }) {
  // Its own process group, so stop() ends the tool's children (workerd, esbuild) too.
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const fail = async (why) => {
      clearTimeout(timer);
      await stop();
      reject(new Error(`${command} ${args.join(' ')}: ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail(`not ready after ${timeout} ms`), timeout);
    const onExit = (code, signal) => fail(`exited (${code ?? signal}) before it was ready`);
    const onData = (chunk) => {
      output += chunk;
      // Colour codes would split the text a tool prints.
      const match = output.replace(/\x1b\[[0-9;]*m/g, '').match(ready);
      if (match) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        child.stdout.on('data', (c) => { output += c; });
        child.stderr.on('data', (c) => { output += c; });
        resolve({ match, output: () => output, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}
