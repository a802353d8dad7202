/**
 * `POST /plan-changes/preview` and `POST /plan-changes`: upgrade or downgrade the customer's
 * subscription along the plan ladder, with Dodo's proration modes.
 *
 * A preview uses Dodo's own figures (`previewChangePlan`) and signs them into a short-lived
 * quote. Executing the quote checks it again at Dodo first: if the plan moved or the charge
 * would now be higher than quoted, the change is refused (`quote_expired` / `price_changed`)
 * rather than charged. One quote executes once, whatever idempotency key it comes with.
 */
import type { Subscription, SubscriptionPreviewChangePlanResponse } from 'dodopayments/resources/index';
import { UpsellError } from '../core/errors';
import { money, scaleMoney, zeroMoney } from '../core/money';
import type { Money } from '../core/money';
import { computePlanChange } from '../core/proration';
import type { PlanChangeLineItem, PlanChangePreview, PlanChangeResult, ProrationMode } from '../core/types';
import { toPlanSummary } from './catalog';
import type { CatalogProduct } from './catalog';
import { classifyDodoError, codeForPaymentError, codeForRefusal, safeMessage, toUpsellError } from './dodo-errors';
import type { HandlerContext } from './handler-context';
import { randomId, sha256Hex } from './ids';
import type { IdempotentResult } from './store';
import { readQuoteToken, signQuoteToken } from './tokens';
import type { QuoteClaims } from './tokens';

/** The validated body of `POST /plan-changes/preview`. */
export interface PlanChangePreviewInput {
  /** Subscription to change. */
  subscriptionId: string;
  /** Target plan. */
  productId: string;
  /** Units on the target plan. */
  quantity: number;
  /** How the change is billed. */
  prorationMode: ProrationMode;
}

/** The validated body of `POST /plan-changes`. */
export interface PlanChangeInput {
  /** Quote token from a preview. */
  quoteToken: string;
  /** Client idempotency key. */
  idempotencyKey: string;
}

/** The customer's subscription, or `not_found` (also for another customer's). */
async function ownSubscription(ctx: HandlerContext, customerId: string, subscriptionId: string): Promise<Subscription> {
  let subscription: Subscription;
  try {
    subscription = await ctx.dodo.getSubscription(subscriptionId);
  } catch (error) {
    throw toUpsellError(error);
  }
  if (subscription.customer.customer_id !== customerId) throw new UpsellError('not_found', 'Subscription not found.');
  return subscription;
}

/** Dodo's quote of a plan change (not retried; a 409 becomes `plan_change_pending`). */
async function previewAtDodo(
  ctx: HandlerContext,
  subscriptionId: string,
  productId: string,
  quantity: number,
  mode: ProrationMode,
): Promise<SubscriptionPreviewChangePlanResponse> {
  try {
    return await ctx.dodo.previewChangePlan(subscriptionId, { product_id: productId, quantity, proration_billing_mode: mode });
  } catch (error) {
    throw toUpsellError(error, 'plan_change');
  }
}

/** What a quoted change charges today (a downgrade's negative total charges nothing). */
function chargeTodayOf(preview: SubscriptionPreviewChangePlanResponse): Money {
  const { summary } = preview.immediate_charge;
  return money(Math.max(summary.total_amount, 0), summary.currency);
}

/**
 * What a plan offer's change would charge today, quoted at Dodo; null when Dodo will not quote
 * it (the subscription moved or cannot change: the offer is not available). Failures worth
 * retrying throw, `plan_change_pending` among them.
 */
export async function quoteOfferChange(ctx: HandlerContext, subscriptionId: string, productId: string, quantity: number, mode: ProrationMode): Promise<Money | null> {
  try {
    return chargeTodayOf(await previewAtDodo(ctx, subscriptionId, productId, quantity, mode));
  } catch (error) {
    if (error instanceof UpsellError && !error.retryable) return null;
    throw error;
  }
}

/** A Dodo line amount: unit price × quantity × proration factor, the factor quantised to millionths so the arithmetic stays in integers. */
function lineAmount(unitPrice: number, quantity: number, factor: number, currency: string): Money {
  const scaled = Number.isFinite(factor) ? Math.round(factor * 1_000_000) : 1_000_000;
  return scaleMoney(money(Math.round(unitPrice) * quantity, currency), scaled, 1_000_000);
}

function toLineItems(preview: SubscriptionPreviewChangePlanResponse, chargeToday: Money, credit: Money): PlanChangeLineItem[] {
  const items: PlanChangeLineItem[] = [];
  for (const line of preview.immediate_charge.line_items) {
    if (line.type === 'subscription' || line.type === 'addon') {
      items.push({
        description: line.name ?? line.description ?? ('product_id' in line ? line.product_id : line.id),
        amount: lineAmount(line.unit_price, line.quantity, line.proration_factor, line.currency),
      });
    } else {
      items.push({ description: line.name, amount: money(line.subtotal, line.currency) });
    }
  }
  if (items.length === 0) {
    if (chargeToday.minor > 0) items.push({ description: 'Charged today', amount: chargeToday });
    if (credit.minor > 0) items.push({ description: 'Credit for future renewals', amount: money(-credit.minor, credit.currency) });
  }
  return items;
}

/** Quotes a plan change for `customerId`. */
export async function previewPlanChange(ctx: HandlerContext, customerId: string, input: PlanChangePreviewInput): Promise<PlanChangePreview> {
  const ladder = ctx.rules.planLadder;
  if (!ladder) throw new UpsellError('not_found', 'Plan changes are not available.');
  if (!ladder.productIds.includes(input.productId)) throw new UpsellError('offer_not_eligible', 'That plan is not available.');
  if (!ladder.allowedProrationModes.includes(input.prorationMode)) throw new UpsellError('invalid_request', 'That billing mode is not available.');

  const subscription = await ownSubscription(ctx, customerId, input.subscriptionId);
  if (subscription.status !== 'active') throw new UpsellError('offer_not_eligible', 'Only an active subscription can change plan.');
  if (subscription.product_id === input.productId && subscription.quantity === input.quantity) {
    throw new UpsellError('invalid_request', 'The subscription is already on that plan.');
  }

  const [currentProduct, newProduct, preview] = await Promise.all([
    ctx.dodo.getProduct(subscription.product_id).catch((error: unknown) => {
      throw toUpsellError(error);
    }),
    ctx.dodo.getProduct(input.productId).catch((error: unknown) => {
      throw toUpsellError(error);
    }),
    previewAtDodo(ctx, subscription.subscription_id, input.productId, input.quantity, input.prorationMode),
  ]);

  const now = ctx.now();
  const chargeToday = chargeTodayOf(preview);
  const summary = preview.immediate_charge.summary;
  const currency = summary.currency;
  // Dodo reports credit a downgrade creates as positive `customer_credits`; when it does not,
  // the core computes the subscription-scoped credit from the same inputs.
  const computed = computePlanChange({
    currentPrice: money(subscription.recurring_pre_tax_amount, subscription.currency),
    currentQuantity: 1,
    newPrice: newProduct.price,
    newQuantity: input.quantity,
    mode: input.prorationMode,
    periodStart: new Date(subscription.previous_billing_date),
    periodEnd: new Date(subscription.next_billing_date),
    now,
  });
  const credit = summary.customer_credits > 0 ? money(summary.customer_credits, currency) : computed.credit.currency === currency ? computed.credit : zeroMoney(currency);
  const newPlan = preview.new_plan;
  const expiresAt = now.getTime() + ctx.quoteTtlMs;
  const quoteToken = await signQuoteToken(ctx.signer, {
    v: 1,
    cid: customerId,
    sub: subscription.subscription_id,
    from: subscription.product_id,
    pid: input.productId,
    qty: input.quantity,
    mode: input.prorationMode,
    chg: chargeToday.minor,
    crd: credit.minor,
    cur: currency,
    qid: randomId('quo'),
    exp: expiresAt,
  });

  return {
    subscriptionId: subscription.subscription_id,
    currentPlan: toPlanSummary(currentProduct),
    newPlan: toPlanSummary(newProduct),
    quantity: input.quantity,
    prorationMode: input.prorationMode,
    direction: computed.direction,
    chargeToday,
    credit,
    newRecurringPrice: money(newPlan.recurring_pre_tax_amount, newPlan.currency),
    effectiveAt: preview.immediate_charge.effective_at,
    nextBillingAt: newPlan.next_billing_date ?? null,
    lineItems: toLineItems(preview, chargeToday, credit),
    quoteToken,
    quoteExpiresAt: new Date(expiresAt).toISOString(),
  };
}

/** Executes a quoted plan change for `customerId`; idempotent per key, once per quote. */
export async function changePlan(ctx: HandlerContext, customerId: string, input: PlanChangeInput): Promise<PlanChangeResult> {
  const claims = await readQuoteToken(ctx.signer, input.quoteToken, customerId);
  const scope = `plan_change:${customerId}`;
  const quoteScope = `quote:${customerId}`;
  const fingerprint = await sha256Hex(input.quoteToken);
  const at = ctx.now().toISOString();
  const claim = await ctx.store.claimIdempotencyKey(scope, input.idempotencyKey, fingerprint, at);
  if (claim.status === 'existing') {
    if (claim.record.fingerprint !== fingerprint) throw new UpsellError('invalid_request', 'This idempotency key was already used for a different plan change.');
    if (claim.record.state === 'pending' || claim.record.result?.kind !== 'plan_change') {
      throw new UpsellError('in_progress', 'This plan change is still being processed. Check again in a moment.');
    }
    return replayPlanChange(ctx, customerId, { scope, key: input.idempotencyKey }, claims, claim.record.result);
  }

  let quoteClaimed = false;
  const release = async (): Promise<void> => {
    await ctx.store.releaseIdempotencyKey(scope, input.idempotencyKey);
    if (quoteClaimed) await ctx.store.releaseIdempotencyKey(quoteScope, claims.qid);
  };

  let newPlanProduct: CatalogProduct;
  try {
    if (claims.exp <= ctx.now().getTime()) throw new UpsellError('quote_expired', 'This quote has expired. Preview the change again.');
    const use = await ctx.store.claimIdempotencyKey(quoteScope, claims.qid, input.idempotencyKey, at);
    if (use.status === 'existing') throw new UpsellError('already_purchased', 'This quote has already been used.');
    quoteClaimed = true;

    // Check the quote against Dodo again before anything is charged.
    const subscription = await ownSubscription(ctx, customerId, claims.sub);
    if (subscription.product_id !== claims.from) throw new UpsellError('quote_expired', 'The subscription changed since this quote. Preview the change again.');
    const [preview, product] = await Promise.all([
      previewAtDodo(ctx, claims.sub, claims.pid, claims.qty, claims.mode),
      ctx.dodo.getProduct(claims.pid).catch((error: unknown) => {
        throw toUpsellError(error);
      }),
    ]);
    const charge = chargeTodayOf(preview);
    if (charge.currency !== claims.cur || charge.minor > claims.chg) {
      throw new UpsellError('price_changed', 'The price of this change has gone up since the quote. Preview it again.');
    }
    newPlanProduct = product;
  } catch (error) {
    await release();
    throw error;
  }

  let result: PlanChangeResult;
  let paymentId: string | null = null;
  try {
    const response = await ctx.dodo.changePlan(claims.sub, {
      product_id: claims.pid,
      quantity: claims.qty,
      proration_billing_mode: claims.mode,
      // A declined charge must not move the plan (Dodo's default `apply_change` would).
      on_payment_failure: 'prevent_change',
      metadata: { upsell_quote_id: claims.qid },
    });
    paymentId = response.payment_id ?? null;
    if (response.payment_link) result = { status: 'requires_action', subscriptionId: claims.sub, actionUrl: response.payment_link };
    // No payment: nothing to charge today, and the change is done.
    else if (paymentId === null) result = succeededChange(ctx, claims, newPlanProduct);
    // Charged: the plan moves only once the payment succeeds.
    else result = (await outcomeAtDodo(ctx, customerId, claims, paymentId).catch(() => null)) ?? { status: 'processing', subscriptionId: claims.sub };
  } catch (error) {
    const failure = classifyDodoError(error);
    if (failure === null || failure.kind === 'unknown_outcome') {
      // Maybe applied, maybe not: never retried; the subscription webhook or a reload tells.
      if (failure === null) ctx.report(error, 'POST /plan-changes');
      result = { status: 'processing', subscriptionId: claims.sub };
    } else {
      const code = codeForRefusal(failure, 'plan_change');
      if (code === 'plan_change_pending' || code === 'rate_limited') {
        // Refused before anything happened: the same key and quote may be tried again.
        await release();
        throw new UpsellError(code, safeMessage(code));
      }
      result = { status: 'failed', subscriptionId: claims.sub, code, message: safeMessage(code), retryable: false };
    }
  }
  await ctx.store.completeIdempotencyKey(scope, input.idempotencyKey, { kind: 'plan_change', result, paymentId });
  return result;
}

function succeededChange(ctx: HandlerContext, claims: QuoteClaims, product: CatalogProduct): PlanChangeResult {
  return {
    status: 'succeeded',
    subscriptionId: claims.sub,
    newPlan: toPlanSummary(product),
    quantity: claims.qty,
    chargedToday: money(claims.chg, claims.cur),
    credit: money(claims.crd, claims.cur),
    effectiveAt: ctx.now().toISOString(),
  };
}

/** How a charged change stands at Dodo: succeeded once the subscription is on the new plan, failed once its payment failed, else null (still open). */
async function outcomeAtDodo(ctx: HandlerContext, customerId: string, claims: QuoteClaims, paymentId: string | null): Promise<PlanChangeResult | null> {
  const subscription = await ownSubscription(ctx, customerId, claims.sub);
  if (subscription.product_id === claims.pid && subscription.quantity === claims.qty) {
    return succeededChange(ctx, claims, await ctx.dodo.getProduct(claims.pid));
  }
  if (paymentId === null) return null;
  const payment = await ctx.dodo.getPayment(paymentId);
  if (payment.status !== 'failed' && payment.status !== 'cancelled') return null;
  const code = codeForPaymentError(payment.error_code);
  return { status: 'failed', subscriptionId: claims.sub, code, message: safeMessage(code), retryable: false };
}

/**
 * A replayed key reports how its change ended. A change that waited on the bank, or whose
 * outcome Dodo left open, is looked up again (at most once per `reconcileAfterMs`, so a polling
 * client costs Dodo little), and a final answer replaces the stored one.
 */
async function replayPlanChange(
  ctx: HandlerContext,
  customerId: string,
  { scope, key }: { scope: string; key: string },
  claims: QuoteClaims,
  stored: Extract<IdempotentResult, { kind: 'plan_change' }>,
): Promise<PlanChangeResult> {
  const { result } = stored;
  if (result.status !== 'requires_action' && result.status !== 'processing') return result;
  const now = ctx.now();
  if (stored.checkedAt && now.getTime() - Date.parse(stored.checkedAt) < ctx.reconcileAfterMs) return result;
  await ctx.store.completeIdempotencyKey(scope, key, { ...stored, checkedAt: now.toISOString() });
  let settled: PlanChangeResult | null;
  try {
    settled = await outcomeAtDodo(ctx, customerId, claims, stored.paymentId ?? null);
  } catch (error) {
    // Dodo unreachable: the change stays open, and the next replay asks again.
    if (!classifyDodoError(error)) ctx.report(error, 'POST /plan-changes (replay)');
    return result;
  }
  if (!settled) return result;
  await ctx.store.completeIdempotencyKey(scope, key, { kind: 'plan_change', result: settled, paymentId: stored.paymentId ?? null });
  return settled;
}
