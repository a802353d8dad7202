/**
 * The example configuration of Dodo's "Upsells and Downsells" guide, with the same offer
 * ids and figures as the memory adapter (`src/memory/guide-offer-rules.ts`) so the contract
 * tests can expect the same offers from both backends.
 */
import { money } from '../core/money';
import type { OfferRulesConfig } from './offer-rules';

const BASIC = 'prod_basic_monthly';
const PLUS = 'prod_plus_monthly';
const PRO = 'prod_pro_monthly';
const STARTER = 'prod_starter_course';
const SINGLE = 'prod_single_license';

/**
 * Basic → Pro (a plan change on the customer's subscription; declined → Plus),
 * Starter course → Complete bundle (one-click upsell; declined → Advanced module),
 * Single license → Team license (declined → Duo license), cross-sells Priority support and
 * Templates pack at checkout, and the plan ladder Basic < Plus < Pro.
 */
export const GUIDE_OFFER_RULES: OfferRulesConfig = Object.freeze<OfferRulesConfig>({
  offers: [
    {
      id: 'basic_to_pro',
      kind: 'plan_change',
      placements: ['post_purchase', 'plan_limit'],
      productId: PRO,
      trigger: { type: 'purchased', productIds: [BASIC] },
      badges: ['most_popular'],
      declineTo: 'basic_to_plus',
      // The guide's worked example: $30 → $80 charges the $50 difference today.
      prorationMode: 'difference_immediately',
    },
    {
      id: 'basic_to_plus',
      kind: 'downsell',
      placements: [],
      productId: PLUS,
      trigger: { type: 'purchased', productIds: [BASIC] },
      prorationMode: 'difference_immediately',
    },
    {
      id: 'starter_to_bundle',
      kind: 'upsell',
      placements: ['post_purchase'],
      productId: 'prod_complete_bundle',
      trigger: { type: 'purchased', productIds: [STARTER] },
      badges: ['best_value'],
      compareAt: { type: 'price', price: money(19700, 'USD') },
      declineTo: 'starter_to_module',
    },
    {
      id: 'starter_to_module',
      kind: 'downsell',
      placements: [],
      productId: 'prod_advanced_module',
      trigger: { type: 'purchased', productIds: [STARTER] },
    },
    {
      id: 'single_to_team',
      kind: 'upsell',
      placements: ['post_purchase'],
      productId: 'prod_team_license',
      trigger: { type: 'purchased', productIds: [SINGLE] },
      badges: ['most_popular'],
      compareAt: { type: 'products', items: [{ productId: SINGLE, quantity: 5 }] },
      declineTo: 'single_to_duo',
    },
    {
      id: 'single_to_duo',
      kind: 'downsell',
      placements: [],
      productId: 'prod_duo_license',
      trigger: { type: 'purchased', productIds: [SINGLE] },
      compareAt: { type: 'products', items: [{ productId: SINGLE, quantity: 2 }] },
    },
    {
      id: 'cross_priority_support',
      kind: 'cross_sell',
      placements: ['checkout', 'post_purchase'],
      productId: 'prod_priority_support',
    },
    {
      id: 'cross_templates_pack',
      kind: 'cross_sell',
      placements: ['checkout'],
      productId: 'prod_templates_pack',
    },
  ],
  crossSells: [],
  planLadder: {
    productIds: [BASIC, PLUS, PRO],
    allowedProrationModes: ['prorated_immediately', 'difference_immediately', 'full_immediately', 'do_not_bill'],
    defaultProrationMode: 'prorated_immediately',
  },
});
