/**
 * Plan-change pricing for Dodo's proration modes, as pure integer arithmetic.
 *
 * Let `current` and `next` be the unit prices × quantities of the old and new plan for one
 * billing period, `remaining` the time left until the next renewal and `period` the length
 * of the current billing period (both in milliseconds). Then the signed amount due today is
 *
 * - `difference_immediately`: next − current (Dodo's example: $30 → $80 charges $50).
 * - `prorated_immediately`: round((next − current) × remaining / period), rounded half away
 *   from zero in BigInt, so the customer pays (or is credited) only for the time left.
 * - `full_immediately`: next, in full, with no allowance for the unused old plan.
 * - `do_not_bill`: 0; the new price applies from the next renewal.
 *
 * A positive amount is charged today. A negative amount is not refunded: it becomes a
 * subscription-scoped credit that Dodo applies automatically to future renewals (distinct
 * from customer credits).
 */
import { UpsellError } from './errors';
import { clampAtZero, compareMoney, money, multiplyMoney, negateMoney, scaleMoney, subtractMoney } from './money';
import type { Money } from './money';
import type { PlanChangeDirection, ProrationMode } from './types';

/** Every proration mode, in the order a UI offers them. */
export const PRORATION_MODES: readonly ProrationMode[] = [
  'prorated_immediately',
  'difference_immediately',
  'full_immediately',
  'do_not_bill',
];

/** Inputs of {@link computePlanChange}. */
export interface PlanChangeInput {
  /** Unit price of the current plan per period. */
  currentPrice: Money;
  /** Units on the current plan. */
  currentQuantity: number;
  /** Unit price of the new plan per period. */
  newPrice: Money;
  /** Units on the new plan. */
  newQuantity: number;
  /** How the change is billed. */
  mode: ProrationMode;
  /** Start of the current billing period. */
  periodStart: Date;
  /** End of the current billing period (the next renewal). */
  periodEnd: Date;
  /** The moment of the change. */
  now: Date;
}

/** Output of {@link computePlanChange}. */
export interface PlanChangeAmounts {
  /** Upgrade when the new recurring total is higher, downgrade when lower. */
  direction: PlanChangeDirection;
  /** Charged today, never negative. */
  chargeToday: Money;
  /** Subscription-scoped credit created, never negative. */
  credit: Money;
  /** New recurring total (unit price × quantity). */
  newRecurringPrice: Money;
  /** The signed amount before it is split into charge and credit. */
  net: Money;
}

/** Prices a plan change for `input.mode`; see the module comment for the formulas. */
export function computePlanChange(input: PlanChangeInput): PlanChangeAmounts {
  for (const quantity of [input.currentQuantity, input.newQuantity]) {
    if (!Number.isSafeInteger(quantity) || quantity < 1) throw new UpsellError('invalid_request', 'Quantity must be a whole number of at least 1');
  }
  const current = multiplyMoney(input.currentPrice, input.currentQuantity);
  const next = multiplyMoney(input.newPrice, input.newQuantity);
  const difference = subtractMoney(next, current); // throws currency_mismatch on mixed plans
  const comparison = compareMoney(next, current);
  const direction: PlanChangeDirection = comparison > 0 ? 'upgrade' : comparison < 0 ? 'downgrade' : 'lateral';

  let net: Money;
  switch (input.mode) {
    case 'difference_immediately':
      net = difference;
      break;
    case 'prorated_immediately': {
      const period = input.periodEnd.getTime() - input.periodStart.getTime();
      if (period <= 0) throw new UpsellError('invalid_request', 'Billing period must have a positive length');
      const remaining = Math.min(Math.max(input.periodEnd.getTime() - input.now.getTime(), 0), period);
      net = scaleMoney(difference, remaining, period);
      break;
    }
    case 'full_immediately':
      net = next;
      break;
    case 'do_not_bill':
      net = money(0, next.currency);
      break;
  }

  return {
    direction,
    chargeToday: clampAtZero(net),
    credit: clampAtZero(negateMoney(net)),
    newRecurringPrice: next,
    net,
  };
}
