/**
 * What a story's browser did, kept for the case it fails: console messages, page errors, failed
 * requests and error responses (with the time since the context opened), and a screenshot of
 * every open page at the moment the story closes its context. A story closes its context in
 * `finally`, before vitest reports a failure, so this is the only trace a failed wait leaves
 * (for example a page that never showed its heading on a loaded CI machine).
 */
import { writeFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';

/** A traced context and what it recorded. */
export interface ContextTrace {
  /** The context, whose `close` now also saves the trace. */
  context: BrowserContext;
  /** The recorded lines so far, headed by the trace's file prefix. */
  text(): string;
}

/**
 * Records `context` and, when it closes, writes `<prefix>.log` and `<prefix>-page<n>.png`
 * (gitignored, under test-results).
 */
export function traceContext(context: BrowserContext, prefix: string): ContextTrace {
  const started = Date.now();
  const lines: string[] = [];
  const note = (text: string): void => void lines.push(`${String(Date.now() - started).padStart(6)} ms  ${text}`);
  const watch = (page: Page): void => {
    page.on('console', (message) => note(`console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => note(`page error: ${error.message}`));
    page.on('requestfailed', (request) => note(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
    page.on('response', (response) => {
      if (response.status() >= 400) note(`${response.status()} ${response.request().method()} ${response.url()}`);
    });
    page.on('load', () => note(`load: ${page.url()}`));
  };
  context.on('page', watch);

  const close = context.close.bind(context);
  context.close = async (options) => {
    note('context closed');
    const pages = context.pages();
    await Promise.all(pages.map((page, index) => page.screenshot({ path: `${prefix}-page${index + 1}.png`, fullPage: true }).catch(() => undefined)));
    await writeFile(`${prefix}.log`, `${lines.join('\n')}\n`).catch(() => undefined);
    return close(options);
  };
  return { context, text: () => [`${prefix}.log (screenshots beside it):`, ...lines].join('\n') };
}
