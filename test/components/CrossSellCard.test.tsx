/** CrossSellCard in jsdom, unstyled: one-click add, checkout fallback, every state, by role. */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CrossSellCard } from '../../src/components/index';
import type { CrossSellCardProps } from '../../src/components/index';
import { hi } from '../../src/locales/hi';
import { failOnConsole, referencedText, renderWithKit } from '../support/kit';
import type { RenderWithKitOptions } from '../support/kit';

failOnConsole();

function setup(props: Partial<CrossSellCardProps> = {}, options: RenderWithKitOptions = {}) {
  const navigate = vi.fn<(url: string) => void>();
  const openActionUrl = vi.fn<(url: string) => void>();
  const onResult = vi.fn<NonNullable<CrossSellCardProps['onResult']>>();
  const user = userEvent.setup();
  const rendered = renderWithKit(
    <CrossSellCard
      productId="prod_priority_support"
      placement="checkout"
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

const findCard = () => screen.findByRole('article', { name: 'Priority support' });

describe('CrossSellCard', () => {
  it('with a usable saved card: "Add for $19", one click, named by the product', async () => {
    setup();
    const card = await findCard();
    const add = await within(card).findByRole('button', { name: 'Add for $19' });
    expect(referencedText(add, 'aria-describedby')).toBe('Priority support');
    expect(within(card).getByRole('heading', { level: 3, name: 'Priority support' })).toBeTruthy();
    expect(within(card).getByText('Answers within four business hours.')).toBeTruthy();
    expect(within(card).getByText('$19.00')).toBeTruthy();
    expect(within(card).getByText('Charged to Visa •• 4242')).toBeTruthy();
    expect(card.getAttribute('data-variant')).toBe('full');
    expect(card.getAttribute('data-state')).toBe('ready');
  });

  it('adds one-click: one charge, "Added", announced politely, reported', async () => {
    const { user, adapter, onResult } = setup();
    const card = await findCard();
    const add = await within(card).findByRole('button', { name: 'Add for $19' });
    await user.dblClick(add);
    await within(card).findByText('Added');
    const region = within(card).getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('Done! Priority support has been added to your order.');
    expect(within(card).queryByRole('button')).toBeNull();
    expect(adapter.charges()).toEqual([expect.objectContaining({ offerId: 'cross_priority_support', amount: { minor: 1900, currency: 'USD' } })]);
    expect(onResult).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ outcome: 'added' }));
  });

  it('without a usable card: "Add at checkout" navigates to the checkout URL from startCheckout', async () => {
    const { user, navigate, adapter, onResult } = setup({}, { fixture: 'noSavedCard' });
    const card = await findCard();
    const add = await within(card).findByRole('button', { name: 'Add at checkout' });
    expect(within(card).queryByText(/Charged to/)).toBeNull();
    await user.click(add);
    await waitFor(() => expect(navigate).toHaveBeenCalledExactlyOnceWith('https://checkout.example.invalid/checkout/cross_priority_support'));
    expect(adapter.calls('startCheckout')).toBe(1);
    expect(adapter.calls('purchase')).toBe(0);
    expect(within(card).getByRole('status').textContent).toBe('Taking you to checkout…');
    expect(within(card).getByRole('link', { name: 'Continue to checkout' }).getAttribute('href')).toBe('https://checkout.example.invalid/checkout/cross_priority_support');
    expect(onResult).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'checkout' }));
  });

  it('an expired only card also falls back to checkout', async () => {
    setup({}, { fixture: 'expiredCard' });
    const card = await findCard();
    expect(await within(card).findByRole('button', { name: 'Add at checkout' })).toBeTruthy();
  });

  it('a declined card: the reason, then checkout or an update', async () => {
    const { user, navigate } = setup({}, { fixture: 'cardDeclined' });
    const card = await findCard();
    await user.click(await within(card).findByRole('button', { name: 'Add for $19' }));
    await waitFor(() => expect(within(card).getByRole('status').textContent).toBe('Your bank declined the charge. You can pay another way instead.'));
    expect(within(card).getByRole('link', { name: 'Update card' }).getAttribute('href')).toBe('https://shop.example/cards');
    await user.click(within(card).getByRole('button', { name: 'Add at checkout' }));
    expect(navigate).toHaveBeenCalledExactlyOnceWith('https://checkout.example.invalid/checkout/cross_priority_support');
  });

  it('after a declined card, one click adds it with another saved card instead', async () => {
    const { user, adapter } = setup({}, { fixture: 'cardDeclined' });
    const card = await findCard();
    await user.click(await within(card).findByRole('button', { name: 'Add for $19' }));
    await user.click(await within(card).findByRole('button', { name: 'Pay with Mastercard •• 5454' }));
    await within(card).findByText('Added');
    expect(adapter.charges().map((charge) => [charge.paymentMethodId, charge.amount.minor])).toEqual([['pm_mc_bob_5454', 1900]]);
  });

  it('3-D Secure: a button opens the bank in a new window, then it waits', async () => {
    const { user, openActionUrl } = setup({ polling: { initialDelayMs: 5000 } }, { fixture: 'requiresAction' });
    const card = await findCard();
    await user.click(await within(card).findByRole('button', { name: 'Add for $19' }));
    const bank = await within(card).findByRole('button', { name: 'Confirm with your bank (opens in a new window)' });
    await user.click(bank);
    expect(openActionUrl).toHaveBeenCalledOnce();
    expect(within(card).getByRole('status').textContent).toBe('Waiting for your bank’s confirmation in the other window…');
    expect(card.getAttribute('aria-busy')).toBe('true');
  });

  it('compact: no description, same one-click button', async () => {
    setup({ variant: 'compact' });
    const card = await findCard();
    expect(card.getAttribute('data-variant')).toBe('compact');
    expect(await within(card).findByRole('button', { name: 'Add for $19' })).toBeTruthy();
    expect(within(card).queryByText('Answers within four business hours.')).toBeNull();
    expect(within(card).queryByText(/Charged to/)).toBeNull();
  });

  it('image slot: your node, else the product image, else a hidden monogram', async () => {
    const { rerenderKit } = setup({ image: <img src="/support.png" alt="" data-testid="own" /> });
    const card = await findCard();
    expect(within(card).getByTestId('own')).toBeTruthy();
    rerenderKit(<CrossSellCard productId="prod_priority_support" placement="checkout" headingLevel={2} />);
    const plain = await screen.findByRole('article', { name: 'Priority support' });
    expect(within(plain).getByRole('heading', { level: 2 })).toBeTruthy();
    expect(plain.querySelector('[data-slot="monogram"]')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('while loading: busy, with a status', async () => {
    const { container } = setup({}, { fixture: 'loading' });
    const region = await screen.findByRole('status');
    expect(region.textContent).toBe('Loading…');
    expect(container.querySelector('[aria-busy="true"]')).not.toBeNull();
  });

  it('renders nothing when there is no offer or it could not be loaded', async () => {
    const empty = setup({ productId: 'prod_nothing_like_it' });
    await waitFor(() => expect(empty.adapter.calls('getOffers')).toBe(1));
    await waitFor(() => expect(empty.container.innerHTML).toBe(''));
    empty.unmount();
    const broken = setup({}, { fixture: 'networkError' });
    await waitFor(() => expect(broken.adapter.calls('getOffers')).toBe(1));
    await waitFor(() => expect(broken.container.innerHTML).toBe(''));
  });

  it('Hindi: the button and status read from the hi catalog', async () => {
    const { user } = setup({}, { provider: { locale: 'hi-IN', messages: hi } });
    const card = await findCard();
    await user.click(await within(card).findByRole('button', { name: '$19 में जोड़ें' }));
    await within(card).findByText('जोड़ दिया गया');
    expect(within(card).getByRole('status').textContent).toBe('हो गया! Priority support आपके ऑर्डर में जोड़ दिया गया है।');
  });

  it('passes `className` through last', async () => {
    setup({ className: 'cart-extra' });
    expect((await findCard()).className).toBe('uk-root uk-cross-sell-card cart-extra');
  });

  it('throws a message naming the component and the provider outside <UpsellProvider>', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<CrossSellCard productId="prod_priority_support" />)).toThrow('CrossSellCard must be used inside <UpsellProvider>');
    quiet.mockRestore();
  });
});
