/**
 * Server-signed tokens: `base64url(JSON payload) "." base64url(HMAC-SHA256)`, with no
 * dependency. Where `process.getBuiltinModule` exists (Node ≥ 20.16, Bun) the MAC comes from
 * `node:crypto`'s `createHmac`, reached without an import statement so edge bundlers see
 * nothing to resolve; elsewhere from WebCrypto (`crypto.subtle`). Both compute the same
 * HMAC-SHA256 of the same UTF-8 bytes, so tokens are interchangeable. Why not WebCrypto
 * everywhere (see `node-crypto.ts`): each `subtle.sign` costs about 0.1 ms on Node, and
 * `GET /offers` signs one token per offer (three for the guide's rules), which was most of
 * the handler's own time.
 *
 * The MAC covers a purpose label as well as the payload, so an offer token can never be
 * replayed as a quote token. Verification recomputes the MAC and compares it in constant
 * time (every byte is visited whatever the first difference), so response timing reveals
 * nothing about how close a forged signature came.
 */
import { decodeBase64Url, decodeBase64UrlText, encodeBase64Url, encodeBase64UrlText } from './base64url';
import { builtinNodeCrypto } from './node-crypto';
import type { NodeCrypto } from './node-crypto';

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

/** Which HMAC implementation a signer uses. */
export type HmacBackend = 'node' | 'webcrypto';

/** Options of {@link createTokenSigner}. */
export interface TokenSignerOptions {
  /** Force one implementation ('node' throws where it is missing). @default 'node' when `node:crypto` is reachable, else 'webcrypto' */
  backend?: HmacBackend;
}

type HmacSha256 = (message: string) => Uint8Array | Promise<Uint8Array>;

function nodeHmac(nodeCrypto: NodeCrypto, secret: Uint8Array<ArrayBuffer>): HmacSha256 {
  const key = nodeCrypto.createSecretKey(secret);
  return (message) => nodeCrypto.createHmac('sha256', key).update(message, 'utf8').digest();
}

function webCryptoHmac(secret: Uint8Array<ArrayBuffer>): HmacSha256 {
  const encoder = new TextEncoder();
  const keyPromise = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return async (message) => new Uint8Array(await crypto.subtle.sign('HMAC', await keyPromise, encoder.encode(message)));
}

/**
 * A signer for `secret` (at least 32 characters: HMAC-SHA256 is only as strong as its key).
 * Throws a `TypeError` for a short secret so a misconfigured host fails at boot.
 */
export function createTokenSigner(secret: string, options: TokenSignerOptions = {}): TokenSigner {
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new TypeError('upsell-kit: signingSecret must be a string of at least 32 characters');
  }
  const key = new TextEncoder().encode(secret);
  const nodeCrypto = options.backend === 'webcrypto' ? null : builtinNodeCrypto();
  if (options.backend === 'node' && !nodeCrypto) throw new TypeError('upsell-kit: node:crypto is not available in this runtime');
  const hmac = nodeCrypto ? nodeHmac(nodeCrypto, key) : webCryptoHmac(key);

  const mac = (purpose: string, body: string): Uint8Array | Promise<Uint8Array> => hmac(`upsell-kit/${purpose}/${body}`);

  return {
    sign(purpose, payload) {
      try {
        const body = encodeBase64UrlText(JSON.stringify(payload));
        const signature = mac(purpose, body);
        // node:crypto answers at once; only WebCrypto needs the extra turn.
        if (signature instanceof Uint8Array) return Promise.resolve(`${body}.${encodeBase64Url(signature)}`);
        return signature.then((bytes) => `${body}.${encodeBase64Url(bytes)}`);
      } catch (error) {
        return Promise.reject(error);
      }
    },

    verify(purpose, token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return Promise.resolve(null);
      const parts = token.split('.');
      if (parts.length !== 2) return Promise.resolve(null);
      const [body, signature] = parts as [string, string];
      const given = decodeBase64Url(signature);
      if (!given) return Promise.resolve(null);
      try {
        const expected = mac(purpose, body);
        if (expected instanceof Uint8Array) return Promise.resolve(payloadIfGenuine(given, expected, body));
        return expected.then((bytes) => payloadIfGenuine(given, bytes, body));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/** The parsed payload when the MAC `given` equals `expected` (compared in constant time), otherwise null. */
function payloadIfGenuine(given: Uint8Array, expected: Uint8Array, body: string): unknown {
  if (!constantTimeEqual(given, expected)) return null;
  const json = decodeBase64UrlText(body);
  if (json === null) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return null;
  }
}
