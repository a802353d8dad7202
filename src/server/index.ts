/** upsell-kit/server: the reference backend (Request → Response), its store contract and the guide's offer rules. */
export { createUpsellHandler } from './create-upsell-handler';
export type { UpsellHandler } from './create-upsell-handler';
export type { Authenticate, ErrorReportContext, UpsellHandlerOptions } from './handler-options';
export { toNodeListener } from './node-listener';
export type { NodeListener, NodeListenerOptions } from './node-listener';
export { createMemoryStore } from './memory-store';
export type { MemoryStoreOptions } from './memory-store';
export {
  createPgliteStore,
  createPostgresStore,
  createStoreFromEnv,
  DEFAULT_DATA_DIR,
  isStoreUnavailableError,
  migrateUpsellSchema,
  PostgresStore,
  StoreUnavailableError,
  UPSELL_MIGRATIONS,
  UPSELL_SCHEMA_VERSION,
  upsellSchemaVersion,
} from './stores/index';
export type {
  CreatePostgresStoreOptions,
  MigrationResult,
  PgliteStoreOptions,
  PostgresStoreOptions,
  SqlClient,
  SqlUpsellStore,
  StoreFromEnvOptions,
  UpsellMigration,
  UpsellTables,
} from './stores/index';
export type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotentResult,
  OfferPurchaseClaim,
  ProductOwnership,
  PurchaseFailure,
  PurchasePatch,
  PurchaseRecord,
  PurchaseStatus,
  UpsellStore,
} from './store';
export { executionOf, validateOfferRules } from './offer-rules';
export type { CompareAt, CrossSellPair, OfferExecution, OfferRule, OfferRulesConfig, OfferTrigger, PlanLadder } from './offer-rules';
export { GUIDE_OFFER_RULES } from './guide-offer-rules';
export { defaultSupportedCurrencies } from './payment-methods';
export type { PaymentMethodFacts, SupportedCurrenciesRule } from './payment-methods';
export { SETTLE_FROM } from './settlement';
