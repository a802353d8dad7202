/**
 * Message lookup and locale-aware formatting. Numbers, dates and percentages go through
 * `Intl` with the provider's locale; messages interpolate `{name}` placeholders only.
 */
import { en } from './en';
import type { MessageKey, Messages } from './en';

/** Values a message may interpolate. */
export type MessageValues = Record<string, string | number>;

/** Replaces each `{name}` in `template` with `values[name]`; unknown names are left as written. */
export function interpolate(template: string, values: MessageValues = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** English with `overrides` on top; a locale catalog (e.g. Hindi) is passed as overrides. */
export function resolveMessages(...overrides: Array<Partial<Messages> | undefined>): Messages {
  return Object.assign({}, en, ...overrides.filter(Boolean)) as Messages;
}

/** A translator bound to a catalog. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** Creates a translator over `messages`. */
export function createTranslator(messages: Messages): Translate {
  return (key, values) => interpolate(messages[key] ?? en[key], values);
}

/** Formats an ISO date for `locale` (e.g. "13 Dec 2026" / "13 दिस॰ 2026"). */
export function formatDate(iso: string, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options }).format(date);
}

/** Formats a ratio (0.25) as a percentage for `locale` ("25%", "२५%" where the locale uses native digits). */
export function formatPercent(ratio: number, locale: string, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits }).format(ratio);
}
