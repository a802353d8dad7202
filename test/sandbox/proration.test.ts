import { describe, expect, it } from 'vitest';
import { money } from '../../src/core/money';
import { computePlanChange } from '../../src/core/proration';
import { quotePlanChange } from '../../src/sandbox';

// The maths itself (modes, rounding half away from zero, clamping) is covered by
// test/core/proration.test.ts; these tests cover what the sandbox's wrapper adds.
const period = { previousBillingDate: new Date('2026-11-01T00:00:00Z'), nextBillingDate: new Date('2026-12-01T00:00:00Z') };
const now = new Date('2026-11-16T00:00:00Z'); // 15 of 30 days left

describe('quotePlanChange', () => {
  it('prices in integer minor units with the kit’s own computePlanChange', () => {
    const quote = quotePlanChange({ ...period, now, currentAmount: 3000, newAmount: 7999, currency: 'USD', mode: 'prorated_immediately' });
    const core = computePlanChange({
      currentPrice: money(3000, 'USD'),
      currentQuantity: 1,
      newPrice: money(7999, 'USD'),
      newQuantity: 1,
      mode: 'prorated_immediately',
      periodStart: period.previousBillingDate,
      periodEnd: period.nextBillingDate,
      now,
    });
    expect(quote).toEqual({ net: core.net.minor, charge: core.chargeToday.minor, credit: core.credit.minor, prorationFactor: 0.5 });
  });

  it('splits the signed amount into a charge or a credit', () => {
    const base = { ...period, now, currency: 'USD', mode: 'difference_immediately' as const };
    expect(quotePlanChange({ ...base, currentAmount: 3000, newAmount: 8000 })).toMatchObject({ net: 5000, charge: 5000, credit: 0 });
    expect(quotePlanChange({ ...base, currentAmount: 8000, newAmount: 3000 })).toMatchObject({ net: -5000, charge: 0, credit: 5000 });
  });

  it('keeps amounts in the currency’s own minor units (paise, yen)', () => {
    expect(quotePlanChange({ ...period, now, currentAmount: 199900, newAmount: 299900, currency: 'INR', mode: 'difference_immediately' }).charge).toBe(100000);
    expect(quotePlanChange({ ...period, now, currentAmount: 1000, newAmount: 3001, currency: 'JPY', mode: 'prorated_immediately' }).charge).toBe(1001);
  });

  it('reports the proration factor Dodo puts on line items: the share left, 0 for do_not_bill, else 1', () => {
    const base = { ...period, currentAmount: 3000, newAmount: 8000, currency: 'USD' };
    expect(quotePlanChange({ ...base, now: new Date('2026-11-25T00:00:00Z'), mode: 'prorated_immediately' }).prorationFactor).toBeCloseTo(0.2);
    expect(quotePlanChange({ ...base, now: new Date('2026-12-05T00:00:00Z'), mode: 'prorated_immediately' }).prorationFactor).toBe(0);
    expect(quotePlanChange({ ...base, now: new Date('2026-10-20T00:00:00Z'), mode: 'prorated_immediately' }).prorationFactor).toBe(1);
    expect(quotePlanChange({ ...base, now, mode: 'difference_immediately' }).prorationFactor).toBe(1);
    expect(quotePlanChange({ ...base, now, mode: 'full_immediately' }).prorationFactor).toBe(1);
    expect(quotePlanChange({ ...base, now, mode: 'do_not_bill' }).prorationFactor).toBe(0);
  });

  it('refuses amounts that are not integer minor units', () => {
    expect(() => quotePlanChange({ ...period, now, currentAmount: 30.5, newAmount: 8000, currency: 'USD', mode: 'do_not_bill' })).toThrow(/integer minor units/);
  });
});
