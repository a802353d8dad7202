/**
 * The analytics events a provider's `onEvent` receives: one per real transition of a flow
 * (an offer shown once per display, a purchase started once per try), never one per render.
 */
import type { UpsellErrorCode } from '../core/errors';
import type { Money } from '../core/money';
import type { OfferEventType, PlanChangeDirection } from '../core/types';

/** Something worth counting happened in a hook. */
export type UpsellAnalyticsEvent =
  /** Mirrors `recordOfferEvent` (decline tracking and conversion stats). */
  | { type: `offer_${OfferEventType}`; offerId: string; at: string }
  /** A one-click purchase was sent (`tries` > 1 for a retry of the same intent). */
  | { type: 'purchase_started'; offerId: string; paymentMethodId: string | null; tries: number }
  /** The bank asked the customer to confirm (3-D Secure). */
  | { type: 'purchase_requires_action'; offerId: string; purchaseId: string }
  /** The purchase went through. */
  | { type: 'purchase_succeeded'; offerId: string; purchaseId: string; amount: Money }
  /** The purchase failed or was refused. */
  | { type: 'purchase_failed'; offerId: string; code: UpsellErrorCode }
  /** The customer was sent to a normal checkout instead. */
  | { type: 'checkout_started'; offerId: string; url: string }
  /** A plan-change quote arrived. */
  | { type: 'plan_change_previewed'; subscriptionId: string; productId: string; direction: PlanChangeDirection }
  /** A plan change went through. */
  | { type: 'plan_change_succeeded'; subscriptionId: string; productId: string }
  /** A plan change failed, was refused, or another change is pending. */
  | { type: 'plan_change_failed'; subscriptionId: string; productId: string; code: UpsellErrorCode };

/** The name of an analytics event. */
export type UpsellAnalyticsEventType = UpsellAnalyticsEvent['type'];
