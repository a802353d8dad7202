/**
 * The store contract against PGlite (embedded PostgreSQL in WebAssembly, `memory://`). One
 * PGlite per file (starting one takes seconds) and one migrated schema; each test starts from
 * emptied tables with restarted sequences (DDL is slow in WebAssembly, TRUNCATE is not).
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStore, PostgresStore } from '../../src/server/index';
import { describeStoreContract } from './store-contract';

const SCHEMA = 'contract';
let db: PGlite;
beforeAll(async () => {
  db = await PGlite.create('memory://');
  await (await createPostgresStore({ client: db, schema: SCHEMA })).close();
});
afterAll(async () => {
  await db?.close();
});

describeStoreContract('PGlite', async (options) => {
  const store = new PostgresStore({ ...options, client: db, schema: SCHEMA });
  const t = store.tables;
  await db.query(`TRUNCATE ${t.idempotencyKeys}, ${t.purchases}, ${t.offerEvents}, ${t.webhooks}, ${t.ownership} RESTART IDENTITY`);
  return store;
});
