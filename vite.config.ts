import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { builtinModules } from 'node:module';

/**
 * Library build: one ESM file per public entry, every dependency external (hosts bring
 * React, Radix and, for the server entry, dodopayments). Types come from `tsc -p tsconfig.build.json`.
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

const externalPackages = [
  'react',
  'react-dom',
  '@radix-ui/react-dialog',
  'dodopayments',
  'standardwebhooks',
  'zod',
  'pg',
  '@electric-sql/pglite',
];

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
      external: (id) =>
        id.startsWith('node:') ||
        builtinModules.includes(id) ||
        externalPackages.some((name) => id === name || id.startsWith(`${name}/`)),
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Bundling drops module-level directives, so the client entry gets its own back.
        banner: (chunk) => (chunk.isEntry && clientEntries.has(chunk.name) ? "'use client';" : ''),
      },
    },
  },
});
