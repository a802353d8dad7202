/**
 * UpsellModal in jsdom, with no stylesheet imported: every state is reachable and announced
 * with correct semantics by role, label and ARIA attribute alone.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { UpsellModal } from '../../src/components/index';
import type { UpsellModalProps } from '../../src/components/index';
import type { UpsellAdapter } from '../../src/core/adapter';
import type { Offer } from '../../src/core/types';
import { UpsellProvider } from '../../src/hooks/index';
import { createMemoryAdapter } from '../../src/memory/index';
import { hi } from '../../src/locales/hi';
import { failOnConsole, referencedText, renderWithKit } from '../support/kit';
import type { RenderWithKitOptions } from '../support/kit';

failOnConsole();

const only =
  (id: string) =>
  (offer: Offer): boolean =>
    offer.id === id;

function setup(props: Partial<UpsellModalProps> = {}, options: RenderWithKitOptions = {}) {
  const navigate = vi.fn<(url: string) => void>();
  const openActionUrl = vi.fn<(url: string) => void>();
  const onResult = vi.fn<NonNullable<UpsellModalProps['onResult']>>();
  const user = userEvent.setup();
  const rendered = renderWithKit(
    <UpsellModal
      placement="post_purchase"
      filter={only('single_to_team')}
      navigate={navigate}
      openActionUrl={openActionUrl}
      onResult={onResult}
      updateCardUrl="https://shop.example/cards"
      {...props}
    />,
    options,
  );
  return { ...rendered, user, navigate, openActionUrl, onResult };
}

/** The dialog, once the saved cards (which fill in after the offer is on screen) are there too. */
async function findDialog(name?: string | RegExp): Promise<HTMLElement> {
  const dialog = await screen.findByRole('dialog', name === undefined ? {} : { name });
  await waitFor(() => expect(dialog.querySelector('[data-slot="payment"][data-state="loading"]')).toBeNull());
  return dialog;
}
const status = (dialog: HTMLElement) => within(dialog).getByRole('status');

describe('UpsellModal: the offer', () => {
  it('opens by itself once the offer is ready, labelled by its title and described by the product', async () => {
    setup();
    expect(screen.queryByRole('dialog')).toBeNull();
    const dialog = await findDialog('Upgrade your order');
    expect(referencedText(dialog, 'aria-labelledby')).toBe('Upgrade your order');
    expect(referencedText(dialog, 'aria-describedby')).toBe('Five seats with shared billing.');
    expect(dialog.getAttribute('data-state')).toBe('ready');
    // The heading has focus, not "Add to my order": a stray Enter buys nothing.
    expect(within(dialog).getByRole('heading', { level: 2, name: 'Upgrade your order' })).toBe(document.activeElement);
  });

  it('shows the product, features, badge, price with the struck compare-at price, and the saved card', async () => {
    setup();
    const dialog = await findDialog();
    const view = within(dialog);
    expect(view.getByRole('heading', { level: 3, name: 'Team license (5 seats)' })).toBeTruthy();
    expect(within(view.getByRole('list', { name: 'What you get' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '5 seats',
      '1 year of updates',
      'Shared billing',
    ]);
    expect(view.getByText('Most popular').tagName).toBe('LI');
    expect(view.getByText('$399.00')).toBeTruthy();
    // Strikethrough is not announced, so the old price is read as "Was $495.00", hidden without any CSS.
    const was = view.getByText('Was $495.00');
    expect(was.closest('s')).not.toBeNull();
    expect(was.style.position).toBe('absolute');
    expect(view.getByText('Visa •• 4242, expires 08/30')).toBeTruthy();
    expect(view.getByText('Visa ending in 4242, expires 08/30')).toBeTruthy();
    expect(view.getByText('We will charge Visa •• 4242 $399.00 now. No need to enter your details again.')).toBeTruthy();
    expect(view.getByRole('button', { name: /add to my order/i }).getAttribute('aria-disabled')).toBeNull();
    expect(view.getByRole('button', { name: /no thanks/i }).getAttribute('aria-disabled')).toBeNull();
    expect(view.getByRole('button', { name: 'Close' })).toBeTruthy();
    expect(status(dialog).textContent).toBe('');
  });

  it('a plan change says "Upgrade now", bills per month and says exactly what one click charges today', async () => {
    setup({ filter: only('basic_to_pro') });
    const view = within(await findDialog('Upgrade your plan'));
    expect(view.getByText('$80.00/month')).toBeTruthy();
    expect(view.getByText('Your plan changes now and we charge Visa •• 4242 $50.00 today; after that you pay $80.00/month.')).toBeTruthy();
    expect(view.getByRole('button', { name: 'Upgrade now' })).toBeTruthy();
  });

  it('a plan change from a backend that does not quote it says the change is charged today, without inventing an amount', async () => {
    const memory = createMemoryAdapter({ autoCompleteActionMs: null });
    const adapter: UpsellAdapter = {
      ...memory,
      getOffers: async (request, options) => (await memory.getOffers(request, options)).map(({ chargeToday: _quoted, ...offer }) => offer),
    };
    render(
      <UpsellProvider adapter={adapter} storage={null}>
        <UpsellModal placement="post_purchase" filter={only('basic_to_pro')} />
      </UpsellProvider>,
    );
    const view = within(await findDialog('Upgrade your plan'));
    expect(view.getByText('Your plan changes now and Visa •• 4242 is charged for the change today; after that you pay $80.00/month.')).toBeTruthy();
  });

  it('a plan change is charged to the subscription’s card: no card to choose, and one click upgrades the plan', async () => {
    const { adapter, user } = setup({ filter: only('basic_to_pro') });
    const view = within(await findDialog('Upgrade your plan'));
    await view.findByText('Visa •• 4242, expires 08/30');
    // Alice has other usable cards, but a plan change cannot be paid with them.
    expect(view.queryByRole('button', { name: 'Use another card' })).toBeNull();
    await user.click(view.getByRole('button', { name: 'Upgrade now' }));
    expect(await view.findByText('You are now on Pro plan.')).toBeTruthy();
    expect(adapter.charges().map((charge) => charge.paymentMethodId)).toEqual(['pm_visa_4242']);
  });

  it('reads the Hindi catalog and formats for hi-IN', async () => {
    setup({}, { provider: { locale: 'hi-IN', messages: hi } });
    const view = within(await findDialog('अपना ऑर्डर अपग्रेड करें'));
    expect(view.getByRole('button', { name: 'मेरे ऑर्डर में जोड़ें' })).toBeTruthy();
    expect(view.getByRole('button', { name: 'नहीं, धन्यवाद' })).toBeTruthy();
    expect(view.getByRole('button', { name: 'बंद करें' })).toBeTruthy();
    expect(view.getByText('सबसे लोकप्रिय')).toBeTruthy();
    expect(view.getByText('Visa •• 4242, समाप्ति 08/30')).toBeTruthy();
    expect(view.getByText('पहले $495.00')).toBeTruthy();
  });

  it('throws a message naming the component and the provider outside <UpsellProvider>', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<UpsellModal placement="post_purchase" />)).toThrow('UpsellModal must be used inside <UpsellProvider>');
    quiet.mockRestore();
  });
});

describe('UpsellModal: accepting', () => {
  it('accepts one-click and announces success in the polite status region', async () => {
    const { user, adapter, onResult } = setup();
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: /add to my order/i }));
    const region = status(dialog);
    expect(region.getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(region.textContent).toBe('Done! Team license (5 seats) has been added to your order.'));
    expect(dialog.getAttribute('data-state')).toBe('succeeded');
    expect(adapter.charges()).toEqual([expect.objectContaining({ offerId: 'single_to_team', amount: { minor: 39900, currency: 'USD' }, paymentMethodId: 'pm_visa_4242' })]);
    expect(onResult).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ outcome: 'accepted' }));
    await user.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('can accept before the saved cards arrive: the button works at once and charges the offer\'s suggested card', async () => {
    const memory = createMemoryAdapter({ autoCompleteActionMs: null });
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const adapter: UpsellAdapter = {
      ...memory,
      listPaymentMethods: async (...args) => {
        await held;
        return memory.listPaymentMethods(...args);
      },
    };
    const user = userEvent.setup();
    render(
      <UpsellProvider adapter={adapter} storage={null}>
        <UpsellModal placement="post_purchase" filter={only('single_to_team')} />
      </UpsellProvider>,
    );
    const dialog = await screen.findByRole('dialog');
    const accept = within(dialog).getByRole('button', { name: /add to my order/i });
    expect(accept.getAttribute('aria-disabled')).toBeNull();
    expect(within(dialog).getByText('Loading…')).toBeTruthy();
    await user.click(accept);
    await waitFor(() => expect(dialog.getAttribute('data-state')).toBe('succeeded'));
    expect(memory.charges()).toEqual([expect.objectContaining({ offerId: 'single_to_team', paymentMethodId: 'pm_visa_4242' })]);
    release();
  });

  it('charges once for a double click, and keeps the busy button focusable while it charges', async () => {
    const { user, adapter } = setup({}, { latencyMs: 300 });
    const dialog = await screen.findByRole('dialog', {}, { timeout: 3000 });
    const accept = within(dialog).getByRole('button', { name: /add to my order/i });
    await waitFor(() => expect(accept.getAttribute('aria-disabled')).toBeNull(), { timeout: 3000 });
    await user.dblClick(accept);
    expect(accept.getAttribute('aria-busy')).toBe('true');
    expect(accept.getAttribute('aria-disabled')).toBe('true');
    expect(accept.textContent).toBe('Adding…');
    expect(accept.hasAttribute('disabled')).toBe(false);
    expect(status(dialog).textContent).toBe('Processing your payment…');
    await user.click(accept);
    await waitFor(() => expect(dialog.getAttribute('data-state')).toBe('succeeded'), { timeout: 3000 });
    expect(adapter.charges()).toHaveLength(1);
    expect(adapter.calls('purchase')).toBe(1);
  });

  it('lets the customer choose another usable card; unusable ones are disabled with their reason', async () => {
    const { user, openActionUrl } = setup();
    const view = within(await findDialog());
    const change = view.getByRole('button', { name: 'Use another card' });
    expect(change.getAttribute('aria-expanded')).toBe('false');
    await user.click(change);
    expect(change.getAttribute('aria-expanded')).toBe('true');
    const group = view.getByRole('group', { name: 'Pay with' });
    expect(change.getAttribute('aria-controls')).toBe(group.id);
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((radio) => [radio.getAttribute('value'), (radio as HTMLInputElement).checked, (radio as HTMLInputElement).disabled])).toEqual([
      ['pm_visa_4242', true, false],
      ['pm_mc_3ds_3155', false, false],
      ['pm_amex_expired_0005', false, true],
      ['pm_visa_norecur_1881', false, true],
    ]);
    const amex = within(group).getByRole('radio', { name: /Amex ending in 0005/ });
    expect(referencedText(amex, 'aria-describedby')).toBe('Expired');
    expect(referencedText(within(group).getByRole('radio', { name: /Visa ending in 1881/ }), 'aria-describedby')).toBe('Needs your confirmation each time');

    await user.click(within(group).getByRole('radio', { name: /Mastercard ending in 3155/ }));
    expect(view.getByText(/We will charge Mastercard •• 3155/)).toBeTruthy();
    await user.click(view.getByRole('button', { name: /add to my order/i }));
    // That Mastercard asks for 3-D Secure: proof the chosen card was the one charged.
    await view.findByRole('button', { name: /confirm with your bank/i });
    expect(openActionUrl).not.toHaveBeenCalled();
  });
});

describe('UpsellModal: 3-D Secure', () => {
  it('offers to continue with the bank in a new window, then waits, then succeeds', async () => {
    const { user, adapter, openActionUrl } = setup(
      { filter: only('starter_to_bundle'), polling: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 50 } },
      { fixture: 'requiresAction' },
    );
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: /add to my order/i }));
    const bank = await within(dialog).findByRole('button', { name: 'Confirm with your bank (opens in a new window)' });
    expect(status(dialog).textContent).toBe('Your bank needs you to confirm this payment.');
    await user.click(bank);
    expect(openActionUrl).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/\/action\/pur_mem_\d+$/));
    await waitFor(() => expect(status(dialog).textContent).toBe('Waiting for your bank’s confirmation in the other window…'));
    const purchaseId = String(openActionUrl.mock.calls[0]?.[0]).split('/').pop() ?? '';
    adapter.completeAction(purchaseId);
    await waitFor(() => expect(status(dialog).textContent).toBe('Done! Complete bundle has been added to your order.'));
    expect(adapter.charges()).toHaveLength(1);
  });
});

describe('UpsellModal: declining and dismissing', () => {
  it('"No thanks" shows the downsell in the same dialog, and a second "No thanks" closes it', async () => {
    const { user, onResult, adapter } = setup();
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: /no thanks/i }));
    const heading = await within(dialog).findByRole('heading', { level: 2, name: 'How about this instead?' });
    expect(heading).toBe(document.activeElement);
    expect(within(dialog).getByRole('heading', { level: 3, name: 'Duo license (2 seats)' })).toBeTruthy();
    expect(dialog.hasAttribute('data-downsell')).toBe(true);
    expect(screen.getByRole('dialog', { name: 'How about this instead?' })).toBe(dialog);
    expect(onResult).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole('button', { name: /no thanks/i }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onResult).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ outcome: 'declined', offer: expect.objectContaining({ id: 'single_to_duo' }) }));
    await waitFor(() => expect(adapter.events().filter((event) => event.event === 'declined').map((event) => event.offerId)).toEqual(['single_to_team', 'single_to_duo']));
    expect(adapter.charges()).toEqual([]);
  });

  it('Escape dismisses: the dialog closes, the dismissal is recorded and reported', async () => {
    const { user, onResult, adapter } = setup();
    await findDialog();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onResult).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ outcome: 'dismissed' }));
    await waitFor(() => expect(adapter.events().map((event) => event.event)).toEqual(['shown', 'dismissed']));
  });

  it('a click on the overlay dismisses too', async () => {
    const { user, onResult } = setup();
    await findDialog();
    const overlay = document.querySelector('[data-slot="overlay"]');
    expect(overlay).not.toBeNull();
    if (overlay) await user.click(overlay);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onResult).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ outcome: 'dismissed' }));
  });

  it('the close button dismisses too', async () => {
    const { user, onResult } = setup();
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(onResult).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'dismissed' }));
  });
});

describe('UpsellModal: no one-click card', () => {
  it('without a saved card, says so and continues to checkout', async () => {
    const { user, navigate, onResult } = setup({ filter: only('starter_to_bundle') }, { fixture: 'noSavedCard' });
    const dialog = await findDialog();
    const view = within(dialog);
    expect(view.getByText('No saved card can be charged for this offer.')).toBeTruthy();
    expect(view.getByText('You will finish paying on a secure checkout page.')).toBeTruthy();
    expect(view.queryByRole('button', { name: /add to my order/i })).toBeNull();
    await user.click(view.getByRole('button', { name: 'Continue to checkout' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledExactlyOnceWith('https://checkout.example.invalid/checkout/starter_to_bundle'));
    expect(status(dialog).textContent).toBe('Taking you to checkout…');
    expect(view.getByRole('link', { name: 'Continue to checkout' }).getAttribute('href')).toBe('https://checkout.example.invalid/checkout/starter_to_bundle');
    expect(onResult).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'checkout' }));
  });

  it('an expired card is listed with its reason, next to "Update card"', async () => {
    setup({ filter: only('starter_to_bundle') }, { fixture: 'expiredCard' });
    const view = within(await findDialog());
    expect(view.getByText('Amex ending in 0005, expires 01/25')).toBeTruthy();
    expect(view.getByText('Expired')).toBeTruthy();
    expect(view.getByRole('link', { name: 'Update card' }).getAttribute('href')).toBe('https://shop.example/cards');
  });

  it('a card that cannot pay the offer currency says which currency', async () => {
    setup({ filter: only('starter_to_bundle') }, { fixture: 'currencyMismatch' });
    const view = within(await findDialog());
    expect(view.getByText('Cannot pay in USD')).toBeTruthy();
    expect(view.getByRole('button', { name: 'Continue to checkout' })).toBeTruthy();
  });
});

describe('UpsellModal: failures', () => {
  it('a declined card: plain reason, checkout instead, update card, no retry of the same charge', async () => {
    const { user, navigate, adapter } = setup({ filter: only('starter_to_bundle') }, { fixture: 'cardDeclined' });
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: /add to my order/i }));
    await waitFor(() => expect(status(dialog).textContent).toBe('Your bank declined the charge. You can pay another way instead.'));
    expect(status(dialog).getAttribute('data-tone')).toBe('danger');
    expect(within(dialog).getByRole('heading', { level: 2 })).toBe(document.activeElement);
    expect(within(dialog).queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(within(dialog).getByRole('link', { name: 'Update card' }).getAttribute('href')).toBe('https://shop.example/cards');
    await user.click(within(dialog).getByRole('button', { name: 'Pay with checkout instead' }));
    expect(navigate).toHaveBeenCalledExactlyOnceWith('https://checkout.example.invalid/checkout/starter_to_bundle');
    expect(adapter.calls('purchase')).toBe(1);
  });

  it('after a declined card, one click pays with another saved card: a new intent, never the refused charge again', async () => {
    const { user, adapter } = setup({ filter: only('starter_to_bundle') }, { fixture: 'cardDeclined' });
    const dialog = await findDialog();
    await within(dialog).findByText('Visa •• 0002, expires 05/29');
    await user.click(within(dialog).getByRole('button', { name: /add to my order/i }));
    const other = await within(dialog).findByRole('button', { name: 'Pay with Mastercard •• 5454' });
    expect(other.getAttribute('data-variant')).toBe('primary');
    expect(within(dialog).getByRole('button', { name: 'Pay with checkout instead' }).getAttribute('data-variant')).toBe('secondary');
    await user.click(other);
    await waitFor(() => expect(dialog.getAttribute('data-state')).toBe('succeeded'));
    expect(adapter.charges().map((charge) => charge.paymentMethodId)).toEqual(['pm_mc_bob_5454']);
    expect(adapter.calls('purchase')).toBe(2);
  });

  it('never offers a card that was already refused: after the suggested card and then the other one fail, only checkout is left', async () => {
    const { user, adapter } = setup({ filter: only('starter_to_bundle') }, { failures: { purchase: { code: 'payment_declined', times: 2 } } });
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: /add to my order/i }));
    await user.click(await within(dialog).findByRole('button', { name: 'Pay with Mastercard •• 3155' }));
    await within(dialog).findByRole('button', { name: 'Pay with checkout instead' });
    await waitFor(() => expect(adapter.calls('purchase')).toBe(2));
    expect(within(dialog).queryByRole('button', { name: /^Pay with .* •• / })).toBeNull();
    expect(adapter.charges()).toEqual([]);
  });

  it('offers no other card for a plan change: it is always charged to the subscription’s card', async () => {
    const { user } = setup({ filter: only('basic_to_pro') }, { failures: { purchase: { code: 'payment_declined' } } });
    const dialog = await findDialog('Upgrade your plan');
    await user.click(within(dialog).getByRole('button', { name: 'Upgrade now' }));
    await within(dialog).findByRole('button', { name: 'Pay with checkout instead' });
    expect(within(dialog).queryByRole('button', { name: /^Pay with .* •• / })).toBeNull();
  });

  it('offers no other card when the one that failed was the only usable card', async () => {
    const { user, adapter, openActionUrl } = setup({ filter: only('starter_to_bundle') }, { fixture: 'requiresAction' });
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: /add to my order/i }));
    await user.click(await within(dialog).findByRole('button', { name: /Confirm with your bank/ }));
    const actionUrl = openActionUrl.mock.calls[0]?.[0] ?? '';
    adapter.completeAction(actionUrl.slice(actionUrl.lastIndexOf('/') + 1), 'failed');
    await within(dialog).findByRole('button', { name: 'Pay with checkout instead' }, { timeout: 5_000 });
    expect(within(dialog).queryByRole('button', { name: /^Pay with .* •• / })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Pay with checkout instead' }).getAttribute('data-variant')).toBe('primary');
  });

  it('a retryable failure offers "Try again", which sends the same intent again', async () => {
    const { user, adapter } = setup({}, { failures: { purchase: { code: 'network' } } });
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: /add to my order/i }));
    await waitFor(() => expect(status(dialog).textContent).toBe('We could not reach the server. Check your connection and try again.'));
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(dialog.getAttribute('data-state')).toBe('succeeded'));
    expect(adapter.charges()).toHaveLength(1);
  });

  it('a failed load stays closed by default, and says what happened when opened', async () => {
    setup({}, { fixture: 'networkError' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('a failed load, opened: the reason and "Try again", which loads again', async () => {
    const { user, adapter } = setup({ defaultOpen: true }, { fixture: 'networkError' });
    const dialog = await findDialog('A special offer for you');
    await waitFor(() => expect(status(dialog).textContent).toBe('We could not load this offer. We could not reach the server. Check your connection and try again.'));
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(adapter.calls('getOffers')).toBe(2));
  });

  it('loading, opened: named by the generic title, with a busy status', async () => {
    setup({ defaultOpen: true }, { fixture: 'loading' });
    const dialog = await findDialog('A special offer for you');
    expect(status(dialog).textContent).toBe('Loading…');
    expect(status(dialog).hasAttribute('data-busy')).toBe(true);
  });

  it('nothing to offer, opened: says so', async () => {
    setup({ defaultOpen: true, filter: undefined }, { fixture: 'noOffers' });
    const dialog = await findDialog('A special offer for you');
    await within(dialog).findByText('No offers right now.');
    expect(referencedText(dialog, 'aria-describedby')).toBe('No offers right now.');
  });
});

describe('UpsellModal: open state and focus', () => {
  it('controlled: stays closed until `open`, and asks `onOpenChange(false)` on Escape', async () => {
    const onOpenChange = vi.fn<(open: boolean) => void>();
    const { rerenderKit, adapter, user } = setup({ open: false, onOpenChange });
    await waitFor(() => expect(adapter.calls('recordOfferEvent')).toBe(1));
    expect(screen.queryByRole('dialog')).toBeNull();
    rerenderKit(<UpsellModal placement="post_purchase" filter={only('single_to_team')} open onOpenChange={onOpenChange} />);
    await findDialog();
    await user.keyboard('{Escape}');
    expect(onOpenChange).toHaveBeenCalledExactlyOnceWith(false);
  });

  it('uncontrolled: tells `onOpenChange` when it opens by itself and when Escape closes it', async () => {
    const onOpenChange = vi.fn<(open: boolean) => void>();
    const { user } = setup({ onOpenChange });
    await findDialog();
    await waitFor(() => expect(onOpenChange).toHaveBeenCalledExactlyOnceWith(true));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(onOpenChange.mock.calls).toEqual([[true], [false]]));
  });

  it('returns focus to the `trigger` after Escape', async () => {
    const { user } = setup({ defaultOpen: false, trigger: <button type="button">See your offer</button> });
    const trigger = screen.getByRole('button', { name: 'See your offer' });
    expect(trigger.getAttribute('aria-haspopup')).toBe('dialog');
    await user.click(trigger);
    await findDialog();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(trigger);
  });

  it('returns focus to the host button that opened a controlled dialog', async () => {
    function Host() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpen(true)}>
            Show offer
          </button>
          <UpsellModal placement="post_purchase" filter={only('single_to_team')} open={open} onOpenChange={setOpen} />
        </>
      );
    }
    const user = userEvent.setup();
    renderWithKit(<Host />);
    const button = screen.getByRole('button', { name: 'Show offer' });
    await user.click(button);
    const dialog = await findDialog();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(button);
  });

  it('hydrates server HTML without a mismatch, open from the start, and then shows the dialog', async () => {
    const adapter = createMemoryAdapter({ autoCompleteActionMs: null });
    const ui = (
      <UpsellProvider adapter={adapter} storage={null}>
        <UpsellModal placement="post_purchase" filter={only('single_to_team')} defaultOpen />
      </UpsellProvider>
    );
    const container = document.createElement('div');
    container.innerHTML = renderToString(ui);
    document.body.append(container);
    const onRecoverableError = vi.fn();
    const root = hydrateRoot(container, ui, { onRecoverableError });
    try {
      const dialog = await findDialog('Upgrade your order');
      expect(within(dialog).getByRole('button', { name: /add to my order/i })).toBeTruthy();
      expect(onRecoverableError).not.toHaveBeenCalled();
    } finally {
      root.unmount();
      container.remove();
    }
  });

  it('passes `className` through after its own, and exposes data-state/data-slot for styling', async () => {
    setup({ className: 'host-modal' });
    const dialog = await findDialog();
    expect(dialog.className).toBe('uk-root uk-upsell-modal host-modal');
    expect(dialog.querySelector('[data-slot="title"]')).not.toBeNull();
    expect(dialog.querySelector('[data-slot="accept"]')).not.toBeNull();
  });
});
