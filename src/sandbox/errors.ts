/**
 * Codes the sandbox puts in error bodies (`{ code, message }`) and in a failed
 * payment's `error_code`. Dodo writes both in UPPER_SNAKE_CASE (see
 * https://docs.dodopayments.com/api-reference/error-codes and
 * https://docs.dodopayments.com/api-reference/transaction-failures); reference these
 * constants rather than string literals.
 */
export const SANDBOX_ERROR_CODES = {
  /** 400: the body is not JSON. */
  invalidJson: 'INVALID_JSON',
  /**
   * 400: a query parameter is malformed (e.g. `page_size=500`, a `created_at_gte` that is not a
   * date, an unknown `status`). Dodo documents 400 for invalid parameters; this code name is the sandbox's.
   */
  invalidQuery: 'INVALID_QUERY_PARAMETERS',
  /** 401: missing or wrong bearer token. */
  unauthorized: 'UNAUTHORIZED',
  /** 404: unknown route or object. */
  notFound: 'NOT_FOUND',
  /** 409: another plan change is pending on the subscription. */
  planChangePending: 'PLAN_CHANGE_PENDING',
  /** 409: the hosted checkout session already produced a payment. */
  checkoutSessionConsumed: 'CHECKOUT_SESSION_CONSUMED',
  /** 422: the body is well-formed JSON but invalid (missing field, bad value, `payment_method_id` without `confirm`). */
  invalidRequest: 'INVALID_REQUEST_BODY',
  /** 422: the saved card has expired. */
  paymentMethodExpired: 'PAYMENT_METHOD_EXPIRED',
  /** 422: the saved card is not enabled for off-session (recurring) charges. */
  paymentMethodNotReusable: 'PAYMENT_METHOD_NOT_REUSABLE',
  /** 422: a charge is due but the subscription has no usable card. */
  noPaymentMethod: 'NO_PAYMENT_METHOD',
  /** Injected by a `status` fault. */
  sandboxFault: 'SANDBOX_FAULT',
  /** Failed payment: the issuer declined. */
  cardDeclined: 'CARD_DECLINED',
  /** Failed payment: the card cannot be charged in this currency. */
  currencyNotSupported: 'CURRENCY_NOT_SUPPORTED',
  /** Failed payment: the customer failed 3-D Secure. */
  authenticationFailure: 'AUTHENTICATION_FAILURE',
} as const;

/** One of `SANDBOX_ERROR_CODES`' values. */
export type SandboxErrorCode = (typeof SANDBOX_ERROR_CODES)[keyof typeof SANDBOX_ERROR_CODES];

/** Thrown inside a handler to answer with a Dodo-style JSON error. */
export class SandboxHttpError extends Error {
  /** HTTP status to answer with. */
  readonly status: number;
  /** Dodo-style error code. */
  readonly code: SandboxErrorCode;

  /** @param status HTTP status, @param code error code, @param message human-readable message. */
  constructor(status: number, code: SandboxErrorCode, message: string) {
    super(message);
    this.name = 'SandboxHttpError';
    this.status = status;
    this.code = code;
  }
}
