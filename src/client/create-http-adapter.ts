/**
 * The browser's `UpsellAdapter`: JSON over `fetch` to the routes of `createUpsellHandler`.
 * It adds what the network needs and nothing else: timeouts through `AbortController`,
 * the server's error `code` turned back into a typed `UpsellError`, and a network failure
 * reported as `network` (retryable) rather than a raw `TypeError`.
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
import { UpsellError, isUpsellErrorCode } from '../core/errors';
import type { Offer, OfferStats, PlanChangePreview, PlanChangeResult, PurchaseResult, SavedPaymentMethod } from '../core/types';

/** Options of {@link createHttpAdapter}. */
export interface HttpAdapterOptions {
  /** Where the handler is mounted. @default '/api/upsell' */
  baseUrl?: string;
  /** A `fetch` to use (tests, SSR, instrumentation). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Extra headers on every request (e.g. a CSRF token), or a function returning them. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Milliseconds before a request is given up as `network` (retryable). @default 15000 */
  timeoutMs?: number;
  /** Cookie policy: the server identifies the customer from the host's session cookie. @default 'same-origin' */
  credentials?: RequestCredentials;
}

type HttpMethod = 'GET' | 'POST';

/** Creates an `UpsellAdapter` that talks to the reference server over HTTP. */
export function createHttpAdapter(options: HttpAdapterOptions = {}): UpsellAdapter {
  const baseUrl = (options.baseUrl ?? '/api/upsell').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call<T>(method: HttpMethod, path: string, body: unknown, callOptions?: AdapterCallOptions): Promise<T> {
    const doFetch = options.fetch ?? globalThis.fetch;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new UpsellError('network', 'The request timed out.')), timeoutMs);
    const signals = callOptions?.signal ? [timeout.signal, callOptions.signal] : [timeout.signal];
    const extra = typeof options.headers === 'function' ? options.headers() : (options.headers ?? {});
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        credentials: options.credentials ?? 'same-origin',
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...extra },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      // The caller's own abort is not an error of ours: pass its reason through untouched.
      if (callOptions?.signal?.aborted) throw callOptions.signal.reason;
      if (timeout.signal.aborted) throw timeout.signal.reason;
      throw new UpsellError('network', 'Could not reach the server.', { cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 204) return undefined as T;
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) throw toUpsellError(response.status, payload);
    if (payload === null) throw new UpsellError('upstream', 'The server sent an unreadable answer.');
    return payload as T;
  }

  const query = (params: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, value);
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  return {
    async listPaymentMethods(request?: ListPaymentMethodsRequest, callOptions?: AdapterCallOptions) {
      const body = await call<{ paymentMethods: SavedPaymentMethod[] }>('GET', `/payment-methods${query({ currency: request?.currency })}`, undefined, callOptions);
      return body.paymentMethods;
    },
    async getOffers(request: GetOffersRequest, callOptions?: AdapterCallOptions) {
      const path = `/offers${query({ placement: request.placement, ...request.context })}`;
      const body = await call<{ offers: Offer[] }>('GET', path, undefined, callOptions);
      return body.offers;
    },
    purchase: (request: PurchaseRequest, callOptions?: AdapterCallOptions) =>
      call<PurchaseResult>('POST', '/purchases', request, callOptions),
    getPurchase: (purchaseId: string, callOptions?: AdapterCallOptions) =>
      call<PurchaseResult>('GET', `/purchases/${encodeURIComponent(purchaseId)}`, undefined, callOptions),
    previewPlanChange: (request: PlanChangePreviewRequest, callOptions?: AdapterCallOptions) =>
      call<PlanChangePreview>('POST', '/plan-changes/preview', request, callOptions),
    changePlan: (request: ChangePlanRequest, callOptions?: AdapterCallOptions) =>
      call<PlanChangeResult>('POST', '/plan-changes', request, callOptions),
    startCheckout: (request: StartCheckoutRequest, callOptions?: AdapterCallOptions) =>
      call<{ url: string }>('POST', '/checkouts', request, callOptions),
    async recordOfferEvent(request: RecordOfferEventRequest, callOptions?: AdapterCallOptions) {
      await call<void>('POST', '/events', request, callOptions);
    },
    async getOfferStats(callOptions?: AdapterCallOptions) {
      const body = await call<{ stats: OfferStats[] }>('GET', '/stats', undefined, callOptions);
      return body.stats;
    },
  };
}

/** Turns the server's `{ error: { code, message, retryable } }` into an `UpsellError`. */
function toUpsellError(status: number, payload: unknown): UpsellError {
  const error = typeof payload === 'object' && payload !== null ? (payload as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message, retryable } = error as { code?: unknown; message?: unknown; retryable?: unknown };
    if (isUpsellErrorCode(code)) {
      return new UpsellError(code, typeof message === 'string' ? message : code, {
        retryable: typeof retryable === 'boolean' ? retryable : undefined,
      });
    }
  }
  if (status === 429) return new UpsellError('rate_limited', 'Too many requests; try again shortly.');
  if (status === 401) return new UpsellError('unauthenticated', 'Please sign in again.');
  return new UpsellError('upstream', `The server answered ${status}.`);
}
