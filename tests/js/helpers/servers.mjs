// Small loopback HTTP servers for client tests: each records the requests
// it gets (method, path, Authorization) and answers by route.
import { createServer } from 'node:http';

/**
 * @param {Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: string) => void>} routes
 * @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean} [fallback]
 */
export function recordingServer(routes = {}, fallback) {
  const seen = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const path = new URL(req.url, 'http://x').pathname;
      seen.push({ method: req.method, path, authorization: req.headers.authorization ?? null });
      const route = routes[path];
      if (route) return route(req, res, body);
      if (fallback && fallback(req, res)) return undefined;
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not found."}');
      return undefined;
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
