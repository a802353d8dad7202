/**
 * The in-memory {@link UpsellStore}: the default for tests, Storybook and single-process demos.
 * State lives in one process and is lost on restart; use a SQL store when several handler
 * instances serve the same customers.
 *
 * Atomicity comes from JavaScript's run-to-completion: every claim checks and writes with no
 * `await` in between, so concurrent requests in the same process cannot interleave inside it.
 */
import { summarizeOfferEvents } from '../core/decline-policy';
import type { OfferEvent, OfferStats } from '../core/types';
import type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotentResult,
  OfferPurchaseClaim,
  ProductOwnership,
  PurchasePatch,
  PurchaseRecord,
  PurchaseStatus,
  UpsellStore,
} from './store';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** How long a completed idempotency key is remembered. @default 86_400_000 (24 h) */
  idempotencyTtlMs?: number;
  /** How long a processed webhook id is remembered (Dodo retries for about three days). @default 604_800_000 (7 days) */
  webhookTtlMs?: number;
  /** Clock used for expiry. @default () => new Date() */
  now?: () => Date;
}

/**
 * A deep copy, so callers never share state with the store. Records are plain data
 * (strings, numbers, booleans, null, arrays, plain objects), copied by hand: several times
 * faster than `structuredClone` on these small records, which `GET /offers` copies three
 * lists of per request. Anything else falls back to `structuredClone`.
 */
function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) items[i] = clone(value[i] as unknown);
    return items as T;
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = clone((value as Record<string, unknown>)[key]);
    // A "__proto__" key must stay a key, not become the copy's prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy as T;
}

/** Creates an empty in-memory store. */
export function createMemoryStore(options: MemoryStoreOptions = {}): UpsellStore {
  const idempotencyTtlMs = options.idempotencyTtlMs ?? 86_400_000;
  const webhookTtlMs = options.webhookTtlMs ?? 604_800_000;
  const now = options.now ?? (() => new Date());

  const keys = new Map<string, IdempotencyRecord>();
  const purchases = new Map<string, PurchaseRecord>();
  const purchasesByCustomer = new Map<string, string[]>();
  const purchaseByPayment = new Map<string, string>();
  const events = new Map<string, OfferEvent[]>();
  const webhooks = new Map<string, number>();
  const ownership = new Map<string, ProductOwnership[]>();

  const keyOf = (scope: string, key: string): string => `${scope}\u0000${key}`;

  // Maps iterate in insertion order, so pruning stops at the first entry still fresh.
  function prune(): void {
    const t = now().getTime();
    for (const [id, record] of keys) {
      if (t - Date.parse(record.createdAt) < idempotencyTtlMs) break;
      keys.delete(id);
    }
    for (const [id, at] of webhooks) {
      if (t - at < webhookTtlMs) break;
      webhooks.delete(id);
    }
  }

  return {
    async claimIdempotencyKey(scope, key, fingerprint, at): Promise<IdempotencyClaim> {
      prune();
      const id = keyOf(scope, key);
      const existing = keys.get(id);
      if (existing) return { status: 'existing', record: clone(existing) };
      keys.set(id, { scope, key, fingerprint, state: 'pending', result: null, createdAt: at });
      return { status: 'claimed' };
    },

    async completeIdempotencyKey(scope, key, result: IdempotentResult): Promise<void> {
      const record = keys.get(keyOf(scope, key));
      if (!record) return;
      record.state = 'completed';
      record.result = clone(result);
    },

    async releaseIdempotencyKey(scope, key): Promise<void> {
      const id = keyOf(scope, key);
      // Only a pending claim is released: a completed key keeps replaying its result.
      if (keys.get(id)?.state === 'pending') keys.delete(id);
    },

    async claimOfferPurchase(purchase): Promise<OfferPurchaseClaim> {
      const ids = purchasesByCustomer.get(purchase.customerId) ?? [];
      for (const id of ids) {
        const existing = purchases.get(id);
        if (existing && existing.offerId === purchase.offerId && existing.status !== 'failed' && !existing.supersededAt) {
          return { status: 'existing', purchase: clone(existing) };
        }
      }
      purchases.set(purchase.id, clone(purchase));
      purchasesByCustomer.set(purchase.customerId, [...ids, purchase.id]);
      if (purchase.paymentId) purchaseByPayment.set(purchase.paymentId, purchase.id);
      return { status: 'claimed', purchase: clone(purchase) };
    },

    async getPurchase(id): Promise<PurchaseRecord | null> {
      const record = purchases.get(id);
      return record ? clone(record) : null;
    },

    async findPurchaseByPaymentId(paymentId): Promise<PurchaseRecord | null> {
      const id = purchaseByPayment.get(paymentId);
      const record = id === undefined ? undefined : purchases.get(id);
      return record ? clone(record) : null;
    },

    async listPurchases(customerId): Promise<PurchaseRecord[]> {
      const ids = purchasesByCustomer.get(customerId) ?? [];
      return ids.flatMap((id) => {
        const record = purchases.get(id);
        return record ? [clone(record)] : [];
      });
    },

    async updatePurchase(id, patch: PurchasePatch, expectedStatuses?: readonly PurchaseStatus[]): Promise<PurchaseRecord | null> {
      const record = purchases.get(id);
      if (!record) return null;
      if (expectedStatuses && !expectedStatuses.includes(record.status)) return null;
      Object.assign(record, clone(patch));
      if (record.paymentId) purchaseByPayment.set(record.paymentId, record.id);
      return clone(record);
    },

    async supersedePurchase(id, at): Promise<PurchaseRecord | null> {
      const record = purchases.get(id);
      if (!record || record.status !== 'succeeded' || record.subscriptionId === null || record.supersededAt) return null;
      record.supersededAt = at;
      return clone(record);
    },

    async recordOfferEvent(customerId, event): Promise<void> {
      const list = events.get(customerId) ?? [];
      list.push(clone(event));
      events.set(customerId, list);
    },

    async listOfferEvents(customerId): Promise<OfferEvent[]> {
      return clone(events.get(customerId) ?? []);
    },

    async getOfferStats(customerId): Promise<OfferStats[]> {
      const all = customerId === null ? [...events.values()].flat() : (events.get(customerId) ?? []);
      return summarizeOfferEvents(all);
    },

    async markWebhookProcessed(webhookId, at): Promise<boolean> {
      prune();
      if (webhooks.has(webhookId)) return false;
      webhooks.set(webhookId, Date.parse(at));
      return true;
    },

    async forgetWebhook(webhookId): Promise<void> {
      webhooks.delete(webhookId);
    },

    async recordOwnership(entry): Promise<void> {
      const list = ownership.get(entry.customerId) ?? [];
      const duplicate = list.some(
        (known) => known.productId === entry.productId && known.subscriptionId === entry.subscriptionId && known.source === entry.source,
      );
      if (!duplicate) list.push(clone(entry));
      ownership.set(entry.customerId, list);
    },

    async listOwnership(customerId): Promise<ProductOwnership[]> {
      return clone(ownership.get(customerId) ?? []);
    },
  };
}
