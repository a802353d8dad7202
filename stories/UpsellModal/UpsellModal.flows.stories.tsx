import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';
import { UpsellModal } from '../../src/components/index';
import { findDialog, finishAnimations, onlyOffer, translatorFor } from './play-helpers';

/**
 * States the customer reaches by acting: each play function drives the dialog there the way a
 * customer would (click "No thanks", accept with a declined card, confirm with the bank).
 */
const meta = {
  title: 'Components/UpsellModal/Flows',
  component: UpsellModal,
  tags: ['autodocs'],
  args: {
    placement: 'post_purchase',
    filter: onlyOffer('single_to_team'),
    updateCardUrl: 'https://shop.example/account/payment-methods',
    openActionUrl: fn(),
    navigate: fn(),
    onResult: fn(),
    onOpenChange: fn(),
  },
  argTypes: {
    filter: { control: false },
    stateReducer: { control: false },
    trigger: { control: false },
  },
  parameters: {
    fixture: 'happyPath',
    docs: { story: { inline: false, iframeHeight: 640 } },
  },
} satisfies Meta<typeof UpsellModal>;

export default meta;
type Story = StoryObj<typeof meta>;

/** "No thanks" → the cheaper downsell in the same dialog. */
export const DeclinedToDownsell: Story = {
  play: async ({ args, globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await userEvent.click(view.getByRole('button', { name: t('offer.decline') }));
    await expect(await view.findByRole('heading', { level: 2, name: t('offer.title.downsell') })).toHaveFocus();
    await expect(view.getByRole('heading', { level: 3, name: 'Duo license (2 seats)' })).toBeVisible();
    await expect(args.onResult).not.toHaveBeenCalled();
  },
};

/** Accepted one-click: the purchase succeeded. */
export const Succeeded: Story = {
  play: async ({ args, globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await userEvent.click(view.getByRole('button', { name: t('offer.accept') }));
    await expect(await view.findByText(t('status.succeeded', { product: 'Team license (5 seats)' }))).toBeVisible();
    await expect(args.onResult).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'accepted' }));
  },
};

/** The bank declined the saved card: plain reason, checkout instead, update card. */
export const CardDeclinedFallback: Story = {
  args: { filter: onlyOffer('starter_to_bundle') },
  parameters: { fixture: 'cardDeclined' },
  play: async ({ args, globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await userEvent.click(view.getByRole('button', { name: t('offer.accept') }));
    await expect(await view.findByText(t('error.payment_declined'))).toBeVisible();
    await expect(view.getByRole('link', { name: t('card.update') })).toBeVisible();
    await userEvent.click(view.getByRole('button', { name: t('error.fallback') }));
    await waitFor(() => expect(args.navigate).toHaveBeenCalledWith('https://checkout.example.invalid/checkout/starter_to_bundle'));
    await expect(view.getByRole('link', { name: t('offer.checkout') })).toBeVisible();
  },
};

/** The bank declined Bob's usual card: one click pays with his other saved card instead (a new intent, not the refused charge again). */
export const CardDeclinedOtherCard: Story = {
  args: { filter: onlyOffer('starter_to_bundle') },
  parameters: { fixture: 'cardDeclined' },
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await userEvent.click(view.getByRole('button', { name: t('offer.accept') }));
    const other = await view.findByRole('button', { name: t('card.payWith', { card: t('card.summary', { brand: 'Mastercard', last4: '5454' }) }) });
    await userEvent.click(other);
    await expect(await view.findByText(t('status.succeeded', { product: 'Complete bundle' }))).toBeVisible();
  },
};

/** The bank wants 3-D Secure: a button opens it in a new window. */
export const RequiresAction: Story = {
  args: { filter: onlyOffer('starter_to_bundle') },
  parameters: { fixture: 'requiresAction', autoCompleteActionMs: null },
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await userEvent.click(view.getByRole('button', { name: t('offer.accept') }));
    await expect(await view.findByRole('button', { name: `${t('status.requiresActionOpen')} ${t('common.newWindow')}` })).toBeVisible();
    await expect(view.getByRole('status')).toHaveTextContent(t('status.requiresAction'));
  },
};

/** After opening the bank's page: a clear waiting status, then success when the bank confirms. */
export const RequiresActionConfirmed: Story = {
  args: { filter: onlyOffer('starter_to_bundle'), polling: { initialDelayMs: 300, maxDelayMs: 600 } },
  parameters: { fixture: 'requiresAction', autoCompleteActionMs: 1200 },
  play: async ({ args, globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await userEvent.click(view.getByRole('button', { name: t('offer.accept') }));
    await userEvent.click(await view.findByRole('button', { name: `${t('status.requiresActionOpen')} ${t('common.newWindow')}` }));
    await expect(args.openActionUrl).toHaveBeenCalledOnce();
    await expect(view.getByRole('status')).toHaveTextContent(t('status.requiresActionWaiting'));
    await expect(await view.findByText(t('status.succeeded', { product: 'Complete bundle' }), {}, { timeout: 5000 })).toBeVisible();
  },
};

/** Without a usable card, "Continue to checkout" sends the customer to a normal checkout. */
export const CheckoutInstead: Story = {
  args: { filter: onlyOffer('starter_to_bundle') },
  parameters: { fixture: 'noSavedCard' },
  play: async ({ args, globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await userEvent.click(view.getByRole('button', { name: t('offer.checkout') }));
    await waitFor(() => expect(args.navigate).toHaveBeenCalledOnce());
    await expect(view.getByRole('status')).toHaveTextContent(t('offer.redirecting'));
  },
};

/** Opened from the host's button; Escape dismisses and focus returns to that button. */
export const WithTrigger: Story = {
  args: {
    defaultOpen: false,
    trigger: (
      <button type="button" className="uk-button" data-variant="primary">
        See your offer
      </button>
    ),
  },
  play: async ({ args, canvas }) => {
    const trigger = await canvas.findByRole('button', { name: 'See your offer' });
    await userEvent.click(trigger);
    await findDialog();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await expect(trigger).toHaveFocus();
    await expect(args.onResult).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'dismissed' }));
    await finishAnimations();
  },
};
