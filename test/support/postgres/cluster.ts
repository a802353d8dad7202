/**
 * A throwaway PostgreSQL cluster for the test run: `initdb` into a temp folder, `pg_ctl start`
 * on a free 127.0.0.1 port with its unix socket in the same folder, and a stop that removes
 * everything. Run as the `postgres` OS user when the tests run as root (Postgres refuses to
 * run as root). Binaries come from Debian's `/usr/lib/postgresql/<major>/bin` (newest major
 * first), then from PATH; they are not on PATH on a fresh Debian machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A running cluster. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth, TCP). */
  url: string;
  /** TCP port. */
  port: number;
  /** Folder holding the data directory, the socket and the log. */
  root: string;
  /** Folder of the server binaries used. */
  binDir: string;
  /** Milliseconds `initdb` + `pg_ctl start` took. */
  startupMs: number;
  /** Stops the server (immediate mode) and removes the folder; safe to call twice. */
  stop(): void;
}

/** The folder with `initdb` and `pg_ctl`, or null when PostgreSQL is not installed. */
export function findPostgresBinDir(): string | null {
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const majors = readdirSync(debianRoot)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    for (const major of majors) {
      const bin = path.join(debianRoot, major, 'bin');
      if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin;
    }
  }
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) return dir;
  }
  return null;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address !== null && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a server binary, as `postgres` when we are root; throws with its output on failure. */
function runPg(binDir: string, tool: string, args: readonly string[]): string {
  const binary = path.join(binDir, tool);
  let command = binary;
  let commandArgs: string[] = [...args];
  if (isRoot()) {
    if (existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser')) {
      command = existsSync('/usr/sbin/runuser') ? '/usr/sbin/runuser' : '/sbin/runuser';
      commandArgs = ['-u', 'postgres', '--', binary, ...args];
    } else {
      const quoted = [binary, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
      command = 'su';
      commandArgs = ['postgres', '-s', '/bin/sh', '-c', quoted];
    }
  }
  const result = spawnSync(command, commandArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${tool} failed (${result.error?.message ?? `exit ${String(result.status)}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result.stdout;
}

function postgresIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('Running as root, but there is no "postgres" OS user to run the test cluster as (install Debian\'s postgresql package).');
  }
}

/** Creates and starts a cluster. Throws (with the server log) when it cannot. */
export async function startPostgresCluster(binDir: string): Promise<PostgresCluster> {
  const started = performance.now();
  // As root the folder is handed to `postgres`, which must be able to reach it: /tmp, not a private TMPDIR.
  const root = mkdtempSync(path.join(isRoot() ? '/tmp' : tmpdir(), 'upsell-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    chownSync(root, uid, gid);
  }
  const port = await freePort();
  let running = false;
  const stop = (): void => {
    if (running) {
      running = false;
      try {
        runPg(binDir, 'pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '20']);
      } catch {
        // Already gone: the folder is removed below either way.
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    runPg(binDir, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    // Speed over durability: the cluster lives for one test run.
    const serverOptions = [
      `-p ${port}`,
      '-h 127.0.0.1',
      `-k ${root}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=60',
      '-c shared_buffers=32MB',
    ].join(' ');
    runPg(binDir, 'pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', serverOptions]);
    running = true;
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    stop();
    throw new Error(`Could not start the test PostgreSQL cluster: ${(error as Error).message}\n${log}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    root,
    binDir,
    startupMs: Math.round(performance.now() - started),
    stop,
  };
}
