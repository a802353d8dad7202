/**
 * Makes the emitted declarations (`dist/types/**\/*.d.ts`) resolvable under
 * `moduleResolution: node16 / nodenext`, not only `bundler`.
 *
 * `src/` imports its own modules without extensions (`from './core/index'`), which `bundler`
 * resolution accepts; `tsc` copies those specifiers into the `.d.ts` files as they are. A
 * consumer whose tsconfig uses `node16`/`nodenext` (the default for Node ESM projects) then
 * cannot follow them, because the package is `"type": "module"` and ESM needs full paths
 * (are-the-types-wrong: "Internal resolution error"). This rewrites every relative specifier
 * to the file it names: `./core/index` → `./core/index.js`, `./hooks` → `./hooks/index.js`.
 * A specifier that names no emitted declaration fails the build.
 *
 * Run by the `build` script after `tsc -p tsconfig.build.json`.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const typesDir = path.join(root, 'dist/types');

/** `from './x'`, `import './x'`, `import('./x')` (type queries) and `/// <reference path>` are not needed: tsc emits none. */
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*|\.\.?)\2/g;

function listDeclarations(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return listDeclarations(full);
    return name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The specifier with the extension node16 needs, or null when it names no declaration file. */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  if (/\.(js|mjs|cjs|json)$/.test(specifier)) return specifier;
  const base = path.resolve(path.dirname(fromFile), specifier);
  if (existsSync(`${base}.d.ts`)) return `${specifier}.js`;
  if (existsSync(path.join(base, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  return null;
}

export function fixDeclarationSpecifiers(): { files: number; rewritten: number } {
  if (!existsSync(typesDir)) throw new Error(`fix-dts-specifiers: ${path.relative(root, typesDir)} does not exist; run tsc -p tsconfig.build.json first`);
  const unresolved: string[] = [];
  let rewritten = 0;
  const files = listDeclarations(typesDir);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const next = text.replace(SPECIFIER, (match, prefix: string, quote: string, specifier: string) => {
      const resolved = resolveSpecifier(file, specifier);
      if (resolved === null) {
        unresolved.push(`${path.relative(root, file)}: '${specifier}'`);
        return match;
      }
      if (resolved === specifier) return match;
      rewritten += 1;
      return `${prefix}${quote}${resolved}${quote}`;
    });
    if (next !== text) writeFileSync(file, next);
  }
  if (unresolved.length > 0) {
    throw new Error(`fix-dts-specifiers: relative imports that name no emitted declaration:\n  ${unresolved.join('\n  ')}`);
  }
  return { files: files.length, rewritten };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, rewritten } = fixDeclarationSpecifiers();
  console.log(`fix-dts-specifiers: ${rewritten} relative imports given their .js path in ${files} declaration files`);
}
