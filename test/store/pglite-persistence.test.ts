/**
 * The embedded default keeps everything across restarts: PGlite persisted to a folder, opened
 * the way the demo does (`createStoreFromEnv` without DATABASE_URL), used through the real
 * handler, closed, reopened; and reopened after a process that was killed without closing it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPgliteStore, createStoreFromEnv, isStoreUnavailableError, PostgresStore } from '../../src/server/index';
import { grantOwnership, obj, offersOf } from '../server/harness';
import { startDeployment } from './instances';
import type { Deployment, Instance } from './instances';

const here = path.dirname(fileURLToPath(import.meta.url));
let d: Deployment;
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'upsell-pglite-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  d = await startDeployment();
});
afterAll(async () => {
  await d?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await d.reset();
});

const offerIds = async (instance: Instance): Promise<unknown[]> =>
  offersOf((await instance.call('GET', '/offers?placement=post_purchase')).body).map((offer) => offer['id']);
const statsOf = async (instance: Instance): Promise<unknown> => obj((await instance.call('GET', '/stats')).body)['stats'];

/** Runs the fixture writer on `dataDir` and SIGKILLs it once it has written. */
async function writeThenKill(dataDir: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures', 'pglite-writer.ts'), dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('written')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`writer exited with ${String(code)} before writing: ${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

// One folder through a whole life (creating a PGlite folder runs initdb, which takes seconds):
// first start, clean restart, a process killed mid-run, and a restart after that.
describe('PGlite persisted to a folder', () => {
  it('keeps purchases, declines and stats across a clean restart and across a killed process', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'upsell-kit');

    // 1. First start, as the demo opens it: no DATABASE_URL → PGlite in the data folder.
    const first = await createStoreFromEnv({ databaseUrl: null, dataDir });
    expect(first.description).toBe(`PGlite at ${dataDir}`);
    const a = await d.start('A', first);
    await grantOwnership(first, 'cus_alice', 'prod_starter_course');
    await grantOwnership(first, 'cus_alice', 'prod_single_license');
    const bundle = offersOf((await a.call('GET', '/offers?placement=post_purchase')).body).find((offer) => offer['id'] === 'starter_to_bundle');
    const body = { offerToken: bundle?.['token'], idempotencyKey: 'key-persisted-accept' };
    const bought = await a.call('POST', '/purchases', { body });
    expect(obj(bought.body)).toMatchObject({ status: 'succeeded' });
    const purchaseId = String(obj(bought.body)['purchaseId']);
    await a.call('POST', '/events', { body: { offerId: 'single_to_team', event: 'shown' } });
    await a.call('POST', '/events', { body: { offerId: 'single_to_team', event: 'declined' } });
    const before = { offers: await offerIds(a), stats: await statsOf(a) };
    expect(before.offers).not.toContain('starter_to_bundle');
    expect(before.offers).not.toContain('single_to_team');
    expect(before.stats).toEqual([{ offerId: 'single_to_team', impressions: 1, accepts: 0, declines: 1, dismissals: 0, failures: 0, conversionRate: 0 }]);
    await a.stop();
    await first.close();

    // 2. Clean restart: everything is still there, and the retried accept replays, no second charge.
    const second = await createPgliteStore({ dataDir });
    expect(await second.migrate()).toEqual({ applied: [], version: 2 });
    const b = await d.start('B', second);
    expect(obj((await b.call('GET', `/purchases/${purchaseId}`)).body)).toMatchObject({ status: 'succeeded', purchaseId });
    const replay = await b.call('POST', '/purchases', { body });
    expect(obj(replay.body)).toMatchObject({ status: 'succeeded', purchaseId });
    expect(await offerIds(b)).toEqual(before.offers);
    expect(await statsOf(b)).toEqual(before.stats);
    expect(d.sandbox.charges()).toHaveLength(1);
    await b.stop();
    await second.close();

    // 3. A process that writes and is killed (SIGKILL: no close), like a crashed or Ctrl-C'd server.
    await writeThenKill(dataDir);

    // 4. Restart after the kill: both lives' data are there.
    const db = await PGlite.create(dataDir);
    const third = await createPgliteStore({ pglite: db });
    expect(await third.getPurchase(purchaseId)).toMatchObject({ status: 'succeeded' });
    expect(await third.getPurchase('pur_before_kill')).toMatchObject({ status: 'succeeded', paymentId: 'pay_before_kill' });
    expect(await third.getOfferStats('cus_alice')).toEqual([
      { offerId: 'single_to_team', impressions: 2, accepts: 0, declines: 2, dismissals: 0, failures: 0, conversionRate: 0 },
    ]);

    // 5. A PGlite closed under the store, or the store closed, is "unavailable", not a crash.
    await db.close();
    expect(isStoreUnavailableError(await third.listPurchases('cus_alice').catch((error: unknown) => error))).toBe(true);
    await third.close();
    expect(isStoreUnavailableError(await third.claimIdempotencyKey('s', 'k', 'fp', new Date().toISOString()).catch((error: unknown) => error))).toBe(true);
    expect(third).toBeInstanceOf(PostgresStore);
  }, 240_000);
});
