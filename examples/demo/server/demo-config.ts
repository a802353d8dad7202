/**
 * What the demo shop sells and which offers it makes: the guide's catalogue and offer rules,
 * plus plan changes on the Account page. With a real Dodo account the product and customer
 * ids come from the environment instead of the sandbox's seed.
 */
import { GUIDE_OFFER_RULES } from '../../../src/server/index';
import type { OfferRule, OfferRulesConfig } from '../../../src/server/index';

/** Products on the shop page, in order. */
export const SHOP_PRODUCT_IDS = ['prod_basic_monthly', 'prod_starter_course', 'prod_single_license', 'prod_hindi_course'] as const;

/** Cross-sells offered in the cart (placement `checkout`), in order. */
export const CROSS_SELL_PRODUCT_IDS = ['prod_priority_support', 'prod_templates_pack'] as const;

/** The sandbox's seeded customers, who can sign in to the demo. */
export const SANDBOX_CUSTOMER_IDS = ['cus_alice', 'cus_bob', 'cus_carol', 'cus_priya', 'cus_dave', 'cus_erin'] as const;

/** The plans of the ladder, cheapest first (Basic, Plus, Pro). */
const LADDER = GUIDE_OFFER_RULES.planLadder?.productIds ?? [];

/**
 * One plan change per plan of the ladder, shown on the Account page (placement `account`) to a
 * customer whose subscription is on another plan of the ladder.
 */
const ACCOUNT_PLAN_RULES: OfferRule[] = LADDER.map((productId) => ({
  id: `account_${productId.replace(/^prod_/, '').replace(/_monthly$/, '')}`,
  kind: 'plan_change',
  placements: ['account'],
  productId,
  trigger: { type: 'purchased', productIds: LADDER.filter((id) => id !== productId) },
}));

/** The guide's offers (post-purchase upsells, downsells, checkout cross-sells) plus the Account page's plan changes. */
export const DEMO_OFFER_RULES: OfferRulesConfig = {
  ...GUIDE_OFFER_RULES,
  offers: [...GUIDE_OFFER_RULES.offers, ...ACCOUNT_PLAN_RULES],
};

/** Replaces product ids throughout `rules` (a real Dodo account has its own ids). */
export function remapOfferRules(rules: OfferRulesConfig, map: Readonly<Record<string, string>>): OfferRulesConfig {
  const to = (id: string): string => map[id] ?? id;
  return {
    ...rules,
    offers: rules.offers.map((rule) => ({
      ...rule,
      productId: to(rule.productId),
      ...(rule.trigger?.type === 'purchased' && { trigger: { type: 'purchased' as const, productIds: rule.trigger.productIds.map(to) } }),
      ...(rule.compareAt?.type === 'products' && {
        compareAt: { type: 'products' as const, items: rule.compareAt.items.map((item) => ({ ...item, productId: to(item.productId) })) },
      }),
    })),
    crossSells: rules.crossSells?.map((pair) => ({ ...pair, productId: to(pair.productId) })),
    planLadder: rules.planLadder ? { ...rules.planLadder, productIds: rules.planLadder.productIds.map(to) } : rules.planLadder,
  };
}

/**
 * `DEMO_PRODUCT_MAP` (JSON, guide id → your Dodo product id), for running against a real Dodo
 * test-mode account whose products stand in for the guide's.
 */
export function productMapFromEnv(value: string | undefined): Record<string, string> {
  if (!value) return {};
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('DEMO_PRODUCT_MAP must be a JSON object');
  const map: Record<string, string> = {};
  for (const [from, to] of Object.entries(parsed)) if (typeof to === 'string') map[from] = to;
  return map;
}
