export { createDodoSandbox } from './create-dodo-sandbox';
export type {
  DodoSandbox,
  DodoSandboxOptions,
  SandboxCall,
  SandboxChargeFilter,
  SandboxWebhookControls,
  SandboxWebhookSendOptions,
} from './dodo-sandbox';
export type { SandboxFault } from './faults';
export type {
  SandboxCardBehavior,
  SandboxCheckoutSession,
  SandboxCustomer,
  SandboxPayment,
  SandboxPaymentMethod,
  SandboxProduct,
  SandboxSeed,
  SandboxSubscription,
} from './records';
export type { SandboxStateView } from './store';
export { SANDBOX_WEBHOOK_SECRET } from './webhook-outbox';
export type {
  DodoWebhookData,
  DodoWebhookEvent,
  DodoWebhookType,
  SandboxDeliveryOrder,
  SandboxWebhookEvent,
  SandboxWebhookHeaders,
  SandboxWebhookType,
  SentWebhook,
} from './webhook-outbox';
export { SANDBOX_ERROR_CODES, SandboxHttpError } from './errors';
export { PAYMENT_LIST_DEFAULT_PAGE_SIZE, PAYMENT_LIST_MAX_PAGE_SIZE } from './payment-list';
export type { SandboxErrorCode } from './errors';
export { isProrationBillingMode, PRORATION_BILLING_MODES, quotePlanChange } from './proration';
export type { PlanChangeQuote, PlanChangeQuoteInput, ProrationBillingMode } from './proration';
export {
  CUS_ALICE,
  CUS_BOB,
  CUS_CAROL,
  CUS_DAVE,
  CUS_ERIN,
  CUS_PRIYA,
  DEFAULT_SEED,
  PM_AMEX_EXPIRED_0005,
  PM_MC_3DS_3155,
  PM_RUPAY_IN_6011,
  PM_VISA_4242,
  PM_VISA_DECLINED_0002,
  PM_VISA_NORECUR_1881,
  PM_MC_BOB_5454,
  PROD_ADVANCED_MODULE,
  PROD_BASIC_MONTHLY,
  PROD_COMPLETE_BUNDLE,
  PROD_DUO_LICENSE,
  PROD_HINDI_COURSE,
  PROD_PLUS_MONTHLY,
  PROD_PRIORITY_SUPPORT,
  PROD_PRO_MONTHLY,
  PROD_SINGLE_LICENSE,
  PROD_STARTER_COURSE,
  PROD_TEAM_LICENSE,
  PROD_TEMPLATES_PACK,
  SANDBOX_TODAY,
  SUB_ALICE_BASIC,
  SUB_BOB_PRO,
  SUB_DAVE_PLUS,
  SUB_ERIN_BASIC,
} from './default-seed';
