/** Message lookups shared by the components: error codes and unusable-card reasons. */
import { en } from '../../core/i18n/index';
import type { MessageKey, Translate } from '../../core/i18n/index';
import type { UpsellErrorCode } from '../../core/errors';
import type { SavedPaymentMethod } from '../../core/types';

function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The plain-language reason for `code` from the catalog (`error.<code>`), or `error.generic`. */
export function errorText(t: Translate, code: UpsellErrorCode): string {
  const key = `error.${code}`;
  return t(isMessageKey(key) ? key : 'error.generic');
}

/** Why `method` cannot be charged ("Expired", "Cannot pay in USD"), or null when it can. */
export function unusableText(t: Translate, method: SavedPaymentMethod, currency: string | null): string | null {
  if (method.usable || method.unusableReason === null) return null;
  return t(`card.unusable.${method.unusableReason}`, { currency: currency ?? '' });
}

/** Codes after which updating the saved card may help. */
export const CARD_ERROR_CODES: ReadonlySet<UpsellErrorCode> = new Set<UpsellErrorCode>([
  'payment_declined',
  'payment_method_unusable',
  'currency_mismatch',
  'requires_action',
]);
