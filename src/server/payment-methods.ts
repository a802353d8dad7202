/**
 * Dodo's saved payment methods → the kit's {@link PaymentMethodRecord}, plus the rule for
 * which currencies a method can pay in. Eligibility itself is judged by the core
 * (`judgePaymentMethods`), the same function the memory adapter and the hooks use.
 */
import type { CustomerRetrievePaymentMethodsResponse } from 'dodopayments/resources/index';
import { cardBrandName } from '../core/card-brand';
import type { CardDetails, PaymentMethodRecord } from '../core/types';

/** What the currency rule sees of a payment method. */
export interface PaymentMethodFacts {
  /** Dodo payment method family (`card`, `upi` …). */
  type: string;
  /** Card details, for cards. */
  card: CardDetails | null;
}

/**
 * Currencies a saved method can pay in, or null for any. Feeds `supportedCurrencies`, which
 * the core eligibility check compares with the offer's currency.
 */
export type SupportedCurrenciesRule = (method: PaymentMethodFacts) => readonly string[] | null;

/**
 * The default rule: cards issued in India pay in INR only (RBI rules on recurring and
 * off-session card charges); every other method may pay in any currency.
 */
export const defaultSupportedCurrencies: SupportedCurrenciesRule = (method) => (method.card?.issuingCountry === 'IN' ? ['INR'] : null);

/** Dodo's item shape. */
export type DodoPaymentMethodItem = CustomerRetrievePaymentMethodsResponse.Item;

/**
 * Parses Dodo's expiry strings ("08", "2030", sometimes "30"). Unparseable → 0, which the
 * core judges as expired: a card whose expiry cannot be read is not charged one-click.
 */
export function parseExpiryPart(value: string | null | undefined, kind: 'month' | 'year'): number {
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value.trim())) return 0;
  const number = Number.parseInt(value.trim(), 10);
  if (kind === 'month') return number >= 1 && number <= 12 ? number : 0;
  return number < 100 ? 2000 + number : number;
}

/** One Dodo item → {@link PaymentMethodRecord}. */
export function toPaymentMethodRecord(item: DodoPaymentMethodItem, rule: SupportedCurrenciesRule): PaymentMethodRecord {
  const card: CardDetails | null = item.card
    ? {
        brand: cardBrandName(item.card.card_network),
        last4: item.card.last4_digits ?? '',
        expMonth: parseExpiryPart(item.card.expiry_month, 'month'),
        expYear: parseExpiryPart(item.card.expiry_year, 'year'),
        issuingCountry: item.card.card_issuing_country ?? null,
      }
    : null;
  const type = item.payment_method;
  const supported = rule({ type, card });
  return {
    id: item.payment_method_id,
    type,
    card,
    // Dodo omits the flag for some methods; a method that turns out not to be reusable is
    // refused by Dodo with a 4xx (no charge), which the purchase reports with a fallback.
    recurringEnabled: item.recurring_enabled !== false,
    supportedCurrencies: supported === null ? null : [...supported],
    lastUsedAt: item.last_used_at ?? null,
  };
}
