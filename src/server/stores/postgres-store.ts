/**
 * {@link UpsellStore} over PostgreSQL (a server through `pg`, or embedded PGlite): the store
 * for production, for several handler instances behind a load balancer, and for anything that
 * must survive a restart.
 *
 * Every decision about who goes first is ONE statement, so it is atomic across connections
 * and across instances, with no explicit transaction (a pool may run each statement on any
 * connection):
 * - `claimIdempotencyKey`: `INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING`;
 * - `claimOfferPurchase`: `INSERT … ON CONFLICT DO NOTHING` against a partial unique index
 *   (one purchase per customer and offer that has neither failed nor been superseded), then a
 *   read of the winner;
 * - `supersedePurchase`: `UPDATE … WHERE superseded_at IS NULL RETURNING`;
 * - `updatePurchase(…, expectedStatuses)`: `UPDATE … WHERE status = ANY($2) RETURNING`
 *   (PostgreSQL re-checks the condition on the newest row version after waiting for a
 *   concurrent writer, so exactly one compare-and-set wins);
 * - `markWebhookProcessed`: `INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING`.
 *
 * Semantics match `createMemoryStore` (the contract suite in `test/store` runs both), with
 * timestamps normalised to `toISOString()` form and `undefined` patch fields ignored.
 * A database that cannot be reached surfaces as `StoreUnavailableError` (→ 503 `unavailable`).
 */
import type { UpsellErrorCode } from '../../core/errors';
import type { OfferEvent, OfferEventType, OfferKind, OfferStats, ProrationMode } from '../../core/types';
import type {
  IdempotencyClaim,
  IdempotencyRecord,
  IdempotentResult,
  OfferPurchaseClaim,
  ProductOwnership,
  PurchasePatch,
  PurchaseRecord,
  PurchaseStatus,
  UpsellStore,
} from '../store';
import { migrateUpsellSchema, upsellSchemaVersion, upsellTables } from './migrations';
import type { MigrationResult, UpsellTables } from './migrations';
import { closeSqlClient } from './sql-client';
import type { SqlClient } from './sql-client';
import { StoreUnavailableError, toStoreError } from './store-unavailable-error';

/** Options of {@link PostgresStore}. */
export interface PostgresStoreOptions {
  /** Anything with `query(text, params) → { rows }`: a `pg` `Pool` (recommended), a `pg` `Client`, or a PGlite instance. */
  client: SqlClient;
  /** Schema holding the tables (created by the migration); null uses the connection's `search_path`. @default null */
  schema?: string | null;
  /** How long a used idempotency key is remembered. @default 86_400_000 (24 h) */
  idempotencyTtlMs?: number;
  /** How long a processed webhook id is remembered (Dodo retries for about three days). @default 604_800_000 (7 days) */
  webhookTtlMs?: number;
  /** Clock used for expiry. @default () => new Date() */
  now?: () => Date;
  /** Whether `close()` also ends the client (`end()` / `close()`). @default false */
  ownsClient?: boolean;
  /** What the store runs on, for logs (`store.description`). @default 'PostgreSQL' */
  description?: string;
}

/** Options of {@link createPostgresStore}. */
export interface CreatePostgresStoreOptions extends PostgresStoreOptions {
  /** Apply missing migrations before returning (safe with several instances starting at once). @default true */
  migrate?: boolean;
}

/** A SQL-backed store: the {@link UpsellStore} methods plus schema and lifecycle controls. */
export interface SqlUpsellStore extends UpsellStore {
  /** What the store runs on, for logs, without credentials (e.g. `PGlite at /srv/app/.data/upsell-kit`). */
  readonly description: string;
  /** Applies missing migrations; idempotent. */
  migrate(): Promise<MigrationResult>;
  /** The schema version the database is at (0 before the first migration). */
  schemaVersion(): Promise<number>;
  /** Stops using the database (and ends the client when the store owns it). Later calls throw `StoreUnavailableError`. */
  close(): Promise<void>;
}

/** Concurrent changes can make a claim's follow-up read miss (the winner was released or failed): try again, a bounded number of times. */
const MAX_CLAIM_ATTEMPTS = 8;
/** Expired keys and webhook ids are deleted at most this often per store. */
const PRUNE_INTERVAL_MS = 60_000;

/** A timestamptz as `toISOString()` text, whatever type parsers the client uses. */
const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const PURCHASE_COLUMNS = [
  'id',
  'customer_id',
  'offer_id',
  'kind',
  'product_id',
  'quantity',
  'amount_minor::text AS amount_minor',
  'currency',
  'payment_method_id',
  'subscription_id',
  'proration_mode',
  'status',
  'payment_id',
  'action_url',
  'failure_code',
  'failure_message',
  'failure_retryable',
  'fallback_checkout_url',
  `${iso('created_at')} AS created_at`,
  `${iso('updated_at')} AS updated_at`,
  `${iso('reconciled_at')} AS reconciled_at`,
  `${iso('superseded_at')} AS superseded_at`,
].join(', ');

type Row = Record<string, unknown>;

function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new TypeError(`upsell-kit: column ${column} is ${typeof value}, expected text`);
  return value;
}

function nullableText(row: Row, column: string): string | null {
  const value = row[column];
  return value === null || value === undefined ? null : text(row, column);
}

/** An integer column, whether the client returns it as number, string (int8) or bigint. */
function integer(row: Row, column: string): number {
  const value = row[column];
  const parsed = typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) throw new TypeError(`upsell-kit: column ${column} is not a safe integer`);
  return parsed;
}

function toPurchase(row: Row): PurchaseRecord {
  const failureCode = nullableText(row, 'failure_code');
  return {
    id: text(row, 'id'),
    customerId: text(row, 'customer_id'),
    offerId: text(row, 'offer_id'),
    kind: text(row, 'kind') as OfferKind,
    productId: text(row, 'product_id'),
    quantity: integer(row, 'quantity'),
    amount: { minor: integer(row, 'amount_minor'), currency: text(row, 'currency').trim() },
    paymentMethodId: nullableText(row, 'payment_method_id'),
    subscriptionId: nullableText(row, 'subscription_id'),
    prorationMode: nullableText(row, 'proration_mode') as ProrationMode | null,
    status: text(row, 'status') as PurchaseStatus,
    paymentId: nullableText(row, 'payment_id'),
    actionUrl: nullableText(row, 'action_url'),
    failure:
      failureCode === null
        ? null
        : { code: failureCode as UpsellErrorCode, message: text(row, 'failure_message'), retryable: row['failure_retryable'] === true },
    fallbackCheckoutUrl: nullableText(row, 'fallback_checkout_url'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
    reconciledAt: nullableText(row, 'reconciled_at'),
    supersededAt: nullableText(row, 'superseded_at'),
  };
}

/** jsonb read as text and parsed here, so custom type parsers cannot change its shape. */
function json<T>(row: Row, column: string): T | null {
  const value = nullableText(row, column);
  return value === null ? null : (JSON.parse(value) as T);
}

/** The UpsellStore over PostgreSQL or PGlite. Call {@link PostgresStore.migrate} (or use {@link createPostgresStore}) before first use. */
export class PostgresStore implements SqlUpsellStore {
  /** The table names this store uses. */
  readonly tables: UpsellTables;
  readonly description: string;
  private readonly client: SqlClient;
  private readonly idempotencyTtlMs: number;
  private readonly webhookTtlMs: number;
  private readonly now: () => Date;
  private readonly ownsClient: boolean;
  private closed = false;
  private lastPruneAt = Number.NEGATIVE_INFINITY;

  constructor(options: PostgresStoreOptions) {
    if (!options.client || typeof options.client.query !== 'function') throw new TypeError('upsell-kit: PostgresStore needs a client with query(text, params)');
    this.client = options.client;
    this.tables = upsellTables(options.schema ?? null);
    this.idempotencyTtlMs = options.idempotencyTtlMs ?? 86_400_000;
    this.webhookTtlMs = options.webhookTtlMs ?? 604_800_000;
    this.now = options.now ?? (() => new Date());
    this.ownsClient = options.ownsClient ?? false;
    this.description = options.description ?? 'PostgreSQL';
  }

  /** Applies missing migrations to this store's schema; idempotent and safe to run concurrently. */
  async migrate(): Promise<MigrationResult> {
    this.assertOpen();
    return migrateUpsellSchema(this.client, { schema: this.tables.schema });
  }

  async schemaVersion(): Promise<number> {
    this.assertOpen();
    return upsellSchemaVersion(this.client, { schema: this.tables.schema });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await closeSqlClient(this.client);
  }

  // ── idempotency ────────────────────────────────────────────────────────────

  async claimIdempotencyKey(scope: string, key: string, fingerprint: string, at: string): Promise<IdempotencyClaim> {
    await this.prune();
    const t = this.tables.idempotencyKeys;
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt += 1) {
      // Inserts, or takes over a record past its TTL; an existing live record is left alone.
      const claimed = await this.query(
        `INSERT INTO ${t} AS k (scope, key, fingerprint, state, result, created_at)
         VALUES ($1, $2, $3, 'pending', NULL, $4::timestamptz)
         ON CONFLICT (scope, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, state = 'pending', result = NULL, created_at = EXCLUDED.created_at
           WHERE k.created_at <= $5::timestamptz
         RETURNING 1 AS claimed`,
        [scope, key, fingerprint, at, this.cutoff(this.idempotencyTtlMs)],
      );
      if (claimed.length > 0) return { status: 'claimed' };
      const rows = await this.query(
        `SELECT scope, key, fingerprint, state, result::text AS result, ${iso('created_at')} AS created_at FROM ${t} WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      const row = rows[0];
      // Gone between the two statements (released by its owner): claim again.
      if (!row) continue;
      const record: IdempotencyRecord = {
        scope: text(row, 'scope'),
        key: text(row, 'key'),
        fingerprint: text(row, 'fingerprint'),
        state: text(row, 'state') === 'completed' ? 'completed' : 'pending',
        result: json<IdempotentResult>(row, 'result'),
        createdAt: text(row, 'created_at'),
      };
      return { status: 'existing', record };
    }
    throw new Error('upsell-kit: idempotency key claim did not settle under contention');
  }

  async completeIdempotencyKey(scope: string, key: string, result: IdempotentResult): Promise<void> {
    await this.query(`UPDATE ${this.tables.idempotencyKeys} SET state = 'completed', result = $3::jsonb WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      JSON.stringify(result),
    ]);
  }

  async releaseIdempotencyKey(scope: string, key: string): Promise<void> {
    // Only a pending claim is released: a completed key keeps replaying its result.
    await this.query(`DELETE FROM ${this.tables.idempotencyKeys} WHERE scope = $1 AND key = $2 AND state = 'pending'`, [scope, key]);
  }

  // ── purchases ──────────────────────────────────────────────────────────────

  async claimOfferPurchase(purchase: PurchaseRecord): Promise<OfferPurchaseClaim> {
    const t = this.tables.purchases;
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt += 1) {
      const inserted = await this.query(
        `INSERT INTO ${t} (id, customer_id, offer_id, kind, product_id, quantity, amount_minor, currency, payment_method_id,
           subscription_id, proration_mode, status, payment_id, action_url, failure_code, failure_message, failure_retryable,
           fallback_checkout_url, created_at, updated_at, reconciled_at, superseded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
           $19::timestamptz, $20::timestamptz, $21::timestamptz, $22::timestamptz)
         ON CONFLICT (customer_id, offer_id) WHERE status <> 'failed' AND superseded_at IS NULL DO NOTHING
         RETURNING ${PURCHASE_COLUMNS}`,
        [
          purchase.id,
          purchase.customerId,
          purchase.offerId,
          purchase.kind,
          purchase.productId,
          purchase.quantity,
          String(purchase.amount.minor),
          purchase.amount.currency,
          purchase.paymentMethodId,
          purchase.subscriptionId,
          purchase.prorationMode,
          purchase.status,
          purchase.paymentId,
          purchase.actionUrl,
          purchase.failure?.code ?? null,
          purchase.failure?.message ?? null,
          purchase.failure ? purchase.failure.retryable : null,
          purchase.fallbackCheckoutUrl,
          purchase.createdAt,
          purchase.updatedAt,
          purchase.reconciledAt,
          purchase.supersededAt ?? null,
        ],
      );
      const row = inserted[0];
      if (row) return { status: 'claimed', purchase: toPurchase(row) };
      // A new statement sees the winner even if it committed after the INSERT began.
      const existing = await this.query(
        `SELECT ${PURCHASE_COLUMNS} FROM ${t} WHERE customer_id = $1 AND offer_id = $2 AND status <> 'failed' AND superseded_at IS NULL
         ORDER BY seq LIMIT 1`,
        [purchase.customerId, purchase.offerId],
      );
      const winner = existing[0];
      // The winner failed (or was superseded) in between: the offer is free again, so try to insert once more.
      if (winner) return { status: 'existing', purchase: toPurchase(winner) };
    }
    throw new Error('upsell-kit: offer purchase claim did not settle under contention');
  }

  async getPurchase(id: string): Promise<PurchaseRecord | null> {
    const rows = await this.query(`SELECT ${PURCHASE_COLUMNS} FROM ${this.tables.purchases} WHERE id = $1`, [id]);
    return rows[0] ? toPurchase(rows[0]) : null;
  }

  async findPurchaseByPaymentId(paymentId: string): Promise<PurchaseRecord | null> {
    const rows = await this.query(`SELECT ${PURCHASE_COLUMNS} FROM ${this.tables.purchases} WHERE payment_id = $1 ORDER BY seq DESC LIMIT 1`, [paymentId]);
    return rows[0] ? toPurchase(rows[0]) : null;
  }

  async listPurchases(customerId: string): Promise<PurchaseRecord[]> {
    const rows = await this.query(`SELECT ${PURCHASE_COLUMNS} FROM ${this.tables.purchases} WHERE customer_id = $1 ORDER BY seq`, [customerId]);
    return rows.map(toPurchase);
  }

  async updatePurchase(id: string, patch: PurchasePatch, expectedStatuses?: readonly PurchaseStatus[]): Promise<PurchaseRecord | null> {
    const params: unknown[] = [id, expectedStatuses ? [...expectedStatuses] : null];
    const sets: string[] = [];
    const set = (column: string, value: unknown, cast = ''): void => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.paymentId !== undefined) set('payment_id', patch.paymentId);
    if (patch.actionUrl !== undefined) set('action_url', patch.actionUrl);
    if (patch.fallbackCheckoutUrl !== undefined) set('fallback_checkout_url', patch.fallbackCheckoutUrl);
    if (patch.reconciledAt !== undefined) set('reconciled_at', patch.reconciledAt, '::timestamptz');
    if (patch.updatedAt !== undefined) set('updated_at', patch.updatedAt, '::timestamptz');
    if (patch.amount !== undefined) {
      set('amount_minor', String(patch.amount.minor), '::bigint');
      set('currency', patch.amount.currency);
    }
    if (patch.failure !== undefined) {
      set('failure_code', patch.failure?.code ?? null);
      set('failure_message', patch.failure?.message ?? null);
      set('failure_retryable', patch.failure ? patch.failure.retryable : null, '::boolean');
    }
    // An empty patch still answers "does it exist with one of these statuses?".
    if (sets.length === 0) sets.push('status = status');
    const rows = await this.query(
      `UPDATE ${this.tables.purchases} SET ${sets.join(', ')}
       WHERE id = $1 AND ($2::text[] IS NULL OR status = ANY($2::text[]))
       RETURNING ${PURCHASE_COLUMNS}`,
      params,
    );
    return rows[0] ? toPurchase(rows[0]) : null;
  }

  async supersedePurchase(id: string, at: string): Promise<PurchaseRecord | null> {
    // One compare-and-set: of concurrent callers only the first finds superseded_at null.
    const rows = await this.query(
      `UPDATE ${this.tables.purchases} SET superseded_at = $2::timestamptz
       WHERE id = $1 AND status = 'succeeded' AND subscription_id IS NOT NULL AND superseded_at IS NULL
       RETURNING ${PURCHASE_COLUMNS}`,
      [id, at],
    );
    return rows[0] ? toPurchase(rows[0]) : null;
  }

  // ── offer events ───────────────────────────────────────────────────────────

  async recordOfferEvent(customerId: string, event: OfferEvent): Promise<void> {
    await this.query(`INSERT INTO ${this.tables.offerEvents} (customer_id, offer_id, event, occurred_at) VALUES ($1, $2, $3, $4::timestamptz)`, [
      customerId,
      event.offerId,
      event.event,
      event.at,
    ]);
  }

  async listOfferEvents(customerId: string): Promise<OfferEvent[]> {
    const rows = await this.query(
      `SELECT offer_id, event, ${iso('occurred_at')} AS occurred_at FROM ${this.tables.offerEvents} WHERE customer_id = $1 ORDER BY seq`,
      [customerId],
    );
    return rows.map((row) => ({ offerId: text(row, 'offer_id'), event: text(row, 'event') as OfferEventType, at: text(row, 'occurred_at') }));
  }

  async getOfferStats(customerId: string | null): Promise<OfferStats[]> {
    // Counted in the database; conversion is accepts ÷ impressions (0 when never shown), as
    // in core's summarizeOfferEvents. Offers come in order of their first event.
    const rows = await this.query(
      `SELECT offer_id, impressions, accepts, declines, dismissals, failures,
              CASE WHEN impressions = 0 THEN 0::float8 ELSE accepts::float8 / impressions END AS conversion_rate
       FROM (
         SELECT offer_id,
                min(seq) AS first_seq,
                (count(*) FILTER (WHERE event = 'shown'))::int AS impressions,
                (count(*) FILTER (WHERE event = 'accepted'))::int AS accepts,
                (count(*) FILTER (WHERE event = 'declined'))::int AS declines,
                (count(*) FILTER (WHERE event = 'dismissed'))::int AS dismissals,
                (count(*) FILTER (WHERE event NOT IN ('shown', 'accepted', 'declined', 'dismissed')))::int AS failures
         FROM ${this.tables.offerEvents}
         WHERE $1::text IS NULL OR customer_id = $1::text
         GROUP BY offer_id
       ) AS per_offer
       ORDER BY first_seq`,
      [customerId],
    );
    return rows.map((row) => ({
      offerId: text(row, 'offer_id'),
      impressions: integer(row, 'impressions'),
      accepts: integer(row, 'accepts'),
      declines: integer(row, 'declines'),
      dismissals: integer(row, 'dismissals'),
      failures: integer(row, 'failures'),
      conversionRate: Number(row['conversion_rate']),
    }));
  }

  // ── webhooks ───────────────────────────────────────────────────────────────

  async markWebhookProcessed(webhookId: string, at: string): Promise<boolean> {
    await this.prune();
    const rows = await this.query(
      `INSERT INTO ${this.tables.webhooks} AS w (webhook_id, processed_at) VALUES ($1, $2::timestamptz)
       ON CONFLICT (webhook_id) DO UPDATE SET processed_at = EXCLUDED.processed_at WHERE w.processed_at <= $3::timestamptz
       RETURNING 1 AS marked`,
      [webhookId, at, this.cutoff(this.webhookTtlMs)],
    );
    return rows.length > 0;
  }

  async forgetWebhook(webhookId: string): Promise<void> {
    await this.query(`DELETE FROM ${this.tables.webhooks} WHERE webhook_id = $1`, [webhookId]);
  }

  // ── ownership ──────────────────────────────────────────────────────────────

  async recordOwnership(entry: ProductOwnership): Promise<void> {
    await this.query(
      `INSERT INTO ${this.tables.ownership} (customer_id, product_id, subscription_id, source, recorded_at)
       VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT DO NOTHING`,
      [entry.customerId, entry.productId, entry.subscriptionId, entry.source, entry.at],
    );
  }

  async listOwnership(customerId: string): Promise<ProductOwnership[]> {
    const rows = await this.query(
      `SELECT customer_id, product_id, subscription_id, source, ${iso('recorded_at')} AS recorded_at
       FROM ${this.tables.ownership} WHERE customer_id = $1 ORDER BY seq`,
      [customerId],
    );
    return rows.map((row) => ({
      customerId: text(row, 'customer_id'),
      productId: text(row, 'product_id'),
      subscriptionId: nullableText(row, 'subscription_id'),
      source: text(row, 'source'),
      at: text(row, 'recorded_at'),
    }));
  }

  // ── internals ──────────────────────────────────────────────────────────────

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('The upsell store has been closed.');
  }

  private async query(sql: string, params: unknown[]): Promise<Row[]> {
    this.assertOpen();
    try {
      const result = await this.client.query(sql, params);
      return result.rows as Row[];
    } catch (error) {
      throw toStoreError(error);
    }
  }

  /** ISO time before which a record of the given lifetime has expired. */
  private cutoff(ttlMs: number): string {
    return new Date(this.now().getTime() - ttlMs).toISOString();
  }

  /** Deletes expired keys and webhook ids, at most once per interval (claims ignore expired rows anyway). */
  private async prune(): Promise<void> {
    const t = this.now().getTime();
    if (t - this.lastPruneAt < PRUNE_INTERVAL_MS) return;
    this.lastPruneAt = t;
    await this.query(`DELETE FROM ${this.tables.idempotencyKeys} WHERE created_at <= $1::timestamptz`, [this.cutoff(this.idempotencyTtlMs)]);
    await this.query(`DELETE FROM ${this.tables.webhooks} WHERE processed_at <= $1::timestamptz`, [this.cutoff(this.webhookTtlMs)]);
  }
}

/** Creates a {@link PostgresStore} and, unless `migrate: false`, brings its schema up to date first. */
export async function createPostgresStore(options: CreatePostgresStoreOptions): Promise<PostgresStore> {
  const store = new PostgresStore(options);
  if (options.migrate ?? true) {
    try {
      await store.migrate();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
  }
  return store;
}
