// The debugger: decode as you type, verify with a secret or a public key
// (PEM or JWK), edit and re-sign, a claims timeline and a reviewer's
// warnings. Everything stays in the page. The HMAC-only build loads with the
// page; ferrojwt/full (RSA, ECDSA, EdDSA) only once a key or an algorithm
// needs it.
import { decode, decodeHeader, verify, sign, generateSecret, JwtError } from 'ferrojwt';
import { fromBase64url, isoDate, relative, toBase64url } from './format.js';
import { review } from './warnings.js';

const $ = (id) => document.getElementById(id);
const HMAC = ['HS256', 'HS384', 'HS512'];
const PUBLIC_KEY = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

let full = null;
let fullLoading = null;
/** ferrojwt/full, loaded once; `then` runs when it is ready. */
function withFull(then) {
  fullLoading ??= import('ferrojwt/full').then((m) => {
    full = m;
  });
  return fullLoading.then(then);
}

export function startDebugger() {
  const el = {
    token: $('token'), segments: $('segments'), decodeError: $('decode-error'), header: $('header'),
    payload: $('payload'), editError: $('edit-error'), secret: $('secret'), encoding: $('encoding'), alg: $('alg'),
    badge: $('badge'), sigBadge: $('sig-badge'), detail: $('verify-detail'), timeline: $('timeline'),
    warnings: $('warnings'), shareStatus: $('share-status'),
  };
  let decoded = null;

  const describe = (e) => (e instanceof JwtError ? `${e.code}: ${e.message}` : String(e.message ?? e));

  /** The secret or key as `verify`/`sign` take it, or null. */
  function key() {
    const text = el.secret.value;
    if (!text) return null;
    if (el.encoding.value === 'text') return text;
    if (el.encoding.value === 'key') {
      const trimmed = text.trim();
      if (!trimmed.startsWith('{')) return trimmed; // PEM
      try {
        return JSON.parse(trimmed); // a JWK or a JWK set
      } catch {
        return null;
      }
    }
    return fromBase64url(text.trim());
  }

  function keyBytes(k) {
    if (k === null || el.encoding.value === 'key') return null;
    return typeof k === 'string' ? new TextEncoder().encode(k) : k;
  }

  /** The API that can serve the selected algorithm and key: null while ferrojwt/full loads. */
  function api() {
    if (!PUBLIC_KEY.includes(el.alg.value) && el.encoding.value !== 'key') return { verify, sign };
    if (full) return full;
    withFull(() => {
      check();
      renderWarnings();
    });
    return null;
  }

  /** Colours the segments and marks the one that failed. */
  function showSegments(token, badIndex) {
    el.segments.replaceChildren();
    const parts = token.split('.');
    parts.forEach((part, i) => {
      if (i) el.segments.append('.');
      const span = document.createElement('span');
      span.className = `seg seg-${['h', 'p', 's'][i] ?? 'x'}${i === badIndex ? ' seg-bad' : ''}`;
      span.textContent = part || (i < 3 ? '(empty)' : '');
      span.title = ['header', 'payload', 'signature'][i] ?? 'unexpected extra segment';
      el.segments.append(span);
    });
  }

  /** Which segment a decode error belongs to, for the highlight. */
  function failingSegment(token) {
    const n = token.split('.').length;
    if (n !== 3) return n > 3 ? 3 : n - 1;
    try {
      decodeHeader(token);
    } catch {
      return 0;
    }
    return 1;
  }

  function render({ keepHeader = false, keepPayload = false } = {}) {
    const token = el.token.value.trim();
    try {
      decoded = decode(token);
      showSegments(token, -1);
      el.decodeError.hidden = true;
      if (!keepHeader) el.header.value = JSON.stringify(decoded.header, null, 2);
      if (!keepPayload) el.payload.value = JSON.stringify(decoded.payload, null, 2);
      const named = decoded.header.alg;
      if ((HMAC.includes(named) || PUBLIC_KEY.includes(named)) && !keepHeader) {
        // A public-key token is checked with a public key, not a secret.
        if (PUBLIC_KEY.includes(named) && !PUBLIC_KEY.includes(el.alg.value) && el.encoding.value !== 'key') {
          el.encoding.value = 'key';
          el.secret.value = '';
        }
        el.alg.value = named;
      }
    } catch (e) {
      decoded = null;
      const bad = failingSegment(token);
      showSegments(token, bad);
      el.decodeError.hidden = false;
      const where = ['the header', 'the payload', 'the signature', 'an extra segment'][bad] ?? 'the token';
      el.decodeError.textContent = `${describe(e)} (in ${where})`;
    }
    check();
    renderTimeline();
    renderWarnings();
  }

  function check() {
    el.badge.className = 'badge';
    el.sigBadge.className = 'badge';
    const token = el.token.value.trim();
    const k = key();
    if (!decoded || k === null) {
      el.badge.textContent = '–';
      el.sigBadge.textContent = '–';
      const wrong = el.encoding.value === 'key' ? 'the key is not PEM, a JWK or a JWK set' : 'the secret is not base64url';
      const ask = el.encoding.value === 'key' ? 'paste the public key (PEM or JWK) to check the signature' : 'enter the secret to check the signature';
      el.detail.textContent = !decoded ? '' : el.secret.value ? wrong : ask;
      return;
    }
    const lib = api();
    if (lib === null) {
      el.detail.textContent = 'loading RSA, ECDSA and EdDSA support…';
      return;
    }
    try {
      lib.verify(token, k, { algorithms: [el.alg.value] });
      setBadges('valid', 'valid', 'signature and time claims check out');
    } catch (e) {
      // Claim checks run only after the signature passed.
      const signed = e.code === 'ERR_JWT_EXPIRED' || e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED';
      const status = e.code === 'ERR_JWT_EXPIRED' ? 'expired'
        : e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && e.claim === 'nbf' ? 'not yet valid' : 'invalid';
      setBadges(signed ? 'valid' : 'invalid', status, describe(e));
    }
  }

  function setBadges(signature, status, detail) {
    el.sigBadge.textContent = signature;
    el.sigBadge.classList.add(signature === 'valid' ? 'ok' : 'bad');
    el.badge.textContent = status;
    el.badge.classList.add(status === 'valid' ? 'ok' : 'bad');
    el.detail.textContent = detail;
  }

  function renderTimeline() {
    el.timeline.replaceChildren();
    const p = decoded?.payload ?? {};
    const rows = [['iat', 'issued'], ['nbf', 'not before'], ['exp', 'expires']].filter(([c]) => c in p);
    if (!rows.length) {
      el.timeline.append(Object.assign(document.createElement('li'), { textContent: decoded ? 'no iat, nbf or exp' : '–' }));
      return;
    }
    for (const [claim, label] of rows) {
      const li = document.createElement('li');
      const v = p[claim];
      li.dataset.claim = claim;
      li.textContent = typeof v === 'number' ? `${label} (${claim}): ${isoDate(v)}, ${relative(v)}` : `${label} (${claim}): ${isoDate(v)}`;
      if (claim === 'exp' && typeof v === 'number') li.className = v <= Date.now() / 1000 ? 'past' : 'future';
      el.timeline.append(li);
    }
  }

  function renderWarnings() {
    const k = key();
    const notes = review({
      header: decoded?.header, payload: decoded?.payload, secretBytes: keyBytes(k),
      secretText: el.encoding.value === 'text' ? el.secret.value : '', alg: el.alg.value,
    });
    el.warnings.replaceChildren(...(notes.length ? notes : [{ level: 'info', text: decoded ? 'Nothing to flag.' : '–' }])
      .map(({ level, text }) => Object.assign(document.createElement('li'), { className: level, textContent: text })));
  }

  /** Re-signs the edited header and payload with the secret. */
  function resign(which) {
    el.editError.hidden = true;
    let header;
    let payload;
    try {
      header = JSON.parse(el.header.value);
      payload = JSON.parse(el.payload.value);
    } catch (e) {
      return editError(`Not JSON yet: ${e.message}`);
    }
    if (!header || typeof header !== 'object' || Array.isArray(header)) return editError('The header must be a JSON object.');
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return editError('The payload must be a JSON object.');
    const k = key();
    if (k === null) return editError('Enter a secret or a private key (or generate one) to sign.');
    const { alg = el.alg.value, typ = null, kid, ...extra } = header;
    if (!HMAC.includes(alg) && !PUBLIC_KEY.includes(alg)) {
      return editError(`Can only sign with ${[...HMAC, ...PUBLIC_KEY].join(', ')} (the header says ${JSON.stringify(alg)}).`);
    }
    el.alg.value = alg;
    const lib = api();
    if (lib === null) return withFull(() => resign(which));
    try {
      el.token.value = lib.sign(payload, k, { alg, typ, ...(kid === undefined ? {} : { kid }), header: extra, iat: false });
      el.alg.value = alg;
      render({ keepHeader: which === 'header', keepPayload: which === 'payload' });
    } catch (e) {
      editError(describe(e));
    }
    return undefined;
  }

  function editError(text) {
    el.editError.hidden = false;
    el.editError.textContent = text;
  }

  el.token.addEventListener('input', () => render());
  el.header.addEventListener('input', () => resign('header'));
  el.payload.addEventListener('input', () => resign('payload'));
  for (const input of [el.secret, el.encoding, el.alg]) {
    input.addEventListener('input', () => {
      check();
      renderWarnings();
    });
  }
  $('generate').addEventListener('click', () => {
    // Sized for the algorithm the edited header asks for, if it names one.
    try {
      const { alg } = JSON.parse(el.header.value);
      if (HMAC.includes(alg) || PUBLIC_KEY.includes(alg)) el.alg.value = alg;
    } catch {
      // keep the selected algorithm
    }
    if (HMAC.includes(el.alg.value)) {
      el.encoding.value = 'base64url';
      el.secret.value = toBase64url(generateSecret(el.alg.value));
      resign('payload');
      return;
    }
    // A key pair: the private JWK signs here; verifying needs only its public part.
    withFull(() => {
      const { privateKey } = full.generateKeyPair(el.alg.value);
      el.encoding.value = 'key';
      el.secret.value = JSON.stringify(privateKey, null, 1);
      resign('payload');
    });
  });
  $('share').addEventListener('click', async () => {
    // The fragment never reaches a server; a query string would.
    const url = new URL(location.href);
    url.search = '';
    url.hash = `token=${el.token.value.trim()}`;
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url.href);
      el.shareStatus.textContent = 'Link copied (the token is in the #fragment, which browsers never send).';
    } catch {
      el.shareStatus.textContent = 'The link is in the address bar (the token is in the #fragment, never sent to a server).';
    }
  });

  // Start from a shared token, or from one of our own.
  const shared = new URLSearchParams(location.hash.slice(1)).get('token');
  if (shared) {
    el.token.value = shared;
  } else {
    el.secret.value = 'a-string-secret-at-least-256-bits-long';
    el.token.value = sign({ sub: '1234567890', name: 'John Doe', admin: true }, el.secret.value, { expiresIn: '1h' });
  }
  render();
  setInterval(renderTimeline, 1000);
}
