/** Headless React hooks: the provider and one hook per flow. */
export { UpsellProvider } from './upsell-provider';
export type { UpsellProviderProps } from './upsell-provider';
export { useUpsellContext } from './use-upsell-context';
export type { UpsellContextValue } from './upsell-context';
export type { UpsellAnalyticsEvent, UpsellAnalyticsEventType } from './upsell-event';
export { DEFAULT_STORAGE_KEY } from './decline-store';
export type { DeclineSnapshot, DeclineStore, UpsellStorage } from './decline-store';
export type { ButtonGetterProps } from './button-props';
export type { MachineStateReducer } from './use-machine';
export type { PollingOptions } from './poll';
export { usePaymentMethods } from './use-payment-methods';
export type { PaymentMethodsStatus, UsePaymentMethodsOptions, UsePaymentMethodsResult } from './use-payment-methods';
export { useUpsellOffer } from './use-upsell-offer';
export type {
  AcceptButtonPropsInput,
  UpsellOfferPollingOptions,
  UpsellOfferStateReducer,
  UseUpsellOfferOptions,
  UseUpsellOfferResult,
} from './use-upsell-offer';
export { usePlanChange } from './use-plan-change';
export type { PlanChangeStateReducer, UsePlanChangeOptions, UsePlanChangeResult } from './use-plan-change';
export { useCrossSell } from './use-cross-sell';
export type { CrossSellTarget, UseCrossSellOptions, UseCrossSellResult } from './use-cross-sell';
export { useDeclineTracker } from './use-decline-tracker';
export type { UseDeclineTrackerOptions, UseDeclineTrackerResult } from './use-decline-tracker';
