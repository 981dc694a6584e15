// ferrojwt/client: the front-end half of JWT authentication, in plain JS
// (no wasm, no top-level await: see client-weight.test.mjs). The parts:
//   client/auth-client.js  createAuthClient: login, logout, fetch, claims
//   client/origins.js      which origins ever receive the token
//   client/redirects.js    following redirects without leaking it
//   client/refresh.js      when to refresh, and one refresh at a time
//   client/answers.js      reading login and refresh answers, bounded
//   client/events.js       change, refresh and logout listeners
//   store.js               where the pair lives (memory, Web Storage)
//   claims-reader.js       a token's claims, read as decode() reads them

export { createAuthClient } from './client/auth-client.js';
export { AuthError } from './client/auth-error.js';
export { createTokenStore } from './store.js';
