/**
 * The store a host gets without choosing: PostgreSQL when `DATABASE_URL` is set (through
 * `pg`, loaded only then, so hosts on PGlite need not install it), otherwise embedded PGlite
 * persisted under a local folder. Either way the schema is migrated before it is returned.
 */
import { DEFAULT_DATA_DIR, createPgliteStore } from './pglite';
import { createPostgresStore } from './postgres-store';
import type { PostgresStore, PostgresStoreOptions } from './postgres-store';

/** Options of {@link createStoreFromEnv}. */
export interface StoreFromEnvOptions extends Omit<PostgresStoreOptions, 'client' | 'ownsClient' | 'description'> {
  /** PostgreSQL connection string; empty → PGlite. @default process.env.DATABASE_URL */
  databaseUrl?: string | null;
  /** PGlite folder when there is no database URL. @default process.env.UPSELL_DATA_DIR ?? '.data/upsell-kit' */
  dataDir?: string;
  /** Apply missing migrations before returning. @default true */
  migrate?: boolean;
  /** Most connections the `pg` pool opens. @default 10 */
  poolSize?: number;
  /** How long a query waits for a free or new connection before the store reports `unavailable`, in ms. @default 5000 */
  connectionTimeoutMs?: number;
  /** Longest a statement may run before it is cancelled (and reported `unavailable`), in ms. @default 10000 */
  statementTimeoutMs?: number;
  /** Errors of idle pool connections (e.g. the server restarted); the next query reports them too. @default ignored */
  onPoolError?: (error: Error) => void;
}

type PgPool = typeof import('pg').Pool;

const env = (name: string): string | undefined => (typeof process === 'undefined' ? undefined : process.env[name]);

/** "PostgreSQL at host:port/db", never the user or password. */
function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.host || url.searchParams.get('host') || 'localhost'}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** PostgreSQL from `DATABASE_URL` (or `databaseUrl`), else PGlite under `dataDir`; migrated, ready to pass to `createUpsellHandler`. */
export async function createStoreFromEnv(options: StoreFromEnvOptions = {}): Promise<PostgresStore> {
  const { databaseUrl: givenUrl, dataDir, migrate, poolSize, connectionTimeoutMs, statementTimeoutMs, onPoolError, ...storeOptions } = options;
  const databaseUrl = givenUrl === undefined ? env('DATABASE_URL') : givenUrl;
  if (!databaseUrl) {
    return createPgliteStore({ ...storeOptions, dataDir: dataDir ?? env('UPSELL_DATA_DIR') ?? DEFAULT_DATA_DIR, migrate: migrate ?? true });
  }
  let Pool: PgPool;
  try {
    // `webpackIgnore`: bundlers leave it to Node, so hosts without `pg` still build.
    const loaded: { Pool?: PgPool; default?: { Pool?: PgPool } } = await import(/* webpackIgnore: true */ 'pg');
    const found = loaded.Pool ?? loaded.default?.Pool;
    if (!found) throw new Error('pg has no Pool export');
    Pool = found;
  } catch (error) {
    throw new Error('upsell-kit: DATABASE_URL is set, so the "pg" package is needed: npm install pg', { cause: error });
  }
  const pool = new Pool({
    connectionString: databaseUrl,
    max: poolSize ?? 10,
    connectionTimeoutMillis: connectionTimeoutMs ?? 5_000,
    statement_timeout: statementTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on('error', (error) => onPoolError?.(error));
  return createPostgresStore({ ...storeOptions, client: pool, ownsClient: true, migrate: migrate ?? true, description: describeUrl(databaseUrl) });
}
