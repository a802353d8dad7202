/**
 * The only thing the SQL stores need from a database driver: `query(text, params)` resolving
 * to `{ rows }`. `pg`'s `Pool` and `Client` and PGlite fit as they are; anything else (a
 * `postgres.js` or Neon wrapper) needs a three-line adapter.
 *
 * Every statement the stores send is a single statement, so a pool may run each on any
 * connection and PGlite's single connection is never held across two calls.
 */

/** A minimal SQL client. */
export interface SqlClient {
  /** Runs one statement with `$1…$n` parameters. */
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  /** `pg` pools and clients: closes the connections. */
  end?(): Promise<void>;
  /** PGlite: closes the database. */
  close?(): Promise<void>;
}

/** Closes `client` with whichever of `end`/`close` it has. */
export async function closeSqlClient(client: SqlClient): Promise<void> {
  if (typeof client.end === 'function') await client.end();
  else if (typeof client.close === 'function') await client.close();
}
