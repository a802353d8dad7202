/**
 * Dodo → handler webhooks: Standard Webhooks signatures, stale timestamps, replays and
 * duplicates, out-of-order delivery, and follow-up offers opened by `payment.succeeded`.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/sandbox/index';
import { buyAtDodo, errorCode, grantOwnership, obj, offersOf, startHarness } from './harness';
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

const signer = new Webhook(SANDBOX_WEBHOOK_SECRET);

/** POSTs a webhook signed with the sandbox secret (or as told), at `at`. */
async function deliver(event: unknown, options: { id?: string; at?: Date; secret?: string; body?: string } = {}): Promise<{ status: number; body: unknown }> {
  const id = options.id ?? `msg_test_${Math.random().toString(36).slice(2)}`;
  const at = options.at ?? new Date();
  const body = options.body ?? JSON.stringify(event);
  const sign = options.secret ? new Webhook(options.secret) : signer;
  const response = await fetch(`${h.serverUrl}/api/upsell/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': sign.sign(id, at, body),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

function paymentEvent(type: 'payment.succeeded' | 'payment.failed', data: Record<string, unknown>): Record<string, unknown> {
  return {
    business_id: 'bus_test',
    type,
    timestamp: new Date().toISOString(),
    data: {
      payment_id: 'pay_test_1',
      customer: { customer_id: 'cus_alice', email: 'alice@example.com', name: 'Alice' },
      metadata: {},
      total_amount: 14900,
      currency: 'USD',
      product_cart: [{ product_id: 'prod_complete_bundle', quantity: 1 }],
      status: type === 'payment.succeeded' ? 'succeeded' : 'failed',
      ...data,
    },
  };
}

describe('verification', () => {
  it('rejects a bad signature, a wrong secret and missing headers with 401, and changes nothing', async () => {
    const event = paymentEvent('payment.succeeded', {});
    const body = JSON.stringify(event);
    const forged = await fetch(`${h.serverUrl}/api/upsell/webhooks`, {
      method: 'POST',
      headers: { 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
      body,
    });
    expect(forged.status).toBe(401);
    const wrongSecret = await deliver(event, { secret: 'whsec_d3Jvbmcgc2VjcmV0IHdyb25nIHNlY3JldCB3cm9uZyE=' });
    expect(wrongSecret.status).toBe(401);
    expect(errorCode(wrongSecret.body)).toBe('unauthenticated');
    const unsigned = await fetch(`${h.serverUrl}/api/upsell/webhooks`, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    // A signature over a different body does not carry over.
    const id = 'msg_swapped';
    const at = new Date();
    const swapped = await fetch(`${h.serverUrl}/api/upsell/webhooks`, {
      method: 'POST',
      headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signer.sign(id, at, '{"type":"ping"}') },
      body,
    });
    expect(swapped.status).toBe(401);
    expect(await h.store.listOwnership('cus_alice')).toEqual([]);
  });

  it('rejects stale and future timestamps (replay window) with 401', async () => {
    const event = paymentEvent('payment.succeeded', {});
    expect((await deliver(event, { at: new Date(Date.now() - 10 * 60_000) })).status).toBe(401);
    expect((await deliver(event, { at: new Date(Date.now() + 10 * 60_000) })).status).toBe(401);
    expect(await h.store.listOwnership('cus_alice')).toEqual([]);
  });

  it('needs no session and no Origin, but answers 404 when no webhook secret is configured', async () => {
    const ok = await deliver(paymentEvent('payment.succeeded', {}));
    expect(ok.status).toBe(200);
    await h.reset({ webhookSecret: undefined });
    expect((await deliver(paymentEvent('payment.succeeded', {}))).status).toBe(404);
  });

  it('acknowledges events it does not act on, and refuses a signed body that is not JSON', async () => {
    expect((await deliver({ type: 'refund.succeeded', data: {} })).body).toEqual({ received: true, ignored: true });
    expect((await deliver(null, { body: 'not json' })).status).toBe(400);
  });
});

describe('processing', () => {
  it('processes each webhook id once: a redelivery (fresh signature) is a 200 no-op', async () => {
    h.sandbox.webhooks.setAutoDeliver(false);
    await buyAtDodo(h, 'cus_alice', 'prod_starter_course');
    const [queued] = h.sandbox.webhooks.pending();
    await h.sandbox.webhooks.deliverPending();
    expect(await h.store.listOwnership('cus_alice')).toHaveLength(1);
    const again = await h.sandbox.webhooks.redeliver(String(queued?.id));
    expect(again instanceof Response ? again.status : null).toBe(200);
    // The same id signed with our own secret: still only once.
    const duplicate = await deliver(queued?.event, { id: queued?.id });
    expect(duplicate.body).toEqual({ received: true, duplicate: true });
    expect(await h.store.listOwnership('cus_alice')).toHaveLength(1);
  });

  it('payment.succeeded of Basic opens the Pro upgrade on the new subscription', async () => {
    expect(offersOf((await h.call('GET', '/offers?placement=post_purchase')).body).map((offer) => offer['id'])).not.toContain('basic_to_pro');
    await buyAtDodo(h, 'cus_alice', 'prod_basic_monthly');
    const ownership = await h.store.listOwnership('cus_alice');
    const subscriptionId = ownership.find((entry) => entry.subscriptionId)?.subscriptionId;
    expect(subscriptionId).toMatch(/^sub_/);
    expect(ownership.map((entry) => entry.source).sort()).toEqual(['payment.succeeded', 'subscription.active']);
    const pro = offersOf((await h.call('GET', '/offers?placement=post_purchase')).body).find((offer) => offer['id'] === 'basic_to_pro');
    expect(pro).toMatchObject({ kind: 'plan_change', subscriptionId, currentPlan: { productId: 'prod_basic_monthly' }, downsell: { id: 'basic_to_plus' } });
  });

  it('handles deliveries in reverse order (subscription.active before payment.succeeded)', async () => {
    h.sandbox.webhooks.setAutoDeliver(false);
    await buyAtDodo(h, 'cus_alice', 'prod_basic_monthly');
    expect(h.sandbox.webhooks.pending().map((item) => item.type)).toEqual(['payment.succeeded', 'subscription.active']);
    await h.sandbox.webhooks.deliverPending({ reverse: true });
    const pro = offersOf((await h.call('GET', '/offers?placement=post_purchase')).body).find((offer) => offer['id'] === 'basic_to_pro');
    expect(pro).toBeDefined();
  });

  it('never lets a late payment.failed downgrade a succeeded purchase', async () => {
    await h.reset({ settleWaitMs: 0 });
    h.sandbox.webhooks.setAutoDeliver(false);
    await grantOwnership(h.store, 'cus_alice', 'prod_starter_course');
    const bundle = offersOf((await h.call('GET', '/offers?placement=post_purchase')).body).find((offer) => offer['id'] === 'starter_to_bundle');
    const purchase = obj((await h.call('POST', '/purchases', { body: { offerToken: bundle?.['token'], idempotencyKey: 'intent-order-1' } })).body);
    expect(purchase['status']).toBe('processing');
    const [succeeded] = h.sandbox.webhooks.pending();
    const payment = obj(obj(succeeded?.event)['data']);
    await h.sandbox.webhooks.deliverPending();
    const late = paymentEvent('payment.failed', { ...payment, status: 'failed', error_code: 'CARD_DECLINED' });
    expect((await deliver(late)).status).toBe(200);
    const status = obj((await h.call('GET', `/purchases/${String(purchase['purchaseId'])}`)).body);
    expect(status).toMatchObject({ status: 'succeeded', paymentId: payment['payment_id'] });
  });

  it('settles a failure that arrives first, then a success (money moved) wins', async () => {
    await h.reset({ settleWaitMs: 0 });
    h.sandbox.webhooks.setAutoDeliver(false);
    await grantOwnership(h.store, 'cus_alice', 'prod_starter_course');
    const bundle = offersOf((await h.call('GET', '/offers?placement=post_purchase')).body).find((offer) => offer['id'] === 'starter_to_bundle');
    const purchase = obj((await h.call('POST', '/purchases', { body: { offerToken: bundle?.['token'], idempotencyKey: 'intent-order-2' } })).body);
    const payment = obj(obj(h.sandbox.webhooks.pending()[0]?.event)['data']);
    await deliver(paymentEvent('payment.failed', { ...payment, status: 'failed', error_code: 'CARD_DECLINED' }));
    expect(obj((await h.call('GET', `/purchases/${String(purchase['purchaseId'])}`)).body)).toMatchObject({ status: 'failed', code: 'payment_declined' });
    await h.sandbox.webhooks.deliverPending();
    expect(obj((await h.call('GET', `/purchases/${String(purchase['purchaseId'])}`)).body)).toMatchObject({ status: 'succeeded' });
  });

  it('ignores a payment naming another customer’s purchase', async () => {
    await h.reset({ settleWaitMs: 0 });
    h.sandbox.webhooks.setAutoDeliver(false);
    await grantOwnership(h.store, 'cus_alice', 'prod_starter_course');
    const bundle = offersOf((await h.call('GET', '/offers?placement=post_purchase')).body).find((offer) => offer['id'] === 'starter_to_bundle');
    const purchase = obj((await h.call('POST', '/purchases', { body: { offerToken: bundle?.['token'], idempotencyKey: 'intent-cross-1' } })).body);
    const forged = paymentEvent('payment.failed', {
      payment_id: 'pay_other',
      customer: { customer_id: 'cus_bob', email: 'bob@example.com', name: 'Bob' },
      metadata: { upsell_purchase_id: purchase['purchaseId'] },
    });
    expect((await deliver(forged)).status).toBe(200);
    expect(obj((await h.call('GET', `/purchases/${String(purchase['purchaseId'])}`)).body)['status']).toBe('processing');
  });
});
