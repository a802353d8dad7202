/**
 * `createUpsellHandler`: the reference server as one web-standard function,
 * `(request: Request) => Promise<Response>`, mountable in Next.js route handlers, Hono,
 * Deno, Bun, Cloudflare Workers, or Node through `toNodeListener`.
 *
 * Every request goes through the same gate, in this order: route match (404/405), Origin
 * check on mutating routes (403), `authenticate` (401), then the route, which validates its
 * input (400/413) before doing anything. Webhooks skip Origin and `authenticate`: Dodo proves
 * itself with the signature instead.
 */
import { DEFAULT_DECLINE_POLICY } from '../core/decline-policy';
import { isUpsellError, UpsellError } from '../core/errors';
import { classifyDodoError, toUpsellError } from './dodo-errors';
import { createDodoGateway } from './dodo-gateway';
import type { HandlerContext } from './handler-context';
import type { UpsellHandlerOptions } from './handler-options';
import { errorReply, errorReplyFor, jsonReply, REPLY_FUNCTION, toResponse } from './http-response';
import type { Reply, ReplyingHandler } from './http-response';
import { createMemoryStore } from './memory-store';
import { validateOfferRules } from './offer-rules';
import { isAllowedOrigin, normalizeOrigin } from './origin-check';
import { defaultSupportedCurrencies } from './payment-methods';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_WEBHOOK_BYTES } from './request-body';
import { matchRoute } from './routes';
import { createSettlementSignal } from './settlement';
import { createTokenSigner } from './signed-token';
import { isStoreUnavailableError } from './stores/store-unavailable-error';
import { createWebhookVerifier } from './webhook-verifier';
import { handleWebhook } from './webhook-events';

/** A web-standard request handler. */
export type UpsellHandler = (request: Request) => Promise<Response>;

function positive(value: number | undefined, fallback: number, name: string): number {
  const resolved = value ?? fallback;
  if (!Number.isFinite(resolved) || resolved < 0) throw new TypeError(`upsell-kit: ${name} must be a non-negative number`);
  return resolved;
}

function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (trimmed !== '' && !/^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(trimmed)) throw new TypeError('upsell-kit: basePath must start with "/"');
  return trimmed;
}

/** Builds the handler; throws a `TypeError` at once for a misconfiguration (short secret, bad rules, bad URLs). */
export function createUpsellHandler(options: UpsellHandlerOptions): UpsellHandler {
  if (typeof options.authenticate !== 'function') throw new TypeError('upsell-kit: authenticate must be a function');
  if (!normalizeOrigin(options.returnUrl)) throw new TypeError('upsell-kit: returnUrl must be an absolute http(s) URL');
  const allowedOrigins = options.allowedOrigins
    ? new Set(
        options.allowedOrigins.map((origin) => {
          const normalized = normalizeOrigin(origin);
          if (!normalized) throw new TypeError(`upsell-kit: allowedOrigins entry "${origin}" is not an http(s) origin`);
          return normalized;
        }),
      )
    : null;
  const defaultBillingCountry = options.defaultBillingCountry ?? 'US';
  if (!/^[A-Z]{2}$/.test(defaultBillingCountry)) throw new TypeError('upsell-kit: defaultBillingCountry must be an ISO 3166 alpha-2 code');
  const now = options.now ?? (() => new Date());
  const onError = options.onError;

  const ctx: HandlerContext = {
    rules: validateOfferRules(options.offers),
    store: options.store ?? createMemoryStore({ now }),
    dodo: createDodoGateway({
      dodo: options.dodo,
      productCacheTtlMs: positive(options.productCacheTtlMs, 60_000, 'productCacheTtlMs'),
      now,
      supportedCurrencies: options.supportedCurrencies ?? defaultSupportedCurrencies,
    }),
    signer: createTokenSigner(options.signingSecret),
    settlement: createSettlementSignal(),
    webhooks: options.webhookSecret ? createWebhookVerifier(options.webhookSecret) : null,
    authenticate: options.authenticate,
    now,
    returnUrl: options.returnUrl,
    basePath: normalizeBasePath(options.basePath ?? '/api/upsell'),
    allowedOrigins,
    maxBodyBytes: positive(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes'),
    maxWebhookBodyBytes: positive(options.maxWebhookBodyBytes, DEFAULT_MAX_WEBHOOK_BYTES, 'maxWebhookBodyBytes'),
    offerTtlMs: positive(options.offerTtlMs, 15 * 60_000, 'offerTtlMs'),
    quoteTtlMs: positive(options.quoteTtlMs, 5 * 60_000, 'quoteTtlMs'),
    settleWaitMs: positive(options.settleWaitMs, 2_500, 'settleWaitMs'),
    reconcileAfterMs: positive(options.reconcileAfterMs, 5_000, 'reconcileAfterMs'),
    abandonAfterMs: positive(options.abandonAfterMs, 15 * 60_000, 'abandonAfterMs'),
    defaultBillingCountry,
    // Server-side, only the guide's hard rule applies: never re-show what was declined or
    // accepted. Impression caps and cooldowns are the browser's DeclineTracker's job.
    declinePolicy: {
      ...DEFAULT_DECLINE_POLICY,
      cooldownDays: 0,
      maxImpressions: Number.POSITIVE_INFINITY,
      maxOffersPerSession: Number.POSITIVE_INFINITY,
      ...options.declinePolicy,
    },
    canViewAllStats: options.canViewAllStats ?? (() => false),
    report: (error, route) => {
      try {
        onError?.(error, { route });
      } catch {
        // A failing logger must not turn into a failing response.
      }
    },
  };

  const reply = async (request: Request, parsedUrl?: URL, buffered?: Uint8Array): Promise<Reply> => {
    let routeName = 'unknown';
    try {
      let url: URL;
      try {
        url = parsedUrl ?? new URL(request.url);
      } catch {
        return errorReplyFor('invalid_request', 'Malformed URL.');
      }
      const { basePath } = ctx;
      const path = url.pathname;
      if (path !== basePath && !path.startsWith(`${basePath}/`)) return errorReplyFor('not_found', 'Not found.');
      const subPath = path.slice(basePath.length) || '/';
      const method = request.method.toUpperCase();
      routeName = `${method} ${subPath}`;

      if (subPath.replace(/\/+$/, '') === '/webhooks') {
        if (method !== 'POST') return methodNotAllowed(['POST']);
        routeName = 'POST /webhooks';
        return await handleWebhook(ctx, request, buffered);
      }

      const match = matchRoute(subPath);
      if (!match) return errorReplyFor('not_found', 'Not found.');
      const handler = method === 'GET' || method === 'POST' ? match.route.methods[method] : undefined;
      if (!handler) return methodNotAllowed(Object.keys(match.route.methods));
      routeName = `${method} ${match.route.pattern}`;

      if (method === 'POST' && !isAllowedOrigin(request, ctx.allowedOrigins)) {
        return errorReplyFor('forbidden', 'This origin may not call the upsell API.');
      }

      let customerId: string | null;
      try {
        const session = ctx.authenticate(request);
        // A synchronous session lookup is used as is: no extra turn of the event loop.
        customerId = isPromiseLike(session) ? await session : session;
      } catch (error) {
        // Fail closed: a session lookup that throws (say, on a malformed cookie) is no session.
        ctx.report(error, `${routeName} (authenticate)`);
        customerId = null;
      }
      if (typeof customerId !== 'string' || customerId === '') return errorReplyFor('unauthenticated', 'Sign in to continue.');

      return await handler(ctx, { request, url, params: match.params, customerId, body: buffered });
    } catch (error) {
      if (error instanceof UpsellError) return errorReply(error);
      // An UpsellError from another copy of the kit: rebuild it so only code and message travel.
      if (isUpsellError(error)) return errorReply(new UpsellError((error as UpsellError).code, (error as UpsellError).message));
      if (classifyDodoError(error)) return errorReply(toUpsellError(error));
      ctx.report(error, routeName);
      // The database is unreachable. Mutating routes claim their idempotency key (webhooks
      // their id) before any Dodo call, so this answer never follows an unrecorded charge.
      if (isStoreUnavailableError(error)) {
        return errorReplyFor('unavailable', 'We cannot reach our records right now. Please try again in a moment.', 503, { 'retry-after': '5' });
      }
      // Generic on purpose: no stack trace, no upstream text.
      return jsonReply({ error: { code: 'unavailable', message: 'Something went wrong on our side. Nothing was charged twice; try again shortly.', retryable: true } }, 500);
    }
  };

  const handler = async (request: Request): Promise<Response> => toResponse(await reply(request));
  // toNodeListener writes the Reply itself and skips the Response object (see http-response).
  Object.defineProperty(handler, REPLY_FUNCTION, { value: reply });
  return handler satisfies ReplyingHandler;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function methodNotAllowed(allowed: readonly string[]): Reply {
  // 405 has no code of its own in the closed union; the body says invalid_request.
  return errorReplyFor('invalid_request', 'Method not allowed.', 405, { allow: allowed.join(', ') });
}
