/**
 * Vitest global setup of the `node` project: one throwaway PostgreSQL cluster for the whole
 * run, handed to the suites as `inject('postgresUrl')`, stopped and removed on teardown.
 *
 * No PostgreSQL binaries is an error (CI installs Debian's `postgresql`), unless
 * `UPSELL_SKIP_POSTGRES=1`, which provides `null` and lets the Postgres suites skip.
 */
import type { TestProject } from 'vitest/node';
import { findPostgresBinDir, startPostgresCluster } from './cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's throwaway PostgreSQL cluster, or null when skipped with UPSELL_SKIP_POSTGRES=1. */
    postgresUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (process.env['UPSELL_SKIP_POSTGRES'] === '1') {
    console.warn('[postgres] UPSELL_SKIP_POSTGRES=1: the real-PostgreSQL suites are skipped.');
    project.provide('postgresUrl', null);
    return () => undefined;
  }
  const binDir = findPostgresBinDir();
  if (binDir === null) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were found neither in /usr/lib/postgresql/*/bin nor on PATH. ' +
        'Install them (`apt-get install postgresql`; .ci/run does this) or set UPSELL_SKIP_POSTGRES=1 to skip the Postgres suites.',
    );
  }
  const cluster = await startPostgresCluster(binDir);
  console.log(`[postgres] throwaway cluster from ${binDir} ready on port ${cluster.port} in ${cluster.startupMs} ms`);
  // A run interrupted before teardown still takes its cluster down.
  const onExit = (): void => cluster.stop();
  process.once('exit', onExit);
  project.provide('postgresUrl', cluster.url);
  return () => {
    process.off('exit', onExit);
    cluster.stop();
  };
}
