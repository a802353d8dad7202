/**
 * One end-to-end world per test file: the demo shop (`startDemo`, in-process, port 0, a temp
 * PGlite folder), the sandbox behind it, and one Chromium (Debian's, through playwright-core)
 * shared by the file's tests, each in a fresh browser context.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { RunnerTask } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemo } from '../../../examples/demo/server';
import type { DemoServer } from '../../../examples/demo/server';
import type { DodoSandbox } from '../../../src/sandbox/index';
import { createStoreFromEnv } from '../../../src/server/index';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../chromium';
import { traceContext } from './context-trace';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Where each step's screenshot goes (gitignored). */
export const SCREENSHOT_DIR = path.join(REPO, 'test-results', 'e2e');
/** Where migrated, empty PGlite folders are kept for the files to copy: opening a copy takes a second, creating one many. */
const TEMPLATE_ROOT = path.join(REPO, 'node_modules', '.cache', 'upsell-kit-e2e');
/** A story takes seconds; the margin is for a loaded CI machine running every suite at once. */
export const STORY_TIMEOUT_MS = 90_000;
/** Starting the world: a first PGlite template, the demo and Chromium. */
const WORLD_START_TIMEOUT_MS = 240_000;

/** A running world for one test file. */
export interface E2eWorld {
  /** The demo shop. */
  demo: DemoServer;
  /** Its Dodo sandbox (charges, call counts, faults). */
  sandbox: DodoSandbox;
  /** A fresh browser context and page on the shop, in English unless told otherwise; traced (see context-trace.ts). */
  open(options?: { locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** Saves `page` as `test-results/e2e/<file>-<nn>-<step>.png`. */
  screenshot(page: Page, step: string): Promise<string>;
  /** What each context opened so far recorded (see context-trace.ts). */
  traces(): string[];
  /** Stops the browser and the demo, and deletes the temp folder. */
  close(): Promise<void>;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The template's name: a hash of the store's code (its migrations) and of PGlite's version, so a schema change makes a new one. */
async function templateName(): Promise<string> {
  const storesDir = path.join(REPO, 'src', 'server', 'stores');
  const hash = createHash('sha256');
  for (const file of (await readdir(storesDir)).sort()) hash.update(file).update(await readFile(path.join(storesDir, file)));
  hash.update(await readFile(path.join(REPO, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  return `pglite-${hash.digest('hex').slice(0, 16)}`;
}

/** Creates the template database once (across parallel files: a directory lock). */
async function pgliteTemplate(): Promise<string> {
  const name = await templateName();
  const templateDir = path.join(TEMPLATE_ROOT, name);
  const ready = path.join(templateDir, '.ready');
  if (await exists(ready)) return templateDir;
  const lock = `${templateDir}.lock`;
  await mkdir(path.dirname(templateDir), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      if (await exists(ready)) return templateDir;
      const since = (await stat(lock).catch(() => null))?.mtimeMs ?? Date.now();
      // A holder that died mid-way leaves an old lock behind.
      if (Date.now() - since > 120_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for the PGlite template');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (!(await exists(ready))) {
      await rm(templateDir, { recursive: true, force: true });
      const store = await createStoreFromEnv({ databaseUrl: null, dataDir: templateDir });
      await store.close();
      await writeFile(ready, new Date().toISOString());
      // Templates of older schemas are of no further use.
      for (const entry of await readdir(TEMPLATE_ROOT)) {
        if (entry.startsWith('pglite-') && entry !== name && !entry.endsWith('.lock')) await rm(path.join(TEMPLATE_ROOT, entry), { recursive: true, force: true });
      }
    }
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
  return templateDir;
}

/** Starts the demo and Chromium for the test file `file` (its name prefixes the screenshots). */
export async function startWorld(file: string): Promise<E2eWorld> {
  const tag = path.basename(file).replace(/\.test\.ts$/, '');
  const temp = await mkdtemp(path.join(tmpdir(), 'upsell-kit-e2e-'));
  const dataDir = path.join(temp, 'pglite');
  await cp(await pgliteTemplate(), dataDir, { recursive: true, filter: (source) => path.basename(source) !== '.ready' });
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  const [demo, browser] = await Promise.all([
    startDemo({ port: 0, dataDir, databaseUrl: null, backend: 'sandbox', open: false, quiet: true }),
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
  ]);
  const sandbox = demo.sandbox;
  if (!sandbox) throw new Error('The e2e demo must run on the sandbox');
  let shots = 0;
  let contexts = 0;
  const traces: Array<() => string> = [];

  return {
    demo,
    sandbox,
    async open(options = {}) {
      // Numbered before the await: the stories of a file open their contexts concurrently.
      const trace = path.join(SCREENSHOT_DIR, `${tag}-context${(contexts += 1)}-at-close`);
      const { context, text } = traceContext(await browser.newContext({ baseURL: demo.url, locale: options.locale ?? 'en-US', viewport: { width: 1100, height: 820 } }), trace);
      traces.push(text);
      // A wait ends as soon as its condition holds; the ceiling is for a page load on a CI machine
      // whose two cores also run Storybook, the browser suites and four other demo worlds (one
      // such run once needed more than 20 s for the thank-you page).
      context.setDefaultTimeout(45_000);
      const page = await context.newPage();
      return { context, page };
    },
    async screenshot(page, step) {
      shots += 1;
      const target = path.join(SCREENSHOT_DIR, `${tag}-${String(shots).padStart(2, '0')}-${step}.png`);
      await page.screenshot({ path: target, fullPage: true });
      return target;
    },
    traces: () => traces.map((text) => text()),
    async close() {
      await browser.close().catch(() => undefined);
      await demo.close();
      await rm(temp, { recursive: true, force: true });
    },
  };
}

/** Whether any test below `task` failed. */
function hasFailure(task: RunnerTask): boolean {
  return task.result?.state === 'fail' || ('tasks' in task && task.tasks.some(hasFailure));
}

/**
 * The test file's world, started in `beforeAll` and closed in `afterAll` (register it at the top
 * of the file: `const world = useDemoWorld(import.meta.url)`). Its members read the running
 * world, so use them inside tests only.
 */
export function useDemoWorld(fileUrl: string): E2eWorld {
  let world: E2eWorld | undefined;

  beforeAll(async () => {
    world = await startWorld(fileURLToPath(fileUrl));
  }, WORLD_START_TIMEOUT_MS);

  afterAll(async ({}, file) => {
    // CI keeps only the printed output: after a failed story, print what its browser recorded.
    if (world && hasFailure(file)) for (const trace of world.traces()) console.error(trace);
    await world?.close();
  });

  const started = (): E2eWorld => {
    if (!world) throw new Error('The e2e world is not running: use it inside a test, after beforeAll');
    return world;
  };
  return {
    get demo() {
      return started().demo;
    },
    get sandbox() {
      return started().sandbox;
    },
    open: (options) => started().open(options),
    screenshot: (page, step) => started().screenshot(page, step),
    traces: () => started().traces(),
    close: () => started().close(),
  };
}
