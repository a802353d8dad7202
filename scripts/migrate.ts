/**
 * Applies the upsell-kit schema migrations, for hosts that migrate at deploy time rather than
 * on start (e.g. when the app's database role may not run DDL).
 *
 *   DATABASE_URL=postgres://… npx tsx scripts/migrate.ts [--schema NAME] [--status]
 *   npx tsx scripts/migrate.ts --data-dir .data/upsell-kit        # the embedded PGlite folder
 *   npx tsx scripts/migrate.ts --print-sql [--schema NAME] > upsell.sql   # for your own migration tool
 *
 * Without DATABASE_URL it migrates the PGlite folder (`--data-dir`, else UPSELL_DATA_DIR, else
 * .data/upsell-kit). `--status` only reports the version. Idempotent; safe to run while other
 * instances start (migrations take an advisory lock). Exit code 0 on success, 1 on failure,
 * 2 for `--status` when the schema is not at this code's version.
 */
import { parseArgs } from 'node:util';
import { createStoreFromEnv, migrationScript, UPSELL_SCHEMA_VERSION, upsellTables } from '../src/server/stores/index';

const USAGE = 'Usage: [DATABASE_URL=postgres://…] npx tsx scripts/migrate.ts [--schema NAME] [--data-dir DIR] [--status | --print-sql]';

async function main(): Promise<number> {
  let values: { schema?: string; 'data-dir'?: string; status?: boolean; 'print-sql'?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        schema: { type: 'string' },
        'data-dir': { type: 'string' },
        status: { type: 'boolean' },
        'print-sql': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const schema = values.schema ?? null;
  if (values['print-sql']) {
    // One idempotent DO block (advisory lock, bookkeeping table, every migration not yet applied).
    console.log(`${migrationScript(upsellTables(schema), 'print-sql')};`);
    return 0;
  }
  const store = await createStoreFromEnv({ dataDir: values['data-dir'], schema, migrate: false });
  try {
    if (values.status) {
      const version = await store.schemaVersion();
      console.log(`upsell-kit schema on ${store.description}${schema ? ` (schema "${schema}")` : ''}: version ${version} of ${UPSELL_SCHEMA_VERSION}`);
      // 2: behind (or ahead of) this code, so a deploy script can tell.
      return version === UPSELL_SCHEMA_VERSION ? 0 : 2;
    }
    const result = await store.migrate();
    const where = `${store.description}${schema ? ` (schema "${schema}")` : ''}`;
    console.log(
      result.applied.length === 0
        ? `upsell-kit schema on ${where} is up to date (version ${result.version}).`
        : `upsell-kit schema on ${where}: applied ${result.applied.join(', ')}; now at version ${result.version}.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`upsell-kit migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.cause instanceof Error) console.error(`  cause: ${error.cause.message}`);
    process.exit(1);
  },
);
