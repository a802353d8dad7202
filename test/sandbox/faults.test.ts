import { APIConnectionError, APIConnectionTimeoutError, InternalServerError, RateLimitError } from 'dodopayments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDodoSandbox, CUS_ALICE, PM_VISA_4242, PROD_COMPLETE_BUNDLE, SUB_ALICE_BASIC, type DodoSandbox } from '../../src/sandbox';
import { sdk } from './helpers';

let sandbox: DodoSandbox;

beforeAll(async () => {
  sandbox = await createDodoSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function buyBundle(client = sdk(sandbox)) {
  return client.checkoutSessions.create({
    product_cart: [{ product_id: PROD_COMPLETE_BUNDLE, quantity: 1 }],
    customer: { customer_id: CUS_ALICE },
    payment_method_id: PM_VISA_4242,
    confirm: true,
    metadata: { upsell_purchase_id: 'pur_fault' },
  });
}

describe('call counting', () => {
  it('counts every request per route template and in total, and logs bodies', async () => {
    const client = sdk(sandbox);
    await client.customers.retrievePaymentMethods(CUS_ALICE);
    await client.customers.retrievePaymentMethods('cus_bob');
    await client.subscriptions.retrieve(SUB_ALICE_BASIC);
    await buyBundle();
    await client.payments.retrieve('pay_missing').catch(() => undefined);

    expect(sandbox.calls('GET /customers/:id/payment-methods')).toBe(2);
    expect(sandbox.calls('GET /subscriptions/:id')).toBe(1);
    expect(sandbox.calls('POST /checkouts')).toBe(1);
    expect(sandbox.calls('GET /payments/:id')).toBe(1);
    expect(sandbox.calls('POST /payments')).toBe(0);
    expect(sandbox.calls()).toBe(5);
    const checkout = sandbox.callLog().find((c) => c.route === 'POST /checkouts');
    expect(checkout).toMatchObject({ method: 'POST', path: '/checkouts', body: { payment_method_id: PM_VISA_4242, confirm: true } });

    sandbox.reset();
    expect(sandbox.calls()).toBe(0);
    expect(sandbox.callLog()).toEqual([]);
  });
});

describe('faults', () => {
  it('status: answers the status without charging, for `times` requests, and still counts them', async () => {
    sandbox.faults.inject({ route: 'POST /checkouts', kind: 'status', status: 502, times: 2 });
    await expect(buyBundle()).rejects.toBeInstanceOf(InternalServerError);
    await expect(buyBundle()).rejects.toMatchObject({ status: 502 });
    await expect(buyBundle()).resolves.toMatchObject({ payment_id: expect.any(String) });
    expect(sandbox.calls('POST /checkouts')).toBe(3);
    expect(sandbox.charges()).toHaveLength(1);

    sandbox.faults.inject({ route: 'GET /products/:id', kind: 'status', status: 429 });
    await expect(sdk(sandbox).products.retrieve(PROD_COMPLETE_BUNDLE)).rejects.toBeInstanceOf(RateLimitError);
  });

  it('latency: answers normally after the delay', async () => {
    sandbox.faults.inject({ route: 'GET /subscriptions/:id', kind: 'latency', ms: 150 });
    const started = Date.now();
    await expect(sdk(sandbox).subscriptions.retrieve(SUB_ALICE_BASIC)).resolves.toMatchObject({ subscription_id: SUB_ALICE_BASIC });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('timeout: never answers, so the SDK times out; nothing is charged', async () => {
    sandbox.faults.inject({ route: 'POST /checkouts', kind: 'timeout' });
    await expect(buyBundle(sdk(sandbox, { timeout: 200 }))).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(sandbox.charges()).toHaveLength(0);
    expect(sandbox.calls('POST /checkouts')).toBe(1);
  });

  it('drop_after_commit: the charge is made but the SDK only sees a connection error', async () => {
    sandbox.faults.inject({ route: 'POST /checkouts', kind: 'drop_after_commit' });
    const error = await buyBundle().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(sandbox.charges({ customerId: CUS_ALICE })).toMatchObject([{ status: 'succeeded', metadata: { upsell_purchase_id: 'pur_fault' } }]);
  });

  it('drop_after_commit with the SDK’s default retries charges twice: why mutating calls need maxRetries: 0', async () => {
    sandbox.faults.inject({ route: 'POST /checkouts', kind: 'drop_after_commit' });
    await buyBundle(sdk(sandbox, { maxRetries: 2 }));
    expect(sandbox.calls('POST /checkouts')).toBe(2);
    expect(sandbox.charges({ customerId: CUS_ALICE })).toHaveLength(2);
  });

  it('clear() disarms faults', async () => {
    sandbox.faults.inject({ route: 'GET /subscriptions/:id', kind: 'status', status: 500, times: 5 });
    sandbox.faults.clear();
    await expect(sdk(sandbox).subscriptions.retrieve(SUB_ALICE_BASIC)).resolves.toBeDefined();
  });
});
