import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { apiRoutes } from './api-routes';
import { SandboxBilling } from './billing';
import { DEFAULT_SEED } from './default-seed';
import type { DodoSandbox, DodoSandboxOptions, SandboxCall, SandboxChargeFilter } from './dodo-sandbox';
import { SANDBOX_ERROR_CODES, SandboxHttpError } from './errors';
import { FaultRegistry } from './faults';
import { hostedPageRoutes, page } from './hosted-pages';
import { errorReply, escapeHtml, readRawBody, writeReply, type SandboxReply } from './http-io';
import { SandboxPlanChanges } from './plan-changes';
import type { SandboxPayment } from './records';
import { matchRoute, routeKey, type RouteDefinition } from './router';
import { SandboxStore } from './store';
import { SANDBOX_WEBHOOK_SECRET, WebhookOutbox, type DodoWebhookEvent, type SandboxWebhookEvent } from './webhook-outbox';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
}

function errorFor(audience: RouteDefinition['audience'], status: number, code: string, message: string): SandboxReply {
  if (audience === 'api') return errorReply(status, code, message);
  return { kind: 'html', status, body: page('Something went wrong', `<p role="alert">${escapeHtml(message)}</p>`) };
}

/**
 * Starts a local fake of the Dodo Payments REST API on `node:http`, for the real
 * `dodopayments` SDK: `new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: sandbox.url })`
 * (pass `baseURL` without `environment`: the SDK throws "Ambiguous URL" for both).
 */
export async function createDodoSandbox(options: DodoSandboxOptions = {}): Promise<DodoSandbox> {
  const now = options.now ?? (() => new Date());
  const host = options.host ?? '127.0.0.1';
  const webhookSecret = options.webhookSecret ?? SANDBOX_WEBHOOK_SECRET;
  const initialWebhookUrl = options.webhookUrl ?? null;
  const initialAutoDeliver = options.autoDeliverWebhooks ?? true;

  const store = new SandboxStore(options.seed ?? DEFAULT_SEED);
  let baseUrl = '';
  const billing = new SandboxBilling(store, now, () => baseUrl);
  const planChanges = new SandboxPlanChanges(billing);
  const routes = [...apiRoutes(billing, planChanges), ...hostedPageRoutes(billing)];
  const faults = new FaultRegistry();
  const outbox = new WebhookOutbox({ secret: webhookSecret, url: initialWebhookUrl, autoDeliver: initialAutoDeliver, now: options.webhookNow ?? (() => new Date()) });
  const counts = new Map<string, number>();
  let log: SandboxCall[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const requestUrl = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = requestUrl.pathname;
    const query = requestUrl.searchParams;
    let raw: string;
    try {
      raw = await readRawBody(req);
    } catch {
      res.destroy();
      return;
    }

    let matched: ReturnType<typeof matchRoute>;
    try {
      matched = matchRoute(routes, method, path);
    } catch {
      // A path segment with a malformed %-escape.
      writeReply(res, errorReply(400, SANDBOX_ERROR_CODES.invalidRequest, `Malformed path ${path}`));
      return;
    }
    const route = matched ? routeKey(matched.route) : `${method} <unmatched>`;
    const audience = matched?.route.audience ?? 'api';

    let body: unknown;
    let form = new URLSearchParams();
    let malformedJson = false;
    if (raw !== '') {
      if (audience === 'browser') {
        form = new URLSearchParams(raw);
        body = Object.fromEntries(form);
      } else {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
          malformedJson = true;
        }
      }
    }
    // Every request counts, faulted or not.
    counts.set(route, (counts.get(route) ?? 0) + 1);
    log.push({ method, route, path, query: Object.fromEntries(query), body, at: now().getTime() });

    const fault = faults.take(route);
    if (fault?.kind === 'timeout') return; // Never answer; close() drops the socket.
    if (fault?.kind === 'status') {
      writeReply(res, errorFor(audience, fault.status, SANDBOX_ERROR_CODES.sandboxFault, `Injected fault: HTTP ${fault.status} on ${route}`));
      return;
    }
    if (fault?.kind === 'latency') await sleep(fault.ms);

    // Browsers ask every hosted page's origin for an icon; a 401 there reads as a console error.
    if (method === 'GET' && path === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    if (audience === 'api') {
      const token = bearerToken(req);
      if (token === '' || (options.apiKey !== undefined && token !== options.apiKey)) {
        writeReply(res, errorReply(401, SANDBOX_ERROR_CODES.unauthorized, 'Missing or invalid bearer token'));
        return;
      }
    }
    if (!matched) {
      writeReply(res, errorReply(404, SANDBOX_ERROR_CODES.notFound, `No route for ${method} ${path}`));
      return;
    }
    if (malformedJson) {
      writeReply(res, errorReply(400, SANDBOX_ERROR_CODES.invalidJson, 'The request body is not valid JSON'));
      return;
    }

    const { params } = matched;
    const events: SandboxWebhookEvent[] = [];
    let reply: SandboxReply;
    try {
      reply = matched.route.handle({
        param: (name) => {
          const value = params.get(name);
          if (value === undefined) throw new Error(`Route ${route} has no parameter ${name}`);
          return value;
        },
        query,
        body,
        form,
        events,
      });
    } catch (error) {
      reply =
        error instanceof SandboxHttpError
          ? errorFor(audience, error.status, error.code, error.message)
          : errorFor(audience, 500, 'INTERNAL_SERVER_ERROR', error instanceof Error ? error.message : String(error));
    }

    if (fault?.kind === 'drop_after_commit') {
      // The operation is committed (a charge exists); the caller just never hears about it.
      req.socket.destroy();
    } else {
      writeReply(res, reply);
    }
    // After the response is handed to the socket, so a delivery can never hold it up.
    outbox.publish(events);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The sandbox server has no TCP address');
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  const copy = (payment: SandboxPayment): SandboxPayment => structuredClone(payment);

  return {
    url: baseUrl,
    webhookSecret,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Held (timeout-faulted) and keep-alive sockets would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
    reset: () => {
      store.reset();
      counts.clear();
      log = [];
      faults.clear();
      outbox.reset();
      outbox.setUrl(initialWebhookUrl);
      outbox.setAutoDeliver(initialAutoDeliver);
    },
    calls: (route) => (route === undefined ? log.length : (counts.get(route) ?? 0)),
    callLog: () => log.map((call) => ({ ...call, query: { ...call.query } })),
    charges: (filter: SandboxChargeFilter = {}) =>
      [...store.payments.values()]
        .filter(
          (p) =>
            p.status === 'succeeded' &&
            (filter.customerId === undefined || p.customer.customer_id === filter.customerId) &&
            (filter.productId === undefined || (p.product_cart ?? []).some((line) => line.product_id === filter.productId)),
        )
        .map(copy),
    payments: () => [...store.payments.values()].map(copy),
    faults: {
      inject: (fault) => faults.inject(fault),
      clear: () => faults.clear(),
    },
    webhooks: {
      setUrl: (url) => outbox.setUrl(url),
      sent: () => outbox.sent(),
      pending: () => outbox.pending(),
      deliverPending: (opts) => outbox.deliverPending(opts),
      send: (type, data, sendOptions = {}) => {
        const timestamp = sendOptions.timestamp ?? now();
        // The SDK's event union cannot be rebuilt from a generic `type` and `data` without a cast.
        const event = {
          business_id: sendOptions.businessId ?? store.businessId,
          type,
          timestamp: typeof timestamp === 'string' ? timestamp : timestamp.toISOString(),
          data: structuredClone(data),
        } as DodoWebhookEvent;
        return outbox.enqueue(event, sendOptions.id);
      },
      redeliver: (webhookId) => outbox.redeliver(webhookId),
      setAutoDeliver: (on) => outbox.setAutoDeliver(on),
      flush: () => outbox.flush(),
    },
    completeAction: (paymentId, outcome = 'succeeded') => {
      const events: SandboxWebhookEvent[] = [];
      billing.completeAction(paymentId, outcome, events);
      outbox.publish(events);
    },
    setSubscriptionPendingChange: (subscriptionId, pending) => {
      store.subscription(subscriptionId).pending_change = pending;
    },
    setProductPrice: (productId, minor) => {
      if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`Price must be a non-negative integer of minor units, got ${minor}`);
      const product = store.product(productId);
      product.price = minor;
      product.updated_at = now().toISOString();
    },
    state: store,
  };
}
