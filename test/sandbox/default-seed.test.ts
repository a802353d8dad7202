import { describe, expect, it } from 'vitest';
import { GUIDE_CARDS, GUIDE_CUSTOMERS, GUIDE_PRODUCTS } from '../../src/memory';
import {
  CUS_ALICE,
  CUS_DAVE,
  CUS_PRIYA,
  DEFAULT_SEED,
  PM_MC_3DS_3155,
  PM_RUPAY_IN_6011,
  PM_VISA_4242,
  PM_VISA_DECLINED_0002,
  PROD_BASIC_MONTHLY,
  PROD_PLUS_MONTHLY,
  PROD_PRO_MONTHLY,
  PROD_STARTER_COURSE,
  SUB_ALICE_BASIC,
  SUB_BOB_PRO,
  SUB_DAVE_PLUS,
  SUB_ERIN_BASIC,
} from '../../src/sandbox';

const product = (id: string) => DEFAULT_SEED.products.find((p) => p.product_id === id);
const card = (id: string) => DEFAULT_SEED.payment_methods.find((m) => m.payment_method_id === id);
const customer = (id: string) => DEFAULT_SEED.customers.find((c) => c.customer_id === id);
const subscription = (id: string) => DEFAULT_SEED.subscriptions.find((s) => s.subscription_id === id);

describe('DEFAULT_SEED, mapped from the guide’s catalogue', () => {
  it('serves every catalogue product, card and customer, in the catalogue’s order', () => {
    expect(DEFAULT_SEED.products.map((p) => [p.product_id, p.name, p.description, p.price, p.currency, p.features])).toEqual(
      GUIDE_PRODUCTS.map((p) => [p.id, p.name, p.description, p.priceMinor, p.currency, p.features]),
    );
    expect(DEFAULT_SEED.payment_methods.map((m) => m.payment_method_id)).toEqual(GUIDE_CARDS.map((c) => c.id));
    expect(DEFAULT_SEED.customers.map((c) => [c.customer_id, c.name, c.email])).toEqual(GUIDE_CUSTOMERS.map((c) => [c.id, c.name, c.email]));
  });

  it('restates products in Dodo’s shape: a monthly plan recurs every Month and ranks by price', () => {
    expect(product(PROD_BASIC_MONTHLY)).toMatchObject({ recurring: { interval: 'Month', count: 1 }, tax_category: 'saas', metadata: { plan_rank: 1 } });
    expect(product(PROD_PLUS_MONTHLY)?.metadata).toEqual({ plan_rank: 2 });
    expect(product(PROD_PRO_MONTHLY)?.metadata).toEqual({ plan_rank: 3, badge: 'Most popular' });
    expect(product(PROD_STARTER_COURSE)).toMatchObject({ recurring: null, tax_category: 'edtech', metadata: {} });
  });

  it('restates cards in Dodo’s shape, with the sandbox’s behaviour names', () => {
    expect(card(PM_VISA_4242)).toMatchObject({ card_network: 'VISA', expiry_month: '08', expiry_year: '2030', behavior: 'succeed', card_type: 'CREDIT' });
    expect(card(PM_MC_3DS_3155)).toMatchObject({ card_network: 'MASTERCARD', card_holder_name: 'Erin Rao', behavior: 'requires_action' });
    expect(card(PM_VISA_DECLINED_0002)).toMatchObject({ behavior: 'decline', card_type: 'DEBIT' });
    expect(card(PM_RUPAY_IN_6011)).toMatchObject({ card_network: 'RUPAY', card_issuing_country: 'IN', currencies: ['INR'] });
  });

  it('lists each customer’s cards with when the catalogue says they were last used', () => {
    expect(customer(CUS_ALICE)?.payment_methods[0]).toEqual({ payment_method_id: PM_VISA_4242, last_used_at: GUIDE_CARDS[0]?.lastUsedAt });
    expect(customer(CUS_PRIYA)?.country).toBe('IN');
    expect(customer(CUS_DAVE)?.payment_methods).toEqual([]);
  });

  it('prices subscriptions from their plan and renews them on the customer’s first card', () => {
    expect(DEFAULT_SEED.subscriptions.map((s) => s.subscription_id)).toEqual([SUB_ALICE_BASIC, SUB_BOB_PRO, SUB_DAVE_PLUS, SUB_ERIN_BASIC]);
    expect(subscription(SUB_ALICE_BASIC)).toMatchObject({
      customer_id: CUS_ALICE,
      recurring_pre_tax_amount: 3000,
      currency: 'USD',
      previous_billing_date: '2026-11-13T00:00:00.000Z',
      next_billing_date: '2026-12-13T00:00:00.000Z',
      payment_method_id: PM_VISA_4242,
      pending_change: false,
      credit_balance: 0,
    });
    expect(subscription(SUB_DAVE_PLUS)).toMatchObject({ payment_method_id: null, pending_change: true });
    expect(subscription(SUB_ERIN_BASIC)).toMatchObject({ recurring_pre_tax_amount: 3000, payment_method_id: PM_MC_3DS_3155, pending_change: false });
  });
});
