/**
 * The customer-facing routes: path, methods, and a thin adapter from HTTP to each flow
 * (validate the input with its schema, run the flow, answer JSON). Identity always comes
 * from `customerId`, which the handler got from the host's `authenticate`.
 *
 * | Route                          | Method | Answer                         |
 * | ------------------------------ | ------ | ------------------------------ |
 * | /payment-methods?currency=     | GET    | { paymentMethods }             |
 * | /offers?placement=&…           | GET    | { offers }                     |
 * | /purchases                     | POST   | PurchaseResult                 |
 * | /purchases/:id                 | GET    | PurchaseResult                 |
 * | /plan-changes/preview          | POST   | PlanChangePreview              |
 * | /plan-changes                  | POST   | PlanChangeResult               |
 * | /checkouts                     | POST   | { url }                        |
 * | /events                        | POST   | 204                            |
 * | /stats                         | GET    | { stats }                      |
 * | /webhooks                      | POST   | (Dodo only; see webhook-events) |
 */
import type { CheckoutSessionResponse } from 'dodopayments/resources/index';
import { UpsellError } from '../core/errors';
import type { PaymentMethodRecord } from '../core/types';
import { judgePaymentMethods } from '../core/eligibility';
import { toUpsellError } from './dodo-errors';
import type { HandlerContext } from './handler-context';
import { jsonReply, noContentReply } from './http-response';
import type { Reply } from './http-response';
import { findOffers } from './offer-engine';
import { executionOf, findOfferRule } from './offer-rules';
import { changePlan, previewPlanChange } from './plan-changes';
import { purchaseOffer } from './purchase-flow';
import { getPurchaseStatus } from './purchase-status';
import { readJsonBody } from './request-body';
import {
  checkoutBody,
  offerEventBody,
  offersQuery,
  parseInput,
  paymentMethodsQuery,
  planChangeBody,
  planChangePreviewBody,
  purchaseBody,
  purchaseId,
  queryObject,
} from './schemas';
import { readOfferToken } from './tokens';

/** What a route handler receives. */
export interface RouteInput {
  /** The request. */
  request: Request;
  /** Its parsed URL. */
  url: URL;
  /** Path parameters (`:id`). */
  params: Readonly<Record<string, string>>;
  /** The signed-in customer. */
  customerId: string;
  /** The body, when the adapter already buffered it (`toNodeListener`); else it is read from `request`. */
  body?: Uint8Array | undefined;
}

/** A customer route handler. */
export type RouteHandler = (ctx: HandlerContext, input: RouteInput) => Promise<Reply>;

/** One route. */
export interface RouteDefinition {
  /** Path below the base path, with `:name` parameters. */
  pattern: string;
  /** Handlers by method. */
  methods: Partial<Record<'GET' | 'POST', RouteHandler>>;
}

const body = (ctx: HandlerContext, input: RouteInput): Promise<unknown> => readJsonBody(input.request, ctx.maxBodyBytes, input.body);

/** Every customer route. */
export const ROUTES: readonly RouteDefinition[] = [
  {
    pattern: '/payment-methods',
    methods: {
      GET: async (ctx, input) => {
        const query = parseInput(paymentMethodsQuery, queryObject(input.url));
        let methods: PaymentMethodRecord[];
        try {
          methods = await ctx.dodo.listPaymentMethods(input.customerId);
        } catch (error) {
          const mapped = toUpsellError(error);
          // A customer Dodo does not know yet simply has no saved methods.
          if (mapped.code !== 'not_found') throw mapped;
          methods = [];
        }
        return jsonReply({ paymentMethods: judgePaymentMethods(methods, { currency: query.currency ?? null, now: ctx.now() }) });
      },
    },
  },
  {
    pattern: '/offers',
    methods: {
      GET: async (ctx, input) => {
        const query = parseInput(offersQuery, queryObject(input.url));
        return jsonReply({ offers: await findOffers(ctx, input.customerId, query) });
      },
    },
  },
  {
    pattern: '/purchases',
    methods: {
      POST: async (ctx, input) => jsonReply(await purchaseOffer(ctx, input.customerId, parseInput(purchaseBody, await body(ctx, input)))),
    },
  },
  {
    pattern: '/purchases/:id',
    methods: {
      GET: async (ctx, input) => {
        const id = purchaseId.safeParse(input.params['id']);
        if (!id.success) throw new UpsellError('not_found', 'Purchase not found.');
        return jsonReply(await getPurchaseStatus(ctx, input.customerId, id.data));
      },
    },
  },
  {
    pattern: '/plan-changes/preview',
    methods: {
      POST: async (ctx, input) => jsonReply(await previewPlanChange(ctx, input.customerId, parseInput(planChangePreviewBody, await body(ctx, input)))),
    },
  },
  {
    pattern: '/plan-changes',
    methods: {
      POST: async (ctx, input) => jsonReply(await changePlan(ctx, input.customerId, parseInput(planChangeBody, await body(ctx, input)))),
    },
  },
  {
    pattern: '/checkouts',
    methods: {
      POST: async (ctx, input) => {
        const { offerToken } = parseInput(checkoutBody, await body(ctx, input));
        const claims = await readOfferToken(ctx.signer, offerToken, input.customerId);
        if (claims.exp <= ctx.now().getTime()) throw new UpsellError('offer_expired', 'This offer has expired. Reload to see current offers.');
        const rule = findOfferRule(ctx.rules, claims.oid);
        if (!rule || rule.productId !== claims.pid) throw new UpsellError('offer_not_eligible', 'This offer is no longer available.');
        if (executionOf(ctx.rules, rule) === 'plan_change') {
          throw new UpsellError('invalid_request', 'Plan changes are made on the subscription, not through checkout.');
        }
        let session: CheckoutSessionResponse;
        try {
          session = await ctx.dodo.createCheckout({
            product_cart: [{ product_id: claims.pid, quantity: claims.qty }],
            customer: { customer_id: input.customerId },
            return_url: ctx.returnUrl,
            metadata: { upsell_offer_id: rule.id },
          });
        } catch (error) {
          throw toUpsellError(error);
        }
        if (!session.checkout_url) throw new UpsellError('upstream', 'The payment provider did not return a checkout page.');
        return jsonReply({ url: session.checkout_url });
      },
    },
  },
  {
    pattern: '/events',
    methods: {
      POST: async (ctx, input) => {
        const event = parseInput(offerEventBody, await body(ctx, input));
        if (!findOfferRule(ctx.rules, event.offerId)) throw new UpsellError('not_found', 'Offer not found.');
        await ctx.store.recordOfferEvent(input.customerId, { offerId: event.offerId, event: event.event, at: ctx.now().toISOString() });
        return noContentReply();
      },
    },
  },
  {
    pattern: '/stats',
    methods: {
      GET: async (ctx, input) => {
        const all = await ctx.canViewAllStats(input.request, input.customerId);
        return jsonReply({ stats: await ctx.store.getOfferStats(all ? null : input.customerId) });
      },
    },
  },
];

/** Each route with its pattern split into segments once. */
const TEMPLATES: ReadonlyArray<{ route: RouteDefinition; template: readonly string[] }> = ROUTES.map((route) => ({
  route,
  template: route.pattern.split('/').filter((segment) => segment !== ''),
}));

/** The route and parameters for `path` (below the base path), or null. */
export function matchRoute(path: string): { route: RouteDefinition; params: Record<string, string> } | null {
  const segments = path.split('/').filter((segment) => segment !== '');
  for (const { route, template } of TEMPLATES) {
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matches = true;
    for (let i = 0; i < template.length && matches; i += 1) {
      const part = template[i] ?? '';
      const segment = segments[i] ?? '';
      if (part.startsWith(':')) {
        try {
          params[part.slice(1)] = decodeURIComponent(segment);
        } catch {
          matches = false;
        }
      } else {
        matches = part === segment;
      }
    }
    if (matches) return { route, params };
  }
  return null;
}
