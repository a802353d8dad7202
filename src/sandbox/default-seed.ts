import type { SandboxCustomer, SandboxPaymentMethod, SandboxProduct, SandboxSeed, SandboxSubscription } from './records';

/** Plan: Basic, $30/month. */
export const PROD_BASIC_MONTHLY = 'prod_basic_monthly';
/** Plan: Plus, $50/month (the downsell offered when Pro is declined). */
export const PROD_PLUS_MONTHLY = 'prod_plus_monthly';
/** Plan: Pro, $80/month. */
export const PROD_PRO_MONTHLY = 'prod_pro_monthly';
/** Course: Starter, $49 one-time. */
export const PROD_STARTER_COURSE = 'prod_starter_course';
/** Course: Complete bundle, $149 one-time. */
export const PROD_COMPLETE_BUNDLE = 'prod_complete_bundle';
/** Course: Advanced module, $79 one-time (downsell of the bundle). */
export const PROD_ADVANCED_MODULE = 'prod_advanced_module';
/** License: single seat, $99 one-time. */
export const PROD_SINGLE_LICENSE = 'prod_single_license';
/** License: team of 5 seats, $399 one-time. */
export const PROD_TEAM_LICENSE = 'prod_team_license';
/** License: 2 seats, $179 one-time (downsell of the team license). */
export const PROD_DUO_LICENSE = 'prod_duo_license';
/** Cross-sell: priority support, $19 one-time. */
export const PROD_PRIORITY_SUPPORT = 'prod_priority_support';
/** Cross-sell: templates pack, $29 one-time. */
export const PROD_TEMPLATES_PACK = 'prod_templates_pack';
/** Course in Hindi, ₹1,999 one-time (INR). */
export const PROD_HINDI_COURSE = 'prod_hindi_course';

/** Visa 4242, 08/2030, US: always succeeds. */
export const PM_VISA_4242 = 'pm_visa_4242';
/** Mastercard 3155, 12/2029: needs 3-D Secure (customer action). */
export const PM_MC_3DS_3155 = 'pm_mc_3ds_3155';
/** Visa 0002, 05/2029: declined with `CARD_DECLINED`. */
export const PM_VISA_DECLINED_0002 = 'pm_visa_declined_0002';
/** Amex 0005, 01/2025: expired. */
export const PM_AMEX_EXPIRED_0005 = 'pm_amex_expired_0005';
/** RuPay 6011, 10/2029, issued in India: only INR charges succeed. */
export const PM_RUPAY_IN_6011 = 'pm_rupay_in_6011';
/** Visa 1881, 09/2029: `recurring_enabled: false`, cannot be charged off-session. */
export const PM_VISA_NORECUR_1881 = 'pm_visa_norecur_1881';

/** Alice: four saved cards (4242 most recently used) and `sub_alice_basic`. */
export const CUS_ALICE = 'cus_alice';
/** Bob: only a card that declines, and `sub_bob_pro`. */
export const CUS_BOB = 'cus_bob';
/** Carol: only an expired card. */
export const CUS_CAROL = 'cus_carol';
/** Priya (India): only a RuPay card. */
export const CUS_PRIYA = 'cus_priya';
/** Dave: no saved cards; `sub_dave_plus` has a pending plan change. */
export const CUS_DAVE = 'cus_dave';
/** Erin: only the 3-D Secure card. */
export const CUS_ERIN = 'cus_erin';

/** Alice on Basic, period 2026-11-13 → 2026-12-13. */
export const SUB_ALICE_BASIC = 'sub_alice_basic';
/** Bob on Pro, period 2026-11-13 → 2026-12-13. */
export const SUB_BOB_PRO = 'sub_bob_pro';
/** Dave on Plus (period 2026-11-13 → 2026-12-13) with a pending plan change: change-plan answers 409. */
export const SUB_DAVE_PLUS = 'sub_dave_plus';

/** "Today" in the seed's story; pass `now: () => new Date(SANDBOX_TODAY)` for stable figures. */
export const SANDBOX_TODAY = '2026-11-28T12:00:00.000Z';

const CATALOGUE_DATE = '2026-01-15T10:00:00.000Z';

function product(
  product_id: string,
  name: string,
  description: string,
  price: number,
  features: string[],
  extra: Partial<Pick<SandboxProduct, 'currency' | 'recurring' | 'tax_category' | 'metadata'>> = {},
): SandboxProduct {
  return {
    product_id,
    name,
    description,
    price,
    currency: extra.currency ?? 'USD',
    recurring: extra.recurring ?? null,
    features,
    metadata: extra.metadata ?? {},
    tax_category: extra.tax_category ?? 'digital_products',
    created_at: CATALOGUE_DATE,
    updated_at: CATALOGUE_DATE,
  };
}

const monthly = { interval: 'Month', count: 1 } as const;

// Names, descriptions and features match src/memory/guide-catalog.ts, so the memory adapter
// and the real server over this sandbox tell the same story.
const products: SandboxProduct[] = [
  product(PROD_BASIC_MONTHLY, 'Basic plan', 'For individuals getting started.', 3000, ['3 projects', 'Email support'], {
    recurring: monthly,
    tax_category: 'saas',
    metadata: { plan_rank: 1 },
  }),
  product(PROD_PLUS_MONTHLY, 'Plus plan', 'More room to grow, at a gentler price.', 5000, ['10 projects', 'Email support', 'Custom domain'], {
    recurring: monthly,
    tax_category: 'saas',
    metadata: { plan_rank: 2 },
  }),
  product(PROD_PRO_MONTHLY, 'Pro plan', 'Everything a growing team needs.', 8000, ['Unlimited projects', 'Priority support', 'Custom domain', 'Team analytics'], {
    recurring: monthly,
    tax_category: 'saas',
    metadata: { plan_rank: 3, badge: 'Most popular' },
  }),
  product(PROD_STARTER_COURSE, 'Starter course', 'The essentials, in eight lessons.', 4900, ['8 lessons', 'Community access'], { tax_category: 'edtech' }),
  product(
    PROD_COMPLETE_BUNDLE,
    'Complete bundle',
    'Every course, every module, lifetime updates.',
    14900,
    ['All 40 lessons', 'Advanced module', 'Lifetime updates', 'Certificate'],
    { tax_category: 'edtech' },
  ),
  product(PROD_ADVANCED_MODULE, 'Advanced module', 'The advanced lessons on their own.', 7900, ['12 advanced lessons', 'Certificate'], {
    tax_category: 'edtech',
  }),
  product(PROD_SINGLE_LICENSE, 'Single license', 'One seat, forever.', 9900, ['1 seat', '1 year of updates']),
  product(PROD_TEAM_LICENSE, 'Team license (5 seats)', 'Five seats with shared billing.', 39900, ['5 seats', '1 year of updates', 'Shared billing']),
  product(PROD_DUO_LICENSE, 'Duo license (2 seats)', 'Two seats for a small team.', 17900, ['2 seats', '1 year of updates']),
  product(PROD_PRIORITY_SUPPORT, 'Priority support', 'Answers within four business hours.', 1900, ['4-hour response'], { tax_category: 'saas' }),
  product(PROD_TEMPLATES_PACK, 'Templates pack', 'Thirty ready-made templates.', 2900, ['30 templates']),
  product(PROD_HINDI_COURSE, 'Course in Hindi', 'The complete course, taught in Hindi.', 199900, ['40 lessons in Hindi', 'Certificate'], {
    currency: 'INR',
    tax_category: 'edtech',
  }),
];

function card(
  payment_method_id: string,
  card_network: string,
  last4_digits: string,
  expiry_month: string,
  expiry_year: string,
  card_holder_name: string,
  extra: Partial<Pick<SandboxPaymentMethod, 'behavior' | 'recurring_enabled' | 'currencies' | 'card_issuing_country' | 'card_type'>> = {},
): SandboxPaymentMethod {
  return {
    payment_method_id,
    card_network,
    last4_digits,
    expiry_month,
    expiry_year,
    card_holder_name,
    card_issuing_country: extra.card_issuing_country ?? 'US',
    card_type: extra.card_type ?? 'CREDIT',
    recurring_enabled: extra.recurring_enabled ?? true,
    behavior: extra.behavior ?? 'succeed',
    currencies: extra.currencies ?? null,
  };
}

const paymentMethods: SandboxPaymentMethod[] = [
  card(PM_VISA_4242, 'VISA', '4242', '08', '2030', 'Alice Sharma'),
  card(PM_MC_3DS_3155, 'MASTERCARD', '3155', '12', '2029', 'Erin Rao', { behavior: 'requires_action' }),
  card(PM_VISA_DECLINED_0002, 'VISA', '0002', '05', '2029', 'Bob Iyer', { behavior: 'decline', card_type: 'DEBIT' }),
  card(PM_AMEX_EXPIRED_0005, 'AMEX', '0005', '01', '2025', 'Carol Das'),
  // The kit infers currency compatibility from the issuing country; the card itself only takes INR.
  card(PM_RUPAY_IN_6011, 'RUPAY', '6011', '10', '2029', 'Priya Nair', {
    card_issuing_country: 'IN',
    card_type: 'DEBIT',
    currencies: ['INR'],
  }),
  card(PM_VISA_NORECUR_1881, 'VISA', '1881', '09', '2029', 'Alice Sharma', { recurring_enabled: false, card_type: 'DEBIT' }),
];

function customer(
  customer_id: string,
  name: string,
  email: string,
  country: SandboxCustomer['country'],
  methods: Array<[string, string | null]>,
): SandboxCustomer {
  return {
    customer_id,
    name,
    email,
    phone_number: null,
    country,
    created_at: '2026-03-02T08:00:00.000Z',
    payment_methods: methods.map(([payment_method_id, last_used_at]) => ({ payment_method_id, last_used_at })),
  };
}

const customers: SandboxCustomer[] = [
  customer(CUS_ALICE, 'Alice Sharma', 'alice@example.com', 'US', [
    [PM_VISA_4242, '2026-11-20T10:00:00.000Z'],
    [PM_MC_3DS_3155, '2026-10-02T10:00:00.000Z'],
    [PM_AMEX_EXPIRED_0005, '2024-12-01T10:00:00.000Z'],
    [PM_VISA_NORECUR_1881, '2026-09-01T10:00:00.000Z'],
  ]),
  customer(CUS_BOB, 'Bob Iyer', 'bob@example.com', 'US', [[PM_VISA_DECLINED_0002, '2026-11-01T10:00:00.000Z']]),
  customer(CUS_CAROL, 'Carol Das', 'carol@example.com', 'US', [[PM_AMEX_EXPIRED_0005, '2024-12-01T10:00:00.000Z']]),
  customer(CUS_PRIYA, 'Priya Nair', 'priya@example.com', 'IN', [[PM_RUPAY_IN_6011, '2026-11-10T10:00:00.000Z']]),
  customer(CUS_DAVE, 'Dave Menon', 'dave@example.com', 'US', []),
  customer(CUS_ERIN, 'Erin Rao', 'erin@example.com', 'US', [[PM_MC_3DS_3155, '2026-10-02T10:00:00.000Z']]),
];

function subscription(
  subscription_id: string,
  customer_id: string,
  product_id: string,
  recurring_pre_tax_amount: number,
  previous_billing_date: string,
  next_billing_date: string,
  payment_method_id: string | null,
  pending_change = false,
): SandboxSubscription {
  return {
    subscription_id,
    customer_id,
    product_id,
    quantity: 1,
    status: 'active',
    previous_billing_date,
    next_billing_date,
    payment_method_id,
    recurring_pre_tax_amount,
    currency: 'USD',
    pending_change,
    credit_balance: 0,
    scheduled_change: null,
    metadata: {},
    created_at: '2026-06-13T00:00:00.000Z',
  };
}

const subscriptions: SandboxSubscription[] = [
  subscription(SUB_ALICE_BASIC, CUS_ALICE, PROD_BASIC_MONTHLY, 3000, '2026-11-13T00:00:00.000Z', '2026-12-13T00:00:00.000Z', PM_VISA_4242),
  subscription(SUB_BOB_PRO, CUS_BOB, PROD_PRO_MONTHLY, 8000, '2026-11-13T00:00:00.000Z', '2026-12-13T00:00:00.000Z', PM_VISA_DECLINED_0002),
  subscription(SUB_DAVE_PLUS, CUS_DAVE, PROD_PLUS_MONTHLY, 5000, '2026-11-13T00:00:00.000Z', '2026-12-13T00:00:00.000Z', null, true),
];

/** The catalogue, cards, customers and subscriptions of Dodo's "Upsells and Downsells" guide. */
export const DEFAULT_SEED: Readonly<SandboxSeed> = Object.freeze({
  business_id: 'bus_sandbox_upsell_kit',
  brand_id: 'brand_sandbox_upsell_kit',
  products,
  payment_methods: paymentMethods,
  customers,
  subscriptions,
});
