// A module worker for workerd / Cloudflare Workers that uses jwt-wasm at the
// edge and serves the demo page from the same origin.
//
//   GET  /api/demo-token         a fresh HS256 token signed at the edge
//   POST /api/verify  {token}    verifies a token with the edge's secret
//
// The secret comes from the DEMO_SECRET binding (a demo value in
// scripts/demo-server.mjs; set your own with `wrangler secret put`).
import { createSigner, createVerifier, JwtError } from 'jwt-wasm';

const MAX_BODY = 64 * 1024;
let prepared;

/** Signer and verifier are prepared once per isolate, not per request. */
function keys(env) {
  if (!prepared || prepared.secret !== env.DEMO_SECRET) {
    prepared = {
      secret: env.DEMO_SECRET,
      signer: createSigner({ key: env.DEMO_SECRET, expiresIn: '5m', issuer: 'jwt-wasm-demo', jwtId: true }),
      verifier: createVerifier({ key: env.DEMO_SECRET, issuer: 'jwt-wasm-demo' }),
    };
  }
  return prepared;
}

function json(body, status = 200) {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

async function readJson(request) {
  if (!(request.headers.get('content-type') || '').includes('application/json')) {
    return { error: json({ detail: 'Send a JSON body (Content-Type: application/json).' }, 415) };
  }
  const text = await request.text();
  if (text.length > MAX_BODY) return { error: json({ detail: 'Request body too large.' }, 413) };
  try {
    const body = JSON.parse(text);
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return { body };
  } catch {
    return { error: json({ detail: 'The body is not a JSON object.' }, 400) };
  }
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/api/demo-token' && request.method === 'GET') {
      return json({ token: keys(env).signer.sign({ sub: 'demo-user', scope: 'read' }) });
    }
    if (pathname === '/api/verify' && request.method === 'POST') {
      const { body, error } = await readJson(request);
      if (error) return error;
      if (typeof body.token !== 'string') return json({ detail: 'The field "token" is required.' }, 400);
      try {
        return json({ valid: true, ...keys(env).verifier.verify(body.token) });
      } catch (e) {
        if (e instanceof JwtError) return json({ valid: false, code: e.code, message: e.message }, 401);
        throw e;
      }
    }
    if (pathname.startsWith('/api/')) return json({ detail: 'Not found.' }, 404);
    return env.ASSETS.fetch(request);
  },
};
