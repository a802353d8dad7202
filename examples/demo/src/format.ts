/** Prices and dates in the provider's locale, through `Intl` (the kit's `formatMoney` and messages). */
import { formatDate, formatMoney, useUpsellContext } from './kit';
import type { Money } from './kit';
import type { Interval } from './api';

/** `$49.00`, or `$30.00/month` for a plan, in the provider's locale and messages. */
export function usePriceFormat(): { price: (amount: Money, interval?: Interval | null) => string; date: (iso: string) => string; locale: string } {
  const { locale, t } = useUpsellContext('usePriceFormat');
  return {
    locale,
    price: (amount, interval = null) => {
      const text = formatMoney(amount, locale);
      return interval ? t(`common.perInterval.${interval}`, { price: text }) : text;
    },
    date: (iso) => formatDate(iso, locale),
  };
}
