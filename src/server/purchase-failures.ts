/**
 * Plain-language failure messages for purchases. They say what happened and that nothing
 * was charged twice; they never carry Dodo's own text.
 */
import type { UpsellErrorCode } from '../core/errors';
import type { PurchaseFailure } from './store';

const FAILURE_MESSAGES: Partial<Record<UpsellErrorCode, string>> = {
  payment_declined: 'Your card was declined, and nothing was charged. You can pay another way at checkout.',
  payment_method_unusable: 'This card cannot be charged for this purchase, and nothing was charged. You can pay another way at checkout.',
  rate_limited: 'The payment provider is busy, and nothing was charged. Try again in a moment.',
  plan_change_pending: 'Another plan change is still being processed. Try again in a moment.',
  upstream: 'The payment provider could not take the payment, and nothing was charged. Try again or pay at checkout.',
  invalid_request: 'The payment provider refused this purchase, and nothing was charged. You can pay another way at checkout.',
};

/** A failure record with a message safe to show. */
export function failureFor(code: UpsellErrorCode, retryable = false): PurchaseFailure {
  return { code, message: FAILURE_MESSAGES[code] ?? 'The payment did not go through.', retryable };
}
