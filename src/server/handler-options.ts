/**
 * Options of `createUpsellHandler`, with their defaults.
 */
import type DodoPayments from 'dodopayments';
import type { ClientOptions } from 'dodopayments';
import type { DeclinePolicy } from '../core/decline-policy';
import type { OfferRulesConfig } from './offer-rules';
import type { SupportedCurrenciesRule } from './payment-methods';
import type { UpsellStore } from './store';

/** Returns the signed-in customer's Dodo customer id from the host's session, or null. */
export type Authenticate = (request: Request) => Promise<string | null> | string | null;

/** Where an unexpected error happened, for logs. */
export interface ErrorReportContext {
  /** Route pattern, e.g. `POST /purchases`. */
  route: string;
}

/** Options of `createUpsellHandler`. */
export interface UpsellHandlerOptions {
  /** A `DodoPayments` client, or its options (`bearerToken`, `environment` or `baseURL`, `timeout`). */
  dodo: DodoPayments | ClientOptions;
  /** The host's session lookup: customer id, or null → 401. The only source of identity. */
  authenticate: Authenticate;
  /** Offer rules (see `GUIDE_OFFER_RULES`). Validated when the handler is created. */
  offers: OfferRulesConfig;
  /** HMAC key for offer and quote tokens, at least 32 characters. Rotate it to revoke every token. */
  signingSecret: string;
  /** Where Dodo sends the customer after a checkout or 3-D Secure (absolute http(s) URL). */
  returnUrl: string;
  /** Persistence. @default createMemoryStore() */
  store?: UpsellStore;
  /** Standard Webhooks secret (`whsec_…`) of the Dodo webhook endpoint; without it `POST /webhooks` answers 404. */
  webhookSecret?: string;
  /** Origins allowed to call mutating routes (`https://shop.example`). @default the handler's own origin */
  allowedOrigins?: readonly string[];
  /** Path prefix of every route. @default '/api/upsell' */
  basePath?: string;
  /** Clock (tokens, quotes, eligibility, caches). @default () => new Date() */
  now?: () => Date;
  /** Largest JSON body accepted, in bytes (→ 413). @default 16384 */
  maxBodyBytes?: number;
  /** Largest webhook body accepted, in bytes. @default 262144 */
  maxWebhookBodyBytes?: number;
  /** How long a Dodo product (name, price) is cached, in ms. @default 60000 */
  productCacheTtlMs?: number;
  /** Offer token lifetime, in ms. @default 900000 (15 min) */
  offerTtlMs?: number;
  /** Plan-change quote lifetime, in ms. @default 300000 (5 min) */
  quoteTtlMs?: number;
  /** Which currencies a saved method can pay in. @default cards issued in IN → INR only; others any */
  supportedCurrencies?: SupportedCurrenciesRule;
  /** Server-side re-show rules. @default never re-show a declined or accepted offer; no other limits */
  declinePolicy?: Partial<DeclinePolicy>;
  /**
   * How long `POST /purchases` waits for Dodo's webhook to settle a charge before answering
   * `processing`, in ms. Settling by webhook saves a `payments.retrieve` per purchase. @default 2500
   */
  settleWaitMs?: number;
  /** A purchase still `processing` this long after its last change is looked up at Dodo by `GET /purchases/:id`, in ms. @default 5000 */
  reconcileAfterMs?: number;
  /** A purchase with an unknown outcome and no Dodo payment found after this long is marked failed, in ms. @default 900000 */
  abandonAfterMs?: number;
  /** Billing country for cross-sell payments when the card's issuing country is unknown. @default 'US' */
  defaultBillingCountry?: string;
  /** Whether this request may see every customer's offer stats (an admin); others see their own. @default () => false */
  canViewAllStats?: (request: Request, customerId: string) => boolean | Promise<boolean>;
  /** Receives unexpected errors (bugs, store failures, a throwing `authenticate`); the client only sees a generic message. */
  onError?: (error: unknown, context: ErrorReportContext) => void;
}
