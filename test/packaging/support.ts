/**
 * Helpers of the packaging suite: child processes with a clean environment, a tiny static
 * file server for built apps, and small file utilities.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { listenOnLoopback } from '../support/loopback-server';
import type { LoopbackServer } from '../support/loopback-server';

/** Output of a finished child process. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The parent's environment without what vitest and an outer `npm test` add: `NODE_ENV=test`
 * would make Vite bundle React's development build, and npm's lifecycle variables would make
 * the inner `npm` think it runs inside this package.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_ENV' || key === 'INIT_CWD' || key.startsWith('VITEST') || key === 'TEST') continue;
    if (key.startsWith('npm_lifecycle_') || key.startsWith('npm_package_') || key === 'npm_config_local_prefix') continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** Runs a command to completion; never throws on a non-zero exit (callers assert). */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      stderr += `\n[packaging test] ${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms; killed`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 300_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** Runs a command and throws with its output when it fails. */
export async function runOrThrow(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = (text: string) => text.split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} (in ${options.cwd}) exited with ${result.code}\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`);
  }
  return result;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Serves a built app's folder on 127.0.0.1 (unknown paths → index.html). */
export async function serveStatic(root: string): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://static.invalid').pathname);
    let file = path.resolve(root, `.${pathname}`);
    if (!file.startsWith(root) || !isFile(file)) file = path.join(root, 'index.html');
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return listenOnLoopback(server);
}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Every file under `dir`, as absolute paths. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** `./chunks/x.js` imports of an ESM file (static `import … from` and `export … from`). */
export function relativeImports(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*(['"])(\.[^'"]+)\1/gm)].map((match) => match[2] as string);
}

/** Package imports (`react`, `dodopayments/x`) of an ESM file. */
export function packageImports(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*(['"])([^'".][^'"]*)\1/gm),
    ...source.matchAll(/^\s*import\s*(['"])([^'".][^'"]*)\1/gm),
  ].map((match) => match[2] as string);
  return [...new Set(specifiers)];
}

/** `file` and every local module it imports, transitively. */
export function localImportGraph(file: string): string[] {
  const seen = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    for (const specifier of relativeImports(readFileSync(current, 'utf8'))) visit(path.resolve(path.dirname(current), specifier));
  };
  visit(file);
  return [...seen];
}

/** Whether an ESM file's first statement is the `'use client'` directive. */
export function startsWithUseClient(source: string): boolean {
  return /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use client\1/.test(source);
}
