/**
 * Standard Webhooks verification (the scheme Dodo signs with) through the maintained
 * `standardwebhooks` package: HMAC-SHA256 over `id.timestamp.body`, constant-time signature
 * comparison, and a ±5 minute timestamp tolerance that rejects stale (replayed) deliveries.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** Result of verifying one delivery. */
export type WebhookVerification =
  | { ok: true; webhookId: string }
  | { ok: false; reason: 'missing_headers' | 'bad_signature' | 'stale_timestamp' };

/** Verifies webhook deliveries for one secret. */
export interface WebhookVerifier {
  /** Checks `body` (the exact raw text) against the delivery's headers. */
  verify(body: string, headers: Headers): WebhookVerification;
}

/** A verifier for `secret` (`whsec_…`); throws at creation if the secret is not valid base64. */
export function createWebhookVerifier(secret: string): WebhookVerifier {
  const webhook = new Webhook(secret);
  return {
    verify(body, headers) {
      const id = headers.get('webhook-id');
      const timestamp = headers.get('webhook-timestamp');
      const signature = headers.get('webhook-signature');
      if (!id || !timestamp || !signature || id.length > 256 || signature.length > 4096) return { ok: false, reason: 'missing_headers' };
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
    },
  };
}
