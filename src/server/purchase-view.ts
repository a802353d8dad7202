/**
 * A stored purchase as the browser sees it (`PurchaseResult`), and the fallback checkout a
 * failed one offers: Dodo's guide says to fall back to standard checkout when a one-click
 * charge fails, rather than retrying the same card.
 */
import { classifyDodoError } from './dodo-errors';
import type { HandlerContext } from './handler-context';
import { executionOf, findOfferRule } from './offer-rules';
import type { PurchaseRecord } from './store';
import type { PurchaseResult } from '../core/types';

/** What a fallback checkout sells. */
export interface FallbackTarget {
  /** Owner. */
  customerId: string;
  /** Offer id, for metadata and stats. */
  offerId: string;
  /** Product. */
  productId: string;
  /** Units. */
  quantity: number;
  /**
   * Purchase the fallback pays for: its payment carries the same `upsell_purchase_id`, so
   * paying there settles the failed purchase as succeeded.
   */
  purchaseId: string | null;
}

/**
 * A normal hosted checkout for `target` (no saved method, no confirm), or null when Dodo
 * cannot make one right now. Never throws for a Dodo failure: the fallback is best effort.
 */
export async function createFallbackCheckout(ctx: HandlerContext, target: FallbackTarget): Promise<string | null> {
  try {
    const session = await ctx.dodo.createCheckout({
      product_cart: [{ product_id: target.productId, quantity: target.quantity }],
      customer: { customer_id: target.customerId },
      return_url: ctx.returnUrl,
      metadata: target.purchaseId
        ? { upsell_purchase_id: target.purchaseId, upsell_offer_id: target.offerId }
        : { upsell_offer_id: target.offerId },
    });
    return session.checkout_url ?? null;
  } catch (error) {
    if (!classifyDodoError(error)) ctx.report(error, 'fallback checkout');
    return null;
  }
}

/**
 * The browser's view of `record`. A failed one-time purchase without a fallback URL gets
 * one now (once: it is stored), so failures learned from webhooks offer it too.
 */
export async function presentPurchase(ctx: HandlerContext, record: PurchaseRecord): Promise<PurchaseResult> {
  switch (record.status) {
    case 'pending':
    case 'processing':
      return { status: 'processing', purchaseId: record.id, offerId: record.offerId };
    case 'requires_action':
      return record.actionUrl
        ? { status: 'requires_action', purchaseId: record.id, offerId: record.offerId, actionUrl: record.actionUrl }
        : { status: 'processing', purchaseId: record.id, offerId: record.offerId };
    case 'succeeded':
      return { status: 'succeeded', purchaseId: record.id, offerId: record.offerId, amount: record.amount, paymentId: record.paymentId };
    case 'failed': {
      let fallback = record.fallbackCheckoutUrl;
      const rule = findOfferRule(ctx.rules, record.offerId);
      const sellable = rule !== undefined && executionOf(ctx.rules, rule) !== 'plan_change';
      if (fallback === null && sellable) {
        fallback = await createFallbackCheckout(ctx, {
          customerId: record.customerId,
          offerId: record.offerId,
          productId: record.productId,
          quantity: record.quantity,
          purchaseId: record.id,
        });
        if (fallback) await ctx.store.updatePurchase(record.id, { fallbackCheckoutUrl: fallback }, ['failed']);
      }
      const failure = record.failure ?? { code: 'payment_declined' as const, message: 'The payment did not go through.', retryable: false };
      return {
        status: 'failed',
        purchaseId: record.id,
        offerId: record.offerId,
        code: failure.code,
        message: failure.message,
        fallbackCheckoutUrl: fallback,
        retryable: failure.retryable,
      };
    }
  }
}
