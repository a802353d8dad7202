import { describe, expect, it } from 'vitest';
import { UpsellError } from '../../src/core/errors';
import type { UpsellErrorCode } from '../../src/core/errors';
import { money } from '../../src/core/money';
import type { Offer, Placement, ProrationMode, PurchaseResult } from '../../src/core/types';
import { createMemoryAdapter, fixtures } from '../../src/memory';
import type { FixtureName, MemoryAdapter, MemoryAdapterOptions } from '../../src/memory';

/** Halfway through the fixtures' billing period 2026-11-13 → 2026-12-13. */
const NOW = new Date('2026-11-28T00:00:00.000Z');
const PERIOD_END = '2026-12-13T00:00:00.000Z';
const MINUTE = 60_000;
const usd = (minor: number) => money(minor, 'USD');

interface World {
  adapter: MemoryAdapter;
  /** Moves the injected clock forward. */
  advance(ms: number): void;
}

function world(fixture: FixtureName = 'happyPath', options: MemoryAdapterOptions = {}): World {
  let clock = NOW.getTime();
  const adapter = createMemoryAdapter({ fixture, now: () => new Date(clock), autoCompleteActionMs: null, ...options });
  return {
    adapter,
    advance(ms) {
      clock += ms;
    },
  };
}

let keyCounter = 0;
/** A fresh idempotency key (8–128 characters). */
const newKey = () => `idem-key-${++keyCounter}-${Math.random().toString(36).slice(2)}`;

/** The error a promise rejects with; fails the test when it resolves or rejects with something else. */
async function rejectionOf(promise: Promise<unknown>): Promise<UpsellError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpsellError);
    return error as UpsellError;
  }
  throw new Error('expected the call to reject with an UpsellError, but it resolved');
}

async function expectCode(promise: Promise<unknown>, code: UpsellErrorCode): Promise<UpsellError> {
  const error = await rejectionOf(promise);
  expect(error.code).toBe(code);
  return error;
}

/** The offer with `id` at `placement`, top-level or embedded as a downsell. */
async function findOffer(adapter: MemoryAdapter, id: string, placement: Placement = 'post_purchase'): Promise<Offer> {
  const offers = await adapter.getOffers({ placement });
  for (const offer of offers) {
    if (offer.id === id) return offer;
    if (offer.downsell?.id === id) return offer.downsell;
  }
  throw new Error(`offer ${id} not found at ${placement}; got ${offers.map((o) => o.id).join(', ')}`);
}

/** The error code of an outcome, whether refused (thrown UpsellError) or returned as a failed result; else its status. */
async function outcomeOf(promise: Promise<{ status: string; code?: UpsellErrorCode }>): Promise<string> {
  try {
    const result = await promise;
    return result.status === 'failed' && result.code ? result.code : result.status;
  } catch (error) {
    expect(error).toBeInstanceOf(UpsellError);
    return (error as UpsellError).code;
  }
}

function expectSucceeded(result: PurchaseResult): Extract<PurchaseResult, { status: 'succeeded' }> {
  expect(result.status).toBe('succeeded');
  if (result.status !== 'succeeded') throw new Error('not succeeded');
  return result;
}

describe('fixtures', () => {
  it('every named fixture builds an adapter', () => {
    for (const name of Object.keys(fixtures) as FixtureName[]) {
      expect(() => createMemoryAdapter({ fixture: name }), name).not.toThrow();
    }
  });

  it('happyPath: Alice’s four cards are judged for one click', async () => {
    const { adapter } = world('happyPath');
    const methods = await adapter.listPaymentMethods({ currency: 'USD' });
    expect(methods.map((m) => [m.id, m.usable, m.unusableReason])).toEqual([
      ['pm_visa_4242', true, null],
      ['pm_mc_3ds_3155', true, null],
      ['pm_amex_expired_0005', false, 'expired'],
      ['pm_visa_norecur_1881', false, 'not_reusable'],
    ]);
    expect(methods[0]?.card).toMatchObject({ brand: 'Visa', last4: '4242', expMonth: 8, expYear: 2030 });
  });

  it('noSavedCard: no card to charge, so one click is refused and checkout is the way', async () => {
    const { adapter } = world('noSavedCard');
    expect(await adapter.listPaymentMethods()).toEqual([]);
    const offer = await findOffer(adapter, 'starter_to_bundle');
    expect(offer.suggestedPaymentMethodId).toBeNull();
    await expectCode(adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() }), 'payment_method_unusable');
    expect(await adapter.startCheckout({ offerToken: offer.token })).toEqual({
      url: 'https://checkout.example.invalid/checkout/starter_to_bundle',
    });
    expect(adapter.charges()).toEqual([]);
  });

  it('expiredCard: Carol’s only card is expired, so there is nothing to suggest and nothing is charged', async () => {
    const { adapter } = world('expiredCard');
    expect(await adapter.listPaymentMethods()).toEqual([
      expect.objectContaining({ id: 'pm_amex_expired_0005', usable: false, unusableReason: 'expired' }),
    ]);
    const offer = await findOffer(adapter, 'starter_to_bundle');
    expect(offer.suggestedPaymentMethodId).toBeNull();
    await expectCode(adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() }), 'payment_method_unusable');
    expect(adapter.charges()).toEqual([]);
  });

  it('currencyMismatch: Priya’s INR-only RuPay card cannot pay USD offers', async () => {
    const { adapter } = world('currencyMismatch');
    expect((await adapter.listPaymentMethods({ currency: 'USD' }))[0]).toMatchObject({
      id: 'pm_rupay_in_6011',
      usable: false,
      unusableReason: 'currency_mismatch',
    });
    expect((await adapter.listPaymentMethods({ currency: 'INR' }))[0]).toMatchObject({ usable: true, unusableReason: null });
    expect((await adapter.listPaymentMethods())[0]).toMatchObject({ usable: true });
    const offer = await findOffer(adapter, 'starter_to_bundle');
    expect(offer.price.currency).toBe('USD');
    expect(offer.suggestedPaymentMethodId).toBeNull();
  });

  it('requiresAction: Erin’s card asks for 3-D Secure', async () => {
    const { adapter } = world('requiresAction');
    const offer = await findOffer(adapter, 'starter_to_bundle');
    expect(offer.suggestedPaymentMethodId).toBe('pm_mc_3ds_3155');
    const result = await adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() });
    expect(result).toMatchObject({ status: 'requires_action', offerId: 'starter_to_bundle' });
  });

  it('cardDeclined: Bob’s card is declined', async () => {
    const { adapter } = world('cardDeclined');
    const offer = await findOffer(adapter, 'starter_to_bundle');
    expect(offer.suggestedPaymentMethodId).toBe('pm_visa_declined_0002');
    const result = await adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() });
    expect(result).toMatchObject({ status: 'failed', code: 'payment_declined' });
  });

  it('withDownsell: every upsell carries its cheaper downsell', async () => {
    const { adapter } = world('withDownsell');
    const offers = await adapter.getOffers({ placement: 'post_purchase' });
    const upsells = offers.filter((o) => o.downsell !== null);
    expect(upsells.map((o) => [o.id, o.downsell?.id])).toEqual([
      ['basic_to_pro', 'basic_to_plus'],
      ['starter_to_bundle', 'starter_to_module'],
      ['single_to_team', 'single_to_duo'],
    ]);
  });

  it('planChangePending: Dave’s subscription already has a change in flight', async () => {
    const { adapter } = world('planChangePending');
    const error = await expectCode(
      adapter.previewPlanChange({ subscriptionId: 'sub_dave_plus', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' }),
      'plan_change_pending',
    );
    expect(error.retryable).toBe(true);
  });

  it('quoteExpired: a quote expires the moment it is made', async () => {
    const { adapter } = world('quoteExpired');
    const preview = await adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(preview.quoteExpiresAt).toBe(NOW.toISOString());
    await expectCode(adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() }), 'quote_expired');
  });

  it('noOffers: the post-purchase placement has nothing to offer', async () => {
    const { adapter } = world('noOffers');
    expect(await adapter.getOffers({ placement: 'post_purchase' })).toEqual([]);
  });

  it('loading: a call never answers', async () => {
    const { adapter } = world('loading');
    let settled = false;
    void adapter.getOffers({ placement: 'post_purchase' }).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(settled).toBe(false);
    expect(adapter.calls('getOffers')).toBe(1);
  });

  it('networkError: every method fails with a retryable network error', async () => {
    const { adapter } = world('networkError');
    const calls: Array<Promise<unknown>> = [
      adapter.listPaymentMethods(),
      adapter.getOffers({ placement: 'post_purchase' }),
      adapter.purchase({ offerToken: 'memtok_x', idempotencyKey: newKey() }),
      adapter.getPurchase('pur_mem_1'),
      adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' }),
      adapter.changePlan({ quoteToken: 'memquote_1', idempotencyKey: newKey() }),
      adapter.startCheckout({ offerToken: 'memtok_x' }),
      adapter.recordOfferEvent({ offerId: 'basic_to_pro', event: 'shown' }),
      adapter.getOfferStats(),
    ];
    for (const call of calls) {
      const error = await expectCode(call, 'network');
      expect(error.retryable).toBe(true);
    }
    expect(adapter.events()).toEqual([]);
  });

  it('withHistory: per-offer stats with conversion, and accepted or declined offers are not offered again', async () => {
    const { adapter } = world('withHistory');
    const stats = await adapter.getOfferStats();
    expect(stats).toEqual([
      { offerId: 'starter_to_bundle', impressions: 40, accepts: 9, declines: 22, dismissals: 0, failures: 0, conversionRate: 9 / 40 },
      { offerId: 'basic_to_pro', impressions: 25, accepts: 8, declines: 12, dismissals: 0, failures: 0, conversionRate: 8 / 25 },
      { offerId: 'cross_priority_support', impressions: 18, accepts: 3, declines: 0, dismissals: 2, failures: 0, conversionRate: 3 / 18 },
    ]);
    const offers = await adapter.getOffers({ placement: 'post_purchase' });
    expect(offers.map((o) => o.id)).toEqual(['single_to_team']);
  });
});

describe('offers', () => {
  it('post_purchase offers the guide’s three pairs, each with its downsell embedded', async () => {
    const { adapter } = world('happyPath');
    const offers = await adapter.getOffers({ placement: 'post_purchase' });
    expect(offers.map((o) => [o.id, o.kind, o.product.id, o.price.minor, o.declineTo])).toEqual([
      ['basic_to_pro', 'plan_change', 'prod_pro_monthly', 8000, 'basic_to_plus'],
      ['starter_to_bundle', 'upsell', 'prod_complete_bundle', 14900, 'starter_to_module'],
      ['single_to_team', 'upsell', 'prod_team_license', 39900, 'single_to_duo'],
    ]);
    for (const offer of offers) {
      expect(offer.downsell?.id ?? null).toBe(offer.declineTo);
      expect(offer.placement).toBe('post_purchase');
      expect(offer.expiresAt).toBe(new Date(NOW.getTime() + 15 * MINUTE).toISOString());
      expect(offer.token).toEqual(expect.any(String));
      expect(offer.suggestedPaymentMethodId).toBe('pm_visa_4242');
    }
    const [pro, bundle, team] = offers;
    expect(pro).toMatchObject({
      badges: ['most_popular'],
      interval: 'month',
      subscriptionId: 'sub_alice_basic',
      currentPlan: { productId: 'prod_basic_monthly', price: usd(3000) },
    });
    expect(pro?.downsell).toMatchObject({ kind: 'downsell', product: { id: 'prod_plus_monthly' }, price: usd(5000), downsell: null });
    expect(bundle).toMatchObject({ compareAtPrice: usd(19700), badges: ['best_value'], interval: null, currentPlan: null });
    expect(bundle?.downsell).toMatchObject({ product: { id: 'prod_advanced_module' }, price: usd(7900) });
    expect(team?.downsell).toMatchObject({ product: { id: 'prod_duo_license' }, price: usd(17900), compareAtPrice: usd(19800) });
    // Every token is distinct, downsells included.
    const tokens = offers.flatMap((o) => [o.token, ...(o.downsell ? [o.downsell.token] : [])]);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('checkout offers the cross-sells; the account page offers the other rungs of the plan ladder', async () => {
    const { adapter } = world('happyPath');
    expect((await adapter.getOffers({ placement: 'checkout' })).map((o) => o.id)).toEqual(['cross_priority_support', 'cross_templates_pack']);
    const ladder = await adapter.getOffers({ placement: 'account' });
    expect(ladder.map((o) => [o.id, o.kind, o.badges])).toEqual([
      ['plan:prod_plus_monthly', 'plan_change', []],
      ['plan:prod_pro_monthly', 'plan_change', ['most_popular']],
    ]);
  });

  it('a declined offer is never offered again', async () => {
    const { adapter } = world('withDownsell');
    await adapter.recordOfferEvent({ offerId: 'starter_to_bundle', event: 'declined' });
    const ids = (await adapter.getOffers({ placement: 'post_purchase' })).map((o) => o.id);
    expect(ids).not.toContain('starter_to_bundle');
    expect(ids).toContain('single_to_team');
  });

  it('after a decline, the embedded downsell can be bought in one click', async () => {
    const { adapter } = world('withDownsell');
    const bundle = await findOffer(adapter, 'starter_to_bundle');
    await adapter.recordOfferEvent({ offerId: bundle.id, event: 'declined' });
    const downsell = bundle.downsell;
    if (!downsell) throw new Error('no downsell');
    const result = expectSucceeded(await adapter.purchase({ offerToken: downsell.token, idempotencyKey: newKey() }));
    expect(result).toMatchObject({ offerId: 'starter_to_module', amount: usd(7900) });
    expect(adapter.charges()).toEqual([{ id: result.purchaseId, offerId: 'starter_to_module', amount: usd(7900), paymentMethodId: 'pm_visa_4242' }]);
  });

  it('startCheckout refuses a token it never issued', async () => {
    const { adapter } = world();
    await expectCode(adapter.startCheckout({ offerToken: 'forged' }), 'invalid_request');
  });
});

describe('one-click purchase', () => {
  it('charges the suggested card once and records the purchase', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const result = expectSucceeded(await adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() }));
    expect(result).toMatchObject({ offerId: 'starter_to_bundle', amount: usd(14900) });
    expect(result.paymentId).toEqual(expect.any(String));
    expect(adapter.charges()).toEqual([{ id: result.purchaseId, offerId: 'starter_to_bundle', amount: usd(14900), paymentMethodId: 'pm_visa_4242' }]);
    expect(await adapter.getPurchase(result.purchaseId)).toEqual(result);
    // Bought: no longer offered.
    expect((await adapter.getOffers({ placement: 'post_purchase' })).map((o) => o.id)).not.toContain('starter_to_bundle');
  });

  it('a one-click plan upgrade charges the difference, like Dodo’s $30 → $80 = $50, and moves the plan', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'basic_to_pro');
    const result = expectSucceeded(await adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() }));
    expect(result.amount).toEqual(usd(5000));
    expect(adapter.charges().map((c) => c.amount)).toEqual([usd(5000)]);
    const preview = await adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_basic_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(preview.currentPlan.productId).toBe('prod_pro_monthly');
  });

  it('a one-click plan upgrade is refused with plan_change_pending while another change is pending, and charges nothing', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'basic_to_pro');
    adapter.setPendingChange(true);
    expect(await outcomeOf(adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() }))).toBe('plan_change_pending');
    expect(adapter.charges()).toEqual([]);
    adapter.setPendingChange(false);
    const preview = await adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(preview.currentPlan.productId).toBe('prod_basic_monthly');
  });

  it('an old Basic → Pro offer is not "bought" again once the customer is already on Pro', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'basic_to_pro');
    const preview = await adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    await adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() });
    // The server re-derives eligibility at purchase time (DESIGN §5): Pro is already hers.
    expect(['already_purchased', 'offer_not_eligible']).toContain(await outcomeOf(adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() })));
    expect(adapter.charges()).toHaveLength(1);
  });

  it('a plan upgrade holds its offer while 3-D Secure is pending and while on Pro; after a downgrade it is offered and bought again', async () => {
    // Erin: her subscription's card asks for 3-D Secure, and a plan change is charged to it.
    const { adapter, advance } = world('requiresAction');
    const settled = async (promise: Promise<PurchaseResult>): Promise<PurchaseResult> => {
      const result = await promise;
      if (result.status !== 'requires_action') return result;
      adapter.completeAction(result.purchaseId);
      return adapter.getPurchase(result.purchaseId);
    };
    const offer = await findOffer(adapter, 'basic_to_pro');
    expect(await outcomeOf(adapter.purchase({ offerToken: offer.token, paymentMethodId: 'pm_visa_4242', idempotencyKey: newKey() }))).toBe('invalid_request');
    const pending = await adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() });
    if (pending.status !== 'requires_action') throw new Error(`expected requires_action, got ${pending.status}`);
    // In flight: the subscription is still on Basic, yet the offer is taken.
    expect(await outcomeOf(adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() }))).toBe('already_purchased');
    expect((await adapter.getOffers({ placement: 'post_purchase' })).map((o) => o.id)).not.toContain('basic_to_pro');
    adapter.completeAction(pending.purchaseId);
    expect(adapter.charges()).toHaveLength(1);
    await adapter.recordOfferEvent({ offerId: 'basic_to_pro', event: 'accepted' });

    advance(MINUTE);
    const down = await adapter.previewPlanChange({ subscriptionId: 'sub_erin_basic', productId: 'prod_basic_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    await adapter.changePlan({ quoteToken: down.quoteToken, idempotencyKey: newKey() });
    advance(MINUTE);
    const again = await findOffer(adapter, 'basic_to_pro');
    expect(again.currentPlan?.productId).toBe('prod_basic_monthly');
    expect(expectSucceeded(await settled(adapter.purchase({ offerToken: again.token, idempotencyKey: newKey() }))).amount).toEqual(usd(5000));
    expect(adapter.charges().map((c) => c.amount)).toEqual([usd(5000), usd(5000)]);
    // A one-time offer stays bought.
    const bundle = await findOffer(adapter, 'starter_to_bundle');
    expectSucceeded(await settled(adapter.purchase({ offerToken: bundle.token, idempotencyKey: newKey() })));
    expect(await outcomeOf(adapter.purchase({ offerToken: bundle.token, idempotencyKey: newKey() }))).toBe('already_purchased');
  });

  it('the same idempotency key returns the same result and charges once', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const key = newKey();
    const first = await adapter.purchase({ offerToken: offer.token, idempotencyKey: key });
    const second = await adapter.purchase({ offerToken: offer.token, idempotencyKey: key });
    expect(second).toEqual(first);
    expect(adapter.charges()).toHaveLength(1);
  });

  it('50 concurrent duplicates with one key charge once and all get the first result', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 50 }, () => adapter.purchase({ offerToken: offer.token, idempotencyKey: key })));
    const first = expectSucceeded(results[0] as PurchaseResult);
    for (const result of results) expect(result).toEqual(first);
    expect(adapter.charges()).toHaveLength(1);
    expect(adapter.calls('purchase')).toBe(50);
  });

  it('50 concurrent duplicates with one key also charge once when the calls take time', async () => {
    const { adapter } = world('happyPath', { latencyMs: 5 });
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 50 }, () => adapter.purchase({ offerToken: offer.token, idempotencyKey: key })));
    expect(new Set(results.map((r) => r.purchaseId)).size).toBe(1);
    expect(adapter.charges()).toHaveLength(1);
  });

  it('50 concurrent accepts of one offer with different keys: one charge, the rest already_purchased', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const settled = await Promise.allSettled(
      Array.from({ length: 50 }, () => adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() })),
    );
    const fulfilled = settled.filter((s): s is PromiseFulfilledResult<PurchaseResult> => s.status === 'fulfilled');
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]?.value.status).toBe('succeeded');
    expect(rejected).toHaveLength(49);
    for (const r of rejected) expect(r.reason).toMatchObject({ name: 'UpsellError', code: 'already_purchased' });
    expect(adapter.charges()).toHaveLength(1);
  });

  it('refuses a key reused for a different request with invalid_request, and charges nothing more', async () => {
    const { adapter } = world();
    const bundle = await findOffer(adapter, 'starter_to_bundle');
    const team = await findOffer(adapter, 'single_to_team');
    const key = newKey();
    await adapter.purchase({ offerToken: bundle.token, idempotencyKey: key });
    await expectCode(adapter.purchase({ offerToken: team.token, idempotencyKey: key }), 'invalid_request');
    await expectCode(adapter.purchase({ offerToken: bundle.token, paymentMethodId: 'pm_mc_3ds_3155', idempotencyKey: key }), 'invalid_request');
    expect(adapter.charges()).toHaveLength(1);
  });

  it.each([
    ['missing', undefined],
    ['too short', 'short'],
    ['too long', 'k'.repeat(129)],
  ])('refuses an idempotency key that is %s', async (_label, key) => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'starter_to_bundle');
    await expectCode(adapter.purchase({ offerToken: offer.token, idempotencyKey: key as unknown as string }), 'invalid_request');
    expect(adapter.charges()).toEqual([]);
  });

  it('a refusal before any charge frees the key, so the corrected intent goes through', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const key = newKey();
    await expectCode(adapter.purchase({ offerToken: offer.token, paymentMethodId: 'pm_amex_expired_0005', idempotencyKey: key }), 'payment_method_unusable');
    const result = await adapter.purchase({ offerToken: offer.token, paymentMethodId: 'pm_visa_4242', idempotencyKey: key });
    expect(result.status).toBe('succeeded');
    expect(adapter.charges()).toHaveLength(1);
  });

  it('3-D Secure: requires_action, then the bank settles it and getPurchase reports success', async () => {
    const { adapter } = world('requiresAction');
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const result = await adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() });
    if (result.status !== 'requires_action') throw new Error(`expected requires_action, got ${result.status}`);
    expect(result.actionUrl).toBe(`https://checkout.example.invalid/action/${result.purchaseId}`);
    expect(adapter.charges()).toEqual([]);
    expect(await adapter.getPurchase(result.purchaseId)).toMatchObject({ status: 'requires_action' });

    adapter.completeAction(result.purchaseId);
    expect(await adapter.getPurchase(result.purchaseId)).toMatchObject({ status: 'succeeded', purchaseId: result.purchaseId, amount: usd(14900) });
    expect(adapter.charges()).toEqual([{ id: result.purchaseId, offerId: 'starter_to_bundle', amount: usd(14900), paymentMethodId: 'pm_mc_3ds_3155' }]);

    // Completing twice changes nothing.
    adapter.completeAction(result.purchaseId);
    expect(adapter.charges()).toHaveLength(1);
  });

  it('3-D Secure that the customer fails: failed with a fallback, no charge, and the offer can be tried again', async () => {
    const { adapter } = world('requiresAction');
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const result = await adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() });
    adapter.completeAction(result.purchaseId as string, 'failed');
    expect(await adapter.getPurchase(result.purchaseId as string)).toMatchObject({
      status: 'failed',
      code: 'payment_declined',
      fallbackCheckoutUrl: 'https://checkout.example.invalid/checkout/starter_to_bundle',
    });
    expect(adapter.charges()).toEqual([]);
    const again = await adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() });
    expect(again.status).toBe('requires_action');
  });

  it('a declined card: failed with payment_declined and a fallback checkout, nothing charged, and the same key does not retry', async () => {
    const { adapter } = world('cardDeclined');
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const key = newKey();
    const result = await adapter.purchase({ offerToken: offer.token, idempotencyKey: key });
    expect(result).toEqual({
      status: 'failed',
      purchaseId: expect.any(String),
      offerId: 'starter_to_bundle',
      code: 'payment_declined',
      message: expect.any(String),
      fallbackCheckoutUrl: 'https://checkout.example.invalid/checkout/starter_to_bundle',
      retryable: false,
    });
    expect(adapter.charges()).toEqual([]);
    expect(await adapter.getPurchase(result.purchaseId as string)).toEqual(result);
    expect(await adapter.purchase({ offerToken: offer.token, idempotencyKey: key })).toEqual(result);
    expect(adapter.charges()).toEqual([]);
  });

  it.each([
    ['an expired card', 'happyPath', 'pm_amex_expired_0005', /expired/],
    ['a card that may not be charged off-session', 'happyPath', 'pm_visa_norecur_1881', /not_reusable/],
    ['an INR-only card for a USD offer', 'currencyMismatch', 'pm_rupay_in_6011', /currency_mismatch/],
  ] as const)('refuses %s chosen explicitly with payment_method_unusable', async (_label, fixture, paymentMethodId, reason) => {
    const { adapter } = world(fixture);
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const error = await expectCode(adapter.purchase({ offerToken: offer.token, paymentMethodId, idempotencyKey: newKey() }), 'payment_method_unusable');
    expect(error.message).toMatch(reason);
    expect(adapter.charges()).toEqual([]);
  });

  it('refuses a payment method that is unknown or someone else’s with not_found', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'starter_to_bundle');
    await expectCode(adapter.purchase({ offerToken: offer.token, paymentMethodId: 'pm_nope', idempotencyKey: newKey() }), 'not_found');
    // Bob's card: it exists, but not for Alice.
    await expectCode(adapter.purchase({ offerToken: offer.token, paymentMethodId: 'pm_visa_declined_0002', idempotencyKey: newKey() }), 'not_found');
    expect(adapter.charges()).toEqual([]);
  });

  it('refuses a token it never issued with invalid_request', async () => {
    const { adapter } = world();
    await expectCode(adapter.purchase({ offerToken: 'memtok_forged_1', idempotencyKey: newKey() }), 'invalid_request');
  });

  it('refuses with price_changed when the price moved after the offer, and never charges a different amount silently', async () => {
    const { adapter } = world();
    const offer = await findOffer(adapter, 'starter_to_bundle');
    adapter.setProductPrice('prod_complete_bundle', 15900);
    await expectCode(adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() }), 'price_changed');
    expect(adapter.charges()).toEqual([]);
    const fresh = await findOffer(adapter, 'starter_to_bundle');
    expect(fresh.price).toEqual(usd(15900));
    const result = expectSucceeded(await adapter.purchase({ offerToken: fresh.token, idempotencyKey: newKey() }));
    expect(result.amount).toEqual(usd(15900));
  });

  it('refuses with offer_expired once the token’s 15 minutes are over', async () => {
    const early = world();
    const offer = await findOffer(early.adapter, 'starter_to_bundle');
    early.advance(15 * MINUTE - 1);
    expect((await early.adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() })).status).toBe('succeeded');

    const late = world();
    const lateOffer = await findOffer(late.adapter, 'starter_to_bundle');
    late.advance(15 * MINUTE);
    await expectCode(late.adapter.purchase({ offerToken: lateOffer.token, idempotencyKey: newKey() }), 'offer_expired');
    expect(late.adapter.charges()).toEqual([]);
  });

  it('getPurchase of an unknown id is not_found', async () => {
    const { adapter } = world();
    await expectCode(adapter.getPurchase('pur_unknown'), 'not_found');
  });
});

describe('plan changes', () => {
  const aliceToPro = (prorationMode: ProrationMode, quantity = 1) => ({
    subscriptionId: 'sub_alice_basic',
    productId: 'prod_pro_monthly',
    quantity,
    prorationMode,
  });

  it.each<[ProrationMode, number]>([
    ['prorated_immediately', 2500], // half of the $50 difference: halfway through the period
    ['difference_immediately', 5000], // Dodo's example: $30 → $80 charges $50
    ['full_immediately', 8000],
    ['do_not_bill', 0],
  ])('previews Basic → Pro with %s halfway through the period: charge %i today', async (mode, charge) => {
    const { adapter } = world();
    const preview = await adapter.previewPlanChange(aliceToPro(mode));
    expect(preview).toMatchObject({
      subscriptionId: 'sub_alice_basic',
      currentPlan: { productId: 'prod_basic_monthly', name: 'Basic plan', price: usd(3000), interval: 'month' },
      newPlan: { productId: 'prod_pro_monthly', name: 'Pro plan', price: usd(8000), interval: 'month' },
      quantity: 1,
      prorationMode: mode,
      direction: 'upgrade',
      chargeToday: usd(charge),
      credit: usd(0),
      newRecurringPrice: usd(8000),
      effectiveAt: NOW.toISOString(),
      nextBillingAt: PERIOD_END,
      quoteExpiresAt: new Date(NOW.getTime() + 5 * MINUTE).toISOString(),
    });
    expect(preview.lineItems).toEqual(charge > 0 ? [{ description: expect.stringContaining('Pro plan'), amount: usd(charge) }] : []);
  });

  it('previews Basic → Pro × 2 seats', async () => {
    const { adapter } = world();
    const preview = await adapter.previewPlanChange(aliceToPro('difference_immediately', 2));
    expect(preview.chargeToday).toEqual(usd(13000));
    expect(preview.newRecurringPrice).toEqual(usd(16000));
  });

  it.each<[ProrationMode, number]>([
    ['difference_immediately', 5000],
    ['prorated_immediately', 2500],
  ])('Bob’s downgrade Pro → Basic with %s gives a %i credit and charges nothing', async (mode, credit) => {
    const { adapter } = world('cardDeclined');
    const preview = await adapter.previewPlanChange({ subscriptionId: 'sub_bob_pro', productId: 'prod_basic_monthly', quantity: 1, prorationMode: mode });
    expect(preview).toMatchObject({ direction: 'downgrade', chargeToday: usd(0), credit: usd(credit), newRecurringPrice: usd(3000) });
    expect(preview.lineItems).toEqual([{ description: expect.stringContaining('Pro plan'), amount: usd(-credit) }]);
    const result = await adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() });
    expect(result).toMatchObject({ status: 'succeeded', chargedToday: usd(0), credit: usd(credit), newPlan: { productId: 'prod_basic_monthly' } });
    expect(adapter.charges()).toEqual([]);
  });

  it('changePlan executes the quote, charges the saved card once, and is idempotent', async () => {
    const { adapter } = world();
    const preview = await adapter.previewPlanChange(aliceToPro('difference_immediately'));
    const key = newKey();
    const result = await adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: key });
    expect(result).toEqual({
      status: 'succeeded',
      subscriptionId: 'sub_alice_basic',
      newPlan: preview.newPlan,
      quantity: 1,
      chargedToday: usd(5000),
      credit: usd(0),
      effectiveAt: NOW.toISOString(),
    });
    expect(await adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: key })).toEqual(result);
    expect(adapter.charges()).toEqual([{ id: expect.any(String), offerId: 'sub_alice_basic', amount: usd(5000), paymentMethodId: 'pm_visa_4242' }]);

    // The plan moved: the next quote starts from Pro.
    const next = await adapter.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_basic_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(next.currentPlan.productId).toBe('prod_pro_monthly');
  });

  it('a used quote cannot be replayed with a new key', async () => {
    const { adapter } = world();
    const preview = await adapter.previewPlanChange(aliceToPro('difference_immediately'));
    await adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() });
    await expectCode(adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() }), 'invalid_request');
    expect(adapter.charges()).toHaveLength(1);
  });

  it('50 concurrent duplicate changePlan calls with one key charge once', async () => {
    const { adapter } = world();
    const preview = await adapter.previewPlanChange(aliceToPro('full_immediately'));
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 50 }, () => adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: key })));
    for (const result of results) expect(result).toEqual(results[0]);
    expect(adapter.charges()).toHaveLength(1);
  });

  it('refuses a changePlan key reused for another quote', async () => {
    const { adapter } = world();
    const first = await adapter.previewPlanChange(aliceToPro('difference_immediately'));
    const second = await adapter.previewPlanChange(aliceToPro('full_immediately'));
    const key = newKey();
    await adapter.changePlan({ quoteToken: first.quoteToken, idempotencyKey: key });
    await expectCode(adapter.changePlan({ quoteToken: second.quoteToken, idempotencyKey: key }), 'invalid_request');
  });

  it('an expired quote is refused with quote_expired, charges nothing and leaves the plan alone', async () => {
    const { adapter, advance } = world();
    const preview = await adapter.previewPlanChange(aliceToPro('difference_immediately'));
    advance(5 * MINUTE);
    const error = await expectCode(adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() }), 'quote_expired');
    // Not retryable unchanged: the same quote stays expired; the hook previews again instead.
    expect(error.retryable).toBe(false);
    expect(adapter.charges()).toEqual([]);
    const again = await adapter.previewPlanChange(aliceToPro('difference_immediately'));
    expect(again.currentPlan.productId).toBe('prod_basic_monthly');
  });

  it('quoteExpired fixture: changePlan answers quote_expired and charges nothing', async () => {
    const { adapter } = world('quoteExpired');
    const preview = await adapter.previewPlanChange(aliceToPro('prorated_immediately'));
    await expectCode(adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() }), 'quote_expired');
    expect(adapter.charges()).toEqual([]);
  });

  it('a change pending between preview and confirm is refused with plan_change_pending', async () => {
    const { adapter } = world();
    const preview = await adapter.previewPlanChange(aliceToPro('difference_immediately'));
    adapter.setPendingChange(true);
    await expectCode(adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() }), 'plan_change_pending');
    await expectCode(adapter.previewPlanChange(aliceToPro('difference_immediately')), 'plan_change_pending');
    adapter.setPendingChange(false);
    expect((await adapter.previewPlanChange(aliceToPro('difference_immediately'))).chargeToday).toEqual(usd(5000));
    expect(adapter.charges()).toEqual([]);
  });

  it('planChangePending fixture: preview works once the pending change clears', async () => {
    const { adapter } = world('planChangePending');
    adapter.setPendingChange(false);
    const preview = await adapter.previewPlanChange({ subscriptionId: 'sub_dave_plus', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(preview.chargeToday).toEqual(usd(3000));
  });

  it('refuses someone else’s subscription, a product off the ladder and a bad quantity', async () => {
    const { adapter } = world();
    await expectCode(adapter.previewPlanChange({ ...aliceToPro('difference_immediately'), subscriptionId: 'sub_bob_pro' }), 'not_found');
    await expectCode(adapter.previewPlanChange({ ...aliceToPro('difference_immediately'), productId: 'prod_complete_bundle' }), 'offer_not_eligible');
    for (const quantity of [0, -1, 1.5, 1001]) {
      await expectCode(adapter.previewPlanChange(aliceToPro('difference_immediately', quantity)), 'invalid_request');
    }
  });

  it('a forged quote token is refused with invalid_request', async () => {
    const { adapter } = world();
    await expectCode(adapter.changePlan({ quoteToken: 'memquote_999', idempotencyKey: newKey() }), 'invalid_request');
  });

  it('does not charge, or change the plan, when the customer has no payment method (Dave upgrading Plus → Pro)', async () => {
    const { adapter } = world('planChangePending');
    adapter.setPendingChange(false);
    const preview = await adapter.previewPlanChange({ subscriptionId: 'sub_dave_plus', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(preview.chargeToday).toEqual(usd(3000));
    expect(await outcomeOf(adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() }))).not.toBe('succeeded');
    expect(adapter.charges()).toEqual([]);
    const after = await adapter.previewPlanChange({ subscriptionId: 'sub_dave_plus', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(after.currentPlan.productId).toBe('prod_plus_monthly');
  });

  it('never records money moved on a declined card: Bob adding a second Pro seat', async () => {
    // Bob's only card is declined on every charge; the sandbox settles such a charge as failed.
    const { adapter } = world('cardDeclined');
    const preview = await adapter.previewPlanChange({ subscriptionId: 'sub_bob_pro', productId: 'prod_pro_monthly', quantity: 2, prorationMode: 'difference_immediately' });
    expect(preview.chargeToday).toEqual(usd(8000));
    await adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() }).catch(() => undefined);
    expect(adapter.charges().filter((c) => c.paymentMethodId === 'pm_visa_declined_0002')).toEqual([]);
  });
});

describe('aborting, events, failures and reset', () => {
  it('an AbortSignal rejects a pending call (loading fixture)', async () => {
    const { adapter } = world('loading');
    const controller = new AbortController();
    const pending = adapter.getOffers({ placement: 'post_purchase' }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('an already aborted signal rejects at once, with the caller’s reason', async () => {
    const { adapter } = world('loading');
    const reason = new Error('navigated away');
    await expect(adapter.listPaymentMethods(undefined, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('an aborted purchase charges nothing', async () => {
    const { adapter } = world('happyPath', { latencyMs: 50 });
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const controller = new AbortController();
    const pending = adapter.purchase({ offerToken: offer.token, idempotencyKey: newKey() }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(adapter.charges()).toEqual([]);
  });

  it('records offer events with the injected time and reports conversion', async () => {
    const { adapter } = world('noOffers');
    await adapter.recordOfferEvent({ offerId: 'basic_to_pro', event: 'shown' });
    await adapter.recordOfferEvent({ offerId: 'basic_to_pro', event: 'shown' });
    await adapter.recordOfferEvent({ offerId: 'basic_to_pro', event: 'accepted' });
    await adapter.recordOfferEvent({ offerId: 'starter_to_bundle', event: 'shown' });
    await adapter.recordOfferEvent({ offerId: 'starter_to_bundle', event: 'failed' });
    expect(adapter.events()[0]).toEqual({ offerId: 'basic_to_pro', event: 'shown', at: NOW.toISOString() });
    expect(adapter.events()).toHaveLength(5);
    expect(await adapter.getOfferStats()).toEqual([
      { offerId: 'basic_to_pro', impressions: 2, accepts: 1, declines: 0, dismissals: 0, failures: 0, conversionRate: 0.5 },
      { offerId: 'starter_to_bundle', impressions: 1, accepts: 0, declines: 0, dismissals: 0, failures: 1, conversionRate: 0 },
    ]);
  });

  it('the failures option throws the given code the given number of times, then recovers', async () => {
    const { adapter } = world('happyPath', { failures: { getOffers: { code: 'rate_limited', times: 2 }, listPaymentMethods: { code: 'upstream' } } });
    const first = await expectCode(adapter.getOffers({ placement: 'post_purchase' }), 'rate_limited');
    expect(first.retryable).toBe(true);
    await expectCode(adapter.getOffers({ placement: 'post_purchase' }), 'rate_limited');
    expect((await adapter.getOffers({ placement: 'post_purchase' })).length).toBeGreaterThan(0);
    // `times` defaults to once.
    await expectCode(adapter.listPaymentMethods(), 'upstream');
    expect(await adapter.listPaymentMethods()).toHaveLength(4);
    expect(adapter.calls('getOffers')).toBe(3);
    expect(adapter.calls('listPaymentMethods')).toBe(2);
    expect(adapter.calls()).toBe(5);
  });

  it('an injected purchase failure charges nothing', async () => {
    const { adapter } = world('happyPath', { failures: { purchase: { code: 'network' } } });
    const offer = await findOffer(adapter, 'starter_to_bundle');
    const key = newKey();
    await expectCode(adapter.purchase({ offerToken: offer.token, idempotencyKey: key }), 'network');
    expect(adapter.charges()).toEqual([]);
    expect((await adapter.purchase({ offerToken: offer.token, idempotencyKey: key })).status).toBe('succeeded');
    expect(adapter.charges()).toHaveLength(1);
  });

  it('reset() restores the fixture: charges, events, prices, plan, pending flag and issued tokens', async () => {
    const { adapter } = world('withHistory');
    const initialStats = await adapter.getOfferStats();
    const team = await findOffer(adapter, 'single_to_team');
    await adapter.purchase({ offerToken: team.token, idempotencyKey: newKey() });
    await adapter.recordOfferEvent({ offerId: 'single_to_team', event: 'accepted' });
    adapter.setProductPrice('prod_team_license', 1);
    const preview = await adapter.previewPlanChange(
      { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' },
    );
    await adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() });
    adapter.setPendingChange(true);
    expect(adapter.charges()).toHaveLength(2);

    adapter.reset();

    // Tokens issued before the reset are forgotten.
    await expectCode(adapter.purchase({ offerToken: team.token, idempotencyKey: newKey() }), 'invalid_request');
    expect(adapter.charges()).toEqual([]);
    expect(adapter.events()).toEqual(fixtures.withHistory.events);
    expect(await adapter.getOfferStats()).toEqual(initialStats);
    const offers = await adapter.getOffers({ placement: 'post_purchase' });
    expect(offers.map((o) => [o.id, o.price.minor])).toEqual([['single_to_team', 39900]]);
    const fresh = await adapter.previewPlanChange(
      { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' },
    );
    // Back on Basic, and no longer pending (a pending change would refuse the preview).
    expect(fresh.currentPlan.productId).toBe('prod_basic_monthly');
  });

  it('adapters built from the same fixture do not share state', async () => {
    const one = world().adapter;
    const two = world().adapter;
    const preview = await one.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    await one.changePlan({ quoteToken: preview.quoteToken, idempotencyKey: newKey() });
    one.setProductPrice('prod_complete_bundle', 100);
    const other = await two.previewPlanChange({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' });
    expect(other.currentPlan.productId).toBe('prod_basic_monthly');
    expect((await findOffer(two, 'starter_to_bundle')).price).toEqual(usd(14900));
    expect(two.charges()).toEqual([]);
  });
});
