/**
 * Bundle-size measurement shared by `npm run bench` and `test/budgets/bundle-budget.test.ts`.
 *
 * Each target is a tiny entry file built with Vite's JS API in library mode (ESM, minified,
 * `process.env.NODE_ENV` = "production" as a host's production build would set it), with the
 * host's peer dependencies external. Sizes are of the emitted files, raw, gzip (level 9) and
 * brotli (quality 11). Module ids come from the bundler's own chunk metadata, so "0 bytes of
 * dodopayments" is checked on what was bundled, not by searching the text.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build, minify } from 'vite';

/** Repository root (this file is bench/lib/bundle.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What a target is, for the table. */
export type TargetKind = 'kit' | 'reference' | 'info';

/** One thing to build and measure. */
export interface BundleTarget {
  /** Stable id: `client`, `hooks`, `component:<Name>`, `css`, `memory`, `ref:<package>`. */
  id: string;
  /** Row name, e.g. `all client`. */
  name: string;
  /** Kit figure, a reference point, or for information only. */
  kind: TargetKind;
  /** Source of the entry module (absolute imports), or a CSS file to bundle. */
  entry: { type: 'js'; code: string } | { type: 'css'; file: string };
  /** A browser entry: must contain no `dodopayments` module. */
  client: boolean;
  /** Bare module ids left to the host. */
  external: readonly string[];
}

/** One bundled module and its size in the output. */
export interface BundledModule {
  /** Module id (absolute path, or a virtual id). */
  id: string;
  /** Bytes it contributes to the bundler's output (renamed, tree-shaken, before whitespace removal and mangling): for ranking. */
  renderedBytes: number;
}

/** Sizes of one built target. */
export interface BundleMeasurement {
  id: string;
  name: string;
  kind: TargetKind;
  client: boolean;
  /** Minified bytes. */
  bytes: number;
  /** Gzip-compressed bytes (level 9). */
  gzip: number;
  /** Brotli-compressed bytes (quality 11). */
  brotli: number;
  /** Every bundled module, largest first. */
  modules: BundledModule[];
  /** Bundled modules that belong to the `dodopayments` SDK (must be empty for a client entry). */
  dodopaymentsModules: string[];
}

/** Peer dependencies a host brings: never counted. */
export const HOST_EXTERNALS: readonly string[] = ['react', 'react-dom', 'react/jsx-runtime', 'react/jsx-dev-runtime', '@radix-ui/'];

const abs = (...parts: string[]): string => path.join(REPO_ROOT, ...parts);
/** An import specifier for an absolute path, valid on every platform. */
const spec = (file: string): string => JSON.stringify(file.split(path.sep).join('/'));

/** Component folders that exist right now (`src/components/<Name>/index.ts`). */
export function componentNames(): string[] {
  const names = ['UpsellModal', 'UpgradePreview', 'CrossSellCard', 'DeclineTracker'];
  return names.filter((name) => existsSync(abs('src', 'components', name, 'index.ts')));
}

/** The kit's client targets (budgeted), each component alone, the CSS, and the memory entry (information). */
export function kitTargets(): BundleTarget[] {
  const targets: BundleTarget[] = [
    { id: 'client', name: 'all client (upsell-kit)', kind: 'kit', client: true, external: HOST_EXTERNALS, entry: { type: 'js', code: `export * from ${spec(abs('src', 'index.ts'))};\n` } },
    {
      id: 'hooks',
      name: 'hooks only (provider + hooks + http adapter)',
      kind: 'kit',
      client: true,
      external: HOST_EXTERNALS,
      entry: { type: 'js', code: `export * from ${spec(abs('src', 'hooks', 'index.ts'))};\nexport * from ${spec(abs('src', 'client', 'index.ts'))};\n` },
    },
  ];
  for (const name of componentNames()) {
    targets.push({
      id: `component:${name}`,
      name: `component ${name}`,
      kind: 'kit',
      client: true,
      external: HOST_EXTERNALS,
      entry: { type: 'js', code: `export * from ${spec(abs('src', 'components', name, 'index.ts'))};\n` },
    });
  }
  if (existsSync(abs('src', 'styles.css'))) {
    targets.push({ id: 'css', name: 'styles.css', kind: 'kit', client: true, external: HOST_EXTERNALS, entry: { type: 'css', file: abs('src', 'styles.css') } });
  }
  targets.push({
    id: 'memory',
    name: 'upsell-kit/memory (info)',
    kind: 'info',
    client: true,
    external: HOST_EXTERNALS,
    entry: { type: 'js', code: `export * from ${spec(abs('src', 'memory', 'index.ts'))};\n` },
  });
  return targets;
}

/** Reference points: Dodo's own checkout overlay and Stripe's React bindings, measured the same way. */
export function referenceTargets(): BundleTarget[] {
  return [
    { id: 'ref:dodopayments-checkout', name: 'ref: dodopayments-checkout', kind: 'reference', client: false, external: HOST_EXTERNALS, entry: { type: 'js', code: `export * from 'dodopayments-checkout';\n` } },
    { id: 'ref:@stripe/react-stripe-js', name: 'ref: @stripe/react-stripe-js', kind: 'reference', client: false, external: HOST_EXTERNALS, entry: { type: 'js', code: `export * from '@stripe/react-stripe-js';\n` } },
  ];
}

function isExternal(id: string, externals: readonly string[]): boolean {
  return externals.some((name) => (name.endsWith('/') ? id.startsWith(name) : id === name || id.startsWith(`${name}/`)));
}

/** True for a module id inside the `dodopayments` package (not `dodopayments-checkout`). */
export function isDodoSdkModule(id: string): boolean {
  return /(^|[\\/])node_modules[\\/]dodopayments[\\/]/.test(id) || id === 'dodopayments' || id.startsWith('dodopayments/');
}

function sizes(text: string | Uint8Array): { bytes: number; gzip: number; brotli: number } {
  const buffer = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
  return {
    bytes: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buffer.length } }).length,
  };
}

/** A scratch folder under node_modules/.cache (bare imports resolve from there); removed by the returned function. */
export async function makeScratchDir(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const base = abs('node_modules', '.cache', 'upsell-kit-bench');
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(path.join(base, 'build-'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Builds one target into `scratchDir` and measures it. */
export async function measureTarget(target: BundleTarget, scratchDir: string): Promise<BundleMeasurement> {
  const slug = target.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
  const entryFile = path.join(scratchDir, `${slug}.entry.js`);
  const code = target.entry.type === 'js' ? target.entry.code : `import ${spec(target.entry.file)};\n`;
  await writeFile(entryFile, code);
  const externals = target.external;

  // Vite decides JSX dev mode and export conditions from process.env.NODE_ENV, not from `mode`:
  // under vitest (NODE_ENV=test) it would emit jsxDEV calls with file names and line numbers,
  // ~1.5 KB gz that no host's production build ships. Build as a host's production build does.
  const previousNodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  const result = await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'silent',
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      target: 'es2022',
      outDir: path.join(scratchDir, slug),
      emptyOutDir: true,
      write: true,
      minify: true,
      cssMinify: true,
      sourcemap: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      lib: { entry: entryFile, formats: ['es'], fileName: 'index', cssFileName: 'styles' },
      rollupOptions: { external: (id: string) => isExternal(id, externals) },
    },
  }).finally(() => {
    if (previousNodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = previousNodeEnv;
  });
  const outputs = Array.isArray(result) ? result : [result];
  let js = '';
  let css = '';
  const modules = new Map<string, number>();
  for (const output of outputs) {
    if (!('output' in output)) throw new Error('unexpected watcher from vite build');
    for (const item of output.output) {
      if (item.type === 'chunk') {
        js += item.code;
        for (const [id, info] of Object.entries(item.modules)) modules.set(id, (modules.get(id) ?? 0) + info.renderedLength);
        for (const id of item.moduleIds) if (!modules.has(id)) modules.set(id, 0);
      } else if (item.fileName.endsWith('.css')) {
        css += typeof item.source === 'string' ? item.source : Buffer.from(item.source).toString('utf8');
      }
    }
  }
  // Vite keeps whitespace in an ES library (so a host's bundler still sees pure annotations);
  // a host's production build minifies it fully, so measure it that way, with Vite's own minifier.
  let text = css;
  if (target.entry.type === 'js') {
    const minified = await minify('index.js', js, { module: true, compress: true, mangle: true, codegen: { removeWhitespace: true } });
    if (minified.errors.length > 0) throw new Error(`minify failed for ${target.name}: ${minified.errors.map((e) => e.message).join('; ')}`);
    text = minified.code;
    await writeFile(path.join(scratchDir, slug, 'index.min.js'), text);
  }
  const measured = sizes(text);
  const list = [...modules].map(([id, renderedBytes]) => ({ id, renderedBytes })).sort((a, b) => b.renderedBytes - a.renderedBytes);
  return {
    id: target.id,
    name: target.name,
    kind: target.kind,
    client: target.client,
    ...measured,
    modules: list,
    dodopaymentsModules: list.filter((module) => isDodoSdkModule(module.id)).map((module) => module.id),
  };
}

/** Builds and measures every target, one after another (the machine has 2 cores). */
export async function measureTargets(targets: readonly BundleTarget[]): Promise<BundleMeasurement[]> {
  const scratch = await makeScratchDir();
  try {
    const results: BundleMeasurement[] = [];
    for (const target of targets) results.push(await measureTarget(target, scratch.dir));
    return results;
  } finally {
    await scratch.dispose();
  }
}

/** A module id shortened for humans: repo-relative, or `pkg/...` inside node_modules. */
export function shortModuleId(id: string): string {
  const clean = id.replace(/^\0/, '').split('?')[0] ?? id;
  const nm = clean.lastIndexOf(`node_modules${path.sep}`);
  if (nm >= 0) return clean.slice(nm + 'node_modules/'.length);
  return clean.startsWith(REPO_ROOT) ? path.relative(REPO_ROOT, clean) : clean;
}
