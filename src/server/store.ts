/**
 * The persistence contract of the reference server. Small on purpose: a memory store
 * (tests, Storybook, one process), a PGlite store and a Postgres store implement it.
 *
 * Every method that decides "who goes first" is one atomic call (`claimIdempotencyKey`,
 * `claimOfferPurchase`, `updatePurchase` with expected statuses, `supersedePurchase`,
 * `markWebhookProcessed`), so
 * an SQL implementation is a single `INSERT … ON CONFLICT` or `UPDATE … WHERE status = ANY(…)`
 * and several handler instances can share one database without double charges.
 */
import type { UpsellErrorCode } from '../core/errors';
import type { Money } from '../core/money';
import type { OfferEvent, OfferKind, OfferStats, PlanChangeResult, ProrationMode } from '../core/types';

/**
 * Where a purchase stands. `pending` means the row exists but the charge has not been sent
 * (or its answer has not come back yet); duplicates of its idempotency key get `in_progress`.
 */
export type PurchaseStatus = 'pending' | 'processing' | 'requires_action' | 'succeeded' | 'failed';

/** Why a purchase failed, in words safe to show. */
export interface PurchaseFailure {
  /** Kit error code. */
  code: UpsellErrorCode;
  /** Plain-language message (never Dodo's text). */
  message: string;
  /** Whether trying again may succeed. */
  retryable: boolean;
}

/** One accepted offer and the state of its charge. */
export interface PurchaseRecord {
  /** Kit purchase id (`pur_…`), sent to Dodo as `metadata.upsell_purchase_id`. */
  id: string;
  /** Owner, from `authenticate`. */
  customerId: string;
  /** Offer rule id. */
  offerId: string;
  /** Offer kind, which decides the Dodo call. */
  kind: OfferKind;
  /** Product bought. */
  productId: string;
  /** Units bought. */
  quantity: number;
  /** Amount the offer was accepted at (the plan price for a plan change). */
  amount: Money;
  /** Saved method charged, null for plan changes. */
  paymentMethodId: string | null;
  /** Subscription changed, for plan-change offers. */
  subscriptionId: string | null;
  /** Proration mode, for plan-change offers. */
  prorationMode: ProrationMode | null;
  /** Current state. */
  status: PurchaseStatus;
  /** Dodo payment id once known. */
  paymentId: string | null;
  /** Where the customer completes 3-D Secure, when `requires_action`. */
  actionUrl: string | null;
  /** Why it failed, when `failed`. */
  failure: PurchaseFailure | null;
  /** Normal checkout the customer can use instead, when `failed`. */
  fallbackCheckoutUrl: string | null;
  /** ISO creation time. */
  createdAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
  /** ISO time Dodo was last asked about this purchase (throttles reconciliation). */
  reconciledAt: string | null;
  /**
   * ISO time a succeeded plan change was found undone (the subscription moved to another
   * plan since), or null. A superseded purchase no longer blocks its offer: it may be shown
   * and bought again. Set only by {@link UpsellStore.supersedePurchase}.
   */
  supersededAt: string | null;
}

/** Fields `updatePurchase` may change. */
export type PurchasePatch = Partial<
  Pick<PurchaseRecord, 'status' | 'paymentId' | 'actionUrl' | 'failure' | 'fallbackCheckoutUrl' | 'amount' | 'reconciledAt' | 'updatedAt'>
>;

/** What an idempotency key resolved to, replayed to every later request with that key. */
export type IdempotentResult =
  | { kind: 'purchase'; purchaseId: string }
  | {
      kind: 'plan_change';
      result: PlanChangeResult;
      /** Dodo's payment for the change, so a replay can ask how a change that waited on the bank ended. */
      paymentId?: string | null;
      /** ISO time a replay last asked Dodo about an open change (at most once per `reconcileAfterMs`). */
      checkedAt?: string | null;
    };

/** A claimed idempotency key. */
export interface IdempotencyRecord {
  /** Namespace, e.g. `purchase:cus_123` (keys are per customer and per route). */
  scope: string;
  /** Client key. */
  key: string;
  /** Hash of the request the key was first used with. */
  fingerprint: string;
  /** `pending` while the first request runs, `completed` once it has a result. */
  state: 'pending' | 'completed';
  /** The result, once completed. */
  result: IdempotentResult | null;
  /** ISO time of the claim. */
  createdAt: string;
}

/** Answer of {@link UpsellStore.claimIdempotencyKey}. */
export type IdempotencyClaim = { status: 'claimed' } | { status: 'existing'; record: IdempotencyRecord };

/** Answer of {@link UpsellStore.claimOfferPurchase}. */
export type OfferPurchaseClaim = { status: 'claimed'; purchase: PurchaseRecord } | { status: 'existing'; purchase: PurchaseRecord };

/** A product the customer owns, learned from a verified webhook. */
export interface ProductOwnership {
  /** Owner. */
  customerId: string;
  /** Product bought or subscribed to. */
  productId: string;
  /** Subscription, for subscription products. */
  subscriptionId: string | null;
  /** The event that proved it (`payment.succeeded`, `subscription.active`, `subscription.plan_changed`). */
  source: string;
  /** ISO time. */
  at: string;
}

/** The server's persistence. Every method is async so SQL stores fit unchanged. */
export interface UpsellStore {
  /**
   * Atomically claims `key` in `scope` for a request with `fingerprint`. Exactly one of any
   * number of concurrent callers gets `claimed`; the others get the existing record.
   */
  claimIdempotencyKey(scope: string, key: string, fingerprint: string, at: string): Promise<IdempotencyClaim>;
  /** Stores the result of a claimed key; later claims replay it. Called again on a completed key, it replaces the result (an open plan change that settled). */
  completeIdempotencyKey(scope: string, key: string, result: IdempotentResult): Promise<void>;
  /** Forgets a claimed key whose request was refused before anything happened, so it can be used again. */
  releaseIdempotencyKey(scope: string, key: string): Promise<void>;

  /**
   * Atomically inserts `purchase` unless the same customer already has a live purchase of the
   * same offer (one that has neither failed nor been superseded); then that one is returned
   * and nothing is inserted.
   */
  claimOfferPurchase(purchase: PurchaseRecord): Promise<OfferPurchaseClaim>;
  /**
   * Marks a succeeded plan-change purchase (one with a `subscriptionId`) as superseded at
   * `at`, so its offer can be bought again. Compare-and-set: returns the updated record, or
   * null when it does not exist, did not succeed, is not a plan change, or was already
   * superseded (the first caller wins; its time is kept).
   */
  supersedePurchase(id: string, at: string): Promise<PurchaseRecord | null>;
  /** A purchase by id, or null. */
  getPurchase(id: string): Promise<PurchaseRecord | null>;
  /** The purchase charged by Dodo payment `paymentId`, or null. */
  findPurchaseByPaymentId(paymentId: string): Promise<PurchaseRecord | null>;
  /** Every purchase of a customer. */
  listPurchases(customerId: string): Promise<PurchaseRecord[]>;
  /**
   * Applies `patch` atomically, only when the current status is one of `expectedStatuses`
   * (any status when omitted). Returns the updated record, or null when it does not exist
   * or its status did not match (compare-and-set: a late webhook cannot undo a newer state).
   */
  updatePurchase(id: string, patch: PurchasePatch, expectedStatuses?: readonly PurchaseStatus[]): Promise<PurchaseRecord | null>;

  /** Appends an offer event of a customer. */
  recordOfferEvent(customerId: string, event: OfferEvent): Promise<void>;
  /** Every event of a customer, oldest first. */
  listOfferEvents(customerId: string): Promise<OfferEvent[]>;
  /** Per-offer figures for one customer, or for everyone when `customerId` is null. */
  getOfferStats(customerId: string | null): Promise<OfferStats[]>;

  /** Atomically marks a webhook id as processed; true only the first time. */
  markWebhookProcessed(webhookId: string, at: string): Promise<boolean>;
  /** Undoes `markWebhookProcessed` when processing failed, so Dodo's redelivery is processed. */
  forgetWebhook(webhookId: string): Promise<void>;

  /** Records that a customer owns a product (idempotent per customer, product, subscription and source). */
  recordOwnership(entry: ProductOwnership): Promise<void>;
  /** Everything a customer is known to own, oldest first. */
  listOwnership(customerId: string): Promise<ProductOwnership[]>;
}
