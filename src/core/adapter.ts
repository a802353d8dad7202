/**
 * The one contract between the browser side of the kit (hooks, components) and any backend.
 * Implemented by `createHttpAdapter` (talks to the reference server), `createMemoryAdapter`
 * (Storybook, tests, docs) and any adapter a host writes for its own backend.
 *
 * Identity is never a parameter: the backend knows who the customer is from the host's
 * session. Prices are never parameters either: offers and quotes carry server-signed tokens.
 * Every method may throw `UpsellError`; purchase outcomes are returned as values.
 */
import type {
  Offer,
  OfferEventType,
  OfferStats,
  PlanChangePreview,
  PlanChangeResult,
  Placement,
  ProrationMode,
  PurchaseResult,
  SavedPaymentMethod,
} from './types';

/** Per-call options every adapter method accepts. */
export interface AdapterCallOptions {
  /** Aborts the call; an aborted call rejects and changes nothing it had not already committed. */
  signal?: AbortSignal;
}

/** Extra facts the host passes to help the server choose offers. */
export interface OfferContext {
  /** Product just bought (post-purchase placements). */
  productId?: string;
  /** Subscription concerned (plan-change placements). */
  subscriptionId?: string;
  /** Dodo payment id of the purchase that just happened. */
  paymentId?: string;
}

/** Arguments of {@link UpsellAdapter.getOffers}. */
export interface GetOffersRequest {
  /** Where the offers will be shown. */
  placement: Placement;
  /** Hints for the server's offer rules; never trusted for prices or identity. */
  context?: OfferContext;
}

/** Arguments of {@link UpsellAdapter.listPaymentMethods}. */
export interface ListPaymentMethodsRequest {
  /** Judge eligibility against this currency (e.g. the offer's); omitted → currency is not judged. */
  currency?: string;
}

/** Arguments of {@link UpsellAdapter.purchase}. */
export interface PurchaseRequest {
  /** The offer's signed token, exactly as received. */
  offerToken: string;
  /** Saved method to charge; omitted → the offer's suggested method. A plan change is charged to the subscription's method (the suggested one); another one is refused with `invalid_request`. */
  paymentMethodId?: string | null;
  /** One key per user intent: the same key never charges twice and returns the first result. */
  idempotencyKey: string;
}

/** Arguments of {@link UpsellAdapter.previewPlanChange}. */
export interface PlanChangePreviewRequest {
  /** Subscription to change; must belong to the signed-in customer. */
  subscriptionId: string;
  /** Target plan's product id. */
  productId: string;
  /** Units on the new plan. */
  quantity: number;
  /** How the change is billed. */
  prorationMode: ProrationMode;
}

/** Arguments of {@link UpsellAdapter.changePlan}. */
export interface ChangePlanRequest {
  /** `quoteToken` from a preview that has not expired. */
  quoteToken: string;
  /** One key per user intent, as for purchases. */
  idempotencyKey: string;
}

/** Arguments of {@link UpsellAdapter.startCheckout}. */
export interface StartCheckoutRequest {
  /** The offer's signed token. */
  offerToken: string;
}

/** Arguments of {@link UpsellAdapter.recordOfferEvent}. */
export interface RecordOfferEventRequest {
  /** Offer id. */
  offerId: string;
  /** What happened. */
  event: OfferEventType;
}

/** The backend contract of upsell-kit. */
export interface UpsellAdapter {
  /**
   * The signed-in customer's saved payment methods, each judged for one-click use
   * (`usable`, `unusableReason`: expired, currency_mismatch, not_reusable).
   */
  listPaymentMethods(request?: ListPaymentMethodsRequest, options?: AdapterCallOptions): Promise<SavedPaymentMethod[]>;

  /**
   * Offers the customer is eligible for at `placement`, best first, each priced and
   * signed by the server. Declined and already-bought offers are left out.
   */
  getOffers(request: GetOffersRequest, options?: AdapterCallOptions): Promise<Offer[]>;

  /**
   * Charges a saved payment method for an offer (one click). Returns `succeeded`,
   * `processing`, `requires_action` (send the customer to `actionUrl`, then poll) or
   * `failed` (with a fallback checkout URL when one exists). The same `idempotencyKey`
   * returns the first result and never charges twice.
   */
  purchase(request: PurchaseRequest, options?: AdapterCallOptions): Promise<PurchaseResult>;

  /** The current state of a purchase, for polling after `processing` or `requires_action`. */
  getPurchase(purchaseId: string, options?: AdapterCallOptions): Promise<PurchaseResult>;

  /**
   * Quotes a plan change: charge today, credit, new recurring price, effective date, line
   * items, and a signed `quoteToken` that expires. Throws `plan_change_pending` while
   * another change is in flight.
   */
  previewPlanChange(request: PlanChangePreviewRequest, options?: AdapterCallOptions): Promise<PlanChangePreview>;

  /**
   * Executes a quoted plan change. Throws `quote_expired` when the quote is too old. The same
   * key sent again executes nothing: it answers how that change stands now, so a change left
   * `requires_action` or `processing` is polled by replaying its key (`usePlanChange` does).
   */
  changePlan(request: ChangePlanRequest, options?: AdapterCallOptions): Promise<PlanChangeResult>;

  /** A normal (redirect) checkout for an offer: the fallback when one click cannot be used. */
  startCheckout(request: StartCheckoutRequest, options?: AdapterCallOptions): Promise<{ url: string }>;

  /** Records an offer event for decline tracking and conversion stats. */
  recordOfferEvent(request: RecordOfferEventRequest, options?: AdapterCallOptions): Promise<void>;

  /** Per-offer impressions, accepts, declines and conversion for the signed-in scope. */
  getOfferStats(options?: AdapterCallOptions): Promise<OfferStats[]>;
}
