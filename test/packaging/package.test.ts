/**
 * The package as a host gets it: `npm run build` → `npm pack` → the tarball installed into a
 * fresh Vite + React app and a plain Node ESM server script in a temp folder (offline, from
 * the npm cache), then built, served and driven in Chromium. One build, one pack and one
 * install serve every test below; they run in order.
 *
 * UK_PACKAGING_SKIP_BUILD=1 packs the existing dist/ (faster while iterating on this file);
 * UK_PACKAGING_KEEP=1 keeps the temp folder and prints its path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { BROWSER_PACKAGES, FRESH_APP_FILES, OFFER_ID, SERVER_ONLY_PEERS, SERVER_PACKAGES } from './fresh-app';
import { cleanEnv, isFile, localImportGraph, packageImports, run, runOrThrow, serveStatic, startsWithUseClient } from './support';
import type { RunResult } from './support';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP_BUILD = process.env['UK_PACKAGING_SKIP_BUILD'] === '1';
const KEEP = process.env['UK_PACKAGING_KEEP'] === '1';
const STEP_TIMEOUT = 240_000;

/** Entries that run in browsers (and must not reach for the server-only peers). */
const BROWSER_ENTRIES = ['.', './core', './memory', './locales/hi'];
/** Entries that must work without React: the framework-free core and everything server-side. */
const REACT_FREE_ENTRIES = ['./core', './memory', './server', './sandbox', './locales/hi'];
/** Packages of the styled layer: a hooks-only consumer must contain none of them. */
const RADIX_MODULES = /[\\/]node_modules[\\/](@radix-ui|react-remove-scroll|react-remove-scroll-bar|aria-hidden|use-sidecar|use-callback-ref|react-style-singleton|get-nonce)[\\/]/;

interface PackFile {
  path: string;
  size: number;
}
interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: PackFile[];
}
interface ExportTarget {
  types?: string;
  import?: string;
}
interface PackageJson {
  name: string;
  main?: string;
  module?: string;
  types?: string;
  exports: Record<string, string | ExportTarget>;
}
interface ModuleEntry {
  chunk: string;
  id: string;
  renderedLength: number;
}
interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

const timings: Array<[string, number]> = [];
const figures: Array<[string, string]> = [];
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

async function timed<T extends RunResult | void>(label: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  timings.push([label, Math.round(performance.now() - started)]);
  return result;
}

let temp = '';
let appDir = '';
let tarball = '';
let pack: PackInfo;
let installedPkgDir = '';
let installedPkg: PackageJson;
let serverPeersInBrowserInstall: string[] = [];
let installMode = 'offline';
let browser: Browser | null = null;

/** `npm install` from the local cache only; `--prefer-offline` if the cache lacks something. */
async function npmInstall(specs: readonly string[]): Promise<RunResult> {
  const base = ['install', '--no-audit', '--no-fund', '--loglevel=error'];
  const offline = await run('npm', [...base, '--offline', ...specs], { cwd: appDir, timeoutMs: STEP_TIMEOUT });
  if (offline.code === 0) return offline;
  installMode = 'prefer-offline (the cache missed something)';
  console.warn(`[packaging] npm install --offline failed, retrying with --prefer-offline:\n${offline.stderr.slice(-2000)}`);
  return runOrThrow('npm', [...base, '--prefer-offline', ...specs], { cwd: appDir, timeoutMs: STEP_TIMEOUT });
}

/** Builds the fresh app (or one of its pages) with the app's own Vite; returns its manifest and module list. */
async function viteBuild(root: string, outDir: string, label: string): Promise<{ outDir: string; manifest: Record<string, ManifestChunk>; modules: ModuleEntry[] }> {
  const moduleList = path.join(appDir, `${outDir}.modules.json`);
  const absoluteOut = path.join(appDir, outDir);
  await timed(label, () =>
    runOrThrow(path.join(appDir, 'node_modules/.bin/vite'), ['build', root, '--config', 'vite.config.mjs', '--outDir', absoluteOut, '--emptyOutDir'], {
      cwd: appDir,
      env: cleanEnv({ MODULE_LIST: moduleList }),
      timeoutMs: STEP_TIMEOUT,
    }),
  );
  const manifest = JSON.parse(readFileSync(path.join(absoluteOut, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const modules = (JSON.parse(readFileSync(moduleList, 'utf8')) as ModuleEntry[]).filter((entry) => entry.renderedLength > 0);
  return { outDir: absoluteOut, manifest, modules };
}

/** Every JS and CSS file a Vite manifest names. */
function manifestFiles(manifest: Record<string, ManifestChunk>): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const chunk of Object.values(manifest)) {
    if (chunk.file.endsWith('.js')) js.add(chunk.file);
    for (const sheet of chunk.css ?? []) css.add(sheet);
  }
  return { js: [...js], css: [...css] };
}

function installedFile(relative: string): string {
  return path.join(installedPkgDir, relative);
}

function entryFile(subpath: string): string {
  const target = installedPkg.exports[subpath];
  if (target === undefined || typeof target === 'string' || !target.import) throw new Error(`exports["${subpath}"] has no import target`);
  return installedFile(target.import);
}

async function launchBrowser(): Promise<Browser> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return browser;
}

/** Opens a served app in a fresh context; returns the page and the console errors it logs. */
async function openPage(url: string) {
  const context = await (await launchBrowser()).newContext({ locale: 'en-US', viewport: { width: 1100, height: 800 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  await page.goto(url);
  return { context, page, errors };
}

/** What the memory adapter offers, read from the installed package itself (so copy changes don't break this suite). */
async function expectedTexts() {
  type Offer = { id: string; product: { name: string } };
  const memory = (await import(pathToFileURL(entryFile('./memory')).href)) as {
    createMemoryAdapter(options: object): { getOffers(request: { placement: string }): Promise<Offer[]> };
  };
  const core = (await import(pathToFileURL(entryFile('./core')).href)) as {
    en: Record<string, string>;
    interpolate(template: string, values: Record<string, string>): string;
  };
  const offers = await memory.createMemoryAdapter({ fixture: 'happyPath', latencyMs: 0 }).getOffers({ placement: 'post_purchase' });
  const offer = offers.find((candidate) => candidate.id === OFFER_ID);
  if (!offer) throw new Error(`the memory adapter offers no ${OFFER_ID} (offers: ${offers.map((o) => o.id).join(', ')})`);
  const acceptLabel = core.en['offer.accept'];
  const succeeded = core.en['status.succeeded'];
  if (!acceptLabel || !succeeded) throw new Error('the English catalog lacks offer.accept or status.succeeded');
  return { productName: offer.product.name, acceptLabel, succeededText: core.interpolate(succeeded, { product: offer.product.name }) };
}

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'upsell-kit-packaging-'));
  appDir = path.join(temp, 'fresh-app');
  if (!SKIP_BUILD) await timed('npm run build', () => runOrThrow('npm', ['run', 'build'], { cwd: REPO, timeoutMs: 600_000 }));

  const packed = await timed('npm pack', () => runOrThrow('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', temp], { cwd: REPO, timeoutMs: STEP_TIMEOUT }));
  pack = (JSON.parse(packed.stdout) as PackInfo[])[0] as PackInfo;
  tarball = path.join(temp, pack.filename);

  for (const [file, content] of Object.entries(FRESH_APP_FILES)) {
    await mkdir(path.dirname(path.join(appDir, file)), { recursive: true });
    await writeFile(path.join(appDir, file), content);
  }
  // A browser-only host first: the tarball, React, Radix and Vite; nothing for the server.
  await timed('npm install (browser host)', () => npmInstall([tarball, ...BROWSER_PACKAGES]));
  serverPeersInBrowserInstall = SERVER_ONLY_PEERS.filter((name) => existsSync(path.join(appDir, 'node_modules', name, 'package.json')));
  // Then what a Node host adds for upsell-kit/server and upsell-kit/sandbox.
  await timed('npm install (server peers)', () => npmInstall(SERVER_PACKAGES));

  installedPkgDir = path.join(appDir, 'node_modules/upsell-kit');
  installedPkg = JSON.parse(readFileSync(path.join(installedPkgDir, 'package.json'), 'utf8')) as PackageJson;
}, 900_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(
    [
      '[packaging] timings:',
      ...timings.map(([label, ms]) => `  ${label.padEnd(34)} ${(ms / 1000).toFixed(1)} s`),
      `  ${'total (measured steps)'.padEnd(34)} ${(total / 1000).toFixed(1)} s`,
      '[packaging] figures:',
      ...figures.map(([label, value]) => `  ${label.padEnd(34)} ${value}`),
      `  ${'npm install mode'.padEnd(34)} ${installMode}`,
    ].join('\n'),
  );
  if (KEEP) console.log(`[packaging] kept ${temp}`);
  else if (temp) await rm(temp, { recursive: true, force: true });
});

describe('the published package', () => {
  it('holds the built entries, a declaration file for each, the stylesheet, and no tests or sources', () => {
    figures.push(['tarball', `${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${pack.entryCount} files`]);
    const paths = pack.files.map((file) => file.path);
    expect(paths.filter((file) => !/^(dist\/|package\.json$|README\.md$|LICEN[CS]E)/.test(file))).toEqual([]);
    expect(paths.filter((file) => /(^|\/)(src|test|tests|__tests__|stories|examples)\/|\.(test|spec|stories)\.[cm]?[jt]sx?$/.test(file))).toEqual([]);

    const missing: string[] = [];
    const typeless: string[] = [];
    for (const [subpath, target] of Object.entries(installedPkg.exports)) {
      const targets = typeof target === 'string' ? [target] : Object.values(target);
      for (const file of targets) if (!isFile(installedFile(file))) missing.push(`${subpath} → ${file}`);
      const isCode = typeof target !== 'string' || target.endsWith('.js');
      if (isCode && (typeof target === 'string' || !target.types || !target.import)) typeless.push(subpath);
    }
    for (const field of ['main', 'module', 'types'] as const) {
      const file = installedPkg[field];
      if (file !== undefined && !isFile(installedFile(file))) missing.push(`${field} → ${file}`);
    }
    expect(missing).toEqual([]);
    expect(typeless).toEqual([]);
    expect(Object.keys(installedPkg.exports)).toEqual(expect.arrayContaining(['.', './core', './memory', './server', './sandbox', './locales/hi', './styles.css']));
    expect(isFile(installedFile('dist/types/locales/hi.d.ts'))).toBe(true);
  });

  it("starts the client entry with 'use client', and keeps React and the directive out of core, memory, server and sandbox", () => {
    expect(startsWithUseClient(readFileSync(entryFile('.'), 'utf8'))).toBe(true);

    const findings: string[] = [];
    for (const subpath of REACT_FREE_ENTRIES) {
      for (const file of localImportGraph(entryFile(subpath))) {
        const source = readFileSync(file, 'utf8');
        const where = `${subpath}: ${path.relative(installedPkgDir, file)}`;
        if (startsWithUseClient(source)) findings.push(`${where} starts with 'use client'`);
        for (const specifier of packageImports(source)) {
          if (/^(react|react-dom|@radix-ui\/)/.test(specifier)) findings.push(`${where} imports ${specifier}`);
        }
      }
    }
    for (const subpath of BROWSER_ENTRIES) {
      for (const file of localImportGraph(entryFile(subpath))) {
        for (const specifier of packageImports(readFileSync(file, 'utf8'))) {
          const server = SERVER_ONLY_PEERS.some((name) => specifier === name || specifier.startsWith(`${name}/`)) || specifier.startsWith('node:');
          if (server) findings.push(`${subpath}: ${path.relative(installedPkgDir, file)} imports ${specifier}`);
        }
      }
    }
    expect(findings).toEqual([]);
  });

  it("ships styles.css as one minified file holding every component's styles", () => {
    const css = readFileSync(installedFile('dist/styles.css'), 'utf8');
    figures.push(['dist/styles.css', `${kb(css.length)} (${kb(gzipSync(css).length)} gzip)`]);
    expect(css).not.toMatch(/@import/);
    expect(css.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(css).toContain('--uk-color-primary');
    // Each stylesheet src/styles.css imports must have landed: its first class is in the bundle.
    const entry = path.join(REPO, 'src/styles.css');
    const imported = [...readFileSync(entry, 'utf8').matchAll(/@import\s+(?:url\()?['"]([^'"]+)['"]/g)].map((match) => path.resolve(path.dirname(entry), match[1] as string));
    expect(imported.length).toBeGreaterThan(0);
    const lost = imported.filter((file) => {
      const firstClass = /\.(uk-[\w-]+)/.exec(readFileSync(file, 'utf8'))?.[1];
      return firstClass !== undefined && !css.includes(`.${firstClass}`);
    });
    expect(lost.map((file) => path.relative(REPO, file))).toEqual([]);
  });

  it('passes publint with no errors or warnings', async () => {
    const data = readFileSync(tarball);
    let messages: Awaited<ReturnType<typeof publint>>['messages'] = [];
    await timed('publint', async () => {
      // The tarball itself, so publint lints exactly what npm publishes.
      messages = (await publint({ pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) }, level: 'suggestion' })).messages;
    });
    const describeAll = (type: string) => messages.filter((message) => message.type === type).map((message) => `${message.code}: ${formatMessage(message, installedPkg) ?? ''}`);
    const suggestions = describeAll('suggestion');
    figures.push(['publint', `${describeAll('error').length} errors, ${describeAll('warning').length} warnings, ${suggestions.length} suggestions`]);
    if (suggestions.length > 0) console.log(`[packaging] publint suggestions:\n  ${suggestions.join('\n  ')}`);
    expect(describeAll('error')).toEqual([]);
    expect(describeAll('warning')).toEqual([]);
  }, STEP_TIMEOUT);

  it('has no are-the-types-wrong problems for ESM consumers (node16 from ESM, bundler)', async () => {
    // The package is ESM-only ("type": "module", only "import" conditions): the esm-only
    // profile ignores node10 and node16-from-CJS, which can only fail for such a package.
    // styles.css has no types by nature and is excluded.
    const result = await timed('attw', () =>
      run(path.join(REPO, 'node_modules/.bin/attw'), [tarball, '--profile', 'esm-only', '--exclude-entrypoints', 'styles.css', '--format', 'json'], { cwd: REPO, timeoutMs: STEP_TIMEOUT }),
    );
    const report = JSON.parse(result.stdout) as { analysis: { problems: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }> } };
    const esmProblems = report.analysis.problems.filter((problem) => problem.resolutionKind !== 'node10' && problem.resolutionKind !== 'node16-cjs');
    const ignored = report.analysis.problems.length - esmProblems.length;
    figures.push(['attw (esm-only profile)', `${esmProblems.length} problems; ${ignored} CJS/node10-only findings ignored`]);
    expect(esmProblems).toEqual([]);
    expect(result.code).toBe(0);
  }, STEP_TIMEOUT);
});

describe('a fresh Vite + React app with the tarball installed', () => {
  let full: Awaited<ReturnType<typeof viteBuild>>;
  let hooksOnly: Awaited<ReturnType<typeof viteBuild>>;

  it('installs without the server-only optional peers', () => {
    // npm 7+ installs required peers but never optional ones: a browser-only host gets no
    // dodopayments, standardwebhooks, zod, PGlite or pg.
    expect(serverPeersInBrowserInstall).toEqual([]);
  });

  it('builds, and its browser bundle contains no dodopayments, server or sandbox code', async () => {
    full = await viteBuild('.', 'dist-app', 'vite build (fresh app)');
    const { js, css } = manifestFiles(full.manifest);
    const jsText = js.map((file) => readFileSync(path.join(full.outDir, file), 'utf8')).join('\n');
    const jsBytes = js.reduce((sum, file) => sum + readFileSync(path.join(full.outDir, file)).length, 0);
    const cssBytes = css.reduce((sum, file) => sum + readFileSync(path.join(full.outDir, file)).length, 0);
    figures.push(['fresh app bundle', `JS ${kb(jsBytes)} (${kb(gzipSync(jsText).length)} gzip), CSS ${kb(cssBytes)}`]);
    expect(css.length).toBe(1);

    const serverModules = full.modules.filter(
      (entry) => SERVER_ONLY_PEERS.some((name) => entry.id.includes(`/node_modules/${name}/`)) || /upsell-kit[\\/]dist[\\/](server|sandbox)\.js$/.test(entry.id),
    );
    expect(serverModules.map((entry) => entry.id)).toEqual([]);
    expect(full.modules.some((entry) => /upsell-kit[\\/]dist[\\/]index\.js$/.test(entry.id))).toBe(true);

    // The SDK's own tell-tale strings, checked to exist in the installed SDK so the grep can bite.
    const sdk = readFileSync(path.join(appDir, 'node_modules/dodopayments/client.mjs'), 'utf8');
    const markers = ['DodoPayments', 'live.dodopayments.com', 'test.dodopayments.com', 'DODO_PAYMENTS_API_KEY'].filter((marker) => sdk.includes(marker));
    expect(markers.length).toBeGreaterThanOrEqual(3);
    expect([...markers, 'dodopayments', 'standardwebhooks'].filter((marker) => jsText.includes(marker))).toEqual([]);
  }, STEP_TIMEOUT);

  it('renders UpsellModal with the stylesheet in Chromium and completes a one-click purchase, with no console errors', async () => {
    const texts = await expectedTexts();
    const server = await serveStatic(full.outDir);
    const { context, page, errors } = await openPage(server.url);
    try {
      const dialog = page.getByRole('dialog');
      await dialog.getByText(texts.productName).first().waitFor();
      // upsell-kit/styles.css is applied: the design tokens resolve on the kit's root.
      const primary = await page.evaluate(() => {
        const root = document.querySelector('.uk-root');
        return root ? getComputedStyle(root).getPropertyValue('--uk-color-primary').trim() : null;
      });
      expect(primary).toMatch(/^#|^rgb/);
      await dialog.getByRole('button', { name: texts.acceptLabel }).click();
      await dialog.getByText(texts.succeededText).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  }, STEP_TIMEOUT);

  it('builds a hooks-only consumer (useUpsellOffer + UpsellProvider) with no component code and no Radix, and it runs', async () => {
    hooksOnly = await viteBuild('hooks-only', 'dist-hooks', 'vite build (hooks-only consumer)');
    const { js } = manifestFiles(hooksOnly.manifest);
    const jsText = js.map((file) => readFileSync(path.join(hooksOnly.outDir, file), 'utf8')).join('\n');
    figures.push(['hooks-only bundle', `JS ${kb(jsText.length)} (${kb(gzipSync(jsText).length)} gzip)`]);

    // Every class name the package's client entry uses belongs to a component (the headless
    // layer ships no styles), so none may survive in a hooks-only build.
    const clientEntry = readFileSync(entryFile('.'), 'utf8');
    const classNames = [...new Set([...clientEntry.matchAll(/["'`](uk-[a-z0-9]+(?:-[a-z0-9]+)*(?:__[a-z0-9-]+)?)/g)].map((match) => match[1] as string))];
    expect(classNames).toContain('uk-upsell-modal');
    // Positive control: the styled app's bundle does contain them and Radix.
    const fullJs = manifestFiles(full.manifest).js.map((file) => readFileSync(path.join(full.outDir, file), 'utf8')).join('\n');
    expect(fullJs).toContain('uk-upsell-modal');
    expect(full.modules.some((entry) => RADIX_MODULES.test(entry.id))).toBe(true);

    const radix = hooksOnly.modules.filter((entry) => RADIX_MODULES.test(entry.id)).map((entry) => path.relative(appDir, entry.id));
    const componentClasses = classNames.filter((name) => jsText.includes(name));
    expect({ radix, componentClasses }).toEqual({ radix: [], componentClasses: [] });
    expect(jsText).not.toContain('DialogContent');

    const texts = await expectedTexts();
    const server = await serveStatic(hooksOnly.outDir);
    const { context, page, errors } = await openPage(server.url);
    try {
      await page.locator('p[data-status="ready"]', { hasText: texts.productName }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  }, STEP_TIMEOUT);
});

describe('a fresh Node server script (plain ESM, no bundler)', () => {
  it('imports createUpsellHandler, toNodeListener and createDodoSandbox and serves the customer’s saved cards', async () => {
    const result = await timed('node server.mjs', () => runOrThrow(process.execPath, ['server.mjs'], { cwd: appDir, timeoutMs: 120_000 }));
    const line = result.stdout.trim().split('\n').at(-1) ?? '';
    const output = JSON.parse(line) as { anonymousStatus: number; status: number; body: { paymentMethods: Array<{ id: string }> }; expected: string[] };
    expect(output.anonymousStatus).toBe(401);
    expect(output.status).toBe(200);
    expect(output.expected.length).toBeGreaterThan(0);
    expect(output.body.paymentMethods.map((method) => method.id)).toEqual(output.expected);
  }, STEP_TIMEOUT);
});

describe('types for every entry', () => {
  it('type-check a consumer that imports every entry (tsc, moduleResolution bundler)', async () => {
    const result = await timed('tsc (consumer)', () =>
      run(path.join(REPO, 'node_modules/.bin/tsc'), ['-p', path.join(appDir, 'tsconfig.json')], { cwd: appDir, timeoutMs: STEP_TIMEOUT }),
    );
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.code).toBe(0);
  }, STEP_TIMEOUT);

});
