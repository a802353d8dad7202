/**
 * What the adapter contract suite needs from an implementation: an adapter for a named
 * scenario, plus the levers a test pulls (finish 3-D Secure, move the clock, count charges).
 */
import type { UpsellAdapter } from '../../src/core/adapter';
import type { PurchaseResult } from '../../src/core/types';
import type { FixtureName } from '../../src/memory/fixtures';

/** One implementation prepared for one scenario. */
export interface ContractWorld {
  /** The adapter under test, signed in as the scenario's customer. */
  adapter: UpsellAdapter;
  /** Does what the customer does on the bank's 3-D Secure page (of a purchase or a plan change). */
  completeAction(result: { actionUrl: string }, outcome: 'succeeded' | 'failed'): Promise<void>;
  /** Moves the shared clock forward. */
  advanceClock(ms: number): void;
  /** Charges that moved money at the backend. */
  chargeCount(): number;
  /** Frees what the world started. */
  close(): Promise<void>;
}

/** A way to build worlds. */
export interface ContractImplementation {
  /** Shown in test names. */
  name: string;
  /** Builds a world for `fixture` with the clock starting at `start`. */
  create(fixture: FixtureName, start: Date): Promise<ContractWorld>;
}

/** Polls `getPurchase` until the purchase is final (or `tries` run out). */
export async function settle(adapter: UpsellAdapter, result: PurchaseResult, tries = 40): Promise<PurchaseResult> {
  let current = result;
  for (let i = 0; i < tries && (current.status === 'processing' || current.status === 'requires_action'); i += 1) {
    if (current.status === 'requires_action') return current;
    await new Promise((resolve) => setTimeout(resolve, 25));
    current = await adapter.getPurchase(current.purchaseId);
  }
  return current;
}

/** Polls until a purchase that waited for 3-D Secure is final. */
export async function settleAfterAction(adapter: UpsellAdapter, purchaseId: string, tries = 40): Promise<PurchaseResult> {
  let current = await adapter.getPurchase(purchaseId);
  for (let i = 0; i < tries && (current.status === 'processing' || current.status === 'requires_action'); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    current = await adapter.getPurchase(purchaseId);
  }
  return current;
}
