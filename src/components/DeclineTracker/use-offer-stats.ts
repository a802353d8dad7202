'use client';
/**
 * Per-offer stats for `DeclineInsights`: from the adapter's `getOfferStats()` (loaded after
 * mount, aborted on unmount) or from this browser's recorded events (`useDeclineTracker`).
 */
import { useCallback, useEffect, useState } from 'react';
import { toUpsellErrorInfo } from '../../core/machines/error-info';
import type { UpsellErrorInfo } from '../../core/machines/error-info';
import type { OfferStats } from '../../core/types';
import { useDeclineTracker } from '../../hooks/use-decline-tracker';
import { useUpsellContext } from '../../hooks/use-upsell-context';

/** Where the stats come from: the backend (every customer in scope) or this browser's history. */
export type OfferStatsSource = 'local' | 'server';

/** Where loading the stats stands. */
export type OfferStatsState =
  | { status: 'loading' }
  | { status: 'ready'; stats: readonly OfferStats[] }
  | { status: 'failed'; error: UpsellErrorInfo };

/** Result of {@link useOfferStats}. */
export interface UseOfferStatsResult {
  /** Loading, ready or failed. */
  state: OfferStatsState;
  /** Loads the server stats again (after a failure); does nothing for local stats. */
  reload: () => void;
}

/** Offer stats from `source`. */
export function useOfferStats(source: OfferStatsSource): UseOfferStatsResult {
  const { adapter } = useUpsellContext('DeclineInsights');
  const local = useDeclineTracker();
  const [server, setServer] = useState<OfferStatsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (source !== 'server') return undefined;
    const controller = new AbortController();
    setServer({ status: 'loading' });
    adapter.getOfferStats({ signal: controller.signal }).then(
      (stats) => {
        if (!controller.signal.aborted) setServer({ status: 'ready', stats });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setServer({ status: 'failed', error: toUpsellErrorInfo(error) });
      },
    );
    return () => controller.abort();
  }, [adapter, source, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  if (source === 'local') {
    return { state: local.ready ? { status: 'ready', stats: local.allStats } : { status: 'loading' }, reload };
  }
  return { state: server, reload };
}
