'use client';
/**
 * The plan choices of `UpgradePreview`: the host's `offers` when given, otherwise the adapter's
 * `plan_change` offers for the `account` placement, loaded after mount (never on the server)
 * and aborted on unmount or when the subscription changes.
 */
import type { Offer } from '../../core/types';
import { identityKey } from '../../hooks/use-keyed-task';
import { useUpsellContext } from '../../hooks/use-upsell-context';
import { useLoaded } from '../shared/use-loaded';
import type { LoadedState } from '../shared/use-loaded';

/** Result of {@link usePlanOffers}. */
export interface UsePlanOffersResult {
  /** Loading, ready (`value`: the plan offers) or failed. */
  state: LoadedState<readonly Offer[]>;
  /** The plan offers once ready (empty before). */
  offers: readonly Offer[];
  /** Loads the offers again (after a failure). */
  reload: () => void;
}

const NO_OFFERS: readonly Offer[] = [];

/** Plan offers of `subscriptionId`: `provided` as is, or loaded from the adapter. */
export function usePlanOffers(subscriptionId: string, provided: readonly Offer[] | undefined): UsePlanOffersResult {
  const { adapter } = useUpsellContext('UpgradePreview');
  const { state, reload } = useLoaded(provided ? null : `${identityKey(adapter)}:${subscriptionId}`, (signal) =>
    adapter
      .getOffers({ placement: 'account', context: { subscriptionId } }, { signal })
      .then((offers) =>
        offers.filter((offer) => offer.kind === 'plan_change' && (offer.subscriptionId === null || offer.subscriptionId === subscriptionId)),
      ),
  );
  if (provided) return { state: { status: 'ready', value: provided }, offers: provided, reload };
  return { state, offers: state.status === 'ready' ? state.value : NO_OFFERS, reload };
}
