import { NotFoundError, UnprocessableEntityError } from 'dodopayments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDodoSandbox,
  CUS_ALICE,
  CUS_BOB,
  CUS_CAROL,
  CUS_ERIN,
  CUS_PRIYA,
  PM_AMEX_EXPIRED_0005,
  PM_MC_3DS_3155,
  PM_RUPAY_IN_6011,
  PM_VISA_4242,
  PM_VISA_DECLINED_0002,
  PM_VISA_NORECUR_1881,
  PROD_ADVANCED_MODULE,
  PROD_COMPLETE_BUNDLE,
  PROD_HINDI_COURSE,
  PROD_PRO_MONTHLY,
  SANDBOX_ERROR_CODES,
  SANDBOX_TODAY,
  type DodoSandbox,
} from '../../src/sandbox';
import { formsOf, sdk, startWebhookReceiver, submitForm, type WebhookReceiver } from './helpers';

let sandbox: DodoSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await createDodoSandbox({ webhookUrl: receiver.url, now: () => new Date(SANDBOX_TODAY) });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
beforeEach(async () => {
  await sandbox.webhooks.flush(); // nothing from the previous test may land in this one
  sandbox.reset();
  receiver.received.length = 0;
});

const RETURN_URL = 'https://shop.example/thanks?order=42';

function oneClick(customerId: string, paymentMethodId: string, productId = PROD_COMPLETE_BUNDLE) {
  return sdk(sandbox).checkoutSessions.create({
    product_cart: [{ product_id: productId, quantity: 1 }],
    customer: { customer_id: customerId },
    payment_method_id: paymentMethodId,
    confirm: true,
    return_url: RETURN_URL,
    feature_flags: { redirect_immediately: true },
    metadata: { upsell_purchase_id: 'pur_1' },
  });
}

describe('one-click checkout (payment_method_id + confirm)', () => {
  it('charges a good card at once and keeps the metadata on the payment', async () => {
    const session = await oneClick(CUS_ALICE, PM_VISA_4242);
    expect(session).toMatchObject({ session_id: expect.stringMatching(/^cks_/), payment_id: expect.stringMatching(/^pay_/), checkout_url: null, client_secret: null });

    const payment = await sdk(sandbox).payments.retrieve(session.payment_id ?? '');
    expect(payment).toMatchObject({
      status: 'succeeded',
      total_amount: 14900,
      currency: 'USD',
      customer: { customer_id: CUS_ALICE },
      metadata: { upsell_purchase_id: 'pur_1' },
      product_cart: [{ product_id: PROD_COMPLETE_BUNDLE, quantity: 1 }],
      payment_method_id: PM_VISA_4242,
      card_last_four: '4242',
      checkout_session_id: session.session_id,
      error_code: null,
    });
    expect(sandbox.charges({ customerId: CUS_ALICE, productId: PROD_COMPLETE_BUNDLE })).toHaveLength(1);
  });

  it('rejects payment_method_id without confirm: true with a 422 the SDK raises as UnprocessableEntityError', async () => {
    const error = await sdk(sandbox)
      .checkoutSessions.create({
        product_cart: [{ product_id: PROD_COMPLETE_BUNDLE, quantity: 1 }],
        customer: { customer_id: CUS_ALICE },
        payment_method_id: PM_VISA_4242,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toMatchObject({ status: 422, error: { code: SANDBOX_ERROR_CODES.invalidRequest, message: expect.stringMatching(/confirm/) } });
    expect(sandbox.payments()).toHaveLength(0);
  });

  it('needs customer action for the 3-D Secure card and settles through the action page', async () => {
    const session = await oneClick(CUS_ERIN, PM_MC_3DS_3155);
    expect(session.checkout_url).toBe(`${sandbox.url}/sandbox/action/${session.payment_id}`);
    expect((await sdk(sandbox).payments.retrieve(session.payment_id ?? '')).status).toBe('requires_customer_action');
    expect(sandbox.charges()).toHaveLength(0);

    const html = await (await fetch(session.checkout_url ?? '')).text();
    const complete = formsOf(html).find((f) => f.button === 'Complete authentication');
    expect(complete).toBeDefined();
    const response = await submitForm(sandbox.url, complete?.action ?? '', complete?.fields ?? {});
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://shop.example/thanks');
    expect(Object.fromEntries(location.searchParams)).toEqual({ order: '42', payment_id: session.payment_id, status: 'succeeded' });

    expect((await sdk(sandbox).payments.retrieve(session.payment_id ?? '')).status).toBe('succeeded');
    const [webhook] = await receiver.waitFor(1);
    expect(JSON.parse(webhook?.body ?? '{}')).toMatchObject({ type: 'payment.succeeded', data: { payment_id: session.payment_id } });
  });

  it('records a failed 3-D Secure as a failed payment with AUTHENTICATION_FAILURE', async () => {
    const session = await oneClick(CUS_ERIN, PM_MC_3DS_3155);
    const html = await (await fetch(session.checkout_url ?? '')).text();
    const fail = formsOf(html).find((f) => f.button === 'Fail authentication');
    const response = await submitForm(sandbox.url, fail?.action ?? '', fail?.fields ?? {});
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('status')).toBe('failed');
    expect(await sdk(sandbox).payments.retrieve(session.payment_id ?? '')).toMatchObject({ status: 'failed', error_code: 'AUTHENTICATION_FAILURE' });
  });

  it('answers 200 for a declined card; the payment is failed with CARD_DECLINED', async () => {
    const session = await oneClick(CUS_BOB, PM_VISA_DECLINED_0002, PROD_ADVANCED_MODULE);
    const payment = await sdk(sandbox).payments.retrieve(session.payment_id ?? '');
    expect(payment).toMatchObject({ status: 'failed', error_code: SANDBOX_ERROR_CODES.cardDeclined, error_message: expect.any(String), total_amount: 7900 });
    expect(sandbox.charges()).toHaveLength(0);
    const [webhook] = await receiver.waitFor(1);
    expect(JSON.parse(webhook?.body ?? '{}')).toMatchObject({ type: 'payment.failed', data: { payment_id: session.payment_id, error_code: 'CARD_DECLINED' } });
  });

  it('declines the INR-only RuPay card for a USD product, and charges it for the INR course', async () => {
    const usd = await oneClick(CUS_PRIYA, PM_RUPAY_IN_6011);
    expect(await sdk(sandbox).payments.retrieve(usd.payment_id ?? '')).toMatchObject({ status: 'failed', error_code: 'CURRENCY_NOT_SUPPORTED' });
    const inr = await oneClick(CUS_PRIYA, PM_RUPAY_IN_6011, PROD_HINDI_COURSE);
    expect(await sdk(sandbox).payments.retrieve(inr.payment_id ?? '')).toMatchObject({ status: 'succeeded', currency: 'INR', total_amount: 199900 });
  });

  it('rejects an expired card and a card without recurring_enabled with 422, before charging', async () => {
    await expect(oneClick(CUS_CAROL, PM_AMEX_EXPIRED_0005)).rejects.toMatchObject({ status: 422, error: { code: 'PAYMENT_METHOD_EXPIRED' } });
    await expect(oneClick(CUS_ALICE, PM_VISA_NORECUR_1881)).rejects.toMatchObject({ status: 422, error: { code: 'PAYMENT_METHOD_NOT_REUSABLE' } });
    expect(sandbox.payments()).toHaveLength(0);
  });

  it('refuses a card that belongs to another customer (404) and unknown products (404)', async () => {
    await expect(oneClick(CUS_BOB, PM_VISA_4242)).rejects.toBeInstanceOf(NotFoundError);
    await expect(oneClick(CUS_ALICE, PM_VISA_4242, 'prod_missing')).rejects.toBeInstanceOf(NotFoundError);
    await expect(sdk(sandbox).checkoutSessions.create({ product_cart: [] })).rejects.toBeInstanceOf(UnprocessableEntityError);
    expect(sandbox.payments()).toHaveLength(0);
  });
});

describe('hosted checkout (no payment_method_id)', () => {
  it('returns a checkout URL whose page pays with the first usable card and starts the subscription', async () => {
    const session = await sdk(sandbox).checkoutSessions.create({
      product_cart: [{ product_id: PROD_PRO_MONTHLY, quantity: 1 }],
      customer: { customer_id: CUS_ALICE },
      return_url: RETURN_URL,
      metadata: { source: 'upgrade_fallback' },
    });
    expect(session.checkout_url).toBe(`${sandbox.url}/sandbox/checkout/${session.session_id}`);
    expect(session.payment_id).toBeNull();

    const html = await (await fetch(session.checkout_url ?? '')).text();
    expect(html).not.toContain(PM_AMEX_EXPIRED_0005); // expired cards are not offered
    const [form] = formsOf(html);
    expect(form?.fields).toEqual({ payment_method: PM_VISA_4242 });
    expect(form?.button).toBe('Pay $80.00');

    const response = await submitForm(sandbox.url, form?.action ?? '', form?.fields ?? {});
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('status')).toBe('succeeded');
    const paymentId = location.searchParams.get('payment_id') ?? '';

    const payment = await sdk(sandbox).payments.retrieve(paymentId);
    expect(payment).toMatchObject({ status: 'succeeded', total_amount: 8000, metadata: { source: 'upgrade_fallback' }, checkout_session_id: session.session_id });
    const webhooks = (await receiver.waitFor(2)).map((w) => JSON.parse(w.body) as { type: string; data: { subscription_id?: string } });
    expect(webhooks.map((w) => w.type)).toEqual(['payment.succeeded', 'subscription.active']);
    const subscription = await sdk(sandbox).subscriptions.retrieve(webhooks[1]?.data.subscription_id ?? '');
    expect(subscription).toMatchObject({ product_id: PROD_PRO_MONTHLY, customer: { customer_id: CUS_ALICE }, status: 'active' });

    // A paid session cannot be paid twice.
    expect((await submitForm(sandbox.url, form?.action ?? '', form?.fields ?? {})).status).toBe(409);
    expect(sandbox.charges({ customerId: CUS_ALICE })).toHaveLength(1);
  });

  it('lets a customer without a usable card pay with a new card, which is then saved', async () => {
    const session = await sdk(sandbox).checkoutSessions.create({
      product_cart: [{ product_id: PROD_ADVANCED_MODULE, quantity: 1 }],
      customer: { customer_id: CUS_CAROL },
      return_url: RETURN_URL,
    });
    const [form] = formsOf(await (await fetch(session.checkout_url ?? '')).text());
    expect(form?.fields).toEqual({ payment_method: 'new' });
    await submitForm(sandbox.url, form?.action ?? '', form?.fields ?? {});
    expect(sandbox.charges({ customerId: CUS_CAROL })).toHaveLength(1);
    const { items } = await sdk(sandbox).customers.retrievePaymentMethods(CUS_CAROL);
    expect(items).toHaveLength(2);
    expect(items[0]?.card).toMatchObject({ last4_digits: '4242', expiry_year: '2029' });
  });

  it('sends a 3-D Secure card from the checkout page to the action page', async () => {
    const session = await sdk(sandbox).checkoutSessions.create({
      product_cart: [{ product_id: PROD_ADVANCED_MODULE, quantity: 1 }],
      customer: { customer_id: CUS_ERIN },
      return_url: RETURN_URL,
    });
    const [form] = formsOf(await (await fetch(session.checkout_url ?? '')).text());
    const response = await submitForm(sandbox.url, form?.action ?? '', form?.fields ?? {});
    expect(response.headers.get('location')).toMatch(new RegExp(`^${sandbox.url}/sandbox/action/pay_`));
  });
});
