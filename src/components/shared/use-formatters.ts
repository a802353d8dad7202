'use client';
/**
 * `useFormatters`: a translator over the built-in English with the provider's message overrides,
 * plus money, price and date formatting in its locale. The catalog is resolved here, not in the
 * provider, so an app that uses only the hooks never bundles it.
 */
import { useMemo } from 'react';
import { createTranslator, formatDate, resolveMessages } from '../../core/i18n/index';
import type { Translate } from '../../core/i18n/index';
import { formatMoney } from '../../core/money';
import type { FormatMoneyOptions, Money } from '../../core/money';
import type { BillingInterval } from '../../core/types';
import { useUpsellContext } from '../../hooks/use-upsell-context';

/** What {@link useFormatters} returns. */
export interface Formatters {
  /** Translator over English with the provider's `messages` on top. */
  t: Translate;
  /** The provider's BCP 47 locale. */
  locale: string;
  /** `formatMoney(m, locale)`. */
  money: (m: Money, options?: FormatMoneyOptions) => string;
  /** A price with its billing interval ("$80.00/month"), or the amount alone for one-time prices. */
  price: (m: Money, interval: BillingInterval | null, options?: FormatMoneyOptions) => string;
  /** `formatDate(iso, locale, options)`. */
  date: (iso: string, options?: Intl.DateTimeFormatOptions) => string;
}

/**
 * The formatting every component needs, from the nearest `<UpsellProvider>`; outside one it
 * throws "`componentName` must be used inside <UpsellProvider>".
 */
export function useFormatters(componentName: string): Formatters {
  const { messages, locale } = useUpsellContext(componentName);
  return useMemo(() => {
    const t = createTranslator(resolveMessages(messages));
    const money = (m: Money, options?: FormatMoneyOptions): string => formatMoney(m, locale, options);
    return {
      t,
      locale,
      money,
      price: (m, interval, options) => (interval ? t(`common.perInterval.${interval}`, { price: money(m, options) }) : money(m, options)),
      date: (iso, options) => formatDate(iso, locale, options),
    };
  }, [messages, locale]);
}
