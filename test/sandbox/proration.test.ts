import { describe, expect, it } from 'vitest';
import { divideRoundHalfAwayFromZero, quotePlanChange } from '../../src/sandbox';

const period = { previousBillingDate: new Date('2026-11-01T00:00:00Z'), nextBillingDate: new Date('2026-12-01T00:00:00Z') };

describe('divideRoundHalfAwayFromZero', () => {
  it('rounds halves away from zero in both directions, exactly', () => {
    expect(divideRoundHalfAwayFromZero(5n, 2n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfAwayFromZero(7n, 3n)).toBe(2n);
    expect(divideRoundHalfAwayFromZero(-7n, 3n)).toBe(-2n);
    expect(divideRoundHalfAwayFromZero(8n, 3n)).toBe(3n);
    expect(divideRoundHalfAwayFromZero(10n ** 30n + 1n, 2n)).toBe(5n * 10n ** 29n + 1n);
  });
});

describe('quotePlanChange', () => {
  it('prorates to the half-unit and rounds it away from zero', () => {
    // 15 of 30 days left: 4999 / 2 = 2499.5 → 2500; −2499.5 → credit 2500.
    const now = new Date('2026-11-16T00:00:00Z');
    expect(quotePlanChange({ ...period, now, currentAmount: 3000, newAmount: 7999, mode: 'prorated_immediately' })).toMatchObject({ charge: 2500, credit: 0 });
    expect(quotePlanChange({ ...period, now, currentAmount: 7999, newAmount: 3000, mode: 'prorated_immediately' })).toMatchObject({ charge: 0, credit: 2500 });
  });

  it('prorates nothing once the period is over and everything at its start', () => {
    const base = { ...period, currentAmount: 3000, newAmount: 8000, mode: 'prorated_immediately' as const };
    expect(quotePlanChange({ ...base, now: new Date('2026-12-05T00:00:00Z') }).charge).toBe(0);
    expect(quotePlanChange({ ...base, now: new Date('2026-11-01T00:00:00Z') }).charge).toBe(5000);
  });

  it('prices the other modes', () => {
    const now = new Date('2026-11-10T00:00:00Z');
    expect(quotePlanChange({ ...period, now, currentAmount: 3000, newAmount: 8000, mode: 'difference_immediately' })).toMatchObject({ net: 5000, charge: 5000 });
    expect(quotePlanChange({ ...period, now, currentAmount: 8000, newAmount: 3000, mode: 'difference_immediately' })).toMatchObject({ net: -5000, credit: 5000 });
    expect(quotePlanChange({ ...period, now, currentAmount: 3000, newAmount: 16000, mode: 'full_immediately' })).toMatchObject({ charge: 16000, credit: 0 });
    expect(quotePlanChange({ ...period, now, currentAmount: 3000, newAmount: 8000, mode: 'do_not_bill' })).toMatchObject({ charge: 0, credit: 0 });
  });
});
