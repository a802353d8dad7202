import type {
  CountryCode,
  Currency,
  Metadata,
  Payment,
  SubscriptionStatus,
  TaxCategory,
  TimeInterval,
} from './sdk-types';

/**
 * What a saved card does when it is charged. Expiry, `recurring_enabled` and
 * `currencies` are checked first; this decides the outcome of a card that passes them.
 */
export type SandboxCardBehavior = 'succeed' | 'requires_action' | 'decline';

/** A catalogue product. Field names follow Dodo's wire format (snake_case). */
export interface SandboxProduct {
  /** Dodo product id, e.g. `prod_pro_monthly`. */
  product_id: string;
  /** Display name. */
  name: string;
  /** One-line description. */
  description: string;
  /** Price in minor units of `currency` (cents, paise). */
  price: number;
  /** ISO currency of `price`. */
  currency: Currency;
  /** Billing cadence for a subscription product; `null` for a one-time product. */
  recurring: { interval: TimeInterval; count: number } | null;
  /** Feature list for plan comparisons; served as `metadata.features` (a JSON array string). */
  features: string[];
  /** Extra metadata served with the product. */
  metadata: Metadata;
  /** Dodo tax category. */
  tax_category: TaxCategory;
  /** ISO timestamp. */
  created_at: string;
  /** ISO timestamp; moves when `setProductPrice` changes the price. */
  updated_at: string;
}

/** A saved card. Ids are global; a customer owns the ids listed in its `payment_methods`. */
export interface SandboxPaymentMethod {
  /** Dodo payment method id, e.g. `pm_visa_4242`. */
  payment_method_id: string;
  /** Card network as Dodo reports it, e.g. `VISA`. */
  card_network: string;
  /** Last four digits of the card number. */
  last4_digits: string;
  /** Two-digit month string, e.g. `08` (Dodo sends strings, not numbers). */
  expiry_month: string;
  /** Four-digit year string, e.g. `2030`. */
  expiry_year: string;
  /** Name on the card. */
  card_holder_name: string;
  /** ISO alpha-2 country of the issuing bank. */
  card_issuing_country: CountryCode;
  /** `CREDIT` or `DEBIT`. */
  card_type: 'CREDIT' | 'DEBIT';
  /** False when the card may not be charged off-session (one-click). */
  recurring_enabled: boolean;
  /** Outcome of a charge that passes the checks. */
  behavior: SandboxCardBehavior;
  /** When set, only these currencies can be charged; others decline with `CURRENCY_NOT_SUPPORTED`. */
  currencies: Currency[] | null;
}

/** A customer and the saved cards it owns. */
export interface SandboxCustomer {
  /** Dodo customer id, e.g. `cus_alice`. */
  customer_id: string;
  /** Full name. */
  name: string;
  /** Email address. */
  email: string;
  /** Phone number, if any. */
  phone_number: string | null;
  /** Billing country used for payments and subscriptions. */
  country: CountryCode;
  /** ISO timestamp. */
  created_at: string;
  /** Saved cards in listing order, with when each was last used. */
  payment_methods: Array<{ payment_method_id: string; last_used_at: string | null }>;
}

/** A subscription, with the sandbox-only bookkeeping Dodo keeps server-side. */
export interface SandboxSubscription {
  /** Dodo subscription id, e.g. `sub_alice_basic`. */
  subscription_id: string;
  /** Owner. */
  customer_id: string;
  /** Current plan. */
  product_id: string;
  /** Units of the plan. */
  quantity: number;
  /** Dodo subscription status. */
  status: SubscriptionStatus;
  /** Start of the current period (ISO). */
  previous_billing_date: string;
  /** End of the current period (ISO). */
  next_billing_date: string;
  /** Card used for renewals and plan-change charges. */
  payment_method_id: string | null;
  /** Price per period, snapshotted when the plan was chosen (a later catalogue price change does not move it). */
  recurring_pre_tax_amount: number;
  /** Currency of the subscription. */
  currency: Currency;
  /** True while a plan change awaits settlement: change-plan and its preview answer 409. */
  pending_change: boolean;
  /** Subscription-scoped credit from downgrades, in minor units, applied to future renewals. */
  credit_balance: number;
  /** A change scheduled for `next_billing_date`, if any. */
  scheduled_change: { product_id: string; quantity: number; created_at: string } | null;
  /** Metadata of the subscription. */
  metadata: Metadata;
  /** ISO timestamp. */
  created_at: string;
}

/** A checkout session created through POST /checkouts or POST /payments without a saved card. */
export interface SandboxCheckoutSession {
  /** Session id (`cks_…`). */
  session_id: string;
  /** Existing customer the session is for, if known. */
  customer_id: string | null;
  /** A new customer's details when the session did not name an existing one. */
  new_customer: { email: string; name: string | null } | null;
  /** The cart. */
  product_cart: Array<{ product_id: string; quantity: number }>;
  /** Where the hosted pages send the customer afterwards. */
  return_url: string | null;
  /** Metadata copied onto the payment. */
  metadata: Metadata;
  /** The payment of this session, once there is one. */
  payment_id: string | null;
  /** ISO timestamp. */
  created_at: string;
}

/** A payment exactly as GET /payments/{id} returns it. */
export type SandboxPayment = Payment;

/** The starting state of a sandbox. `reset()` returns to a deep copy of it. */
export interface SandboxSeed {
  /** `business_id` reported on every object and webhook. */
  business_id: string;
  /** `brand_id` reported on payments, products and subscriptions. */
  brand_id: string;
  /** Catalogue. */
  products: SandboxProduct[];
  /** Saved cards (owned through `SandboxCustomer.payment_methods`). */
  payment_methods: SandboxPaymentMethod[];
  /** Customers. */
  customers: SandboxCustomer[];
  /** Subscriptions. */
  subscriptions: SandboxSubscription[];
}
