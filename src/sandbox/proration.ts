/**
 * Plan-change pricing as the sandbox's endpoints need it: integer minor units in, integer
 * minor units out. The maths is the kit's own (`computePlanChange` in src/core/proration.ts),
 * so the fake Dodo and the kit's previews can never price a change differently.
 */
import { money } from '../core/money';
import { computePlanChange } from '../core/proration';
import type { ProrationMode } from '../core/types';

/** Dodo's `proration_billing_mode` values. */
export type ProrationBillingMode = ProrationMode;

/** Every `ProrationBillingMode`, for validation. */
export const PRORATION_BILLING_MODES: readonly ProrationBillingMode[] = [
  'prorated_immediately',
  'full_immediately',
  'difference_immediately',
  'do_not_bill',
];

/** True for one of Dodo's four proration modes. */
export function isProrationBillingMode(value: unknown): value is ProrationBillingMode {
  return PRORATION_BILLING_MODES.some((mode) => mode === value);
}

/** What a plan change is priced from. All amounts are integer minor units of `currency`. */
export interface PlanChangeQuoteInput {
  /** What the subscription costs per period now (unit price × quantity). */
  currentAmount: number;
  /** What the new plan costs per period (unit price × quantity). */
  newAmount: number;
  /** ISO 4217 currency of both amounts. */
  currency: string;
  /** Proration mode. */
  mode: ProrationBillingMode;
  /** The moment of the change. */
  now: Date;
  /** Start of the current period. */
  previousBillingDate: Date;
  /** End of the current period. */
  nextBillingDate: Date;
}

/** The money side of a plan change. */
export interface PlanChangeQuote {
  /** Signed amount of the change: positive is owed by the customer, negative is owed to them. */
  net: number;
  /** Charged today (`max(net, 0)`). */
  charge: number;
  /** Subscription-scoped credit created by a downgrade (`max(-net, 0)`). */
  credit: number;
  /** Share of the period still to run (0..1), as Dodo reports it on line items; display only. */
  prorationFactor: number;
}

/**
 * Prices a plan change with `computePlanChange` (see src/core/proration.ts for the formulas
 * and the rounding) and adds what Dodo's line items carry: the proration factor, which is
 * the share of the period left for `prorated_immediately`, 0 for `do_not_bill`, else 1.
 * Throws `UpsellError` (`invalid_request`) for amounts that are not integer minor units or
 * a prorated change over a period of no length.
 */
export function quotePlanChange(input: PlanChangeQuoteInput): PlanChangeQuote {
  const { chargeToday, credit, net } = computePlanChange({
    currentPrice: money(input.currentAmount, input.currency),
    currentQuantity: 1,
    newPrice: money(input.newAmount, input.currency),
    newQuantity: 1,
    mode: input.mode,
    periodStart: input.previousBillingDate,
    periodEnd: input.nextBillingDate,
    now: input.now,
  });
  return { net: net.minor, charge: chargeToday.minor, credit: credit.minor, prorationFactor: prorationFactor(input) };
}

function prorationFactor(input: PlanChangeQuoteInput): number {
  if (input.mode === 'do_not_bill') return 0;
  if (input.mode !== 'prorated_immediately') return 1;
  const period = input.nextBillingDate.getTime() - input.previousBillingDate.getTime();
  if (period <= 0) return 0;
  const remaining = Math.min(Math.max(input.nextBillingDate.getTime() - input.now.getTime(), 0), period);
  return remaining / period;
}
