import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor } from 'storybook/test';
import { UpgradePreview } from '../../src/components/UpgradePreview/index';
import { PRORATION_MODES } from '../../src/core/proration';
import { withFixedClock } from './fixed-clock';

/**
 * Plan changes with a signed quote, driven by the memory adapter's fixtures on a fixed clock
 * (28 Nov 2026, half-way through the billing period, so "prorated" is exactly half the
 * difference). Locale, theme and direction come from the toolbar or a story's `globals`.
 */
const meta = {
  title: 'Components/UpgradePreview',
  component: UpgradePreview,
  tags: ['autodocs'],
  decorators: [withFixedClock],
  args: {
    subscriptionId: 'sub_alice_basic',
    defaultProductId: 'prod_pro_monthly',
    allowedProrationModes: ['difference_immediately'],
    allowQuantity: false,
    headingLevel: 3,
    onResult: fn(),
    openActionUrl: fn(),
  },
  argTypes: {
    subscriptionId: { control: 'select', options: ['sub_alice_basic', 'sub_bob_pro', 'sub_dave_plus', 'sub_erin_basic'] },
    defaultProductId: { control: 'select', options: [null, 'prod_basic_monthly', 'prod_plus_monthly', 'prod_pro_monthly'] },
    allowedProrationModes: { control: 'check', options: PRORATION_MODES },
    defaultProrationMode: { control: 'select', options: PRORATION_MODES },
    headingLevel: { control: 'inline-radio', options: [2, 3, 4, 5, 6] },
    offers: { control: false },
    onResult: { control: false },
    openActionUrl: { control: false },
  },
  parameters: { fixture: 'happyPath' },
} satisfies Meta<typeof UpgradePreview>;

export default meta;
type Story = StoryObj<typeof meta>;

const confirm = (name: string) => screen.getByRole('button', { name });

/** Alice moves from Basic ($30/month) to Pro ($80/month) and pays the difference today: $50. */
export const Upgrade: Story = {
  play: async () => {
    await screen.findByText('You will be charged $50.00 today.');
    await expect(screen.getByRole('region', { name: 'New plan' })).toHaveTextContent('Added: Unlimited projects');
    await expect(confirm('Confirm upgrade')).toBeEnabled();
  },
};

/** No plan chosen yet: the picker labels each plan as an upgrade or a downgrade. */
export const ChooseAPlan: Story = {
  args: { defaultProductId: null },
  play: async () => {
    await screen.findByRole('radio', { name: /Pro plan/ });
    await expect(screen.getByRole('status')).toHaveTextContent('Choose a plan to see what the change costs.');
    await expect(confirm('Confirm change')).toBeDisabled();
  },
};

/** Bob moves from Pro to Basic: nothing is charged, and a $50 credit stays on the subscription for his next renewals. */
export const DowngradeWithCredit: Story = {
  args: { subscriptionId: 'sub_bob_pro', defaultProductId: 'prod_basic_monthly' },
  parameters: { fixture: 'cardDeclined' },
  play: async () => {
    await screen.findByText('Nothing is charged today.');
    await expect(
      screen.getByText('You get a $50.00 credit on this subscription. It is applied automatically to your next renewals.'),
    ).toBeVisible();
    await expect(confirm('Confirm downgrade')).toBeEnabled();
  },
};

/** `prorated_immediately`: only the remaining half of the period is charged, ($80 − $30) × ½ = $25. */
export const ProratedImmediately: Story = {
  args: { allowedProrationModes: ['prorated_immediately'] },
  play: async () => {
    await screen.findByText('You will be charged $25.00 today.');
  },
};

/** `difference_immediately`: the full price difference today, $50 (Dodo's own example). */
export const DifferenceImmediately: Story = {
  args: { allowedProrationModes: ['difference_immediately'] },
  play: async () => {
    await screen.findByText('You will be charged $50.00 today.');
  },
};

/** `full_immediately`: the whole new price today, $80, with no allowance for the unused old plan. */
export const FullImmediately: Story = {
  args: { allowedProrationModes: ['full_immediately'] },
  play: async () => {
    await screen.findByText('You will be charged $80.00 today.');
  },
};

/** `do_not_bill`: nothing today; the new price applies from the next renewal. */
export const DoNotBill: Story = {
  args: { allowedProrationModes: ['do_not_bill'] },
  play: async () => {
    await screen.findByText('Nothing is charged today.');
  },
};

/** The host allows every mode: the customer chooses, and the quote follows. */
export const ChooseProrationMode: Story = {
  args: { allowedProrationModes: [...PRORATION_MODES], defaultProrationMode: 'prorated_immediately' },
  play: async () => {
    await screen.findByText('You will be charged $25.00 today.');
    await userEvent.click(screen.getByRole('radio', { name: 'Pay the full new price now' }));
    await screen.findByText('You will be charged $80.00 today.');
  },
};

/** Seats on the new plan can be changed: 3 × $80 − $30 = $210 today. */
export const WithSeats: Story = {
  args: { allowQuantity: true },
  play: async () => {
    await screen.findByText('You will be charged $50.00 today.');
    const seats = screen.getByRole('spinbutton', { name: 'Seats' });
    await userEvent.clear(seats);
    await userEvent.type(seats, '3');
    await screen.findByText('You will be charged $210.00 today.');
  },
};

/** Dave's earlier plan change is still being processed (Dodo answers 409): its own message, confirm disabled. */
export const PendingChange: Story = {
  args: { subscriptionId: 'sub_dave_plus' },
  parameters: { fixture: 'planChangePending' },
  play: async () => {
    await screen.findByText('An earlier plan change is still being processed. You can change plans again once it completes.');
    await expect(confirm('Confirm upgrade')).toBeDisabled();
  },
};

/** The quote expires before the confirm: the kit quotes again and asks the customer to confirm the new quote. */
export const QuoteExpired: Story = {
  parameters: { fixture: 'quoteExpired' },
  play: async () => {
    await screen.findByText('You will be charged $50.00 today.');
    await userEvent.click(confirm('Confirm upgrade'));
    await screen.findByText('The quote expired, so we recalculated it. Please review and confirm again.');
    await expect(confirm('Confirm upgrade')).toBeEnabled();
  },
};

/** The plans are still loading (the fixture never answers). */
export const Loading: Story = {
  parameters: { fixture: 'loading' },
  play: async () => {
    await expect(screen.getByRole('status')).toHaveTextContent('Loading…');
  },
};

/** The network is down: a plain-language reason and a way to try again. */
export const NetworkError: Story = {
  parameters: { fixture: 'networkError' },
  play: async () => {
    await screen.findByText('We could not reach the server. Check your connection and try again.');
    await expect(screen.getByRole('button', { name: 'Try again' })).toBeEnabled();
  },
};

/** Confirmed: the plan changed once, and the status says so. */
export const Succeeded: Story = {
  play: async ({ args }) => {
    await screen.findByText('You will be charged $50.00 today.');
    await userEvent.click(confirm('Confirm upgrade'));
    await screen.findByText('You are now on Pro plan.');
    await waitFor(() => expect(args.onResult).toHaveBeenCalledTimes(1));
  },
};

/** Erin's card asks for 3-D Secure: she confirms at her bank (the simulated bank answers after 1.5 s) and the preview learns the outcome by polling. */
export const BankStep: Story = {
  args: { subscriptionId: 'sub_erin_basic' },
  parameters: { fixture: 'requiresAction' },
  play: async ({ args }) => {
    await screen.findByText('You will be charged $50.00 today.');
    await userEvent.click(confirm('Confirm upgrade'));
    await screen.findByText('Your bank needs you to confirm this payment.');
    await userEvent.click(confirm('Confirm with your bank (opens in a new window)'));
    await expect(args.openActionUrl).toHaveBeenCalledTimes(1);
    await screen.findByText('You are now on Pro plan.', undefined, { timeout: 10_000 });
    await waitFor(() => expect(args.onResult).toHaveBeenCalledTimes(1));
  },
};

/** हिन्दी: messages from the Hindi catalog, dates in hi-IN, money through Intl. */
export const Hindi: Story = {
  globals: { locale: 'hi-IN' },
  play: async () => {
    await screen.findByText('आज आपसे $50.00 लिए जाएँगे।');
    await expect(confirm('अपग्रेड की पुष्टि करें')).toBeEnabled();
  },
};

/** Hindi, downgrade: the credit sentence in Hindi. */
export const HindiDowngrade: Story = {
  args: { subscriptionId: 'sub_bob_pro', defaultProductId: 'prod_basic_monthly' },
  parameters: { fixture: 'cardDeclined' },
  globals: { locale: 'hi-IN' },
  play: async () => {
    await screen.findByText('आज कोई शुल्क नहीं लिया जाएगा।');
  },
};

/** Dark theme. */
export const Dark: Story = {
  args: { allowedProrationModes: [...PRORATION_MODES], defaultProrationMode: 'difference_immediately', allowQuantity: true },
  globals: { theme: 'dark' },
  play: async () => {
    await screen.findByText('You will be charged $50.00 today.');
  },
};

/** Right to left: the layout mirrors through logical properties. */
export const RightToLeft: Story = {
  args: { allowedProrationModes: [...PRORATION_MODES], defaultProrationMode: 'difference_immediately' },
  globals: { direction: 'rtl' },
  play: async () => {
    await screen.findByText('You will be charged $50.00 today.');
  },
};
