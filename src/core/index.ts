/** Framework-free core: money, domain types, errors, the adapter contract and pure policies. */
export * from './money';
export * from './errors';
export * from './eligibility';
export * from './card-brand';
export * from './proration';
export * from './decline-policy';
export type * from './types';
export type * from './adapter';
export * from './i18n/index';
export * from './machines/index';
