/**
 * How a purchase moves between states, whoever learns the news first: the charge call's own
 * answer, a webhook, or a payment lookup. Each move is a compare-and-set in the store, and
 * the allowed predecessors encode the rules for out-of-order news:
 *
 * - `succeeded` wins over everything, including `failed` (money moved; e.g. the customer
 *   then paid through the fallback checkout, which carries the same purchase id).
 * - `failed` never replaces `succeeded`: a late `payment.failed` is ignored.
 * - `processing` and `requires_action` only move forward.
 */
import type { Money } from '../core/money';
import type { HandlerContext } from './handler-context';
import type { PurchaseFailure, PurchasePatch, PurchaseRecord, PurchaseStatus } from './store';

/** Statuses each status may be entered from. */
export const SETTLE_FROM: Readonly<Record<PurchaseStatus, readonly PurchaseStatus[]>> = Object.freeze({
  pending: [],
  processing: ['pending'],
  requires_action: ['pending', 'processing'],
  failed: ['pending', 'processing', 'requires_action'],
  succeeded: ['pending', 'processing', 'requires_action', 'failed'],
});

/** News about a purchase. */
export type PurchaseOutcome =
  | { status: 'processing'; paymentId: string | null }
  | { status: 'requires_action'; paymentId: string | null; actionUrl: string }
  | { status: 'succeeded'; paymentId: string | null; amount: Money | null }
  | { status: 'failed'; paymentId: string | null; failure: PurchaseFailure; fallbackCheckoutUrl?: string | null };

/** Wakes up requests waiting for a purchase to settle (in this process). */
export interface SettlementSignal {
  /** Resolves when `purchaseId` changes here, or after `ms`. */
  wait(purchaseId: string, ms: number): Promise<void>;
  /** Tells waiters that `purchaseId` changed. */
  notify(purchaseId: string): void;
}

/** Creates a {@link SettlementSignal}. */
export function createSettlementSignal(): SettlementSignal {
  const waiters = new Map<string, Set<() => void>>();
  return {
    wait(purchaseId, ms) {
      return new Promise<void>((resolve) => {
        const set = waiters.get(purchaseId) ?? new Set<() => void>();
        waiters.set(purchaseId, set);
        const done = (): void => {
          clearTimeout(timer);
          set.delete(done);
          if (set.size === 0) waiters.delete(purchaseId);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, ms));
        set.add(done);
      });
    },
    notify(purchaseId) {
      for (const done of [...(waiters.get(purchaseId) ?? [])]) done();
    },
  };
}

/**
 * Applies `outcome` to purchase `purchaseId` if the state rules allow it, and returns the
 * purchase as it now stands (null if it does not exist). A payment id learned from stale news
 * is still attached, so later lookups can find the payment.
 */
export async function settlePurchase(ctx: HandlerContext, purchaseId: string, outcome: PurchaseOutcome): Promise<PurchaseRecord | null> {
  const at = ctx.now().toISOString();
  const patch: PurchasePatch = { status: outcome.status, updatedAt: at };
  if (outcome.paymentId) patch.paymentId = outcome.paymentId;
  if (outcome.status === 'requires_action') patch.actionUrl = outcome.actionUrl;
  if (outcome.status === 'succeeded') {
    patch.failure = null;
    if (outcome.amount) patch.amount = outcome.amount;
  }
  if (outcome.status === 'failed') {
    patch.failure = outcome.failure;
    if (outcome.fallbackCheckoutUrl !== undefined) patch.fallbackCheckoutUrl = outcome.fallbackCheckoutUrl;
  }
  const updated = await ctx.store.updatePurchase(purchaseId, patch, SETTLE_FROM[outcome.status]);
  if (updated) {
    ctx.settlement.notify(purchaseId);
    return updated;
  }
  const current = await ctx.store.getPurchase(purchaseId);
  if (current && outcome.paymentId && current.paymentId === null) {
    return (await ctx.store.updatePurchase(purchaseId, { paymentId: outcome.paymentId })) ?? current;
  }
  return current;
}
