/**
 * `POST /purchases`: one click on an offer becomes at most one charge.
 *
 * Order of events, and why:
 * 1. Verify the offer token's signature and owner (no state touched, no Dodo call).
 * 2. Claim the idempotency key atomically. A duplicate of a running request gets
 *    `in_progress`; a duplicate of a finished one gets the same purchase. Replays come before
 *    the expiry and price checks so a client retrying after a lost response still gets its
 *    first result.
 * 3. Refuse what must not be charged, before any charge: expired token, unusable or foreign
 *    payment method, a price that changed at Dodo, the offer already bought (an atomic
 *    claim per customer and offer, so 200 different keys still make one purchase). A plan
 *    change bought before but undone since (the subscription left that plan) is marked
 *    superseded first, so it can be bought again — still one live purchase at a time.
 * 4. Charge once, with the SDK's retries off. An unknown outcome (timeout, 5xx, dropped
 *    connection) is held as `processing` and settled by the webhook (the charge carries the
 *    purchase id in its metadata) or by `GET /purchases/:id`; it is never charged again.
 * 5. Briefly wait for the webhook, so most answers are final without a `payments.retrieve`.
 */
import type { CountryCode, Subscription } from 'dodopayments/resources/index';
import { UpsellError } from '../core/errors';
import { judgePaymentMethod } from '../core/eligibility';
import { money, multiplyMoney } from '../core/money';
import type { PurchaseResult, UnusableReason } from '../core/types';
import { classifyDodoError, codeForRefusal, toUpsellError } from './dodo-errors';
import type { HandlerContext } from './handler-context';
import { randomId, sha256Hex } from './ids';
import { executionOf, findOfferRule, prorationModeOf } from './offer-rules';
import type { OfferExecution, OfferRule } from './offer-rules';
import { quoteOfferChange } from './plan-changes';
import { createFallbackCheckout, presentPurchase } from './purchase-view';
import { settlePurchase } from './settlement';
import type { PurchaseOutcome } from './settlement';
import { failureFor } from './purchase-failures';
import type { IdempotencyRecord, PurchaseRecord } from './store';
import { readOfferToken } from './tokens';
import type { OfferClaims } from './tokens';

/** The validated body of `POST /purchases`. */
export interface PurchaseInput {
  /** Offer token. */
  offerToken: string;
  /** Method to charge; omitted → the token's suggested method. */
  paymentMethodId?: string | null | undefined;
  /** Client idempotency key. */
  idempotencyKey: string;
}

const UNUSABLE_MESSAGES: Record<UnusableReason, string> = {
  expired: 'This card has expired. Choose another card or pay at checkout.',
  currency_mismatch: 'This card cannot pay in the offer’s currency. Choose another card or pay at checkout.',
  not_reusable: 'This payment method cannot be charged without you present. Pay at checkout instead.',
};

/** Runs `POST /purchases` for `customerId`. Throws `UpsellError` for refusals made before any charge. */
export async function purchaseOffer(ctx: HandlerContext, customerId: string, input: PurchaseInput): Promise<PurchaseResult> {
  const claims = await readOfferToken(ctx.signer, input.offerToken, customerId);
  const scope = `purchase:${customerId}`;
  // Bound to what is bought, not to the token's bytes: after a reload the page holds a fresh
  // token for the same offer, and the same key must still replay the first result.
  const method = input.paymentMethodId ?? claims.pm ?? '';
  const fingerprint = await sha256Hex([claims.oid, claims.pid, claims.amt, claims.cur, claims.qty, claims.sub ?? '', method].join('\n'));
  const claim = await ctx.store.claimIdempotencyKey(scope, input.idempotencyKey, fingerprint, ctx.now().toISOString());
  if (claim.status === 'existing') return replayPurchase(ctx, customerId, claim.record, fingerprint);

  let prepared: PreparedPurchase;
  try {
    prepared = await preparePurchase(ctx, customerId, claims, input);
  } catch (error) {
    await ctx.store.releaseIdempotencyKey(scope, input.idempotencyKey);
    throw error;
  }
  const { purchase } = prepared;
  try {
    await ctx.store.completeIdempotencyKey(scope, input.idempotencyKey, { kind: 'purchase', purchaseId: purchase.id });
  } catch (error) {
    // Nothing was sent to Dodo yet: give the offer back rather than leave it stuck pending.
    await ctx.store.updatePurchase(purchase.id, { status: 'failed', failure: failureFor('upstream', true) }, ['pending']).catch(() => null);
    await ctx.store.releaseIdempotencyKey(scope, input.idempotencyKey).catch(() => undefined);
    throw error;
  }

  const charged = (await chargePurchase(ctx, prepared)) ?? purchase;
  const settled = await waitForSettlement(ctx, charged);
  return presentPurchase(ctx, settled);
}

async function replayPurchase(ctx: HandlerContext, customerId: string, record: IdempotencyRecord, fingerprint: string): Promise<PurchaseResult> {
  if (record.fingerprint !== fingerprint) {
    throw new UpsellError('invalid_request', 'This idempotency key was already used for a different purchase.');
  }
  if (record.state === 'pending' || record.result?.kind !== 'purchase') {
    throw new UpsellError('in_progress', 'This purchase is still being processed. Check again in a moment.');
  }
  const purchase = await ctx.store.getPurchase(record.result.purchaseId);
  if (!purchase || purchase.customerId !== customerId) throw new UpsellError('not_found', 'Purchase not found.');
  if (purchase.status === 'pending') throw new UpsellError('in_progress', 'This purchase is still being processed. Check again in a moment.');
  return presentPurchase(ctx, purchase);
}

interface PreparedPurchase {
  purchase: PurchaseRecord;
  rule: OfferRule;
  execution: OfferExecution;
  billingCountry: string;
}

async function preparePurchase(ctx: HandlerContext, customerId: string, claims: OfferClaims, input: PurchaseInput): Promise<PreparedPurchase> {
  const now = ctx.now();
  if (claims.exp <= now.getTime()) throw new UpsellError('offer_expired', 'This offer has expired. Reload to see current offers.');
  const rule = findOfferRule(ctx.rules, claims.oid);
  if (!rule || rule.productId !== claims.pid) throw new UpsellError('offer_not_eligible', 'This offer is no longer available.');
  const execution = executionOf(ctx.rules, rule);

  let paymentMethodId: string | null = null;
  let billingCountry = claims.bc ?? ctx.defaultBillingCountry;
  if (execution === 'plan_change') {
    // Dodo charges a plan change to the subscription's card, the one the offer suggested; any other is refused.
    if (input.paymentMethodId && input.paymentMethodId !== claims.pm) {
      throw new UpsellError('invalid_request', 'A plan change is charged to the subscription’s payment method.');
    }
    if (!claims.sub) throw new UpsellError('offer_not_eligible', 'This offer is no longer available.');
    // Eligibility is re-derived too: the subscription must still be the customer's, active,
    // and on a plan the offer upgrades from (not already changed since the offer was made).
    const subscription = await ctx.dodo.getSubscription(claims.sub).catch((error: unknown) => {
      throw toUpsellError(error);
    });
    if (subscription.customer.customer_id !== customerId) throw new UpsellError('not_found', 'Subscription not found.');
    const trigger = rule.trigger;
    const from = trigger?.type === 'purchased' ? trigger.productIds : (ctx.rules.planLadder?.productIds ?? []);
    if (subscription.status !== 'active' || subscription.product_id === rule.productId || !from.includes(subscription.product_id)) {
      throw new UpsellError('offer_not_eligible', 'This plan change is no longer available for your subscription.');
    }
    if (claims.chg !== null && claims.chg !== undefined) {
      // The offer said what one click charges today: never charge more than that.
      const charge = await quoteOfferChange(ctx, claims.sub, rule.productId, claims.qty, prorationModeOf(ctx.rules, rule));
      // Dodo will not quote it (e.g. a concurrent accept already moved the plan).
      if (!charge) throw new UpsellError('offer_not_eligible', 'This plan change is no longer available for your subscription.');
      if (charge.currency !== claims.cur || charge.minor > claims.chg) {
        throw new UpsellError('price_changed', 'This plan change now costs more today than the offer said. Reload to see the new amount.');
      }
    }
    await supersedeUndonePlanChanges(ctx, customerId, rule.id, subscription, now.toISOString());
  } else {
    const requested = input.paymentMethodId ?? claims.pm;
    if (!requested) {
      throw new UpsellError('payment_method_unusable', 'No saved payment method can be charged for this offer. Pay at checkout instead.');
    }
    // The suggested method was verified as the customer's when the token was signed; any
    // other method is listed and judged now (a foreign id is "not found", never charged).
    if (requested !== claims.pm) {
      const methods = await ctx.dodo.listPaymentMethods(customerId).catch((error: unknown) => {
        throw toUpsellError(error);
      });
      const method = methods.find((candidate) => candidate.id === requested);
      if (!method) throw new UpsellError('not_found', 'Payment method not found.');
      const judged = judgePaymentMethod(method, { currency: claims.cur, now });
      if (judged.unusableReason) throw new UpsellError('payment_method_unusable', UNUSABLE_MESSAGES[judged.unusableReason]);
      billingCountry = method.card?.issuingCountry ?? billingCountry;
    }
    paymentMethodId = requested;
  }

  // The price is re-derived from Dodo's product now (cached for a short TTL): a different
  // price is refused, never charged silently.
  const product = await ctx.dodo.getProduct(claims.pid).catch((error: unknown) => {
    throw toUpsellError(error);
  });
  const price = multiplyMoney(product.price, claims.qty);
  if (price.currency !== claims.cur || price.minor !== claims.amt) {
    throw new UpsellError('price_changed', 'The price of this offer has changed. Reload to see the new price.');
  }

  const at = now.toISOString();
  const claimed = await ctx.store.claimOfferPurchase({
    id: randomId('pur'),
    customerId,
    offerId: rule.id,
    kind: rule.kind,
    productId: claims.pid,
    quantity: claims.qty,
    amount: price,
    paymentMethodId,
    subscriptionId: claims.sub,
    prorationMode: execution === 'plan_change' ? prorationModeOf(ctx.rules, rule) : null,
    status: 'pending',
    paymentId: null,
    actionUrl: null,
    failure: null,
    fallbackCheckoutUrl: null,
    createdAt: at,
    updatedAt: at,
    reconciledAt: null,
    supersededAt: null,
  });
  if (claimed.status === 'existing') {
    throw new UpsellError('already_purchased', 'This offer has already been bought or is being bought.');
  }
  return { purchase: claimed.purchase, rule, execution, billingCountry };
}

/**
 * Before a plan-change offer is claimed again: marks its succeeded purchases whose
 * subscription has since left the bought plan as superseded, so the claim may insert a new
 * one. In-flight purchases and purchases still on their plan are left alone (the claim then
 * answers `already_purchased`). `current` is the subscription just looked up; another
 * subscription is asked for at Dodo, and one that cannot be looked up keeps its purchase.
 */
async function supersedeUndonePlanChanges(ctx: HandlerContext, customerId: string, offerId: string, current: Subscription, at: string): Promise<void> {
  const purchases = await ctx.store.listPurchases(customerId);
  for (const purchase of purchases) {
    if (purchase.offerId !== offerId || purchase.status !== 'succeeded' || purchase.subscriptionId === null || purchase.supersededAt) continue;
    let subscription: Subscription | null = current;
    if (purchase.subscriptionId !== current.subscription_id) {
      subscription = await ctx.dodo.getSubscription(purchase.subscriptionId).catch(() => null);
      if (subscription && subscription.customer.customer_id !== customerId) subscription = null;
    }
    if (subscription && subscription.product_id !== purchase.productId) await ctx.store.supersedePurchase(purchase.id, at);
  }
}

/** Sends the one charge and records what Dodo said. Returns the purchase as it now stands. */
async function chargePurchase(ctx: HandlerContext, prepared: PreparedPurchase): Promise<PurchaseRecord | null> {
  const { purchase, execution } = prepared;
  const metadata = { upsell_purchase_id: purchase.id, upsell_offer_id: purchase.offerId };
  const cart = [{ product_id: purchase.productId, quantity: purchase.quantity }];
  let outcome: PurchaseOutcome;
  try {
    if (execution === 'checkout') {
      const session = await ctx.dodo.chargeWithCheckout({
        product_cart: cart,
        customer: { customer_id: purchase.customerId },
        payment_method_id: purchase.paymentMethodId,
        confirm: true,
        return_url: ctx.returnUrl,
        feature_flags: { redirect_immediately: true },
        metadata,
      });
      // With a saved method Dodo returns a checkout URL only when the bank wants the customer (3-D Secure).
      outcome = session.checkout_url
        ? { status: 'requires_action', paymentId: session.payment_id ?? null, actionUrl: session.checkout_url }
        : { status: 'processing', paymentId: session.payment_id ?? null };
    } else if (execution === 'payment') {
      const payment = await ctx.dodo.chargeWithPayment({
        product_cart: cart,
        customer: { customer_id: purchase.customerId },
        payment_method_id: purchase.paymentMethodId,
        // Validated as two capital letters (token schema, Dodo's card data or the handler options).
        billing: { country: prepared.billingCountry as CountryCode },
        return_url: ctx.returnUrl,
        metadata,
      });
      outcome = payment.payment_link
        ? { status: 'requires_action', paymentId: payment.payment_id, actionUrl: payment.payment_link }
        : { status: 'processing', paymentId: payment.payment_id };
    } else {
      const change = await ctx.dodo.changePlan(purchase.subscriptionId ?? '', {
        product_id: purchase.productId,
        quantity: purchase.quantity,
        proration_billing_mode: purchase.prorationMode ?? prorationModeOf(ctx.rules, prepared.rule),
        // A declined charge must not move the plan (Dodo's default `apply_change` would).
        on_payment_failure: 'prevent_change',
        metadata,
      });
      if (change.payment_link) outcome = { status: 'requires_action', paymentId: change.payment_id ?? null, actionUrl: change.payment_link };
      else if (change.payment_id) outcome = { status: 'processing', paymentId: change.payment_id };
      // No payment: the change cost nothing today (a downgrade or `do_not_bill`), and it is done.
      else outcome = { status: 'succeeded', paymentId: null, amount: money(0, purchase.amount.currency) };
    }
  } catch (error) {
    const failure = classifyDodoError(error);
    if (failure === null || failure.kind === 'unknown_outcome') {
      // The request may have reached Dodo: hold it, never retry it, never call it failed.
      if (failure === null) ctx.report(error, 'POST /purchases (charge)');
      outcome = { status: 'processing', paymentId: null };
    } else {
      const code = codeForRefusal(failure, execution === 'plan_change' ? 'plan_change' : 'charge');
      const retryable = code === 'rate_limited' || code === 'upstream' || code === 'plan_change_pending';
      const fallbackCheckoutUrl =
        execution === 'plan_change'
          ? null
          : await createFallbackCheckout(ctx, {
              customerId: purchase.customerId,
              offerId: purchase.offerId,
              productId: purchase.productId,
              quantity: purchase.quantity,
              purchaseId: purchase.id,
            });
      outcome = { status: 'failed', paymentId: null, failure: failureFor(code, retryable), fallbackCheckoutUrl };
    }
  }
  return settlePurchase(ctx, purchase.id, outcome);
}

/** Waits up to `settleWaitMs` for a webhook to settle a `processing` purchase (here or in another instance). */
async function waitForSettlement(ctx: HandlerContext, record: PurchaseRecord): Promise<PurchaseRecord> {
  const deadline = Date.now() + ctx.settleWaitMs;
  let current = record;
  while (current.status === 'processing' || current.status === 'pending') {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    // Wake on a local notification, or poll the store every 250 ms for a webhook served by another instance.
    await ctx.settlement.wait(current.id, Math.min(remaining, 250));
    current = (await ctx.store.getPurchase(current.id)) ?? current;
  }
  return current;
}
