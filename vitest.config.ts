import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** jsdom for the React/core layers, node for the server, sandbox and store layers. */
const nodeSuites = ['test/server/**/*.test.ts', 'test/sandbox/**/*.test.ts', 'test/contract/**/*.test.ts', 'test/store/**/*.test.ts', 'test/client/**/*.test.ts'];

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/**/*.browser.test.tsx', ...nodeSuites],
        },
      },
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: nodeSuites, testTimeout: 30_000, hookTimeout: 30_000 },
      },
    ],
  },
});
