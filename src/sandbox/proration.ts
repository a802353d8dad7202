/** Dodo's `proration_billing_mode` values. */
export type ProrationBillingMode = 'prorated_immediately' | 'full_immediately' | 'difference_immediately' | 'do_not_bill';

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

/** What a plan change is priced from. All amounts are integer minor units. */
export interface PlanChangeQuoteInput {
  /** What the subscription costs per period now (unit price × quantity). */
  currentAmount: number;
  /** What the new plan costs per period (unit price × quantity). */
  newAmount: number;
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
 * `numerator / denominator` rounded half away from zero, in exact integer arithmetic.
 * Money never goes through a float: 1/3 of a cent must round the same way every time.
 */
export function divideRoundHalfAwayFromZero(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  if ((n % d) * 2n >= d) quotient += 1n;
  return negative ? -quotient : quotient;
}

function clamp(value: bigint, low: bigint, high: bigint): bigint {
  return value < low ? low : value > high ? high : value;
}

/**
 * Prices a plan change the way Dodo's modes describe it:
 * - `difference_immediately`: new − current now ($30 → $80 charges $50; a downgrade becomes credit);
 * - `prorated_immediately`: (new − current) × remaining / period, rounded half away from zero;
 * - `full_immediately`: the full new amount;
 * - `do_not_bill`: nothing.
 */
export function quotePlanChange(input: PlanChangeQuoteInput): PlanChangeQuote {
  const period = BigInt(input.nextBillingDate.getTime() - input.previousBillingDate.getTime());
  const remaining = period > 0n ? clamp(BigInt(input.nextBillingDate.getTime() - input.now.getTime()), 0n, period) : 0n;
  const prorationFactor = period > 0n ? Number(remaining) / Number(period) : 0;
  const difference = BigInt(input.newAmount) - BigInt(input.currentAmount);

  let net: bigint;
  switch (input.mode) {
    case 'difference_immediately':
      net = difference;
      break;
    case 'prorated_immediately':
      net = period > 0n ? divideRoundHalfAwayFromZero(difference * remaining, period) : 0n;
      break;
    case 'full_immediately':
      net = BigInt(input.newAmount);
      break;
    case 'do_not_bill':
      net = 0n;
      break;
  }
  const value = Number(net);
  return {
    net: value,
    charge: value > 0 ? value : 0,
    credit: value < 0 ? -value : 0,
    prorationFactor: input.mode === 'prorated_immediately' ? prorationFactor : input.mode === 'do_not_bill' ? 0 : 1,
  };
}
