/**
 * Everything a route needs, resolved once when the handler is created.
 */
import type { DeclinePolicy } from '../core/decline-policy';
import type { DodoGateway } from './dodo-gateway';
import type { Authenticate } from './handler-options';
import type { OfferRulesConfig } from './offer-rules';
import type { SettlementSignal } from './settlement';
import type { TokenSigner } from './signed-token';
import type { UpsellStore } from './store';
import type { WebhookVerifier } from './webhook-verifier';

/** The resolved configuration and services shared by every route. */
export interface HandlerContext {
  /** Offer rules. */
  readonly rules: OfferRulesConfig;
  /** Persistence. */
  readonly store: UpsellStore;
  /** Dodo, with the retry and cache rules applied. */
  readonly dodo: DodoGateway;
  /** Token signer. */
  readonly signer: TokenSigner;
  /** In-process settlement notifications. */
  readonly settlement: SettlementSignal;
  /** Webhook verifier, or null when webhooks are not configured. */
  readonly webhooks: WebhookVerifier | null;
  /** The host's session lookup. */
  readonly authenticate: Authenticate;
  /** Clock. */
  readonly now: () => Date;
  /** Dodo return URL. */
  readonly returnUrl: string;
  /** Route prefix without a trailing slash. */
  readonly basePath: string;
  /** Allowed origins, or null for same-origin only. */
  readonly allowedOrigins: ReadonlySet<string> | null;
  /** JSON body limit. */
  readonly maxBodyBytes: number;
  /** Webhook body limit. */
  readonly maxWebhookBodyBytes: number;
  /** Offer token lifetime. */
  readonly offerTtlMs: number;
  /** Quote lifetime. */
  readonly quoteTtlMs: number;
  /** Webhook wait in `POST /purchases`. */
  readonly settleWaitMs: number;
  /** Age before `GET /purchases/:id` asks Dodo. */
  readonly reconcileAfterMs: number;
  /** Age before an unknown outcome with no payment is given up. */
  readonly abandonAfterMs: number;
  /** Billing country fallback for payments. */
  readonly defaultBillingCountry: string;
  /** Re-show rules. */
  readonly declinePolicy: DeclinePolicy;
  /** Stats permission. */
  readonly canViewAllStats: (request: Request, customerId: string) => boolean | Promise<boolean>;
  /** Reports an unexpected error without letting a faulty reporter break the response. */
  readonly report: (error: unknown, route: string) => void;
}
