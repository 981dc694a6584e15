// Small formatting helpers shared by the debugger and the playground.

/** "in 4m 12s" / "3h 2m ago" for a NumericDate (seconds). */
export function relative(seconds, now = Date.now() / 1000) {
  const delta = Math.round(seconds - now);
  const abs = Math.abs(delta);
  const parts = [];
  const units = [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]];
  let rest = abs;
  for (const [name, size] of units) {
    if (rest >= size || (name === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(rest / size)}${name}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  const text = parts.join(' ');
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

/** An ISO date for a NumericDate, or a note when it is not a number. */
export function isoDate(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return `not a number (${JSON.stringify(seconds)})`;
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? 'out of range' : d.toISOString().replace('.000Z', 'Z');
}

/** "Bearer eyJhbGciOi…Q3M" */
export function shorten(authorization) {
  if (!authorization) return '(none)';
  const [scheme, token = ''] = authorization.split(' ');
  return token.length > 24 ? `${scheme} ${token.slice(0, 14)}…${token.slice(-6)}` : authorization;
}

/** Base64url text to bytes; null when it is not base64url. */
export function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Bytes to base64url text. */
export function toBase64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
