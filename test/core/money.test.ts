import { describe, expect, it } from 'vitest';
import { UpsellError } from '../../src/core/errors';
import type { UpsellErrorCode } from '../../src/core/errors';
import {
  addMoney,
  clampAtZero,
  compareMoney,
  formatMoney,
  isCurrencyCode,
  isMoney,
  minorUnitDigits,
  money,
  moneyEquals,
  multiplyMoney,
  negateMoney,
  scaleMoney,
  subtractMoney,
  toDecimalString,
  zeroMoney,
} from '../../src/core/money';

/** Runs `fn` and returns the UpsellError it throws; fails the test when it throws anything else or nothing. */
function upsellErrorOf(fn: () => unknown): UpsellError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UpsellError);
    return error as UpsellError;
  }
  throw new Error('expected an UpsellError, but nothing was thrown');
}

function expectCode(fn: () => unknown, code: UpsellErrorCode): void {
  expect(upsellErrorOf(fn).code).toBe(code);
}

const usd = (minor: number) => money(minor, 'USD');

describe('creating money', () => {
  it('keeps integer minor units and the currency, frozen', () => {
    const price = money(3000, 'USD');
    expect(price).toEqual({ minor: 3000, currency: 'USD' });
    expect(Object.isFrozen(price)).toBe(true);
  });

  it('normalises negative zero to zero', () => {
    expect(Object.is(money(-0, 'USD').minor, 0)).toBe(true);
  });

  it.each([
    ['a fraction of a cent', 12.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['an unsafe integer', 2 ** 53],
    ['a negative unsafe integer', -(2 ** 53)],
  ])('refuses %s with invalid_request', (_label, minor) => {
    const error = upsellErrorOf(() => money(minor, 'USD'));
    expect(error.code).toBe('invalid_request');
    expect(error.retryable).toBe(false);
  });

  it('accepts the largest safe integer', () => {
    expect(money(Number.MAX_SAFE_INTEGER, 'USD').minor).toBe(9007199254740991);
  });

  it.each([
    ['a lower-case code', 'usd'],
    ['a mixed-case code', 'Usd'],
    ['a two-letter code', 'US'],
    ['a four-letter code', 'USDT'],
    ['an empty string', ''],
  ])('refuses %s as currency with invalid_request', (_label, currency) => {
    expectCode(() => money(100, currency), 'invalid_request');
  });

  // Intl.NumberFormat accepts any well-formed three-letter code (it formats "XYZ 1.00"),
  // so only Intl.supportedValuesOf('currency') tells a real ISO 4217 currency from a made-up one.
  it('refuses well-formed but made-up currencies (XYZ, ABC, QQQ) with invalid_request', () => {
    for (const currency of ['XYZ', 'ABC', 'QQQ']) {
      expect(isCurrencyCode(currency), currency).toBe(false);
      expectCode(() => money(100, currency), 'invalid_request');
    }
  });

  it('knows real currencies', () => {
    for (const code of ['USD', 'EUR', 'INR', 'JPY', 'KWD', 'GBP']) expect(isCurrencyCode(code)).toBe(true);
    expect(isCurrencyCode(42)).toBe(false);
    expect(isCurrencyCode(null)).toBe(false);
  });

  it('zeroMoney is zero in the given currency', () => {
    expect(zeroMoney('INR')).toEqual({ minor: 0, currency: 'INR' });
  });

  it('isMoney recognises the shape without trusting floats or unknown currencies', () => {
    expect(isMoney({ minor: 3000, currency: 'USD' })).toBe(true);
    expect(isMoney({ minor: 30.5, currency: 'USD' })).toBe(false);
    expect(isMoney({ minor: '3000', currency: 'USD' })).toBe(false);
    expect(isMoney({ minor: 3000, currency: 'usd' })).toBe(false);
    expect(isMoney({ minor: 3000 })).toBe(false);
    expect(isMoney(null)).toBe(false);
    expect(isMoney(3000)).toBe(false);
  });
});

describe('minor-unit digits come from Intl', () => {
  it.each([
    ['JPY', 0],
    ['USD', 2],
    ['INR', 2],
    ['EUR', 2],
    ['KWD', 3],
    ['BHD', 3],
  ])('%s has %i digits', (currency, digits) => {
    expect(minorUnitDigits(currency)).toBe(digits);
  });

  it('refuses an unknown currency', () => {
    expectCode(() => minorUnitDigits('usd'), 'invalid_request');
  });
});

describe('arithmetic', () => {
  it('adds and subtracts in the same currency', () => {
    expect(addMoney(usd(3000), usd(5000))).toEqual(usd(8000));
    expect(subtractMoney(usd(8000), usd(3000))).toEqual(usd(5000));
    expect(subtractMoney(usd(3000), usd(8000))).toEqual(usd(-5000));
  });

  it('compares amounts', () => {
    expect(compareMoney(usd(3000), usd(8000))).toBe(-1);
    expect(compareMoney(usd(8000), usd(3000))).toBe(1);
    expect(compareMoney(usd(3000), usd(3000))).toBe(0);
    expect(compareMoney(usd(-1), usd(0))).toBe(-1);
  });

  it('moneyEquals needs the same amount and the same currency', () => {
    expect(moneyEquals(usd(100), usd(100))).toBe(true);
    expect(moneyEquals(usd(100), usd(101))).toBe(false);
    expect(moneyEquals(usd(100), money(100, 'EUR'))).toBe(false);
  });

  it('multiplies by an integer quantity and refuses a fractional one', () => {
    expect(multiplyMoney(usd(3000), 3)).toEqual(usd(9000));
    expect(multiplyMoney(usd(3000), 0)).toEqual(usd(0));
    expectCode(() => multiplyMoney(usd(3000), 1.5), 'invalid_request');
    expectCode(() => multiplyMoney(usd(3000), Number.NaN), 'invalid_request');
  });

  it('negates and clamps at zero', () => {
    expect(negateMoney(usd(500))).toEqual(usd(-500));
    expect(negateMoney(usd(0)).minor).toBe(0);
    expect(clampAtZero(usd(-500))).toEqual(usd(0));
    expect(clampAtZero(usd(500))).toEqual(usd(500));
  });

  it('refuses a sum that is no longer a safe integer instead of rounding it as a float', () => {
    expectCode(() => addMoney(usd(Number.MAX_SAFE_INTEGER), usd(1)), 'invalid_request');
    expectCode(() => multiplyMoney(usd(Number.MAX_SAFE_INTEGER), 2), 'invalid_request');
  });

  it.each([
    ['addMoney', () => addMoney(usd(100), money(100, 'INR'))],
    ['subtractMoney', () => subtractMoney(usd(100), money(100, 'EUR'))],
    ['compareMoney', () => compareMoney(money(100, 'JPY'), usd(100))],
  ])('%s refuses mixed currencies with currency_mismatch', (_name, fn) => {
    const error = upsellErrorOf(fn);
    expect(error.code).toBe('currency_mismatch');
    expect(error.message).toMatch(/USD/);
  });
});

describe('scaleMoney rounds half away from zero, exactly', () => {
  it.each([
    // minor, numerator, denominator, expected
    [5000, 1, 2, 2500],
    [5000, 1, 3, 1667], // 1666.67
    [5000, 2, 3, 3333], // 3333.33
    [1, 1, 2, 1], // 0.5 → 1
    [3, 1, 2, 2], // 1.5 → 2
    [5, 1, 2, 3], // 2.5 → 3 (not banker's 2)
    [1, 1, 3, 0], // 0.33 → 0
    [-1, 1, 2, -1], // −0.5 → −1
    [-5, 1, 2, -3], // −2.5 → −3
    [-5000, 1, 3, -1667],
    [5, -1, 2, -3], // negative numerator
    [5, 1, -2, -3], // negative denominator
    [-5, -1, 2, 3], // two negatives
    [0, 7, 9, 0],
  ])('%i × %i / %i = %i', (minor, numerator, denominator, expected) => {
    expect(scaleMoney(usd(minor), numerator, denominator)).toEqual(usd(expected));
  });

  it('is exact at the largest safe integer', () => {
    const max = usd(Number.MAX_SAFE_INTEGER);
    expect(scaleMoney(max, 1, 1).minor).toBe(9007199254740991);
    expect(scaleMoney(max, 2, 2).minor).toBe(9007199254740991);
    // 9007199254740991 / 2 = 4503599627370495.5 → …496, a float division would already be off.
    expect(scaleMoney(max, 1, 2).minor).toBe(4503599627370496);
    expect(scaleMoney(usd(-Number.MAX_SAFE_INTEGER), 1, 2).minor).toBe(-4503599627370496);
    // 9007199254740991 × 2 / 3 = 6004799503160660.67 → …661
    expect(scaleMoney(max, 2, 3).minor).toBe(6004799503160661);
    // A ratio of huge BigInts whose intermediate product is far beyond 2^53.
    expect(scaleMoney(max, 2592000000n, 2592000000n).minor).toBe(9007199254740991);
  });

  it('accepts bigint ratios', () => {
    expect(scaleMoney(usd(5000), 1296000000n, 2592000000n)).toEqual(usd(2500));
  });

  it('refuses a zero denominator and a result beyond the safe range', () => {
    expectCode(() => scaleMoney(usd(100), 1, 0), 'invalid_request');
    expectCode(() => scaleMoney(usd(Number.MAX_SAFE_INTEGER), 2, 1), 'invalid_request');
  });

  it('keeps the currency', () => {
    expect(scaleMoney(money(999, 'KWD'), 1, 3)).toEqual(money(333, 'KWD'));
  });
});

describe('toDecimalString', () => {
  it.each([
    [3000, 'USD', '30.00'],
    [5, 'USD', '0.05'],
    [0, 'USD', '0.00'],
    [-1250, 'USD', '-12.50'],
    [-5, 'USD', '-0.05'],
    [3000, 'JPY', '3000'],
    [-3000, 'JPY', '-3000'],
    [0, 'JPY', '0'],
    [1234, 'KWD', '1.234'],
    [5, 'KWD', '0.005'],
    [-1, 'KWD', '-0.001'],
    [123456789, 'INR', '1234567.89'],
    [9007199254740991, 'USD', '90071992547409.91'],
  ])('%i %s → %s', (minor, currency, expected) => {
    expect(toDecimalString(money(minor, currency))).toBe(expected);
  });
});

describe('formatMoney', () => {
  it.each([
    // minor, currency, locale, expected (exact Intl output of this Node's ICU)
    [3000, 'USD', 'en-US', '$30.00'],
    [5, 'USD', 'en-US', '$0.05'],
    [-1250, 'USD', 'en-US', '-$12.50'],
    [123456789, 'INR', 'hi-IN', '₹12,34,567.89'],
    [123456789, 'INR', 'en-US', '₹1,234,567.89'],
    [3000, 'USD', 'hi-IN', '$30.00'],
    [3000, 'JPY', 'en-US', '¥3,000'],
    [3000, 'JPY', 'hi-IN', 'JP¥3,000'],
    [1234, 'KWD', 'en-US', 'KWD\u00a01.234'],
    [-1234, 'KWD', 'en-US', '-KWD\u00a01.234'],
    [1000, 'KWD', 'en-US', 'KWD\u00a01.000'],
  ])('%i %s in %s → %s', (minor, currency, locale, expected) => {
    expect(formatMoney(money(minor, currency), locale)).toBe(expected);
  });

  it('shows the currency code or name on request', () => {
    expect(formatMoney(usd(3000), 'en-US', { currencyDisplay: 'code' })).toBe('USD\u00a030.00');
    expect(formatMoney(usd(3000), 'en-US', { currencyDisplay: 'name' })).toBe('30.00 US dollars');
  });

  it('trimZeroFraction drops ".00" only from whole amounts', () => {
    expect(formatMoney(usd(3000), 'en-US', { trimZeroFraction: true })).toBe('$30');
    expect(formatMoney(money(199900, 'INR'), 'hi-IN', { trimZeroFraction: true })).toBe('₹1,999');
    expect(formatMoney(usd(3050), 'en-US', { trimZeroFraction: true })).toBe('$30.50');
    expect(formatMoney(usd(-3000), 'en-US', { trimZeroFraction: true })).toBe('-$30');
    expect(formatMoney(money(1000, 'KWD'), 'en-US', { trimZeroFraction: true })).toBe('KWD\u00a01');
    expect(formatMoney(money(1200, 'KWD'), 'en-US', { trimZeroFraction: true })).toBe('KWD\u00a01.200');
    // The trimmed and untrimmed formatters are cached apart: the next call is not trimmed.
    expect(formatMoney(usd(3000), 'en-US')).toBe('$30.00');
  });

  it('formats the largest safe amount exactly, with no float rounding', () => {
    // As a float, 90071992547409.91 would print as …409.92 or lose the cents.
    expect(formatMoney(usd(Number.MAX_SAFE_INTEGER), 'en-US')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(usd(Number.MAX_SAFE_INTEGER), 'hi-IN')).toBe('$9,00,71,99,25,47,409.91');
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'JPY'), 'en-US')).toBe('¥9,007,199,254,740,991');
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'KWD'), 'en-US')).toBe('KWD\u00a09,007,199,254,740.991');
  });
});
