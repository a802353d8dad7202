/**
 * A failing upstream: timeouts, 5xx, 409, 429, declines and a connection dropped after the
 * charge. Each must end in 0 double charges and a typed outcome, with a fallback checkout
 * once the outcome is known to be a failure.
 */
import DodoPayments from 'dodopayments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxFault } from '../../src/sandbox/index';
import { chargeAttempts, errorCode, grantOwnership, obj, offersOf, SHOP_ORIGIN, startHarness } from './harness';
import type { Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  // Short waits: these tests decide outcomes themselves.
  await h.reset({ settleWaitMs: 300, reconcileAfterMs: 1_000 });
});

const figures: string[] = [];
afterAll(() => {
  console.log(`[figures] faults (each: one accepted upsell):\n  ${figures.join('\n  ')}`);
});

async function bundleToken(session = 'alice', customer = 'cus_alice'): Promise<string> {
  await grantOwnership(h.store, customer, 'prod_starter_course');
  const offers = offersOf((await h.call('GET', '/offers?placement=post_purchase', { session })).body);
  return String(offers.find((offer) => offer['id'] === 'starter_to_bundle')?.['token']);
}

const buy = (token: string, key: string, session = 'alice') => h.call('POST', '/purchases', { session, body: { offerToken: token, idempotencyKey: key } });

function record(name: string, result: Record<string, unknown>): void {
  figures.push(
    `${name.padEnd(22)} → ${String(result['status'])}${result['code'] ? ` (${String(result['code'])})` : ''}; charge requests ${chargeAttempts(h)}, charges ${h.sandbox.charges().length}, fallback ${result['fallbackCheckoutUrl'] ? 'yes' : 'no'}`,
  );
}

/** Resolves a purchase held as processing the way a later poll does: past the reconcile and abandon windows. */
async function pollLater(purchaseId: unknown, minutes: number): Promise<Record<string, unknown>> {
  h.clock.offsetMs += minutes * 60_000;
  return obj((await h.call('GET', `/purchases/${String(purchaseId)}`)).body);
}

describe('unknown outcomes are held, never retried, never reported as failed', () => {
  for (const [name, fault] of [
    ['timeout', { route: 'POST /checkouts', kind: 'timeout' }],
    ['HTTP-500', { route: 'POST /checkouts', kind: 'status', status: 500 }],
    ['HTTP-503', { route: 'POST /checkouts', kind: 'status', status: 503 }],
  ] as Array<[string, SandboxFault]>) {
    it(`${name}: processing, 1 charge request, then failed with a fallback once Dodo has no payment`, async () => {
      const token = await bundleToken();
      h.sandbox.faults.inject(fault);
      const first = obj((await buy(token, `intent-${name}`)).body);
      expect(first).toMatchObject({ status: 'processing' });
      expect(chargeAttempts(h)).toBe(1); // the SDK did not retry
      // The client retries the same intent after the lost response: the same purchase, no new charge request.
      const again = obj((await buy(token, `intent-${name}`)).body);
      expect(again).toMatchObject({ status: 'processing', purchaseId: first['purchaseId'] });
      // A second intent cannot buy it twice while the first is unresolved.
      expect(errorCode((await buy(token, `intent-${name}-other`)).body)).toBe('already_purchased');

      expect(await pollLater(first['purchaseId'], 2)).toMatchObject({ status: 'processing' });
      const settled = await pollLater(first['purchaseId'], 15);
      expect(settled).toMatchObject({ status: 'failed', code: 'upstream', retryable: true, fallbackCheckoutUrl: expect.any(String) });
      expect(chargeAttempts(h)).toBe(1);
      expect(h.sandbox.charges()).toHaveLength(0);
      record(name, settled);
    });
  }

  it('dropped connection after the charge: processing, settled as succeeded by the webhook, charged once', async () => {
    const token = await bundleToken();
    h.sandbox.faults.inject({ route: 'POST /checkouts', kind: 'drop_after_commit' });
    const response = obj((await buy(token, 'intent-drop')).body);
    // The webhook (metadata carries the purchase id) usually lands within the settle wait.
    const final = response['status'] === 'succeeded' ? response : obj((await h.call('GET', `/purchases/${String(response['purchaseId'])}`)).body);
    expect(final).toMatchObject({ status: 'succeeded', amount: { minor: 14900 } });
    expect(chargeAttempts(h)).toBe(1);
    expect(h.sandbox.charges()).toHaveLength(1);
    record('drop after charge', final);
  });

  it('dropped connection and a lost webhook: a later poll finds the payment by its purchase id', async () => {
    const token = await bundleToken();
    h.sandbox.webhooks.setAutoDeliver(false);
    h.sandbox.faults.inject({ route: 'POST /checkouts', kind: 'drop_after_commit' });
    const response = obj((await buy(token, 'intent-drop-lost')).body);
    expect(response['status']).toBe('processing');
    // Without a payment id the server looks the payment up by its metadata (payments.list).
    const later = await pollLater(response['purchaseId'], 2);
    expect(later).toMatchObject({ status: 'succeeded', amount: { minor: 14900 } });
    // Served by the sandbox's own GET /payments, filtered to the customer.
    expect(h.sandbox.callLog().find((call) => call.route === 'GET /payments')?.query).toMatchObject({ customer_id: 'cus_alice', created_at_gte: expect.any(String) });
    // The webhook arriving late changes nothing.
    await h.sandbox.webhooks.deliverPending();
    expect(obj((await h.call('GET', `/purchases/${String(response['purchaseId'])}`)).body)).toMatchObject({ status: 'succeeded' });
    expect(h.sandbox.charges()).toHaveLength(1);
    expect(chargeAttempts(h)).toBe(1);
    record('drop + lost webhook', later);
  });

  it('a lost webhook with a known payment id: GET /purchases/:id looks the payment up once per window', async () => {
    const token = await bundleToken();
    h.sandbox.webhooks.setAutoDeliver(false);
    const response = obj((await buy(token, 'intent-lost-webhook')).body);
    expect(response['status']).toBe('processing');
    // Polling right away does not hit Dodo: the webhook is still expected.
    expect(obj((await h.call('GET', `/purchases/${String(response['purchaseId'])}`)).body)['status']).toBe('processing');
    expect(h.sandbox.calls('GET /payments/:id')).toBe(0);
    h.clock.offsetMs += 2_000;
    const settled = await Promise.all([1, 2, 3].map(() => h.call('GET', `/purchases/${String(response['purchaseId'])}`)));
    expect(settled.map((item) => obj(item.body)['status'])).toContain('succeeded');
    expect(h.sandbox.calls('GET /payments/:id')).toBe(1);
    expect(h.sandbox.charges()).toHaveLength(1);
  });

  it('without maxRetries: 0 the SDK itself would have charged again (the trap the gateway avoids)', async () => {
    h.sandbox.faults.inject({ route: 'POST /checkouts', kind: 'drop_after_commit' });
    const naive = new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: h.sandbox.url, timeout: 1_500 });
    await naive.checkoutSessions
      .create({
        product_cart: [{ product_id: 'prod_templates_pack', quantity: 1 }],
        customer: { customer_id: 'cus_alice' },
        payment_method_id: 'pm_visa_4242',
        confirm: true,
        return_url: `${SHOP_ORIGIN}/thanks`,
      })
      .catch(() => null);
    const charges = h.sandbox.charges({ productId: 'prod_templates_pack' }).length;
    figures.push(`SDK defaults (retries on) after a dropped charge → ${charges} charges for one click`);
    expect(charges).toBe(2);
  });
});

describe('refusals are failures with a fallback, and nothing is charged', () => {
  for (const [name, status, code, retryable] of [
    ['HTTP 409', 409, 'upstream', true],
    ['HTTP 429', 429, 'rate_limited', true],
    ['HTTP 422', 422, 'payment_method_unusable', false],
  ] as Array<[string, number, string, boolean]>) {
    it(`${name} → failed ${code}`, async () => {
      const token = await bundleToken();
      h.sandbox.faults.inject({ route: 'POST /checkouts', kind: 'status', status });
      const response = await buy(token, `intent-${status}`);
      expect(response.status).toBe(200);
      const result = obj(response.body);
      expect(result).toMatchObject({ status: 'failed', code, retryable, fallbackCheckoutUrl: expect.any(String) });
      expect(JSON.stringify(result)).not.toMatch(/Injected fault|SANDBOX_FAULT/);
      expect(chargeAttempts(h)).toBe(1);
      expect(h.sandbox.charges()).toHaveLength(0);
      record(name, result);
      // The failed attempt frees the offer for a new intent, which can succeed.
      expect(obj((await buy(token, `intent-${status}-retry`)).body)).toMatchObject({ status: 'succeeded' });
      expect(h.sandbox.charges()).toHaveLength(1);
    });
  }

  it('card declined → failed payment_declined with a fallback', async () => {
    const token = await bundleToken('bob', 'cus_bob');
    const result = obj((await buy(token, 'intent-declined', 'bob')).body);
    expect(result).toMatchObject({ status: 'failed', code: 'payment_declined', fallbackCheckoutUrl: expect.any(String) });
    expect(h.sandbox.charges()).toHaveLength(0);
    record('card declined', result);
  });

  it('slow upstream (latency) still settles once', async () => {
    const token = await bundleToken();
    h.sandbox.faults.inject({ route: 'POST /checkouts', kind: 'latency', ms: 400 });
    const result = obj((await buy(token, 'intent-slow')).body);
    const final = result['status'] === 'succeeded' ? result : obj((await h.call('GET', `/purchases/${String(result['purchaseId'])}`)).body);
    expect(final['status']).toBe('succeeded');
    expect(h.sandbox.charges()).toHaveLength(1);
    record('latency 400 ms', final);
  });
});

describe('plan changes under faults', () => {
  it('409 from a pending change → plan_change_pending, nothing changed', async () => {
    h.sandbox.setSubscriptionPendingChange('sub_alice_basic', true);
    const preview = await h.call('POST', '/plan-changes/preview', {
      body: { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' },
    });
    expect(preview.status).toBe(409);
    expect(errorCode(preview.body)).toBe('plan_change_pending');
    expect(h.mutatingCalls()).toBe(0);
  });

  it('5xx on change-plan → processing, not retried, not failed', async () => {
    const preview = obj(
      (
        await h.call('POST', '/plan-changes/preview', {
          body: { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' },
        })
      ).body,
    );
    h.sandbox.faults.inject({ route: 'POST /subscriptions/:id/change-plan', kind: 'status', status: 502 });
    const result = await h.call('POST', '/plan-changes', { body: { quoteToken: preview['quoteToken'], idempotencyKey: 'intent-plan-502' } });
    expect(obj(result.body)).toEqual({ status: 'processing', subscriptionId: 'sub_alice_basic' });
    expect(h.sandbox.calls('POST /subscriptions/:id/change-plan')).toBe(1);
    const replay = await h.call('POST', '/plan-changes', { body: { quoteToken: preview['quoteToken'], idempotencyKey: 'intent-plan-502' } });
    expect(obj(replay.body)).toEqual({ status: 'processing', subscriptionId: 'sub_alice_basic' });
    expect(h.sandbox.calls('POST /subscriptions/:id/change-plan')).toBe(1);
  });
});
