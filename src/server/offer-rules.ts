/**
 * The host's offer rules: which offer appears where, after what, and what a decline leads to.
 * Plain data, checked once by {@link validateOfferRules} when the handler is created so a
 * typo (an unknown `declineTo`, a plan missing from the ladder) fails at boot, not at checkout.
 */
import { isMoney } from '../core/money';
import type { Money } from '../core/money';
import { PRORATION_MODES } from '../core/proration';
import type { OfferBadge, OfferKind, Placement, ProrationMode } from '../core/types';

/** Every placement, for validation. */
export const PLACEMENTS: readonly Placement[] = ['post_purchase', 'plan_limit', 'onboarding_done', 'checkout', 'account'];

/** Every offer kind, for validation. */
export const OFFER_KINDS: readonly OfferKind[] = ['upsell', 'downsell', 'cross_sell', 'plan_change'];

/**
 * When an offer opens.
 * - `always`: whenever the placement is shown (cross-sells; see {@link CrossSellPair}).
 * - `purchased`: after the customer bought one of `productIds`, as proven by a verified
 *   webhook, a server-verified `paymentId`, or (plan changes) a subscription on that plan.
 *   A client-supplied `productId` only narrows the choice; it never opens an offer.
 */
export type OfferTrigger = { type: 'always' } | { type: 'purchased'; productIds: readonly string[] };

/**
 * The struck-through "was" price: a fixed amount, or the sum of other products' prices
 * (Team license vs five single licenses).
 */
export type CompareAt =
  | { type: 'price'; price: Money }
  | { type: 'products'; items: ReadonlyArray<{ productId: string; quantity: number }> };

/** One offer. */
export interface OfferRule {
  /** Stable id, used in tokens, decline tracking and stats. */
  id: string;
  /** Upsell and downsell charge through a one-click checkout session, cross-sell through a payment, plan change through the subscription. */
  kind: OfferKind;
  /** Where the offer may be shown on its own; empty → only as another offer's `declineTo`. */
  placements: readonly Placement[];
  /** Dodo product offered (the target plan for a plan change). */
  productId: string;
  /** When the offer opens. @default { type: 'always' } */
  trigger?: OfferTrigger;
  /** Value badges. @default [] */
  badges?: readonly OfferBadge[];
  /** Struck-through comparison price. */
  compareAt?: CompareAt;
  /** Offer shown when this one is declined (a cheaper downsell, or a smaller plan change). */
  declineTo?: string;
  /** Units sold. @default 1 */
  quantity?: number;
  /** Plan changes only: how the change is billed. @default the ladder's default mode */
  prorationMode?: ProrationMode;
}

/** Cross-sells shown next to a product (at checkout, the product in the cart). */
export interface CrossSellPair {
  /** The product being bought. */
  productId: string;
  /** Cross-sell offer ids shown with it, best first. */
  offerIds: readonly string[];
}

/** The subscription plans a customer may move between, cheapest first. */
export interface PlanLadder {
  /** Plan product ids in ascending order. */
  productIds: readonly string[];
  /** Proration modes a customer may choose. */
  allowedProrationModes: readonly ProrationMode[];
  /** Mode used when an offer names none. */
  defaultProrationMode: ProrationMode;
}

/** The complete offer configuration. */
export interface OfferRulesConfig {
  /** Offers, best first within a placement. */
  offers: readonly OfferRule[];
  /** Which cross-sells go with which product. An unpaired cross-sell shows with any product. */
  crossSells?: readonly CrossSellPair[];
  /** Plans for upgrades and downgrades. Required when any offer is a plan change. */
  planLadder?: PlanLadder | null;
}

const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;
const PRODUCT_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

function fail(message: string): never {
  throw new TypeError(`upsell-kit offer rules: ${message}`);
}

function checkQuantity(value: number, where: string): void {
  if (!Number.isSafeInteger(value) || value < 1 || value > 1000) fail(`${where}: quantity must be an integer from 1 to 1000`);
}

/**
 * Checks `config` and returns it unchanged; throws a `TypeError` naming the first problem.
 * Called by `createUpsellHandler`; hosts may call it in their own tests.
 */
export function validateOfferRules(config: OfferRulesConfig): OfferRulesConfig {
  const byId = new Map<string, OfferRule>();
  for (const rule of config.offers) {
    if (!ID_PATTERN.test(rule.id)) fail(`offer id "${rule.id}" must match ${String(ID_PATTERN)}`);
    if (byId.has(rule.id)) fail(`offer id "${rule.id}" is used twice`);
    byId.set(rule.id, rule);
    if (!OFFER_KINDS.includes(rule.kind)) fail(`${rule.id}: unknown kind "${String(rule.kind)}"`);
    if (!PRODUCT_PATTERN.test(rule.productId)) fail(`${rule.id}: productId "${rule.productId}" is not a Dodo id`);
    for (const placement of rule.placements) {
      if (!PLACEMENTS.includes(placement)) fail(`${rule.id}: unknown placement "${String(placement)}"`);
    }
    checkQuantity(rule.quantity ?? 1, rule.id);
    if (rule.trigger?.type === 'purchased' && rule.trigger.productIds.length === 0) fail(`${rule.id}: a purchased trigger needs productIds`);
    if (rule.compareAt?.type === 'price' && !isMoney(rule.compareAt.price)) fail(`${rule.id}: compareAt.price is not Money`);
    if (rule.compareAt?.type === 'products') {
      for (const item of rule.compareAt.items) checkQuantity(item.quantity, `${rule.id} compareAt`);
    }
    if (executionOf(config, rule) === 'plan_change') {
      const ladder = config.planLadder;
      if (!ladder) fail(`${rule.id}: plan_change offers need a planLadder`);
      if (!ladder.productIds.includes(rule.productId)) fail(`${rule.id}: ${rule.productId} is not on the plan ladder`);
      if (rule.prorationMode && !ladder.allowedProrationModes.includes(rule.prorationMode)) {
        fail(`${rule.id}: proration mode ${rule.prorationMode} is not allowed by the ladder`);
      }
    } else if (rule.prorationMode) {
      fail(`${rule.id}: only plan changes take a prorationMode`);
    }
  }

  for (const rule of config.offers) {
    // Walk the decline chain: every target exists, charges the same way, and the chain ends.
    const seen = new Set<string>([rule.id]);
    let current = rule;
    while (current.declineTo !== undefined) {
      const next = byId.get(current.declineTo);
      if (!next) fail(`${current.id}: declineTo "${current.declineTo}" is not an offer`);
      if (seen.has(next.id)) fail(`${rule.id}: declineTo chain loops at "${next.id}"`);
      const planChain = executionOf(config, current) === 'plan_change';
      if (planChain !== (executionOf(config, next) === 'plan_change')) {
        fail(`${current.id}: a plan change declines to another plan on the ladder, anything else to a one-time offer`);
      }
      seen.add(next.id);
      current = next;
    }
  }

  for (const pair of config.crossSells ?? []) {
    for (const offerId of pair.offerIds) {
      const rule = byId.get(offerId);
      if (!rule || rule.kind !== 'cross_sell') fail(`cross-sell pair for ${pair.productId}: "${offerId}" is not a cross_sell offer`);
    }
  }

  const ladder = config.planLadder;
  if (ladder) {
    if (ladder.productIds.length < 2) fail('planLadder needs at least two plans');
    if (new Set(ladder.productIds).size !== ladder.productIds.length) fail('planLadder lists a plan twice');
    if (ladder.allowedProrationModes.length === 0) fail('planLadder.allowedProrationModes is empty');
    for (const mode of ladder.allowedProrationModes) {
      if (!PRORATION_MODES.includes(mode)) fail(`planLadder: unknown proration mode "${String(mode)}"`);
    }
    if (!ladder.allowedProrationModes.includes(ladder.defaultProrationMode)) fail('planLadder.defaultProrationMode is not allowed');
  }
  return config;
}

/** How accepting an offer is charged at Dodo. */
export type OfferExecution = 'checkout' | 'payment' | 'plan_change';

/**
 * How `rule` is charged: a plan change (or a downsell to a plan on the ladder, such as Pro
 * declined → Plus) changes the customer's subscription, since a one-click checkout of a plan
 * would start a second subscription; a cross-sell is a payment; upsells and other downsells
 * are one-click checkout sessions, as in Dodo's guide.
 */
export function executionOf(config: OfferRulesConfig, rule: OfferRule): OfferExecution {
  if (rule.kind === 'plan_change') return 'plan_change';
  if (rule.kind === 'downsell' && config.planLadder?.productIds.includes(rule.productId)) return 'plan_change';
  if (rule.kind === 'cross_sell') return 'payment';
  return 'checkout';
}

/** The offer rule with `id`, or undefined. */
export function findOfferRule(config: OfferRulesConfig, id: string): OfferRule | undefined {
  return config.offers.find((rule) => rule.id === id);
}

/** The proration mode a plan-change rule bills with. */
export function prorationModeOf(config: OfferRulesConfig, rule: OfferRule): ProrationMode {
  return rule.prorationMode ?? config.planLadder?.defaultProrationMode ?? 'prorated_immediately';
}
