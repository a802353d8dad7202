import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { CrossSellCard } from '../../src/components/index';
import { translatorFor } from '../UpsellModal/play-helpers';

/**
 * The inline cross-sell card: one click on a usable saved card, otherwise "Add at checkout".
 * Fixtures come from `parameters.fixture`; locale, theme and direction from the toolbar.
 */
const meta = {
  title: 'Components/CrossSellCard',
  component: CrossSellCard,
  tags: ['autodocs'],
  args: {
    productId: 'prod_priority_support',
    placement: 'checkout',
    variant: 'full',
    updateCardUrl: 'https://shop.example/account/payment-methods',
    navigate: fn(),
    openActionUrl: fn(),
    onResult: fn(),
  },
  argTypes: {
    variant: { control: 'inline-radio', options: ['full', 'compact'] },
    headingLevel: { control: 'select', options: [2, 3, 4, 5, 6] },
    image: { control: false },
    stateReducer: { control: false },
  },
  parameters: { fixture: 'happyPath' },
} satisfies Meta<typeof CrossSellCard>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A usable saved card: "Add for $19", charged one-click. */
export const OneClick: Story = {
  play: async ({ canvas, globals }) => {
    const t = translatorFor(globals);
    await expect(await canvas.findByRole('button', { name: t('crossSell.addWithPrice', { price: '$19' }) })).toBeVisible();
    await expect(canvas.getByText(t('crossSell.chargedTo', { card: 'Visa •• 4242' }))).toBeVisible();
  },
};

/** The compact variant for a cart line: no description. */
export const Compact: Story = {
  args: { variant: 'compact' },
  play: async ({ canvas, globals }) => {
    const t = translatorFor(globals);
    await expect(await canvas.findByRole('button', { name: t('crossSell.addWithPrice', { price: '$19' }) })).toBeVisible();
    await expect(canvas.queryByText('Answers within four business hours.')).toBeNull();
  },
};

/** No saved card: the button adds the product at checkout instead. */
export const CheckoutFallback: Story = {
  parameters: { fixture: 'noSavedCard' },
  play: async ({ canvas, globals }) => {
    const t = translatorFor(globals);
    await expect(await canvas.findByRole('button', { name: t('crossSell.addAtCheckout') })).toBeVisible();
  },
};

/** Compact, without a saved card. */
export const CompactCheckoutFallback: Story = {
  args: { variant: 'compact', productId: 'prod_templates_pack' },
  parameters: { fixture: 'noSavedCard' },
  play: async ({ canvas, globals }) => {
    const t = translatorFor(globals);
    await expect(await canvas.findByRole('button', { name: t('crossSell.addAtCheckout') })).toBeVisible();
  },
};

/** Loading the offer. */
export const Loading: Story = {
  parameters: { fixture: 'loading' },
  play: async ({ canvas, globals }) => {
    const t = translatorFor(globals);
    await expect(await canvas.findByRole('status')).toHaveTextContent(t('common.loading'));
  },
};

/** Added one-click. */
export const Added: Story = {
  play: async ({ canvas, args, globals }) => {
    const t = translatorFor(globals);
    await userEvent.click(await canvas.findByRole('button', { name: t('crossSell.addWithPrice', { price: '$19' }) }));
    await expect(await canvas.findByText(t('crossSell.added'))).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(t('status.succeeded', { product: 'Priority support' }));
    await expect(args.onResult).toHaveBeenCalledWith(expect.objectContaining({ outcome: 'added' }));
  },
};

/** "Add at checkout" goes to the checkout URL from `startCheckout`. */
export const GoingToCheckout: Story = {
  parameters: { fixture: 'noSavedCard' },
  play: async ({ canvas, args, globals }) => {
    const t = translatorFor(globals);
    await userEvent.click(await canvas.findByRole('button', { name: t('crossSell.addAtCheckout') }));
    await waitFor(() => expect(args.navigate).toHaveBeenCalledWith('https://checkout.example.invalid/checkout/cross_priority_support'));
    await expect(canvas.getByRole('status')).toHaveTextContent(t('offer.redirecting'));
  },
};

/** The bank declined the card: the reason, then checkout or a card update. */
export const Failed: Story = {
  parameters: { fixture: 'cardDeclined' },
  play: async ({ canvas, globals }) => {
    const t = translatorFor(globals);
    await userEvent.click(await canvas.findByRole('button', { name: t('crossSell.addWithPrice', { price: '$19' }) }));
    await expect(await canvas.findByText(t('error.payment_declined'))).toBeVisible();
    await expect(canvas.getByRole('button', { name: t('crossSell.addAtCheckout') })).toBeVisible();
    await expect(canvas.getByRole('link', { name: t('card.update') })).toBeVisible();
  },
};

/** Your own image in the image slot. */
export const WithImage: Story = {
  args: {
    image: (
      <svg viewBox="0 0 64 64" width="64" height="64" aria-hidden="true">
        <rect width="64" height="64" fill="#4f46e5" />
        <path d="M20 34l8 8 16-18" stroke="#fff" strokeWidth="5" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    ),
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('article', { name: 'Priority support' })).toBeVisible();
  },
};

/** Hindi catalog. */
export const Hindi: Story = {
  globals: { locale: 'hi-IN' },
  play: async ({ canvas }) => {
    // Literal Hindi on purpose: proves the catalog reached the screen.
    await expect(await canvas.findByRole('button', { name: '$19 में जोड़ें' })).toBeVisible();
  },
};

/** Dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async ({ canvas, globals }) => {
    const t = translatorFor(globals);
    await expect(await canvas.findByRole('button', { name: t('crossSell.addWithPrice', { price: '$19' }) })).toBeVisible();
  },
};

/** Right to left, compact. */
export const RightToLeft: Story = {
  args: { variant: 'compact' },
  globals: { direction: 'rtl' },
  play: async ({ canvas, globals }) => {
    const t = translatorFor(globals);
    const button = await canvas.findByRole('button', { name: t('crossSell.addWithPrice', { price: '$19' }) });
    await expect(button.closest('[dir]')).toHaveAttribute('dir', 'rtl');
  },
};
