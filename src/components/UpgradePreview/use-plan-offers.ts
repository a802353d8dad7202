'use client';
/**
 * The plan choices of `UpgradePreview`: the host's `offers` when given, otherwise the adapter's
 * `plan_change` offers for the `account` placement, loaded after mount (never on the server)
 * and aborted on unmount or when the subscription changes.
 */
import { useCallback, useEffect, useState } from 'react';
import { toUpsellErrorInfo } from '../../core/machines/error-info';
import type { UpsellErrorInfo } from '../../core/machines/error-info';
import type { Offer } from '../../core/types';
import { useUpsellContext } from '../../hooks/use-upsell-context';

/** Where loading the plan choices stands. */
export type PlanOffersState =
  | { status: 'loading' }
  | { status: 'ready'; offers: readonly Offer[] }
  | { status: 'failed'; error: UpsellErrorInfo };

/** Result of {@link usePlanOffers}. */
export interface UsePlanOffersResult {
  /** Loading, ready or failed. */
  state: PlanOffersState;
  /** The plan offers once ready (empty before). */
  offers: readonly Offer[];
  /** Loads the offers again (after a failure). */
  reload: () => void;
}

const NO_OFFERS: readonly Offer[] = [];

/** Plan offers of `subscriptionId`: `provided` as is, or loaded from the adapter. */
export function usePlanOffers(subscriptionId: string, provided: readonly Offer[] | undefined): UsePlanOffersResult {
  const { adapter } = useUpsellContext('UpgradePreview');
  const [loaded, setLoaded] = useState<PlanOffersState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const needsLoad = provided === undefined;

  useEffect(() => {
    if (!needsLoad) return undefined;
    const controller = new AbortController();
    setLoaded({ status: 'loading' });
    adapter.getOffers({ placement: 'account', context: { subscriptionId } }, { signal: controller.signal }).then(
      (offers) => {
        if (controller.signal.aborted) return;
        const plans = offers.filter(
          (offer) => offer.kind === 'plan_change' && (offer.subscriptionId === null || offer.subscriptionId === subscriptionId),
        );
        setLoaded({ status: 'ready', offers: plans });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ status: 'failed', error: toUpsellErrorInfo(error) });
      },
    );
    return () => controller.abort();
  }, [adapter, subscriptionId, needsLoad, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  if (provided !== undefined) return { state: { status: 'ready', offers: provided }, offers: provided, reload };
  return { state: loaded, offers: loaded.status === 'ready' ? loaded.offers : NO_OFFERS, reload };
}
