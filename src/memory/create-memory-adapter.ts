/**
 * An in-memory simulation of an upsell backend: the guide's offer graph, saved cards with
 * every eligibility case and outcome, plan changes priced by the core proration functions,
 * a pending change, quote expiry, idempotency and event recording. It plays the server's
 * part for Storybook, tests and docs, with the same refusals (thrown `UpsellError`s) and
 * the same outcomes (`PurchaseResult` values) as the reference server.
 */
import type {
  AdapterCallOptions,
  ChangePlanRequest,
  GetOffersRequest,
  ListPaymentMethodsRequest,
  PlanChangePreviewRequest,
  PurchaseRequest,
  RecordOfferEventRequest,
  StartCheckoutRequest,
  UpsellAdapter,
} from '../core/adapter';
import { summarizeOfferEvents } from '../core/decline-policy';
import { judgePaymentMethod, judgePaymentMethods, pickDefaultPaymentMethod } from '../core/eligibility';
import { UpsellError } from '../core/errors';
import type { UpsellErrorCode } from '../core/errors';
import { money, negateMoney } from '../core/money';
import type { Money } from '../core/money';
import { computePlanChange } from '../core/proration';
import type {
  Offer,
  OfferEvent,
  OfferStats,
  PlanChangePreview,
  PlanChangeResult,
  PlanSummary,
  PurchaseResult,
  SavedPaymentMethod,
} from '../core/types';
import { fixtures } from './fixtures';
import type { FixtureName, MemoryFixture } from './fixtures';
import { GUIDE_CUSTOMERS, GUIDE_PRODUCTS, findCatalogCard } from './guide-catalog';
import type { CatalogCard, CatalogCustomer, CatalogProduct, CatalogSubscription } from './guide-catalog';
import { GUIDE_MEMORY_RULES, GUIDE_PLAN_LADDER } from './guide-offer-rules';
import type { MemoryOfferRule } from './guide-offer-rules';

/** Names of the adapter methods, for call counts and injected failures. */
export type MemoryAdapterMethod = keyof UpsellAdapter;

/** Options of {@link createMemoryAdapter}. */
export interface MemoryAdapterOptions {
  /** Scenario to start from (a name or a fixture object). @default 'happyPath' */
  fixture?: FixtureName | MemoryFixture;
  /** Overrides the fixture's latency per call, in ms. */
  latencyMs?: number;
  /** Clock. @default () => new Date() */
  now?: () => Date;
  /** Makes the next `times` calls of a method throw an `UpsellError` with `code`. */
  failures?: Partial<Record<MemoryAdapterMethod, { code: UpsellErrorCode; times?: number }>>;
  /** After how many ms a 3-D Secure challenge completes by itself (null: only via `completeAction`). @default 1500 */
  autoCompleteActionMs?: number | null;
  /** Base of the simulated hosted-checkout and action URLs. @default 'https://checkout.example.invalid' */
  checkoutUrlBase?: string;
  /** Offer rules. @default the guide's graph */
  rules?: readonly MemoryOfferRule[];
}

/** One charge that moved money in the simulation. */
export interface MemoryCharge {
  /** Purchase or plan-change id. */
  id: string;
  /** Offer id, or the subscription id for plan changes. */
  offerId: string;
  /** Amount charged. */
  amount: Money;
  /** Method charged. */
  paymentMethodId: string | null;
}

/** The memory adapter: an `UpsellAdapter` plus test controls. */
export interface MemoryAdapter extends UpsellAdapter {
  /** How many times `method` (or any method) was called. */
  calls(method?: MemoryAdapterMethod): number;
  /** Every charge that moved money. */
  charges(): MemoryCharge[];
  /** Events recorded so far. */
  events(): OfferEvent[];
  /** Settles a purchase or plan change waiting on 3-D Secure (the id ends its action URL), as the customer's bank would. */
  completeAction(id: string, outcome?: 'succeeded' | 'failed'): void;
  /** Marks the subscription as having (or not) a pending change. */
  setPendingChange(pending: boolean): void;
  /** Changes a product's price, so a token issued before fails with `price_changed`. */
  setProductPrice(productId: string, minor: number): void;
  /** Back to the fixture's starting state. */
  reset(): void;
}

interface IssuedOffer {
  offer: Offer;
  rule: MemoryOfferRule;
}

interface IssuedQuote {
  preview: PlanChangePreview;
  expiresAt: number;
}

interface State {
  products: Map<string, CatalogProduct>;
  cards: CatalogCard[];
  subscription: CatalogSubscription | null;
  owned: Set<string>;
  events: OfferEvent[];
  offers: Map<string, IssuedOffer>;
  quotes: Map<string, IssuedQuote>;
  purchases: Map<string, PurchaseResult>;
  /** offer id → purchase id of a purchase that is not failed (one purchase per offer). */
  offerPurchases: Map<string, string>;
  /** purchase id → the plan a plan-change purchase moved the subscription to. */
  planPurchases: Map<string, string>;
  /** offer id → when its plan change was last found undone (ms); its earlier events no longer count. */
  supersededAt: Map<string, number>;
  /** purchase id → the payment method it charges. */
  purchaseMethods: Map<string, string>;
  /** Plan changes waiting on 3-D Secure, by action id; `outcome` once the bank answered. */
  planActions: Map<string, { key: string; quoteToken: string; methodId: string; outcome: PlanChangeResult | null }>;
  /** idempotency key → request fingerprint and the (shared) promise of its result. */
  keys: Map<string, { fingerprint: string; result: Promise<unknown> }>;
  charges: MemoryCharge[];
  calls: Map<MemoryAdapterMethod, number>;
  failures: Map<MemoryAdapterMethod, { code: UpsellErrorCode; remaining: number }>;
  sequence: number;
}

/** Creates an in-memory `UpsellAdapter` simulating the guide's shop; see {@link fixtures}. */
export function createMemoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const fixture = typeof options.fixture === 'object' ? options.fixture : fixtures[options.fixture ?? 'happyPath'];
  const now = options.now ?? (() => new Date());
  const latencyMs = options.latencyMs ?? fixture.latencyMs;
  const rules = options.rules ?? GUIDE_MEMORY_RULES;
  const checkoutBase = options.checkoutUrlBase ?? 'https://checkout.example.invalid';
  const autoCompleteMs = options.autoCompleteActionMs === undefined ? 1500 : options.autoCompleteActionMs;
  const customer: CatalogCustomer = required(GUIDE_CUSTOMERS.find((c) => c.id === fixture.customerId), `customer ${fixture.customerId}`);
  const subscription = fixture.subscribed ? customer.subscription : null;

  let state = initialState();

  function initialState(): State {
    return {
      products: new Map(GUIDE_PRODUCTS.map((p) => [p.id, { ...p }])),
      cards: customer.cardIds.map((id) => ({ ...required(findCatalogCard(id), `card ${id}`) })),
      subscription: subscription ? { ...subscription } : null,
      owned: new Set([...fixture.ownedProductIds, ...(subscription ? [subscription.productId] : [])]),
      events: [...fixture.events],
      offers: new Map(),
      quotes: new Map(),
      purchases: new Map(),
      offerPurchases: new Map(),
      planPurchases: new Map(),
      supersededAt: new Map(),
      purchaseMethods: new Map(),
      planActions: new Map(),
      keys: new Map(),
      charges: [],
      calls: new Map(),
      failures: new Map(
        Object.entries(options.failures ?? {}).map(([method, failure]) => [
          method as MemoryAdapterMethod,
          { code: failure.code, remaining: failure.times ?? 1 },
        ]),
      ),
      sequence: 0,
    };
  }

  const nextId = (prefix: string) => `${prefix}_mem_${++state.sequence}`;

  /** Counts the call, waits the latency, and throws injected failures — like a network hop. */
  async function hop(method: MemoryAdapterMethod, callOptions?: AdapterCallOptions): Promise<void> {
    state.calls.set(method, (state.calls.get(method) ?? 0) + 1);
    const signal = callOptions?.signal;
    signal?.throwIfAborted();
    if (latencyMs > 0) await delay(latencyMs, signal);
    if (fixture.offline) throw new UpsellError('network', 'The network is unreachable.');
    const failure = state.failures.get(method);
    if (failure && failure.remaining > 0) {
      failure.remaining -= 1;
      throw new UpsellError(failure.code, `Simulated ${failure.code} failure.`);
    }
  }

  function productOf(id: string): CatalogProduct {
    const found = state.products.get(id);
    if (!found) throw new UpsellError('not_found', 'No such product.');
    return found;
  }

  function priceOf(product: CatalogProduct): Money {
    return money(product.priceMinor, product.currency);
  }

  function planSummary(product: CatalogProduct): PlanSummary {
    return { productId: product.id, name: product.name, price: priceOf(product), interval: product.interval, features: product.features };
  }

  function judgedCards(currency?: string | null): SavedPaymentMethod[] {
    return judgePaymentMethods(state.cards, { currency: currency ?? null, now: now() });
  }

  /**
   * Whether a purchase of `offerId` still blocks it. A one-time offer stays bought; a plan
   * change only while it is in flight or while the subscription is still on the plan it
   * bought. One that was undone since (a downgrade) is superseded: the offer is open again.
   */
  function isHeld(offerId: string): boolean {
    const purchaseId = state.offerPurchases.get(offerId);
    if (purchaseId === undefined) return false;
    const plan = state.planPurchases.get(purchaseId);
    if (plan === undefined || state.purchases.get(purchaseId)?.status !== 'succeeded' || state.subscription?.productId === plan) return true;
    state.offerPurchases.delete(offerId);
    state.supersededAt.set(offerId, now().getTime());
    return false;
  }

  function isOpen(rule: MemoryOfferRule, context: GetOffersRequest['context']): boolean {
    if (isHeld(rule.id)) return false;
    const since = state.supersededAt.get(rule.id) ?? Number.NEGATIVE_INFINITY;
    const closedBy = (e: OfferEvent) => e.offerId === rule.id && (e.event === 'declined' || e.event === 'accepted') && Date.parse(e.at) > since;
    if (state.events.some(closedBy)) return false;
    // A plan follows the subscription (a downgraded customer may take Pro again); anything else, ownership.
    if (state.subscription && GUIDE_PLAN_LADDER.includes(rule.productId) ? state.subscription.productId === rule.productId : state.owned.has(rule.productId)) {
      return false;
    }
    if (rule.triggerProductIds.length === 0) return true;
    // The simulator trusts the host's hint; the reference server verifies it.
    return rule.triggerProductIds.some((id) => state.owned.has(id) || context?.productId === id);
  }

  function issueOffer(rule: MemoryOfferRule, placement: Offer['placement'], downsell: Offer | null): Offer {
    const product = productOf(rule.productId);
    const price = priceOf(product);
    const onSubscription = state.subscription !== null && GUIDE_PLAN_LADDER.includes(rule.productId);
    const current = onSubscription && state.subscription ? productOf(state.subscription.productId) : null;
    const token = `memtok_${rule.id}_${++state.sequence}`;
    const offer: Offer = {
      id: rule.id,
      kind: rule.kind,
      placement,
      product: { id: product.id, name: product.name, description: product.description, imageUrl: null, features: product.features },
      price,
      interval: product.interval,
      compareAtPrice: rule.compareAtMinor === null ? null : money(rule.compareAtMinor, product.currency),
      badges: [...rule.badges],
      declineTo: downsell ? downsell.id : null,
      downsell,
      expiresAt: new Date(now().getTime() + fixture.offerTtlMs).toISOString(),
      token,
      currentPlan: current ? planSummary(current) : null,
      subscriptionId: onSubscription && state.subscription ? state.subscription.id : null,
      quantity: 1,
      suggestedPaymentMethodId: pickDefaultPaymentMethod(judgedCards(product.currency))?.id ?? null,
      chargeToday: onSubscription ? planChargeToday(price, 1) : null,
    };
    state.offers.set(token, { offer, rule });
    return offer;
  }

  function offersFor(request: GetOffersRequest): Offer[] {
    const byId = new Map(rules.map((r) => [r.id, r]));
    if (request.placement === 'account') return ladderOffers();
    return rules
      .filter((r) => !r.downsellOnly && r.placements.includes(request.placement) && isOpen(r, request.context))
      .filter((r) => !(r.kind === 'plan_change' && state.subscription?.productId !== r.triggerProductIds[0]))
      .map((r) => {
        const down = r.declineTo ? byId.get(r.declineTo) : undefined;
        const downsell = down && isOpen(down, request.context) ? issueOffer(down, request.placement, null) : null;
        return issueOffer(r, request.placement, downsell);
      });
  }

  function ladderOffers(): Offer[] {
    const subscription = state.subscription;
    if (!subscription) return [];
    return GUIDE_PLAN_LADDER.filter((id) => id !== subscription.productId).map((productId) =>
      issueOffer(
        {
          id: `plan:${productId}`,
          kind: 'plan_change',
          productId,
          placements: ['account'],
          triggerProductIds: [],
          badges: productId === 'prod_pro_monthly' ? ['most_popular'] : [],
          compareAtMinor: null,
          declineTo: null,
          downsellOnly: false,
          prorationMode: 'difference_immediately',
        },
        'account',
        null,
      ),
    );
  }

  /** Runs `work` once per idempotency key; duplicates share the first promise. */
  function once<T>(key: string, fingerprint: string, work: () => Promise<T>): Promise<T> {
    const existing = state.keys.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(new UpsellError('invalid_request', 'This idempotency key was used for a different request.'));
      }
      return existing.result as Promise<T>;
    }
    const result = work();
    state.keys.set(key, { fingerprint, result });
    // A refusal before any charge frees the key, so the same intent can be retried once fixed.
    result.catch(() => state.keys.delete(key));
    return result;
  }

  function requireKey(key: unknown): string {
    if (typeof key !== 'string' || key.length < 8 || key.length > 128) {
      throw new UpsellError('invalid_request', 'An idempotency key of 8 to 128 characters is required.');
    }
    return key;
  }

  async function runPurchase(request: PurchaseRequest): Promise<PurchaseResult> {
    const issued = state.offers.get(request.offerToken);
    if (!issued) throw new UpsellError('invalid_request', 'This offer is not valid.');
    const { offer } = issued;
    if (Date.parse(offer.expiresAt) <= now().getTime()) throw new UpsellError('offer_expired', 'This offer has expired.');
    const current = priceOf(productOf(offer.product.id));
    if (current.minor !== offer.price.minor || current.currency !== offer.price.currency) {
      throw new UpsellError('price_changed', 'The price of this offer has changed.');
    }
    if (isHeld(offer.id)) throw new UpsellError('already_purchased', 'You already have this.');
    // Eligibility is re-derived now, not trusted from when the offer was shown.
    const sub = state.subscription;
    const onPlan = offer.subscriptionId !== null && sub !== null;
    if (onPlan ? sub.productId === offer.product.id : state.owned.has(offer.product.id)) {
      throw new UpsellError('already_purchased', 'You already have this.');
    }
    if (onPlan && sub.pendingChange) throw new UpsellError('plan_change_pending', 'A plan change is already being processed.');
    if (onPlan && offer.chargeToday && planChargeToday(offer.price, offer.quantity).minor > offer.chargeToday.minor) {
      throw new UpsellError('price_changed', 'This plan change now costs more today than the offer said.');
    }

    if (onPlan && request.paymentMethodId && request.paymentMethodId !== offer.suggestedPaymentMethodId) {
      // Like the server: a plan change is charged to the subscription's card (the suggested one).
      throw new UpsellError('invalid_request', 'A plan change is charged to the subscription’s payment method.');
    }
    const methodId = request.paymentMethodId ?? offer.suggestedPaymentMethodId;
    if (!methodId) throw new UpsellError('payment_method_unusable', 'There is no saved payment method to charge.');
    const card = state.cards.find((c) => c.id === methodId);
    if (!card) throw new UpsellError('not_found', 'No such payment method.');
    const judged = judgePaymentMethod(card, { currency: offer.price.currency, now: now() });
    if (!judged.usable) throw new UpsellError('payment_method_unusable', `This payment method cannot be charged (${judged.unusableReason}).`);

    const purchaseId = nextId('pur');
    state.offerPurchases.set(offer.id, purchaseId);
    if (onPlan) state.planPurchases.set(purchaseId, offer.product.id);
    state.purchaseMethods.set(purchaseId, card.id);
    let result: PurchaseResult;
    if (card.behaviour === 'declined') {
      state.offerPurchases.delete(offer.id);
      result = {
        status: 'failed',
        purchaseId,
        offerId: offer.id,
        code: 'payment_declined',
        message: 'Your bank declined the charge.',
        fallbackCheckoutUrl: `${checkoutBase}/checkout/${offer.id}`,
        retryable: false,
      };
    } else if (card.behaviour === 'requires_action') {
      result = { status: 'requires_action', purchaseId, offerId: offer.id, actionUrl: `${checkoutBase}/action/${purchaseId}` };
      if (autoCompleteMs !== null) setTimeout(() => settleAction(purchaseId, 'succeeded'), autoCompleteMs);
    } else {
      result = succeed(purchaseId, offer, card.id);
    }
    state.purchases.set(purchaseId, result);
    return result;
  }

  /** What a one-click plan change to `price` × `quantity` charges today: billed like the guide's, the difference. */
  function planChargeToday(price: Money, quantity: number): Money {
    const sub = required(state.subscription ?? undefined, 'subscription');
    return computePlanChange({
      currentPrice: priceOf(productOf(sub.productId)),
      currentQuantity: sub.quantity,
      newPrice: price,
      newQuantity: quantity,
      mode: 'difference_immediately',
      periodStart: new Date(sub.periodStart),
      periodEnd: new Date(sub.periodEnd),
      now: now(),
    }).chargeToday;
  }

  function succeed(purchaseId: string, offer: Offer, paymentMethodId: string | null): PurchaseResult {
    let amount = offer.price;
    if (offer.subscriptionId && state.subscription) {
      amount = planChargeToday(offer.price, offer.quantity);
      state.subscription.productId = offer.product.id;
    }
    state.owned.add(offer.product.id);
    if (amount.minor > 0) state.charges.push({ id: purchaseId, offerId: offer.id, amount, paymentMethodId });
    return { status: 'succeeded', purchaseId, offerId: offer.id, amount, paymentId: `pay_${purchaseId}` };
  }

  function settleAction(purchaseId: string, outcome: 'succeeded' | 'failed'): void {
    const pending = state.purchases.get(purchaseId);
    if (!pending || pending.status !== 'requires_action') return;
    const issued = [...state.offers.values()].find((i) => i.offer.id === pending.offerId);
    if (!issued) return;
    if (outcome === 'succeeded') {
      state.purchases.set(purchaseId, succeed(purchaseId, issued.offer, state.purchaseMethods.get(purchaseId) ?? null));
    } else {
      state.offerPurchases.delete(pending.offerId);
      state.purchases.set(purchaseId, {
        status: 'failed',
        purchaseId,
        offerId: pending.offerId,
        code: 'payment_declined',
        message: 'The bank could not verify the payment.',
        fallbackCheckoutUrl: `${checkoutBase}/checkout/${pending.offerId}`,
        retryable: false,
      });
    }
  }

  function runPreview(request: PlanChangePreviewRequest): PlanChangePreview {
    const sub = state.subscription;
    if (!sub || sub.id !== request.subscriptionId) throw new UpsellError('not_found', 'No such subscription.');
    if (!GUIDE_PLAN_LADDER.includes(request.productId)) throw new UpsellError('offer_not_eligible', 'That plan is not available.');
    if (!Number.isSafeInteger(request.quantity) || request.quantity < 1 || request.quantity > 1000) {
      throw new UpsellError('invalid_request', 'Quantity must be a whole number from 1 to 1000.');
    }
    if (sub.pendingChange) throw new UpsellError('plan_change_pending', 'A plan change is already being processed.');
    const current = productOf(sub.productId);
    const next = productOf(request.productId);
    const at = now();
    const amounts = computePlanChange({
      currentPrice: priceOf(current),
      currentQuantity: sub.quantity,
      newPrice: priceOf(next),
      newQuantity: request.quantity,
      mode: request.prorationMode,
      periodStart: new Date(sub.periodStart),
      periodEnd: new Date(sub.periodEnd),
      now: at,
    });
    const lineItems = [];
    if (amounts.chargeToday.minor > 0) lineItems.push({ description: `${next.name}, due today`, amount: amounts.chargeToday });
    if (amounts.credit.minor > 0) lineItems.push({ description: `Credit for ${current.name}`, amount: negateMoney(amounts.credit) });
    const quoteToken = `memquote_${++state.sequence}`;
    const expiresAt = at.getTime() + fixture.quoteTtlMs;
    const preview: PlanChangePreview = {
      subscriptionId: sub.id,
      currentPlan: planSummary(current),
      newPlan: planSummary(next),
      quantity: request.quantity,
      prorationMode: request.prorationMode,
      direction: amounts.direction,
      chargeToday: amounts.chargeToday,
      credit: amounts.credit,
      newRecurringPrice: amounts.newRecurringPrice,
      effectiveAt: at.toISOString(),
      nextBillingAt: sub.periodEnd,
      lineItems,
      quoteToken,
      quoteExpiresAt: new Date(expiresAt).toISOString(),
    };
    state.quotes.set(quoteToken, { preview, expiresAt });
    return preview;
  }

  async function runChangePlan(request: ChangePlanRequest): Promise<PlanChangeResult> {
    const quote = state.quotes.get(request.quoteToken);
    if (!quote) throw new UpsellError('invalid_request', 'This quote is not valid.');
    if (quote.expiresAt <= now().getTime()) throw new UpsellError('quote_expired', 'This quote has expired; preview the change again.');
    const sub = state.subscription;
    if (!sub || sub.id !== quote.preview.subscriptionId) throw new UpsellError('not_found', 'No such subscription.');
    if (sub.pendingChange) throw new UpsellError('plan_change_pending', 'A plan change is already being processed.');
    const { preview } = quote;
    let chargedMethod: CatalogCard | null = null;
    if (preview.chargeToday.minor > 0) {
      // The subscription's card pays the change; without a usable one nothing moves (Dodo: 422).
      const method = pickDefaultPaymentMethod(judgedCards(preview.chargeToday.currency));
      chargedMethod = method ? (state.cards.find((c) => c.id === method.id) ?? null) : null;
      if (!chargedMethod) throw new UpsellError('payment_method_unusable', 'There is no saved payment method to charge.');
      if (chargedMethod.behaviour === 'declined') {
        return { status: 'failed', subscriptionId: sub.id, code: 'payment_declined', message: 'Your bank declined the charge.', retryable: false };
      }
      if (chargedMethod.behaviour === 'requires_action') {
        // Like Dodo: the change waits for the bank, and meanwhile another change is refused.
        const actionId = nextId('pca');
        sub.pendingChange = true;
        state.planActions.set(actionId, { key: request.idempotencyKey, quoteToken: request.quoteToken, methodId: chargedMethod.id, outcome: null });
        if (autoCompleteMs !== null) setTimeout(() => settlePlanAction(actionId, 'succeeded'), autoCompleteMs);
        return { status: 'requires_action', subscriptionId: sub.id, actionUrl: `${checkoutBase}/action/${actionId}` };
      }
    }
    return applyPlanChange(request.quoteToken, chargedMethod?.id ?? null);
  }

  function applyPlanChange(quoteToken: string, methodId: string | null): PlanChangeResult {
    const { preview } = required(state.quotes.get(quoteToken), 'quote');
    const sub = required(state.subscription ?? undefined, 'subscription');
    state.quotes.delete(quoteToken);
    sub.productId = preview.newPlan.productId;
    sub.quantity = preview.quantity;
    state.owned.add(preview.newPlan.productId);
    if (methodId && preview.chargeToday.minor > 0) {
      state.charges.push({ id: nextId('chg'), offerId: sub.id, amount: preview.chargeToday, paymentMethodId: methodId });
    }
    return {
      status: 'succeeded',
      subscriptionId: sub.id,
      newPlan: preview.newPlan,
      quantity: preview.quantity,
      chargedToday: preview.chargeToday,
      credit: preview.credit,
      effectiveAt: now().toISOString(),
    };
  }

  function settlePlanAction(actionId: string, outcome: 'succeeded' | 'failed'): boolean {
    const action = state.planActions.get(actionId);
    if (!action || action.outcome || !state.subscription) return Boolean(action);
    state.subscription.pendingChange = false;
    action.outcome =
      outcome === 'succeeded'
        ? applyPlanChange(action.quoteToken, action.methodId)
        : { status: 'failed', subscriptionId: state.subscription.id, code: 'payment_declined', message: 'The bank could not verify the payment.', retryable: false };
    return true;
  }

  /** How the change sent with `key` ended, when it waited on the bank and the bank has answered. */
  function planActionOutcome(key: string): PlanChangeResult | null {
    for (const action of state.planActions.values()) if (action.key === key && action.outcome) return action.outcome;
    return null;
  }

  return {
    async listPaymentMethods(request?: ListPaymentMethodsRequest, callOptions?: AdapterCallOptions) {
      await hop('listPaymentMethods', callOptions);
      return judgedCards(request?.currency);
    },
    async getOffers(request: GetOffersRequest, callOptions?: AdapterCallOptions) {
      await hop('getOffers', callOptions);
      return offersFor(request);
    },
    async purchase(request: PurchaseRequest, callOptions?: AdapterCallOptions) {
      await hop('purchase', callOptions);
      const key = requireKey(request.idempotencyKey);
      const issued = state.offers.get(request.offerToken);
      if (!issued) throw new UpsellError('invalid_request', 'This offer is not valid.');
      // Bound to the offer, not the token: a reloaded page asks again with a fresh token.
      const { offer } = issued;
      const method = request.paymentMethodId ?? offer.suggestedPaymentMethodId ?? '';
      return once(key, `purchase:${offer.id}:${offer.price.minor}:${offer.price.currency}:${method}`, () => runPurchase(request));
    },
    async getPurchase(purchaseId: string, callOptions?: AdapterCallOptions) {
      await hop('getPurchase', callOptions);
      const found = state.purchases.get(purchaseId);
      if (!found) throw new UpsellError('not_found', 'No such purchase.');
      return found;
    },
    async previewPlanChange(request: PlanChangePreviewRequest, callOptions?: AdapterCallOptions) {
      await hop('previewPlanChange', callOptions);
      return runPreview(request);
    },
    async changePlan(request: ChangePlanRequest, callOptions?: AdapterCallOptions) {
      await hop('changePlan', callOptions);
      const key = requireKey(request.idempotencyKey);
      const first = await once(key, `change:${request.quoteToken}`, () => runChangePlan(request));
      // Replaying the key reports how a change that waited on the bank ended.
      return planActionOutcome(key) ?? first;
    },
    async startCheckout(request: StartCheckoutRequest, callOptions?: AdapterCallOptions) {
      await hop('startCheckout', callOptions);
      const issued = state.offers.get(request.offerToken);
      if (!issued) throw new UpsellError('invalid_request', 'This offer is not valid.');
      return { url: `${checkoutBase}/checkout/${issued.offer.id}` };
    },
    async recordOfferEvent(request: RecordOfferEventRequest, callOptions?: AdapterCallOptions) {
      await hop('recordOfferEvent', callOptions);
      state.events.push({ offerId: request.offerId, event: request.event, at: now().toISOString() });
    },
    async getOfferStats(callOptions?: AdapterCallOptions): Promise<OfferStats[]> {
      await hop('getOfferStats', callOptions);
      return summarizeOfferEvents(state.events);
    },
    calls: (method) => (method ? (state.calls.get(method) ?? 0) : [...state.calls.values()].reduce((a, b) => a + b, 0)),
    charges: () => [...state.charges],
    events: () => [...state.events],
    completeAction: (id, outcome = 'succeeded') => void (settlePlanAction(id, outcome) || settleAction(id, outcome)),
    setPendingChange(pending) {
      if (state.subscription) state.subscription.pendingChange = pending;
    },
    setProductPrice(productId, minor) {
      const product = productOf(productId);
      state.products.set(productId, { ...product, priceMinor: money(minor, product.currency).minor });
    },
    reset() {
      state = initialState();
    },
  };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Unknown catalogue ${what}`);
  return value;
}

/** Waits `ms` (forever for Infinity), rejecting with the signal's reason when aborted. */
function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      if (timer !== undefined) clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
