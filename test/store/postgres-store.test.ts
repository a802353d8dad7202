/**
 * The store contract against a real PostgreSQL server (the run's throwaway cluster), through a
 * `pg` pool of 5 connections, so the concurrent cases really run on several connections.
 * A fresh schema per test.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPostgresStore } from '../../src/server/index';
import { createTestPool, freshSchema, postgresUrl } from '../support/postgres/databases';
import { describeStoreContract } from './store-contract';

const url = postgresUrl();

describe.skipIf(url === null)('PostgreSQL server', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool(url ?? '');
  });
  afterAll(async () => {
    await pool?.end();
  });

  describeStoreContract('PostgreSQL', async (options) => createPostgresStore({ ...options, client: pool, schema: freshSchema() }));
});
