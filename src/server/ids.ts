/**
 * Random ids and request fingerprints from WebCrypto (no Node-only API).
 */
import { encodeBase64Url } from './base64url';

/** A random id with `prefix`, e.g. `pur_3q2…` (128 bits of randomness). */
export function randomId(prefix: string): string {
  return `${prefix}_${encodeBase64Url(crypto.getRandomValues(new Uint8Array(16)))}`;
}

/** SHA-256 of `text` as hex: the fingerprint an idempotency key is bound to. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
