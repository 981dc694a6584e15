// Headers on every answer, as Django's SecurityMiddleware and
// XFrameOptionsMiddleware send them by default, and the page's
// Content-Security-Policy.

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * The page (www/, built by build-site.mjs) loads only its own files: no
 * inline script (the build leaves none: no import map, the page's modules
 * import the package by path), WebAssembly compiled from its own .wasm
 * ('wasm-unsafe-eval' allows compiling, not eval), requests to its own
 * origin, and no framing by any page ('none': clickjacking).
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
