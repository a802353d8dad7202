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

interface CodeInfo {
  /** HTTP status the reference server answers with. */
  readonly status: number;
  /** Whether repeating the same request may succeed. */
  readonly retryable: boolean;
}

const CODE_INFO: Readonly<Record<UpsellErrorCode, CodeInfo>> = {
  unauthenticated: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  offer_not_eligible: { status: 409, retryable: false },
  offer_expired: { status: 410, retryable: false },
  payment_method_unusable: { status: 422, retryable: false },
  payment_declined: { status: 402, retryable: false },
  requires_action: { status: 402, retryable: false },
  plan_change_pending: { status: 409, retryable: true },
  quote_expired: { status: 410, retryable: false },
  price_changed: { status: 409, retryable: false },
  already_purchased: { status: 409, retryable: false },
  in_progress: { status: 409, retryable: true },
  invalid_request: { status: 400, retryable: false },
  payload_too_large: { status: 413, retryable: false },
  not_found: { status: 404, retryable: false },
  currency_mismatch: { status: 422, retryable: false },
  rate_limited: { status: 429, retryable: true },
  network: { status: 0, retryable: true },
  upstream: { status: 502, retryable: true },
  unavailable: { status: 503, retryable: true },
};

/** True when `value` is one of the kit's error codes. */
export function isUpsellErrorCode(value: unknown): value is UpsellErrorCode {
  return typeof value === 'string' && (UPSELL_ERROR_CODES as readonly string[]).includes(value);
}

/** The HTTP status the reference server uses for `code` (0 for client-only codes). */
export function httpStatusForCode(code: UpsellErrorCode): number {
  return CODE_INFO[code].status;
}

/** Whether an error with `code` may succeed when retried unchanged. */
export function isRetryableCode(code: UpsellErrorCode): boolean {
  return CODE_INFO[code].retryable;
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
