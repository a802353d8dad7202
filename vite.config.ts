import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

/**
 * Library build: one ESM file per public entry (shared code in `dist/chunks/`), every
 * dependency external (hosts bring React, Radix and, for the server entries, dodopayments).
 * Types come from `tsc -p tsconfig.build.json` + `scripts/fix-dts-specifiers.ts`, the
 * stylesheet from `scripts/build-css.ts`; `npm run build` runs all of them.
 *
 * Tree-shaking: the `index` entry holds hooks and components in one file. Hosts' bundlers
 * drop the unused components statement by statement (they are plain function declarations,
 * and `sideEffects` marks only CSS as effectful), so a hooks-only import keeps no component
 * and no Radix; `test/packaging` builds such a consumer and checks it.
 */
const entries = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  memory: 'src/memory/index.ts',
  server: 'src/server/index.ts',
  sandbox: 'src/sandbox/index.ts',
  'locales/hi': 'src/locales/hi.ts',
};

/** Entries that hold React hooks or components: they start with 'use client' for RSC hosts. */
const clientEntries = new Set(['index']);

/** Source folders whose modules are client code (each starts with 'use client' in src/). */
const CLIENT_SOURCE = /[\\/]src[\\/](hooks|components)[\\/]/;

interface PackageJson {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as PackageJson;

/**
 * Everything a host installs (peer, optional or regular dependency) stays an import; nothing
 * from node_modules is copied into dist. Read from package.json so the two cannot drift.
 */
const externalPackages = [
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
];

const isBuiltin = (id: string) => id.startsWith('node:') || builtinModules.includes(id);
const isExternalPackage = (id: string) => externalPackages.some((name) => id === name || id.startsWith(`${name}/`));
/** `react`, `@radix-ui/react-dialog/x`: a package import, not a path or a plugin's virtual module. */
const isBareImport = (id: string) => /^(@[\w.-]+\/)?\w[\w.-]*(\/|$)/.test(id) && !id.includes(':');

export default defineConfig({
  plugins: [react()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: { entry: entries, formats: ['es'] },
    rollupOptions: {
      external: (id) => {
        if (isBuiltin(id) || isExternalPackage(id)) return true;
        // A package that is not a declared dependency would be copied into dist (or, as a
        // devDependency, be missing at the host): declare it in package.json instead.
        if (isBareImport(id)) {
          throw new Error(`upsell-kit build: "${id}" is imported from src but is not a dependency or peer dependency in package.json`);
        }
        return false;
      },
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Bundling drops module-level directives, so client code gets its own back: the client
        // entries, and any shared chunk that ends up holding a hook or component module.
        banner: (chunk) =>
          (chunk.isEntry && clientEntries.has(chunk.name)) || chunk.moduleIds.some((id) => CLIENT_SOURCE.test(id))
            ? "'use client';"
            : '',
      },
    },
  },
});
