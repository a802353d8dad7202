/**
 * The demo's browser app: built once with Vite and served from `dist` (`npm start`), or served
 * by Vite in middleware mode with hot reload (`npm run dev`). A build is skipped when nothing
 * it reads has changed since the last one, and concurrent starts (parallel test files) share
 * one build through a lock, so nobody serves a half-written `dist`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE_HEADERS } from './http-utils';

/** The demo's folder (`examples/demo`). */
export const DEMO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root. */
const REPO_DIR = path.resolve(DEMO_DIR, '../..');
/** Where `vite build` writes the client. */
export const DIST_DIR = path.join(DEMO_DIR, 'dist');
const VITE_CONFIG = path.join(DEMO_DIR, 'vite.config.ts');
const STAMP_FILE = path.join(DIST_DIR, '.build-stamp');

/** Serves the browser app. */
export interface ClientAssets {
  /** Answers a GET for a page or an asset. */
  serve(req: IncomingMessage, res: ServerResponse): void;
  /** Stops Vite (dev mode). */
  close(): Promise<void>;
  /** What happened at start, for the console ("built in 4.1 s", "up to date", "dev server"). */
  readonly summary: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Radix positions the dialog with inline styles, hence `style-src 'unsafe-inline'`; no inline script runs. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : listFiles(full);
      return [full];
    }),
  );
  return files.flat();
}

/** A fingerprint of everything the client build reads: names, sizes and modification times. */
async function sourceFingerprint(): Promise<string> {
  const files = [
    ...(await listFiles(path.join(REPO_DIR, 'src'))),
    ...(await listFiles(path.join(DEMO_DIR, 'src'))),
    path.join(DEMO_DIR, 'index.html'),
    VITE_CONFIG,
    // How the client is built is part of what it is.
    fileURLToPath(import.meta.url),
    path.join(REPO_DIR, 'package.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    const info = await stat(file).catch(() => null);
    hash.update(`${path.relative(REPO_DIR, file)}\0${info?.size ?? -1}\0${info?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}

async function isUpToDate(fingerprint: string): Promise<boolean> {
  const [stamp, index] = await Promise.all([readFile(STAMP_FILE, 'utf8').catch(() => ''), stat(path.join(DIST_DIR, 'index.html')).catch(() => null)]);
  return stamp === fingerprint && index !== null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `task` holding a cross-process lock (a directory: `mkdir` is atomic); a dead holder's lock is taken over. */
async function withBuildLock<T>(task: () => Promise<T>): Promise<T> {
  const lock = path.join(tmpdir(), `upsell-kit-demo-build-${createHash('sha256').update(DEMO_DIR).digest('hex').slice(0, 12)}.lock`);
  const owner = path.join(lock, 'owner');
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(owner, 'utf8').catch(() => ''));
      const since = (await stat(lock).catch(() => null))?.mtimeMs ?? Date.now();
      // A crashed holder, or one that never wrote its pid within a few seconds.
      if ((holder > 0 && !isAlive(holder)) || (!(holder > 0) && Date.now() - since > 10_000)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`upsell-kit demo: timed out waiting for another build (lock ${lock})`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  try {
    return await task();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Builds the client into `dist` unless it is up to date; returns what it did. */
export async function buildClient(options: { quiet?: boolean; force?: boolean } = {}): Promise<string> {
  return withBuildLock(async () => {
    const fingerprint = await sourceFingerprint();
    if (!options.force && (await isUpToDate(fingerprint))) return 'client up to date';
    const started = performance.now();
    const { build } = await import('vite');
    // Vite and the React plugin pick development JSX and React's development build from
    // process.env.NODE_ENV, not from `mode`: under vitest (NODE_ENV=test) the shop would be
    // built for development, and a later `npm start` would serve that build. Always production.
    const nodeEnv = process.env['NODE_ENV'];
    process.env['NODE_ENV'] = 'production';
    try {
      await build({ configFile: VITE_CONFIG, mode: 'production', logLevel: options.quiet ? 'silent' : 'warn' });
    } finally {
      if (nodeEnv === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = nodeEnv;
    }
    await writeFile(STAMP_FILE, fingerprint);
    return `client built in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  });
}

function isPageRequest(pathname: string): boolean {
  return path.extname(pathname) === '';
}

/** Serves the built client from `dist`: hashed assets cached for good, every page path → `index.html`. */
export async function serveBuiltClient(options: { quiet?: boolean } = {}): Promise<ClientAssets> {
  const summary = await buildClient(options);
  const root = DIST_DIR;
  return {
    summary,
    close: async () => undefined,
    serve(req, res) {
      const method = req.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { ...BASE_HEADERS, allow: 'GET, HEAD' });
        res.end();
        return;
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://demo.invalid').pathname);
      } catch {
        res.writeHead(400, BASE_HEADERS);
        res.end();
        return;
      }
      const page = isPageRequest(pathname);
      const file = page ? path.join(root, 'index.html') : path.resolve(root, `.${pathname}`);
      // Nothing outside dist, and not the build stamp.
      if (!file.startsWith(root + path.sep) || path.basename(file).startsWith('.')) {
        res.writeHead(404, BASE_HEADERS);
        res.end();
        return;
      }
      stat(file).then(
        (info) => {
          if (!info.isFile()) throw new Error('not a file');
          const headers: Record<string, string | number> = {
            ...BASE_HEADERS,
            'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
            'content-length': info.size,
            'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          };
          if (page) headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
          res.writeHead(200, headers);
          if (method === 'HEAD') res.end();
          else createReadStream(file).pipe(res);
        },
        () => {
          res.writeHead(404, { ...BASE_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
          res.end('Not found');
        },
      );
    },
  };
}

/** Vite in middleware mode on the demo's own HTTP server (hot reload over the same port). */
export async function serveDevClient(server: Server, options: { quiet?: boolean } = {}): Promise<ClientAssets> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: VITE_CONFIG,
    logLevel: options.quiet ? 'silent' : 'info',
    appType: 'spa',
    server: { middlewareMode: true, ws: { server } },
  });
  return {
    summary: 'Vite dev server (hot reload)',
    close: () => vite.close(),
    serve(req, res) {
      vite.middlewares(req, res, () => {
        res.writeHead(404, BASE_HEADERS);
        res.end();
      });
    },
  };
}
