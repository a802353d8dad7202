import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { DeclineInsights, DeclineTracker } from '../../src/components/DeclineTracker/index';
import type { UpsellAdapter } from '../../src/core/adapter';
import { formatPercent } from '../../src/core/i18n/index';
import type { Messages } from '../../src/core/i18n/index';
import type { OfferEvent } from '../../src/core/types';
import type { UpsellStorage } from '../../src/hooks/decline-store';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { hi } from '../../src/locales/hi';
import { createMemoryAdapter } from '../../src/memory/index';
import type { FixtureName } from '../../src/memory/index';
import { guardConsole, memoryStorage } from '../hooks/helpers';

guardConsole();

const KEY = 'upsell-kit:offer-events';
const NOW = new Date('2026-11-28T12:00:00.000Z');

function stored(...events: OfferEvent[]) {
  return memoryStorage({ [KEY]: JSON.stringify({ version: 1, events }) });
}

function event(offerId: string, type: OfferEvent['event'], at = '2026-11-27T12:00:00.000Z'): OfferEvent {
  return { offerId, event: type, at };
}

interface SetupOptions {
  fixture?: FixtureName;
  adapter?: UpsellAdapter;
  storage?: UpsellStorage | null;
  locale?: string;
  messages?: Partial<Messages>;
}

function setup(ui: ReactNode, options: SetupOptions = {}) {
  const memory = createMemoryAdapter({ fixture: options.fixture ?? 'happyPath', now: () => NOW });
  const adapter = options.adapter ?? memory;
  const user = userEvent.setup();
  const view = render(
    <UpsellProvider
      adapter={adapter}
      storage={options.storage === undefined ? memoryStorage() : options.storage}
      now={() => NOW}
      locale={options.locale}
      messages={options.messages}
    >
      {ui}
    </UpsellProvider>,
  );
  return { memory, user, ...view };
}

async function expectNoAxeViolations(container: Element): Promise<void> {
  // jsdom cannot compute colours; the Chromium story sweep checks contrast.
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

function Offer({ name }: { name: string }) {
  return (
    <aside aria-label={name}>
      <p>{name}</p>
    </aside>
  );
}

describe('DeclineTracker gate', () => {
  it('shows an eligible offer', async () => {
    setup(
      <DeclineTracker offerId="single_to_team" fallback={<p>No offer</p>}>
        <Offer name="Team license" />
      </DeclineTracker>,
    );
    expect(await screen.findByRole('complementary', { name: 'Team license' })).toBeTruthy();
    expect(screen.queryByText('No offer')).toBeNull();
  });

  it('hides an offer the customer declined before, for good, and renders the fallback instead', async () => {
    const storage = stored(event('starter_to_bundle', 'declined', '2026-01-01T00:00:00.000Z'));
    const { container } = setup(
      <>
        <DeclineTracker offerId="starter_to_bundle" fallback={<p>No offer</p>}>
          <Offer name="Complete bundle" />
        </DeclineTracker>
        <DeclineTracker offerId="single_to_team">
          <Offer name="Team license" />
        </DeclineTracker>
      </>,
      { storage },
    );
    // The eligible one proves storage was read; the declined one stays hidden.
    await screen.findByRole('complementary', { name: 'Team license' });
    expect(screen.queryByRole('complementary', { name: 'Complete bundle' })).toBeNull();
    expect(screen.getByText('No offer')).toBeTruthy();
    expect(container.querySelectorAll('aside')).toHaveLength(1);
  });

  it('planChange: shows a plan offer again after its plan was left, while an ordinary gate keeps it hidden', async () => {
    const storage = stored(event('basic_to_pro', 'accepted', '2026-11-20T12:00:00.000Z'));
    setup(
      <>
        <DeclineTracker offerId="basic_to_pro" planChange fallback={<p>No plan offer</p>}>
          <Offer name="Pro plan" />
        </DeclineTracker>
        <DeclineTracker offerId="basic_to_pro" fallback={<p>Bought already</p>}>
          <Offer name="Pro plan, ungated by plan" />
        </DeclineTracker>
      </>,
      { storage },
    );
    expect(await screen.findByRole('complementary', { name: 'Pro plan' })).toBeTruthy();
    expect(screen.getByText('Bought already')).toBeTruthy();
    expect(screen.queryByText('No plan offer')).toBeNull();
  });

  it('hides a dismissed offer during its cooldown', async () => {
    const storage = stored(event('single_to_team', 'dismissed', '2026-11-27T12:00:00.000Z'));
    setup(
      <DeclineTracker offerId="single_to_team" fallback={(state) => <p>{`hidden: ${state.reason} until ${state.availableAt}`}</p>}>
        <Offer name="Team license" />
      </DeclineTracker>,
      { storage },
    );
    expect(await screen.findByText('hidden: cooldown until 2026-11-30T12:00:00.000Z')).toBeTruthy();
  });

  it('renders nothing before mount: the first render shows only the fallback', () => {
    const firstRender: string[] = [];
    function Probe() {
      return (
        <DeclineTracker offerId="single_to_team" fallback={(state) => (firstRender.push(`ready=${state.ready}`), <p>fallback</p>)}>
          <Offer name="Team license" />
        </DeclineTracker>
      );
    }
    setup(<Probe />);
    expect(firstRender[0]).toBe('ready=false');
    // After the mount effect read storage, the eligible offer replaced the fallback.
    expect(screen.getByRole('complementary', { name: 'Team license' })).toBeTruthy();
  });

  it('render prop: gets the state and a bound record(); a decline hides the offer and is remembered', async () => {
    const storage = memoryStorage();
    const { memory, user } = setup(
      <DeclineTracker
        offerId="single_to_team"
        fallback={(state) => (state.ready ? <p>{`Offer hidden: ${state.reason}`}</p> : null)}
      >
        {(state) => (
          <aside aria-label="Team license">
            <p>{`Shown ${state.stats.impressions} times`}</p>
            <button type="button" onClick={() => state.record('shown')}>
              Seen
            </button>
            <button type="button" onClick={() => state.record('declined')}>
              No thanks
            </button>
          </aside>
        )}
      </DeclineTracker>,
      { storage },
    );
    await user.click(await screen.findByRole('button', { name: 'Seen' }));
    expect(screen.getByText('Shown 1 times')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'No thanks' }));
    expect(await screen.findByText('Offer hidden: declined')).toBeTruthy();
    expect(screen.queryByRole('complementary', { name: 'Team license' })).toBeNull();
    await waitFor(() => expect(memory.events().map((e) => e.event)).toEqual(['shown', 'declined']));
    expect(storage.data.get(KEY)).toContain('"declined"');
  });
});

describe('DeclineInsights', () => {
  const rowCells = (name: string) => {
    const header = screen.getByRole('rowheader', { name });
    const row = header.closest('tr') as HTMLElement;
    return within(row).getAllByRole('cell').map((cell) => cell.textContent);
  };

  it('two insights on one page can be told apart by their own titles', async () => {
    setup(
      <>
        <DeclineInsights title="This week" />
        <DeclineInsights title="All time" />
      </>,
      { fixture: 'withHistory' },
    );
    expect(await screen.findByRole('table', { name: 'This week' })).toBeTruthy();
    expect(await screen.findByRole('table', { name: 'All time' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Offer performance' })).toBeNull();
  });

  it('server source: one row per offer with shown, accepted, declined and conversion', async () => {
    const { memory } = setup(<DeclineInsights />, { fixture: 'withHistory' });
    const table = await screen.findByRole('table', { name: 'Offer performance' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Offer',
      'Shown',
      'Accepted',
      'Declined',
      'Conversion',
    ]);
    expect(rowCells('starter_to_bundle')).toEqual(['40', '9', '22', '22.5%']);
    expect(rowCells('basic_to_pro')).toEqual(['25', '8', '12', '32%']);
    expect(rowCells('cross_priority_support')).toEqual(['18', '3', '0', '16.7%']);
    expect(memory.calls('getOfferStats')).toBe(1);
  });

  it('conversion goes through formatPercent with the provider locale', () => {
    expect(formatPercent(9 / 40, 'en-US')).toBe('22.5%');
    expect(formatPercent(3 / 18, 'en-US')).toBe('16.7%');
    expect(formatPercent(8 / 25, 'en-US')).toBe('32%');
    expect(formatPercent(9 / 40, 'hi-IN-u-nu-deva')).toBe('२२.५%');
  });

  it('draws an SVG bar chart named for assistive technology, one titled bar per offer', async () => {
    const { container } = setup(<DeclineInsights offerLabels={{ starter_to_bundle: 'Complete bundle' }} />, { fixture: 'withHistory' });
    const chart = await screen.findByRole('img', { name: 'Conversion rate per offer' });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    const titles = Array.from(chart.querySelectorAll('g > title')).map((title) => title.textContent);
    expect(titles).toEqual([
      'Complete bundle: 22.5% conversion (9 of 40)',
      'basic_to_pro: 32% conversion (8 of 25)',
      'cross_priority_support: 16.7% conversion (3 of 18)',
    ]);
    // Bar widths follow the rates: 32% is the longest.
    const widths = Array.from(container.querySelectorAll('.uk-decline-insights__bar-fill')).map((rect) => Number(rect.getAttribute('width')));
    expect(widths).toEqual([55.8, 79.4, 41.3]);
    expect(screen.getByRole('rowheader', { name: 'Complete bundle' })).toBeTruthy();
  });

  it('local source: stats from this browser’s stored events, without asking the server', async () => {
    const storage = stored(
      event('starter_to_bundle', 'shown'),
      event('starter_to_bundle', 'shown'),
      event('starter_to_bundle', 'accepted'),
      event('single_to_team', 'shown'),
      event('single_to_team', 'declined'),
    );
    const { memory } = setup(<DeclineInsights source="local" />, { storage });
    await screen.findByRole('table', { name: 'Offer performance' });
    expect(rowCells('starter_to_bundle')).toEqual(['2', '1', '0', '50%']);
    expect(rowCells('single_to_team')).toEqual(['1', '0', '1', '0%']);
    expect(memory.calls('getOfferStats')).toBe(0);
  });

  it('empty: says no offer was shown yet, with no table or chart', async () => {
    const { container } = setup(<DeclineInsights />);
    expect(await within(screen.getByRole('status')).findByText('No offers have been shown yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
    expect(container.firstElementChild?.getAttribute('data-state')).toBe('empty');
  });

  it('loading, then a plain-language failure with a retry', async () => {
    const { container, memory, user } = setup(<DeclineInsights className="host-insights" />, { fixture: 'networkError' });
    const root = container.firstElementChild as HTMLElement;
    expect(root.className).toBe('uk-root uk-decline-insights host-insights');
    expect(
      await within(screen.getByRole('status')).findByText(
        'We could not load the offer statistics. We could not reach the server. Check your connection and try again.',
      ),
    ).toBeTruthy();
    expect(root.getAttribute('data-state')).toBe('failed');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(memory.calls('getOfferStats')).toBe(2));
  });

  it('aborts the stats request on unmount', async () => {
    const memory = createMemoryAdapter({ fixture: 'loading' });
    const getOfferStats = vi.spyOn(memory, 'getOfferStats');
    const { unmount } = setup(<DeclineInsights />, { adapter: memory });
    expect(within(screen.getByRole('status')).getByText('Loading…')).toBeTruthy();
    expect(getOfferStats).toHaveBeenCalledTimes(1);
    const signal = getOfferStats.mock.calls[0]?.[0]?.signal;
    expect(signal?.aborted).toBe(false);
    unmount();
    expect(signal?.aborted).toBe(true);
  });

  it('reads in Hindi, with numbers and percentages from Intl for the locale', async () => {
    setup(<DeclineInsights />, { fixture: 'withHistory', locale: 'hi-IN-u-nu-deva', messages: hi });
    expect(await screen.findByRole('table', { name: 'ऑफ़र का प्रदर्शन' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'हर ऑफ़र की रूपांतरण दर' })).toBeTruthy();
    expect(rowCells('starter_to_bundle')).toEqual(['४०', '९', '२२', '२२.५%']);
    expect(screen.getByRole('columnheader', { name: 'रूपांतरण' })).toBeTruthy();
  });

  it('has no axe violations with data and when empty', async () => {
    const full = setup(<DeclineInsights />, { fixture: 'withHistory' });
    await screen.findByRole('table');
    await expectNoAxeViolations(full.container);
    full.unmount();

    const empty = setup(<DeclineInsights />);
    await screen.findByText('No offers have been shown yet.');
    await expectNoAxeViolations(empty.container);
  });
});
