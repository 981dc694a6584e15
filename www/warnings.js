// What a careful reviewer would say about a token and its secret. Pure
// functions, so the page and the tests share them.

/** Secrets seen in tutorials, docs and leaked configs (compared case-insensitively). */
export const WEAK_SECRETS = [
  'secret', 'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret',
  'a-string-secret-at-least-256-bits-long', 'shhhhh', 'shhhhhared-secret', 'keyboard cat', 'password', 'passw0rd',
  'changeme', 'change-me', 'changethis', '123456', '12345678', 'qwerty', 'test', 'testing', 'key', 'secretkey',
  'secret-key', 'secret_key', 'mysecret', 'my-secret', 'my_secret', 'mysecretkey', 'supersecret', 'super-secret',
  'topsecret', 'jwt', 'jwtsecret', 'jwt-secret', 'jwt_secret', 'jwt_secret_key', 'jwtkey', 'token', 'tokensecret',
  'default', 'admin', 'letmein', 'hello', 's3cr3t', 'django-insecure', 'your_jwt_secret', 'your-secret-key',
  'demo-secret-do-not-use-in-prod!!',
];

const SENSITIVE = /pass(word|wd)?|secret|ssn|social.?security|credit.?card|card.?number|cvv|cvc|iban|pin$|api.?key|private|email|phone|mobile|address|birth|dob|salary|diagnos|passport/i;
const HASH_BYTES = { HS256: 32, HS384: 48, HS512: 64 };
const DAY = 86_400;

/**
 * @param {{ header?: object, payload?: object, secretBytes?: Uint8Array | null, secretText?: string, alg?: string }} t
 * @returns {{ level: 'danger' | 'warning' | 'info', text: string }[]}
 */
export function review({ header, payload, secretBytes, secretText, alg }) {
  const out = [];
  if (header && String(header.alg).toLowerCase() === 'none') {
    out.push({ level: 'danger', text: 'alg "none": this token is not signed at all. Never accept it (ferrojwt never does).' });
  }
  if (payload) {
    if (payload.exp === undefined) {
      out.push({ level: 'warning', text: 'No "exp": this token never expires. A leaked token stays usable forever.' });
    } else if (typeof payload.exp === 'number') {
      const start = typeof payload.iat === 'number' ? payload.iat : typeof payload.nbf === 'number' ? payload.nbf : Date.now() / 1000;
      const lifetime = payload.exp - start;
      if (lifetime > DAY) {
        out.push({ level: 'warning', text: `Very long lifetime: ${Math.round(lifetime / 3600)} hours. Access tokens usually live minutes.` });
      }
    }
    const names = Object.keys(payload).filter((k) => SENSITIVE.test(k));
    if (names.length) {
      out.push({ level: 'warning', text: `Fields that look sensitive: ${names.join(', ')}. JWTs are signed, not encrypted: anyone holding the token can read them.` });
    }
  }
  const need = HASH_BYTES[alg];
  if (secretBytes && need && secretBytes.length > 0 && secretBytes.length < need) {
    out.push({ level: 'danger', text: `The secret is ${secretBytes.length} bytes; ${alg} needs at least ${need} (RFC 7518 3.2). ferrojwt refuses it.` });
  }
  if (secretText && WEAK_SECRETS.includes(secretText.trim().toLowerCase())) {
    out.push({ level: 'danger', text: 'This secret is on lists of well-known weak secrets: anyone can forge tokens with it. Generate one.' });
  }
  return out;
}
