/**
 * Vite config of the demo's browser app. It imports the kit from `src/` (through
 * `src/kit.ts`), so the demo always runs the current code. `npm start` builds it into `dist`;
 * `npm run dev` serves it through Vite's middleware with hot reload.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  publicDir: false,
  // The repository's root, so Vite may read the kit's sources next to the demo.
  server: { fs: { allow: [path.resolve(root, '../..')] } },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Rolldown's slow-plugin notice only measures a busy machine here, not a problem to fix.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
