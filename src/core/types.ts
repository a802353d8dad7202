/**
 * Domain types shared by the adapter contract, the hooks, the components and the server.
 * Plain JSON-serialisable data: they cross the wire unchanged.
 */
import type { UpsellErrorCode } from './errors';
import type { Money } from './money';

/** Where in the host app an offer is shown; the server picks offers per placement. */
export type Placement = 'post_purchase' | 'plan_limit' | 'onboarding_done' | 'checkout' | 'account';

/** What an offer does. */
export type OfferKind = 'upsell' | 'downsell' | 'cross_sell' | 'plan_change';

/** Value badges an offer may carry; each has a message in the catalog. */
export type OfferBadge = 'most_popular' | 'best_value' | 'limited_time' | 'recommended';

/** How often a recurring price is billed. */
export type BillingInterval = 'day' | 'week' | 'month' | 'year';

/** A product as an offer shows it. */
export interface OfferProduct {
  /** Dodo product id. */
  id: string;
  /** Display name. */
  name: string;
  /** One or two sentences of value. */
  description: string | null;
  /** Optional product image. */
  imageUrl: string | null;
  /** Feature bullet points, used for plan comparisons. */
  features: string[];
}

/** A subscription plan as a plan comparison shows it. */
export interface PlanSummary {
  /** Dodo product id of the plan. */
  productId: string;
  /** Display name. */
  name: string;
  /** Recurring price for one unit. */
  price: Money;
  /** Billing interval, null for one-time products. */
  interval: BillingInterval | null;
  /** Feature bullet points. */
  features: string[];
}

/** An offer the server decided the customer is eligible for. */
export interface Offer {
  /** Stable offer id (from the host's offer rules), used for decline tracking and stats. */
  id: string;
  /** Upsell, downsell, cross-sell or plan change. */
  kind: OfferKind;
  /** Where this offer was asked for. */
  placement: Placement;
  /** What the customer would get. */
  product: OfferProduct;
  /** What the customer would pay today (one-time) or per interval (plan change), as the server priced it. */
  price: Money;
  /** Billing interval of `price`, null for one-time. */
  interval: BillingInterval | null;
  /** The "was" price shown struck through, if any. */
  compareAtPrice: Money | null;
  /** Value badges ("most popular"). */
  badges: OfferBadge[];
  /** Offer id shown when this one is declined (a cheaper downsell), or null. */
  declineTo: string | null;
  /** The downsell itself, embedded so that a decline needs no round trip. */
  downsell: Offer | null;
  /** ISO time after which the token is refused with `offer_expired`. */
  expiresAt: string;
  /** Opaque, server-signed token binding offer, customer, price and expiry. */
  token: string;
  /** For plan changes: the customer's current plan. */
  currentPlan: PlanSummary | null;
  /** For plan changes: the subscription to change. */
  subscriptionId: string | null;
  /**
   * For plan changes: what accepting charges today (Dodo's quote when the offer was made), so
   * one click never charges an amount the customer was not shown; the server refuses to charge
   * more. Absent or null for other offers, and from backends that do not quote.
   */
  chargeToday?: Money | null;
  /** Units bought. */
  quantity: number;
  /** Payment method the server suggests for one click (usable, most recently used), or null. */
  suggestedPaymentMethodId: string | null;
}

/** Why a saved payment method cannot be charged for an offer. */
export type UnusableReason = 'expired' | 'currency_mismatch' | 'not_reusable';

/** Card details safe to show ("Visa •• 4242, expires 08/27"). */
export interface CardDetails {
  /** Card network as Dodo reports it (`Visa`, `Mastercard`, `RuPay` …). */
  brand: string;
  /** Last four digits. */
  last4: string;
  /** Expiry month, 1–12. */
  expMonth: number;
  /** Four-digit expiry year. */
  expYear: number;
  /** ISO 3166 alpha-2 issuing country, if known. */
  issuingCountry: string | null;
}

/** A customer's saved payment method as Dodo reports it, before eligibility is judged. */
export interface PaymentMethodRecord {
  /** Dodo `payment_method_id`. */
  id: string;
  /** Dodo payment method family (`card`, `upi`, `wallet` …). */
  type: string;
  /** Card details, when the method is a card. */
  card: CardDetails | null;
  /** Whether Dodo allows charging it off-session (`recurring_enabled`). */
  recurringEnabled: boolean;
  /** Currencies the method can pay in; null when any. */
  supportedCurrencies: string[] | null;
  /** ISO time of last use, for choosing a default. */
  lastUsedAt: string | null;
}

/** A saved payment method with its eligibility for a given offer or currency. */
export interface SavedPaymentMethod extends PaymentMethodRecord {
  /** True when the method can be charged one-click. */
  usable: boolean;
  /** Why not, when `usable` is false. */
  unusableReason: UnusableReason | null;
}

/** Dodo's proration billing modes for a plan change. */
export type ProrationMode = 'prorated_immediately' | 'difference_immediately' | 'full_immediately' | 'do_not_bill';

/** Whether a plan change moves to a more or less expensive plan. */
export type PlanChangeDirection = 'upgrade' | 'downgrade' | 'lateral';

/** One line of a plan-change preview. */
export interface PlanChangeLineItem {
  /** Human description from Dodo or the kit ("Unused time on Basic"). */
  description: string;
  /** Signed amount: positive is charged, negative is credited. */
  amount: Money;
}

/** What a plan change would cost, quoted and signed by the server. */
export interface PlanChangePreview {
  /** The subscription being changed. */
  subscriptionId: string;
  /** Plan today. */
  currentPlan: PlanSummary;
  /** Plan after the change. */
  newPlan: PlanSummary;
  /** Units on the new plan. */
  quantity: number;
  /** Proration mode the quote was made with. */
  prorationMode: ProrationMode;
  /** Upgrade, downgrade or lateral. */
  direction: PlanChangeDirection;
  /** Charged to the saved payment method today (zero or more). */
  chargeToday: Money;
  /** Subscription-scoped credit created by the change, applied to future renewals (zero or more). */
  credit: Money;
  /** New recurring price (unit price × quantity). */
  newRecurringPrice: Money;
  /** ISO time the change takes effect. */
  effectiveAt: string;
  /** ISO time of the next renewal at the new price, if known. */
  nextBillingAt: string | null;
  /** Itemised charge and credit lines. */
  lineItems: PlanChangeLineItem[];
  /** Opaque signed quote; pass it to `changePlan`. */
  quoteToken: string;
  /** ISO time after which `changePlan` answers `quote_expired`. */
  quoteExpiresAt: string;
}

/** Outcome of a one-click purchase: errors are values here, not exceptions. */
export type PurchaseResult =
  | {
      status: 'succeeded';
      purchaseId: string;
      offerId: string;
      /** What was charged. */
      amount: Money;
      /** Dodo payment id. */
      paymentId: string | null;
    }
  | {
      /** Charged or charging; the final state arrives by webhook or `getPurchase`. */
      status: 'processing';
      purchaseId: string;
      offerId: string;
    }
  | {
      /** The bank wants the customer (3-D Secure): send them to `actionUrl`, then poll. */
      status: 'requires_action';
      purchaseId: string;
      offerId: string;
      actionUrl: string;
    }
  | {
      status: 'failed';
      purchaseId: string | null;
      offerId: string;
      code: UpsellErrorCode;
      /** Plain-language reason, safe to show. */
      message: string;
      /** Where the customer can pay through a normal checkout instead. */
      fallbackCheckoutUrl: string | null;
      /** Whether trying again with the same method may succeed. */
      retryable: boolean;
    };

/** Outcome of a plan change. */
export type PlanChangeResult =
  | {
      status: 'succeeded';
      subscriptionId: string;
      newPlan: PlanSummary;
      quantity: number;
      chargedToday: Money;
      credit: Money;
      effectiveAt: string;
    }
  | { status: 'processing'; subscriptionId: string }
  | { status: 'requires_action'; subscriptionId: string; actionUrl: string }
  | {
      status: 'failed';
      subscriptionId: string;
      code: UpsellErrorCode;
      message: string;
      retryable: boolean;
    };

/** What happened to an offer in front of the customer. */
export type OfferEventType = 'shown' | 'accepted' | 'declined' | 'dismissed' | 'failed';

/** One recorded offer event. */
export interface OfferEvent {
  /** Offer id. */
  offerId: string;
  /** Event type. */
  event: OfferEventType;
  /** ISO time. */
  at: string;
}

/** Conversion figures for one offer. */
export interface OfferStats {
  /** Offer id. */
  offerId: string;
  /** Times shown. */
  impressions: number;
  /** Times accepted. */
  accepts: number;
  /** Times declined. */
  declines: number;
  /** Times closed without a choice. */
  dismissals: number;
  /** Times a purchase attempt failed. */
  failures: number;
  /** accepts / impressions, 0 when never shown (a ratio for display, never money). */
  conversionRate: number;
}
