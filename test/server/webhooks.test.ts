/**
 * Dodo → handler webhooks: Standard Webhooks signatures, stale timestamps, replays and
 * duplicates, out-of-order delivery, and follow-up offers opened by `payment.succeeded`.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Payment } from 'dodopayments/resources/index';
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

/**
 * Delivers the sandbox webhook `id` on its own (other queued webhooks stay queued; an
 * auto-delivered one is awaited) and returns the handler's answer to it.
 */
async function deliverOnly(id: string): Promise<{ status: number | null; body: unknown }> {
  const index = h.sandbox.webhooks.pending().findIndex((queued) => queued.id === id);
  if (index === -1) await h.sandbox.webhooks.flush();
  else await h.sandbox.webhooks.deliverPending({ order: [index] });
  const attempt = h.sandbox.webhooks.sent().filter((sent) => sent.id === id).at(-1);
  const text = attempt?.responseBody ?? '';
  return { status: attempt?.status ?? null, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** The payment of the first queued `payment.succeeded`. */
function queuedPayment(): Payment {
  const queued = h.sandbox.webhooks.pending().find((webhook) => webhook.event.type === 'payment.succeeded');
  if (queued?.event.type !== 'payment.succeeded') throw new Error('no payment.succeeded queued');
  return queued.event.data;
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
    const refund = h.sandbox.webhooks.send('refund.succeeded', {
      brand_id: h.sandbox.state.brandId,
      business_id: h.sandbox.state.businessId,
      created_at: new Date().toISOString(),
      customer: { customer_id: 'cus_alice', email: 'alice@example.com', name: 'Alice' },
      is_partial: false,
      metadata: {},
      payment_id: 'pay_test_1',
      refund_id: 'ref_test_1',
      status: 'succeeded',
      amount: 14900,
      currency: 'USD',
      reason: null,
    });
    expect((await deliverOnly(refund)).body).toEqual({ received: true, ignored: true });
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
    // The same id on another body (another event timestamp): still only once.
    if (queued?.event.type !== 'payment.succeeded') throw new Error('expected payment.succeeded');
    const replayed = h.sandbox.webhooks.send('payment.succeeded', queued.event.data, { id: queued.id, timestamp: new Date(Date.now() + 1_000) });
    const duplicate = await deliverOnly(replayed);
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
    const payment = queuedPayment();
    await h.sandbox.webhooks.deliverPending();
    const late = h.sandbox.webhooks.send('payment.failed', { ...payment, status: 'failed', error_code: 'CARD_DECLINED' });
    expect((await deliverOnly(late)).status).toBe(200);
    const status = obj((await h.call('GET', `/purchases/${String(purchase['purchaseId'])}`)).body);
    expect(status).toMatchObject({ status: 'succeeded', paymentId: payment.payment_id });
  });

  it('settles a failure that arrives first, then a success (money moved) wins', async () => {
    await h.reset({ settleWaitMs: 0 });
    h.sandbox.webhooks.setAutoDeliver(false);
    await grantOwnership(h.store, 'cus_alice', 'prod_starter_course');
    const bundle = offersOf((await h.call('GET', '/offers?placement=post_purchase')).body).find((offer) => offer['id'] === 'starter_to_bundle');
    const purchase = obj((await h.call('POST', '/purchases', { body: { offerToken: bundle?.['token'], idempotencyKey: 'intent-order-2' } })).body);
    const payment = queuedPayment();
    // The failure overtakes the queued success.
    await deliverOnly(h.sandbox.webhooks.send('payment.failed', { ...payment, status: 'failed', error_code: 'CARD_DECLINED' }));
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
    const forged = h.sandbox.webhooks.send('payment.failed', {
      ...queuedPayment(),
      payment_id: 'pay_other',
      status: 'failed',
      customer: { customer_id: 'cus_bob', email: 'bob@example.com', name: 'Bob' },
      metadata: { upsell_purchase_id: String(purchase['purchaseId']) },
    });
    expect((await deliverOnly(forged)).status).toBe(200);
    expect(obj((await h.call('GET', `/purchases/${String(purchase['purchaseId'])}`)).body)['status']).toBe('processing');
  });
});
