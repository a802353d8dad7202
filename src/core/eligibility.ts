/**
 * Whether a saved payment method can be charged one-click, as a pure function so the
 * server, the memory adapter and the hooks all judge it the same way.
 * Dodo's guide: validate that the method is not expired, is currency compatible and may
 * be used off-session before offering a one-click charge.
 */
import type { PaymentMethodRecord, SavedPaymentMethod, UnusableReason } from './types';

/** What a payment method is judged against. */
export interface EligibilityContext {
  /** Currency of the offer; omitted → currency is not judged. */
  currency?: string | null;
  /** The current time. */
  now: Date;
}

/**
 * True when a card expiring in `expMonth`/`expYear` can no longer be charged at `now`.
 * Cards are valid through the last moment of their expiry month (UTC), so a card marked
 * 11/2026 still works on 30 November 2026.
 */
export function isCardExpired(expMonth: number, expYear: number, now: Date): boolean {
  // Date.UTC(year, month) with a 1-based month is the first instant of the following month.
  return now.getTime() >= Date.UTC(expYear, expMonth, 1);
}

/**
 * The reason `method` cannot be charged one-click, or null when it can. Checked in order:
 * expired, not reusable off-session, currency incompatible with the offer.
 */
export function unusableReason(method: PaymentMethodRecord, context: EligibilityContext): UnusableReason | null {
  if (method.card && isCardExpired(method.card.expMonth, method.card.expYear, context.now)) return 'expired';
  if (!method.recurringEnabled) return 'not_reusable';
  const currency = context.currency;
  if (currency && method.supportedCurrencies && !method.supportedCurrencies.includes(currency)) {
    return 'currency_mismatch';
  }
  return null;
}

/** `method` with `usable` and `unusableReason` filled in for `context`. */
export function judgePaymentMethod(method: PaymentMethodRecord, context: EligibilityContext): SavedPaymentMethod {
  const reason = unusableReason(method, context);
  return { ...method, usable: reason === null, unusableReason: reason };
}

/** Every method judged for `context`, in the original order. */
export function judgePaymentMethods(methods: readonly PaymentMethodRecord[], context: EligibilityContext): SavedPaymentMethod[] {
  return methods.map((method) => judgePaymentMethod(method, context));
}

/** The usable method to suggest for one click: the most recently used one, or null. */
export function pickDefaultPaymentMethod(methods: readonly SavedPaymentMethod[]): SavedPaymentMethod | null {
  let best: SavedPaymentMethod | null = null;
  for (const method of methods) {
    if (!method.usable) continue;
    if (best === null || (method.lastUsedAt ?? '') > (best.lastUsedAt ?? '')) best = method;
  }
  return best;
}
