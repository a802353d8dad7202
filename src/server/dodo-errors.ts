/**
 * What an error from the `dodopayments` SDK means for the kit. The one question that
 * matters for money: after a failed *mutating* call, did Dodo possibly act on it?
 *
 * - No response at all (timeout, reset connection, DNS) or a 408/5xx: the request may have
 *   been processed before the failure, so the outcome is **unknown**. It must not be retried
 *   (Dodo takes no idempotency key) and must not be reported as failed; it is reconciled.
 * - Any other 4xx: Dodo refused the request; nothing was charged.
 *
 * Upstream messages are never passed on: they can name other customers' objects or
 * internal details. Only the status and Dodo's machine code are read.
 */
import { APIConnectionError, APIError, APIUserAbortError } from 'dodopayments';
import { UpsellError } from '../core/errors';
import type { UpsellErrorCode } from '../core/errors';

/** A classified SDK failure. */
export type DodoFailure =
  | { kind: 'unknown_outcome'; status: number | null }
  | { kind: 'refused'; status: number; dodoCode: string | null };

/** Classifies `error`; null when it is not an SDK error (a bug to surface, not an upstream answer). */
export function classifyDodoError(error: unknown): DodoFailure | null {
  if (error instanceof APIUserAbortError) return { kind: 'unknown_outcome', status: null };
  if (error instanceof APIConnectionError) return { kind: 'unknown_outcome', status: null };
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : null;
    if (status === null || status === 408 || status >= 500) return { kind: 'unknown_outcome', status };
    return { kind: 'refused', status, dodoCode: dodoErrorCode(error.error) };
  }
  return null;
}

/** Dodo's machine code (`CARD_DECLINED`, `PAYMENT_METHOD_EXPIRED` …) from an error body (`{ code }` or `{ error: { code } }`), if any. */
export function dodoErrorCode(body: unknown, depth = 0): string | null {
  if (typeof body !== 'object' || body === null || depth > 2) return null;
  const record = body as Record<string, unknown>;
  const direct = record['code'] ?? record['error_code'];
  if (typeof direct === 'string' && /^[A-Z0-9_]{1,64}$/.test(direct)) return direct;
  return dodoErrorCode(record['error'], depth + 1);
}

const DECLINE_CODES = new Set(['CARD_DECLINED', 'INSUFFICIENT_FUNDS', 'DO_NOT_HONOR', 'AUTHENTICATION_FAILURE', 'CURRENCY_NOT_SUPPORTED']);
const UNUSABLE_CODES = new Set(['PAYMENT_METHOD_EXPIRED', 'PAYMENT_METHOD_NOT_REUSABLE', 'NO_PAYMENT_METHOD', 'EXPIRED_CARD']);

/** The kit code for a failed payment's `error_code` (from a webhook or a payment lookup). */
export function codeForPaymentError(dodoCode: string | null | undefined): UpsellErrorCode {
  if (dodoCode && UNUSABLE_CODES.has(dodoCode)) return 'payment_method_unusable';
  return 'payment_declined';
}

/** The kit code for a refusal (4xx other than 408) of a request. */
export function codeForRefusal(failure: { status: number; dodoCode: string | null }, operation: 'read' | 'charge' | 'plan_change'): UpsellErrorCode {
  const { status, dodoCode } = failure;
  if (status === 429) return 'rate_limited';
  if (status === 409) return operation === 'plan_change' ? 'plan_change_pending' : 'upstream';
  if (status === 404) return operation === 'read' ? 'not_found' : 'payment_method_unusable';
  if (dodoCode && DECLINE_CODES.has(dodoCode)) return 'payment_declined';
  if (status === 402) return 'payment_declined';
  if (dodoCode && UNUSABLE_CODES.has(dodoCode)) return 'payment_method_unusable';
  if (status === 422 && operation !== 'read') return 'payment_method_unusable';
  // 401/403 mean the host's API key is wrong: the customer cannot fix that, so it is upstream.
  if (status === 401 || status === 403) return 'upstream';
  return 'invalid_request';
}

const SAFE_MESSAGES: Partial<Record<UpsellErrorCode, string>> = {
  not_found: 'Not found.',
  plan_change_pending: 'Another plan change is still being processed. Try again in a moment.',
  rate_limited: 'Too many requests to the payment provider. Try again in a moment.',
  upstream: 'The payment provider could not be reached. Nothing was charged twice; try again shortly.',
  invalid_request: 'The payment provider refused the request.',
  payment_method_unusable: 'This payment method cannot be used for this purchase.',
  payment_declined: 'The payment was declined.',
};

/** A plain-language message for `code`, never upstream text. */
export function safeMessage(code: UpsellErrorCode): string {
  return SAFE_MESSAGES[code] ?? 'The request could not be completed.';
}

/**
 * The `UpsellError` for a failed *read* (or a refused mutation where the route answers
 * with an error). Non-SDK errors are rethrown unchanged so real bugs are not disguised.
 */
export function toUpsellError(error: unknown, operation: 'read' | 'charge' | 'plan_change' = 'read'): UpsellError {
  if (error instanceof UpsellError) return error;
  const failure = classifyDodoError(error);
  if (!failure) throw error;
  if (failure.kind === 'unknown_outcome') return new UpsellError('upstream', safeMessage('upstream'), { cause: error });
  const code = codeForRefusal(failure, operation);
  return new UpsellError(code, safeMessage(code), { cause: error });
}
