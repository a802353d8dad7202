/// <reference types="vite/client" />
import '../../src/styles.css';
import { cleanup, render, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { page } from 'vitest/browser';
import { UpgradePreview } from '../../src/components/UpgradePreview/index';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { hi } from '../../src/locales/hi';
import { createMemoryAdapter } from '../../src/memory/index';
import type { FixtureName } from '../../src/memory/index';
import { saveScreenshot } from '../support/browser';

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

/** The styled UpgradePreview in real Chromium: axe with every rule, colour contrast included (jsdom cannot check it). */
describe.each(['light', 'dark'] as const)('UpgradePreview in Chromium, styled, %s theme: axe with colour contrast', (theme) => {
  it('ready to upgrade, every control shown', async () => {
    const { container } = frame(
      <UpgradePreview subscriptionId="sub_alice_basic" defaultProductId="prod_pro_monthly" debounceMs={0}
        allowedProrationModes={['prorated_immediately', 'difference_immediately']} defaultProrationMode="difference_immediately" allowQuantity />,
      'happyPath', theme,
    );
    await within(screen.getByRole('status')).findByText('You will be charged $50.00 today.');
    expect(await violations(container)).toEqual([]);
  });

  it('downgrade with credit, RTL, Hindi', async () => {
    const { container } = frame(
      <UpgradePreview subscriptionId="sub_bob_pro" defaultProductId="prod_basic_monthly" debounceMs={0} allowedProrationModes={['difference_immediately']} />,
      'cardDeclined', theme, 'rtl', true,
    );
    await within(screen.getByRole('status')).findByText('आज कोई शुल्क नहीं लिया जाएगा।');
    expect(await violations(container)).toEqual([]);
  });

  it('pending change (warning tone) and network error (danger tone)', async () => {
    const pending = frame(<UpgradePreview subscriptionId="sub_dave_plus" defaultProductId="prod_pro_monthly" debounceMs={0} />, 'planChangePending', theme);
    await within(screen.getByRole('status')).findByText(/An earlier plan change/);
    expect(await violations(pending.container)).toEqual([]);
    pending.unmount();
    const failed = frame(<UpgradePreview subscriptionId="sub_alice_basic" />, 'networkError', theme);
    await within(screen.getByRole('status')).findByText(/We could not load your plan options/);
    expect(await violations(failed.container)).toEqual([]);
  });
});

/**
 * The README's images (docs/screenshots/), only with `UK_DOCS_SCREENSHOTS=1`: light theme, 760 px
 * wide like the modal's, on the fixed clock above (28 Nov 2026), so the amounts and dates never move.
 * Both use one 760 × 1000 viewport: each frame fits whole (about 930 and 970 px tall), and Vitest
 * shrinks a viewport taller than its 720 px window by the same factor for both, so the pair match.
 */
describe.runIf(inject('docsScreenshots'))('UpgradePreview in Chromium: README screenshots', () => {
  async function shoot(name: string, docsName: string, container: Element): Promise<void> {
    const shot = container.firstElementChild;
    if (!shot) throw new Error('nothing rendered');
    expect(shot.getBoundingClientRect().bottom).toBeLessThanOrEqual(window.innerHeight);
    await saveScreenshot(name, { element: shot, docsName });
  }

  it('Alice upgrades Basic → Pro and pays the difference today (upgrade-preview.png)', async () => {
    await page.viewport(760, 1000);
    const { container } = frame(
      <UpgradePreview subscriptionId="sub_alice_basic" defaultProductId="prod_pro_monthly" debounceMs={0} allowedProrationModes={['difference_immediately']} />,
      'happyPath', 'light',
    );
    await within(screen.getByRole('status')).findByText('You will be charged $50.00 today.');
    expect((screen.getByRole('button', { name: 'Confirm upgrade' }) as HTMLButtonElement).disabled).toBe(false);
    await shoot('upgrade-preview', 'upgrade-preview.png', container);
  });

  it('Bob downgrades Pro → Basic and keeps a credit (upgrade-preview-downgrade.png)', async () => {
    await page.viewport(760, 1000);
    const { container } = frame(
      <UpgradePreview subscriptionId="sub_bob_pro" defaultProductId="prod_basic_monthly" debounceMs={0} allowedProrationModes={['difference_immediately']} />,
      'cardDeclined', 'light',
    );
    const status = screen.getByRole('status');
    await within(status).findByText('Nothing is charged today.');
    await within(status).findByText('You get a $50.00 credit on this subscription. It is applied automatically to your next renewals.');
    expect((screen.getByRole('button', { name: 'Confirm downgrade' }) as HTMLButtonElement).disabled).toBe(false);
    await shoot('upgrade-preview-downgrade', 'upgrade-preview-downgrade.png', container);
  });
});
