/**
 * The upsell-kit demo shop: one Node server on one port that
 * - starts the Dodo sandbox in-process (or, with `DODO_PAYMENTS_API_KEY`, talks to Dodo's test mode),
 * - mounts the kit's `createUpsellHandler` at `/api/upsell`, with identity from a signed session cookie,
 * - serves the shop's own API at `/demo/api` (sign-in, products, normal checkout, orders),
 * - serves the React client: built by Vite (`npm start`) or through Vite's dev middleware (`npm run dev`).
 *
 * `npm start` → `tsx examples/demo/server.ts`; `npm run dev` → the same with `--dev`.
 * Tests call {@link startDemo} in-process.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import DodoPayments from 'dodopayments';
import { createDodoSandbox } from '../../src/sandbox/index';
import type { DodoSandbox } from '../../src/sandbox/index';
import { createStoreFromEnv, createUpsellHandler, toNodeListener } from '../../src/server/index';
import type { NodeListener, OfferRulesConfig, SqlUpsellStore } from '../../src/server/index';
import { serveBuiltClient, serveDevClient } from './server/client-assets';
import type { ClientAssets } from './server/client-assets';
import { CROSS_SELL_PRODUCT_IDS, DEMO_OFFER_RULES, productMapFromEnv, remapOfferRules, SANDBOX_CUSTOMER_IDS, SHOP_PRODUCT_IDS } from './server/demo-config';
import { BASE_HEADERS, sendError } from './server/http-utils';
import { openBrowser } from './server/open-browser';
import { createSessionCodec } from './server/session';
import { createShopApi } from './server/shop-api';
import type { DemoCustomer } from './server/shop-api';

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** Port to listen on; 0 picks a free one, any other is tried first and then the next free ones. @default PORT or 5173 */
  port?: number;
  /** Interface to listen on. @default HOST or '127.0.0.1' */
  host?: string;
  /** Folder of the embedded PGlite database (kit data: purchases, declines, idempotency keys). @default '.data/demo' */
  dataDir?: string;
  /** PostgreSQL instead of PGlite; null forces PGlite. @default DATABASE_URL */
  databaseUrl?: string | null;
  /** Open the desktop's browser (never in CI or without a desktop). @default true */
  open?: boolean;
  /** Print nothing but errors. @default false */
  quiet?: boolean;
  /** Vite in middleware mode with hot reload instead of a production build. @default false */
  dev?: boolean;
  /** The in-process sandbox, or Dodo's test mode (`DODO_PAYMENTS_API_KEY`). @default 'dodo' when the key is set, else 'sandbox' */
  backend?: 'sandbox' | 'dodo';
  /** Key of the session cookie and of offer tokens. @default SESSION_SECRET, else random per start */
  sessionSecret?: string;
}

/** A running demo. */
export interface DemoServer {
  /** Where the shop is, e.g. `http://localhost:5173`. */
  readonly url: string;
  /** The in-process Dodo sandbox (null against real Dodo). */
  readonly sandbox: DodoSandbox | null;
  /** Back to the sandbox's seed with empty kit data (sandbox and PGlite only). */
  reset(): Promise<void>;
  /** Stops the server, the sandbox, Vite and the store. */
  close(): Promise<void>;
}

const DEFAULT_PORT = 5173;
const PORT_ATTEMPTS = 20;

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('The demo server has no TCP address'));
      else resolve(address.port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Listens on `port`, or the next free one when it is taken (0: any free port). */
async function listenNearby(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await listen(server, port === 0 ? 0 : port + attempt, host);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (port === 0 || code !== 'EADDRINUSE' || attempt + 1 >= PORT_ATTEMPTS) throw error;
    }
  }
}

function envPort(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`PORT must be 0..65535, got ${raw}`);
  return port;
}

function derive(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(purpose).digest('hex');
}

/** Starts the demo shop; resolves once it answers on `url`. */
export async function startDemo(options: StartDemoOptions = {}): Promise<DemoServer> {
  const started = performance.now();
  const quiet = options.quiet ?? false;
  const log = (line: string): void => {
    if (!quiet) console.log(line);
  };
  const backend = options.backend ?? (process.env.DODO_PAYMENTS_API_KEY ? 'dodo' : 'sandbox');
  const dataDir = path.resolve(options.dataDir ?? path.join('.data', 'demo'));
  const databaseUrl = (options.databaseUrl === undefined ? process.env.DATABASE_URL : options.databaseUrl) || null;
  const secret = options.sessionSecret ?? process.env.SESSION_SECRET ?? randomBytes(32).toString('hex');
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';

  // Requests are dispatched to whatever is current; until the handler exists they get 503.
  let kitListener: NodeListener | null = null;
  let shopApi: ((req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>) | null = null;
  let client: ClientAssets | null = null;
  const server = createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://demo.invalid');
    } catch {
      res.writeHead(400, BASE_HEADERS);
      res.end();
      return;
    }
    if (url.pathname === '/api/upsell' || url.pathname.startsWith('/api/upsell/')) {
      if (kitListener) kitListener(req, res);
      else sendError(res, 503, 'starting', 'The demo is starting.');
    } else if (url.pathname.startsWith('/demo/api/')) {
      if (shopApi) void shopApi(req, res, url);
      else sendError(res, 503, 'starting', 'The demo is starting.');
    } else if (client) {
      client.serve(req, res);
    } else {
      res.writeHead(503, { ...BASE_HEADERS, 'retry-after': '1' });
      res.end('The demo is starting.');
    }
  });
  server.keepAliveTimeout = 5_000;

  // The slow parts (a Vite build, opening the database) run side by side.
  const openStore = (): Promise<SqlUpsellStore> => createStoreFromEnv({ databaseUrl, dataDir });
  let sandbox: DodoSandbox | null = null;
  const [opened, served] = await Promise.allSettled([openStore(), options.dev ? serveDevClient(server, { quiet }) : serveBuiltClient({ quiet })]);
  if (opened.status === 'rejected' || served.status === 'rejected') {
    await Promise.allSettled([opened.status === 'fulfilled' && opened.value.close(), served.status === 'fulfilled' && served.value.close()]);
    throw opened.status === 'rejected' ? opened.reason : (served as PromiseRejectedResult).reason;
  }
  let store: SqlUpsellStore = opened.value;
  client = served.value;

  let port: number;
  try {
    port = await listenNearby(server, options.port ?? envPort(), host);
  } catch (error) {
    await Promise.allSettled([client.close(), store.close()]);
    throw error;
  }
  const loopback = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const internalUrl = `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`;
  const url = (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  // Where a browser may be on this shop: its public URL, and the loopback names of this port.
  const allowedOrigins = [...new Set([new URL(url).origin, `http://localhost:${port}`, `http://127.0.0.1:${port}`])];

  let dodo: DodoPayments;
  let webhookSecret: string | undefined;
  let offers: OfferRulesConfig = DEMO_OFFER_RULES;
  let shopProductIds: string[] = [...SHOP_PRODUCT_IDS];
  let crossSellProductIds: string[] = [...CROSS_SELL_PRODUCT_IDS];
  const customers = new Map<string, DemoCustomer>();
  try {
    if (backend === 'sandbox') {
      sandbox = await createDodoSandbox({ port: 0, webhookUrl: `${internalUrl}/api/upsell/webhooks` });
      dodo = new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: sandbox.url });
      webhookSecret = sandbox.webhookSecret;
      for (const id of SANDBOX_CUSTOMER_IDS) {
        const customer = sandbox.state.customers.get(id);
        if (customer) customers.set(id, { id, name: customer.name, email: customer.email });
      }
    } else {
      const apiKey = process.env.DODO_PAYMENTS_API_KEY;
      if (!apiKey) throw new Error('backend "dodo" needs DODO_PAYMENTS_API_KEY');
      dodo = new DodoPayments({ bearerToken: apiKey, environment: 'test_mode' });
      webhookSecret = process.env.DODO_PAYMENTS_WEBHOOK_KEY || undefined;
      const map = productMapFromEnv(process.env.DEMO_PRODUCT_MAP);
      offers = remapOfferRules(DEMO_OFFER_RULES, map);
      shopProductIds = shopProductIds.map((id) => map[id] ?? id);
      crossSellProductIds = crossSellProductIds.map((id) => map[id] ?? id);
      const ids = (process.env.DEMO_CUSTOMER_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean);
      if (ids.length === 0) throw new Error('With DODO_PAYMENTS_API_KEY, set DEMO_CUSTOMER_IDS to the test-mode customers who may sign in (comma-separated).');
      for (const id of ids) {
        const customer = await dodo.customers.retrieve(id);
        customers.set(id, { id, name: customer.name, email: customer.email });
      }
    }
  } catch (error) {
    await Promise.allSettled([sandbox?.close(), client.close(), store.close()]);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }

  const sessions = createSessionCodec(options.sessionSecret ?? process.env.SESSION_SECRET, (id) => customers.has(id), { secure: url.startsWith('https:') });
  const signingSecret = derive(secret, 'upsell-kit-demo offer tokens');

  const mountHandler = (): void => {
    const handler = createUpsellHandler({
      dodo,
      authenticate: (request) => sessions.customerFrom(request.headers.get('cookie')),
      offers,
      signingSecret,
      store,
      webhookSecret,
      // After a fallback checkout or the bank's 3-D Secure page, Dodo sends the customer here.
      returnUrl: `${url}/thank-you?from=offer`,
      allowedOrigins,
      // The Insights page is the shop owner's view; a real shop would allow admins only.
      canViewAllStats: () => true,
      onError: (error, context) => console.error(`upsell-kit demo: ${context.route} failed`, error),
    });
    kitListener = toNodeListener(handler);
  };
  mountHandler();

  const canReset = sandbox !== null && databaseUrl === null;
  let resetting: Promise<void> | null = null;
  const reset = (): Promise<void> => {
    const box = sandbox;
    if (!box || !canReset) return Promise.reject(new Error('Only the sandbox with PGlite can be reset'));
    // Two clicks on "Reset" share one reset.
    resetting ??= (async () => {
      await box.webhooks.flush();
      box.reset();
      kitListener = null;
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
      store = await openStore();
      mountHandler();
    })().finally(() => {
      resetting = null;
    });
    return resetting;
  };

  shopApi = createShopApi({
    dodo,
    sessions,
    customers,
    shopProductIds,
    crossSellProductIds,
    publicUrl: url,
    allowedOrigins,
    backend,
    reset: canReset ? reset : null,
    async subscriptionIdsOf(customerId) {
      const ids = new Set<string>();
      if (sandbox) for (const subscription of sandbox.state.subscriptions.values()) if (subscription.customer_id === customerId) ids.add(subscription.subscription_id);
      for (const owned of await store.listOwnership(customerId)) if (owned.subscriptionId) ids.add(owned.subscriptionId);
      return [...ids];
    },
  });

  log(`upsell-kit demo: ${url}`);
  log(`  Dodo:   ${sandbox ? `local sandbox at ${sandbox.url} (no API key needed)` : 'Dodo Payments test mode'}`);
  log(`  Store:  ${store.description}`);
  log(`  Client: ${client.summary}`);
  log(`  Ready in ${((performance.now() - started) / 1000).toFixed(1)} s. Press Ctrl+C to stop.`);
  if (options.open ?? true) void openBrowser(url);

  let closing: Promise<void> | null = null;
  return {
    url,
    sandbox,
    reset,
    close() {
      closing ??= (async () => {
        await sandbox?.webhooks.flush().catch(() => undefined);
        server.closeAllConnections();
        await Promise.allSettled([
          new Promise<void>((resolve) => server.close(() => resolve())),
          sandbox?.close(),
          client?.close(),
        ]);
        await store.close();
      })();
      return closing;
    },
  };
}

/** `tsx examples/demo/server.ts [--dev] [--no-open]` */
async function main(argv: readonly string[]): Promise<void> {
  const demo = await startDemo({ dev: argv.includes('--dev'), open: !argv.includes('--no-open') });
  const stop = (): void => {
    void demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`upsell-kit demo failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
