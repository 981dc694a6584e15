// The part of node:crypto that pkg/src/native-node.js uses (the full
// build's entry for Node and Bun). Declared here rather than through
// @types/node, which would let Node-only globals pass in the modules that
// must run in browsers and workerd too.
declare module 'node:crypto' {
  export const constants: { RSA_PKCS1_PSS_PADDING: number };
  export interface KeyObject {
    readonly type: 'public' | 'private' | 'secret';
  }
  export function createPublicKey(key: { key: object; format: 'jwk' } | string): KeyObject;
  export function verify(
    algorithm: string | null,
    data: Uint8Array,
    key: KeyObject | { key: KeyObject; padding?: number; saltLength?: number; dsaEncoding?: 'der' | 'ieee-p1363' },
    signature: Uint8Array,
  ): boolean;
}
