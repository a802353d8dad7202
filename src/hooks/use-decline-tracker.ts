'use client';
/**
 * `useDeclineTracker`: whether an offer may be shown under the provider's decline policy
 * (never re-show a declined offer, cooldown after a dismissal, max impressions, per-session
 * cap), and conversion stats per offer. Storage is read after mount only: on the server and
 * in the first client render the tracker is not `ready` and `shouldShow` is false.
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { evaluateDeclinePolicy, summarizeOfferEvents } from '../core/decline-policy';
import type { DeclineDecisionReason } from '../core/decline-policy';
import type { OfferEventType, OfferStats } from '../core/types';
import { useUpsellContext } from './use-upsell-context';

/** Result of {@link useDeclineTracker}. */
export interface UseDeclineTrackerResult {
  /** True once stored events were read (after mount); until then nothing is shown. */
  ready: boolean;
  /** Whether the offer may be shown now (false before `ready` and without an offer id). */
  shouldShow: boolean;
  /** Why, once `ready` and an offer id is given; otherwise null. */
  reason: DeclineDecisionReason | null;
  /** For `cooldown`: ISO time from which the offer may show again. */
  availableAt: string | null;
  /** Impressions, accepts, declines, dismissals, failures and conversion of the offer (zeros when never shown), or null without an offer id. */
  stats: OfferStats | null;
  /** Stats of every offer with a recorded event. */
  allStats: OfferStats[];
  /** Records an event for the offer (or `offerId`): in storage, at the adapter and as analytics. */
  record: (event: OfferEventType, offerId?: string) => void;
}

function emptyStats(offerId: string): OfferStats {
  return { offerId, impressions: 0, accepts: 0, declines: 0, dismissals: 0, failures: 0, conversionRate: 0 };
}

/** Options of {@link useDeclineTracker}. */
export interface UseDeclineTrackerOptions {
  /** The offer is a plan change (`offer.subscriptionId` set): only events after its last acceptance count, since the backend offers it again once the plan moved. @default false */
  planChange?: boolean;
}

/** Applies the decline policy to `offerId` and reports per-offer stats; SSR-safe. */
export function useDeclineTracker(offerId?: string | null, { planChange = false }: UseDeclineTrackerOptions = {}): UseDeclineTrackerResult {
  const context = useUpsellContext('useDeclineTracker');
  const { store, declinePolicy, now, track } = context;
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);

  const allStats = useMemo(() => summarizeOfferEvents(snapshot.events), [snapshot.events]);
  const decision = useMemo(() => {
    if (!snapshot.hydrated || !offerId) return null;
    return evaluateDeclinePolicy({
      offerId,
      events: snapshot.events,
      sessionOfferIds: snapshot.sessionOfferIds,
      policy: declinePolicy,
      now: now(),
      planChange,
    });
  }, [snapshot, offerId, declinePolicy, now, planChange]);

  const record = useCallback(
    (event: OfferEventType, forOfferId?: string): void => {
      const id = forOfferId ?? offerId;
      if (!id) {
        if (process.env.NODE_ENV !== 'production') {
          console.warn('upsell-kit: useDeclineTracker().record needs an offer id (pass one to the hook or to record).');
        }
        return;
      }
      track(id, event);
    },
    [offerId, track],
  );

  return {
    ready: snapshot.hydrated,
    shouldShow: decision?.show ?? false,
    reason: decision?.reason ?? null,
    availableAt: decision?.availableAt ?? null,
    stats: offerId ? (allStats.find((stats) => stats.offerId === offerId) ?? emptyStats(offerId)) : null,
    allStats,
    record,
  };
}
