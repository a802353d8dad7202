/**
 * Standard Webhooks verification (the scheme Dodo signs with): HMAC-SHA256 over
 * `id.timestamp.body`, constant-time signature comparison, and a ±5 minute timestamp
 * tolerance that rejects stale (replayed) deliveries. The maintained `standardwebhooks`
 * package validates the secret and verifies where `node:crypto` is missing; on Node the same
 * check runs on `node:crypto`'s HMAC (the package's pure-JS SHA-256 cost ~0.05 ms per
 * delivery, in the same process as the purchase requests the webhooks follow).
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { builtinNodeCrypto } from './node-crypto';
import type { NodeCrypto } from './node-crypto';
import { constantTimeEqual } from './signed-token';

/** Result of verifying one delivery. */
export type WebhookVerification =
  | { ok: true; webhookId: string }
  | { ok: false; reason: 'missing_headers' | 'bad_signature' | 'stale_timestamp' };

/** Verifies webhook deliveries for one secret. */
export interface WebhookVerifier {
  /** Checks `body` (the exact raw text) against the delivery's headers. */
  verify(body: string, headers: Headers): WebhookVerification;
}

/** Standard Webhooks' timestamp tolerance, seconds. */
const TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = 'whsec_';

type SignatureCheck = (id: string, timestamp: string, signature: string, body: string) => WebhookVerification;

/** Options of {@link createWebhookVerifier}. */
export interface WebhookVerifierOptions {
  /** Force one implementation ('node' throws where `node:crypto` is missing). @default 'node' when reachable, else 'standardwebhooks' */
  backend?: 'node' | 'standardwebhooks';
}

/** A verifier for `secret` (`whsec_…`); throws at creation if the secret is not valid base64. */
export function createWebhookVerifier(secret: string, options: WebhookVerifierOptions = {}): WebhookVerifier {
  const webhook = new Webhook(secret);
  const nodeCrypto = options.backend === 'standardwebhooks' ? null : builtinNodeCrypto();
  if (options.backend === 'node' && !nodeCrypto) throw new TypeError('upsell-kit: node:crypto is not available in this runtime');
  const check = nodeCrypto ? nodeCheck(nodeCrypto, secret) : packageCheck(webhook);
  return {
    verify(body, headers) {
      const id = headers.get('webhook-id');
      const timestamp = headers.get('webhook-timestamp');
      const signature = headers.get('webhook-signature');
      if (!id || !timestamp || !signature || id.length > 256 || signature.length > 4096) return { ok: false, reason: 'missing_headers' };
      return check(id, timestamp, signature, body);
    },
  };
}

function packageCheck(webhook: Webhook): SignatureCheck {
  return (id, timestamp, signature, body) => {
    try {
      // jsonParse off: the body is parsed (and validated) by the caller.
      webhook.verify(body, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature }, { jsonParse: false });
      return { ok: true, webhookId: id };
    } catch (error) {
      if (error instanceof WebhookVerificationError && /timestamp too (old|new)/i.test(error.message)) {
        return { ok: false, reason: 'stale_timestamp' };
      }
      return { ok: false, reason: 'bad_signature' };
    }
  };
}

/** The package's algorithm step for step (same timestamp parsing, same signed text, same `v1,` list). */
function nodeCheck(nodeCrypto: NodeCrypto, secret: string): SignatureCheck {
  // `new Webhook(secret)` above already refused a secret that is not base64.
  const key = nodeCrypto.createSecretKey(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const encoder = new TextEncoder();
  return (id, timestampHeader, signatureHeader, body) => {
    const timestamp = Number.parseInt(timestampHeader, 10);
    if (Number.isNaN(timestamp)) return { ok: false, reason: 'bad_signature' };
    const now = Math.floor(Date.now() / 1000);
    if (now - timestamp > TOLERANCE_SECONDS || timestamp > now + TOLERANCE_SECONDS) return { ok: false, reason: 'stale_timestamp' };
    const expected = encoder.encode(nodeCrypto.createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64'));
    for (const versioned of signatureHeader.split(' ')) {
      const [version, given] = versioned.split(',');
      if (version === 'v1' && given !== undefined && constantTimeEqual(encoder.encode(given), expected)) return { ok: true, webhookId: id };
    }
    return { ok: false, reason: 'bad_signature' };
  };
}
