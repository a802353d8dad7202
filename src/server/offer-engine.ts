/**
 * `GET /offers`: which offers a customer sees at a placement, priced from Dodo and signed.
 *
 * What opens an offer is decided on the server from facts it can verify: products the
 * customer owns (recorded from signed webhooks), a `paymentId` looked up at Dodo, or a
 * subscription looked up at Dodo. Hints from the browser (`productId`) only narrow the
 * choice. Offers the customer declined or already bought are left out; when the declined
 * offer has a downsell that is still open, the downsell takes its place. A plan change counts
 * as bought only while its purchase is in flight or its subscription is still on that plan:
 * once Dodo reports the subscription on another plan the purchase is superseded and the offer
 * is judged afresh (its decline policy restarts from then).
 *
 * Dodo calls: one payment-method listing when a one-click offer is shown, products from a
 * short-lived cache, and for plan changes only a subscription lookup (including one per
 * succeeded plan-change purchase of an offer at this placement, to see whether it was undone)
 * and one quote per plan offer shown, so the offer can say what one click charges today.
 */
import type { Subscription } from 'dodopayments/resources/index';
import { evaluateDeclinePolicy } from '../core/decline-policy';
import type { DeclineDecision } from '../core/decline-policy';
import { UpsellError } from '../core/errors';
import { judgePaymentMethods, pickDefaultPaymentMethod } from '../core/eligibility';
import { addMoney, money, multiplyMoney, zeroMoney } from '../core/money';
import type { Money } from '../core/money';
import type { Offer, OfferEvent, PaymentMethodRecord, Placement, SavedPaymentMethod } from '../core/types';
import type { CatalogProduct } from './catalog';
import { toOfferProduct, toPlanSummary } from './catalog';
import { toUpsellError } from './dodo-errors';
import type { HandlerContext } from './handler-context';
import { executionOf, findOfferRule, prorationModeOf } from './offer-rules';
import { quoteOfferChange } from './plan-changes';
import type { OfferRule, OfferRulesConfig } from './offer-rules';
import type { PurchaseRecord } from './store';
import { signOfferToken } from './tokens';

/** What the customer asked for. */
export interface OfferQuery {
  /** Where the offers go. */
  placement: Placement;
  /** The product just bought or in the cart (narrows; never opens an offer by itself). */
  productId?: string | undefined;
  /** The subscription concerned; must be the customer's. */
  subscriptionId?: string | undefined;
  /** A payment that just happened; must be the customer's. */
  paymentId?: string | undefined;
}

interface Resolved {
  rule: OfferRule;
  subscription: Subscription | null;
  /** A plan change's charge today, quoted at Dodo once the offer is chosen. */
  chargeToday?: Money;
}

/**
 * What one `findOffers` call knows about the customer. The steps are module functions over
 * this state rather than closures inside `findOffers`: a closure is a new function object on
 * every request, which is measurable on a route this hot.
 */
interface Scan {
  readonly ctx: HandlerContext;
  readonly customerId: string;
  readonly query: OfferQuery;
  readonly now: Date;
  /** The customer's events per offer id. */
  readonly eventsByOffer: ReadonlyMap<string, OfferEvent[]>;
  /** Products the customer owns. */
  readonly owned: Set<string>;
  /** Subscription ids per product, most recent first, from verified history. */
  readonly subscriptionIds: Map<string, string[]>;
  /** Subscriptions looked up so far (null: not found or not the customer's). */
  readonly subscriptions: Map<string, Subscription | null>;
  /** Purchases per offer id that have neither failed nor been superseded. */
  readonly livePurchases: Map<string, PurchaseRecord[]>;
  /** Whether an offer is bought or being bought, decided once per request. */
  readonly held: Map<string, Promise<boolean>>;
  /** Per offer, when its last plan-change purchase was superseded: its decline policy restarts there. */
  readonly supersededAt: Map<string, number>;
  readonly decisions: Map<string, DeclineDecision>;
}

const MAX_DOWNSELL_DEPTH = 4;

async function read<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw toUpsellError(error);
  }
}

function rememberSubscription(scan: Scan, productId: string, subscriptionId: string): void {
  const list = scan.subscriptionIds.get(productId) ?? [];
  if (!list.includes(subscriptionId)) list.unshift(subscriptionId);
  scan.subscriptionIds.set(productId, list);
}

async function loadSubscription(scan: Scan, id: string): Promise<Subscription | null> {
  if (scan.subscriptions.has(id)) return scan.subscriptions.get(id) ?? null;
  let subscription: Subscription | null;
  try {
    subscription = await scan.ctx.dodo.getSubscription(id);
  } catch (error) {
    const mapped = toUpsellError(error);
    if (mapped.code !== 'not_found') throw mapped;
    subscription = null;
  }
  if (subscription && subscription.customer.customer_id !== scan.customerId) subscription = null;
  scan.subscriptions.set(id, subscription);
  return subscription;
}

/** The customer's active subscription currently on one of `productIds`, if any. */
async function subscriptionOn(scan: Scan, productIds: readonly string[]): Promise<Subscription | null> {
  const candidates = scan.query.subscriptionId ? [scan.query.subscriptionId] : [];
  for (const productId of productIds) candidates.push(...(scan.subscriptionIds.get(productId) ?? []));
  for (const id of candidates.slice(0, 4)) {
    const subscription = await loadSubscription(scan, id);
    if (subscription && subscription.status === 'active' && productIds.includes(subscription.product_id)) return subscription;
  }
  return null;
}

/** Key of the decision shared by every offer the customer has no event for. */
const NO_EVENTS = '\u0000no-events';

/**
 * The decline policy's decision for `rule`. The policy reads only the offer's own events
 * (the server passes no session), so every offer without events gets the same decision:
 * evaluated once per request instead of once per offer.
 */
function decisionOf(scan: Scan, rule: OfferRule): DeclineDecision {
  let own = scan.eventsByOffer.get(rule.id);
  const since = scan.supersededAt.get(rule.id);
  // An offer whose plan change was undone is offered as if for the first time: its earlier
  // "accepted" (and anything else before) no longer hides it.
  if (own && since !== undefined) {
    own = own.filter((event) => Date.parse(event.at) > since);
    if (own.length === 0) own = undefined;
  }
  const key = own ? rule.id : NO_EVENTS;
  let decided = scan.decisions.get(key);
  if (!decided) {
    decided = evaluateDeclinePolicy({ offerId: rule.id, events: own ?? [], sessionOfferIds: [], policy: scan.ctx.declinePolicy, now: scan.now });
    scan.decisions.set(key, decided);
  }
  return decided;
}

function chainOf(rules: OfferRulesConfig, rule: OfferRule): OfferRule[] {
  const chain: OfferRule[] = [];
  let next = rule.declineTo === undefined ? undefined : findOfferRule(rules, rule.declineTo);
  while (next && chain.length < MAX_DOWNSELL_DEPTH) {
    chain.push(next);
    next = next.declineTo === undefined ? undefined : findOfferRule(rules, next.declineTo);
  }
  return chain;
}

/**
 * Whether a succeeded plan change was undone: Dodo now reports its subscription on another
 * plan (a downgrade through `changePlan`, or made at Dodo directly). Then it is marked
 * superseded in the store, which frees the offer for a new purchase. When Dodo cannot be
 * asked, the purchase keeps holding its offer (the offer stays hidden, as before).
 */
async function isSuperseded(scan: Scan, purchase: PurchaseRecord): Promise<boolean> {
  if (purchase.status !== 'succeeded' || purchase.subscriptionId === null) return false;
  let subscription: Subscription | null;
  try {
    subscription = await loadSubscription(scan, purchase.subscriptionId);
  } catch {
    return false;
  }
  if (!subscription || subscription.product_id === purchase.productId) return false;
  const at = scan.now.toISOString();
  // Another request may have marked it first (null then): superseded all the same.
  await read(scan.ctx.store.supersedePurchase(purchase.id, at));
  scan.supersededAt.set(purchase.offerId, scan.now.getTime());
  return true;
}

async function decideHeld(scan: Scan, offerId: string): Promise<boolean> {
  for (const purchase of scan.livePurchases.get(offerId) ?? []) if (!(await isSuperseded(scan, purchase))) return true;
  return false;
}

function isHeld(scan: Scan, offerId: string): Promise<boolean> {
  let decided = scan.held.get(offerId);
  if (!decided) {
    decided = decideHeld(scan, offerId);
    scan.held.set(offerId, decided);
  }
  return decided;
}

/**
 * Bought when this offer, or a downsell of it, was bought (or is being bought). A one-time
 * offer stays bought; a plan change only while its purchase is in flight or its subscription
 * is still on the plan it bought.
 */
async function isBought(scan: Scan, rule: OfferRule): Promise<boolean> {
  if (await isHeld(scan, rule.id)) return true;
  for (const downsell of chainOf(scan.ctx.rules, rule)) if (await isHeld(scan, downsell.id)) return true;
  return false;
}

async function resolve(scan: Scan, rule: OfferRule): Promise<Resolved | null> {
  const { ctx, query, owned } = scan;
  // Bought first: deciding it may supersede a purchase, which restarts the decline policy.
  if ((await isBought(scan, rule)) || !decisionOf(scan, rule).show) return null;
  const trigger = rule.trigger ?? { type: 'always' as const };
  if (query.productId && trigger.type === 'purchased' && !trigger.productIds.includes(query.productId)) return null;
  if (executionOf(ctx.rules, rule) === 'plan_change') {
    const from = trigger.type === 'purchased' ? trigger.productIds : (ctx.rules.planLadder?.productIds ?? []);
    const subscription = await subscriptionOn(scan, from.filter((id) => id !== rule.productId));
    return subscription ? { rule, subscription } : null;
  }
  if (owned.has(rule.productId)) return null;
  if (trigger.type === 'purchased' && !trigger.productIds.some((id) => owned.has(id))) return null;
  if (rule.kind === 'cross_sell' && query.productId) {
    if (rule.productId === query.productId) return null;
    const pairedWith = (ctx.rules.crossSells ?? []).filter((pair) => pair.offerIds.includes(rule.id));
    if (pairedWith.length > 0 && !pairedWith.some((pair) => pair.productId === query.productId)) return null;
  }
  return { rule, subscription: null };
}

/** Dodo's facts an offer is priced and suggested from. */
interface Pricing {
  readonly products: ReadonlyMap<string, CatalogProduct>;
  readonly methods: readonly PaymentMethodRecord[];
  /** The suggested method per currency (offers usually share one: judged once). */
  readonly suggestions: Map<string, SavedPaymentMethod | null>;
  /** Expiry of every offer of this answer, ms since the epoch and ISO. */
  readonly expiresAt: number;
  readonly expiresAtIso: string;
}

function suggestFor(scan: Scan, pricing: Pricing, currency: string): SavedPaymentMethod | null {
  let best = pricing.suggestions.get(currency);
  if (best === undefined) {
    best = pickDefaultPaymentMethod(judgePaymentMethods(pricing.methods, { currency, now: scan.now }));
    pricing.suggestions.set(currency, best);
  }
  return best;
}

async function buildOffer(scan: Scan, pricing: Pricing, entry: Resolved, downsell: Offer | null): Promise<Offer> {
  const { ctx, query } = scan;
  const { rule, subscription } = entry;
  const product = requireProduct(pricing.products, rule.productId);
  const quantity = rule.quantity ?? 1;
  const price = multiplyMoney(product.price, quantity);
  const planChange = executionOf(ctx.rules, rule) === 'plan_change';
  let suggested: { id: string; country: string | null } | null = null;
  if (planChange) {
    suggested = subscription?.payment_method_id ? { id: subscription.payment_method_id, country: null } : null;
  } else {
    const best = suggestFor(scan, pricing, price.currency);
    suggested = best ? { id: best.id, country: best.card?.issuingCountry ?? null } : null;
  }
  const { expiresAt } = pricing;
  const token = await signOfferToken(ctx.signer, {
    v: 1,
    oid: rule.id,
    cid: scan.customerId,
    pid: rule.productId,
    amt: price.minor,
    cur: price.currency,
    qty: quantity,
    sub: planChange ? (subscription?.subscription_id ?? null) : null,
    pm: suggested?.id ?? null,
    bc: suggested?.country && /^[A-Z]{2}$/.test(suggested.country) ? suggested.country : null,
    pl: query.placement,
    chg: entry.chargeToday?.minor ?? null,
    exp: expiresAt,
  });
  return {
    id: rule.id,
    kind: rule.kind,
    placement: query.placement,
    product: toOfferProduct(product),
    price,
    interval: product.interval,
    compareAtPrice: compareAtPrice(rule, price, pricing.products),
    badges: [...(rule.badges ?? [])],
    declineTo: downsell ? downsell.id : null,
    downsell,
    expiresAt: pricing.expiresAtIso,
    token,
    currentPlan: planChange && subscription ? toPlanSummary(requireProduct(pricing.products, subscription.product_id)) : null,
    subscriptionId: planChange ? (subscription?.subscription_id ?? null) : null,
    quantity,
    suggestedPaymentMethodId: suggested?.id ?? null,
    chargeToday: entry.chargeToday ?? null,
  };
}

/** The offers `customerId` may see for `query`, best first. */
export async function findOffers(ctx: HandlerContext, customerId: string, query: OfferQuery): Promise<Offer[]> {
  const [purchases, ownership, events] = await Promise.all([
    ctx.store.listPurchases(customerId),
    ctx.store.listOwnership(customerId),
    ctx.store.listOfferEvents(customerId),
  ]);
  const scan: Scan = {
    ctx,
    customerId,
    query,
    now: ctx.now(),
    eventsByOffer: groupByOffer(events),
    owned: new Set(ownership.map((entry) => entry.productId)),
    subscriptionIds: new Map(),
    subscriptions: new Map(),
    livePurchases: new Map(),
    held: new Map(),
    supersededAt: new Map(),
    decisions: new Map(),
  };
  for (const purchase of purchases) {
    if (purchase.supersededAt) {
      const at = Date.parse(purchase.supersededAt);
      scan.supersededAt.set(purchase.offerId, Math.max(at, scan.supersededAt.get(purchase.offerId) ?? at));
    } else if (purchase.status !== 'failed') {
      const list = scan.livePurchases.get(purchase.offerId);
      if (list) list.push(purchase);
      else scan.livePurchases.set(purchase.offerId, [purchase]);
    }
  }
  for (const entry of ownership) if (entry.subscriptionId) rememberSubscription(scan, entry.productId, entry.subscriptionId);

  if (query.paymentId) {
    const payment = await read(ctx.dodo.getPayment(query.paymentId));
    if (payment.customer.customer_id !== customerId) throw new UpsellError('not_found', 'Payment not found.');
    if (payment.status === 'succeeded') {
      for (const line of payment.product_cart ?? []) {
        scan.owned.add(line.product_id);
        if (payment.subscription_id) rememberSubscription(scan, line.product_id, payment.subscription_id);
      }
    }
  }

  if (query.subscriptionId) {
    const subscription = await loadSubscription(scan, query.subscriptionId);
    if (!subscription) throw new UpsellError('not_found', 'Subscription not found.');
  }

  // Top-level offers, with a declined offer replaced by its first open downsell.
  const chosen: Array<{ top: Resolved; downsell: Resolved | null }> = [];
  const used = new Set<string>();
  for (const rule of ctx.rules.offers) {
    if (!rule.placements.includes(query.placement)) continue;
    let top = await resolve(scan, rule);
    if (!top && decisionOf(scan, rule).reason === 'declined' && !(await isBought(scan, rule))) {
      for (const downsell of chainOf(ctx.rules, rule)) {
        top = await resolve(scan, downsell);
        if (top || decisionOf(scan, downsell).reason !== 'declined') break;
      }
    }
    if (!top || used.has(top.rule.id)) continue;
    used.add(top.rule.id);
    const downsellRule = top.rule.declineTo === undefined ? undefined : findOfferRule(ctx.rules, top.rule.declineTo);
    const downsell = downsellRule ? await resolve(scan, downsellRule) : null;
    // A plan downsell changes the same subscription as its parent.
    if (downsell && top.subscription && executionOf(ctx.rules, downsell.rule) === 'plan_change') downsell.subscription = top.subscription;
    chosen.push({ top, downsell });
  }
  if (chosen.length === 0) return [];

  // Products (cached) and, only when a one-click offer is shown, the saved methods.
  const productIds = new Set<string>();
  let needsMethods = false;
  let needsQuotes = false;
  for (const { top, downsell } of chosen) {
    for (const entry of [top, downsell]) {
      if (!entry) continue;
      if (executionOf(ctx.rules, entry.rule) !== 'plan_change') needsMethods = true;
      else if (entry.subscription) needsQuotes = true;
      productIds.add(entry.rule.productId);
      if (entry.subscription) productIds.add(entry.subscription.product_id);
      if (entry.rule.compareAt?.type === 'products') for (const item of entry.rule.compareAt.items) productIds.add(item.productId);
    }
  }
  const [products, methods, quoted] = await Promise.all([
    Promise.all([...productIds].map(async (id) => [id, await read(ctx.dodo.getProduct(id))] as const)).then((entries) => new Map(entries)),
    needsMethods ? read(ctx.dodo.listPaymentMethods(customerId)) : Promise.resolve<PaymentMethodRecord[]>([]),
    needsQuotes
      ? Promise.all(chosen.map(async (entry) => ((await quotePlanChange(ctx, entry.top)) && (!entry.downsell || (await quotePlanChange(ctx, entry.downsell))) ? entry : null)))
      : Promise.resolve(chosen),
  ]);
  const expiresAt = scan.now.getTime() + ctx.offerTtlMs;
  const pricing: Pricing = { products, methods, suggestions: new Map(), expiresAt, expiresAtIso: new Date(expiresAt).toISOString() };

  return Promise.all(
    quoted.filter((entry) => entry !== null).map(async ({ top, downsell }) => buildOffer(scan, pricing, top, downsell ? await buildOffer(scan, pricing, downsell, null) : null)),
  );
}

/**
 * Quotes a plan-change offer's charge today at Dodo (other offers need nothing). False when it
 * could not be bought now: Dodo has another change pending, or will not quote it.
 */
async function quotePlanChange(ctx: HandlerContext, entry: Resolved): Promise<boolean> {
  const { rule, subscription } = entry;
  if (!subscription || executionOf(ctx.rules, rule) !== 'plan_change') return true;
  try {
    const charge = await quoteOfferChange(ctx, subscription.subscription_id, rule.productId, rule.quantity ?? 1, prorationModeOf(ctx.rules, rule));
    if (charge) entry.chargeToday = charge;
    return charge !== null;
  } catch (error) {
    if (error instanceof UpsellError && error.code === 'plan_change_pending') return false;
    throw error;
  }
}

function groupByOffer(events: readonly OfferEvent[]): Map<string, OfferEvent[]> {
  const byOffer = new Map<string, OfferEvent[]>();
  for (const event of events) {
    const list = byOffer.get(event.offerId);
    if (list) list.push(event);
    else byOffer.set(event.offerId, [event]);
  }
  return byOffer;
}

function requireProduct(products: ReadonlyMap<string, CatalogProduct>, id: string): CatalogProduct {
  const product = products.get(id);
  if (!product) throw new UpsellError('upstream', 'A product could not be loaded.');
  return product;
}

/** The struck-through price, or null when it is missing, in another currency, or not higher than the price. */
function compareAtPrice(rule: OfferRule, price: Money, products: ReadonlyMap<string, CatalogProduct>): Money | null {
  const compareAt = rule.compareAt;
  if (!compareAt) return null;
  let total: Money;
  if (compareAt.type === 'price') {
    total = money(compareAt.price.minor, compareAt.price.currency);
  } else {
    total = zeroMoney(price.currency);
    for (const item of compareAt.items) {
      const product = products.get(item.productId);
      if (!product || product.price.currency !== price.currency) return null;
      total = addMoney(total, multiplyMoney(product.price, item.quantity));
    }
  }
  return total.currency === price.currency && total.minor > price.minor ? total : null;
}
