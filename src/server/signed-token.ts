/**
 * Server-signed tokens: `base64url(JSON payload) "." base64url(HMAC-SHA256)`, made with
 * WebCrypto (`crypto.subtle`) so no dependency and no Node-only API is needed.
 *
 * The MAC covers a purpose label as well as the payload, so an offer token can never be
 * replayed as a quote token. Verification recomputes the MAC and compares it in constant
 * time (every byte is visited whatever the first difference), so response timing reveals
 * nothing about how close a forged signature came.
 */
import { decodeBase64Url, decodeBase64UrlText, encodeBase64Url, encodeBase64UrlText } from './base64url';

/** Longest token the server accepts; anything longer is refused unparsed. */
export const MAX_TOKEN_LENGTH = 4096;

/** Signs and verifies tokens with one secret. */
export interface TokenSigner {
  /** Signs `payload` (JSON-serialisable) for `purpose`. */
  sign(purpose: string, payload: unknown): Promise<string>;
  /** The parsed payload when `token` was signed by this secret for `purpose`, otherwise null. */
  verify(purpose: string, token: string): Promise<unknown>;
}

/** True when both arrays are equal, in time that depends only on their lengths. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/**
 * A signer for `secret` (at least 32 characters: HMAC-SHA256 is only as strong as its key).
 * Throws a `TypeError` for a short secret so a misconfigured host fails at boot.
 */
export function createTokenSigner(secret: string): TokenSigner {
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new TypeError('upsell-kit: signingSecret must be a string of at least 32 characters');
  }
  const encoder = new TextEncoder();
  const keyPromise = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

  async function mac(purpose: string, body: string): Promise<Uint8Array> {
    const key = await keyPromise;
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`upsell-kit/${purpose}/${body}`)));
  }

  return {
    async sign(purpose, payload) {
      const body = encodeBase64UrlText(JSON.stringify(payload));
      return `${body}.${encodeBase64Url(await mac(purpose, body))}`;
    },

    async verify(purpose, token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
      const parts = token.split('.');
      if (parts.length !== 2) return null;
      const [body, signature] = parts as [string, string];
      const given = decodeBase64Url(signature);
      if (!given) return null;
      if (!constantTimeEqual(given, await mac(purpose, body))) return null;
      const json = decodeBase64UrlText(body);
      if (json === null) return null;
      try {
        return JSON.parse(json) as unknown;
      } catch {
        return null;
      }
    },
  };
}
