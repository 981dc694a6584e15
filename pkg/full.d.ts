// Types for `ferrojwt/full`: the core API with every algorithm (HMAC, RSA,
// RSA-PSS, ECDSA, EdDSA), PEM keys and key-pair generation.
import type {
  Algorithm, Decoded, Jwk, JwtHeader, KeySet, Signer, Verifier, VerifierCache, VerifyOptions,
  SignOptions as HmacSignOptions,
} from './index.js';

export * from './index.js';

export type PublicKeyAlgorithm = Exclude<Algorithm, 'HS256' | 'HS384' | 'HS512'>;

/**
 * A secret (string or bytes), a JWK (`oct`, `RSA`, `EC`, `OKP`), or PEM text:
 * SPKI `PUBLIC KEY`, PKCS#8 `PRIVATE KEY`, PKCS#1 `RSA PUBLIC/PRIVATE KEY` or
 * SEC1 `EC PRIVATE KEY`. A PEM is never an HMAC secret.
 */
export type FullKey = string | Uint8Array | ArrayBuffer | Jwk;

export interface SignOptions extends Omit<HmacSignOptions, 'alg'> {
  /** Default: the JWK's `alg`, else HS256 for a secret, RS256 for RSA, the curve's ES* for EC, EdDSA for Ed25519. */
  alg?: Algorithm;
}

export declare function decode(token: string, options?: { maxTokenLength?: number }): Decoded;
export declare function decodeHeader(token: string, options?: { maxTokenLength?: number }): JwtHeader;
export declare function sign(payload: object, key: FullKey, options?: SignOptions): string;
export declare function verify(token: string, key: FullKey | KeySet, options?: VerifyOptions): Decoded;
/**
 * `verify`, with the same answers. In browsers, Deno and workerd the
 * public-key signature is checked by WebCrypto (native code) while the core
 * still vets the key, the algorithm and the claims; in Node `verify` itself
 * uses node:crypto.
 */
export declare function verifyAsync(token: string, key: FullKey | KeySet, options?: VerifyOptions): Promise<Decoded>;
export declare function createSigner(options: SignOptions & { key: FullKey }): Signer;
export declare function createVerifier(options: VerifyOptions & { key: FullKey | KeySet; cache?: VerifierCache }): Verifier;

export interface KeyPair {
  /** Private JWK (with `alg`, and `kid` if given). Keep it secret. */
  privateKey: Jwk;
  /** Public JWK: publish it in your JWKS. */
  publicKey: Jwk;
}

/**
 * A new key pair for `alg`, from the platform CSPRNG. RSA keys default to
 * 2048 bits (`modulusLength` 2048 to 4096); RSA generation takes seconds in wasm.
 */
export declare function generateKeyPair(alg: PublicKeyAlgorithm, options?: { kid?: string; modulusLength?: number }): KeyPair;

/** The public JWK of an RSA, EC or OKP key given as PEM or JWK (public or private). */
export declare function exportPublicJwk(key: FullKey): Jwk;
