/// <reference types="vite/client" />
import '../../src/styles.css';
import { screen, within } from '@testing-library/react';
import { describe, expect, inject, it } from 'vitest';
import { page } from 'vitest/browser';
import { UpgradePreview } from '../../src/components/UpgradePreview/index';
import { frame, saveFrameScreenshot, violations } from '../support/browser-frame';

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
 * wide like the modal's, on the frame's fixed clock (28 Nov 2026, `FRAME_NOW` in
 * test/support/browser-frame.tsx), so the amounts and dates never move.
 * Both use one 760 × 1000 viewport: each frame fits whole (about 930 and 970 px tall), and Vitest
 * shrinks a viewport taller than its 720 px window by the same factor for both, so the pair match.
 */
describe.runIf(inject('docsScreenshots'))('UpgradePreview in Chromium: README screenshots', () => {
  it('Alice upgrades Basic → Pro and pays the difference today (upgrade-preview.png)', async () => {
    await page.viewport(760, 1000);
    const { container } = frame(
      <UpgradePreview subscriptionId="sub_alice_basic" defaultProductId="prod_pro_monthly" debounceMs={0} allowedProrationModes={['difference_immediately']} />,
      'happyPath', 'light',
    );
    await within(screen.getByRole('status')).findByText('You will be charged $50.00 today.');
    expect((screen.getByRole('button', { name: 'Confirm upgrade' }) as HTMLButtonElement).disabled).toBe(false);
    await saveFrameScreenshot('upgrade-preview', 'upgrade-preview.png', container);
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
    await saveFrameScreenshot('upgrade-preview-downgrade', 'upgrade-preview-downgrade.png', container);
  });
});
