import { NotFoundError, UnprocessableEntityError } from 'dodopayments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDodoSandbox,
  CUS_ALICE,
  CUS_BOB,
  CUS_DAVE,
  CUS_ERIN,
  PM_MC_3DS_3155,
  PM_VISA_4242,
  PM_VISA_DECLINED_0002,
  PM_VISA_NORECUR_1881,
  PROD_BASIC_MONTHLY,
  PROD_PRIORITY_SUPPORT,
  PROD_TEMPLATES_PACK,
  SANDBOX_TODAY,
  type DodoSandbox,
} from '../../src/sandbox';
import { formsOf, sdk, submitForm } from './helpers';

let sandbox: DodoSandbox;

beforeAll(async () => {
  sandbox = await createDodoSandbox({ now: () => new Date(SANDBOX_TODAY) });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

function crossSell(customerId: string, paymentMethodId?: string, productIds: string[] = [PROD_PRIORITY_SUPPORT]) {
  return sdk(sandbox).payments.create({
    billing: { country: 'US', zipcode: '94104' },
    customer: { customer_id: customerId },
    product_cart: productIds.map((product_id) => ({ product_id, quantity: 1 })),
    ...(paymentMethodId !== undefined && { payment_method_id: paymentMethodId }),
    return_url: 'https://shop.example/orders/7',
    metadata: { upsell_purchase_id: 'pur_cross_1' },
  });
}

describe('payments.create (cross-sell)', () => {
  it('charges a saved card at once and answers the PaymentCreateResponse shape', async () => {
    const created = await crossSell(CUS_ALICE, PM_VISA_4242, [PROD_PRIORITY_SUPPORT, PROD_TEMPLATES_PACK]);
    expect(created).toMatchObject({
      payment_id: expect.stringMatching(/^pay_/),
      client_secret: expect.any(String),
      total_amount: 1900 + 2900,
      customer: { customer_id: CUS_ALICE, email: 'alice@example.com', name: 'Alice Sharma' },
      metadata: { upsell_purchase_id: 'pur_cross_1' },
      payment_link: null,
      product_cart: [
        { product_id: PROD_PRIORITY_SUPPORT, quantity: 1 },
        { product_id: PROD_TEMPLATES_PACK, quantity: 1 },
      ],
    });
    const payment = await sdk(sandbox).payments.retrieve(created.payment_id);
    expect(payment).toMatchObject({ status: 'succeeded', billing: { country: 'US', zipcode: '94104' }, metadata: { upsell_purchase_id: 'pur_cross_1' } });
    expect(sandbox.charges({ productId: PROD_TEMPLATES_PACK })).toHaveLength(1);
  });

  it('follows the card outcome rules: 3-D Secure, decline, not reusable, not owned', async () => {
    const action = await crossSell(CUS_ERIN, PM_MC_3DS_3155);
    expect(action.payment_link).toBe(`${sandbox.url}/sandbox/action/${action.payment_id}`);
    expect((await sdk(sandbox).payments.retrieve(action.payment_id)).status).toBe('requires_customer_action');
    sandbox.completeAction(action.payment_id);
    expect((await sdk(sandbox).payments.retrieve(action.payment_id)).status).toBe('succeeded');

    const declined = await crossSell(CUS_BOB, PM_VISA_DECLINED_0002);
    expect(await sdk(sandbox).payments.retrieve(declined.payment_id)).toMatchObject({ status: 'failed', error_code: 'CARD_DECLINED' });

    await expect(crossSell(CUS_ALICE, PM_VISA_NORECUR_1881)).rejects.toBeInstanceOf(UnprocessableEntityError);
    await expect(crossSell(CUS_DAVE, PM_VISA_4242)).rejects.toBeInstanceOf(NotFoundError);
    expect(sandbox.payments().map((p) => p.status)).toEqual(['succeeded', 'failed']);
  });

  it('rejects subscription products and a missing billing address', async () => {
    await expect(crossSell(CUS_ALICE, PM_VISA_4242, [PROD_BASIC_MONTHLY])).rejects.toMatchObject({ status: 422 });
    const noBilling = await fetch(`${sandbox.url}/payments`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_sandbox', 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { customer_id: CUS_ALICE }, product_cart: [{ product_id: PROD_PRIORITY_SUPPORT, quantity: 1 }] }),
    });
    expect(noBilling.status).toBe(422);
  });

  it('without a saved card returns a payment link whose page settles the same payment', async () => {
    const created = await crossSell(CUS_DAVE);
    expect(created.payment_link).toMatch(new RegExp(`^${sandbox.url}/sandbox/checkout/cks_`));
    expect((await sdk(sandbox).payments.retrieve(created.payment_id)).status).toBe('requires_payment_method');

    const [form] = formsOf(await (await fetch(created.payment_link ?? '')).text());
    const response = await submitForm(sandbox.url, form?.action ?? '', form?.fields ?? {});
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('payment_id')).toBe(created.payment_id);
    expect(await sdk(sandbox).payments.retrieve(created.payment_id)).toMatchObject({ status: 'succeeded', card_last_four: '4242' });
    expect(sandbox.payments()).toHaveLength(1);
  });
});
