/**
 * Two real handler instances on one PostgreSQL: duplicate accepts spread across both make one
 * charge, an instance that dies mid-purchase is replaced without a second charge, and declines
 * survive a restart. The real `dodopayments` SDK talks to the sandbox over HTTP throughout.
 */
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/server/index';
import type { PostgresStore } from '../../src/server/index';
import { errorCode, grantOwnership, obj, offersOf } from '../server/harness';
import { createTestPool, freshSchema, postgresUrl } from '../support/postgres/databases';
import { startDeployment } from './instances';
import type { Deployment, Instance } from './instances';

const url = postgresUrl();

describe.skipIf(url === null)('several handler instances sharing one PostgreSQL', () => {
  let d: Deployment;
  const pools: pg.Pool[] = [];
  let schema: string;

  /** A store as a separate process would have it: its own pool of at most 5 connections. */
  const openStore = async (): Promise<PostgresStore> => {
    const pool = createTestPool(url ?? '', 5);
    pools.push(pool);
    return createPostgresStore({ client: pool, schema, ownsClient: true });
  };

  beforeAll(async () => {
    d = await startDeployment();
  });
  afterAll(async () => {
    await d?.close();
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)));
  });
  beforeEach(async () => {
    await d.reset();
    schema = freshSchema('multi');
  });

  async function offerToken(instance: Instance, offerId: string): Promise<string> {
    const offers = offersOf((await instance.call('GET', '/offers?placement=post_purchase')).body);
    const offer = offers.find((item) => item['id'] === offerId);
    if (!offer) throw new Error(`${offerId} not offered: ${JSON.stringify(offers.map((item) => item['id']))}`);
    return String(offer['token']);
  }

  it.each([
    ['over HTTP', 'http'],
    ['called directly as Request → Response', 'direct'],
  ] as const)('makes exactly 1 charge for 200 concurrent duplicate accepts spread across 2 instances (%s)', async (_label, transport) => {
    const a = await d.start('A', await openStore());
    const b = await d.start('B', await openStore());
    await grantOwnership(a.store, 'cus_alice', 'prod_starter_course');
    const token = await offerToken(b, 'starter_to_bundle');

    // Half replay one idempotency key (a double-clicking, retrying client), half use keys of
    // their own (several tabs); every other request goes to the other instance.
    const keys = Array.from({ length: 200 }, (_, i) => (i % 4 < 2 ? 'accept-bundle-shared' : `accept-bundle-${i}`));
    const answers = await Promise.all(
      keys.map((idempotencyKey, i) => {
        const instance = i % 2 === 0 ? a : b;
        const send = transport === 'http' ? instance.call : instance.callDirect;
        return send('POST', '/purchases', { body: { offerToken: token, idempotencyKey } });
      }),
    );
    await d.sandbox.webhooks.flush();

    const charges = d.sandbox.charges({ customerId: 'cus_alice' }).length;
    console.log(`charges per 200 duplicates across 2 instances${transport === 'http' ? '' : ' (direct calls)'}:`, charges);
    expect(charges).toBe(1);
    expect(d.sandbox.calls('POST /checkouts')).toBe(1);

    const outcomes = new Map<string, number>();
    for (const answer of answers) {
      const label = answer.status === 200 ? `200 ${String(obj(answer.body)['status'])}` : `${answer.status} ${String(errorCode(answer.body))}`;
      outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
    }
    console.log(`answers to the 200 duplicates (${transport}):`, JSON.stringify(Object.fromEntries([...outcomes].sort())));
    // Nothing failed on the server's side; every duplicate was told "in progress" or "already bought", or got the one purchase.
    expect(answers.every((answer) => [200, 409].includes(answer.status))).toBe(true);
    const purchaseIds = new Set(answers.filter((answer) => answer.status === 200).map((answer) => obj(answer.body)['purchaseId']));
    expect(purchaseIds.size).toBe(1);
    const codes = new Set(answers.filter((answer) => answer.status === 409).map((answer) => errorCode(answer.body)));
    expect([...codes].every((code) => code === 'in_progress' || code === 'already_purchased')).toBe(true);

    // Once settled, the key that won replays the one purchase on either instance; the
    // others were released when they lost, and are told the offer is already bought.
    const purchases = await a.store.listPurchases('cus_alice');
    expect(purchases).toHaveLength(1);
    expect(purchases[0]?.status).toBe('succeeded');
    const winner = keys[answers.findIndex((answer) => answer.status === 200)];
    // Duplicates of the winning key saw the purchase or "in progress", never a refusal.
    answers.forEach((answer, i) => {
      if (keys[i] === winner) expect(answer.status === 200 || errorCode(answer.body) === 'in_progress').toBe(true);
    });
    for (const instance of [a, b]) {
      const replay = await instance.call('POST', '/purchases', { body: { offerToken: token, idempotencyKey: winner } });
      expect(replay.status).toBe(200);
      expect(obj(replay.body)).toMatchObject({ status: 'succeeded', purchaseId: purchases[0]?.id });
      const loser = await instance.call('POST', '/purchases', { body: { offerToken: token, idempotencyKey: winner === 'accept-bundle-3' ? 'accept-bundle-2' : 'accept-bundle-3' } });
      expect(errorCode(loser.body)).toBe('already_purchased');
    }
    expect(d.sandbox.charges({ customerId: 'cus_alice' })).toHaveLength(1);
  });

  it('replays the first result when an instance dies mid-purchase and a new one takes the retry: no second charge', async () => {
    // Webhooks held back, and a long settle wait: A charges, then hangs waiting for the webhook.
    d.sandbox.webhooks.setAutoDeliver(false);
    const a = await d.start('A', await openStore(), { settleWaitMs: 30_000 });
    await grantOwnership(a.store, 'cus_alice', 'prod_starter_course');
    const token = await offerToken(a, 'starter_to_bundle');
    const body = { offerToken: token, idempotencyKey: 'accept-before-crash' };

    const first = a.call('POST', '/purchases', { body }).catch((error: unknown) => error);
    const started = Date.now();
    while (d.sandbox.charges().length === 0 || (await a.store.listPurchases('cus_alice'))[0]?.status !== 'processing') {
      if (Date.now() - started > 10_000) throw new Error('the charge never happened');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The crash: connections cut, the process's database pool gone.
    await a.stop();
    await (a.store as PostgresStore).close();
    expect(await first).toBeInstanceOf(Error);

    const a2 = await d.start('A2', await openStore());
    const [record] = await a2.store.listPurchases('cus_alice');
    const retried = await a2.call('POST', '/purchases', { body });
    expect(retried.status).toBe(200);
    expect(obj(retried.body)).toMatchObject({ purchaseId: record?.id, status: 'processing' });

    d.sandbox.webhooks.setAutoDeliver(true);
    await d.sandbox.webhooks.deliverPending();
    const settled = await a2.call('POST', '/purchases', { body });
    expect(obj(settled.body)).toMatchObject({ purchaseId: record?.id, status: 'succeeded' });
    // A fresh key for the same offer is refused, not charged.
    const fresh = await a2.call('POST', '/purchases', { body: { offerToken: token, idempotencyKey: 'accept-after-restart' } });
    expect(fresh.status).toBe(409);
    expect(errorCode(fresh.body)).toBe('already_purchased');
    expect(d.sandbox.charges()).toHaveLength(1);
    expect(d.sandbox.calls('POST /checkouts')).toBe(1);
  });

  it('keeps a declined offer hidden, and its stats, after every instance restarts', async () => {
    const a = await d.start('A', await openStore());
    const b = await d.start('B', await openStore());
    await grantOwnership(a.store, 'cus_alice', 'prod_starter_course');
    await offerToken(a, 'starter_to_bundle');
    expect((await a.call('POST', '/events', { body: { offerId: 'starter_to_bundle', event: 'shown' } })).status).toBe(204);
    expect((await b.call('POST', '/events', { body: { offerId: 'starter_to_bundle', event: 'declined' } })).status).toBe(204);
    const ids = async (instance: Instance) => offersOf((await instance.call('GET', '/offers?placement=post_purchase')).body).map((item) => item['id']);
    // Declined on B, hidden on A at once: they share the events.
    expect(await ids(a)).not.toContain('starter_to_bundle');

    for (const instance of [a, b]) {
      await instance.stop();
      await (instance.store as PostgresStore).close();
    }
    const restarted = await d.start('A2', await openStore());
    expect(await ids(restarted)).not.toContain('starter_to_bundle');
    const stats = (obj((await restarted.call('GET', '/stats')).body)['stats'] as unknown[]).map(obj);
    expect(stats).toEqual([{ offerId: 'starter_to_bundle', impressions: 1, accepts: 0, declines: 1, dismissals: 0, failures: 0, conversionRate: 0 }]);
  });
});
