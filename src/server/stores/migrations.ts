/**
 * The SQL stores' schema, as numbered migrations. `migrateUpsellSchema` applies the missing
 * ones and records each in `upsell_schema_migrations`; running it again changes nothing.
 *
 * All of it is sent as ONE `DO` block, so it runs in one transaction on one connection with
 * nothing but `query(text)`: `pg` pools and PGlite alike. The block first takes a
 * transaction-scoped advisory lock, so instances starting together migrate one after the
 * other and the later ones find nothing left to do.
 *
 * Tables are prefixed `upsell_` and the bookkeeping table is not called `schema_migrations`
 * on purpose: Rails, Knex and others already use that name in the host's database.
 */
import type { SqlClient } from './sql-client';
import { toStoreError } from './store-unavailable-error';

/** Names of the tables, qualified with the schema when one is set. */
export interface UpsellTables {
  /** Applied migrations. */
  readonly migrations: string;
  /** Idempotency keys. */
  readonly idempotencyKeys: string;
  /** Purchases. */
  readonly purchases: string;
  /** Offer events. */
  readonly offerEvents: string;
  /** Processed webhook ids. */
  readonly webhooks: string;
  /** Product ownership. */
  readonly ownership: string;
  /** The schema (unquoted), or null for the connection's `search_path`. */
  readonly schema: string | null;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Table names for `schema` (null → unqualified, resolved through `search_path`). Throws for an unsafe schema name. */
export function upsellTables(schema: string | null = null): UpsellTables {
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new TypeError(`upsell-kit: schema must match ${String(SCHEMA_NAME)}, got "${schema}"`);
  }
  const prefix = schema === null ? '' : `"${schema}".`;
  return {
    migrations: `${prefix}upsell_schema_migrations`,
    idempotencyKeys: `${prefix}upsell_idempotency_keys`,
    purchases: `${prefix}upsell_purchases`,
    offerEvents: `${prefix}upsell_offer_events`,
    webhooks: `${prefix}upsell_processed_webhooks`,
    ownership: `${prefix}upsell_ownership`,
    schema,
  };
}

/** One schema change. Never edit a released migration: add the next one. */
export interface UpsellMigration {
  /** Strictly increasing, from 1. */
  readonly version: number;
  /** Short description, stored with the version. */
  readonly name: string;
  /** DDL statements (no trailing semicolons), given the table names. */
  readonly statements: (t: UpsellTables) => readonly string[];
}

/** Index names live in the table's schema, so they need no prefix of their own. */
const idx = (name: string): string => `upsell_${name}`;

/** Every migration, in order. */
export const UPSELL_MIGRATIONS: readonly UpsellMigration[] = Object.freeze([
  {
    version: 1,
    name: 'idempotency keys, purchases, offer events, processed webhooks, ownership',
    statements: (t: UpsellTables) => [
      `CREATE TABLE ${t.idempotencyKeys} (
        scope text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'completed')),
        result jsonb,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      )`,
      `CREATE INDEX ${idx('idempotency_keys_created_at')} ON ${t.idempotencyKeys} (created_at)`,

      // Money as integer minor units plus its ISO 4217 code; never numeric or float.
      `CREATE TABLE ${t.purchases} (
        id text PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        customer_id text NOT NULL,
        offer_id text NOT NULL,
        kind text NOT NULL,
        product_id text NOT NULL,
        quantity integer NOT NULL,
        amount_minor bigint NOT NULL,
        currency char(3) NOT NULL,
        payment_method_id text,
        subscription_id text,
        proration_mode text,
        status text NOT NULL CHECK (status IN ('pending', 'processing', 'requires_action', 'succeeded', 'failed')),
        payment_id text,
        action_url text,
        failure_code text,
        failure_message text,
        failure_retryable boolean,
        fallback_checkout_url text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        reconciled_at timestamptz,
        CHECK ((failure_code IS NULL) = (failure_message IS NULL) AND (failure_code IS NULL) = (failure_retryable IS NULL))
      )`,
      // At most one purchase per customer and offer that has not failed: claimOfferPurchase is
      // one INSERT … ON CONFLICT DO NOTHING against this index.
      `CREATE UNIQUE INDEX ${idx('purchases_one_live_per_offer')} ON ${t.purchases} (customer_id, offer_id) WHERE status <> 'failed'`,
      `CREATE INDEX ${idx('purchases_customer')} ON ${t.purchases} (customer_id, seq)`,
      `CREATE INDEX ${idx('purchases_payment')} ON ${t.purchases} (payment_id) WHERE payment_id IS NOT NULL`,

      `CREATE TABLE ${t.offerEvents} (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id text NOT NULL,
        offer_id text NOT NULL,
        event text NOT NULL CHECK (event IN ('shown', 'accepted', 'declined', 'dismissed', 'failed')),
        occurred_at timestamptz NOT NULL
      )`,
      `CREATE INDEX ${idx('offer_events_customer')} ON ${t.offerEvents} (customer_id, seq)`,
      `CREATE INDEX ${idx('offer_events_offer')} ON ${t.offerEvents} (offer_id, event)`,

      `CREATE TABLE ${t.webhooks} (
        webhook_id text PRIMARY KEY,
        processed_at timestamptz NOT NULL
      )`,
      `CREATE INDEX ${idx('processed_webhooks_at')} ON ${t.webhooks} (processed_at)`,

      `CREATE TABLE ${t.ownership} (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id text NOT NULL,
        product_id text NOT NULL,
        subscription_id text,
        source text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`,
      // One row per customer, product, subscription (null included) and source; an expression
      // rather than NULLS NOT DISTINCT so PostgreSQL 12–14 work too.
      `CREATE UNIQUE INDEX ${idx('ownership_unique')} ON ${t.ownership} (customer_id, product_id, (coalesce(subscription_id, '')), source)`,
    ],
  },
  {
    version: 2,
    name: 'superseded plan-change purchases free their offer',
    statements: (t: UpsellTables) => [
      // Null for every existing row: nothing was superseded before this version.
      `ALTER TABLE ${t.purchases} ADD COLUMN superseded_at timestamptz`,
      // The same one-live-purchase rule, minus superseded plan changes (a subscription that
      // left the plan may buy it again). Dropped and created in the migration's transaction,
      // so no moment exists without the rule; the new predicate only admits more rows, so
      // building it over version-1 data cannot fail.
      `DROP INDEX ${t.schema === null ? '' : `"${t.schema}".`}${idx('purchases_one_live_per_offer')}`,
      `CREATE UNIQUE INDEX ${idx('purchases_one_live_per_offer')} ON ${t.purchases} (customer_id, offer_id) WHERE status <> 'failed' AND superseded_at IS NULL`,
    ],
  },
]);

/** The newest schema version this code knows. */
export const UPSELL_SCHEMA_VERSION: number = UPSELL_MIGRATIONS.reduce((max, migration) => Math.max(max, migration.version), 0);

/** What {@link migrateUpsellSchema} did. */
export interface MigrationResult {
  /** Versions applied by this call (empty when the schema was up to date). */
  applied: number[];
  /** Schema version after the call. */
  version: number;
}

const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The single `DO` block that brings the schema to the newest version; each version it applies is stamped with `runId`. */
export function migrationScript(tables: UpsellTables, runId: string, migrations: readonly UpsellMigration[] = UPSELL_MIGRATIONS): string {
  const lockKey = quoteLiteral(`upsell-kit:migrate:${tables.schema ?? ''}`);
  const steps = migrations.map((migration) => {
    const body = migration.statements(tables).map((statement) => `    ${statement};`);
    return [
      `  IF NOT EXISTS (SELECT 1 FROM ${tables.migrations} WHERE version = ${migration.version}) THEN`,
      ...body,
      `    INSERT INTO ${tables.migrations} (version, name, applied_by) VALUES (${migration.version}, ${quoteLiteral(migration.name)}, ${quoteLiteral(runId)});`,
      '  END IF;',
    ].join('\n');
  });
  return [
    'DO $upsell_migrate$',
    'BEGIN',
    // Serialises concurrent migrators of this schema until the transaction ends.
    `  PERFORM pg_advisory_xact_lock(hashtext(${lockKey}));`,
    ...(tables.schema === null ? [] : [`  CREATE SCHEMA IF NOT EXISTS "${tables.schema}";`]),
    `  CREATE TABLE IF NOT EXISTS ${tables.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text);`,
    ...steps,
    'END',
    '$upsell_migrate$',
  ].join('\n');
}

async function appliedVersions(client: SqlClient, tables: UpsellTables): Promise<number[]> {
  const { rows } = await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [tables.migrations]);
  if ((rows[0] as { present?: unknown } | undefined)?.present !== true) return [];
  const result = await client.query(`SELECT version FROM ${tables.migrations} ORDER BY version`);
  return result.rows.map((row) => Number((row as { version: unknown }).version));
}

/**
 * Applies the missing migrations to the database behind `client` (in `schema`, created if
 * needed, or the `search_path` schema). Idempotent and safe to run from several processes at once.
 * Throws `StoreUnavailableError` when the database cannot be reached.
 */
export async function migrateUpsellSchema(client: SqlClient, options: { schema?: string | null } = {}): Promise<MigrationResult> {
  const tables = upsellTables(options.schema ?? null);
  // Versions are stamped with this run's id, so each caller reports what it applied itself
  // even when several instances migrate at the same moment.
  const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  try {
    await client.query(migrationScript(tables, runId));
    const { rows } = await client.query(`SELECT version, applied_by FROM ${tables.migrations} ORDER BY version`);
    const versions = rows.map((row) => row as { version: unknown; applied_by: unknown });
    return {
      applied: versions.filter((row) => row.applied_by === runId).map((row) => Number(row.version)),
      version: versions.reduce((max, row) => Math.max(max, Number(row.version)), 0),
    };
  } catch (error) {
    throw toStoreError(error);
  }
}

/** The schema version of the database behind `client` (0 before the first migration). */
export async function upsellSchemaVersion(client: SqlClient, options: { schema?: string | null } = {}): Promise<number> {
  try {
    const versions = await appliedVersions(client, upsellTables(options.schema ?? null));
    return versions.reduce((max, v) => Math.max(max, v), 0);
  } catch (error) {
    throw toStoreError(error);
  }
}
