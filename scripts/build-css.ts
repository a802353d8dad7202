/**
 * Builds `dist/styles.css` (the `upsell-kit/styles.css` export): `src/styles.css` with every
 * `@import` inlined, recursively and in order, then minified.
 *
 * Uses Lightning CSS, the CSS engine Vite itself depends on, resolved *from Vite's own install*
 * so the script does not rely on how npm hoisted it (it is not one of our direct dependencies).
 * Run from the `build` script: `tsx scripts/build-css.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The slice of Lightning CSS's API used here (typed locally: the package is Vite's dependency, not ours). */
interface LightningCss {
  bundleAsync(options: {
    filename: string;
    minify?: boolean;
    targets?: Record<string, number>;
    resolver?: { read?: (file: string) => string | Promise<string> };
  }): Promise<{ code: Uint8Array; warnings: { message: string; loc: { filename: string; line: number } }[] }>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'src/styles.css');
const outFile = path.join(root, 'dist/styles.css');

/** Vite's default CSS target ('baseline-widely-available'), so hosts get what their own Vite build would emit. */
const TARGETS = { chrome: 111, edge: 111, firefox: 114, safari: 16.4, ios_saf: 16.4 } as const;

/** Lightning CSS encodes a browser version as major << 16 | minor << 8. */
function version(v: number): number {
  const [major = 0, minor = 0] = String(v).split('.').map(Number);
  return (major << 16) | (minor << 8);
}

function loadLightningCss(): LightningCss {
  const fromVite = createRequire(createRequire(path.join(root, 'package.json')).resolve('vite'));
  return fromVite('lightningcss') as LightningCss;
}

export async function buildCss(): Promise<{ bytes: number; sources: string[] }> {
  const { bundleAsync } = loadLightningCss();
  const targets = Object.fromEntries(Object.entries(TARGETS).map(([name, v]) => [name, version(v)]));
  const sources: string[] = [];
  const result = await bundleAsync({
    filename: entry,
    minify: true,
    targets,
    // Report every file that went in (the entry and each resolved @import), for the log line below.
    resolver: {
      read(file: string) {
        sources.push(path.relative(root, file));
        return readFileSync(file, 'utf8');
      },
    },
  });
  for (const warning of result.warnings) {
    console.warn(`build-css: ${warning.loc.filename}:${warning.loc.line}: ${warning.message}`);
  }
  const css = Buffer.from(result.code).toString('utf8');
  if (/@import\b/.test(css)) throw new Error('build-css: an @import survived bundling');
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, css.endsWith('\n') ? css : `${css}\n`);
  return { bytes: Buffer.byteLength(css), sources };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { bytes, sources } = await buildCss();
  console.log(`build-css: dist/styles.css ${(bytes / 1024).toFixed(2)} kB from ${sources.length} files (${sources.join(', ')})`);
}
