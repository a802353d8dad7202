import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, screen, userEvent } from 'storybook/test';
import { useId } from 'react';
import type { ReactNode } from 'react';
import { DeclineTracker } from '../../src/components/DeclineTracker/index';
import type { DeclineTrackerRenderState } from '../../src/components/DeclineTracker/index';
import { useFormatters } from '../../src/components/shared/use-formatters';
import { withStoredEvents } from './with-history';

/** A stand-in offer: any component (UpsellModal, CrossSellCard, your own) can sit inside the gate. */
function DemoOffer({ onDecline }: { onDecline?: () => void }): ReactNode {
  const titleId = useId();
  return (
    <aside
      aria-labelledby={titleId}
      style={{
        maxInlineSize: '28rem',
        padding: 'var(--uk-space-5)',
        border: '1px solid var(--uk-color-border)',
        borderRadius: 'var(--uk-radius)',
        background: 'var(--uk-color-surface)',
        color: 'var(--uk-color-text)',
        fontFamily: 'var(--uk-font-family)',
      }}
    >
      <h2 id={titleId} style={{ marginBlock: 0, fontSize: 'var(--uk-font-size-lg)' }}>
        Team license (5 seats)
      </h2>
      <p>Five seats with shared billing.</p>
      {onDecline && (
        <button type="button" onClick={onDecline}>
          No thanks
        </button>
      )}
    </aside>
  );
}

/** What a host might render while the offer is hidden; here, the reason, for the story. */
function HiddenNote({ state }: { state: DeclineTrackerRenderState }): ReactNode {
  const { t } = useFormatters('HiddenNote');
  if (!state.ready) return null;
  return <p style={{ color: 'var(--uk-color-text)', fontFamily: 'var(--uk-font-family)' }}>{t('gate.hidden', { reason: state.reason ?? '' })}</p>;
}

const declinedBefore = withStoredEvents([{ offerId: 'single_to_team', event: 'declined', at: '2026-10-01T09:00:00.000Z' }]);
const dismissedYesterday = withStoredEvents([{ offerId: 'single_to_team', event: 'dismissed', at: '2026-11-27T12:00:00.000Z' }]);

/**
 * The gate renders its children only when the decline policy lets the offer be shown: never a
 * declined offer again, a cooldown after a dismissal, a cap on impressions and offers per session.
 * Before mount (and on the server) it renders the fallback.
 */
const meta = {
  title: 'Components/DeclineTracker/Gate',
  component: DeclineTracker,
  tags: ['autodocs'],
  args: {
    offerId: 'single_to_team',
    children: <DemoOffer />,
    fallback: (state: DeclineTrackerRenderState) => <HiddenNote state={state} />,
  },
  argTypes: {
    offerId: { control: 'select', options: ['single_to_team', 'starter_to_bundle', 'cross_priority_support'] },
    children: { control: false },
    fallback: { control: false },
  },
  parameters: { fixture: 'happyPath' },
} satisfies Meta<typeof DeclineTracker>;

export default meta;
type Story = StoryObj<typeof meta>;

/** An offer the customer never declined: shown. */
export const Shown: Story = {
  play: async () => {
    await expect(await screen.findByRole('complementary', { name: 'Team license (5 seats)' })).toBeVisible();
  },
};

/** Declined in October: never shown again; the fallback renders instead. */
export const HiddenAfterDecline: Story = {
  decorators: [declinedBefore],
  play: async () => {
    await screen.findByText('Offer hidden: declined');
    await expect(screen.queryByRole('complementary')).toBeNull();
  },
};

/** Closed without a choice yesterday: hidden until the three-day cooldown ends. */
export const HiddenDuringCooldown: Story = {
  decorators: [dismissedYesterday],
  play: async () => {
    await screen.findByText('Offer hidden: cooldown');
  },
};

/** Render prop: the offer gets the gate's state and a bound `record`; "No thanks" hides it for good. */
export const DeclineHidesIt: Story = {
  args: {
    children: (state: DeclineTrackerRenderState) => <DemoOffer onDecline={() => state.record('declined')} />,
  },
  play: async () => {
    await userEvent.click(await screen.findByRole('button', { name: 'No thanks' }));
    await screen.findByText('Offer hidden: declined');
    await expect(screen.queryByRole('complementary')).toBeNull();
  },
};

/** Hindi: the fallback's message from the Hindi catalog. */
export const HiddenHindi: Story = {
  decorators: [declinedBefore],
  globals: { locale: 'hi-IN' },
  play: async () => {
    await screen.findByText('ऑफ़र छिपा है: declined');
  },
};

/** Dark theme, offer shown. */
export const ShownDark: Story = {
  globals: { theme: 'dark' },
  play: async () => {
    await screen.findByRole('complementary', { name: 'Team license (5 seats)' });
  },
};
