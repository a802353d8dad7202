/**
 * The offer graph of Dodo's upsell guide, as the memory adapter simulates it: three
 * upgrade pairs, a cheaper downsell behind each declined upsell, two cross-sells and the
 * Basic < Plus < Pro plan ladder.
 */
import type { OfferBadge, OfferKind, Placement, ProrationMode } from '../core/types';

/** One rule: when to offer which product. */
export interface MemoryOfferRule {
  /** Stable offer id. */
  id: string;
  /** What the offer does; a rule on a subscription plan is executed as a plan change. */
  kind: OfferKind;
  /** Placements it may appear at. */
  placements: Placement[];
  /** Product offered. */
  productId: string;
  /** Shown once the customer owns one of these products (or is subscribed to it); empty = always. */
  triggerProductIds: string[];
  /** Value badges. */
  badges: OfferBadge[];
  /** The struck-through "was" price in minor units, or null. */
  compareAtMinor: number | null;
  /** Downsell offered when this one is declined. */
  declineTo: string | null;
  /** Only reachable as another offer's downsell. */
  downsellOnly: boolean;
  /** For plan changes: how the one-click upgrade is billed. */
  prorationMode: ProrationMode;
}

const rule = (id: string, fields: Partial<MemoryOfferRule> & Pick<MemoryOfferRule, 'kind' | 'productId'>): MemoryOfferRule => ({
  id,
  placements: ['post_purchase'],
  triggerProductIds: [],
  badges: [],
  compareAtMinor: null,
  declineTo: null,
  downsellOnly: false,
  prorationMode: 'difference_immediately',
  ...fields,
});

/** The guide's offer graph. */
export const GUIDE_MEMORY_RULES: readonly MemoryOfferRule[] = [
  rule('basic_to_pro', { kind: 'plan_change', productId: 'prod_pro_monthly', placements: ['post_purchase', 'plan_limit'], triggerProductIds: ['prod_basic_monthly'], badges: ['most_popular'], declineTo: 'basic_to_plus' }),
  rule('basic_to_plus', { kind: 'downsell', productId: 'prod_plus_monthly', triggerProductIds: ['prod_basic_monthly'], downsellOnly: true }),
  rule('starter_to_bundle', { kind: 'upsell', productId: 'prod_complete_bundle', triggerProductIds: ['prod_starter_course'], badges: ['best_value'], compareAtMinor: 19700, declineTo: 'starter_to_module' }),
  rule('starter_to_module', { kind: 'downsell', productId: 'prod_advanced_module', triggerProductIds: ['prod_starter_course'], downsellOnly: true }),
  rule('single_to_team', { kind: 'upsell', productId: 'prod_team_license', triggerProductIds: ['prod_single_license'], badges: ['most_popular'], compareAtMinor: 49500, declineTo: 'single_to_duo' }),
  rule('single_to_duo', { kind: 'downsell', productId: 'prod_duo_license', triggerProductIds: ['prod_single_license'], compareAtMinor: 19800, downsellOnly: true }),
  rule('cross_priority_support', { kind: 'cross_sell', productId: 'prod_priority_support', placements: ['checkout'] }),
  rule('cross_templates_pack', { kind: 'cross_sell', productId: 'prod_templates_pack', placements: ['checkout'] }),
];

/** Subscription plans from cheapest to dearest; the account placement offers every other rung. */
export const GUIDE_PLAN_LADDER: readonly string[] = ['prod_basic_monthly', 'prod_plus_monthly', 'prod_pro_monthly'];
