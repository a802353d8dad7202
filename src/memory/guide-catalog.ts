/**
 * The catalogue of Dodo's "Upsells and Downsells" guide as plain data: products, saved
 * cards and customers. The memory adapter simulates it and the sandbox's default seed is
 * mapped from it (src/sandbox/default-seed.ts), so a story, a unit test and an end-to-end
 * run all speak of the same things. Plain data only: no Dodo shapes, no Node imports.
 */
import type { BillingInterval, PaymentMethodRecord } from '../core/types';

/** Dodo's tax category of a product (what Dodo taxes it as). */
export type ProductTaxCategory = 'digital_products' | 'saas' | 'e_book' | 'edtech' | 'live_tutoring';

/** A product of the guide's catalogue. */
export interface CatalogProduct {
  /** Dodo product id. */
  id: string;
  /** Display name. */
  name: string;
  /** One-sentence value statement. */
  description: string;
  /** Price in minor units. */
  priceMinor: number;
  /** ISO 4217 currency. */
  currency: string;
  /** Billing interval, null for one-time products. */
  interval: BillingInterval | null;
  /** Feature bullets for plan comparisons. */
  features: string[];
  /** What Dodo taxes it as. @default 'digital_products' */
  taxCategory?: ProductTaxCategory;
  /** A label the shop shows beside it ("Most popular"), if any. @default null */
  badge?: string | null;
}

/** How a simulated card behaves when charged off-session. */
export type CardBehaviour = 'succeeds' | 'requires_action' | 'declined';

/** Whether a card draws on credit or on a bank account. */
export type CardFunding = 'credit' | 'debit';

/** A saved card of the guide's catalogue with its simulated behaviour. */
export interface CatalogCard extends PaymentMethodRecord {
  /** What happens when it is charged. */
  behaviour: CardBehaviour;
  /** Name on the card. @default the name of the first customer who saved it */
  holderName?: string;
  /** Credit or debit card. @default 'credit' */
  funding?: CardFunding;
}

/** A subscription of the guide's catalogue. */
export interface CatalogSubscription {
  /** Dodo subscription id. */
  id: string;
  /** Product of the current plan. */
  productId: string;
  /** Units. */
  quantity: number;
  /** ISO start of the current billing period. */
  periodStart: string;
  /** ISO end of the current billing period (next renewal). */
  periodEnd: string;
  /** Whether Dodo is still processing an earlier plan change (→ 409). */
  pendingChange: boolean;
}

/** A customer of the guide's catalogue. */
export interface CatalogCustomer {
  /** Dodo customer id. */
  id: string;
  /** Name. */
  name: string;
  /** Email. */
  email: string;
  /** ISO 3166 alpha-2 billing country. @default 'US' */
  country?: string;
  /** Saved cards, in Dodo's order. */
  cardIds: string[];
  /** Their subscription, if any. */
  subscription: CatalogSubscription | null;
}

const product = (
  id: string,
  name: string,
  priceMinor: number,
  interval: BillingInterval | null,
  description: string,
  features: string[],
  extra: { currency?: string; taxCategory?: ProductTaxCategory; badge?: string } = {},
): CatalogProduct => ({
  id,
  name,
  description,
  priceMinor,
  currency: extra.currency ?? 'USD',
  interval,
  features,
  taxCategory: extra.taxCategory ?? 'digital_products',
  badge: extra.badge ?? null,
});

/** Products of the guide: three upgrade pairs, their downsells, cross-sells and an INR course. */
export const GUIDE_PRODUCTS: readonly CatalogProduct[] = [
  product('prod_basic_monthly', 'Basic plan', 3000, 'month', 'For individuals getting started.', ['3 projects', 'Email support'], { taxCategory: 'saas' }),
  product('prod_plus_monthly', 'Plus plan', 5000, 'month', 'More room to grow, at a gentler price.', ['10 projects', 'Email support', 'Custom domain'], { taxCategory: 'saas' }),
  product('prod_pro_monthly', 'Pro plan', 8000, 'month', 'Everything a growing team needs.', ['Unlimited projects', 'Priority support', 'Custom domain', 'Team analytics'], { taxCategory: 'saas', badge: 'Most popular' }),
  product('prod_starter_course', 'Starter course', 4900, null, 'The essentials, in eight lessons.', ['8 lessons', 'Community access'], { taxCategory: 'edtech' }),
  product('prod_complete_bundle', 'Complete bundle', 14900, null, 'Every course, every module, lifetime updates.', ['All 40 lessons', 'Advanced module', 'Lifetime updates', 'Certificate'], { taxCategory: 'edtech' }),
  product('prod_advanced_module', 'Advanced module', 7900, null, 'The advanced lessons on their own.', ['12 advanced lessons', 'Certificate'], { taxCategory: 'edtech' }),
  product('prod_single_license', 'Single license', 9900, null, 'One seat, forever.', ['1 seat', '1 year of updates']),
  product('prod_team_license', 'Team license (5 seats)', 39900, null, 'Five seats with shared billing.', ['5 seats', '1 year of updates', 'Shared billing']),
  product('prod_duo_license', 'Duo license (2 seats)', 17900, null, 'Two seats for a small team.', ['2 seats', '1 year of updates']),
  product('prod_priority_support', 'Priority support', 1900, null, 'Answers within four business hours.', ['4-hour response'], { taxCategory: 'saas' }),
  product('prod_templates_pack', 'Templates pack', 2900, null, 'Thirty ready-made templates.', ['30 templates']),
  product('prod_hindi_course', 'Course in Hindi', 199900, null, 'The complete course, taught in Hindi.', ['40 lessons in Hindi', 'Certificate'], { currency: 'INR', taxCategory: 'edtech' }),
];

const card = (
  id: string,
  brand: string,
  last4: string,
  expMonth: number,
  expYear: number,
  holderName: string,
  behaviour: CardBehaviour,
  extra: Partial<Pick<PaymentMethodRecord, 'recurringEnabled' | 'lastUsedAt'>> & { issuingCountry?: string; funding?: CardFunding } = {},
): CatalogCard => ({
  id,
  type: 'card',
  card: { brand, last4, expMonth, expYear, issuingCountry: extra.issuingCountry ?? 'US' },
  recurringEnabled: extra.recurringEnabled ?? true,
  // Cards issued in India are charged in INR only (RBI e-mandate rules), so they cannot pay USD offers.
  supportedCurrencies: extra.issuingCountry === 'IN' ? ['INR'] : null,
  lastUsedAt: extra.lastUsedAt ?? null,
  behaviour,
  holderName,
  funding: extra.funding ?? 'credit',
});

/** Saved cards, one per eligibility case and outcome. */
export const GUIDE_CARDS: readonly CatalogCard[] = [
  card('pm_visa_4242', 'Visa', '4242', 8, 2030, 'Alice Sharma', 'succeeds', { lastUsedAt: '2026-11-20T10:00:00.000Z' }),
  card('pm_mc_3ds_3155', 'Mastercard', '3155', 12, 2029, 'Erin Rao', 'requires_action', { lastUsedAt: '2026-10-02T10:00:00.000Z' }),
  card('pm_visa_declined_0002', 'Visa', '0002', 5, 2029, 'Bob Iyer', 'declined', { funding: 'debit', lastUsedAt: '2026-11-01T10:00:00.000Z' }),
  card('pm_amex_expired_0005', 'Amex', '0005', 1, 2025, 'Carol Das', 'succeeds', { lastUsedAt: '2024-12-01T10:00:00.000Z' }),
  card('pm_rupay_in_6011', 'RuPay', '6011', 10, 2029, 'Priya Nair', 'succeeds', { issuingCountry: 'IN', funding: 'debit', lastUsedAt: '2026-11-10T10:00:00.000Z' }),
  card('pm_visa_norecur_1881', 'Visa', '1881', 9, 2029, 'Alice Sharma', 'succeeds', { recurringEnabled: false, funding: 'debit', lastUsedAt: '2026-09-01T10:00:00.000Z' }),
  // Bob's older card: after his usual card is declined, one click can still pay with this one.
  card('pm_mc_bob_5454', 'Mastercard', '5454', 3, 2031, 'Bob Iyer', 'succeeds', { lastUsedAt: '2026-06-01T10:00:00.000Z' }),
];

const monthly = (id: string, productId: string, pendingChange = false): CatalogSubscription => ({
  id,
  productId,
  quantity: 1,
  periodStart: '2026-11-13T00:00:00.000Z',
  periodEnd: '2026-12-13T00:00:00.000Z',
  pendingChange,
});

/** Customers, one per scenario. */
export const GUIDE_CUSTOMERS: readonly CatalogCustomer[] = [
  { id: 'cus_alice', name: 'Alice Sharma', email: 'alice@example.com', country: 'US', cardIds: ['pm_visa_4242', 'pm_mc_3ds_3155', 'pm_amex_expired_0005', 'pm_visa_norecur_1881'], subscription: monthly('sub_alice_basic', 'prod_basic_monthly') },
  { id: 'cus_bob', name: 'Bob Iyer', email: 'bob@example.com', country: 'US', cardIds: ['pm_visa_declined_0002', 'pm_mc_bob_5454'], subscription: monthly('sub_bob_pro', 'prod_pro_monthly') },
  { id: 'cus_carol', name: 'Carol Das', email: 'carol@example.com', country: 'US', cardIds: ['pm_amex_expired_0005'], subscription: null },
  { id: 'cus_priya', name: 'Priya Nair', email: 'priya@example.com', country: 'IN', cardIds: ['pm_rupay_in_6011'], subscription: null },
  { id: 'cus_dave', name: 'Dave Menon', email: 'dave@example.com', country: 'US', cardIds: [], subscription: monthly('sub_dave_plus', 'prod_plus_monthly', true) },
  { id: 'cus_erin', name: 'Erin Rao', email: 'erin@example.com', country: 'US', cardIds: ['pm_mc_3ds_3155'], subscription: monthly('sub_erin_basic', 'prod_basic_monthly') },
];

/** The product with `id`, or undefined. */
export function findCatalogProduct(id: string, products: readonly CatalogProduct[] = GUIDE_PRODUCTS): CatalogProduct | undefined {
  return products.find((p) => p.id === id);
}

/** The card with `id`, or undefined. */
export function findCatalogCard(id: string, cards: readonly CatalogCard[] = GUIDE_CARDS): CatalogCard | undefined {
  return cards.find((c) => c.id === id);
}
