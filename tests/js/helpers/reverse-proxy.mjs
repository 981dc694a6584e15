// One loopback origin in front of several servers, routed by path prefix, as
// a site's front proxy puts a built app and its API on the same origin (the
// auth client sends tokens only to its own origins).
import { createServer, request } from 'node:http';

/**
 * Listens on 127.0.0.1 on a free port and forwards each request to the origin
 * of the longest prefix of its path in `routes` (method, headers and body
 * as sent; Host rewritten to the upstream's); resolves to { url, close }.
 * @param {Record<string, string>} routes path prefix -> upstream origin, e.g. { '/api/': worker, '/': files }
 */
export function reverseProxy(routes) {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const server = createServer((req, res) => {
    const prefix = prefixes.find((p) => req.url.startsWith(p));
    if (prefix === undefined) return res.writeHead(404).end('no route');
    const upstream = new URL(req.url, routes[prefix]);
    const { connection, 'keep-alive': keepAlive, ...headers } = req.headers;
    // agent: false, so no pooled connection outlives close().
    const forward = request(upstream, { method: req.method, headers: { ...headers, host: upstream.host }, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(`upstream ${upstream.origin}: ${e.message}`);
    });
    req.pipe(forward);
    return undefined;
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
      });
    });
  });
}
