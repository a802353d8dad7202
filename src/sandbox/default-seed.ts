/**
 * The sandbox's starting state, mapped from the guide's catalogue (src/memory/guide-catalog.ts),
 * the one source of truth for products, cards, customers and subscriptions. This module only
 * restates it in Dodo's wire shapes and adds what only a server keeps (timestamps, tax
 * categories as Dodo spells them, card behaviour as the sandbox names it, subscription credit).
 */
import type { BillingInterval } from '../core/types';
import { isCurrencyCode } from '../core/money';
import { findCatalogCard, findCatalogProduct, GUIDE_CARDS, GUIDE_CUSTOMERS, GUIDE_PRODUCTS } from '../memory/guide-catalog';
import type { CardBehaviour, CatalogCard, CatalogCustomer, CatalogProduct, CatalogSubscription } from '../memory/guide-catalog';
import type {
  SandboxCardBehavior,
  SandboxCustomer,
  SandboxPaymentMethod,
  SandboxProduct,
  SandboxSeed,
  SandboxSubscription,
} from './records';
import type { CountryCode, Currency, Metadata, TimeInterval } from './sdk-types';

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
/** Mastercard 5454, 03/2031: Bob's older card, always succeeds. */
export const PM_MC_BOB_5454 = 'pm_mc_bob_5454';

/** Alice: four saved cards (4242 most recently used) and `sub_alice_basic`. */
export const CUS_ALICE = 'cus_alice';
/** Bob: a card that declines (most recently used, and `sub_bob_pro`'s) and an older one that succeeds. */
export const CUS_BOB = 'cus_bob';
/** Carol: only an expired card. */
export const CUS_CAROL = 'cus_carol';
/** Priya (India): only a RuPay card. */
export const CUS_PRIYA = 'cus_priya';
/** Dave: no saved cards; `sub_dave_plus` has a pending plan change. */
export const CUS_DAVE = 'cus_dave';
/** Erin: only the 3-D Secure card; on Basic (`sub_erin_basic`), so a plan change also asks her bank. */
export const CUS_ERIN = 'cus_erin';

/** Alice on Basic, period 2026-11-13 → 2026-12-13. */
export const SUB_ALICE_BASIC = 'sub_alice_basic';
/** Bob on Pro, period 2026-11-13 → 2026-12-13. */
export const SUB_BOB_PRO = 'sub_bob_pro';
/** Dave on Plus (period 2026-11-13 → 2026-12-13) with a pending plan change: change-plan answers 409. */
export const SUB_DAVE_PLUS = 'sub_dave_plus';
/** Erin on Basic (period 2026-11-13 → 2026-12-13), renewed on her 3-D Secure card. */
export const SUB_ERIN_BASIC = 'sub_erin_basic';

/** "Today" in the seed's story; pass `now: () => new Date(SANDBOX_TODAY)` for stable figures. */
export const SANDBOX_TODAY = '2026-11-28T12:00:00.000Z';

/** When the catalogue's products were created and last updated. */
const CATALOGUE_DATE = '2026-01-15T10:00:00.000Z';
/** When the guide's customers signed up. */
const CUSTOMERS_SINCE = '2026-03-02T08:00:00.000Z';
/** When the guide's subscriptions started. */
const SUBSCRIBED_SINCE = '2026-06-13T00:00:00.000Z';

const TIME_INTERVALS: Record<BillingInterval, TimeInterval> = { day: 'Day', week: 'Week', month: 'Month', year: 'Year' };

const CARD_BEHAVIORS: Record<CardBehaviour, SandboxCardBehavior> = {
  succeeds: 'succeed',
  requires_action: 'requires_action',
  declined: 'decline',
};

// The catalogue holds plain ISO codes; the SDK types them as closed unions. Checking them
// here makes a typo in the catalogue fail when the sandbox loads, not on the wire.
function asCurrency(code: string): Currency {
  if (!isCurrencyCode(code)) throw new Error(`Catalogue currency "${code}" is not an ISO 4217 code`);
  return code as Currency;
}

function asCountry(code: string): CountryCode {
  if (!/^[A-Z]{2}$/.test(code)) throw new Error(`Catalogue country "${code}" is not an ISO 3166 alpha-2 code`);
  return code as CountryCode;
}

/** `found`, or an error naming the catalogue entry a customer or subscription refers to but the catalogue lacks. */
function required<T>(found: T | undefined, what: string): T {
  if (found === undefined) throw new Error(`Unknown catalogue ${what}`);
  return found;
}

/** Subscription plans from cheapest to dearest: a plan's `metadata.plan_rank` is its place here, from 1. */
const PLAN_LADDER = GUIDE_PRODUCTS.filter((p) => p.interval !== null)
  .sort((a, b) => a.priceMinor - b.priceMinor)
  .map((p) => p.id);

function toSandboxProduct(p: CatalogProduct): SandboxProduct {
  const metadata: Metadata = {};
  const rank = PLAN_LADDER.indexOf(p.id);
  if (rank >= 0) metadata['plan_rank'] = rank + 1;
  if (p.badge) metadata['badge'] = p.badge;
  return {
    product_id: p.id,
    name: p.name,
    description: p.description,
    price: p.priceMinor,
    currency: asCurrency(p.currency),
    recurring: p.interval === null ? null : { interval: TIME_INTERVALS[p.interval], count: 1 },
    features: [...p.features],
    metadata,
    tax_category: p.taxCategory ?? 'digital_products',
    created_at: CATALOGUE_DATE,
    updated_at: CATALOGUE_DATE,
  };
}

function toSandboxPaymentMethod(method: CatalogCard): SandboxPaymentMethod {
  const { card } = method;
  if (card === null) throw new Error(`Catalogue payment method "${method.id}" is not a card`);
  const holder = method.holderName ?? GUIDE_CUSTOMERS.find((c) => c.cardIds.includes(method.id))?.name ?? '';
  return {
    payment_method_id: method.id,
    // Dodo reports networks in capitals (VISA, MASTERCARD, RUPAY); the kit shows them as brands.
    card_network: card.brand.toUpperCase(),
    last4_digits: card.last4,
    // Dodo sends expiry as strings: a two-digit month and a four-digit year.
    expiry_month: String(card.expMonth).padStart(2, '0'),
    expiry_year: String(card.expYear),
    card_holder_name: holder,
    card_issuing_country: asCountry(card.issuingCountry ?? 'US'),
    card_type: method.funding === 'debit' ? 'DEBIT' : 'CREDIT',
    recurring_enabled: method.recurringEnabled,
    behavior: CARD_BEHAVIORS[method.behaviour],
    // The kit infers currency support from the issuing country; the sandbox card enforces it.
    currencies: method.supportedCurrencies === null ? null : method.supportedCurrencies.map(asCurrency),
  };
}

function toSandboxCustomer(customer: CatalogCustomer): SandboxCustomer {
  return {
    customer_id: customer.id,
    name: customer.name,
    email: customer.email,
    phone_number: null,
    country: asCountry(customer.country ?? 'US'),
    created_at: CUSTOMERS_SINCE,
    payment_methods: customer.cardIds.map((id) => ({
      payment_method_id: id,
      last_used_at: required(findCatalogCard(id), `card "${id}"`).lastUsedAt,
    })),
  };
}

function toSandboxSubscription(customer: CatalogCustomer, subscription: CatalogSubscription): SandboxSubscription {
  const plan = required(findCatalogProduct(subscription.productId), `product "${subscription.productId}"`);
  return {
    subscription_id: subscription.id,
    customer_id: customer.id,
    product_id: plan.id,
    quantity: subscription.quantity,
    status: 'active',
    previous_billing_date: subscription.periodStart,
    next_billing_date: subscription.periodEnd,
    // Renewals charge the customer's first saved card; a customer without one has none.
    payment_method_id: customer.cardIds[0] ?? null,
    recurring_pre_tax_amount: plan.priceMinor * subscription.quantity,
    currency: asCurrency(plan.currency),
    pending_change: subscription.pendingChange,
    credit_balance: 0,
    scheduled_change: null,
    metadata: {},
    created_at: SUBSCRIBED_SINCE,
  };
}

/** The catalogue, cards, customers and subscriptions of Dodo's "Upsells and Downsells" guide. */
export const DEFAULT_SEED: Readonly<SandboxSeed> = Object.freeze({
  business_id: 'bus_sandbox_upsell_kit',
  brand_id: 'brand_sandbox_upsell_kit',
  products: GUIDE_PRODUCTS.map(toSandboxProduct),
  payment_methods: GUIDE_CARDS.map(toSandboxPaymentMethod),
  customers: GUIDE_CUSTOMERS.map(toSandboxCustomer),
  subscriptions: GUIDE_CUSTOMERS.flatMap((c) => (c.subscription ? [toSandboxSubscription(c, c.subscription)] : [])),
});
