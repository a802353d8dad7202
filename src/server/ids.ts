/**
 * Random ids and request fingerprints: WebCrypto for ids, and `node:crypto`'s `createHash`
 * for fingerprints where it is reachable (see `node-crypto.ts`), else `crypto.subtle`.
 */
import { encodeBase64Url } from './base64url';
import { builtinNodeCrypto } from './node-crypto';

/** A random id with `prefix`, e.g. `pur_3q2…` (128 bits of randomness). */
export function randomId(prefix: string): string {
  return `${prefix}_${encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)))}`;
}

/**
 * SHA-256 of `text` (UTF-8) as hex: the fingerprint an idempotency key is bound to. Computed at
 * once with `node:crypto` (a WebCrypto digest is a thread-pool job, ~0.1 ms on the request path).
 */
export function sha256Hex(text: string): Promise<string> {
  const nodeCrypto = builtinNodeCrypto();
  if (nodeCrypto) {
    try {
      return Promise.resolve(nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex'));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return webCryptoSha256Hex(text);
}

/** {@link sha256Hex} through WebCrypto: the fallback where `node:crypto` is missing (edge runtimes). */
export async function webCryptoSha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
