import DodoPayments from 'dodopayments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDodoSandbox,
  CUS_ALICE,
  CUS_BOB,
  PM_VISA_4242,
  PM_VISA_DECLINED_0002,
  PROD_PRIORITY_SUPPORT,
  PROD_TEMPLATES_PACK,
  SANDBOX_TODAY,
  SANDBOX_WEBHOOK_SECRET,
  type DodoSandbox,
} from '../../src/sandbox';
import { sdk, startWebhookReceiver, type WebhookReceiver } from './helpers';

let sandbox: DodoSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await createDodoSandbox({ webhookUrl: receiver.url });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
beforeEach(async () => {
  await sandbox.webhooks.flush();
  sandbox.reset();
  receiver.received.length = 0;
  receiver.respondWith(200);
});

function buy(customerId: string, paymentMethodId: string, productId: string) {
  return sdk(sandbox).checkoutSessions.create({
    product_cart: [{ product_id: productId, quantity: 1 }],
    customer: { customer_id: customerId },
    payment_method_id: paymentMethodId,
    confirm: true,
    metadata: { upsell_purchase_id: `pur_${productId}` },
  });
}

describe('webhook delivery', () => {
  it('signs with Standard Webhooks so the SDK’s webhooks.unwrap accepts it', async () => {
    const session = await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT);
    const [webhook] = await receiver.waitFor(1);
    if (!webhook) throw new Error('no webhook');
    expect(Object.keys(webhook.headers)).toEqual(expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']));

    const client = new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: sandbox.url, webhookKey: SANDBOX_WEBHOOK_SECRET });
    const event = client.webhooks.unwrap(webhook.body, { headers: webhook.headers });
    expect(event).toMatchObject({
      type: 'payment.succeeded',
      business_id: sandbox.state.businessId,
      data: { payment_id: session.payment_id, status: 'succeeded', metadata: { upsell_purchase_id: `pur_${PROD_PRIORITY_SUPPORT}` } },
    });
    // A tampered body or another key fails verification.
    expect(() => client.webhooks.unwrap(webhook.body.replace('succeeded', 'failed'), { headers: webhook.headers })).toThrow();
    expect(() => client.webhooks.unwrap(webhook.body, { headers: webhook.headers, key: 'whsec_' + Buffer.from('another key of 32 bytes........').toString('base64') })).toThrow();
    await sandbox.webhooks.flush(); // the attempt is logged once the receiver's answer is in
    expect(sandbox.webhooks.sent()).toMatchObject([{ id: webhook.headers['webhook-id'], type: 'payment.succeeded', status: 200, attempt: 1 }]);
  });

  it('sends payment.failed for a declined charge', async () => {
    await buy(CUS_BOB, PM_VISA_DECLINED_0002, PROD_PRIORITY_SUPPORT);
    const [webhook] = await receiver.waitFor(1);
    expect(JSON.parse(webhook?.body ?? '{}')).toMatchObject({ type: 'payment.failed', data: { status: 'failed', error_code: 'CARD_DECLINED', payload_type: 'Payment' } });
  });

  it('redelivers with the same webhook-id and body, freshly signed', async () => {
    await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT);
    const [first] = await receiver.waitFor(1);
    const id = first?.headers['webhook-id'] ?? '';
    const response = await sandbox.webhooks.redeliver(id);
    expect(response?.status).toBe(200);
    const [, second] = await receiver.waitFor(2);
    expect(second?.headers['webhook-id']).toBe(id);
    expect(second?.body).toBe(first?.body);
    const client = sdk(sandbox);
    expect(() => client.webhooks.unwrap(second?.body ?? '', { headers: second?.headers ?? {} })).not.toThrow();
    expect(sandbox.webhooks.sent().map((s) => [s.id, s.attempt])).toEqual([
      [id, 1],
      [id, 2],
    ]);
  });

  it('queues when auto-delivery is off and delivers the queue in reverse on demand', async () => {
    sandbox.webhooks.setAutoDeliver(false);
    const a = await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT);
    const b = await buy(CUS_ALICE, PM_VISA_4242, PROD_TEMPLATES_PACK);
    await sandbox.webhooks.flush();
    expect(receiver.received).toHaveLength(0);
    expect(sandbox.webhooks.pending().map((p) => (p.event.data as { payment_id: string }).payment_id)).toEqual([a.payment_id, b.payment_id]);

    await sandbox.webhooks.deliverPending({ reverse: true });
    const ids = receiver.received.map((r) => (JSON.parse(r.body) as { data: { payment_id: string } }).data.payment_id);
    expect(ids).toEqual([b.payment_id, a.payment_id]);
    expect(sandbox.webhooks.pending()).toEqual([]);
  });

  it('queues without a URL, and records (never throws) a receiver error or an unreachable URL', async () => {
    sandbox.webhooks.setUrl(null);
    await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT);
    expect(sandbox.webhooks.pending()).toHaveLength(1);

    receiver.respondWith(500);
    sandbox.webhooks.setUrl(receiver.url);
    await sandbox.webhooks.deliverPending();
    expect(sandbox.webhooks.sent()).toMatchObject([{ status: 500, error: null }]);

    sandbox.webhooks.setUrl('http://127.0.0.1:9/unreachable');
    await buy(CUS_ALICE, PM_VISA_4242, PROD_TEMPLATES_PACK);
    await sandbox.webhooks.flush();
    expect(sandbox.webhooks.sent()[1]).toMatchObject({ status: null, error: expect.any(String) });
  });

  it('signs with real time even when the business clock is fixed; webhookNow makes stale webhooks', async () => {
    const fixed = await createDodoSandbox({ webhookUrl: receiver.url, now: () => new Date(SANDBOX_TODAY) });
    const stale = await createDodoSandbox({ webhookUrl: receiver.url, webhookNow: () => new Date(Date.now() - 3_600_000) });
    try {
      for (const box of [fixed, stale]) {
        await sdk(box).checkoutSessions.create({
          product_cart: [{ product_id: PROD_PRIORITY_SUPPORT, quantity: 1 }],
          customer: { customer_id: CUS_ALICE },
          payment_method_id: PM_VISA_4242,
          confirm: true,
        });
        await box.webhooks.flush();
      }
      const [fromFixed, fromStale] = receiver.received;
      const client = sdk(sandbox);
      expect(client.webhooks.unwrap(fromFixed?.body ?? '', { headers: fromFixed?.headers ?? {} })).toMatchObject({ timestamp: SANDBOX_TODAY });
      expect(() => client.webhooks.unwrap(fromStale?.body ?? '', { headers: fromStale?.headers ?? {} })).toThrow(/timestamp/i);
    } finally {
      await fixed.close();
      await stale.close();
    }
  });
});

describe('hand-made events: webhooks.send', () => {
  it('sends a late payment.failed for a payment that succeeded, signed so the SDK’s unwrap accepts it', async () => {
    const session = await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT);
    await receiver.waitFor(1);
    const payment = await sdk(sandbox).payments.retrieve(String(session.payment_id));
    const id = sandbox.webhooks.send('payment.failed', { ...payment, status: 'failed', error_code: 'CARD_DECLINED' });
    expect(id).toMatch(/^msg_/);
    const [, late] = await receiver.waitFor(2);
    expect(late?.headers['webhook-id']).toBe(id);
    const event = sdk(sandbox).webhooks.unwrap(late?.body ?? '', { headers: late?.headers ?? {} });
    expect(event).toMatchObject({
      type: 'payment.failed',
      business_id: sandbox.state.businessId,
      data: { payment_id: session.payment_id, status: 'failed', error_code: 'CARD_DECLINED', payload_type: 'Payment' },
    });
    await sandbox.webhooks.flush();
    expect(sandbox.webhooks.sent().map((s) => [s.type, s.status, s.responseBody])).toEqual([
      ['payment.succeeded', 200, ''],
      ['payment.failed', 200, ''],
    ]);
    // Only a webhook: the payment itself is untouched.
    expect((await sdk(sandbox).payments.retrieve(String(session.payment_id))).status).toBe('succeeded');
  });

  it('takes any SDK event type, a chosen webhook-id, timestamp and business id; queues like the sandbox’s own', async () => {
    sandbox.webhooks.setAutoDeliver(false);
    const id = sandbox.webhooks.send(
      'refund.succeeded',
      {
        brand_id: 'brand_other',
        business_id: 'bus_other',
        created_at: SANDBOX_TODAY,
        metadata: {},
        customer: { customer_id: CUS_ALICE, email: 'alice@example.com', name: 'Alice Sharma' },
        is_partial: false,
        payment_id: 'pay_refunded',
        refund_id: 'ref_1',
        status: 'succeeded',
        amount: 100,
        currency: 'USD',
        reason: null,
      },
      { id: 'msg_chosen', timestamp: SANDBOX_TODAY, businessId: 'bus_other' },
    );
    expect(id).toBe('msg_chosen');
    const [queued] = sandbox.webhooks.pending();
    expect(queued).toMatchObject({ id: 'msg_chosen', type: 'refund.succeeded', attempt: 0, event: { business_id: 'bus_other', timestamp: SANDBOX_TODAY } });
    expect(JSON.parse(queued?.body ?? '{}')).toMatchObject({ data: { payload_type: 'Refund', refund_id: 'ref_1' } });
    expect(receiver.received).toHaveLength(0);
    await sandbox.webhooks.deliverPending();
    const [delivered] = await receiver.waitFor(1);
    expect(sdk(sandbox).webhooks.unwrap(delivered?.body ?? '', { headers: delivered?.headers ?? {} })).toMatchObject({ type: 'refund.succeeded' });
    // Redelivery works for a sent event too.
    expect((await sandbox.webhooks.redeliver('msg_chosen'))?.status).toBe(200);
    expect(() => sandbox.webhooks.send('payment.failed', {} as never, { id: '' })).toThrow(RangeError);
  });

  it('reuses a webhook-id for a different body (a replay with other content)', async () => {
    sandbox.webhooks.setAutoDeliver(false);
    await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT);
    const [original] = sandbox.webhooks.pending();
    if (original?.event.type !== 'payment.succeeded') throw new Error('expected payment.succeeded');
    sandbox.webhooks.send('payment.failed', { ...original.event.data, status: 'failed' }, { id: original.id });
    expect(sandbox.webhooks.pending().map((p) => [p.id, p.type])).toEqual([
      [original.id, 'payment.succeeded'],
      [original.id, 'payment.failed'],
    ]);
    await sandbox.webhooks.deliverPending();
    const [first, second] = await receiver.waitFor(2);
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(second?.body).not.toBe(first?.body);
  });
});

describe('deliverPending order', () => {
  async function queueThree(): Promise<string[]> {
    sandbox.webhooks.setAutoDeliver(false);
    const ids: string[] = [];
    for (const product of [PROD_PRIORITY_SUPPORT, PROD_TEMPLATES_PACK, PROD_PRIORITY_SUPPORT]) ids.push(String((await buy(CUS_ALICE, PM_VISA_4242, product)).payment_id));
    return ids;
  }
  const deliveredPayments = () => receiver.received.map((r) => (JSON.parse(r.body) as { data: { payment_id: string } }).data.payment_id);

  it("order: 'reverse' is reverse: true", async () => {
    const [a, b, c] = await queueThree();
    await sandbox.webhooks.deliverPending({ order: 'reverse' });
    expect(deliveredPayments()).toEqual([c, b, a]);
  });

  it('order: indexes into pending() pick the order; unlisted webhooks stay queued', async () => {
    const [a, b, c] = await queueThree();
    await sandbox.webhooks.deliverPending({ order: [2, 0] });
    expect(deliveredPayments()).toEqual([c, a]);
    expect(sandbox.webhooks.pending().map((p) => (p.event.data as { payment_id: string }).payment_id)).toEqual([b]);
    await sandbox.webhooks.deliverPending();
    expect(deliveredPayments()).toEqual([c, a, b]);
  });

  it('rejects a repeated, fractional or out-of-range index and delivers nothing', async () => {
    await queueThree();
    for (const order of [[0, 0], [3], [-1], [0.5]]) {
      await expect(sandbox.webhooks.deliverPending({ order })).rejects.toThrow(RangeError);
    }
    expect(sandbox.webhooks.pending()).toHaveLength(3);
    expect(receiver.received).toHaveLength(0);
  });
});
