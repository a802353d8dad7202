/**
 * A vitest reporter that sums up the Storybook story sweep: how many stories ran in Chromium
 * and how many axe violations they had (from `task.meta.axeViolations`, which
 * .storybook/vitest.setup.ts copies from the a11y addon's report). Registered next to
 * 'default' in vitest.config.ts; also usable on the command line:
 *   vitest run --reporter=default --reporter=./test/support/story-sweep-reporter.ts
 */
import type { Reporter, TestModule, Vitest } from 'vitest/node';

declare module 'vitest' {
  interface TaskMeta {
    /** Number of axe rules the story violated (0 when clean); undefined when axe did not run. */
    axeViolations?: number;
  }
}

/** The sweep's figures. */
export interface StorySweepSummary {
  /** Stories that ran (passed or failed; skipped ones are not counted). */
  checked: number;
  /** Stories that failed (play function, render error or axe). */
  failed: number;
  /** Axe violations summed over every story. */
  violations: number;
  /** Stories that ran without an axe result (a11y disabled for them, or they failed before axe ran). */
  withoutAxe: number;
}

/** Options of {@link StorySweepReporter}. */
export interface StorySweepReporterOptions {
  /** Name of the vitest project that runs the stories. @default 'storybook' */
  project?: string;
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** Counts the stories and axe violations of the `project` tests among `modules`. */
export function summarizeStorySweep(modules: ReadonlyArray<TestModule>, project = 'storybook'): StorySweepSummary {
  const summary: StorySweepSummary = { checked: 0, failed: 0, violations: 0, withoutAxe: 0 };
  for (const module of modules) {
    const name = module.project.name;
    // Browser projects may be named "storybook (chromium)".
    if (name !== project && !name.startsWith(`${project} (`)) continue;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state !== 'passed' && state !== 'failed') continue;
      summary.checked += 1;
      if (state === 'failed') summary.failed += 1;
      const violations = test.meta().axeViolations;
      if (violations === undefined) summary.withoutAxe += 1;
      else summary.violations += violations;
    }
  }
  return summary;
}

/** The line printed at the end of a run, e.g. "Story sweep: 42 stories checked in Chromium, 0 axe violations". */
export function formatStorySweep(summary: StorySweepSummary): string {
  let line = `Story sweep: ${plural(summary.checked, 'story', 'stories')} checked in Chromium, ${plural(summary.violations, 'axe violation', 'axe violations')}`;
  if (summary.withoutAxe > 0) line += `, ${plural(summary.withoutAxe, 'story', 'stories')} without an axe result`;
  if (summary.failed > 0) line += ` (${summary.failed} failed)`;
  return line;
}

/** Prints the story-sweep line after vitest's own summary; prints nothing when no story ran. */
export default class StorySweepReporter implements Reporter {
  private vitest: Vitest | null = null;
  private readonly project: string;

  constructor(options: StorySweepReporterOptions = {}) {
    this.project = options.project ?? 'storybook';
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const summary = summarizeStorySweep(testModules, this.project);
    if (summary.checked === 0) return;
    const line = formatStorySweep(summary);
    if (this.vitest) this.vitest.logger.log(line);
    else console.log(line);
  }
}
