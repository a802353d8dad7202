import { SANDBOX_ERROR_CODES, SandboxHttpError } from './errors';
import type { SandboxPayment } from './records';
import type { PaymentListParams, PaymentListResponse } from './sdk-types';
import { toPaymentListItem } from './serialize';

/** A `status` the list filter accepts. */
type PaymentListStatus = NonNullable<PaymentListParams['status']>;

// A Record, so `tsc` fails if the SDK adds or drops a status.
const LIST_STATUSES: Record<PaymentListStatus, true> = {
  succeeded: true,
  failed: true,
  cancelled: true,
  processing: true,
  requires_customer_action: true,
  requires_merchant_action: true,
  requires_payment_method: true,
  requires_confirmation: true,
  requires_capture: true,
  partially_captured: true,
  partially_captured_and_capturable: true,
};

/** Dodo's defaults: "Page size default is 10 max is 100", "Page number default is 0" (zero-based). */
export const PAYMENT_LIST_DEFAULT_PAGE_SIZE = 10;
/** Largest `page_size` Dodo accepts. */
export const PAYMENT_LIST_MAX_PAGE_SIZE = 100;

/** The parsed query of GET /payments. */
export interface PaymentListQuery {
  /** Zero-based page. */
  pageNumber: number;
  /** Items per page, 0..100. */
  pageSize: number;
  /** Equality filters (absent = any). */
  brandId: string | null;
  customerId: string | null;
  productId: string | null;
  subscriptionId: string | null;
  currency: string | null;
  status: PaymentListStatus | null;
  /** Inclusive bounds on `created_at`, in ms. */
  createdAtGte: number | null;
  createdAtLte: number | null;
}

function badQuery(message: string): never {
  throw new SandboxHttpError(400, SANDBOX_ERROR_CODES.invalidQuery, message);
}

function integerParam(query: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value > max) badQuery(`${name} must be an integer from 0 to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function dateParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null) return null;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) badQuery(`${name} must be an RFC 3339 date-time, got ${JSON.stringify(raw)}`);
  return ms;
}

function isListStatus(value: string): value is PaymentListStatus {
  return Object.prototype.hasOwnProperty.call(LIST_STATUSES, value);
}

/** Parses the query of GET /payments (`PaymentListParams`), or throws a 400. Unknown parameters are ignored. */
export function parsePaymentListQuery(query: URLSearchParams): PaymentListQuery {
  const status = query.get('status');
  if (status !== null && !isListStatus(status)) badQuery(`status must be one of ${Object.keys(LIST_STATUSES).join(', ')}, got ${JSON.stringify(status)}`);
  const currency = query.get('currency');
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) badQuery(`currency must be an ISO 4217 code, got ${JSON.stringify(currency)}`);
  return {
    pageNumber: integerParam(query, 'page_number', 0, Number.MAX_SAFE_INTEGER),
    pageSize: integerParam(query, 'page_size', PAYMENT_LIST_DEFAULT_PAGE_SIZE, PAYMENT_LIST_MAX_PAGE_SIZE),
    brandId: query.get('brand_id'),
    customerId: query.get('customer_id'),
    productId: query.get('product_id'),
    subscriptionId: query.get('subscription_id'),
    currency,
    status,
    createdAtGte: dateParam(query, 'created_at_gte'),
    createdAtLte: dateParam(query, 'created_at_lte'),
  };
}

function matches(payment: SandboxPayment, q: PaymentListQuery): boolean {
  const created = Date.parse(payment.created_at);
  return (
    (q.brandId === null || payment.brand_id === q.brandId) &&
    (q.customerId === null || payment.customer.customer_id === q.customerId) &&
    (q.productId === null || (payment.product_cart ?? []).some((line) => line.product_id === q.productId)) &&
    (q.subscriptionId === null || payment.subscription_id === q.subscriptionId || payment.subscription_ids.includes(q.subscriptionId)) &&
    (q.currency === null || payment.currency === q.currency) &&
    (q.status === null || payment.status === q.status) &&
    (q.createdAtGte === null || created >= q.createdAtGte) &&
    (q.createdAtLte === null || created <= q.createdAtLte)
  );
}

/**
 * One page of GET /payments: `{ items }` (the SDK's `DefaultPageNumberPagination` reads only
 * `items`), filtered, newest first (payments created in the same millisecond: the later one first),
 * `page_size` items from `page_number * page_size`. A page past the end is `{ items: [] }`,
 * which is what ends the SDK's `for await` iteration.
 */
export function listPayments(payments: Iterable<SandboxPayment>, q: PaymentListQuery): { items: PaymentListResponse[] } {
  // `payments` is in creation order: reversing first makes the stable sort break ties newest first.
  const newestFirst = [...payments]
    .filter((payment) => matches(payment, q))
    .reverse()
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  const start = q.pageNumber * q.pageSize;
  return { items: newestFirst.slice(start, start + q.pageSize).map(toPaymentListItem) };
}
