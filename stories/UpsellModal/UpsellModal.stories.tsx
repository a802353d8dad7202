import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, within } from 'storybook/test';
import { UpsellModal } from '../../src/components/index';
import { findDialog, onlyOffer, translatorFor } from './play-helpers';

/**
 * Every state of the upsell dialog that needs no interaction, one memory-adapter fixture each
 * (`parameters.fixture`). Locale, theme and direction come from the toolbar or `globals`.
 */
const meta = {
  title: 'Components/UpsellModal/States',
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
    placement: { control: 'select', options: ['post_purchase', 'plan_limit', 'onboarding_done', 'checkout', 'account'] },
    filter: { control: false },
    stateReducer: { control: false },
    trigger: { control: false },
  },
  parameters: {
    fixture: 'happyPath',
    // Each dialog is modal: in the docs page, give every story its own frame.
    docs: { story: { inline: false, iframeHeight: 640 } },
  },
} satisfies Meta<typeof UpsellModal>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A one-time upsell with a "Most popular" badge, a struck compare-at price and the saved Visa. */
export const Ready: Story = {
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await expect(view.getByRole('heading', { level: 2, name: t('offer.title.upsell') })).toBeVisible();
    await expect(view.getByRole('heading', { level: 3, name: 'Team license (5 seats)' })).toBeVisible();
    await expect(view.getByText(t('badge.most_popular'))).toBeVisible();
    await expect(view.getByText(t('card.display', { card: 'Visa •• 4242', expires: t('card.expires', { month: '08', year: '30' }) }))).toBeVisible();
    await expect(view.getByRole('button', { name: t('offer.accept') })).toBeEnabled();
    await expect(view.getByRole('button', { name: t('offer.decline') })).toBeEnabled();
  },
};

/** A plan upgrade (Basic → Pro) offered right after purchase: "Upgrade now", price per month. */
export const PlanUpgrade: Story = {
  args: { filter: onlyOffer('basic_to_pro') },
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await expect(view.getByRole('heading', { level: 2, name: t('offer.title.plan_change') })).toBeVisible();
    await expect(view.getByText(t('common.perInterval.month', { price: '$80.00' }))).toBeVisible();
    await expect(view.getByRole('button', { name: t('offer.acceptPlan') })).toBeVisible();
  },
};

/** Offers still loading (the fixture never answers); open from the start to show it. */
export const Loading: Story = {
  args: { defaultOpen: true },
  parameters: { fixture: 'loading' },
  play: async ({ globals }) => {
    const view = within(await findDialog());
    await expect(view.getByRole('status')).toHaveTextContent(translatorFor(globals)('common.loading'));
  },
};

/** No saved card at all: the primary action goes to checkout. */
export const NoSavedCard: Story = {
  args: { filter: onlyOffer('starter_to_bundle') },
  parameters: { fixture: 'noSavedCard' },
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await expect(view.getByText(t('card.none'))).toBeVisible();
    await expect(view.getByRole('button', { name: t('offer.checkout') })).toBeVisible();
    await expect(view.queryByRole('button', { name: t('offer.accept') })).toBeNull();
  },
};

/** The only card expired: it is shown with its reason, next to checkout and "Update card". */
export const ExpiredCard: Story = {
  args: { filter: onlyOffer('starter_to_bundle') },
  parameters: { fixture: 'expiredCard' },
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await expect(view.getByText(t('card.unusable.expired'))).toBeVisible();
    await expect(view.getByRole('link', { name: t('card.update') })).toHaveAttribute('href', 'https://shop.example/account/payment-methods');
    await expect(view.getByRole('button', { name: t('offer.checkout') })).toBeVisible();
  },
};

/** An India-issued RuPay card pays INR only; the offer is in USD. */
export const CurrencyMismatch: Story = {
  args: { filter: onlyOffer('starter_to_bundle') },
  parameters: { fixture: 'currencyMismatch' },
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await expect(view.getByText(t('card.unusable.currency_mismatch', { currency: 'USD' }))).toBeVisible();
    await expect(view.getByRole('button', { name: t('offer.checkout') })).toBeVisible();
  },
};

/** The offers could not be loaded: a plain reason and "Try again". */
export const NetworkError: Story = {
  args: { defaultOpen: true },
  parameters: { fixture: 'networkError' },
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    const view = within(await findDialog());
    await expect(await view.findByText(`${t('offer.loadError')} ${t('error.network')}`)).toBeVisible();
    await expect(view.getByRole('button', { name: t('common.retry') })).toBeVisible();
  },
};

/** Nothing to offer at this placement (opened on purpose; by default the dialog stays closed). */
export const NoOffers: Story = {
  args: { defaultOpen: true, filter: undefined },
  parameters: { fixture: 'noOffers' },
  play: async ({ globals }) => {
    const view = within(await findDialog());
    await expect(await view.findByText(translatorFor(globals)('offer.empty'))).toBeVisible();
  },
};

/** "Use another card" lists every saved card; the unusable ones are disabled with their reason. */
export const ChooseAnotherCard: Story = {
  play: async ({ globals }) => {
    const t = translatorFor(globals);
    // A radio is named by its card, then (when unusable) its reason.
    const card = (brand: string, last4: string, month: string, year: string) => (name: string) =>
      name.startsWith(t('card.label', { brand, last4, month, year }));
    const view = within(await findDialog());
    await userEvent.click(view.getByRole('button', { name: t('card.change') }));
    const group = view.getByRole('group', { name: t('card.choose') });
    await expect(within(group).getByRole('radio', { name: card('Visa', '4242', '08', '30') })).toBeChecked();
    await expect(within(group).getByRole('radio', { name: card('Mastercard', '3155', '12', '29') })).toBeEnabled();
    await expect(within(group).getByRole('radio', { name: card('Amex', '0005', '01', '25') })).toBeDisabled();
    await userEvent.click(within(group).getByRole('radio', { name: card('Mastercard', '3155', '12', '29') }));
    await expect(view.getByText(t('offer.chargeNotice', { card: 'Mastercard •• 3155', price: '$399.00' }))).toBeVisible();
  },
};

/** Hindi catalog and `hi-IN` formatting. */
export const Hindi: Story = {
  globals: { locale: 'hi-IN' },
  play: async () => {
    // Literal Hindi on purpose: proves the catalog reached the screen.
    const view = within(await findDialog());
    await expect(view.getByRole('heading', { level: 2, name: 'अपना ऑर्डर अपग्रेड करें' })).toBeVisible();
    await expect(view.getByRole('button', { name: 'मेरे ऑर्डर में जोड़ें' })).toBeVisible();
    await expect(view.getByRole('button', { name: 'नहीं, धन्यवाद' })).toBeVisible();
  },
};

/** Dark theme (`data-uk-theme="dark"`). */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async () => {
    const dialog = await findDialog();
    await expect(dialog.closest('[data-uk-theme]') ?? document.documentElement).toHaveAttribute('data-uk-theme', 'dark');
  },
};

/** Right to left: the layout mirrors through logical properties. */
export const RightToLeft: Story = {
  globals: { direction: 'rtl' },
  play: async ({ globals }) => {
    await findDialog();
    await expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    await expect(screen.getByRole('button', { name: translatorFor(globals)('common.close') })).toBeVisible();
  },
};

/** Hindi, dark and right to left at once. */
export const HindiDarkRightToLeft: Story = {
  globals: { locale: 'hi-IN', theme: 'dark', direction: 'rtl' },
  play: async () => {
    const view = within(await findDialog());
    await expect(view.getByText('सबसे लोकप्रिय')).toBeVisible();
  },
};
