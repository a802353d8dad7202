/** SQL stores: PostgreSQL (production, several instances), PGlite (embedded default), their migrations and the unavailable error. */
export { createPostgresStore, PostgresStore } from './postgres-store';
export type { CreatePostgresStoreOptions, PostgresStoreOptions, SqlUpsellStore } from './postgres-store';
export { createPgliteStore, DEFAULT_DATA_DIR } from './pglite';
export type { PgliteStoreOptions } from './pglite';
export { createStoreFromEnv } from './from-env';
export type { StoreFromEnvOptions } from './from-env';
export { migrateUpsellSchema, migrationScript, UPSELL_MIGRATIONS, UPSELL_SCHEMA_VERSION, upsellSchemaVersion, upsellTables } from './migrations';
export type { MigrationResult, UpsellMigration, UpsellTables } from './migrations';
export type { SqlClient } from './sql-client';
export { isConnectionFailure, isStoreUnavailableError, StoreUnavailableError } from './store-unavailable-error';
