/**
 * The read side and the gate: payment methods, offers, fallback checkout, offer events and
 * stats, and what every request meets first (routing, Origin, authentication, body limits).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GUIDE_OFFER_RULES } from '../../src/server/index';
import type { OfferRulesConfig } from '../../src/server/index';
import { buyAtDodo, errorCode, grantOwnership, obj, offersOf, SHOP_ORIGIN, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
});

const ids = (body: unknown): string[] => offersOf(body).map((offer) => String(offer['id']));

describe('GET /payment-methods', () => {
  it('maps Dodo’s saved methods and judges each with the core rules', async () => {
    const response = await h.call('GET', '/payment-methods?currency=USD');
    expect(response.status).toBe(200);
    const methods = (obj(response.body)['paymentMethods'] as unknown[]).map(obj);
    const byId = new Map(methods.map((method) => [method['id'], method]));
    expect(obj(byId.get('pm_visa_4242'))).toMatchObject({ usable: true, unusableReason: null, card: { last4: '4242', expMonth: 8, expYear: 2030 } });
    expect(obj(byId.get('pm_amex_expired_0005'))).toMatchObject({ usable: false, unusableReason: 'expired', card: { expMonth: 1, expYear: 2025 } });
    expect(obj(byId.get('pm_visa_norecur_1881'))).toMatchObject({ usable: false, unusableReason: 'not_reusable' });
    expect(obj(byId.get('pm_mc_3ds_3155'))).toMatchObject({ usable: true });
  });

  it('treats cards issued in India as INR-only', async () => {
    const usd = (obj((await h.call('GET', '/payment-methods?currency=USD', { session: 'priya' })).body)['paymentMethods'] as unknown[]).map(obj);
    expect(usd[0]).toMatchObject({ id: 'pm_rupay_in_6011', usable: false, unusableReason: 'currency_mismatch', supportedCurrencies: ['INR'] });
    const inr = (obj((await h.call('GET', '/payment-methods?currency=INR', { session: 'priya' })).body)['paymentMethods'] as unknown[]).map(obj);
    expect(inr[0]).toMatchObject({ usable: true });
  });

  it('answers an empty list for a customer without saved methods, and 400 for a bad currency', async () => {
    expect(obj((await h.call('GET', '/payment-methods', { session: 'dave' })).body)['paymentMethods']).toEqual([]);
    const bad = await h.call('GET', '/payment-methods?currency=usd');
    expect(bad.status).toBe(400);
    expect(errorCode(bad.body)).toBe('invalid_request');
  });
});

describe('GET /offers', () => {
  it('opens a post-purchase upsell only once a verified webhook shows the trigger product', async () => {
    expect(ids((await h.call('GET', '/offers?placement=post_purchase')).body)).not.toContain('starter_to_bundle');
    // Claiming the product in the query is not proof of purchase.
    expect(ids((await h.call('GET', '/offers?placement=post_purchase&productId=prod_starter_course')).body)).not.toContain('starter_to_bundle');

    await buyAtDodo(h, 'cus_alice', 'prod_starter_course');
    const offers = offersOf((await h.call('GET', '/offers?placement=post_purchase')).body);
    const bundle = offers.find((offer) => offer['id'] === 'starter_to_bundle');
    expect(bundle).toMatchObject({
      kind: 'upsell',
      price: { minor: 14900, currency: 'USD' },
      compareAtPrice: { minor: 19700, currency: 'USD' },
      badges: ['best_value'],
      declineTo: 'starter_to_module',
      suggestedPaymentMethodId: 'pm_visa_4242',
      downsell: { id: 'starter_to_module', kind: 'downsell', price: { minor: 7900, currency: 'USD' } },
    });
    expect(typeof obj(bundle)['token']).toBe('string');
    expect(h.mutatingCalls()).toBe(1); // only the original purchase
  });

  it('opens it from a server-verified paymentId, and refuses another customer’s payment', async () => {
    h.sandbox.webhooks.setAutoDeliver(false);
    const paymentId = await buyAtDodo(h, 'cus_alice', 'prod_single_license');
    expect(ids((await h.call('GET', '/offers?placement=post_purchase')).body)).not.toContain('single_to_team');
    const offers = offersOf((await h.call('GET', `/offers?placement=post_purchase&paymentId=${paymentId}`)).body);
    const team = offers.find((offer) => offer['id'] === 'single_to_team');
    // Team of 5 compared with 5 single licenses: $495.
    expect(team).toMatchObject({ price: { minor: 39900 }, compareAtPrice: { minor: 49500 }, downsell: { id: 'single_to_duo', compareAtPrice: { minor: 19800 } } });

    const foreign = await h.call('GET', `/offers?placement=post_purchase&paymentId=${paymentId}`, { session: 'bob' });
    expect(foreign.status).toBe(404);
    expect(errorCode(foreign.body)).toBe('not_found');
  });

  it('offers Basic → Pro on the customer’s own subscription, with Plus as the downsell', async () => {
    const offers = offersOf((await h.call('GET', '/offers?placement=plan_limit&subscriptionId=sub_alice_basic')).body);
    expect(offers).toHaveLength(1);
    expect(offers[0]).toMatchObject({
      id: 'basic_to_pro',
      kind: 'plan_change',
      subscriptionId: 'sub_alice_basic',
      price: { minor: 8000, currency: 'USD' },
      interval: 'month',
      currentPlan: { productId: 'prod_basic_monthly', price: { minor: 3000 } },
      // What one click charges today, quoted at Dodo (the guide's plan offers bill the difference).
      chargeToday: { minor: 5000, currency: 'USD' },
      badges: ['most_popular'],
      downsell: { id: 'basic_to_plus', kind: 'downsell', subscriptionId: 'sub_alice_basic', price: { minor: 5000 }, chargeToday: { minor: 2000, currency: 'USD' } },
    });
    expect(h.sandbox.calls('POST /subscriptions/:id/change-plan/preview')).toBe(2);
    const foreign = await h.call('GET', '/offers?placement=plan_limit&subscriptionId=sub_alice_basic', { session: 'bob' });
    expect(foreign.status).toBe(404);
    expect((await h.call('GET', '/offers?placement=plan_limit&subscriptionId=sub_nope')).status).toBe(404);
    // With a change pending at Dodo a plan offer could not be bought now, so none is shown.
    h.sandbox.setSubscriptionPendingChange('sub_alice_basic', true);
    expect(ids((await h.call('GET', '/offers?placement=plan_limit&subscriptionId=sub_alice_basic')).body)).toEqual([]);
    h.sandbox.setSubscriptionPendingChange('sub_alice_basic', false);
    // Bob is on Pro already: nothing to upgrade to.
    expect(ids((await h.call('GET', '/offers?placement=plan_limit&subscriptionId=sub_bob_pro', { session: 'bob' })).body)).toEqual([]);
  });

  it('suggests no method when none is usable for the offer’s currency', async () => {
    for (const [session, customer] of [
      ['carol', 'cus_carol'],
      ['priya', 'cus_priya'],
    ] as const) {
      await grantOwnership(h.store, customer, 'prod_starter_course');
      const bundle = offersOf((await h.call('GET', '/offers?placement=post_purchase', { session })).body).find((offer) => offer['id'] === 'starter_to_bundle');
      expect(bundle?.['suggestedPaymentMethodId']).toBeNull();
    }
  });

  it('narrows by the productId hint without opening anything by it', async () => {
    await grantOwnership(h.store, 'cus_alice', 'prod_starter_course');
    await grantOwnership(h.store, 'cus_alice', 'prod_single_license');
    const all = ids((await h.call('GET', '/offers?placement=post_purchase')).body);
    expect(all).toEqual(expect.arrayContaining(['starter_to_bundle', 'single_to_team']));
    const single = ids((await h.call('GET', '/offers?placement=post_purchase&productId=prod_single_license')).body);
    expect(single).toContain('single_to_team');
    expect(single).not.toContain('starter_to_bundle');
  });

  it('replaces a declined offer with its downsell, and shows neither once both are declined', async () => {
    await grantOwnership(h.store, 'cus_alice', 'prod_starter_course');
    const event = (offerId: string, kind: string) => h.call('POST', '/events', { body: { offerId, event: kind } });
    expect((await event('starter_to_bundle', 'declined')).status).toBe(204);
    // (The always-on cross-sell at post_purchase is not part of this chain.)
    const upsells = async () =>
      offersOf((await h.call('GET', '/offers?placement=post_purchase&productId=prod_starter_course')).body).filter((offer) => offer['kind'] !== 'cross_sell');
    const afterDecline = await upsells();
    expect(afterDecline.map((offer) => offer['id'])).toEqual(['starter_to_module']);
    expect(afterDecline[0]?.['downsell']).toBeNull();
    await event('starter_to_module', 'declined');
    expect(await upsells()).toEqual([]);
  });

  it('leaves out offers the customer already owns', async () => {
    await grantOwnership(h.store, 'cus_alice', 'prod_starter_course');
    await grantOwnership(h.store, 'cus_alice', 'prod_complete_bundle');
    expect(ids((await h.call('GET', '/offers?placement=post_purchase')).body)).not.toContain('starter_to_bundle');
  });

  it('pairs cross-sells with the product in the cart', async () => {
    const rules: OfferRulesConfig = {
      ...GUIDE_OFFER_RULES,
      crossSells: [
        { productId: 'prod_starter_course', offerIds: ['cross_templates_pack'] },
        { productId: 'prod_single_license', offerIds: ['cross_priority_support', 'cross_templates_pack'] },
      ],
    };
    await h.reset({ offers: rules });
    expect(ids((await h.call('GET', '/offers?placement=checkout&productId=prod_starter_course')).body)).toEqual(['cross_templates_pack']);
    expect(ids((await h.call('GET', '/offers?placement=checkout&productId=prod_single_license')).body)).toEqual(['cross_priority_support', 'cross_templates_pack']);
    expect(ids((await h.call('GET', '/offers?placement=checkout')).body)).toEqual(['cross_priority_support', 'cross_templates_pack']);
    // Never cross-sell the product being bought.
    expect(ids((await h.call('GET', '/offers?placement=checkout&productId=prod_templates_pack')).body)).not.toContain('cross_templates_pack');
  });

  it('refuses a bad placement and repeated parameters', async () => {
    expect((await h.call('GET', '/offers?placement=everywhere')).status).toBe(400);
    expect((await h.call('GET', '/offers')).status).toBe(400);
    expect((await h.call('GET', '/offers?placement=checkout&placement=account')).status).toBe(400);
  });
});

describe('POST /checkouts (fallback)', () => {
  it('creates a normal checkout session without a saved method', async () => {
    await grantOwnership(h.store, 'cus_carol', 'prod_starter_course');
    const bundle = offersOf((await h.call('GET', '/offers?placement=post_purchase', { session: 'carol' })).body).find((offer) => offer['id'] === 'starter_to_bundle');
    const response = await h.call('POST', '/checkouts', { session: 'carol', body: { offerToken: bundle?.['token'] } });
    expect(response.status).toBe(200);
    expect(String(obj(response.body)['url'])).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const call = h.sandbox.callLog().find((entry) => entry.route === 'POST /checkouts');
    expect(obj(call?.body)).not.toHaveProperty('payment_method_id');
    expect(obj(call?.body)).not.toHaveProperty('confirm');
    expect(h.sandbox.charges()).toHaveLength(0);
  });

  it('refuses an expired token and a plan-change token', async () => {
    const plan = offersOf((await h.call('GET', '/offers?placement=plan_limit&subscriptionId=sub_alice_basic')).body)[0];
    expect(errorCode((await h.call('POST', '/checkouts', { body: { offerToken: plan?.['token'] } })).body)).toBe('invalid_request');
    h.clock.offsetMs = 16 * 60_000;
    const expired = await h.call('POST', '/checkouts', { body: { offerToken: plan?.['token'] } });
    expect(expired.status).toBe(410);
    expect(errorCode(expired.body)).toBe('offer_expired');
  });
});

describe('POST /events and GET /stats', () => {
  it('records events and reports per-offer conversion for the signed-in customer', async () => {
    for (const event of ['shown', 'shown', 'accepted', 'shown', 'dismissed']) {
      expect((await h.call('POST', '/events', { body: { offerId: 'starter_to_bundle', event } })).status).toBe(204);
    }
    await h.call('POST', '/events', { session: 'bob', body: { offerId: 'starter_to_bundle', event: 'shown' } });
    const stats = (obj((await h.call('GET', '/stats')).body)['stats'] as unknown[]).map(obj);
    expect(stats).toEqual([
      { offerId: 'starter_to_bundle', impressions: 3, accepts: 1, declines: 0, dismissals: 1, failures: 0, conversionRate: 1 / 3 },
    ]);
  });

  it('shows everyone’s figures only to whom canViewAllStats allows', async () => {
    await h.reset({ canViewAllStats: (_request, customerId) => customerId === 'cus_dave' });
    await h.call('POST', '/events', { body: { offerId: 'single_to_team', event: 'shown' } });
    await h.call('POST', '/events', { session: 'bob', body: { offerId: 'single_to_team', event: 'shown' } });
    const admin = (obj((await h.call('GET', '/stats', { session: 'dave' })).body)['stats'] as unknown[]).map(obj);
    expect(admin[0]).toMatchObject({ offerId: 'single_to_team', impressions: 2 });
    const own = (obj((await h.call('GET', '/stats', { session: 'bob' })).body)['stats'] as unknown[]).map(obj);
    expect(own[0]).toMatchObject({ impressions: 1 });
  });

  it('refuses unknown offers and events', async () => {
    expect((await h.call('POST', '/events', { body: { offerId: 'nope', event: 'shown' } })).status).toBe(404);
    expect((await h.call('POST', '/events', { body: { offerId: 'starter_to_bundle', event: 'clicked' } })).status).toBe(400);
  });
});

describe('the gate', () => {
  it('answers 401 without a session on every customer route', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/payment-methods'],
      ['GET', '/offers?placement=checkout'],
      ['POST', '/purchases'],
      ['GET', '/purchases/pur_x'],
      ['POST', '/plan-changes/preview'],
      ['POST', '/plan-changes'],
      ['POST', '/checkouts'],
      ['POST', '/events'],
      ['GET', '/stats'],
    ];
    for (const [method, path] of routes) {
      const response = await h.call(method, path, { session: null, body: method === 'POST' ? {} : undefined });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(obj(response.body)).toEqual({ error: { code: 'unauthenticated', message: expect.any(String), retryable: false } });
    }
  });

  it('fails closed when authenticate throws, and reports it', async () => {
    await h.reset({
      authenticate: () => {
        throw new Error('cookie parser exploded');
      },
    });
    const response = await h.call('GET', '/stats');
    expect(response.status).toBe(401);
    expect(JSON.stringify(response.body)).not.toContain('exploded');
    expect(h.reported).toHaveLength(1);
  });

  it('answers 404 for unknown routes and 405 with Allow for wrong methods', async () => {
    expect((await h.call('GET', '/nope')).status).toBe(404);
    const wrong = await h.call('DELETE', '/offers');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await h.call('GET', '/webhooks')).status).toBe(405);
    const outside = await fetch(`${h.serverUrl}/elsewhere`);
    expect(outside.status).toBe(404);
  });

  it('refuses cross-origin POSTs with 403 and allows the shop’s origin', async () => {
    const body = { offerId: 'starter_to_bundle', event: 'shown' };
    const evil = await h.call('POST', '/events', { body, headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(errorCode(evil.body)).toBe('forbidden');
    expect((await h.call('POST', '/events', { body, headers: { origin: 'null' } })).status).toBe(403);
    expect((await h.call('POST', '/events', { body, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await h.call('POST', '/events', { body, headers: { origin: SHOP_ORIGIN } })).status).toBe(204);
    expect((await h.call('POST', '/events', { body, headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(204);
    // GETs are not state-changing and are not Origin-checked.
    expect((await h.call('GET', '/stats', { headers: { origin: 'https://evil.example' } })).status).toBe(200);
  });

  it('limits bodies to 16 KiB (413) and requires JSON', async () => {
    const huge = JSON.stringify({ offerId: 'x'.repeat(20_000), event: 'shown' });
    const tooLarge = await h.call('POST', '/events', { body: huge });
    expect(tooLarge.status).toBe(413);
    expect(errorCode(tooLarge.body)).toBe('payload_too_large');
    const form = await h.call('POST', '/events', { body: 'offerId=x&event=shown', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(400);
    // Far beyond the node listener's own cap: still a clean 413, not a reset connection.
    const enormous = await h.call('POST', '/webhooks', { body: 'x'.repeat(3 * 1024 * 1024) });
    expect(enormous.status).toBe(413);
    const broken = await h.call('POST', '/events', { body: '{"offerId":' });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).not.toMatch(/SyntaxError|at JSON|stack/);
  });
});
