import { AuthenticationError, NotFoundError } from 'dodopayments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDodoSandbox,
  CUS_ALICE,
  CUS_DAVE,
  CUS_PRIYA,
  PM_AMEX_EXPIRED_0005,
  PM_MC_3DS_3155,
  PM_RUPAY_IN_6011,
  PM_VISA_4242,
  PM_VISA_NORECUR_1881,
  PROD_BASIC_MONTHLY,
  PROD_HINDI_COURSE,
  PROD_PRIORITY_SUPPORT,
  PROD_PRO_MONTHLY,
  SANDBOX_TODAY,
  SUB_ALICE_BASIC,
  type DodoSandbox,
} from '../../src/sandbox';
import { sdk } from './helpers';

let sandbox: DodoSandbox;

beforeAll(async () => {
  sandbox = await createDodoSandbox({ now: () => new Date(SANDBOX_TODAY) });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

describe('customers', () => {
  it('lists Alice’s saved cards with string expiry fields, most recently used first', async () => {
    const { items } = await sdk(sandbox).customers.retrievePaymentMethods(CUS_ALICE);
    expect(items.map((i) => i.payment_method_id)).toEqual([PM_VISA_4242, PM_MC_3DS_3155, PM_AMEX_EXPIRED_0005, PM_VISA_NORECUR_1881]);
    expect(items[0]).toEqual({
      payment_method_id: PM_VISA_4242,
      payment_method: 'card',
      payment_method_type: 'credit',
      card: {
        card_network: 'VISA',
        last4_digits: '4242',
        expiry_month: '08',
        expiry_year: '2030',
        card_holder_name: 'Alice Sharma',
        card_issuing_country: 'US',
        card_type: 'CREDIT',
      },
      recurring_enabled: true,
      last_used_at: '2026-11-20T10:00:00.000Z',
    });
    expect(items.find((i) => i.payment_method_id === PM_VISA_NORECUR_1881)?.recurring_enabled).toBe(false);
    expect(items.find((i) => i.payment_method_id === PM_AMEX_EXPIRED_0005)?.card).toMatchObject({ expiry_month: '01', expiry_year: '2025' });
  });

  it('reports the issuing country of Priya’s RuPay card and an empty list for Dave', async () => {
    const client = sdk(sandbox);
    const priya = await client.customers.retrievePaymentMethods(CUS_PRIYA);
    expect(priya.items).toHaveLength(1);
    expect(priya.items[0]?.payment_method_id).toBe(PM_RUPAY_IN_6011);
    expect(priya.items[0]?.card?.card_issuing_country).toBe('IN');
    expect((await client.customers.retrievePaymentMethods(CUS_DAVE)).items).toEqual([]);
  });

  it('answers 404 with a Dodo-style error body for an unknown customer', async () => {
    const error = await sdk(sandbox).customers.retrievePaymentMethods('cus_nobody').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('cus_nobody') });
  });

  it('retrieves a customer', async () => {
    const customer = await sdk(sandbox).customers.retrieve(CUS_ALICE);
    expect(customer).toMatchObject({ customer_id: CUS_ALICE, name: 'Alice Sharma', email: 'alice@example.com', business_id: sandbox.state.businessId });
    expect(typeof customer.created_at).toBe('string');
  });
});

describe('products', () => {
  it('serves a recurring plan with its price in minor units and its features', async () => {
    const product = await sdk(sandbox).products.retrieve(PROD_PRO_MONTHLY);
    expect(product).toMatchObject({ product_id: PROD_PRO_MONTHLY, name: 'Pro plan', is_recurring: true, tax_category: 'saas' });
    expect(product.price).toMatchObject({
      type: 'recurring_price',
      price: 8000,
      currency: 'USD',
      payment_frequency_interval: 'Month',
      payment_frequency_count: 1,
    });
    expect(JSON.parse(String(product.metadata['features']))).toContain('Priority support');
  });

  it('serves one-time products, including the INR course', async () => {
    const client = sdk(sandbox);
    expect((await client.products.retrieve(PROD_PRIORITY_SUPPORT)).price).toMatchObject({ type: 'one_time_price', price: 1900, currency: 'USD' });
    expect((await client.products.retrieve(PROD_HINDI_COURSE)).price).toMatchObject({ type: 'one_time_price', price: 199900, currency: 'INR' });
  });

  it('reflects setProductPrice', async () => {
    sandbox.setProductPrice(PROD_BASIC_MONTHLY, 3500);
    const { price } = await sdk(sandbox).products.retrieve(PROD_BASIC_MONTHLY);
    expect(price).toMatchObject({ type: 'recurring_price', price: 3500 });
    sandbox.reset();
    expect(sandbox.state.products.get(PROD_BASIC_MONTHLY)?.price).toBe(3000);
  });
});

describe('subscriptions', () => {
  it('retrieves Alice’s Basic subscription with its billing period', async () => {
    const subscription = await sdk(sandbox).subscriptions.retrieve(SUB_ALICE_BASIC);
    expect(subscription).toMatchObject({
      subscription_id: SUB_ALICE_BASIC,
      product_id: PROD_BASIC_MONTHLY,
      status: 'active',
      quantity: 1,
      recurring_pre_tax_amount: 3000,
      currency: 'USD',
      previous_billing_date: '2026-11-13T00:00:00.000Z',
      next_billing_date: '2026-12-13T00:00:00.000Z',
      payment_method_id: PM_VISA_4242,
      has_payment_method: true,
      customer: { customer_id: CUS_ALICE },
    });
  });
});

describe('protocol', () => {
  it('requires a bearer token, and the configured one when apiKey is set', async () => {
    const locked = await createDodoSandbox({ apiKey: 'sk_test_right' });
    try {
      await expect(sdk(locked, { bearerToken: 'sk_test_wrong' }).customers.retrieve(CUS_ALICE)).rejects.toBeInstanceOf(AuthenticationError);
      await expect(sdk(locked, { bearerToken: 'sk_test_right' }).customers.retrieve(CUS_ALICE)).resolves.toMatchObject({ customer_id: CUS_ALICE });
      const anonymous = await fetch(`${locked.url}/customers/${CUS_ALICE}`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    } finally {
      await locked.close();
    }
  });

  it('answers 404 JSON for unknown routes and 400 for malformed JSON', async () => {
    const headers = { authorization: 'Bearer sk_test_sandbox', 'content-type': 'application/json' };
    const unknown = await fetch(`${sandbox.url}/refunds`, { headers });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    const malformed = await fetch(`${sandbox.url}/checkouts`, { method: 'POST', headers, body: '{"product_cart": [' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'INVALID_JSON' });
  });
});

describe('browser niceties', () => {
  it('answers a browser’s favicon request with a plain 404, not a 401 error body', async () => {
    const response = await fetch(`${sandbox.url}/favicon.ico`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });
});
