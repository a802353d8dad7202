/**
 * A database that cannot be reached: mutating routes answer 503 `unavailable` and make no
 * Dodo call at all (never charge what cannot be recorded); reads answer the same clear error
 * rather than guess (no offers shown without the customer's declines). And when the database
 * drops between the charge and its record, the retry still never charges twice.
 */
import { Webhook } from 'standardwebhooks';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/sandbox/index';
import { createMemoryStore, createPostgresStore, isStoreUnavailableError, PostgresStore, StoreUnavailableError } from '../../src/server/index';
import { isConnectionFailure } from '../../src/server/stores/index';
import { errorCode, grantOwnership, obj, offersOf } from '../server/harness';
import type { ApiResponse } from '../server/harness';
import { findPostgresBinDir, freePort, startPostgresCluster } from '../support/postgres/cluster';
import { connectionRefused, createTestPool, freshSchema, postgresUrl, switchableClient } from '../support/postgres/databases';
import { startDeployment } from './instances';
import type { Deployment, Instance } from './instances';

const url = postgresUrl();
const UNAVAILABLE_MESSAGE = 'We cannot reach our records right now. Please try again in a moment.';

let d: Deployment;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  d = await startDeployment();
});
afterAll(async () => {
  await d?.close();
  await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
});
beforeEach(async () => {
  await d.reset();
});

function expectUnavailable(response: ApiResponse): void {
  if (response.status !== 503) console.log(JSON.stringify(response.body));
  expect(response.status).toBe(503);
  expect(obj(response.body)['error']).toEqual({ code: 'unavailable', message: UNAVAILABLE_MESSAGE, retryable: true });
  expect(response.headers.get('retry-after')).toBe('5');
}

async function offerToken(instance: Instance, offerId = 'starter_to_bundle'): Promise<string> {
  const offer = offersOf((await instance.call('GET', '/offers?placement=post_purchase')).body).find((item) => item['id'] === offerId);
  if (!offer) throw new Error(`${offerId} not offered`);
  return String(offer['token']);
}

async function quoteToken(instance: Instance): Promise<string> {
  const preview = await instance.call('POST', '/plan-changes/preview', {
    body: { subscriptionId: 'sub_alice_basic', productId: 'prod_pro_monthly', quantity: 1, prorationMode: 'difference_immediately' },
  });
  expect(preview.status).toBe(200);
  return String(obj(preview.body)['quoteToken']);
}

/** A `payment.succeeded` webhook signed like Dodo's. */
function signedWebhook(): { body: string; headers: Record<string, string> } {
  const id = `msg_${Date.now()}`;
  const at = new Date();
  const body = JSON.stringify({
    business_id: 'bus_test',
    type: 'payment.succeeded',
    timestamp: at.toISOString(),
    data: { payment_id: 'pay_webhook_1', customer: { customer_id: 'cus_alice' }, total_amount: 14900, currency: 'USD', product_cart: [{ product_id: 'prod_starter_course', quantity: 1 }] },
  });
  const signature = new Webhook(SANDBOX_WEBHOOK_SECRET).sign(id, at, body);
  return { body, headers: { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature, 'content-type': 'application/json' } };
}

describe('a database that refuses connections', () => {
  /** Tokens come from a healthy instance (same signing secret); the instance under test has a pool pointed at a closed port. */
  async function brokenAndHealthy(): Promise<{ broken: Instance; healthy: Instance }> {
    const healthyStore = createMemoryStore();
    const healthy = await d.start('healthy', healthyStore);
    await grantOwnership(healthyStore, 'cus_alice', 'prod_starter_course');
    const pool = createTestPool(`postgres://postgres@127.0.0.1:${await freePort()}/postgres`, 2);
    pools.push(pool);
    const broken = await d.start('broken', new PostgresStore({ client: pool }));
    return { broken, healthy };
  }

  it('answers every mutating route 503 unavailable without a single Dodo call', async () => {
    const { broken, healthy } = await brokenAndHealthy();
    const offer = await offerToken(healthy);
    const quote = await quoteToken(healthy);
    const before = d.sandbox.calls();

    expectUnavailable(await broken.call('POST', '/purchases', { body: { offerToken: offer, idempotencyKey: 'k-offline-1' } }));
    expectUnavailable(await broken.call('POST', '/plan-changes', { body: { quoteToken: quote, idempotencyKey: 'k-offline-2' } }));
    expectUnavailable(await broken.call('POST', '/events', { body: { offerId: 'starter_to_bundle', event: 'declined' } }));
    const webhook = signedWebhook();
    // Dodo redelivers a webhook that was not acknowledged with a 2xx.
    expectUnavailable(await broken.call('POST', '/webhooks', { session: null, body: webhook.body, headers: webhook.headers }));

    expect(d.sandbox.calls() - before).toBe(0);
    expect(d.sandbox.charges()).toHaveLength(0);
    expect(broken.reported.length).toBeGreaterThanOrEqual(4);
    expect(broken.reported.every((error) => isStoreUnavailableError(error))).toBe(true);
    expect((broken.reported[0] as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers reads that need the store with the same clear, retryable error; reads that do not still work', async () => {
    const { broken } = await brokenAndHealthy();
    expectUnavailable(await broken.call('GET', '/offers?placement=post_purchase'));
    expectUnavailable(await broken.call('GET', '/purchases/pur_123'));
    expectUnavailable(await broken.call('GET', '/stats'));
    const methods = await broken.call('GET', '/payment-methods');
    expect(methods.status).toBe(200);
    expect((obj(methods.body)['paymentMethods'] as unknown[]).length).toBeGreaterThan(0);
  });

  it('still opens the fallback checkout, which records nothing (its payment arrives later by webhook, which Dodo retries)', async () => {
    const { broken, healthy } = await brokenAndHealthy();
    const response = await broken.call('POST', '/checkouts', { body: { offerToken: await offerToken(healthy) } });
    expect(response.status).toBe(200);
    expect(String(obj(response.body)['url'])).toMatch(/^https?:\/\//);
    expect(d.sandbox.charges()).toHaveLength(0);
  });
});

describe('telling an unreachable database from a bug', () => {
  it('classifies connection failures as unavailable and everything else as an ordinary error', () => {
    const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const error of [
      connectionRefused(),
      new AggregateError([connectionRefused(), connectionRefused()], 'connect failed'),
      withCode('ENOENT'), // unix socket not there
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      withCode('53300', 'sorry, too many clients already'),
      withCode('57014', 'canceling statement due to statement timeout'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Cannot use a pool after calling end on the pool'),
      new Error('PGlite is closed'),
      new Error('wrapped', { cause: connectionRefused() }),
      new StoreUnavailableError(),
    ]) {
      expect(isConnectionFailure(error), String(error)).toBe(true);
    }
    for (const error of [withCode('23505', 'duplicate key'), withCode('42P01', 'relation does not exist'), new TypeError('x is undefined'), 'text', null]) {
      expect(isConnectionFailure(error), String(error)).toBe(false);
    }
  });

  it.skipIf(url === null)('lets a real SQL error through unchanged (a bug is a 500, not a 503)', async () => {
    const pool = createTestPool(url ?? '', 1);
    pools.push(pool);
    const store = await createPostgresStore({ client: pool, schema: freshSchema() });
    await pool.query(`ALTER TABLE ${store.tables.offerEvents} DROP COLUMN occurred_at`);
    const error = await store.listOfferEvents('cus_alice').catch((caught: unknown) => caught);
    expect(isStoreUnavailableError(error)).toBe(false);
    expect(error).toMatchObject({ code: '42703' });
  });
});

describe.skipIf(url === null)('a database that goes away mid-flow', () => {
  async function instanceOver(name: string): Promise<{ instance: Instance; client: ReturnType<typeof switchableClient> }> {
    const pool = createTestPool(url ?? '', 5);
    pools.push(pool);
    const client = switchableClient(pool);
    const store = await createPostgresStore({ client, schema: freshSchema() });
    const instance = await d.start(name, store);
    await grantOwnership(store, 'cus_alice', 'prod_starter_course');
    return { instance, client };
  }

  it('refuses an accept while the database is down, then charges it once when it is back', async () => {
    const { instance, client } = await instanceOver('flaky');
    const token = await offerToken(instance);
    client.down = true;
    expectUnavailable(await instance.call('POST', '/purchases', { body: { offerToken: token, idempotencyKey: 'key-db-down' } }));
    expect(d.sandbox.calls('POST /checkouts') + d.sandbox.calls('POST /payments')).toBe(0);

    client.down = false;
    const retried = await instance.call('POST', '/purchases', { body: { offerToken: token, idempotencyKey: 'key-db-down' } });
    expect(retried.status).toBe(200);
    expect(obj(retried.body)['status']).toBe('succeeded');
    expect(d.sandbox.charges()).toHaveLength(1);
  });

  it('never charges twice when the database drops between the charge and its record', async () => {
    const { instance, client } = await instanceOver('flaky');
    const token = await offerToken(instance);
    // Claims and reads work; recording the charge's outcome does not.
    client.failWhen = (sql) => /^\s*UPDATE\s+"[^"]+"\.upsell_purchases/i.test(sql);
    const body = { offerToken: token, idempotencyKey: 'key-mid-flow' };
    expectUnavailable(await instance.call('POST', '/purchases', { body }));
    await d.sandbox.webhooks.flush();
    expect(d.sandbox.charges()).toHaveLength(1);
    client.failWhen = null;

    // The key is bound to the purchase; its outcome is not known yet, so: in progress, no charge.
    const waiting = await instance.call('POST', '/purchases', { body });
    expect(errorCode(waiting.body)).toBe('in_progress');
    // Dodo retries the webhook the handler could not record; it settles the purchase.
    const failed = new Set(d.sandbox.webhooks.sent().filter((sent) => sent.status !== 200).map((sent) => sent.id));
    expect(failed.size).toBeGreaterThan(0);
    for (const id of failed) await d.sandbox.webhooks.redeliver(id);
    const settled = await instance.call('POST', '/purchases', { body });
    expect(settled.status).toBe(200);
    expect(obj(settled.body)['status']).toBe('succeeded');
    expect(d.sandbox.charges()).toHaveLength(1);
    expect(d.sandbox.calls('POST /checkouts')).toBe(1);
  });
});

describe.skipIf(url === null || findPostgresBinDir() === null)('a PostgreSQL server that stops', () => {
  it('answers 503 unavailable with no Dodo call once its server is gone, for open and new connections alike', async () => {
    const cluster = await startPostgresCluster(findPostgresBinDir() ?? '');
    try {
      const pool = createTestPool(cluster.url, 3);
      pools.push(pool);
      const store = await createPostgresStore({ client: pool });
      const instance = await d.start('doomed', store);
      await grantOwnership(store, 'cus_alice', 'prod_starter_course');
      const token = await offerToken(instance);
      cluster.stop();
      const before = d.sandbox.calls();
      expectUnavailable(await instance.call('POST', '/purchases', { body: { offerToken: token, idempotencyKey: 'key-db-stopped' } }));
      expectUnavailable(await instance.call('POST', '/purchases', { body: { offerToken: token, idempotencyKey: 'key-db-stopped' } }));
      expectUnavailable(await instance.call('GET', '/offers?placement=post_purchase'));
      expect(d.sandbox.calls() - before).toBe(0);
    } finally {
      cluster.stop();
    }
  });
});
