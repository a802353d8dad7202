/**
 * Test harness for the server suites: the real `dodopayments` SDK → the local Dodo sandbox
 * over HTTP, and `createUpsellHandler` served by `toNodeListener` on `node:http`, which is
 * also the sandbox's webhook receiver. No SDK mocks.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import DodoPayments from 'dodopayments';
import { createDodoSandbox, SANDBOX_WEBHOOK_SECRET } from '../../src/sandbox/index';
import type { DodoSandbox } from '../../src/sandbox/index';
import { createMemoryStore, createUpsellHandler, GUIDE_OFFER_RULES, toNodeListener } from '../../src/server/index';
import type { UpsellHandler, UpsellHandlerOptions, UpsellStore } from '../../src/server/index';
import { listenOnLoopback } from '../support/loopback-server';

/** Session cookies the fake host knows, and the Dodo customer each one signs in. */
export const SESSIONS: Readonly<Record<string, string>> = {
  alice: 'cus_alice',
  bob: 'cus_bob',
  carol: 'cus_carol',
  priya: 'cus_priya',
  dave: 'cus_dave',
  erin: 'cus_erin',
};

/** Signing secret shared by the suites (tests may build a second handler with it). */
export const SIGNING_SECRET = 'test-signing-secret-0123456789-abcdefghijklmnop';

/** The origin the tests' "shop" runs on. */
export const SHOP_ORIGIN = 'https://shop.example';

/** Routes of the sandbox that move money or change state at Dodo. */
export const MUTATING_ROUTES = ['POST /checkouts', 'POST /payments', 'POST /subscriptions/:id/change-plan'] as const;

/** The host's `authenticate`: the `x-session` header names a session. */
export function authenticate(request: Request): string | null {
  const session = request.headers.get('x-session');
  return session !== null && Object.prototype.hasOwnProperty.call(SESSIONS, session) ? (SESSIONS[session] ?? null) : null;
}

/** A JSON answer. */
export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Options of one API call. */
export interface CallOptions {
  /** Session name (`alice`), or null for none. */
  session?: string | null;
  /** JSON body (serialised) or a raw string. */
  body?: unknown;
  /** Extra headers. */
  headers?: Record<string, string>;
}

/** A running harness. */
export interface Harness {
  /** The sandbox. */
  sandbox: DodoSandbox;
  /** URL of the node server (`http://127.0.0.1:port`). */
  serverUrl: string;
  /** The handler currently served. */
  handler: UpsellHandler;
  /** Its store. */
  store: UpsellStore;
  /** Milliseconds added to the handler's clock. */
  clock: { offsetMs: number; now(): Date };
  /** Errors reported through `onError`. */
  reported: unknown[];
  /** Back to the seed, with a fresh store and handler (options override the defaults). */
  reset(overrides?: Partial<UpsellHandlerOptions>): Promise<void>;
  /** Calls the API over HTTP. */
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** Sum of the sandbox's mutating calls. */
  mutatingCalls(): number;
  /** Stops everything. */
  close(): Promise<void>;
}

/** Default handler options of the suites. */
export function handlerOptions(dodoUrl: string, store: UpsellStore, clock: { now(): Date }, reported: unknown[]): UpsellHandlerOptions {
  return {
    // A short timeout so timeout faults resolve quickly; reads keep the SDK's retries.
    dodo: new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: dodoUrl, timeout: 1_500 }),
    authenticate,
    offers: GUIDE_OFFER_RULES,
    signingSecret: SIGNING_SECRET,
    store,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    allowedOrigins: [SHOP_ORIGIN],
    returnUrl: `${SHOP_ORIGIN}/thanks`,
    now: () => clock.now(),
    onError: (error) => reported.push(error),
  };
}

/** Starts a sandbox and a node server for one test file. */
export async function startHarness(): Promise<Harness> {
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  const reported: unknown[] = [];
  let listener = (_req: Parameters<ReturnType<typeof toNodeListener>>[0], res: Parameters<ReturnType<typeof toNodeListener>>[1]): void => {
    res.statusCode = 503;
    res.end();
  };
  const server: Server = createServer((req, res) => listener(req, res));
  server.keepAliveTimeout = 1_000;
  const listening = await listenOnLoopback(server);
  const serverUrl = listening.url;
  const sandbox = await createDodoSandbox({ port: 0, webhookUrl: `${serverUrl}/api/upsell/webhooks`, webhookSecret: SANDBOX_WEBHOOK_SECRET });

  const harness: Harness = {
    sandbox,
    serverUrl,
    handler: async () => new Response(null, { status: 503 }),
    store: createMemoryStore(),
    clock,
    reported,
    async reset(overrides = {}) {
      // Let webhooks of the previous test land before the state they refer to is gone.
      await sandbox.webhooks.flush();
      sandbox.reset();
      clock.offsetMs = 0;
      reported.length = 0;
      harness.store = createMemoryStore({ now: () => clock.now() });
      harness.handler = createUpsellHandler({ ...handlerOptions(sandbox.url, harness.store, clock, reported), ...overrides });
      listener = toNodeListener(harness.handler);
    },
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      const session = options.session === undefined ? 'alice' : options.session;
      if (session !== null) headers['x-session'] = session;
      let body: string | undefined;
      if (options.body !== undefined) {
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${serverUrl}/api/upsell${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : (JSON.parse(text) as unknown);
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    mutatingCalls: () => MUTATING_ROUTES.reduce((sum, route) => sum + sandbox.calls(route), 0),
    async close() {
      await sandbox.webhooks.flush().catch(() => undefined);
      await sandbox.close();
      await listening.close();
    },
  };
  await harness.reset();
  return harness;
}

/** Narrows an unknown JSON body to a record for assertions. */
export function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

/** The `error.code` of an error body. */
export function errorCode(body: unknown): unknown {
  return obj(obj(body)['error'])['code'];
}

/** Records ownership the way a verified webhook would (for tests that do not need the webhook itself). */
export async function grantOwnership(store: UpsellStore, customerId: string, productId: string, subscriptionId: string | null = null): Promise<void> {
  await store.recordOwnership({ customerId, productId, subscriptionId, source: 'test', at: new Date().toISOString() });
}

/** A deterministic PRNG (mulberry32), so generated requests are reproducible. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The customer's original purchase, made at Dodo directly (as the host's own checkout
 * would): a one-click checkout session. Its `payment.succeeded` webhook reaches the handler
 * unless auto-delivery is off. Returns the Dodo payment id.
 */
export async function buyAtDodo(h: Harness, customerId: string, productId: string, paymentMethodId = 'pm_visa_4242'): Promise<string> {
  const client = new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: h.sandbox.url });
  const session = await client.checkoutSessions.create(
    {
      product_cart: [{ product_id: productId, quantity: 1 }],
      customer: { customer_id: customerId },
      payment_method_id: paymentMethodId,
      confirm: true,
      return_url: `${SHOP_ORIGIN}/thanks`,
    },
    { maxRetries: 0 },
  );
  await h.sandbox.webhooks.flush();
  if (!session.payment_id) throw new Error('no payment');
  return session.payment_id;
}

/** The offers of a GET /offers answer. */
export function offersOf(body: unknown): Array<Record<string, unknown>> {
  return (obj(body)['offers'] as unknown[]).map(obj);
}

/** Requests to the sandbox that carried `confirm: true` or a saved method (charge attempts). */
export function chargeAttempts(h: Harness): number {
  return h.sandbox.callLog().filter((call) => {
    if (call.method !== 'POST') return false;
    const body = call.body as Record<string, unknown> | undefined;
    if (call.route === 'POST /checkouts') return body?.['confirm'] === true;
    if (call.route === 'POST /payments') return typeof body?.['payment_method_id'] === 'string';
    return call.route === 'POST /subscriptions/:id/change-plan';
  }).length;
}
