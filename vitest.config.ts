import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/chromium';
import StorySweepReporter from './test/support/story-sweep-reporter';

const dirname = path.dirname(fileURLToPath(import.meta.url));

/** Debian's Chromium with the flags that keep it off the closed network; never a downloaded browser. */
const chromium = () => playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } });
/** A fresh object per project: vitest names each browser instance after its project ("storybook (chromium)"), so a shared one would carry the first project's name into the next. */
const browser = () => ({ enabled: true, headless: true, provider: chromium(), instances: [{ browser: 'chromium' as const }] });

/** End-to-end stories: each file runs the demo (sandbox, PGlite) and its own Chromium. */
const e2eSuites = ['test/e2e/**/*.test.ts'];

/** Suites without a DOM: framework-free core, memory adapter, server, sandbox, stores, contract, end to end. */
const nodeSuites = [
  'test/core/**/*.test.ts',
  'test/memory/**/*.test.ts',
  'test/server/**/*.test.ts',
  'test/sandbox/**/*.test.ts',
  'test/contract/**/*.test.ts',
  'test/store/**/*.test.ts',
  'test/client/**/*.test.ts',
  ...e2eSuites,
  'test/packaging/**/*.test.ts',
];

export default defineConfig({
  plugins: [react()],
  test: {
    // 'default' first; the story sweep prints "Story sweep: N stories checked in Chromium, N axe violations" last.
    reporters: ['default', new StorySweepReporter()],
    // Issue 5 asks for ≥ 95% line coverage of the state machines and hooks: `npm test` passes
    // --coverage, so ad-hoc runs of one file stay fast and do not share the report folder.
    coverage: {
      provider: 'v8',
      include: ['src/hooks/**', 'src/core/machines/**'],
      reporter: ['text-summary'],
      reportsDirectory: 'test-results/coverage',
      thresholds: { lines: 95 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/**/*.browser.test.{ts,tsx}', ...nodeSuites],
        },
      },
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: nodeSuites,
          exclude: e2eSuites,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One throwaway PostgreSQL cluster per run for the store suites (inject('postgresUrl')).
          globalSetup: ['test/support/postgres/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: e2eSuites,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One demo world (demo, sandbox, PGlite, Chromium) at a time: five at once on two cores,
          // beside Storybook and the browser suites, once took over 45 s to load the thank-you page.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // Pre-bundled up front: discovered mid-run, Vite reloads the page and a second React copy breaks hooks.
        optimizeDeps: { include: ['react', 'react-dom', 'react-dom/client', '@radix-ui/react-dialog', '@testing-library/react', 'axe-core'] },
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.{ts,tsx}'],
          browser: browser(),
          // UK_DOCS_SCREENSHOTS=1 also refreshes the README's images in docs/screenshots/.
          provide: { docsScreenshots: process.env.UK_DOCS_SCREENSHOTS === '1' },
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        test: { name: 'storybook', setupFiles: ['.storybook/vitest.setup.ts'], browser: browser() },
      },
    ],
  },
});
