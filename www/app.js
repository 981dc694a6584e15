// The demo page: everything below runs in the browser with the wasm package.
import { decode, verify, sign, generateSecret, JwtError } from 'jwt-wasm';

const $ = (id) => document.getElementById(id);
const el = {
  token: $('token'), segments: $('segments'), decodeError: $('decode-error'), secret: $('secret'), alg: $('alg'),
  badge: $('badge'), detail: $('verify-detail'), header: $('header'), payload: $('payload'), signError: $('sign-error'),
  edgeResult: $('edge-result'),
};

const toBase64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function showSegments(token) {
  el.segments.replaceChildren();
  token.split('.').forEach((part, i) => {
    if (i) el.segments.append('.');
    const span = document.createElement('span');
    span.className = ['seg-h', 'seg-p', 'seg-s'][i] || 'error';
    span.textContent = part;
    el.segments.append(span);
  });
}

function describe(e) {
  return e instanceof JwtError ? `${e.code}: ${e.message}` : String(e);
}

function refresh() {
  const token = el.token.value.trim();
  showSegments(token);
  try {
    const { header, payload } = decode(token);
    el.decodeError.hidden = true;
    el.header.textContent = JSON.stringify(header, null, 2);
    if (document.activeElement !== el.payload) el.payload.value = JSON.stringify(payload, null, 2);
    if (header.alg && ['HS256', 'HS384', 'HS512'].includes(header.alg)) el.alg.value = header.alg;
  } catch (e) {
    el.decodeError.hidden = false;
    el.decodeError.textContent = describe(e);
    el.header.textContent = '';
  }
  checkSignature(token);
}

function checkSignature(token) {
  el.badge.className = 'badge';
  if (!token || !el.secret.value) {
    el.badge.textContent = '–';
    el.detail.textContent = 'enter a token and its secret';
    return;
  }
  try {
    verify(token, el.secret.value, { algorithms: [el.alg.value] });
    el.badge.textContent = 'valid';
    el.badge.classList.add('valid');
    el.detail.textContent = 'signature and time claims check out';
  } catch (e) {
    el.badge.classList.add('invalid');
    el.badge.textContent = e.code === 'ERR_JWT_EXPIRED' ? 'expired'
      : e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && e.claim === 'nbf' ? 'not yet valid' : 'invalid';
    el.detail.textContent = describe(e);
  }
}

function resign() {
  el.signError.textContent = '';
  try {
    const payload = JSON.parse(el.payload.value);
    el.token.value = sign(payload, el.secret.value, { alg: el.alg.value, iat: false });
    refresh();
  } catch (e) {
    el.signError.textContent = e instanceof SyntaxError ? `payload is not JSON: ${e.message}` : describe(e);
  }
}

let pair = null;

async function edge(method, path, { body, token } = {}) {
  const headers = {};
  if (body) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const res = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
    const data = await res.json();
    el.edgeResult.textContent = `${method} ${path} -> ${res.status}\n${JSON.stringify(data, null, 2)}`;
    return { status: res.status, data };
  } catch (e) {
    el.edgeResult.textContent = String(e);
    return { status: 0, data: null };
  }
}

function showPair(data) {
  if (data?.access) {
    pair = data;
    el.token.value = data.access;
    refresh();
  }
}

el.token.addEventListener('input', refresh);
el.secret.addEventListener('input', () => checkSignature(el.token.value.trim()));
el.alg.addEventListener('change', () => checkSignature(el.token.value.trim()));
$('generate').addEventListener('click', () => {
  el.secret.value = toBase64url(generateSecret(el.alg.value));
  resign();
});
$('sign').addEventListener('click', resign);
$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const { data } = await edge('POST', '/api/token/', { body: { username: $('username').value, password: $('password').value } });
  showPair(data);
});
$('call-me').addEventListener('click', () => edge('GET', '/api/me/', { token: pair?.access }));
$('call-admin').addEventListener('click', () => edge('GET', '/api/admin/', { token: pair?.access }));
$('refresh').addEventListener('click', async () => {
  const { data } = await edge('POST', '/api/token/refresh/', { body: { refresh: pair?.refresh ?? '' } });
  showPair(data);
});

// Start with a token of our own so the page is never empty.
el.secret.value = 'your-256-bit-secret-at-least-32b';
el.token.value = sign({ sub: '1234567890', name: 'John Doe', admin: true }, el.secret.value, { expiresIn: '1h' });
refresh();
document.body.dataset.ready = 'true';
