/**
 * The embedded default: PostgreSQL compiled to WebAssembly (PGlite), persisted to a folder,
 * with no server to run. The same {@link PostgresStore} and migrations as production, so the
 * demo and single-process hosts keep purchases, declines and stats across restarts.
 *
 * One process per data folder: PGlite is a single-user database, and two processes opening
 * the same folder would corrupt it. Several handler instances need a PostgreSQL server.
 */
import type { PGlite } from '@electric-sql/pglite';
import { createPostgresStore } from './postgres-store';
import type { PostgresStore, PostgresStoreOptions } from './postgres-store';

/** Where the embedded database lives unless told otherwise (relative to the working directory). */
export const DEFAULT_DATA_DIR = '.data/upsell-kit';

/** Options of {@link createPgliteStore}. */
export interface PgliteStoreOptions extends Omit<PostgresStoreOptions, 'client' | 'ownsClient' | 'description'> {
  /** Folder of the database (created if missing), or `memory://` for a throwaway one. @default '.data/upsell-kit' */
  dataDir?: string;
  /** An already open PGlite to use instead (it is not closed by `store.close()`). */
  pglite?: PGlite;
  /** Apply missing migrations before returning. @default true */
  migrate?: boolean;
}

const isFolder = (dataDir: string): boolean => !/^[a-z]+:\/\//i.test(dataDir);

/** Opens (creating if needed) an embedded PGlite database and returns a migrated store over it. Close it with `store.close()`. */
export async function createPgliteStore(options: PgliteStoreOptions = {}): Promise<PostgresStore> {
  const { pglite, dataDir: requested, migrate, ...storeOptions } = options;
  if (pglite) {
    return createPostgresStore({ ...storeOptions, client: pglite, ownsClient: false, migrate: migrate ?? true, description: 'PGlite' });
  }
  let dataDir = requested ?? DEFAULT_DATA_DIR;
  if (isFolder(dataDir)) {
    // Loaded here, not at the top: `upsell-kit/server` also runs where there is no file system.
    const [{ mkdir }, path] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    dataDir = path.resolve(dataDir);
    await mkdir(dataDir, { recursive: true });
  }
  let PGliteClass: typeof PGlite;
  try {
    // Loaded on demand so hosts on PostgreSQL never load (or install) the WebAssembly build.
    ({ PGlite: PGliteClass } = await import(/* webpackIgnore: true */ '@electric-sql/pglite'));
  } catch (error) {
    throw new Error('upsell-kit: the embedded store needs the "@electric-sql/pglite" package: npm install @electric-sql/pglite (or set DATABASE_URL)', {
      cause: error,
    });
  }
  const db = await PGliteClass.create(dataDir);
  return createPostgresStore({
    ...storeOptions,
    client: db,
    ownsClient: true,
    migrate: migrate ?? true,
    description: isFolder(dataDir) ? `PGlite at ${dataDir}` : `PGlite (${dataDir})`,
  });
}
