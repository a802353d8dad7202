/**
 * Version 2 over a database left at version 1 with live data (the upgrade path of every
 * existing install), on PGlite and on the run's PostgreSQL server: the migration applies
 * cleanly, old rows read back with `supersededAt: null`, and old purchases keep holding their
 * offers until a plan change among them is superseded.
 */
import { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUpsellSchema, migrationScript, PostgresStore, UPSELL_MIGRATIONS, upsellSchemaVersion, upsellTables } from '../../src/server/stores/index';
import type { SqlClient } from '../../src/server/stores/index';
import { createTestPool, freshSchema, postgresUrl } from '../support/postgres/databases';

/** Brings `schema` to version 1 exactly, as a release before version 2 did, and writes the rows it would have written. */
async function seedVersion1(client: SqlClient, schema: string): Promise<void> {
  const t = upsellTables(schema);
  await client.query(migrationScript(t, 'v1-release', UPSELL_MIGRATIONS.filter((m) => m.version === 1)));
  const insert = (id: string, offerId: string, kind: string, productId: string, status: string, subscriptionId: string | null) =>
    client.query(
      `INSERT INTO ${t.purchases} (id, customer_id, offer_id, kind, product_id, quantity, amount_minor, currency, subscription_id, proration_mode, status, created_at, updated_at)
       VALUES ($1, 'cus_alice', $2, $3, $4, 1, 8000, 'USD', $5, $6, $7, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
      [id, offerId, kind, productId, subscriptionId, subscriptionId ? 'difference_immediately' : null, status],
    );
  await insert('pur_v1_failed', 'basic_to_pro', 'plan_change', 'prod_pro_monthly', 'failed', 'sub_alice_basic');
  await insert('pur_v1_upgrade', 'basic_to_pro', 'plan_change', 'prod_pro_monthly', 'succeeded', 'sub_alice_basic');
  await insert('pur_v1_bundle', 'starter_to_bundle', 'upsell', 'prod_complete_bundle', 'succeeded', null);
}

async function checkUpgrade(client: SqlClient, schema: string): Promise<void> {
  await seedVersion1(client, schema);
  expect(await upsellSchemaVersion(client, { schema })).toBe(1);
  expect(await migrateUpsellSchema(client, { schema })).toEqual({ applied: [2], version: 2 });
  expect(await migrateUpsellSchema(client, { schema })).toEqual({ applied: [], version: 2 });

  const store = new PostgresStore({ client, schema });
  const before = await store.listPurchases('cus_alice');
  expect(before.map((p) => [p.id, p.status, p.supersededAt])).toEqual([
    ['pur_v1_failed', 'failed', null],
    ['pur_v1_upgrade', 'succeeded', null],
    ['pur_v1_bundle', 'succeeded', null],
  ]);
  const fresh = (id: string, offerId: string) => ({ ...before[offerId === 'basic_to_pro' ? 1 : 2]!, id, status: 'pending' as const, supersededAt: null });
  // Old purchases still hold their offers under the new index.
  expect(await store.claimOfferPurchase(fresh('pur_new_up', 'basic_to_pro'))).toMatchObject({ status: 'existing', purchase: { id: 'pur_v1_upgrade' } });
  expect(await store.claimOfferPurchase(fresh('pur_new_bundle', 'starter_to_bundle'))).toMatchObject({ status: 'existing', purchase: { id: 'pur_v1_bundle' } });
  expect(await store.supersedePurchase('pur_v1_bundle', '2026-02-01T00:00:00.000Z')).toBeNull();
  // Once the old upgrade is superseded, the plan change can be bought again, once.
  expect(await store.supersedePurchase('pur_v1_upgrade', '2026-02-01T00:00:00.000Z')).toMatchObject({ supersededAt: '2026-02-01T00:00:00.000Z' });
  expect(await store.claimOfferPurchase(fresh('pur_new_up', 'basic_to_pro'))).toMatchObject({ status: 'claimed', purchase: { id: 'pur_new_up' } });
  expect(await store.claimOfferPurchase(fresh('pur_new_up_2', 'basic_to_pro'))).toMatchObject({ status: 'existing', purchase: { id: 'pur_new_up' } });
}

describe('migrating version-1 data to version 2', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create('memory://');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('on PGlite', async () => {
    await checkUpgrade(db, 'upgrade');
  });

  const url = postgresUrl();
  describe.skipIf(url === null)('on PostgreSQL', () => {
    let pool: pg.Pool;
    beforeAll(() => {
      pool = createTestPool(url ?? '', 2);
    });
    afterAll(async () => {
      await pool?.end();
    });

    it('on PostgreSQL', async () => {
      await checkUpgrade(pool, freshSchema('v1data'));
    });
  });
});
