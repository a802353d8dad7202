/**
 * Handler overhead: the kit's `GET /offers` and `POST /purchases` against bare Express routes
 * that make the same SDK call (`customers.retrievePaymentMethods`, `checkoutSessions.create`
 * with a saved method and `confirm: true`) through the same `DodoPayments` client shape to
 * the same in-process sandbox, all served by one Express app in this process.
 *
 * Latency: one client, one request at a time, routes interleaved in blocks (after a warm-up
 * of every route), block order rotated each round so no route always follows another.
 * Throughput: 50 concurrent clients per route, in four passes with the route order reversed
 * every other pass (each route's figure is its requests over its own summed wall time).
 *
 * Every kit purchase uses a fresh offer token (fetched before timing, one customer per two
 * offers: Starter → Bundle and Single → Team, both one-click checkout sessions) and a fresh
 * idempotency key. Two kit purchase variants run:
 * - `settled`: the defaults. The answer is final: it waits for Dodo's `payment.succeeded`
 *   webhook (sandbox → handler, a second HTTP hop inside the timed request), which saves
 *   the browser a poll and Dodo a `payments.retrieve`.
 * - `answer at once` (`settleWaitMs: 0`): answers `processing` right after the charge call,
 *   as the bare route does; the like-for-like figure for the overhead goal.
 * Webhooks flow in every purchase block, as they do in production: during kit blocks to the
 * kit's `/webhooks`, during bare blocks to a bare Express receiver that verifies the signature
 * with the SDK's `webhooks.unwrap` and answers 200 (what any integration must at least do). So
 * both sides pay for the sandbox sending webhooks in this process; the kit also pays for
 * settling purchases and recording ownership from them.
 */
import { randomUUID } from 'node:crypto';
import DodoPayments from 'dodopayments';
import express from 'express';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { createDodoSandbox, SANDBOX_WEBHOOK_SECRET, PM_VISA_4242, PROD_COMPLETE_BUNDLE, PROD_SINGLE_LICENSE, PROD_STARTER_COURSE } from '../src/sandbox/index';
import { createMemoryStore, GUIDE_OFFER_RULES, toNodeListener } from '../src/server/index';
import { benchCustomerId, createBenchSeed } from './lib/bench-seed';
import { createHttpClient } from './lib/http-client';
import type { HttpAnswer, HttpClient } from './lib/http-client';
import { createKitHandler, serve, SESSION_HEADER, SHOP_ORIGIN } from './lib/kit-stack';
import { round, summarize } from './lib/stats';
import type { LatencySummary } from './lib/stats';

/** Options of {@link runHandlerOverhead}. */
export interface OverheadOptions {
  /** Timed requests per route. @default 2000 */
  n?: number;
  /** Untimed requests per route first. @default 200 */
  warmup?: number;
  /** Requests per interleaved block (small, so bursts of noise from other processes spread over every route). @default 10 */
  block?: number;
  /** Concurrent clients for throughput. @default 50 */
  concurrency?: number;
  /** Requests per route for throughput. @default 600 */
  throughputN?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Figures of one route. */
export interface RouteFigures {
  route: string;
  latency: LatencySummary;
  /** Requests per second with `concurrency` clients. */
  throughput: number;
  /** p50 / p99 under that load, ms. */
  loadedP50: number;
  loadedP99: number;
}

/** Results of this benchmark. */
export interface OverheadResult {
  n: number;
  warmup: number;
  concurrency: number;
  throughputN: number;
  routes: Record<RouteId, RouteFigures>;
  /** Kit vs bare, per comparison. */
  comparisons: Array<{ kit: RouteId; bare: RouteId; p50Ratio: number; p99AddedMs: number; p50AddedMs: number; throughputRatio: number }>;
  elapsedMs: number;
}

type RouteId = 'bare_payment_methods' | 'kit_offers' | 'bare_purchase' | 'kit_purchase_settled' | 'kit_purchase_at_once';

const ROUTE_LABELS: Record<RouteId, string> = {
  bare_payment_methods: 'bare Express: retrievePaymentMethods',
  kit_offers: 'kit GET /offers',
  bare_purchase: 'bare Express: checkoutSessions.create',
  kit_purchase_at_once: 'kit POST /purchases (answer at once)',
  kit_purchase_settled: 'kit POST /purchases (settled by webhook, default)',
};

/** Runs the benchmark. */
export async function runHandlerOverhead(options: OverheadOptions = {}): Promise<OverheadResult> {
  const started = Date.now();
  const n = options.n ?? 2000;
  const warmup = options.warmup ?? 200;
  const block = options.block ?? 10;
  const concurrency = options.concurrency ?? 50;
  const throughputN = options.throughputN ?? 600;
  const log = options.log ?? (() => undefined);

  // Each kit purchase needs its own (customer, offer); every customer has two offers.
  const purchasesPerVariant = n + warmup + throughputN;
  const buyerCount = purchasesPerVariant;
  const seed = createBenchSeed({ offers: 50, buyer: buyerCount, bare: 50 });
  const sandbox = await createDodoSandbox({ port: 0, seed });
  const store = createMemoryStore();
  const offerTtlMs = 60 * 60_000;
  const settled = createKitHandler(sandbox, { offers: GUIDE_OFFER_RULES, store, offerTtlMs });
  const atOnce = createKitHandler(sandbox, { offers: GUIDE_OFFER_RULES, store, offerTtlMs, basePath: '/api/upsell-at-once', settleWaitMs: 0 });
  const dodo = new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: sandbox.url });

  const app = express();
  app.disable('x-powered-by');
  app.use('/api/upsell', toNodeListener(settled));
  app.use('/api/upsell-at-once', toNodeListener(atOnce));
  const customerOf = (req: ExpressRequest): string | null => {
    const id = req.get(SESSION_HEADER);
    return id !== undefined && id.startsWith('cus_') ? id : null;
  };
  app.get('/bare/payment-methods', async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const customerId = customerOf(req);
      if (!customerId) {
        res.status(401).json({ error: 'unauthenticated' });
        return;
      }
      res.json(await dodo.customers.retrievePaymentMethods(customerId));
    } catch (error) {
      next(error);
    }
  });
  app.post('/bare/purchases', express.json({ limit: '16kb' }), async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const customerId = customerOf(req);
      if (!customerId) {
        res.status(401).json({ error: 'unauthenticated' });
        return;
      }
      const body = req.body as { productId?: string; paymentMethodId?: string };
      const session = await dodo.checkoutSessions.create(
        {
          product_cart: [{ product_id: body.productId ?? PROD_COMPLETE_BUNDLE, quantity: 1 }],
          customer: { customer_id: customerId },
          payment_method_id: body.paymentMethodId ?? PM_VISA_4242,
          confirm: true,
          return_url: `${SHOP_ORIGIN}/thanks`,
          feature_flags: { redirect_immediately: true },
          metadata: { upsell_offer_id: 'starter_to_bundle' },
        },
        { maxRetries: 0 },
      );
      res.json(session);
    } catch (error) {
      next(error);
    }
  });
  let bareWebhooks = 0;
  app.post('/bare/webhooks', express.raw({ type: 'application/json', limit: '256kb' }), (req: ExpressRequest, res: ExpressResponse) => {
    const headers: Record<string, string> = {};
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) headers[name] = req.get(name) ?? '';
    try {
      dodo.webhooks.unwrap((req.body as Buffer).toString('utf8'), { headers, key: SANDBOX_WEBHOOK_SECRET });
      bareWebhooks += 1;
      res.json({ received: true });
    } catch {
      res.status(401).json({ error: 'invalid signature' });
    }
  });
  const server = await serve(app);
  const webhookUrl = `${server.url}/api/upsell/webhooks`;
  const bareWebhookUrl = `${server.url}/bare/webhooks`;
  sandbox.webhooks.setUrl(webhookUrl);

  const sequential = createHttpClient(server.url, 1);
  const loaded = createHttpClient(server.url, concurrency);
  try {
    // Ownership as the verified webhooks of the original purchases would record it.
    const at = new Date().toISOString();
    for (let i = 0; i < 50; i += 1) {
      await store.recordOwnership({ customerId: benchCustomerId('offers', i), productId: PROD_STARTER_COURSE, subscriptionId: null, source: 'bench', at });
    }
    for (let i = 0; i < buyerCount; i += 1) {
      for (const productId of [PROD_STARTER_COURSE, PROD_SINGLE_LICENSE]) {
        await store.recordOwnership({ customerId: benchCustomerId('buyer', i), productId, subscriptionId: null, source: 'bench', at });
      }
    }

    // Offer tokens, fetched before any timing.
    log(`  preparing ${buyerCount * 2} offer tokens…`);
    const tokens: Array<{ customerId: string; body: string }> = [];
    let nextBuyer = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (nextBuyer < buyerCount) {
          const customerId = benchCustomerId('buyer', nextBuyer++);
          const answer = await loaded.send('GET', '/api/upsell/offers?placement=post_purchase', { [SESSION_HEADER]: customerId });
          const offers = (JSON.parse(answer.body) as { offers?: Array<{ id: string; token: string }> }).offers ?? [];
          for (const id of ['starter_to_bundle', 'single_to_team']) {
            const offer = offers.find((candidate) => candidate.id === id);
            if (!offer) throw new Error(`no ${id} offer for ${customerId}: ${answer.body}`);
            tokens.push({ customerId, body: JSON.stringify({ offerToken: offer.token, idempotencyKey: randomUUID() }) });
          }
        }
      }),
    );
    const tokenPools: Record<'kit_purchase_settled' | 'kit_purchase_at_once', typeof tokens> = {
      kit_purchase_settled: tokens.slice(0, Math.floor(tokens.length / 2)),
      kit_purchase_at_once: tokens.slice(Math.floor(tokens.length / 2)),
    };
    let counter = 0;
    const next = (): number => counter++;

    const post = { origin: SHOP_ORIGIN };
    const fire: Record<RouteId, (client: HttpClient) => Promise<HttpAnswer>> = {
      bare_payment_methods: (client) => client.send('GET', '/bare/payment-methods', { [SESSION_HEADER]: benchCustomerId('offers', next() % 50) }),
      kit_offers: (client) => client.send('GET', '/api/upsell/offers?placement=post_purchase', { [SESSION_HEADER]: benchCustomerId('offers', next() % 50) }),
      bare_purchase: (client) =>
        client.send('POST', '/bare/purchases', { ...post, [SESSION_HEADER]: benchCustomerId('bare', next() % 50) }, JSON.stringify({ productId: PROD_COMPLETE_BUNDLE, paymentMethodId: PM_VISA_4242 })),
      kit_purchase_settled: (client) => {
        const token = tokenPools.kit_purchase_settled.pop();
        if (!token) throw new Error('out of offer tokens');
        return client.send('POST', '/api/upsell/purchases', { ...post, [SESSION_HEADER]: token.customerId }, token.body);
      },
      kit_purchase_at_once: (client) => {
        const token = tokenPools.kit_purchase_at_once.pop();
        if (!token) throw new Error('out of offer tokens');
        return client.send('POST', '/api/upsell-at-once/purchases', { ...post, [SESSION_HEADER]: token.customerId }, token.body);
      },
    };
    const expect = (route: RouteId, answer: HttpAnswer): void => {
      if (answer.status !== 200) throw new Error(`${route} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      if (route === 'kit_purchase_settled' && !answer.body.includes('"status":"succeeded"')) throw new Error(`${route} did not settle: ${answer.body.slice(0, 300)}`);
    };
    /** Webhooks go to the kit, or to the bare receiver while the bare purchase route runs. */
    const enter = async (route: RouteId): Promise<void> => {
      await sandbox.webhooks.flush();
      sandbox.webhooks.setUrl(route === 'bare_purchase' ? bareWebhookUrl : webhookUrl);
    };

    const routes: RouteId[] = ['bare_payment_methods', 'kit_offers', 'bare_purchase', 'kit_purchase_at_once', 'kit_purchase_settled'];
    const samples: Record<RouteId, number[]> = { bare_payment_methods: [], kit_offers: [], bare_purchase: [], kit_purchase_at_once: [], kit_purchase_settled: [] };

    const runBlock = async (route: RouteId, count: number, record: boolean): Promise<void> => {
      await enter(route);
      for (let i = 0; i < count; i += 1) {
        const answer = await fire[route](sequential);
        expect(route, answer);
        if (record) samples[route].push(answer.ms);
      }
    };

    const phase = (): string => `${((Date.now() - started) / 1000).toFixed(0)} s`;
    log(`  [${phase()}] warm-up: ${warmup} requests per route`);
    for (let done = 0; done < warmup; done += block) for (const route of routes) await runBlock(route, Math.min(block, warmup - done), false);

    log(`  [${phase()}] latency: ${n} requests per route, interleaved in blocks of ${block}`);
    const rounds = Math.ceil(n / block);
    for (let r = 0; r < rounds; r += 1) {
      const order = routes.map((_, index) => routes[(index + r) % routes.length] as RouteId);
      for (const route of order) await runBlock(route, Math.min(block, n - r * block), true);
    }

    log(`  [${phase()}] throughput: ${throughputN} requests per route, ${concurrency} concurrent clients`);
    const loadedSamples: Record<RouteId, number[]> = { bare_payment_methods: [], kit_offers: [], bare_purchase: [], kit_purchase_at_once: [], kit_purchase_settled: [] };
    const loadedMs: Record<RouteId, number> = { bare_payment_methods: 0, kit_offers: 0, bare_purchase: 0, kit_purchase_at_once: 0, kit_purchase_settled: 0 };
    const passes = 4;
    for (let pass = 0; pass < passes; pass += 1) {
      const order = pass % 2 === 0 ? routes : [...routes].reverse();
      for (const route of order) {
        const count = Math.floor(throughputN / passes) + (pass < throughputN % passes ? 1 : 0);
        await enter(route);
        let remaining = count;
        const t0 = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (remaining > 0) {
              remaining -= 1;
              const answer = await fire[route](loaded);
              expect(route, answer);
              loadedSamples[route].push(answer.ms);
            }
          }),
        );
        loadedMs[route] += Number(process.hrtime.bigint() - t0) / 1e6;
      }
    }
    await sandbox.webhooks.flush();
    if (bareWebhooks === 0) throw new Error('the bare webhook receiver verified no webhook');

    const figures = {} as Record<RouteId, RouteFigures>;
    for (const route of routes) {
      const loadedSummary = summarize(loadedSamples[route]);
      figures[route] = {
        route: ROUTE_LABELS[route],
        latency: roundSummary(summarize(samples[route])),
        throughput: round(throughputN / (loadedMs[route] / 1000), 0),
        loadedP50: round(loadedSummary.p50),
        loadedP99: round(loadedSummary.p99),
      };
    }
    const compare = (kit: RouteId, bare: RouteId) => ({
      kit,
      bare,
      p50Ratio: round(figures[kit].latency.p50 / figures[bare].latency.p50),
      p50AddedMs: round(figures[kit].latency.p50 - figures[bare].latency.p50, 3),
      p99AddedMs: round(figures[kit].latency.p99 - figures[bare].latency.p99, 3),
      throughputRatio: round(figures[kit].throughput / figures[bare].throughput),
    });
    return {
      n,
      warmup,
      concurrency,
      throughputN,
      routes: figures,
      comparisons: [
        compare('kit_offers', 'bare_payment_methods'),
        compare('kit_purchase_at_once', 'bare_purchase'),
        compare('kit_purchase_settled', 'bare_purchase'),
      ],
      elapsedMs: Date.now() - started,
    };
  } finally {
    sequential.close();
    loaded.close();
    await sandbox.webhooks.flush().catch(() => undefined);
    await server.close();
    await sandbox.close();
  }
}

function roundSummary(summary: LatencySummary): LatencySummary {
  return { n: summary.n, p50: round(summary.p50, 3), p90: round(summary.p90, 3), p99: round(summary.p99, 3), mean: round(summary.mean, 3) };
}
