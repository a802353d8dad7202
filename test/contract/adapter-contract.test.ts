/**
 * One set of scenarios, every implementation of `UpsellAdapter`: the memory adapter and
 * (in http-world) `createHttpAdapter` → `createUpsellHandler` → real `dodopayments` SDK →
 * sandbox over HTTP. Both must meet the same expectations.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UpsellError } from '../../src/core/errors';
import type { Offer, ProrationMode } from '../../src/core/types';
import type { FixtureName } from '../../src/memory/fixtures';
import { settle, settleAfterAction } from './contract-world';
import type { ContractImplementation, ContractWorld } from './contract-world';
import { httpImplementation } from './http-world';
import { memoryImplementation } from './memory-world';

const implementations: ContractImplementation[] = [memoryImplementation, httpImplementation];

/** 15 days into Alice's 30-day period (2026-11-13 → 2026-12-13). */
const START = new Date('2026-11-28T00:00:00.000Z');

function offerFor(offers: Offer[], productId: string): Offer {
  const offer = offers.find((o) => o.product.id === productId);
  if (!offer) throw new Error(`no offer for ${productId} among ${offers.map((o) => o.product.id).join(', ')}`);
  return offer;
}

async function rejection(promise: Promise<unknown>): Promise<UpsellError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpsellError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe.each(implementations)('UpsellAdapter contract: $name', (implementation) => {
  let world: ContractWorld | undefined;
  const open = async (fixture: FixtureName) => {
    world = await implementation.create(fixture, START);
    return world;
  };
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('judges each saved card for one click: usable, expired, not reusable, wrong currency', async () => {
    const { adapter } = await open('happyPath');
    const methods = await adapter.listPaymentMethods({ currency: 'USD' });
    const reasons = Object.fromEntries(methods.map((m) => [m.id, m.unusableReason]));
    expect(reasons).toMatchObject({
      pm_visa_4242: null,
      pm_mc_3ds_3155: null,
      pm_amex_expired_0005: 'expired',
      pm_visa_norecur_1881: 'not_reusable',
    });
    expect(methods.find((m) => m.id === 'pm_visa_4242')?.card).toMatchObject({ brand: 'Visa', last4: '4242', expMonth: 8, expYear: 2030 });

    const priya = await open('currencyMismatch');
    expect((await priya.adapter.listPaymentMethods({ currency: 'USD' }))[0]).toMatchObject({ usable: false, unusableReason: 'currency_mismatch' });
    expect((await priya.adapter.listPaymentMethods({ currency: 'INR' }))[0]).toMatchObject({ usable: true, unusableReason: null });
  });

  it('offers the bundle after the starter course, priced by the server, with the downsell embedded', async () => {
    const { adapter } = await open('happyPath');
    const bundle = offerFor(await adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    expect(bundle.kind).toBe('upsell');
    expect(bundle.price).toEqual({ minor: 14900, currency: 'USD' });
    expect(bundle.suggestedPaymentMethodId).toBe('pm_visa_4242');
    expect(bundle.downsell?.product.id).toBe('prod_advanced_module');
    expect(bundle.declineTo).toBe(bundle.downsell?.id);
    expect(bundle.token.length).toBeGreaterThan(8);
  });

  it('charges the saved card once for a one-click accept', async () => {
    const w = await open('happyPath');
    const bundle = offerFor(await w.adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    const result = await settle(w.adapter, await w.adapter.purchase({ offerToken: bundle.token, idempotencyKey: 'key-success-0001' }));
    expect(result).toMatchObject({ status: 'succeeded', offerId: bundle.id, amount: { minor: 14900, currency: 'USD' } });
    expect(w.chargeCount()).toBe(1);
    const later = await w.adapter.getOffers({ placement: 'post_purchase' });
    expect(later.some((o) => o.product.id === 'prod_complete_bundle')).toBe(false);
  });

  it('returns the first result for a duplicated accept and charges once', async () => {
    const w = await open('happyPath');
    const bundle = offerFor(await w.adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    const request = { offerToken: bundle.token, idempotencyKey: 'key-duplicate-01' };
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => w.adapter.purchase(request)));
    // A duplicate either shares the first result or is told the first is still running (DESIGN §5).
    const answered = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as UpsellError] : []));
    expect(answered.length).toBeGreaterThan(0);
    expect(new Set(answered.map((r) => r.purchaseId)).size).toBe(1);
    expect(refused.map((e) => e.code)).toEqual(refused.map(() => 'in_progress'));
    const settled = await settle(w.adapter, answered[0]!);
    const retried = await w.adapter.purchase(request);
    expect(retried.purchaseId).toBe(settled.purchaseId);
    expect(w.chargeCount()).toBe(1);
  });

  it('replays the first result when a reloaded page sends the same key with a fresh token', async () => {
    const w = await open('happyPath');
    const firstPage = offerFor(await w.adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    w.advanceClock(1_000);
    const reloadedPage = offerFor(await w.adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    expect(reloadedPage.token).not.toBe(firstPage.token);
    const first = await settle(w.adapter, await w.adapter.purchase({ offerToken: firstPage.token, idempotencyKey: 'key-reload-0001' }));
    const again = await w.adapter.purchase({ offerToken: reloadedPage.token, idempotencyKey: 'key-reload-0001' });
    expect(again.purchaseId).toBe(first.purchaseId);
    expect(w.chargeCount()).toBe(1);
  });

  it('sends a 3-D Secure card through the bank, then settles', async () => {
    const w = await open('requiresAction');
    const bundle = offerFor(await w.adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    const first = await w.adapter.purchase({ offerToken: bundle.token, idempotencyKey: 'key-3ds-000001' });
    expect(first.status).toBe('requires_action');
    if (first.status !== 'requires_action') return;
    expect(first.actionUrl).toMatch(/^https?:\/\//);
    expect(w.chargeCount()).toBe(0);
    await w.completeAction(first, 'succeeded');
    expect(await settleAfterAction(w.adapter, first.purchaseId)).toMatchObject({ status: 'succeeded' });
    expect(w.chargeCount()).toBe(1);
  });

  it('after a decline, sells the cheaper downsell and never shows the declined offer again', async () => {
    const w = await open('withDownsell');
    const bundle = offerFor(await w.adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    await w.adapter.recordOfferEvent({ offerId: bundle.id, event: 'declined' });
    const downsell = bundle.downsell!;
    const result = await settle(w.adapter, await w.adapter.purchase({ offerToken: downsell.token, idempotencyKey: 'key-downsell-01' }));
    expect(result).toMatchObject({ status: 'succeeded', amount: { minor: 7900, currency: 'USD' } });
    const later = await w.adapter.getOffers({ placement: 'post_purchase' });
    expect(later.map((o) => o.id)).not.toContain(bundle.id);
  });

  it('reports a declined card as failed with a fallback checkout, and charges nothing', async () => {
    const w = await open('cardDeclined');
    const bundle = offerFor(await w.adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    const result = await settle(w.adapter, await w.adapter.purchase({ offerToken: bundle.token, idempotencyKey: 'key-declined-01' }));
    expect(result).toMatchObject({ status: 'failed', code: 'payment_declined' });
    if (result.status === 'failed') expect(result.fallbackCheckoutUrl).toMatch(/^https?:\/\//);
    expect(w.chargeCount()).toBe(0);
    expect((await w.adapter.startCheckout({ offerToken: bundle.token })).url).toMatch(/^https?:\/\//);
  });

  it('refuses an expired card before charging', async () => {
    const w = await open('happyPath');
    const bundle = offerFor(await w.adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    const error = await rejection(
      w.adapter.purchase({ offerToken: bundle.token, paymentMethodId: 'pm_amex_expired_0005', idempotencyKey: 'key-expired-001' }),
    );
    expect(error.code).toBe('payment_method_unusable');
    expect(w.chargeCount()).toBe(0);
  });

  it.each<[ProrationMode, number]>([
    ['difference_immediately', 5000],
    ['prorated_immediately', 2500],
    ['full_immediately', 8000],
    ['do_not_bill', 0],
  ])('quotes and executes Basic → Pro with %s (charges %i today)', async (mode, charge) => {
    const w = await open('happyPath');
    const preview = await w.adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: mode });
    expect(preview).toMatchObject({
      direction: 'upgrade',
      prorationMode: mode,
      chargeToday: { minor: charge, currency: 'USD' },
      credit: { minor: 0, currency: 'USD' },
      newRecurringPrice: { minor: 8000, currency: 'USD' },
      currentPlan: { productId: 'prod_basic_monthly' },
      newPlan: { productId: 'prod_pro_monthly' },
    });
    const result = await w.adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: `key-change-${mode}` });
    expect(result).toMatchObject({ status: 'succeeded', newPlan: { productId: 'prod_pro_monthly' }, chargedToday: { minor: charge } });
    expect(w.chargeCount()).toBe(charge > 0 ? 1 : 0);
  });

  it.each([
    ['succeeded', { status: 'succeeded', newPlan: { productId: 'prod_pro_monthly' }, chargedToday: { minor: 5000 } }, 1, 'prod_pro_monthly'],
    ['failed', { status: 'failed', code: 'payment_declined', retryable: false }, 0, 'prod_basic_monthly'],
  ] as const)('a plan change that waits on 3-D Secure: replaying its key reports how the bank step ended (%s)', async (outcome, expected, charges, nextFrom) => {
    const w = await open('requiresAction');
    const quote = () =>
      w.adapter.previewPlanChange({ subscriptionId: 'sub_erin_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    const request = { quoteToken: (await quote()).quoteToken, idempotencyKey: `key-3ds-change-${outcome}` };
    const first = await w.adapter.changePlan(request);
    expect(first).toMatchObject({ status: 'requires_action', subscriptionId: 'sub_erin_basic' });
    if (first.status !== 'requires_action') return;
    // Meanwhile another change is refused, and the replay says it still waits.
    expect((await rejection(quote())).code).toBe('plan_change_pending');
    w.advanceClock(60_000);
    expect((await w.adapter.changePlan(request)).status).toMatch(/^(requires_action|processing)$/);
    expect(w.chargeCount()).toBe(0);

    await w.completeAction(first, outcome);
    w.advanceClock(60_000);
    expect(await w.adapter.changePlan(request)).toMatchObject({ subscriptionId: 'sub_erin_basic', ...expected });
    expect(await w.adapter.changePlan(request)).toMatchObject(expected);
    expect(w.chargeCount()).toBe(charges);
    // The subscription is where the bank step left it: a new quote starts from there.
    const next = await w.adapter.previewPlanChange({ subscriptionId: 'sub_erin_basic', productId: 'prod_plus_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(next.currentPlan.productId).toBe(nextFrom);
  });

  it('a declined charge does not move the plan: failed, nothing charged, still on the old plan', async () => {
    const w = await open('cardDeclined');
    const quote = () => w.adapter.previewPlanChange({ subscriptionId: 'sub_bob_pro', productId: 'prod_pro_monthly', quantity: 2, prorationMode: 'difference_immediately' });
    const preview = await quote();
    expect(preview.chargeToday.minor).toBeGreaterThan(0);
    const result = await w.adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: 'key-declined-change' });
    expect(result).toMatchObject({ status: 'failed', code: 'payment_declined', retryable: false });
    expect(w.chargeCount()).toBe(0);
    expect(await quote()).toMatchObject({ currentPlan: { productId: 'prod_pro_monthly' }, quantity: 2 });
  });

  it('a plan offer accepted with its suggested card (what UpsellModal sends) changes the plan; another card is refused before any charge', async () => {
    const w = await open('happyPath');
    const offer = offerFor(await w.adapter.getOffers({ placement: 'plan_limit' }), 'prod_pro_monthly');
    // It says what one click charges today (the difference, for the guide's plan offers).
    expect(offer).toMatchObject({ kind: 'plan_change', suggestedPaymentMethodId: 'pm_visa_4242', chargeToday: { minor: 5000, currency: 'USD' } });
    const other = await rejection(w.adapter.purchase({ offerToken: offer.token, paymentMethodId: 'pm_mc_3ds_3155', idempotencyKey: 'key-plan-other-card' }));
    expect(other.code).toBe('invalid_request');
    expect(w.chargeCount()).toBe(0);
    const result = await settle(w.adapter, await w.adapter.purchase({ offerToken: offer.token, paymentMethodId: offer.suggestedPaymentMethodId, idempotencyKey: 'key-plan-suggested' }));
    expect(result).toMatchObject({ status: 'succeeded', offerId: offer.id });
    expect(w.chargeCount()).toBe(1);
  });

  it('turns a Pro → Basic downgrade into a subscription credit, not a charge', async () => {
    const w = await open('cardDeclined');
    const preview = await w.adapter.previewPlanChange({ subscriptionId: 'sub_bob_pro', productId: 'prod_basic_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(preview).toMatchObject({ direction: 'downgrade', chargeToday: { minor: 0 }, credit: { minor: 5000, currency: 'USD' } });
  });

  it('Basic → Pro via offer, back to Basic, Pro offered again and bought again, one charge each time', async () => {
    const w = await open('happyPath');
    const first = offerFor(await w.adapter.getOffers({ placement: 'plan_limit' }), 'prod_pro_monthly');
    expect(first).toMatchObject({ id: 'basic_to_pro', kind: 'plan_change', subscriptionId: 'sub_alice_basic', currentPlan: { productId: 'prod_basic_monthly' } });
    const bought = await settle(w.adapter, await w.adapter.purchase({ offerToken: first.token, idempotencyKey: 'key-pro-first-01' }));
    expect(bought).toMatchObject({ status: 'succeeded', offerId: 'basic_to_pro', amount: { minor: 5000, currency: 'USD' } });
    // What the offer hooks record after a one-click accept.
    await w.adapter.recordOfferEvent({ offerId: first.id, event: 'accepted' });
    expect(w.chargeCount()).toBe(1);
    w.advanceClock(60_000);
    expect((await w.adapter.getOffers({ placement: 'plan_limit' })).map((o) => o.id)).not.toContain('basic_to_pro');

    // Back to Basic the way UpgradePreview does it: a credit, no charge.
    const down = await w.adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_basic_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(down).toMatchObject({ direction: 'downgrade', chargeToday: { minor: 0 } });
    expect(await w.adapter.changePlan({ quoteToken: down.quoteToken, idempotencyKey: 'key-back-to-basic' })).toMatchObject({
      status: 'succeeded',
      newPlan: { productId: 'prod_basic_monthly' },
    });
    expect(w.chargeCount()).toBe(1);
    w.advanceClock(60_000);

    const again = offerFor(await w.adapter.getOffers({ placement: 'plan_limit' }), 'prod_pro_monthly');
    expect(again).toMatchObject({ id: 'basic_to_pro', subscriptionId: 'sub_alice_basic', currentPlan: { productId: 'prod_basic_monthly' }, price: { minor: 8000 } });
    // A double click with two keys still charges once.
    const outcomes = await Promise.allSettled(
      ['key-pro-again-01', 'key-pro-again-02'].map((idempotencyKey) => w.adapter.purchase({ offerToken: again.token, idempotencyKey })),
    );
    const answered = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(answered).toHaveLength(1);
    for (const o of outcomes) if (o.status === 'rejected') expect(['already_purchased', 'offer_not_eligible']).toContain((o.reason as UpsellError).code);
    const rebought = await settle(w.adapter, answered[0]!);
    expect(rebought).toMatchObject({ status: 'succeeded', offerId: 'basic_to_pro', amount: { minor: 5000, currency: 'USD' } });
    expect(rebought.purchaseId).not.toBe(bought.purchaseId);
    expect(w.chargeCount()).toBe(2);
    // The first key still replays the first purchase; on Pro again, the offer is gone again.
    expect((await w.adapter.purchase({ offerToken: first.token, idempotencyKey: 'key-pro-first-01' })).purchaseId).toBe(bought.purchaseId);
    expect((await w.adapter.getOffers({ placement: 'plan_limit' })).map((o) => o.id)).not.toContain('basic_to_pro');
    expect(w.chargeCount()).toBe(2);
  });

  it('refuses a plan change while another is pending', async () => {
    const w = await open('planChangePending');
    const error = await rejection(
      w.adapter.previewPlanChange({ subscriptionId: 'sub_dave_plus', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' }),
    );
    expect(error.code).toBe('plan_change_pending');
  });

  it('refuses an expired quote and charges nothing', async () => {
    const w = await open('happyPath');
    const preview = await w.adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    w.advanceClock(60 * 60_000);
    const error = await rejection(w.adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: 'key-quote-expired' }));
    expect(error.code).toBe('quote_expired');
    expect(w.chargeCount()).toBe(0);
  });

  it('will not change a subscription that belongs to someone else', async () => {
    const w = await open('happyPath');
    const error = await rejection(
      w.adapter.previewPlanChange({ subscriptionId: 'sub_bob_pro', productId: 'prod_basic_monthly', quantity: 1, prorationMode: 'difference_immediately' }),
    );
    expect(error.code).toBe('not_found');
  });

  it('counts offer events into per-offer conversion', async () => {
    const { adapter } = await open('happyPath');
    const bundle = offerFor(await adapter.getOffers({ placement: 'post_purchase' }), 'prod_complete_bundle');
    await adapter.recordOfferEvent({ offerId: bundle.id, event: 'shown' });
    await adapter.recordOfferEvent({ offerId: bundle.id, event: 'shown' });
    await adapter.recordOfferEvent({ offerId: bundle.id, event: 'accepted' });
    const stats = (await adapter.getOfferStats()).find((s) => s.offerId === bundle.id);
    expect(stats).toMatchObject({ impressions: 2, accepts: 1, conversionRate: 0.5 });
  });
});
