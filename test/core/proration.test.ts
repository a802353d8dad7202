import { describe, expect, it } from 'vitest';
import { UpsellError } from '../../src/core/errors';
import { money } from '../../src/core/money';
import type { Money } from '../../src/core/money';
import { PRORATION_MODES, computePlanChange } from '../../src/core/proration';
import type { PlanChangeInput } from '../../src/core/proration';
import type { PlanChangeDirection, ProrationMode } from '../../src/core/types';

const usd = (minor: number): Money => money(minor, 'USD');
const BASIC = usd(3000); // $30 / month
const PRO = usd(8000); // $80 / month
const BASIC_ANNUAL_SAME_PRICE = usd(3000);

// A 30-day period, like the memory fixture's subscriptions.
const START = '2026-11-13T00:00:00.000Z';
const END = '2026-12-13T00:00:00.000Z';
const HALFWAY = '2026-11-28T00:00:00.000Z';

// A 3-day period, so thirds of it are whole milliseconds and rounding shows.
const SHORT_START = '2026-11-01T00:00:00.000Z';
const SHORT_END = '2026-11-04T00:00:00.000Z';
const TWO_THIRDS_LEFT = '2026-11-02T00:00:00.000Z';
const ONE_THIRD_LEFT = '2026-11-03T00:00:00.000Z';

interface Row {
  story: string;
  from: [Money, number];
  to: [Money, number];
  mode: ProrationMode;
  period?: [string, string];
  now?: string;
  direction: PlanChangeDirection;
  charge: number;
  credit: number;
  recurring: number;
}

function input(row: Row): PlanChangeInput {
  const [periodStart, periodEnd] = row.period ?? [START, END];
  return {
    currentPrice: row.from[0],
    currentQuantity: row.from[1],
    newPrice: row.to[0],
    newQuantity: row.to[1],
    mode: row.mode,
    periodStart: new Date(periodStart),
    periodEnd: new Date(periodEnd),
    now: new Date(row.now ?? HALFWAY),
  };
}

const table: Row[] = [
  // Dodo's own example.
  { story: "Dodo's example: Basic $30 → Pro $80, difference_immediately charges $50", from: [BASIC, 1], to: [PRO, 1], mode: 'difference_immediately', direction: 'upgrade', charge: 5000, credit: 0, recurring: 8000 },
  { story: 'downgrade Pro → Basic, difference_immediately: no charge, a $50 subscription credit', from: [PRO, 1], to: [BASIC, 1], mode: 'difference_immediately', direction: 'downgrade', charge: 0, credit: 5000, recurring: 3000 },
  { story: 'difference_immediately ignores how much of the period is left', from: [BASIC, 1], to: [PRO, 1], mode: 'difference_immediately', now: END, direction: 'upgrade', charge: 5000, credit: 0, recurring: 8000 },

  { story: 'prorated_immediately halfway through the period charges half the difference', from: [BASIC, 1], to: [PRO, 1], mode: 'prorated_immediately', now: HALFWAY, direction: 'upgrade', charge: 2500, credit: 0, recurring: 8000 },
  { story: 'prorated_immediately at the period start charges the full difference', from: [BASIC, 1], to: [PRO, 1], mode: 'prorated_immediately', now: START, direction: 'upgrade', charge: 5000, credit: 0, recurring: 8000 },
  { story: 'prorated_immediately at the period end charges nothing', from: [BASIC, 1], to: [PRO, 1], mode: 'prorated_immediately', now: END, direction: 'upgrade', charge: 0, credit: 0, recurring: 8000 },
  { story: 'prorated_immediately after the period end is clamped to nothing', from: [BASIC, 1], to: [PRO, 1], mode: 'prorated_immediately', now: '2027-01-01T00:00:00.000Z', direction: 'upgrade', charge: 0, credit: 0, recurring: 8000 },
  { story: 'prorated_immediately before the period start is clamped to the full difference', from: [BASIC, 1], to: [PRO, 1], mode: 'prorated_immediately', now: '2026-10-01T00:00:00.000Z', direction: 'upgrade', charge: 5000, credit: 0, recurring: 8000 },
  { story: 'prorated_immediately with 2/3 left: $33.333… rounds down to $33.33', from: [BASIC, 1], to: [PRO, 1], mode: 'prorated_immediately', period: [SHORT_START, SHORT_END], now: TWO_THIRDS_LEFT, direction: 'upgrade', charge: 3333, credit: 0, recurring: 8000 },
  { story: 'prorated_immediately with 1/3 left: $16.666… rounds up to $16.67', from: [BASIC, 1], to: [PRO, 1], mode: 'prorated_immediately', period: [SHORT_START, SHORT_END], now: ONE_THIRD_LEFT, direction: 'upgrade', charge: 1667, credit: 0, recurring: 8000 },
  { story: 'prorated_immediately downgrade halfway credits half the difference', from: [PRO, 1], to: [BASIC, 1], mode: 'prorated_immediately', now: HALFWAY, direction: 'downgrade', charge: 0, credit: 2500, recurring: 3000 },
  { story: 'prorated_immediately downgrade with 1/3 left: a −$16.666… credit rounds away from zero to $16.67', from: [PRO, 1], to: [BASIC, 1], mode: 'prorated_immediately', period: [SHORT_START, SHORT_END], now: ONE_THIRD_LEFT, direction: 'downgrade', charge: 0, credit: 1667, recurring: 3000 },
  { story: 'prorated_immediately in yen with 1/3 left: ¥333.33 rounds to ¥333', from: [money(1000, 'JPY'), 1], to: [money(2000, 'JPY'), 1], mode: 'prorated_immediately', period: [SHORT_START, SHORT_END], now: ONE_THIRD_LEFT, direction: 'upgrade', charge: 333, credit: 0, recurring: 2000 },

  { story: 'full_immediately charges the full new price', from: [BASIC, 1], to: [PRO, 1], mode: 'full_immediately', direction: 'upgrade', charge: 8000, credit: 0, recurring: 8000 },
  { story: 'full_immediately charges the full new price × quantity', from: [BASIC, 1], to: [PRO, 3], mode: 'full_immediately', direction: 'upgrade', charge: 24000, credit: 0, recurring: 24000 },
  { story: 'full_immediately on a downgrade still charges the new price, with no credit', from: [PRO, 1], to: [BASIC, 1], mode: 'full_immediately', direction: 'downgrade', charge: 3000, credit: 0, recurring: 3000 },

  { story: 'do_not_bill an upgrade: nothing today, the new price from the next renewal', from: [BASIC, 1], to: [PRO, 1], mode: 'do_not_bill', direction: 'upgrade', charge: 0, credit: 0, recurring: 8000 },
  { story: 'do_not_bill a downgrade: no credit either', from: [PRO, 1], to: [BASIC, 1], mode: 'do_not_bill', direction: 'downgrade', charge: 0, credit: 0, recurring: 3000 },

  { story: 'more seats on the same plan: Basic ×1 → ×3 charges two more seats', from: [BASIC, 1], to: [BASIC, 3], mode: 'difference_immediately', direction: 'upgrade', charge: 6000, credit: 0, recurring: 9000 },
  { story: 'fewer seats: Pro ×3 → ×1 credits two seats', from: [PRO, 3], to: [PRO, 1], mode: 'difference_immediately', direction: 'downgrade', charge: 0, credit: 16000, recurring: 8000 },
  { story: 'Basic ×2 → Pro ×1 compares totals: $60 → $80 charges $20', from: [BASIC, 2], to: [PRO, 1], mode: 'difference_immediately', direction: 'upgrade', charge: 2000, credit: 0, recurring: 8000 },
  { story: 'Basic ×3 → Pro ×1 is a downgrade in total ($90 → $80) despite the dearer plan', from: [BASIC, 3], to: [PRO, 1], mode: 'difference_immediately', direction: 'downgrade', charge: 0, credit: 1000, recurring: 8000 },
  { story: 'prorated quantities halfway: Basic ×1 → Pro ×2 charges half of $130', from: [BASIC, 1], to: [PRO, 2], mode: 'prorated_immediately', now: HALFWAY, direction: 'upgrade', charge: 6500, credit: 0, recurring: 16000 },

  { story: 'a lateral move at the same price costs nothing under difference_immediately', from: [BASIC, 1], to: [BASIC_ANNUAL_SAME_PRICE, 1], mode: 'difference_immediately', direction: 'lateral', charge: 0, credit: 0, recurring: 3000 },
  { story: 'a lateral move at the same price costs nothing under prorated_immediately', from: [BASIC, 1], to: [BASIC_ANNUAL_SAME_PRICE, 1], mode: 'prorated_immediately', direction: 'lateral', charge: 0, credit: 0, recurring: 3000 },
  { story: 'a lateral move under full_immediately charges the full price', from: [BASIC, 1], to: [BASIC_ANNUAL_SAME_PRICE, 1], mode: 'full_immediately', direction: 'lateral', charge: 3000, credit: 0, recurring: 3000 },
];

describe('computePlanChange', () => {
  it.each(table)('$story', (row) => {
    const result = computePlanChange(input(row));
    const currency = row.from[0].currency;
    expect(result.direction).toBe(row.direction);
    expect(result.chargeToday).toEqual(money(row.charge, currency));
    expect(result.credit).toEqual(money(row.credit, currency));
    expect(result.newRecurringPrice).toEqual(money(row.recurring, currency));
    // The signed net is the charge less the credit, and at most one of them is non-zero.
    expect(result.net).toEqual(money(row.charge - row.credit, currency));
    expect(row.charge === 0 || row.credit === 0).toBe(true);
  });

  it('offers all four of Dodo’s modes', () => {
    expect([...PRORATION_MODES].sort()).toEqual(['difference_immediately', 'do_not_bill', 'full_immediately', 'prorated_immediately']);
  });

  it.each(PRORATION_MODES.map((mode) => [mode]))('refuses to mix currencies under %s with currency_mismatch', (mode) => {
    const change = () =>
      computePlanChange({
        currentPrice: money(3000, 'USD'),
        currentQuantity: 1,
        newPrice: money(249900, 'INR'),
        newQuantity: 1,
        mode,
        periodStart: new Date(START),
        periodEnd: new Date(END),
        now: new Date(HALFWAY),
      });
    expect(change).toThrow(UpsellError);
    expect(change).toThrow(expect.objectContaining({ code: 'currency_mismatch' }));
  });

  it.each([
    ['a zero-length period', START, START],
    ['a period that ends before it starts', END, START],
  ])('refuses to prorate over %s with invalid_request', (_label, periodStart, periodEnd) => {
    const change = () =>
      computePlanChange({
        currentPrice: BASIC,
        currentQuantity: 1,
        newPrice: PRO,
        newQuantity: 1,
        mode: 'prorated_immediately',
        periodStart: new Date(periodStart),
        periodEnd: new Date(periodEnd),
        now: new Date(START),
      });
    expect(change).toThrow(expect.objectContaining({ name: 'UpsellError', code: 'invalid_request' }));
  });

  it('refuses a fractional quantity with invalid_request', () => {
    const change = () =>
      computePlanChange({ ...input(table[0] as Row), newQuantity: 1.5 });
    expect(change).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});
