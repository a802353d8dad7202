import { BadRequestError, type DodoPayments } from 'dodopayments';
import type { PaymentListResponse } from 'dodopayments/resources/index';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDodoSandbox,
  CUS_ALICE,
  CUS_BOB,
  CUS_PRIYA,
  PAYMENT_LIST_DEFAULT_PAGE_SIZE,
  PM_MC_3DS_3155,
  PM_RUPAY_IN_6011,
  PM_VISA_4242,
  PM_VISA_DECLINED_0002,
  PROD_BASIC_MONTHLY,
  PROD_HINDI_COURSE,
  PROD_PRIORITY_SUPPORT,
  PROD_TEMPLATES_PACK,
  SANDBOX_TODAY,
  type DodoSandbox,
} from '../../src/sandbox';
import { sdk } from './helpers';

/** The business clock: each test moves it by hand. */
let clock = Date.parse(SANDBOX_TODAY);
let sandbox: DodoSandbox;
let client: DodoPayments;

beforeAll(async () => {
  sandbox = await createDodoSandbox({ now: () => new Date(clock) });
  client = sdk(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
  clock = Date.parse(SANDBOX_TODAY);
});

/** A one-click checkout at the current clock; returns the payment id. */
async function buy(customerId: string, paymentMethodId: string, productId: string, purchaseId = `pur_${productId}`): Promise<string> {
  const session = await client.checkoutSessions.create({
    product_cart: [{ product_id: productId, quantity: 1 }],
    customer: { customer_id: customerId },
    payment_method_id: paymentMethodId,
    confirm: true,
    metadata: { upsell_purchase_id: purchaseId },
  });
  if (!session.payment_id) throw new Error('no payment');
  return session.payment_id;
}

/** `count` of Alice's purchases, one minute apart; ids oldest first. */
async function aliceBuys(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT, `pur_${i}`));
    clock += 60_000;
  }
  return ids;
}

const idsOf = (items: PaymentListResponse[]): string[] => items.map((item) => item.payment_id);

describe('payments.list: shape', () => {
  it('answers { items } of PaymentListResponse, consistent with payments.retrieve', async () => {
    const paymentId = await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT, 'pur_shape');
    const page = await client.payments.list();
    const full = await client.payments.retrieve(paymentId);
    expect(page.items).toEqual([
      {
        brand_id: full.brand_id,
        created_at: SANDBOX_TODAY,
        currency: full.currency,
        customer: full.customer,
        digital_products_delivered: true,
        has_license_key: false,
        is_multi_subscription: false,
        metadata: { upsell_purchase_id: 'pur_shape' },
        payment_id: paymentId,
        payment_provider: 'dodo',
        subscription_ids: [],
        total_amount: full.total_amount,
        card_last_four: '4242',
        card_network: 'VISA',
        dispute_status: null,
        invoice_id: null,
        invoice_url: null,
        payment_method: 'card',
        payment_method_type: full.payment_method_type,
        refund_status: null,
        status: 'succeeded',
        subscription_id: null,
      } satisfies PaymentListResponse,
    ]);
    // The list is a summary: no cart, billing or error fields.
    expect(page.items[0]).not.toHaveProperty('product_cart');
    expect(page.items[0]).not.toHaveProperty('billing');
    expect(sandbox.calls('GET /payments')).toBe(1);
    expect(sandbox.calls('GET /payments/:id')).toBe(1);
  });

  it('is empty with no payments, and for a customer with none', async () => {
    expect((await client.payments.list()).items).toEqual([]);
    await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT);
    expect((await client.payments.list({ customer_id: CUS_BOB })).items).toEqual([]);
    expect((await client.payments.list({ customer_id: 'cus_nobody' })).items).toEqual([]);
  });

  it('lists a subscription checkout with its new subscription', async () => {
    await buy(CUS_ALICE, PM_VISA_4242, PROD_BASIC_MONTHLY);
    const [item] = (await client.payments.list()).items;
    expect(item?.subscription_ids).toHaveLength(1);
    expect(item?.subscription_id).toBe(item?.subscription_ids[0]);
    expect((await client.payments.list({ subscription_id: String(item?.subscription_id) })).items).toHaveLength(1);
    expect((await client.payments.list({ subscription_id: 'sub_other' })).items).toEqual([]);
  });
});

describe('payments.list: filters and order', () => {
  it('lists newest first; payments in the same millisecond: the later one first', async () => {
    const spaced = await aliceBuys(3);
    expect(idsOf((await client.payments.list()).items)).toEqual([...spaced].reverse());
    sandbox.reset();
    const same = [await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT), await buy(CUS_ALICE, PM_VISA_4242, PROD_TEMPLATES_PACK)];
    expect(idsOf((await client.payments.list()).items)).toEqual([...same].reverse());
  });

  it('filters by customer_id, status, product_id and currency', async () => {
    const aliceSupport = await buy(CUS_ALICE, PM_VISA_4242, PROD_PRIORITY_SUPPORT);
    clock += 1_000;
    const aliceTemplates = await buy(CUS_ALICE, PM_VISA_4242, PROD_TEMPLATES_PACK);
    clock += 1_000;
    const bobDeclined = await buy(CUS_BOB, PM_VISA_DECLINED_0002, PROD_PRIORITY_SUPPORT);
    clock += 1_000;
    const alice3ds = await buy(CUS_ALICE, PM_MC_3DS_3155, PROD_TEMPLATES_PACK);
    clock += 1_000;
    const priyaInr = await buy(CUS_PRIYA, PM_RUPAY_IN_6011, PROD_HINDI_COURSE);
    const inr = (await client.payments.retrieve(priyaInr)).currency;
    expect(inr).toBe('INR');

    expect(idsOf((await client.payments.list({ customer_id: CUS_ALICE })).items)).toEqual([alice3ds, aliceTemplates, aliceSupport]);
    expect(idsOf((await client.payments.list({ status: 'failed' })).items)).toEqual([bobDeclined]);
    expect(idsOf((await client.payments.list({ status: 'requires_customer_action' })).items)).toEqual([alice3ds]);
    expect(idsOf((await client.payments.list({ status: 'succeeded', customer_id: CUS_ALICE })).items)).toEqual([aliceTemplates, aliceSupport]);
    expect(idsOf((await client.payments.list({ product_id: PROD_PRIORITY_SUPPORT })).items)).toEqual([bobDeclined, aliceSupport]);
    expect(idsOf((await client.payments.list({ product_id: PROD_TEMPLATES_PACK, customer_id: CUS_BOB })).items)).toEqual([]);
    expect(idsOf((await client.payments.list({ currency: 'INR' })).items)).toEqual([priyaInr]);
    expect(idsOf((await client.payments.list({ brand_id: sandbox.state.brandId })).items)).toHaveLength(5);
    expect((await client.payments.list({ brand_id: 'brand_other' })).items).toEqual([]);
  });

  it('filters by created_at_gte and created_at_lte, both inclusive', async () => {
    const [first, second, third] = await aliceBuys(3);
    const at = (minutes: number) => new Date(Date.parse(SANDBOX_TODAY) + minutes * 60_000).toISOString();
    expect(idsOf((await client.payments.list({ created_at_gte: at(1) })).items)).toEqual([third, second]);
    expect(idsOf((await client.payments.list({ created_at_lte: at(1) })).items)).toEqual([second, first]);
    expect(idsOf((await client.payments.list({ created_at_gte: at(1), created_at_lte: at(1) })).items)).toEqual([second]);
    expect(idsOf((await client.payments.list({ created_at_gte: at(0.5), created_at_lte: at(1.5) })).items)).toEqual([second]);
    expect((await client.payments.list({ created_at_gte: at(3) })).items).toEqual([]);
    // Any RFC 3339 form, not only toISOString's.
    expect(idsOf((await client.payments.list({ created_at_gte: '2026-11-28T17:31:00+05:30' })).items)).toEqual([third, second]);
  });

  it('finds a payment by the kit’s purchase id the way the server’s reconciliation does', async () => {
    const since = new Date(clock - 60_000);
    await aliceBuys(3);
    const target = await buy(CUS_ALICE, PM_VISA_4242, PROD_TEMPLATES_PACK, 'pur_lost_response');
    await buy(CUS_BOB, PM_VISA_DECLINED_0002, PROD_TEMPLATES_PACK, 'pur_lost_response');
    const page = await client.payments.list({ customer_id: CUS_ALICE, created_at_gte: since.toISOString(), page_size: 100 });
    expect(page.items.find((payment) => payment.metadata['upsell_purchase_id'] === 'pur_lost_response')?.payment_id).toBe(target);
    expect(sandbox.callLog().at(-1)).toMatchObject({
      route: 'GET /payments',
      path: '/payments',
      query: { customer_id: CUS_ALICE, created_at_gte: since.toISOString(), page_size: '100' },
    });
  });
});

describe('payments.list: pages', () => {
  it(`pages are zero-based; page_size defaults to ${PAYMENT_LIST_DEFAULT_PAGE_SIZE}; past the end is empty`, async () => {
    const newestFirst = (await aliceBuys(12)).reverse();
    expect(idsOf((await client.payments.list()).items)).toEqual(newestFirst.slice(0, 10));
    expect(idsOf((await client.payments.list({ page_number: 1 })).items)).toEqual(newestFirst.slice(10));
    expect(idsOf((await client.payments.list({ page_size: 5, page_number: 0 })).items)).toEqual(newestFirst.slice(0, 5));
    expect(idsOf((await client.payments.list({ page_size: 5, page_number: 2 })).items)).toEqual(newestFirst.slice(10, 12));
    expect((await client.payments.list({ page_size: 5, page_number: 3 })).items).toEqual([]);
    expect((await client.payments.list({ page_size: 100 })).items).toHaveLength(12);
    expect((await client.payments.list({ page_size: 0 })).items).toEqual([]);
  });

  it('for await from page_number 0 walks every page once, newest first, and stops at the first empty page', async () => {
    const newestFirst = (await aliceBuys(7)).reverse();
    const before = sandbox.calls('GET /payments');
    const seen: string[] = [];
    for await (const payment of client.payments.list({ customer_id: CUS_ALICE, page_size: 3, page_number: 0 })) seen.push(payment.payment_id);
    expect(seen).toEqual(newestFirst);
    // Pages 0, 1, 2 (one item), then the empty page 3 ends the SDK's iteration.
    expect(sandbox.calls('GET /payments') - before).toBe(4);
    expect(sandbox.callLog().filter((call) => call.route === 'GET /payments').map((call) => call.query['page_number'])).toEqual(['0', '1', '2', '3']);
    // Every request kept the filters.
    expect(sandbox.callLog().filter((call) => call.route === 'GET /payments').every((call) => call.query['customer_id'] === CUS_ALICE)).toBe(true);
  });

  it('iterates pages by hand with hasNextPage / getNextPage', async () => {
    const newestFirst = (await aliceBuys(5)).reverse();
    const pages: string[][] = [];
    for await (const page of (await client.payments.list({ page_size: 2, page_number: 0 })).iterPages()) pages.push(idsOf(page.items));
    expect(pages).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4), []]);
  });

  it('SDK trap: without page_number, for await skips the second page (the SDK assumes page 1, Dodo counts from 0)', async () => {
    // DefaultPageNumberPagination.nextPageRequestOptions: `(query.page_number ?? 1) + 1`, so the
    // request after the implicit page 0 asks for page 2. Pass `page_number: 0` to iterate.
    const newestFirst = (await aliceBuys(7)).reverse();
    const seen: string[] = [];
    for await (const payment of client.payments.list({ page_size: 3 })) seen.push(payment.payment_id);
    expect(seen).toEqual([...newestFirst.slice(0, 3), ...newestFirst.slice(6)]);
    expect(sandbox.callLog().filter((call) => call.route === 'GET /payments').map((call) => call.query['page_number'])).toEqual([undefined, '2', '3']);
  });
});

describe('payments.list: invalid queries', () => {
  it('answers 400 for page_size over 100, a negative or fractional page, a bad date, status or currency', async () => {
    const bad: Array<Record<string, unknown>> = [
      { page_size: 101 },
      { page_size: -1 },
      { page_number: -1 },
      { page_number: 1.5 },
      { created_at_gte: 'yesterday' },
      { created_at_lte: '' },
      { status: 'paid' },
      { currency: 'usd' },
    ];
    for (const query of bad) {
      // Casts: the SDK's types already forbid most of these; a hand-written client might not.
      const error = await client.payments.list(query as never).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(query)).toBeInstanceOf(BadRequestError);
      expect((error as BadRequestError).status).toBe(400);
      expect((error as BadRequestError).error).toMatchObject({ code: 'INVALID_QUERY_PARAMETERS' });
    }
    expect(sandbox.calls('GET /payments')).toBe(bad.length);
  });

  it('needs a bearer token like every API route', async () => {
    const response = await fetch(`${sandbox.url}/payments`);
    expect(response.status).toBe(401);
  });
});
