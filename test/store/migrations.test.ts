/**
 * The schema on a real PostgreSQL server: versioned and idempotent migrations (also when
 * several instances start at once), the column types money and time are kept in, the partial
 * unique index behind "one purchase per offer", the `search_path` default, the env factory
 * and the migration CLI.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPostgresStore, createStoreFromEnv, isStoreUnavailableError, migrateUpsellSchema, PostgresStore, upsellSchemaVersion } from '../../src/server/index';
import { createTestPool, freshSchema, postgresUrl } from '../support/postgres/databases';

const url = postgresUrl();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe.skipIf(url === null)('migrations on PostgreSQL', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool(url ?? '', 5);
  });
  afterAll(async () => {
    await pool?.end();
  });

  it('applies versions 1 and 2 once; running again changes nothing', async () => {
    const schema = freshSchema('mig');
    expect(await upsellSchemaVersion(pool, { schema })).toBe(0);
    expect(await migrateUpsellSchema(pool, { schema })).toEqual({ applied: [1, 2], version: 2 });
    expect(await migrateUpsellSchema(pool, { schema })).toEqual({ applied: [], version: 2 });
    const store = new PostgresStore({ client: pool, schema });
    expect(await store.migrate()).toEqual({ applied: [], version: 2 });
    expect(await store.schemaVersion()).toBe(2);
    const { rows } = await pool.query(`SELECT version, name FROM "${schema}".upsell_schema_migrations`);
    expect(rows).toEqual([
      { version: 1, name: expect.stringContaining('purchases') },
      { version: 2, name: expect.stringContaining('superseded') },
    ]);
  });

  it('lets 5 instances that start together migrate one after the other, applying each version once', async () => {
    const schema = freshSchema('race');
    const results = await Promise.all(Array.from({ length: 5 }, () => migrateUpsellSchema(pool, { schema })));
    expect(results.flatMap((result) => result.applied).sort()).toEqual([1, 2]);
    expect(results.every((result) => result.version === 2)).toBe(true);
  });

  it('keeps money in bigint minor units with a char(3) currency, times as timestamptz, and one live purchase per offer by a partial unique index', async () => {
    const schema = freshSchema('types');
    await migrateUpsellSchema(pool, { schema });
    const { rows: columns } = await pool.query(
      `SELECT table_name, column_name, data_type, character_maximum_length FROM information_schema.columns WHERE table_schema = $1`,
      [schema],
    );
    const typeOf = (table: string, column: string) => columns.find((c) => c.table_name === table && c.column_name === column);
    expect(typeOf('upsell_purchases', 'amount_minor')).toMatchObject({ data_type: 'bigint' });
    expect(typeOf('upsell_purchases', 'currency')).toMatchObject({ data_type: 'character', character_maximum_length: 3 });
    for (const [table, column] of [
      ['upsell_purchases', 'created_at'],
      ['upsell_purchases', 'updated_at'],
      ['upsell_purchases', 'reconciled_at'],
      ['upsell_idempotency_keys', 'created_at'],
      ['upsell_offer_events', 'occurred_at'],
      ['upsell_processed_webhooks', 'processed_at'],
      ['upsell_ownership', 'recorded_at'],
    ] as const) {
      expect(typeOf(table, column), `${table}.${column}`).toMatchObject({ data_type: 'timestamp with time zone' });
    }
    expect(typeOf('upsell_idempotency_keys', 'result')).toMatchObject({ data_type: 'jsonb' });
    const { rows: indexes } = await pool.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1`, [schema]);
    const live = indexes.find((index) => index.indexname === 'upsell_purchases_one_live_per_offer');
    expect(live?.indexdef).toMatch(/^CREATE UNIQUE INDEX .* \(customer_id, offer_id\) WHERE \(\(status <> 'failed'::text\) AND \(superseded_at IS NULL\)\)$/);
    expect(typeOf('upsell_purchases', 'superseded_at')).toMatchObject({ data_type: 'timestamp with time zone' });
    // The database itself refuses a second live purchase, whoever writes it.
    const insert = (id: string, status: string, supersededAt: string | null = null) =>
      pool.query(
        `INSERT INTO "${schema}".upsell_purchases (id, customer_id, offer_id, kind, product_id, quantity, amount_minor, currency, status, created_at, updated_at, superseded_at)
         VALUES ($1, 'cus_a', 'offer', 'upsell', 'prod', 1, 100, 'USD', $2, now(), now(), $3::timestamptz)`,
        [id, status, supersededAt],
      );
    await insert('p1', 'failed');
    await insert('p2', 'pending');
    await expect(insert('p3', 'succeeded')).rejects.toMatchObject({ code: '23505' });
    await expect(insert('p4', 'pending')).rejects.toMatchObject({ code: '23505' });
    await expect(insert('p5', 'refunded')).rejects.toMatchObject({ code: '23514' });
    // A superseded purchase does not count as live.
    await insert('p6', 'succeeded', '2030-01-01T00:00:00Z');
  });

  it('lives beside a host table called schema_migrations, and rejects unsafe schema names', async () => {
    const schema = freshSchema('host');
    await pool.query(`CREATE SCHEMA "${schema}"; CREATE TABLE "${schema}".schema_migrations (version varchar PRIMARY KEY); INSERT INTO "${schema}".schema_migrations VALUES ('20240101000000')`);
    expect(await migrateUpsellSchema(pool, { schema })).toEqual({ applied: [1, 2], version: 2 });
    expect((await pool.query(`SELECT version FROM "${schema}".schema_migrations`)).rows).toEqual([{ version: '20240101000000' }]);
    expect(() => new PostgresStore({ client: pool, schema: 'x"; DROP TABLE y; --' })).toThrow(TypeError);
  });

  it('uses the search_path schema when none is given', async () => {
    const database = freshSchema('db');
    await pool.query(`CREATE DATABASE ${database}`);
    const own = createTestPool((url ?? '').replace(/\/postgres$/, `/${database}`), 2);
    try {
      const store = await createPostgresStore({ client: own });
      expect(store.tables.purchases).toBe('upsell_purchases');
      expect((await store.claimIdempotencyKey('s', 'key', 'fp', new Date().toISOString())).status).toBe('claimed');
      const { rows } = await own.query(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'upsell_purchases'`);
      expect(rows).toEqual([{ table_schema: 'public' }]);
    } finally {
      await own.end();
      await pool.query(`DROP DATABASE ${database}`);
    }
  });
});

describe.skipIf(url === null)('createStoreFromEnv and the migrate CLI with DATABASE_URL', () => {
  it('opens PostgreSQL through pg from databaseUrl or DATABASE_URL, migrated, described without credentials, closed with its pool', async () => {
    const schema = freshSchema('env');
    const withPassword = (url ?? '').replace('postgres@', 'postgres:secret@');
    const store = await createStoreFromEnv({ databaseUrl: withPassword, schema, poolSize: 2 });
    expect(store.description).toMatch(/^PostgreSQL at 127\.0\.0\.1:\d+\/postgres$/);
    expect(await store.schemaVersion()).toBe(2);
    expect((await store.claimIdempotencyKey('s', 'key', 'fp', new Date().toISOString())).status).toBe('claimed');
    await store.close();
    expect(isStoreUnavailableError(await store.getPurchase('pur_x').catch((error: unknown) => error))).toBe(true);

    vi.stubEnv('DATABASE_URL', url ?? '');
    try {
      const fromEnv = await createStoreFromEnv({ schema: freshSchema('env'), migrate: false, poolSize: 1 });
      expect(fromEnv.description).toMatch(/^PostgreSQL at /);
      expect(await fromEnv.schemaVersion()).toBe(0);
      await fromEnv.close();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('migrates from the command line, idempotently, and reports the version', () => {
    const schema = freshSchema('cli');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'migrate.ts'), ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: url ?? '' },
        timeout: 60_000,
      });
    const status = run('--schema', schema, '--status');
    expect(status.stdout).toContain('version 0 of 2');
    expect(status.status).toBe(2);
    const first = run('--schema', schema);
    expect(first.stdout).toMatch(/applied 1, 2; now at version 2/);
    expect(first.status).toBe(0);
    const again = run('--schema', schema);
    expect(again.stdout).toMatch(/is up to date \(version 2\)/);
    expect(again.status).toBe(0);
    const refused = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'migrate.ts')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' },
      timeout: 60_000,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/upsell-kit migrate failed: .*cannot reach its database/);
  }, 120_000);
});
