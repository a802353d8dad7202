/** The shop's own API (`/demo/api`, see examples/demo/server/shop-api.ts), typed. */

// The wire types are the server's own (type-only: nothing of the server reaches the bundle).
import type { DemoCustomer, ShopProduct } from '../server/shop-api';

export type { DemoCustomer, ShopOrder, ShopProduct, ShopSubscription } from '../server/shop-api';

export interface SessionInfo {
  customer: DemoCustomer | null;
  customers: DemoCustomer[];
  backend: 'sandbox' | 'dodo';
  canReset: boolean;
}

export type Interval = NonNullable<ShopProduct['interval']>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the shop API; throws {@link ApiError}. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/demo/api${path}`, {
      method: init.method ?? 'GET',
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      signal: init.signal,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError(0, 'network', 'Could not reach the shop.');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!response.ok) throw new ApiError(response.status, payload?.error?.code ?? 'error', payload?.error?.message ?? `The shop answered ${response.status}.`);
  return payload as T;
}

/** Starts Dodo's normal (hosted) checkout for `items` and goes there. */
export async function checkout(items: Array<{ productId: string; quantity: number }>): Promise<void> {
  const { url } = await api<{ url: string }>('/checkouts', { method: 'POST', body: { items } });
  window.location.assign(url);
}
