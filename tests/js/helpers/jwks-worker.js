// A module worker that verifies tokens against remote key sets, for the
// tests of ferrojwt/jwks. The same module runs in workerd (bundled, through
// Miniflare; see ./jwks-runtimes.mjs) and in Node (its `fetch` called
// directly), so both runtimes run one code path.
//
// POST a JSON body:
//   { set: { id, url, options?, verify? }, tokens: [...] }  -> [{ kid, sub } | { code, message }] per token
//   { set: {...}, authenticate: token }                       -> { status, claims? , body? }
// `set.options.kv: true` stands for `kv: env.JWKS_CACHE` (env exists only here).
import { createRemoteKeySet } from 'ferrojwt/jwks';
import { authenticate } from 'ferrojwt/worker';

/** Verifiers by the test's id for their set: module scope lives as long as the isolate. */
const verifiers = new Map();

function verifierFor({ id, url, options = {}, verify = {} }, env) {
  let verifier = verifiers.get(id);
  if (!verifier) {
    const { kv, ...rest } = options;
    verifier = createRemoteKeySet(url, kv ? { ...rest, kv: env.JWKS_CACHE } : rest).createVerifier(verify);
    verifiers.set(id, verifier);
  }
  return verifier;
}

export default {
  /** @param {Request} request @param {{ JWKS_CACHE?: object }} env */
  async fetch(request, env) {
    const { set, tokens = [], authenticate: token } = await request.json();
    const verifier = verifierFor(set, env);
    if (token !== undefined) {
      const auth = await authenticate(new Request('https://api.example.com/me', { headers: { authorization: `Bearer ${token}` } }), verifier);
      return Response.json(auth.ok ? { status: 200, claims: auth.claims } : { status: auth.response.status, body: await auth.response.json() });
    }
    // Concurrently, as requests arrive at one isolate.
    const results = await Promise.all(tokens.map((t) => verifier.verify(t).then(
      ({ header, payload }) => ({ kid: header.kid, sub: payload.sub }),
      (error) => ({ code: error.code ?? error.name, message: error.message }),
    )));
    return Response.json(results);
  },
};
