/// <reference types="vite/client" />
import '../../src/styles.css';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DeclineInsights } from '../../src/components/DeclineTracker/index';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { hi } from '../../src/locales/hi';
import { createMemoryAdapter } from '../../src/memory/index';
import type { FixtureName } from '../../src/memory/index';

afterEach(() => cleanup());

const NOW = new Date('2026-11-28T00:00:00.000Z');

function frame(ui: ReactNode, fixture: FixtureName, theme: 'light' | 'dark', dir: 'ltr' | 'rtl' = 'ltr', hindi = false) {
  const adapter = createMemoryAdapter({ fixture, now: () => NOW });
  return render(
    <UpsellProvider adapter={adapter} storage={null} now={() => NOW} locale={hindi ? 'hi-IN' : 'en-US'} messages={hindi ? hi : undefined}>
      <div data-uk-root="" data-uk-theme={theme} dir={dir} style={{ padding: 16, background: 'var(--uk-color-bg)' }}>
        {ui}
      </div>
    </UpsellProvider>,
  );
}

async function violations(container: Element): Promise<string[]> {
  const results = await axe.run(container);
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

/** The styled DeclineInsights in real Chromium: axe with every rule, colour contrast included (jsdom cannot check it). */
describe.each(['light', 'dark'] as const)('DeclineInsights in Chromium, styled, %s theme: axe with colour contrast', (theme) => {
  it('with data, in English and LTR', async () => {
    const { container } = frame(<DeclineInsights offerLabels={{ starter_to_bundle: 'Starter → Complete bundle' }} />, 'withHistory', theme);
    await screen.findByRole('table');
    expect(await violations(container)).toEqual([]);
  });

  it('with data, in Hindi and RTL: the chart mirrors, labels start at the right', async () => {
    const { container } = frame(<DeclineInsights />, 'withHistory', theme, 'rtl', true);
    const chart = await screen.findByRole('img', { name: 'हर ऑफ़र की रूपांतरण दर' });
    await waitFor(() => expect(chart.getAttribute('direction')).toBe('rtl'));
    const label = chart.querySelector('.uk-decline-insights__bar-label');
    const fill = chart.querySelector('.uk-decline-insights__bar-fill');
    expect(label && fill).toBeTruthy();
    const labelBox = (label as SVGGraphicsElement).getBoundingClientRect();
    const fillBox = (fill as SVGGraphicsElement).getBoundingClientRect();
    expect(labelBox.left).toBeGreaterThan(fillBox.right);
    expect(await violations(container)).toEqual([]);
  });

  it('empty and failed', async () => {
    const empty = frame(<DeclineInsights />, 'happyPath', theme);
    await screen.findByText('No offers have been shown yet.');
    expect(await violations(empty.container)).toEqual([]);
    empty.unmount();
    const failed = frame(<DeclineInsights />, 'networkError', theme);
    await screen.findByRole('button', { name: 'Try again' });
    expect(await violations(failed.container)).toEqual([]);
  });
});
