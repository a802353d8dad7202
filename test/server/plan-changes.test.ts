/**
 * Upgrades and downgrades along the plan ladder: Dodo's preview figures for every proration
 * mode, signed quotes that expire and execute once, ownership, and a pending change.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { computePlanChange, money } from '../../src/core/index';
import { errorCode, obj, offersOf, startHarness } from './harness';
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

const preview = (body: Record<string, unknown>, session = 'alice') => h.call('POST', '/plan-changes/preview', { session, body });
const change = (quoteToken: unknown, idempotencyKey: string, session = 'alice') => h.call('POST', '/plan-changes', { session, body: { quoteToken, idempotencyKey } });
const toPro = (prorationMode: string) => ({ subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode });

describe('POST /plan-changes/preview', () => {
  it('quotes Basic → Pro in every proration mode with Dodo’s figures', async () => {
    const subscription = h.sandbox.state.subscriptions.get('sub_alice_basic');
    const prorated = computePlanChange({
      currentPrice: money(3000, 'USD'),
      currentQuantity: 1,
      newPrice: money(8000, 'USD'),
      newQuantity: 1,
      mode: 'prorated_immediately',
      periodStart: new Date(String(subscription?.previous_billing_date)),
      periodEnd: new Date(String(subscription?.next_billing_date)),
      now: new Date(),
    });
    const figures: Record<string, number> = {};
    for (const [mode, expected] of [
      ['difference_immediately', 5000],
      ['full_immediately', 8000],
      ['do_not_bill', 0],
      ['prorated_immediately', prorated.chargeToday.minor],
    ] as const) {
      const response = await preview(toPro(mode));
      expect(response.status, mode).toBe(200);
      const body = obj(response.body);
      expect(body).toMatchObject({
        subscriptionId: 'sub_alice_basic',
        currentPlan: { productId: 'prod_basic_monthly', price: { minor: 3000, currency: 'USD' }, interval: 'month' },
        newPlan: { productId: 'prod_pro_monthly', price: { minor: 8000, currency: 'USD' } },
        prorationMode: mode,
        direction: 'upgrade',
        credit: { minor: 0, currency: 'USD' },
        newRecurringPrice: { minor: 8000, currency: 'USD' },
        quoteToken: expect.any(String),
      });
      const charge = obj(body['chargeToday'])['minor'] as number;
      expect(Math.abs(charge - expected), mode).toBeLessThanOrEqual(1);
      expect(Date.parse(String(body['quoteExpiresAt'])) - Date.now()).toBeGreaterThan(4 * 60_000);
      figures[mode] = charge;
    }
    console.log(`[figures] Basic $30 → Pro $80 charge today (minor units): ${JSON.stringify(figures)}`);
    expect(h.mutatingCalls()).toBe(0);
  });

  it('quotes a downgrade as a subscription credit, not a charge', async () => {
    const response = await preview({ subscriptionId: 'sub_bob_pro', productId: 'prod_basic_monthly', quantity: 1, prorationMode: 'difference_immediately' }, 'bob');
    expect(obj(response.body)).toMatchObject({
      direction: 'downgrade',
      chargeToday: { minor: 0, currency: 'USD' },
      credit: { minor: 5000, currency: 'USD' },
      newRecurringPrice: { minor: 3000 },
    });
    const lines = obj(response.body)['lineItems'] as unknown[];
    expect(lines.length).toBeGreaterThan(0);
  });

  it('refuses another customer’s subscription, plans off the ladder, and disallowed modes', async () => {
    const foreign = await preview(toPro('difference_immediately'), 'bob');
    expect(foreign.status).toBe(404);
    expect(errorCode(foreign.body)).toBe('not_found');
    expect(h.sandbox.calls('POST /subscriptions/:id/change-plan/preview')).toBe(0);
    const offLadder = await preview({ ...toPro('difference_immediately'), productId: 'prod_team_license' });
    expect(offLadder.status).toBe(409);
    expect(errorCode(offLadder.body)).toBe('offer_not_eligible');
    expect((await preview({ ...toPro('difference_immediately'), subscriptionId: 'sub_missing' })).status).toBe(404);
    expect((await preview({ ...toPro('difference_immediately'), productId: 'prod_basic_monthly' })).status).toBe(400);

    await h.reset({ offers: { offers: [], planLadder: { productIds: ['prod_basic_monthly', 'prod_plus_monthly', 'prod_pro_monthly'], allowedProrationModes: ['prorated_immediately'], defaultProrationMode: 'prorated_immediately' } } });
    expect((await preview(toPro('full_immediately'))).status).toBe(400);
    expect((await preview(toPro('prorated_immediately'))).status).toBe(200);
  });

  it('answers plan_change_pending while Dodo has another change pending (409)', async () => {
    const response = await preview({ subscriptionId: 'sub_dave_plus', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' }, 'dave');
    expect(response.status).toBe(409);
    expect(obj(response.body)).toEqual({ error: { code: 'plan_change_pending', message: expect.any(String), retryable: true } });
  });
});

describe('POST /plan-changes', () => {
  it('executes a quote once: the same key replays, another key is refused', async () => {
    const quote = obj((await preview(toPro('difference_immediately'))).body);
    const first = await change(quote['quoteToken'], 'intent-upgrade-1');
    expect(first.status).toBe(200);
    expect(obj(first.body)).toMatchObject({
      status: 'succeeded',
      subscriptionId: 'sub_alice_basic',
      newPlan: { productId: 'prod_pro_monthly' },
      chargedToday: { minor: 5000, currency: 'USD' },
      credit: { minor: 0 },
    });
    expect(h.sandbox.calls('POST /subscriptions/:id/change-plan')).toBe(1);
    expect(h.sandbox.state.subscriptions.get('sub_alice_basic')?.product_id).toBe('prod_pro_monthly');
    await h.sandbox.webhooks.flush();
    expect(h.sandbox.charges({ customerId: 'cus_alice' }).map((payment) => payment.total_amount)).toEqual([5000]);

    const replay = await change(quote['quoteToken'], 'intent-upgrade-1');
    expect(replay.body).toEqual(first.body);
    const otherKey = await change(quote['quoteToken'], 'intent-upgrade-2');
    expect(otherKey.status).toBe(409);
    expect(errorCode(otherKey.body)).toBe('already_purchased');
    expect(h.sandbox.calls('POST /subscriptions/:id/change-plan')).toBe(1);
    // Now on Pro, so Basic → Pro is no longer offered.
    expect(offersOf((await h.call('GET', '/offers?placement=plan_limit&subscriptionId=sub_alice_basic')).body)).toEqual([]);
  });

  it('settles a change that waited on 3-D Secure when its key is replayed, asking Dodo at most once per reconcileAfterMs', async () => {
    const erinToPro = { ...toPro('difference_immediately'), subscriptionId: 'sub_erin_basic' };
    const quote = obj((await preview(erinToPro, 'erin')).body);
    const first = obj((await change(quote['quoteToken'], 'intent-3ds-change', 'erin')).body);
    expect(first).toMatchObject({ status: 'requires_action', actionUrl: expect.stringContaining(h.sandbox.url) });
    const reads = () => h.sandbox.calls('GET /subscriptions/:id') + h.sandbox.calls('GET /payments/:id');
    const before = reads();

    // Polled every 100 ms: one look at Dodo, then the stored answer until reconcileAfterMs (5 s) passed.
    for (let i = 0; i < 3; i += 1) expect(obj((await change(quote['quoteToken'], 'intent-3ds-change', 'erin')).body)).toEqual(first);
    expect(reads() - before).toBe(2);

    const paymentId = [...h.sandbox.state.payments.values()].find((payment) => payment.customer.customer_id === 'cus_erin')?.payment_id;
    h.sandbox.completeAction(String(paymentId), 'succeeded');
    expect(obj((await change(quote['quoteToken'], 'intent-3ds-change', 'erin')).body)).toEqual(first);
    h.clock.offsetMs += 5_000;
    const settled = obj((await change(quote['quoteToken'], 'intent-3ds-change', 'erin')).body);
    expect(settled).toMatchObject({ status: 'succeeded', newPlan: { productId: 'prod_pro_monthly' }, chargedToday: { minor: 5000 } });
    // Final answers are stored: later replays cost Dodo nothing.
    const settledReads = reads();
    h.clock.offsetMs += 60_000;
    expect(obj((await change(quote['quoteToken'], 'intent-3ds-change', 'erin')).body)).toEqual(settled);
    expect(reads()).toBe(settledReads);
    expect(h.sandbox.calls('POST /subscriptions/:id/change-plan')).toBe(1);
  });

  it('refuses an expired quote (quote_expired) without calling change-plan', async () => {
    const quote = obj((await preview(toPro('full_immediately'))).body);
    h.clock.offsetMs = 5 * 60_000 + 1;
    const response = await change(quote['quoteToken'], 'intent-expired-1');
    expect(response.status).toBe(410);
    expect(errorCode(response.body)).toBe('quote_expired');
    expect(h.mutatingCalls()).toBe(0);
  });

  it('re-checks at Dodo: a change pending since the quote → plan_change_pending, retryable with the same key', async () => {
    const quote = obj((await preview(toPro('difference_immediately'))).body);
    h.sandbox.setSubscriptionPendingChange('sub_alice_basic', true);
    const pending = await change(quote['quoteToken'], 'intent-pending-1');
    expect(pending.status).toBe(409);
    expect(errorCode(pending.body)).toBe('plan_change_pending');
    expect(h.mutatingCalls()).toBe(0);
    h.sandbox.setSubscriptionPendingChange('sub_alice_basic', false);
    expect(obj((await change(quote['quoteToken'], 'intent-pending-1')).body)['status']).toBe('succeeded');
  });

  it('refuses a quote whose charge went up since (price_changed), or whose plan moved (quote_expired)', async () => {
    const quote = obj((await preview(toPro('difference_immediately'))).body);
    h.sandbox.setProductPrice('prod_pro_monthly', 9000);
    h.clock.offsetMs = 61_000;
    const response = await change(quote['quoteToken'], 'intent-price-1');
    expect(response.status).toBe(409);
    expect(errorCode(response.body)).toBe('price_changed');
    expect(h.mutatingCalls()).toBe(0);

    h.sandbox.setProductPrice('prod_pro_monthly', 8000);
    const plus = obj((await preview({ ...toPro('difference_immediately'), productId: 'prod_plus_monthly' })).body);
    expect(obj((await change(plus['quoteToken'], 'intent-plus-1')).body)['status']).toBe('succeeded');
    const stale = await change(quote['quoteToken'], 'intent-stale-1');
    expect(errorCode(stale.body)).toBe('quote_expired');
  });

  it('refuses tampered, foreign and wrong-kind tokens', async () => {
    const quote = String(obj((await preview(toPro('difference_immediately'))).body)['quoteToken']);
    const [payload = '', signature = ''] = quote.split('.');
    expect((await change(`${payload}.${signature.slice(1)}A`, 'intent-tamper-1')).status).toBe(400);
    expect((await change(quote, 'intent-foreign-1', 'bob')).status).toBe(404);
    const offer = offersOf((await h.call('GET', '/offers?placement=plan_limit&subscriptionId=sub_alice_basic')).body)[0];
    expect((await change(offer?.['token'], 'intent-kind-1')).status).toBe(400);
    expect(h.mutatingCalls()).toBe(0);
  });
});
