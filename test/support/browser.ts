/**
 * Helpers for the Chromium (vitest browser mode) component tests: wait out entrance animations,
 * run axe-core on the page, switch theme, and save screenshots for review and for the README.
 */
import axe from 'axe-core';
import { inject } from 'vitest';
import { page } from 'vitest/browser';

declare module 'vitest' {
  interface ProvidedContext {
    /** True when README screenshots (docs/screenshots/) should be written too: `UK_DOCS_SCREENSHOTS=1`. */
    docsScreenshots: boolean;
  }
}

/** Waits until every finite CSS animation has finished (spinners run forever and are skipped). */
export async function finishAnimations(): Promise<void> {
  const finite = document.getAnimations().filter((animation) => {
    const end = animation.effect?.getComputedTiming().endTime;
    return typeof end === 'number' && Number.isFinite(end);
  });
  await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
}

/**
 * Axe violations on the whole document body. The `region` rule is off, as in Storybook's a11y
 * addon: a component rendered alone has no page landmarks to sit in.
 */
export async function axeViolations(): Promise<axe.Result[]> {
  await finishAnimations();
  const results = await axe.run(document.body, { resultTypes: ['violations'], rules: { region: { enabled: false } } });
  return results.violations;
}

/** A readable list of violations for an assertion message. */
export function describeViolations(violations: readonly axe.Result[]): string[] {
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Forces the kit's light or dark theme on <html> (dialogs portal to <body>, so the root is where it must go). */
export function setTheme(theme: 'light' | 'dark'): void {
  document.documentElement.setAttribute('data-uk-theme', theme);
}

/**
 * Saves a screenshot of the test iframe to test-results/screenshots/<name>.png (gitignored), and
 * to docs/screenshots/<docsName> as well when `UK_DOCS_SCREENSHOTS=1` (the README's images).
 * Paths are relative to the test file, which lives in test/components/.
 */
export async function saveScreenshot(name: string, options: { element?: Element; docsName?: string } = {}): Promise<string> {
  await finishAnimations();
  const { element, docsName } = options;
  const path = await page.screenshot({ path: `../../test-results/screenshots/${name}.png`, ...(element ? { element } : {}) });
  if (docsName && inject('docsScreenshots')) {
    await page.screenshot({ path: `../../docs/screenshots/${docsName}`, ...(element ? { element } : {}) });
  }
  return path;
}
