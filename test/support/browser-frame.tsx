/**
 * A styled frame for the contrast tests in Chromium: one component inside an `UpsellProvider`
 * over a memory fixture on a fixed clock, in a themed `data-uk-root` box with the kit's
 * background; axe with every rule (colour contrast included) on that frame; and the README
 * screenshot of the frame, which must fit the viewport.
 */
import { cleanup, render } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactNode } from 'react';
import { afterEach, expect } from 'vitest';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { hi } from '../../src/locales/hi';
import { createMemoryAdapter } from '../../src/memory/index';
import type { FixtureName } from '../../src/memory/index';
import { saveScreenshot } from './browser';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

/** The frames' fixed clock (28 Nov 2026), so amounts and dates never move. */
export const FRAME_NOW = new Date('2026-11-28T00:00:00.000Z');

/** Renders `ui` in a styled, themed frame over the memory `fixture`; `hindi` switches to `hi-IN` and its messages. */
export function frame(ui: ReactNode, fixture: FixtureName, theme: 'light' | 'dark', dir: 'ltr' | 'rtl' = 'ltr', hindi = false) {
  const adapter = createMemoryAdapter({ fixture, now: () => FRAME_NOW });
  return render(
    <UpsellProvider adapter={adapter} storage={null} now={() => FRAME_NOW} locale={hindi ? 'hi-IN' : 'en-US'} messages={hindi ? hi : undefined}>
      <div data-uk-root="" data-uk-theme={theme} dir={dir} style={{ padding: 16, background: 'var(--uk-color-bg)' }}>
        {ui}
      </div>
    </UpsellProvider>,
  );
}

/** Axe violations inside `container`, every rule on (colour contrast included), one readable line each. */
export async function violations(container: Element): Promise<string[]> {
  const results = await axe.run(container);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

/** Saves the frame rendered in `container` (see {@link saveScreenshot}), after checking it fits the viewport whole. */
export async function saveFrameScreenshot(name: string, docsName: string, container: Element): Promise<void> {
  const shot = container.firstElementChild;
  if (!shot) throw new Error('nothing rendered');
  expect(shot.getBoundingClientRect().bottom).toBeLessThanOrEqual(window.innerHeight);
  await saveScreenshot(name, { element: shot, docsName });
}
