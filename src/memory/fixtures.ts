/**
 * Named starting states for the memory adapter, so a story or a test picks a scenario by
 * name (`fixtures.expiredCard`) instead of building data by hand. Each mirrors one
 * customer of the sandbox, so the same scenario runs against the real server too.
 */
import type { OfferEvent } from '../core/types';

/** A scenario the memory adapter starts from. */
export interface MemoryFixture {
  /** Sandbox customer this scenario mirrors. */
  customerId: string;
  /** Whether the customer keeps the catalogue subscription (false: no subscription at all). */
  subscribed: boolean;
  /** Products the customer already owns (opens post-purchase offers). */
  ownedProductIds: string[];
  /** Offer events recorded before the scenario starts (insights stories). */
  events: OfferEvent[];
  /** Artificial latency per call in ms; `Infinity` never answers (loading states). */
  latencyMs: number;
  /** Every call fails with a network error. */
  offline: boolean;
  /** How long plan-change quotes stay valid, in ms. */
  quoteTtlMs: number;
  /** How long offer tokens stay valid, in ms. */
  offerTtlMs: number;
}

const base = (customerId: string, fields: Partial<MemoryFixture> = {}): MemoryFixture => ({
  customerId,
  subscribed: true,
  ownedProductIds: ['prod_starter_course', 'prod_single_license'],
  events: [],
  latencyMs: 0,
  offline: false,
  quoteTtlMs: 5 * 60_000,
  offerTtlMs: 15 * 60_000,
  ...fields,
});

/** Every named scenario. */
export const fixtures = {
  /** Alice: a good Visa 4242 (plus an expired and a non-reusable card), on the Basic plan; every offer open. */
  happyPath: base('cus_alice'),
  /** Alice with offers whose decline leads to a downsell (the guide's graph always has one). */
  withDownsell: base('cus_alice'),
  /** Dave: no saved payment method at all, so one click falls back to checkout. */
  noSavedCard: base('cus_dave', { ownedProductIds: ['prod_starter_course'] }),
  /** Carol: her only card expired in 01/2025. */
  expiredCard: base('cus_carol'),
  /** Priya: an India-issued RuPay card that pays INR only, offered USD products. */
  currencyMismatch: base('cus_priya'),
  /** Erin: her card asks for 3-D Secure on every off-session charge, also for a plan change; on the Basic plan. */
  requiresAction: base('cus_erin'),
  /** Bob: his usual card is declined (an older Mastercard still works); on the Pro plan (downgrades yield a credit). */
  cardDeclined: base('cus_bob'),
  /** Dave: a plan change is already pending on his subscription (Dodo answers 409). */
  planChangePending: base('cus_dave'),
  /** Alice, but every quote expires at once. */
  quoteExpired: base('cus_alice', { quoteTtlMs: 0 }),
  /** Alice without a subscription, owning nothing that triggers a post-purchase offer. */
  noOffers: base('cus_alice', { ownedProductIds: [], subscribed: false }),
  /** Every call hangs forever: loading states. */
  loading: base('cus_alice', { latencyMs: Number.POSITIVE_INFINITY }),
  /** Every call fails as if the network were down. */
  networkError: base('cus_alice', { offline: true }),
  /** Alice with a history of events for the insights view. */
  withHistory: base('cus_alice', {
    events: [
      ...repeat(40, { offerId: 'starter_to_bundle', event: 'shown' }),
      ...repeat(9, { offerId: 'starter_to_bundle', event: 'accepted' }),
      ...repeat(22, { offerId: 'starter_to_bundle', event: 'declined' }),
      ...repeat(25, { offerId: 'basic_to_pro', event: 'shown' }),
      ...repeat(8, { offerId: 'basic_to_pro', event: 'accepted' }),
      ...repeat(12, { offerId: 'basic_to_pro', event: 'declined' }),
      ...repeat(18, { offerId: 'cross_priority_support', event: 'shown' }),
      ...repeat(3, { offerId: 'cross_priority_support', event: 'accepted' }),
      ...repeat(2, { offerId: 'cross_priority_support', event: 'dismissed' }),
    ],
  }),
} satisfies Record<string, MemoryFixture>;

/** The name of a scenario in {@link fixtures}. */
export type FixtureName = keyof typeof fixtures;

function repeat(count: number, event: Omit<OfferEvent, 'at'>): OfferEvent[] {
  return Array.from({ length: count }, (_, i) => ({ ...event, at: new Date(Date.UTC(2026, 10, 1, 9, i)).toISOString() }));
}
