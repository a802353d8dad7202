import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent, waitFor } from 'storybook/test';
import { DeclineInsights } from '../../src/components/DeclineTracker/index';
import { withStoredEvents } from './with-history';

const labels = {
  starter_to_bundle: 'Starter → Complete bundle',
  basic_to_pro: 'Basic → Pro plan',
  cross_priority_support: 'Priority support',
};

/**
 * Conversion per offer: a table (the accessible data source) and a small SVG bar chart. Server
 * stats come from the memory adapter's `withHistory` fixture; local stats from stored events.
 */
const meta = {
  title: 'Components/DeclineTracker/Insights',
  component: DeclineInsights,
  tags: ['autodocs'],
  args: { source: 'server', offerLabels: labels, showChart: true },
  argTypes: {
    source: { control: 'inline-radio', options: ['server', 'local'] },
  },
  parameters: { fixture: 'withHistory' },
} satisfies Meta<typeof DeclineInsights>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Three offers with their impressions, accepts, declines and conversion, from the server. */
export const Insights: Story = {
  play: async () => {
    await screen.findByRole('table', { name: 'Offer performance' });
    await expect(screen.getByRole('img', { name: 'Conversion rate per offer' })).toBeVisible();
    await expect(screen.getByRole('row', { name: /Basic → Pro plan/ })).toHaveTextContent('32%');
  },
};

/** Offer ids instead of names, when the host passes no labels. */
export const WithoutLabels: Story = {
  args: { offerLabels: {} },
  play: async () => {
    await screen.findByRole('rowheader', { name: 'starter_to_bundle' });
  },
};

/** From this browser's own history (`source="local"`): what this customer saw. */
export const LocalHistory: Story = {
  args: { source: 'local', offerLabels: { single_to_team: 'Single → Team license', starter_to_bundle: 'Starter → Complete bundle' } },
  parameters: { fixture: 'happyPath' },
  decorators: [
    withStoredEvents([
      { offerId: 'starter_to_bundle', event: 'shown', at: '2026-11-20T10:00:00.000Z' },
      { offerId: 'starter_to_bundle', event: 'accepted', at: '2026-11-20T10:01:00.000Z' },
      { offerId: 'single_to_team', event: 'shown', at: '2026-11-21T10:00:00.000Z' },
      { offerId: 'single_to_team', event: 'declined', at: '2026-11-21T10:00:30.000Z' },
    ]),
  ],
  play: async () => {
    await expect(await screen.findByRole('row', { name: /Starter → Complete bundle/ })).toHaveTextContent('100%');
  },
};

/** No offer shown yet. */
export const Empty: Story = {
  parameters: { fixture: 'happyPath' },
  play: async () => {
    await screen.findByText('No offers have been shown yet.');
  },
};

/** Stats still loading (the fixture never answers). */
export const Loading: Story = {
  parameters: { fixture: 'loading' },
  play: async () => {
    await expect(screen.getByRole('status')).toHaveTextContent('Loading…');
  },
};

/** The network is down: a plain reason and a retry. */
export const NetworkError: Story = {
  parameters: { fixture: 'networkError' },
  play: async () => {
    const retry = await screen.findByRole('button', { name: 'Try again' });
    await userEvent.click(retry);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('We could not load the offer statistics.'));
  },
};

/** हिन्दी, with host-provided Hindi offer names. */
export const Hindi: Story = {
  args: { offerLabels: { starter_to_bundle: 'स्टार्टर → पूरा बंडल', basic_to_pro: 'बेसिक → प्रो प्लान', cross_priority_support: 'प्राथमिक सहायता' } },
  globals: { locale: 'hi-IN' },
  play: async () => {
    await screen.findByRole('table', { name: 'ऑफ़र का प्रदर्शन' });
    await expect(screen.getByRole('img', { name: 'हर ऑफ़र की रूपांतरण दर' })).toBeVisible();
  },
};

/** Dark theme. */
export const Dark: Story = {
  globals: { theme: 'dark' },
  play: async () => {
    await screen.findByRole('table', { name: 'Offer performance' });
  },
};

/** Right to left: the chart mirrors, its labels stay readable. */
export const RightToLeft: Story = {
  globals: { direction: 'rtl' },
  play: async () => {
    await screen.findByRole('img', { name: 'Conversion rate per offer' });
  },
};
