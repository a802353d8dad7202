/** The kit's message catalog (English built in) and Intl-based formatting. */
export { en } from './en';
export type { MessageKey, Messages } from './en';
export { createTranslator, formatDate, formatPercent, interpolate, resolveMessages } from './format';
export type { MessageValues, Translate } from './format';
