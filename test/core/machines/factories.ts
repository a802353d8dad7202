/** Small hand-made domain values for the pure machine tests (no adapter involved). */
import { money } from '../../../src/core/money';
import type { Offer, PlanChangePreview, PurchaseResult } from '../../../src/core/types';

export function makeOffer(id: string, fields: Partial<Offer> = {}): Offer {
  return {
    id,
    kind: 'upsell',
    placement: 'post_purchase',
    product: { id: `prod_${id}`, name: `Product ${id}`, description: null, imageUrl: null, features: [] },
    price: money(4900, 'USD'),
    interval: null,
    compareAtPrice: null,
    badges: [],
    declineTo: null,
    downsell: null,
    expiresAt: '2030-01-01T00:00:00.000Z',
    token: `tok_${id}`,
    currentPlan: null,
    subscriptionId: null,
    quantity: 1,
    suggestedPaymentMethodId: 'pm_visa',
    ...fields,
  };
}

export const downsell = makeOffer('module', { kind: 'downsell' });
export const bundle = makeOffer('bundle', { declineTo: 'module', downsell });

export const succeeded: PurchaseResult = {
  status: 'succeeded',
  purchaseId: 'pur_1',
  offerId: 'bundle',
  amount: money(4900, 'USD'),
  paymentId: 'pay_1',
};
export const processing: PurchaseResult = { status: 'processing', purchaseId: 'pur_1', offerId: 'bundle' };
export const requiresAction: PurchaseResult = {
  status: 'requires_action',
  purchaseId: 'pur_1',
  offerId: 'bundle',
  actionUrl: 'https://bank.example/3ds/pur_1',
};
export const declinedByBank: PurchaseResult = {
  status: 'failed',
  purchaseId: 'pur_1',
  offerId: 'bundle',
  code: 'payment_declined',
  message: 'Your bank declined the charge.',
  fallbackCheckoutUrl: 'https://checkout.example/bundle',
  retryable: false,
};

export function makePreview(productId: string, fields: Partial<PlanChangePreview> = {}): PlanChangePreview {
  const plan = (id: string, minor: number) => ({ productId: id, name: id, price: money(minor, 'USD'), interval: 'month' as const, features: [] });
  return {
    subscriptionId: 'sub_1',
    currentPlan: plan('prod_basic', 3000),
    newPlan: plan(productId, 8000),
    quantity: 1,
    prorationMode: 'difference_immediately',
    direction: 'upgrade',
    chargeToday: money(5000, 'USD'),
    credit: money(0, 'USD'),
    newRecurringPrice: money(8000, 'USD'),
    effectiveAt: '2026-11-28T00:00:00.000Z',
    nextBillingAt: '2026-12-13T00:00:00.000Z',
    lineItems: [],
    quoteToken: `quote_${productId}`,
    quoteExpiresAt: '2026-11-28T00:05:00.000Z',
    ...fields,
  };
}
