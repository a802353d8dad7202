/**
 * What offer and quote tokens bind, and how they are checked. A token is the only way a
 * price reaches a purchase: the browser carries it back unchanged, and the server re-checks
 * signature, owner and expiry before anything else happens.
 */
import * as z from 'zod';
import { UpsellError } from '../core/errors';
import type { TokenSigner } from './signed-token';

const id = z.string().min(1).max(128);
const currency = z.string().regex(/^[A-Z]{3}$/);
const minor = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

const offerClaimsSchema = z.strictObject({
  v: z.literal(1),
  /** Offer rule id. */
  oid: id,
  /** Customer the offer was made to. */
  cid: id,
  /** Product sold. */
  pid: id,
  /** Price in minor units (unit price × quantity). */
  amt: minor,
  /** Currency of `amt`. */
  cur: currency,
  /** Units. */
  qty: z.number().int().min(1).max(1000),
  /** Subscription to change (plan changes). */
  sub: id.nullable(),
  /** Suggested saved payment method, verified as the customer's when the token was made. */
  pm: id.nullable(),
  /** Issuing country of the suggested card, used as the billing country of a cross-sell payment. */
  bc: z.string().regex(/^[A-Z]{2}$/).nullable(),
  /** Placement it was shown at. */
  pl: z.enum(['post_purchase', 'plan_limit', 'onboarding_done', 'checkout', 'account']),
  /** Plan changes: the charge today the offer disclosed, minor units in `cur`; a purchase that would charge more is refused. */
  chg: minor.nullable().optional(),
  /** Expiry, ms since the epoch. */
  exp: z.number().int(),
});

/** The facts an offer token binds. */
export type OfferClaims = z.infer<typeof offerClaimsSchema>;

const quoteClaimsSchema = z.strictObject({
  v: z.literal(1),
  /** Customer. */
  cid: id,
  /** Subscription. */
  sub: id,
  /** Plan the subscription was on when quoted. */
  from: id,
  /** Target plan. */
  pid: id,
  /** Units on the target plan. */
  qty: z.number().int().min(1).max(1000),
  /** Proration mode. */
  mode: z.enum(['prorated_immediately', 'difference_immediately', 'full_immediately', 'do_not_bill']),
  /** Quoted charge today, minor units. */
  chg: minor,
  /** Quoted credit, minor units. */
  crd: minor,
  /** Currency of `chg` and `crd`. */
  cur: currency,
  /** Quote id, so one quote executes once whatever idempotency key it comes with. */
  qid: id,
  /** Expiry, ms since the epoch. */
  exp: z.number().int(),
});

/** The facts a plan-change quote token binds. */
export type QuoteClaims = z.infer<typeof quoteClaimsSchema>;

const OFFER_PURPOSE = 'offer/v1';
const QUOTE_PURPOSE = 'quote/v1';

/** Signs offer claims. */
export function signOfferToken(signer: TokenSigner, claims: OfferClaims): Promise<string> {
  return signer.sign(OFFER_PURPOSE, claims);
}

/** Signs quote claims. */
export function signQuoteToken(signer: TokenSigner, claims: QuoteClaims): Promise<string> {
  return signer.sign(QUOTE_PURPOSE, claims);
}

/**
 * The claims of `token` when it is genuine and was made for `customerId`.
 * Tampered or malformed → `invalid_request`; another customer's → `not_found` (the same
 * answer as for an id that does not exist, so tokens cannot be used to probe customers).
 * Expiry is checked separately so an idempotent replay still works after it.
 */
export async function readOfferToken(signer: TokenSigner, token: string, customerId: string): Promise<OfferClaims> {
  const parsed = offerClaimsSchema.safeParse(await signer.verify(OFFER_PURPOSE, token));
  if (!parsed.success) throw new UpsellError('invalid_request', 'The offer token is not valid.');
  if (parsed.data.cid !== customerId) throw new UpsellError('not_found', 'Offer not found.');
  return parsed.data;
}

/** As {@link readOfferToken}, for quote tokens. */
export async function readQuoteToken(signer: TokenSigner, token: string, customerId: string): Promise<QuoteClaims> {
  const parsed = quoteClaimsSchema.safeParse(await signer.verify(QUOTE_PURPOSE, token));
  if (!parsed.success) throw new UpsellError('invalid_request', 'The quote token is not valid.');
  if (parsed.data.cid !== customerId) throw new UpsellError('not_found', 'Quote not found.');
  return parsed.data;
}
