'use client';
/**
 * Per-offer stats for `DeclineInsights`: from the adapter's `getOfferStats()` (loaded after
 * mount, aborted on unmount) or from this browser's recorded events (`useDeclineTracker`).
 */
import type { OfferStats } from '../../core/types';
import { useDeclineTracker } from '../../hooks/use-decline-tracker';
import { identityKey } from '../../hooks/use-keyed-task';
import { useUpsellContext } from '../../hooks/use-upsell-context';
import { useLoaded } from '../shared/use-loaded';
import type { LoadedState } from '../shared/use-loaded';

/** Where the stats come from: the backend (every customer in scope) or this browser's history. */
export type OfferStatsSource = 'local' | 'server';

/** Result of {@link useOfferStats}. */
export interface UseOfferStatsResult {
  /** Loading, ready (`value`: one row per offer) or failed. */
  state: LoadedState<readonly OfferStats[]>;
  /** Loads the server stats again (after a failure); does nothing for local stats. */
  reload: () => void;
}

/** Offer stats from `source`. */
export function useOfferStats(source: OfferStatsSource): UseOfferStatsResult {
  const { adapter } = useUpsellContext('DeclineInsights');
  const local = useDeclineTracker();
  const { state, reload } = useLoaded(source === 'server' ? String(identityKey(adapter)) : null, (signal) => adapter.getOfferStats({ signal }));
  if (source === 'local') {
    return { state: local.ready ? { status: 'ready', value: local.allStats } : { status: 'loading' }, reload };
  }
  return { state, reload };
}
