/**
 * The `dodopayments` SDK's own types for every shape the sandbox sends. Typing the
 * responses with them makes `tsc` catch any drift between the fake and the SDK.
 * Type-only: nothing from the SDK runs inside the sandbox.
 */
export type {
  BillingAddress,
  CheckoutSessionCreateParams,
  CheckoutSessionResponse,
  CountryCode,
  Currency,
  Customer,
  CustomerLimitedDetails,
  CustomerRetrievePaymentMethodsResponse,
  IntentStatus,
  Metadata,
  Payment,
  PaymentCreateParams,
  PaymentCreateResponse,
  PaymentFailedWebhookEvent,
  PaymentListParams,
  PaymentListResponse,
  PaymentSucceededWebhookEvent,
  Price,
  Product,
  Subscription,
  SubscriptionActiveWebhookEvent,
  SubscriptionChangePlanParams,
  SubscriptionChangePlanResponse,
  SubscriptionPlanChangedWebhookEvent,
  SubscriptionPreviewChangePlanResponse,
  SubscriptionStatus,
  TaxCategory,
  TimeInterval,
  UnwrapWebhookEvent,
} from 'dodopayments/resources/index';
