/**
 * Schemas of every body and query the handler accepts. Bodies are strict (unknown fields
 * are refused); ids are bounded and limited to Dodo's id alphabet, so nothing hostile
 * reaches a Dodo URL path or a store key. Validation failures name the field, never echo
 * the value.
 */
import * as z from 'zod';
import { UpsellError } from '../core/errors';
import { isCurrencyCode } from '../core/money';
import { MAX_TOKEN_LENGTH } from './signed-token';

/** A Dodo object id (`pm_…`, `sub_…`, `pay_…`, `prod_…`). */
export const dodoId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** A kit purchase id. */
export const purchaseId = z.string().regex(/^pur_[A-Za-z0-9_-]{1,64}$/);

/** An idempotency key: 8–128 characters of a URL-safe alphabet (UUIDs fit), as the memory adapter requires. */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/);

const token = z.string().min(1).max(MAX_TOKEN_LENGTH);
const offerId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
const placement = z.enum(['post_purchase', 'plan_limit', 'onboarding_done', 'checkout', 'account']);
const prorationMode = z.enum(['prorated_immediately', 'difference_immediately', 'full_immediately', 'do_not_bill']);

/** `GET /payment-methods` query. */
export const paymentMethodsQuery = z.object({
  currency: z.string().refine((value) => isCurrencyCode(value)).optional(),
});

/** `GET /offers` query. */
export const offersQuery = z.object({
  placement,
  productId: dodoId.optional(),
  subscriptionId: dodoId.optional(),
  paymentId: dodoId.optional(),
});

/** `POST /purchases` body. */
export const purchaseBody = z.strictObject({
  offerToken: token,
  paymentMethodId: dodoId.nullable().optional(),
  idempotencyKey,
});

/** `POST /plan-changes/preview` body. */
export const planChangePreviewBody = z.strictObject({
  subscriptionId: dodoId,
  productId: dodoId,
  quantity: z.number().int().min(1).max(1000),
  prorationMode,
});

/** `POST /plan-changes` body. */
export const planChangeBody = z.strictObject({
  quoteToken: token,
  idempotencyKey,
});

/** `POST /checkouts` body. */
export const checkoutBody = z.strictObject({
  offerToken: token,
});

/** `POST /events` body. */
export const offerEventBody = z.strictObject({
  offerId,
  event: z.enum(['shown', 'accepted', 'declined', 'dismissed', 'failed']),
});

/** Parses `value` with `schema`, or throws `invalid_request` naming the first bad field. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // Paths are schema keys (safe to show); unknown keys are reported without their names.
  const field = issue && issue.code !== 'unrecognized_keys' && issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  const message = issue?.code === 'unrecognized_keys' ? 'The request has unexpected fields.' : field ? `Invalid or missing "${field}".` : 'Invalid request.';
  throw new UpsellError('invalid_request', message);
}

/**
 * Query parameters as a plain object. A repeated parameter is refused rather than guessed
 * (`?placement=a&placement=b`), and so are more than 20 parameters.
 */
export function queryObject(url: URL): Record<string, string> {
  const result: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const [key, value] of url.searchParams) {
    count += 1;
    if (count > 20) throw new UpsellError('invalid_request', 'Too many query parameters.');
    if (Object.prototype.hasOwnProperty.call(result, key)) throw new UpsellError('invalid_request', 'A query parameter is repeated.');
    result[key] = value;
  }
  return result;
}
