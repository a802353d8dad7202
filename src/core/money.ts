/**
 * Money as integer minor units plus an ISO 4217 currency. Never a float: amounts are
 * created from minor units only, arithmetic stays in integers (BigInt for ratios), and
 * formatting hands `Intl.NumberFormat` an exact decimal string.
 */
import { UpsellError } from './errors';

/** An amount of money: `minor` integer minor units (cents, paise, fils) of `currency`. */
export interface Money {
  /** Integer amount in the currency's minor unit (e.g. 3000 = $30.00, 3000 = ¥3000). */
  readonly minor: number;
  /** ISO 4217 code, upper case (e.g. `USD`, `INR`, `JPY`). */
  readonly currency: string;
}

const digitsCache = new Map<string, number>();

let supportedCurrencies: ReadonlySet<string> | null | undefined;

/**
 * True when `code` is an ISO 4217 code that `Intl` supports. `Intl.NumberFormat` accepts any
 * well-formed code ("XYZ"), so the list comes from `Intl.supportedValuesOf` where it exists.
 */
export function isCurrencyCode(code: unknown): code is string {
  if (typeof code !== 'string' || !/^[A-Z]{3}$/.test(code)) return false;
  if (supportedCurrencies === undefined) {
    supportedCurrencies = typeof Intl.supportedValuesOf === 'function' ? new Set(Intl.supportedValuesOf('currency')) : null;
  }
  return supportedCurrencies === null || supportedCurrencies.has(code);
}

/**
 * Number of minor-unit digits of `currency` (USD 2, JPY 0, KWD 3), as `Intl` reports it,
 * so the kit carries no hand-written currency table.
 */
export function minorUnitDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  if (!isCurrencyCode(currency)) throw new UpsellError('invalid_request', `Unknown currency "${String(currency)}"`);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  digitsCache.set(currency, digits);
  return digits;
}

/** Creates Money from integer minor units; throws `invalid_request` for fractions, unsafe integers or unknown currencies. */
export function money(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) {
    throw new UpsellError('invalid_request', `Money needs integer minor units, got ${String(minor)}`);
  }
  if (!isCurrencyCode(currency)) throw new UpsellError('invalid_request', `Unknown currency "${String(currency)}"`);
  return Object.freeze({ minor: minor === 0 ? 0 : minor, currency });
}

/** Zero in `currency`. */
export function zeroMoney(currency: string): Money {
  return money(0, currency);
}

/** True when `value` has the shape of Money with integer minor units and a known currency. */
export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const { minor, currency } = value as { minor?: unknown; currency?: unknown };
  return typeof minor === 'number' && Number.isSafeInteger(minor) && isCurrencyCode(currency);
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new UpsellError('currency_mismatch', `Cannot combine ${a.currency} with ${b.currency}`);
  }
}

/** a + b; throws `currency_mismatch` when the currencies differ. */
export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.minor + b.minor, a.currency);
}

/** a − b; throws `currency_mismatch` when the currencies differ. */
export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.minor - b.minor, a.currency);
}

/** −1, 0 or 1 as a is less than, equal to or greater than b; throws on mixed currencies. */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/** True when both amount and currency are equal. */
export function moneyEquals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.minor === b.minor;
}

/** m × an integer quantity. */
export function multiplyMoney(m: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) throw new UpsellError('invalid_request', 'Quantity must be an integer');
  return money(m.minor * quantity, m.currency);
}

/** −m. */
export function negateMoney(m: Money): Money {
  return money(-m.minor, m.currency);
}

/** The larger of m and zero. */
export function clampAtZero(m: Money): Money {
  return m.minor < 0 ? zeroMoney(m.currency) : m;
}

/**
 * m × numerator / denominator, rounded half away from zero, computed in BigInt so no
 * intermediate product loses precision. Used for proration.
 */
export function scaleMoney(m: Money, numerator: number | bigint, denominator: number | bigint): Money {
  const num = BigInt(numerator);
  const den = BigInt(denominator);
  if (den === 0n) throw new UpsellError('invalid_request', 'Cannot scale money by a zero denominator');
  const product = BigInt(m.minor) * num;
  const sign = (product < 0n) !== (den < 0n) ? -1n : 1n;
  const absProduct = product < 0n ? -product : product;
  const absDen = den < 0n ? -den : den;
  const rounded = (absProduct * 2n + absDen) / (absDen * 2n);
  return money(Number(sign * rounded), m.currency);
}

/**
 * The exact decimal string of `m` ("-12.50", "3000", "1.234"), built from digits so no
 * float ever stands for an amount.
 */
export function toDecimalString(m: Money): string {
  const digits = minorUnitDigits(m.currency);
  const negative = m.minor < 0;
  const abs = String(Math.abs(m.minor));
  if (digits === 0) return (negative ? '-' : '') + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

const formatterCache = new Map<string, Intl.NumberFormat>();

/** Options for {@link formatMoney}. */
export interface FormatMoneyOptions {
  /** Show the currency as a symbol, narrow symbol, code or name. @default 'symbol' */
  currencyDisplay?: 'symbol' | 'narrowSymbol' | 'code' | 'name';
  /** Drop ".00" when the amount is whole. @default false */
  trimZeroFraction?: boolean;
}

/** Formats `m` for `locale` with `Intl.NumberFormat`, using the currency's own minor-unit digits. */
export function formatMoney(m: Money, locale: string, options: FormatMoneyOptions = {}): string {
  const digits = minorUnitDigits(m.currency);
  const whole = m.minor % 10 ** digits === 0;
  const fraction = options.trimZeroFraction && whole ? 0 : digits;
  const key = `${locale}|${m.currency}|${options.currencyDisplay ?? 'symbol'}|${fraction}`;
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: m.currency,
      currencyDisplay: options.currencyDisplay ?? 'symbol',
      minimumFractionDigits: fraction,
      maximumFractionDigits: digits,
    });
    formatterCache.set(key, formatter);
  }
  // A decimal string is formatted exactly (Intl.NumberFormat v3); a number would pass through a float.
  return formatter.format(toDecimalString(m) as Intl.StringNumericLiteral);
}
