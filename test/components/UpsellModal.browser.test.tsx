/**
 * UpsellModal and CrossSellCard in real Chromium with the kit's stylesheet: keyboard-only
 * accept and decline, the focus trap and focus return, the live region, axe-core in light and
 * dark, and screenshots of key states.
 */
import '../../src/styles.css';
import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { CrossSellCard, UpsellModal } from '../../src/components/index';
import type { UpsellModalProps } from '../../src/components/index';
import type { Offer } from '../../src/core/types';
import { hi } from '../../src/locales/hi';
import { axeViolations, describeViolations, finishAnimations, saveScreenshot, setTheme } from '../support/browser';
import { failOnConsole, renderWithKit } from '../support/kit';
import type { RenderWithKitOptions } from '../support/kit';

failOnConsole();

const only =
  (id: string) =>
  (offer: Offer): boolean =>
    offer.id === id;

const noop = (): void => undefined;

beforeEach(async () => {
  await page.viewport(760, 720);
  setTheme('light');
});

afterEach(() => {
  document.documentElement.removeAttribute('data-uk-theme');
});

/** A host page: a "See your offer" button that opens the modal, inside <main> (styled by the kit's tokens). */
function renderModal(props: Partial<UpsellModalProps> = {}, options: RenderWithKitOptions = {}) {
  return renderWithKit(
    <main data-uk-root="" style={{ boxSizing: 'border-box', minBlockSize: '100vh', padding: '1.5rem', background: 'var(--uk-color-bg)' }}>
      <UpsellModal
        placement="post_purchase"
        filter={only('single_to_team')}
        defaultOpen={false}
        trigger={
          <button type="button" className="uk-button" data-variant="secondary">
            See your offer
          </button>
        }
        navigate={noop}
        openActionUrl={noop}
        updateCardUrl="https://shop.example/cards"
        {...props}
      />
    </main>,
    options,
  );
}

/** Opens the dialog with the keyboard only: focus the trigger, press Enter. */
async function openWithKeyboard(): Promise<{ trigger: HTMLElement; dialog: HTMLElement }> {
  const trigger = await screen.findByRole('button', { name: 'See your offer' });
  trigger.focus();
  await userEvent.keyboard('{Enter}');
  const dialog = await screen.findByRole('dialog');
  // The offer's saved cards fill in just after it opens (the actions work before that).
  await within(dialog).findByText('Visa •• 4242, expires 08/30');
  await finishAnimations();
  return { trigger, dialog };
}

/** Presses Tab until `target` has focus (at most `max` times); returns the names focused on the way. */
async function tabTo(target: HTMLElement, max = 10): Promise<string[]> {
  const visited: string[] = [];
  for (let i = 0; i < max && document.activeElement !== target; i += 1) {
    await userEvent.tab();
    visited.push(document.activeElement?.textContent?.trim() || document.activeElement?.getAttribute('aria-label') || '');
  }
  expect(document.activeElement).toBe(target);
  return visited;
}

describe('UpsellModal in Chromium: keyboard only', () => {
  it('accepts with Tab and Enter, from the heading that has focus on open', async () => {
    const { adapter } = renderModal();
    const { dialog } = await openWithKeyboard();
    expect(document.activeElement).toBe(within(dialog).getByRole('heading', { level: 2, name: 'Upgrade your order' }));
    const accept = within(dialog).getByRole('button', { name: 'Add to my order' });
    expect(await tabTo(accept)).toEqual(['Use another card', 'Add to my order']);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toBe('Done! Team license (5 seats) has been added to your order.'));
    expect(adapter.charges()).toHaveLength(1);
  });

  it('declines with Tab and Enter, reaches the downsell, declines again, and focus returns to the trigger', async () => {
    const { adapter } = renderModal();
    const { trigger, dialog } = await openWithKeyboard();
    await tabTo(within(dialog).getByRole('button', { name: 'No thanks' }));
    await userEvent.keyboard('{Enter}');
    const downsell = await within(dialog).findByRole('heading', { level: 2, name: 'How about this instead?' });
    expect(document.activeElement).toBe(downsell);
    await tabTo(within(dialog).getByRole('button', { name: 'No thanks' }));
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(trigger);
    expect(adapter.charges()).toEqual([]);
  });

  it('traps focus: Tab and Shift+Tab cycle inside the dialog; Escape closes and focus returns to the trigger', async () => {
    renderModal();
    const { trigger, dialog } = await openWithKeyboard();
    const close = within(dialog).getByRole('button', { name: 'Close' });
    const seen = new Set<Element>();
    for (let i = 0; i < 12; i += 1) {
      await userEvent.tab();
      const active = document.activeElement;
      expect(active !== null && dialog.contains(active)).toBe(true);
      if (active) seen.add(active);
    }
    // Every control was reached, and the cycle came round (12 tabs over 4 stops).
    expect([...seen].map((element) => element.textContent?.trim() || element.getAttribute('aria-label'))).toEqual([
      'Use another card',
      'Add to my order',
      'No thanks',
      'Close',
    ]);
    within(dialog).getByRole('button', { name: 'Use another card' }).focus();
    await userEvent.tab({ shift: true });
    expect(document.activeElement).toBe(close);
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(trigger);
  });
});

describe('UpsellModal in Chromium: announcements', () => {
  it('announces each status change in the same polite live region', async () => {
    renderModal({}, { latencyMs: 150 });
    const { dialog } = await openWithKeyboard();
    const region = within(dialog).getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    const announced: string[] = [];
    const observer = new MutationObserver(() => {
      const text = region.textContent ?? '';
      if (text && announced.at(-1) !== text) announced.push(text);
    });
    observer.observe(region, { childList: true, subtree: true, characterData: true });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add to my order' }));
    await waitFor(() => expect(announced.at(-1)).toBe('Done! Team license (5 seats) has been added to your order.'));
    observer.disconnect();
    expect(announced).toEqual(['Processing your payment…', 'Done! Team license (5 seats) has been added to your order.']);
    // Still the same element: a region inserted with its text would not be announced.
    expect(within(dialog).getByRole('status')).toBe(region);
  });
});

describe('UpsellModal and CrossSellCard in Chromium: axe-core and screenshots', () => {
  for (const theme of ['light', 'dark'] as const) {
    it(`the offer, the card choice and the downsell have no axe violations (${theme})`, async () => {
      setTheme(theme);
      renderModal();
      const { dialog } = await openWithKeyboard();
      expect(describeViolations(await axeViolations())).toEqual([]);
      await saveScreenshot(`upsell-modal-${theme}`, theme === 'light' ? { docsName: 'upsell-modal.png' } : {});

      await userEvent.click(within(dialog).getByRole('button', { name: 'Use another card' }));
      expect(describeViolations(await axeViolations())).toEqual([]);
      await saveScreenshot(`upsell-modal-cards-${theme}`);

      await userEvent.click(within(dialog).getByRole('button', { name: 'No thanks' }));
      await within(dialog).findByRole('heading', { name: 'How about this instead?' });
      expect(describeViolations(await axeViolations())).toEqual([]);
      await saveScreenshot(`upsell-modal-downsell-${theme}`);
    });

    it(`a declined card with the checkout fallback has no axe violations (${theme})`, async () => {
      setTheme(theme);
      renderModal({ filter: only('starter_to_bundle') }, { fixture: 'cardDeclined' });
      const trigger = await screen.findByRole('button', { name: 'See your offer' });
      await userEvent.click(trigger);
      const dialog = await screen.findByRole('dialog');
      await userEvent.click(await within(dialog).findByRole('button', { name: 'Add to my order' }));
      await within(dialog).findByRole('button', { name: 'Pay with checkout instead' });
      expect(describeViolations(await axeViolations())).toEqual([]);
      await saveScreenshot(`upsell-modal-declined-${theme}`);
    });

    it(`success has no axe violations (${theme})`, async () => {
      setTheme(theme);
      renderModal();
      const { dialog } = await openWithKeyboard();
      await userEvent.click(within(dialog).getByRole('button', { name: 'Add to my order' }));
      await within(dialog).findByRole('button', { name: 'Continue' });
      expect(describeViolations(await axeViolations())).toEqual([]);
      await saveScreenshot(`upsell-modal-succeeded-${theme}`);
    });

    it(`cross-sell cards, full and compact, have no axe violations (${theme})`, async () => {
      setTheme(theme);
      const { container } = renderWithKit(
        <main data-uk-root="" style={{ display: 'grid', gap: '1rem', padding: '1.5rem', background: 'var(--uk-color-bg)', inlineSize: 'fit-content' }}>
          <CrossSellCard productId="prod_priority_support" placement="checkout" navigate={noop} />
          <CrossSellCard productId="prod_templates_pack" placement="checkout" variant="compact" navigate={noop} />
        </main>,
      );
      await screen.findByRole('button', { name: 'Add for $19' });
      await screen.findByRole('button', { name: 'Add for $29' });
      expect(describeViolations(await axeViolations())).toEqual([]);
      const frame = container.querySelector('main');
      await saveScreenshot(`cross-sell-card-${theme}`, { ...(frame ? { element: frame } : {}), ...(theme === 'light' ? { docsName: 'cross-sell-card.png' } : {}) });
    });
  }

  it('Hindi, right to left and dark together have no axe violations', async () => {
    setTheme('dark');
    document.documentElement.setAttribute('dir', 'rtl');
    try {
      renderModal({}, { provider: { locale: 'hi-IN', messages: hi } });
      const trigger = await screen.findByRole('button', { name: 'See your offer' });
      await userEvent.click(trigger);
      const dialog = await screen.findByRole('dialog', { name: 'अपना ऑर्डर अपग्रेड करें' });
      await within(dialog).findByText('Visa •• 4242, समाप्ति 08/30');
      expect(describeViolations(await axeViolations())).toEqual([]);
      await saveScreenshot('upsell-modal-hi-rtl-dark');
    } finally {
      document.documentElement.removeAttribute('dir');
    }
  });

  it('Hindi in light has no axe violations (the README image)', async () => {
    renderModal({}, { provider: { locale: 'hi-IN', messages: hi } });
    await userEvent.click(await screen.findByRole('button', { name: 'See your offer' }));
    const dialog = await screen.findByRole('dialog', { name: 'अपना ऑर्डर अपग्रेड करें' });
    await within(dialog).findByText('Visa •• 4242, समाप्ति 08/30');
    expect(describeViolations(await axeViolations())).toEqual([]);
    await saveScreenshot('upsell-modal-hi', { docsName: 'upsell-modal-hi.png' });
  });
});
