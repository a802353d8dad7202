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

/** What the server's error body may hold (anything JSON, so every field is checked). */
type ErrorBody = { error?: { code?: unknown; message?: unknown; retryable?: unknown } } | null;

/** Creates an `UpsellAdapter` that talks to the reference server over HTTP. */
export function createHttpAdapter(options: HttpAdapterOptions = {}): UpsellAdapter {
  const { headers, timeoutMs = 15_000, credentials = 'same-origin' } = options;
  const baseUrl = (options.baseUrl ?? '/api/upsell').replace(/\/+$/, '');

  /** GET when there is no body, POST with a JSON body otherwise. */
  async function call<T>(path: string, body: unknown, callOptions?: AdapterCallOptions): Promise<T> {
    const signal = callOptions?.signal;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new UpsellError('network', 'The request timed out.')), timeoutMs);
    let response: Response;
    try {
      response = await (options.fetch ?? globalThis.fetch)(baseUrl + path, {
        method: body === undefined ? 'GET' : 'POST',
        credentials,
        headers: {
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(typeof headers === 'function' ? headers() : headers),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([timeout.signal, signal]) : timeout.signal,
      });
    } catch (error) {
      // The caller's own abort is not an error of ours: pass its reason (or our timeout's) through untouched.
      for (const aborted of [signal, timeout.signal]) if (aborted?.aborted) throw aborted.reason;
      throw new UpsellError('network', 'Could not reach the server.', { cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 204) return undefined as T;
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) throw toUpsellError(response.status, payload as ErrorBody);
    if (payload === null) throw new UpsellError('upstream', 'Unreadable server answer.');
    return payload as T;
  }

  /** A GET whose answer wraps the list in `field`; `params` left undefined are not sent. */
  const list = async <T>(path: string, field: string, params: Record<string, string | undefined>, callOptions?: AdapterCallOptions): Promise<T[]> => {
    const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
    const body = await call<Record<string, T[]>>(search ? `${path}?${search}` : path, undefined, callOptions);
    return body[field] as T[];
  };

  return {
    listPaymentMethods: (request?: ListPaymentMethodsRequest, callOptions?: AdapterCallOptions) =>
      list<SavedPaymentMethod>('/payment-methods', 'paymentMethods', { currency: request?.currency }, callOptions),
    getOffers: (request: GetOffersRequest, callOptions?: AdapterCallOptions) =>
      list<Offer>('/offers', 'offers', { placement: request.placement, ...request.context }, callOptions),
    purchase: (request: PurchaseRequest, callOptions?: AdapterCallOptions) => call<PurchaseResult>('/purchases', request, callOptions),
    getPurchase: (purchaseId: string, callOptions?: AdapterCallOptions) =>
      call<PurchaseResult>(`/purchases/${encodeURIComponent(purchaseId)}`, undefined, callOptions),
    previewPlanChange: (request: PlanChangePreviewRequest, callOptions?: AdapterCallOptions) =>
      call<PlanChangePreview>('/plan-changes/preview', request, callOptions),
    changePlan: (request: ChangePlanRequest, callOptions?: AdapterCallOptions) => call<PlanChangeResult>('/plan-changes', request, callOptions),
    startCheckout: (request: StartCheckoutRequest, callOptions?: AdapterCallOptions) => call<{ url: string }>('/checkouts', request, callOptions),
    async recordOfferEvent(request: RecordOfferEventRequest, callOptions?: AdapterCallOptions) {
      await call('/events', request, callOptions);
    },
    getOfferStats: (callOptions?: AdapterCallOptions) => list<OfferStats>('/stats', 'stats', {}, callOptions),
  };
}

/** Turns the server's `{ error: { code, message, retryable } }` into an `UpsellError`. */
function toUpsellError(status: number, payload: ErrorBody): UpsellError {
  const { code, message, retryable } = payload?.error ?? {};
  if (isUpsellErrorCode(code)) {
    return new UpsellError(code, typeof message === 'string' ? message : code, {
      retryable: typeof retryable === 'boolean' ? retryable : undefined,
    });
  }
  if (status === 429) return new UpsellError('rate_limited', 'Too many requests.');
  if (status === 401) return new UpsellError('unauthenticated', 'Please sign in again.');
  return new UpsellError('upstream', `The server answered ${status}.`);
}
