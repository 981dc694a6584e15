// A JWKS endpoint on loopback whose answer a test changes (`state.keys`,
// `state.mode`), counting the requests it gets, in all and by path.
import { createServer } from 'node:http';

/**
 * Modes: `ok` serves `{ keys }`; `hang` never answers; `slow-body` starts a
 * body and never ends it; `huge` sends 600 KiB; `error` a 500; `not-json`
 * HTML; `redirect` a 302 to `/moved`, which would serve the keys.
 * @returns {Promise<{ state: { keys: unknown, mode: string, hits: number, paths: Record<string, number> },
 *   url(path?: string): string, close(): Promise<void> }>}
 */
export async function jwksServer() {
  const state = { keys: [], mode: 'ok', hits: 0, paths: {} };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    state.hits += 1;
    state.paths[path] = (state.paths[path] ?? 0) + 1;
    const keys = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
    if (path === '/moved') return void keys();
    switch (state.mode) {
      case 'hang': return undefined;
      case 'slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"keys":[');
        return undefined;
      case 'huge':
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [], pad: 'x'.repeat(600 * 1024) }));
      case 'error': return void res.writeHead(500).end('oops');
      case 'not-json': return void res.writeHead(200).end('<html>');
      case 'redirect': return void res.writeHead(302, { location: '/moved' }).end();
      default: return void keys();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    state,
    url: (path = '/.well-known/jwks.json') => `${base}${path}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
