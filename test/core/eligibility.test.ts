import { describe, expect, it } from 'vitest';
import {
  isCardExpired,
  judgePaymentMethod,
  judgePaymentMethods,
  pickDefaultPaymentMethod,
  unusableReason,
} from '../../src/core/eligibility';
import { cardBrandName } from '../../src/core/card-brand';
import type { PaymentMethodRecord, SavedPaymentMethod } from '../../src/core/types';

const NOW = new Date('2026-11-28T12:00:00.000Z');

function method(overrides: Partial<PaymentMethodRecord> & { expMonth?: number; expYear?: number } = {}): PaymentMethodRecord {
  const { expMonth = 8, expYear = 2030, ...rest } = overrides;
  return {
    id: 'pm_visa_4242',
    type: 'card',
    card: { brand: 'Visa', last4: '4242', expMonth, expYear, issuingCountry: 'US' },
    recurringEnabled: true,
    supportedCurrencies: null,
    lastUsedAt: null,
    ...rest,
  };
}

function judged(id: string, usable: boolean, lastUsedAt: string | null): SavedPaymentMethod {
  return { ...method({ id, lastUsedAt }), usable, unusableReason: usable ? null : 'expired' };
}

describe('card expiry', () => {
  it('a card marked 11/2026 works through the last millisecond of November 2026 (UTC)', () => {
    expect(isCardExpired(11, 2026, new Date('2026-11-01T00:00:00.000Z'))).toBe(false);
    expect(isCardExpired(11, 2026, new Date('2026-11-30T23:59:59.999Z'))).toBe(false);
  });

  it('and is expired from the first instant of December', () => {
    expect(isCardExpired(11, 2026, new Date('2026-12-01T00:00:00.000Z'))).toBe(true);
    expect(isCardExpired(11, 2026, new Date('2027-03-15T00:00:00.000Z'))).toBe(true);
  });

  it('a card marked 12/2026 rolls over into the next year', () => {
    expect(isCardExpired(12, 2026, new Date('2026-12-31T23:59:59.999Z'))).toBe(false);
    expect(isCardExpired(12, 2026, new Date('2027-01-01T00:00:00.000Z'))).toBe(true);
  });

  it('a card marked 02/2028 (leap year) works on 29 February', () => {
    expect(isCardExpired(2, 2028, new Date('2028-02-29T23:59:59.999Z'))).toBe(false);
    expect(isCardExpired(2, 2028, new Date('2028-03-01T00:00:00.000Z'))).toBe(true);
  });

  it('judges a method with that card the same way', () => {
    const card = method({ expMonth: 11, expYear: 2026 });
    expect(unusableReason(card, { now: new Date('2026-11-30T23:59:59.999Z') })).toBeNull();
    expect(unusableReason(card, { now: new Date('2026-12-01T00:00:00.000Z') })).toBe('expired');
  });

  it('a method without a card (e.g. UPI) never expires', () => {
    expect(unusableReason(method({ type: 'upi', card: null }), { now: new Date('2099-01-01T00:00:00Z') })).toBeNull();
  });
});

describe('unusable reasons', () => {
  it('a good card is usable', () => {
    expect(judgePaymentMethod(method(), { currency: 'USD', now: NOW })).toMatchObject({ usable: true, unusableReason: null });
  });

  it('a card that may not be charged off-session is not_reusable', () => {
    expect(judgePaymentMethod(method({ recurringEnabled: false }), { now: NOW })).toMatchObject({
      usable: false,
      unusableReason: 'not_reusable',
    });
  });

  it('an INR-only card cannot pay a USD offer', () => {
    const rupay = method({ supportedCurrencies: ['INR'] });
    expect(unusableReason(rupay, { currency: 'USD', now: NOW })).toBe('currency_mismatch');
    expect(unusableReason(rupay, { currency: 'INR', now: NOW })).toBeNull();
  });

  it('currency is judged only when a currency is given', () => {
    const rupay = method({ supportedCurrencies: ['INR'] });
    expect(unusableReason(rupay, { now: NOW })).toBeNull();
    expect(unusableReason(rupay, { currency: null, now: NOW })).toBeNull();
    expect(unusableReason(rupay, { currency: '', now: NOW })).toBeNull();
  });

  it('a method that pays any currency never mismatches', () => {
    expect(unusableReason(method({ supportedCurrencies: null }), { currency: 'JPY', now: NOW })).toBeNull();
  });

  it('reports the first reason in order: expired, then not_reusable, then currency_mismatch', () => {
    const everythingWrong = method({ expMonth: 1, expYear: 2025, recurringEnabled: false, supportedCurrencies: ['INR'] });
    expect(unusableReason(everythingWrong, { currency: 'USD', now: NOW })).toBe('expired');

    const notReusableWrongCurrency = method({ recurringEnabled: false, supportedCurrencies: ['INR'] });
    expect(unusableReason(notReusableWrongCurrency, { currency: 'USD', now: NOW })).toBe('not_reusable');

    const expiredWrongCurrency = method({ expMonth: 1, expYear: 2025, supportedCurrencies: ['INR'] });
    expect(unusableReason(expiredWrongCurrency, { currency: 'USD', now: NOW })).toBe('expired');
  });

  it('judgePaymentMethod keeps every field of the record and does not mutate it', () => {
    const record = method({ id: 'pm_x', lastUsedAt: '2026-11-01T00:00:00.000Z' });
    const before = structuredClone(record);
    const result = judgePaymentMethod(record, { now: NOW });
    expect(result).toEqual({ ...before, usable: true, unusableReason: null });
    expect(record).toEqual(before);
  });

  it('judgePaymentMethods judges each method, in the original order', () => {
    const results = judgePaymentMethods(
      [method({ id: 'a' }), method({ id: 'b', expMonth: 1, expYear: 2025 }), method({ id: 'c', recurringEnabled: false })],
      { currency: 'USD', now: NOW },
    );
    expect(results.map((m) => [m.id, m.usable, m.unusableReason])).toEqual([
      ['a', true, null],
      ['b', false, 'expired'],
      ['c', false, 'not_reusable'],
    ]);
  });
});

describe('pickDefaultPaymentMethod', () => {
  it('suggests the most recently used usable method', () => {
    const picked = pickDefaultPaymentMethod([
      judged('older', true, '2026-10-01T10:00:00.000Z'),
      judged('newest', true, '2026-11-20T10:00:00.000Z'),
      judged('middle', true, '2026-11-01T10:00:00.000Z'),
    ]);
    expect(picked?.id).toBe('newest');
  });

  it('skips a more recently used method that is unusable', () => {
    const picked = pickDefaultPaymentMethod([
      judged('used-today-but-expired', false, '2026-11-28T10:00:00.000Z'),
      judged('good', true, '2026-01-01T10:00:00.000Z'),
    ]);
    expect(picked?.id).toBe('good');
  });

  it('prefers a method with a last use over one never used, and keeps the first of equals', () => {
    expect(pickDefaultPaymentMethod([judged('never', true, null), judged('once', true, '2026-01-01T00:00:00.000Z')])?.id).toBe('once');
    expect(pickDefaultPaymentMethod([judged('first', true, null), judged('second', true, null)])?.id).toBe('first');
  });

  it('returns null when no method is usable, or there are none', () => {
    expect(pickDefaultPaymentMethod([judged('a', false, '2026-11-01T00:00:00.000Z'), judged('b', false, null)])).toBeNull();
    expect(pickDefaultPaymentMethod([])).toBeNull();
  });
});

describe('cardBrandName', () => {
  it.each([
    ['VISA', 'Visa'],
    ['MasterCard', 'Mastercard'],
    ['AMERICAN EXPRESS', 'Amex'],
    ['american_express', 'Amex'],
    ['RUPAY', 'RuPay'],
    ['Elo', 'Elo'],
    [null, 'Card'],
    ['  ', 'Card'],
  ])('shows Dodo network %j as %j', (network, expected) => {
    expect(cardBrandName(network)).toBe(expected);
  });
});
