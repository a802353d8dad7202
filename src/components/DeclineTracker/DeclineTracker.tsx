'use client';
/**
 * `DeclineTracker`: a gate that renders an offer only when the provider's decline policy allows
 * it (never a declined offer again, cooldown after a dismissal, max impressions, session cap).
 * The policy reads stored events after mount, so the server and the first client render show
 * the fallback: no offer flashes in and out, and no hydration mismatch.
 */
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type { DeclineDecisionReason } from '../../core/decline-policy';
import type { OfferEventType, OfferStats } from '../../core/types';
import { useDeclineTracker } from '../../hooks/use-decline-tracker';

/** What the gate passes to function children and to a function fallback. */
export interface DeclineTrackerRenderState {
  /** The gated offer. */
  offerId: string;
  /** True once stored events were read (after mount). */
  ready: boolean;
  /** Whether the policy lets the offer be shown now. */
  shouldShow: boolean;
  /** Why, once `ready`; null before. */
  reason: DeclineDecisionReason | null;
  /** For `cooldown`: ISO time from which the offer may show again. */
  availableAt: string | null;
  /** Impressions, accepts, declines and conversion of this offer. */
  stats: OfferStats;
  /** Records an event for this offer (a `declined` hides it at once, and for good). */
  record: (event: OfferEventType) => void;
}

/** Props of {@link DeclineTracker}. */
export interface DeclineTrackerProps {
  /** The offer to gate; its stored history decides. */
  offerId: string;
  /** The offer is a plan change (`offer.subscriptionId` set): only its history since its last acceptance counts. @default false */
  planChange?: boolean;
  /** The offer, or a function of the gate's state; rendered only when the policy allows. @default undefined */
  children?: ReactNode | ((state: DeclineTrackerRenderState) => ReactNode);
  /** Rendered instead: on the server, before mount, and while the offer is hidden. @default null */
  fallback?: ReactNode | ((state: DeclineTrackerRenderState) => ReactNode);
}

/** Renders `children` only when the decline policy allows `offerId` to be shown; SSR-safe. */
export function DeclineTracker({ offerId, planChange, children, fallback = null }: DeclineTrackerProps): ReactNode {
  const tracker = useDeclineTracker(offerId, { planChange });
  const { ready, shouldShow, reason, availableAt, stats, record } = tracker;
  const state = useMemo<DeclineTrackerRenderState>(
    () => ({
      offerId,
      ready,
      shouldShow,
      reason,
      availableAt,
      stats: stats ?? { offerId, impressions: 0, accepts: 0, declines: 0, dismissals: 0, failures: 0, conversionRate: 0 },
      record: (event) => record(event, offerId),
    }),
    [offerId, ready, shouldShow, reason, availableAt, stats, record],
  );
  const shown = shouldShow ? children : fallback;
  return typeof shown === 'function' ? shown(state) : (shown ?? null);
}
