/** upsell-kit/memory: an in-memory backend for Storybook, tests and docs. */
export { createMemoryAdapter } from './create-memory-adapter';
export type { MemoryAdapter, MemoryAdapterMethod, MemoryAdapterOptions, MemoryCharge } from './create-memory-adapter';
export { fixtures } from './fixtures';
export type { FixtureName, MemoryFixture } from './fixtures';
export { GUIDE_CARDS, GUIDE_CUSTOMERS, GUIDE_PRODUCTS, findCatalogCard, findCatalogProduct } from './guide-catalog';
export type { CardBehaviour, CatalogCard, CatalogCustomer, CatalogProduct, CatalogSubscription } from './guide-catalog';
export { GUIDE_MEMORY_RULES, GUIDE_PLAN_LADDER } from './guide-offer-rules';
export type { MemoryOfferRule } from './guide-offer-rules';
