import { act, render, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { OfferEvent } from '../../src/core/types';
import { MAX_STORED_EVENTS } from '../../src/hooks/decline-store';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { useDeclineTracker } from '../../src/hooks/use-decline-tracker';
import { createMemoryAdapter } from '../../src/memory/index';
import { eventLog, memoryStorage, providerWrapper } from './helpers';
import type { WrapperOptions } from './helpers';

const KEY = 'upsell-kit:offer-events';
const NOW = new Date('2026-11-28T12:00:00.000Z');

function stored(...events: OfferEvent[]) {
  return memoryStorage({ [KEY]: JSON.stringify({ version: 1, events }) });
}

function event(offerId: string, type: OfferEvent['event'], at = '2026-11-27T12:00:00.000Z'): OfferEvent {
  return { offerId, event: type, at };
}

function setup(offerId: string | undefined, options: WrapperOptions = {}) {
  const adapter = createMemoryAdapter();
  const log = eventLog();
  const rendered = renderHook((id: string | undefined) => useDeclineTracker(id), {
    initialProps: offerId,
    wrapper: providerWrapper(adapter, { now: () => NOW, onEvent: log.onEvent, ...options }),
  });
  return { adapter, log, ...rendered };
}

describe('useDeclineTracker', () => {
  it('reads storage only after mount: the first render is not ready and shows nothing', () => {
    const storage = stored();
    const firstRender: Array<{ ready: boolean; shouldShow: boolean; reads: number }> = [];
    const { result } = renderHook(
      () => {
        const tracker = useDeclineTracker('starter_to_bundle');
        firstRender.push({ ready: tracker.ready, shouldShow: tracker.shouldShow, reads: storage.reads });
        return tracker;
      },
      { wrapper: providerWrapper(createMemoryAdapter(), { storage }) },
    );
    expect(firstRender[0]).toEqual({ ready: false, shouldShow: false, reads: 0 });
    expect(result.current).toMatchObject({ ready: true, shouldShow: true, reason: 'eligible' });
    expect(storage.reads).toBe(1);
  });

  it('a fresh offer may be shown, with zero stats', () => {
    const { result } = setup('starter_to_bundle');
    expect(result.current).toMatchObject({ shouldShow: true, reason: 'eligible', availableAt: null });
    expect(result.current.stats).toEqual({
      offerId: 'starter_to_bundle', impressions: 0, accepts: 0, declines: 0, dismissals: 0, failures: 0, conversionRate: 0,
    });
  });

  it('record() stores the event, tells the adapter and analytics, and keeps showing the offer this session', async () => {
    const storage = stored();
    const { adapter, log, result } = setup('starter_to_bundle', { storage });
    act(() => result.current.record('shown'));
    expect(result.current).toMatchObject({ shouldShow: true, reason: 'already_shown_this_session' });
    expect(result.current.stats?.impressions).toBe(1);
    expect(JSON.parse(storage.data.get(KEY) ?? '{}').events).toEqual([event('starter_to_bundle', 'shown', NOW.toISOString())]);
    expect(log.events).toEqual([{ type: 'offer_shown', offerId: 'starter_to_bundle', at: NOW.toISOString() }]);
    await waitFor(() => expect(adapter.events()).toEqual([expect.objectContaining({ offerId: 'starter_to_bundle', event: 'shown' })]));
  });

  it('never re-shows a declined offer', () => {
    const { result } = setup('starter_to_bundle', { storage: stored(event('starter_to_bundle', 'declined', '2025-01-01T00:00:00.000Z')) });
    expect(result.current).toMatchObject({ shouldShow: false, reason: 'declined' });
    expect(result.current.stats?.declines).toBe(1);
  });

  it('never re-shows an accepted offer', () => {
    const { result } = setup('starter_to_bundle');
    act(() => result.current.record('accepted'));
    expect(result.current).toMatchObject({ shouldShow: false, reason: 'accepted' });
  });

  it('planChange: a plan offer bought before may show again once re-offered; what followed its last acceptance still counts', async () => {
    const history = [event('basic_to_pro', 'shown', '2026-11-20T12:00:00.000Z'), event('basic_to_pro', 'accepted', '2026-11-20T12:01:00.000Z')];
    const decide = (planChange: boolean | undefined, events: OfferEvent[]) => {
      const { result } = renderHook(() => useDeclineTracker('basic_to_pro', planChange === undefined ? undefined : { planChange }), {
        wrapper: providerWrapper(createMemoryAdapter(), { now: () => NOW, storage: stored(...events) }),
      });
      return result.current;
    };
    expect(decide(undefined, history)).toMatchObject({ ready: true, shouldShow: false, reason: 'accepted' });
    expect(decide(false, history)).toMatchObject({ shouldShow: false, reason: 'accepted' });
    expect(decide(true, history)).toMatchObject({ shouldShow: true, reason: 'eligible' });
    expect(decide(true, [...history, event('basic_to_pro', 'declined', '2026-11-25T12:00:00.000Z')])).toMatchObject({ shouldShow: false, reason: 'declined' });
  });

  it('waits out the cooldown after a dismissal', () => {
    const { result } = setup('starter_to_bundle', { storage: stored(event('starter_to_bundle', 'dismissed', '2026-11-27T12:00:00.000Z')) });
    expect(result.current).toMatchObject({ shouldShow: false, reason: 'cooldown', availableAt: '2026-11-30T12:00:00.000Z' });
  });

  it('a host policy can shorten the cooldown (merged on the defaults)', () => {
    const { result } = setup('starter_to_bundle', {
      storage: stored(event('starter_to_bundle', 'dismissed', '2026-11-27T12:00:00.000Z')),
      declinePolicy: { cooldownDays: 1 },
    });
    expect(result.current).toMatchObject({ shouldShow: true, reason: 'eligible' });
  });

  it('stops after the maximum number of impressions', () => {
    const shown = (day: number) => event('starter_to_bundle', 'shown', `2026-11-0${day}T00:00:00.000Z`);
    const { result } = setup('starter_to_bundle', { storage: stored(shown(1), shown(2), shown(3)) });
    expect(result.current).toMatchObject({ shouldShow: false, reason: 'max_impressions' });
  });

  it('caps the number of different offers per session', () => {
    const { result } = setup('single_to_team');
    act(() => {
      result.current.record('shown', 'starter_to_bundle');
      result.current.record('shown', 'basic_to_pro');
    });
    expect(result.current).toMatchObject({ shouldShow: false, reason: 'session_cap' });
  });

  it('with re-showing declined offers allowed, a decline only starts a cooldown', () => {
    const { result } = setup('starter_to_bundle', {
      storage: stored(event('starter_to_bundle', 'declined', '2026-11-27T12:00:00.000Z')),
      declinePolicy: { neverReshowDeclined: false },
    });
    expect(result.current).toMatchObject({ shouldShow: false, reason: 'cooldown' });
  });

  it('reports conversion per offer', () => {
    const { result } = setup(undefined, {
      storage: stored(
        event('a', 'shown'), event('a', 'shown'), event('a', 'shown'), event('a', 'shown'),
        event('a', 'accepted'), event('b', 'shown'), event('b', 'dismissed'), event('b', 'failed'),
      ),
    });
    expect(result.current.allStats).toEqual([
      { offerId: 'a', impressions: 4, accepts: 1, declines: 0, dismissals: 0, failures: 0, conversionRate: 0.25 },
      { offerId: 'b', impressions: 1, accepts: 0, declines: 0, dismissals: 1, failures: 1, conversionRate: 0 },
    ]);
  });

  it('without an offer id, decides nothing and warns (in development) when asked to record', () => {
    const { log, result } = setup(undefined);
    expect(result.current).toMatchObject({ ready: true, shouldShow: false, reason: null, stats: null });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    act(() => result.current.record('shown'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('needs an offer id'));
    expect(log.events).toEqual([]);
    warn.mockRestore();
  });

  it('ignores corrupt storage and keeps working when storage throws', () => {
    const corrupt = setup('x', { storage: memoryStorage({ [KEY]: '{not json' }) });
    expect(corrupt.result.current).toMatchObject({ ready: true, shouldShow: true });
    const wrongShape = setup('x', { storage: memoryStorage({ [KEY]: JSON.stringify({ events: [{ offerId: 1 }, 'x', event('x', 'declined')] }) }) });
    expect(wrongShape.result.current.reason).toBe('declined');
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    const { result } = setup('x', { storage: broken });
    act(() => result.current.record('declined'));
    expect(result.current.reason).toBe('declined');
  });

  it('keeps only the most recent events', () => {
    const many = Array.from({ length: MAX_STORED_EVENTS }, (_, i) => event(`old_${i}`, 'shown'));
    const storage = stored(...many);
    const { result } = setup('new', { storage });
    act(() => result.current.record('shown'));
    const kept = JSON.parse(storage.data.get(KEY) ?? '{}').events as OfferEvent[];
    expect(kept).toHaveLength(MAX_STORED_EVENTS);
    expect(kept.at(-1)?.offerId).toBe('new');
    expect(kept[0]?.offerId).toBe('old_1');
  });

  it('uses window.localStorage by default, under the storage key', () => {
    window.localStorage.clear();
    function Recorder() {
      const tracker = useDeclineTracker('starter_to_bundle');
      return <button onClick={() => tracker.record('declined')}>{String(tracker.shouldShow)}</button>;
    }
    const { getByRole } = render(
      <UpsellProvider adapter={createMemoryAdapter()} storageKey="shop:events">
        <Recorder />
      </UpsellProvider>,
    );
    act(() => getByRole('button').click());
    expect(getByRole('button').textContent).toBe('false');
    expect(JSON.parse(window.localStorage.getItem('shop:events') ?? '{}').events).toHaveLength(1);
    window.localStorage.clear();
  });

  it('with storage null, remembers for this page only', () => {
    const { result } = setup('x', { storage: null });
    act(() => result.current.record('declined'));
    expect(result.current.reason).toBe('declined');
    expect(window.localStorage.length).toBe(0);
  });
});
