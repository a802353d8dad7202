/**
 * Small parts shared by the styled components. Internal to the kit (not exported from the
 * package entry); their props are stable so every component folder can import them.
 */
export { cx } from './class-names';
export { VisuallyHidden } from './visually-hidden';
export type { VisuallyHiddenProps } from './visually-hidden';
export { useFormatters } from './use-formatters';
export type { Formatters } from './use-formatters';
export { errorText, unusableText, CARD_ERROR_CODES } from './messages';
export { CardLabel, cardTexts } from './card-label';
export type { CardLabelProps, CardTexts } from './card-label';
export { PriceTag } from './price-tag';
export type { PriceTagProps } from './price-tag';
export { OfferBadges } from './offer-badges';
export type { OfferBadgesProps } from './offer-badges';
export { StatusRegion } from './status-region';
export type { StatusRegionProps, StatusTone } from './status-region';
export { PaymentMethodPicker } from './payment-method-picker';
export type { PaymentMethodPickerProps } from './payment-method-picker';
export { useControllableOpen } from './use-controllable-open';
export type { ControllableOpenOptions } from './use-controllable-open';
export { focusableButtonProps } from './focusable-button';
export { FlowButton, FlowLink, OpenActionButton } from './flow-buttons';
export type { FlowButtonProps, FlowLinkProps, OpenActionButtonProps } from './flow-buttons';
export { FailedActions, flowStatus, useBankStep, useOutcome } from './offer-flow';
export type { BankStep, FailedActionsProps, FlowStatus } from './offer-flow';
