/**
 * Helpers for suites that use the run's PostgreSQL cluster (see global-setup.ts): its URL, small
 * pools, fresh schemas (one per test, so tests never see each other's rows), and a client
 * wrapper that can be switched to "unreachable".
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { SqlClient } from '../../../src/server/index';

/** The cluster's URL, or null when the run skips PostgreSQL (UPSELL_SKIP_POSTGRES=1). */
export function postgresUrl(): string | null {
  return inject('postgresUrl');
}

/** A unique, valid schema name. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

/** A small pool (the suite runs on 2 cores next to other suites). */
export function createTestPool(url: string, max = 5): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  return pool;
}

/** An error like the one `pg` raises when nothing listens on the database port. */
export function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 5432 });
}

/** A client that forwards to `inner` until told the database is gone (for every query, or for queries `failWhen` matches). */
export interface SwitchableClient extends SqlClient {
  /** Every query fails with a refused connection. */
  down: boolean;
  /** When set, only matching queries fail (and only while this is set). */
  failWhen: ((text: string) => boolean) | null;
  /** Queries that failed on purpose. */
  refused: number;
}

/** Wraps `inner` in a {@link SwitchableClient}. */
export function switchableClient(inner: SqlClient): SwitchableClient {
  const client: SwitchableClient = {
    down: false,
    failWhen: null,
    refused: 0,
    async query(text, params) {
      if (client.down || (client.failWhen !== null && client.failWhen(text))) {
        client.refused += 1;
        throw connectionRefused();
      }
      return inner.query(text, params);
    },
  };
  return client;
}
