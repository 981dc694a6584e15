// Debian's Chromium, driven by playwright-core; no test ever downloads a browser.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A persistent context in a fresh profile; close() also removes the profile. */
export async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'ferrojwt-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
};

/**
 * Serves `root` on 127.0.0.1 on a free port; resolves to { url, close }.
 * `options.delay(file)`, when given, is how many milliseconds to hold back
 * the answer for that file (to play a slow network for some files).
 * @param {string} root
 * @param {{ delay?: (file: string) => number }} [options]
 */
export function serveDir(root, options = {}) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      const answer = () => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
        res.end(body);
      };
      const ms = options.delay?.(file) ?? 0;
      if (ms > 0) setTimeout(answer, ms);
      else answer();
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      // close() also ends kept-alive connections, so a browser that stays open
      // (one shared by several tests) does not hold it until they time out.
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
      });
    });
  });
}
