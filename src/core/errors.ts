/**
 * Typed errors shared by every layer. A closed union of codes lets hosts switch on
 * `error.code` exhaustively, and `retryable` tells a UI whether "Try again" makes sense.
 */

/** Every error code the kit can produce, client or server side. */
export const UPSELL_ERROR_CODES = [
  'unauthenticated',
  'forbidden',
  'offer_not_eligible',
  'offer_expired',
  'payment_method_unusable',
  'payment_declined',
  'requires_action',
  'plan_change_pending',
  'quote_expired',
  'price_changed',
  'already_purchased',
  'in_progress',
  'invalid_request',
  'payload_too_large',
  'not_found',
  'currency_mismatch',
  'rate_limited',
  'network',
  'upstream',
  'unavailable',
] as const;

/** A machine-readable error code. */
export type UpsellErrorCode = (typeof UPSELL_ERROR_CODES)[number];

/**
 * HTTP status the reference server answers with, per code. Kept apart from retryability so a
 * browser bundle, which never maps codes to statuses, tree-shakes this table away.
 */
const HTTP_STATUS: Readonly<Record<UpsellErrorCode, number>> = {
  unauthenticated: 401,
  forbidden: 403,
  offer_not_eligible: 409,
  offer_expired: 410,
  payment_method_unusable: 422,
  payment_declined: 402,
  requires_action: 402,
  plan_change_pending: 409,
  quote_expired: 410,
  price_changed: 409,
  already_purchased: 409,
  in_progress: 409,
  invalid_request: 400,
  payload_too_large: 413,
  not_found: 404,
  currency_mismatch: 422,
  rate_limited: 429,
  network: 0,
  upstream: 502,
  unavailable: 503,
};

/** Codes whose request may succeed when repeated unchanged (busy, throttled, or the outcome unknown). */
const RETRYABLE_CODES: readonly UpsellErrorCode[] = ['plan_change_pending', 'in_progress', 'rate_limited', 'network', 'upstream', 'unavailable'];

/** True when `value` is one of the kit's error codes. */
export function isUpsellErrorCode(value: unknown): value is UpsellErrorCode {
  return (UPSELL_ERROR_CODES as readonly unknown[]).includes(value);
}

/** The HTTP status the reference server uses for `code` (0 for client-only codes). */
export function httpStatusForCode(code: UpsellErrorCode): number {
  return HTTP_STATUS[code];
}

/** Whether an error with `code` may succeed when retried unchanged. */
export function isRetryableCode(code: UpsellErrorCode): boolean {
  return RETRYABLE_CODES.includes(code);
}

/** Options for {@link UpsellError}. */
export interface UpsellErrorOptions {
  /** Override the code's default retryability. */
  retryable?: boolean;
  /** The underlying error, kept for logs; never sent to the browser. */
  cause?: unknown;
}

/** The one error type every adapter method throws. */
export class UpsellError extends Error {
  /** Machine-readable code from a closed union. */
  readonly code: UpsellErrorCode;
  /** Whether repeating the same request may succeed. */
  readonly retryable: boolean;

  constructor(code: UpsellErrorCode, message: string, options: UpsellErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UpsellError';
    this.code = code;
    this.retryable = options.retryable ?? isRetryableCode(code);
  }

  /** The JSON body the server sends: code, message and retryability, nothing else. */
  toJSON(): { code: UpsellErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** True for an {@link UpsellError}, also across bundle copies (checks the shape, not the class). */
export function isUpsellError(value: unknown): value is UpsellError {
  return (
    value instanceof UpsellError ||
    (value instanceof Error && value.name === 'UpsellError' && isUpsellErrorCode((value as { code?: unknown }).code))
  );
}
