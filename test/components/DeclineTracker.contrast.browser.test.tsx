/// <reference types="vite/client" />
import '../../src/styles.css';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, inject, it } from 'vitest';
import { page } from 'vitest/browser';
import { DeclineInsights } from '../../src/components/DeclineTracker/index';
import { frame, saveFrameScreenshot, violations } from '../support/browser-frame';

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

/**
 * The README's image (docs/screenshots/), only with `UK_DOCS_SCREENSHOTS=1`: the `withHistory`
 * fixture's three offers, chart and table, light theme, in a 760 × 720 viewport like the modal's.
 * Labels stay within the chart's 22 characters, so none is cut short with "…".
 */
describe.runIf(inject('docsScreenshots'))('DeclineInsights in Chromium: README screenshot', () => {
  it('three offers with the chart (decline-insights.png)', async () => {
    await page.viewport(760, 720);
    const labels = { starter_to_bundle: 'Starter → Bundle', basic_to_pro: 'Basic → Pro plan', cross_priority_support: 'Priority support' };
    const { container } = frame(<DeclineInsights offerLabels={labels} />, 'withHistory', 'light');
    const chart = await screen.findByRole('img', { name: 'Conversion rate per offer' });
    await screen.findByRole('table');
    expect([...chart.querySelectorAll('.uk-decline-insights__bar-label')].map((label) => label.textContent)).toEqual(Object.values(labels));
    await saveFrameScreenshot('decline-insights', 'decline-insights.png', container);
  });
});
