import { SANDBOX_ERROR_CODES, SandboxHttpError } from './errors';
import type { SandboxCustomer, SandboxPaymentMethod } from './records';
import type { Currency } from './sdk-types';

/** How a charge on a card that passed validation ends. */
export type ChargeDecision =
  | { status: 'succeeded' }
  | { status: 'requires_customer_action' }
  | { status: 'failed'; error_code: string; error_message: string };

/** True once the card's expiry month is over (cards are valid through the last day of that month). */
export function isCardExpired(card: SandboxPaymentMethod, now: Date): boolean {
  const year = Number(card.expiry_year);
  const month = Number(card.expiry_month);
  const thisYear = now.getUTCFullYear();
  return year < thisYear || (year === thisYear && month < now.getUTCMonth() + 1);
}

/** True when the card can pay in `currency` at all. */
export function supportsCurrency(card: SandboxPaymentMethod, currency: Currency): boolean {
  return card.currencies === null || card.currencies.includes(currency);
}

/**
 * Validates a saved card for an off-session (one-click) charge and returns it.
 * Dodo rejects these up front, before any payment exists: unknown or foreign card → 404,
 * expired or not recurring-enabled → 422.
 */
export function requireOffSessionCard(
  customer: SandboxCustomer,
  paymentMethodId: string,
  cards: ReadonlyMap<string, SandboxPaymentMethod>,
  now: Date,
): SandboxPaymentMethod {
  const card = cards.get(paymentMethodId);
  const owned = customer.payment_methods.some((m) => m.payment_method_id === paymentMethodId);
  // Same answer for "does not exist" and "not yours": never confirm another customer's card id.
  if (!card || !owned) {
    throw new SandboxHttpError(
      404,
      SANDBOX_ERROR_CODES.notFound,
      `Payment method ${paymentMethodId} not found for customer ${customer.customer_id}`,
    );
  }
  if (isCardExpired(card, now)) {
    throw new SandboxHttpError(
      422,
      SANDBOX_ERROR_CODES.paymentMethodExpired,
      `Payment method ${paymentMethodId} expired ${card.expiry_month}/${card.expiry_year}`,
    );
  }
  if (!card.recurring_enabled) {
    throw new SandboxHttpError(
      422,
      SANDBOX_ERROR_CODES.paymentMethodNotReusable,
      `Payment method ${paymentMethodId} is not enabled for recurring or off-session charges`,
    );
  }
  return card;
}

/** The outcome of charging `card` in `currency`, once the card passed validation. */
export function decideCharge(card: SandboxPaymentMethod, currency: Currency): ChargeDecision {
  if (!supportsCurrency(card, currency)) {
    return {
      status: 'failed',
      error_code: SANDBOX_ERROR_CODES.currencyNotSupported,
      error_message: `The card cannot be charged in ${currency}. Use a card that supports ${currency}.`,
    };
  }
  switch (card.behavior) {
    case 'succeed':
      return { status: 'succeeded' };
    case 'requires_action':
      return { status: 'requires_customer_action' };
    case 'decline':
      return {
        status: 'failed',
        error_code: SANDBOX_ERROR_CODES.cardDeclined,
        error_message: 'The card was declined by the issuing bank. Ask the customer to use another card.',
      };
  }
}
