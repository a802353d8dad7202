/** Prices, dates and the kit's own messages in the provider's locale, through `Intl` (the kit's `formatMoney`). */
import { useMemo } from 'react';
import { createTranslator, formatDate, formatMoney, resolveMessages, useUpsellContext } from './kit';
import type { Money, Translate } from './kit';
import type { Interval } from './api';

/**
 * The kit's translator for this page: built-in English with the provider's `messages` on top.
 * The hooks never translate (a hooks-only app ships no catalog), so host code resolves it itself.
 */
export function useKitText(consumer: string): { locale: string; t: Translate } {
  const { locale, messages } = useUpsellContext(consumer);
  const t = useMemo(() => createTranslator(resolveMessages(messages)), [messages]);
  return { locale, t };
}

/** `$49.00`, or `$30.00/month` for a plan, in the provider's locale and messages. */
export function usePriceFormat(): { price: (amount: Money, interval?: Interval | null) => string; date: (iso: string) => string; locale: string } {
  const { locale, t } = useKitText('usePriceFormat');
  return {
    locale,
    price: (amount, interval = null) => {
      const text = formatMoney(amount, locale);
      return interval ? t(`common.perInterval.${interval}`, { price: text }) : text;
    },
    date: (iso) => formatDate(iso, locale),
  };
}
