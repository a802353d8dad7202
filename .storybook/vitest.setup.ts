/**
 * Setup of the `storybook` vitest project. The addon runs each story and its play function,
 * then the a11y addon runs axe (`a11y: { test: 'error' }` fails the story on a violation). Here
 * we copy the axe outcome onto the test's meta, which reaches the Node side, so the story-sweep
 * reporter (test/support/story-sweep-reporter.ts) can print how many violations were found,
 * and fail any story that writes to console.error (a React warning is a bug too).
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { MockInstance } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Number of axe rules the story violated (0 when clean); undefined when axe did not run. */
    axeViolations?: number;
  }
}

interface A11yReport {
  type: 'a11y';
  result: { violations?: unknown[] } | { error: unknown };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isA11yReport(value: unknown): value is A11yReport {
  return isRecord(value) && value.type === 'a11y' && isRecord(value.result);
}

/** The reports a composed story collected (the addon puts the story, a function object, on the test context). */
function storyReports(context: object): unknown[] {
  const story: unknown = Reflect.get(context, 'story');
  if (typeof story !== 'function' && !isRecord(story)) return [];
  const reporting: unknown = Reflect.get(story, 'reporting');
  if (!isRecord(reporting)) return [];
  const reports = reporting.reports;
  return Array.isArray(reports) ? reports : [];
}

let consoleError: MockInstance<typeof console.error> | null = null;

beforeEach(() => {
  consoleError = vi.spyOn(console, 'error');
});

afterEach((context) => {
  const a11y = storyReports(context).filter(isA11yReport);
  if (a11y.length > 0) {
    // An axe run that threw counts as one violation: the story was not proven clean.
    context.task.meta.axeViolations = a11y.reduce(
      (sum, report) => sum + ('violations' in report.result && Array.isArray(report.result.violations) ? report.result.violations.length : 1),
      0,
    );
  }
  const calls = consoleError?.mock.calls ?? [];
  consoleError?.mockRestore();
  consoleError = null;
  expect(calls.map((args) => args.map(String).join(' ')), 'console.error while rendering the story').toEqual([]);
});
