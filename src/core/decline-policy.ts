/**
 * When to show an offer again, as a pure function of the offer's history. Dodo's guide:
 * make declining easy and never re-show a declined offer; do not nag.
 */
import type { OfferEvent, OfferStats } from './types';

/** The host's rules for re-showing offers. */
export interface DeclinePolicy {
  /** Never show an offer again once declined. @default true */
  neverReshowDeclined: boolean;
  /** Days to wait after a dismissal (closed without choosing) before showing it again. @default 3 */
  cooldownDays: number;
  /** Most times one offer is shown, ever. @default 3 */
  maxImpressions: number;
  /** Most different offers shown in one session. @default 2 */
  maxOffersPerSession: number;
}

/** The policy used when the host sets none. */
export const DEFAULT_DECLINE_POLICY: Readonly<DeclinePolicy> = Object.freeze({
  neverReshowDeclined: true,
  cooldownDays: 3,
  maxImpressions: 3,
  maxOffersPerSession: 2,
});

/** Why an offer may or may not be shown. */
export type DeclineDecisionReason =
  | 'eligible'
  | 'already_shown_this_session'
  | 'accepted'
  | 'declined'
  | 'cooldown'
  | 'max_impressions'
  | 'session_cap';

/** Result of {@link evaluateDeclinePolicy}. */
export interface DeclineDecision {
  /** Whether to show the offer now. */
  show: boolean;
  /** Why. */
  reason: DeclineDecisionReason;
  /** For `cooldown`: ISO time from which the offer may show again. */
  availableAt: string | null;
}

/** Inputs of {@link evaluateDeclinePolicy}. */
export interface DeclinePolicyInput {
  /** The offer in question. */
  offerId: string;
  /** Every recorded event of this customer (any offer), in any order. */
  events: readonly OfferEvent[];
  /** Offer ids already shown in the current session. */
  sessionOfferIds: readonly string[];
  /** The rules. */
  policy: DeclinePolicy;
  /** The current time. */
  now: Date;
  /**
   * True for a plan-change offer (`offer.subscriptionId` set). Its acceptance is not final: once
   * the subscription moves to another plan the backend offers it again, so only the events after
   * the last acceptance count (the backend never returns a plan offer the customer is still on).
   * @default false
   */
  planChange?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Decides whether `offerId` may be shown. Checked in order: accepted (for a plan change, only
 * what happened after its last acceptance counts: see `planChange`), declined, already
 * shown in this session (keep showing it: the decision must not flip while it is on
 * screen), max impressions, cooldown after a dismissal, per-session cap.
 */
export function evaluateDeclinePolicy(input: DeclinePolicyInput): DeclineDecision {
  const { offerId, policy, now } = input;
  let own = input.events.filter((event) => event.offerId === offerId);
  if (input.planChange) {
    const accepted = own.reduce((latest, event) => (event.event === 'accepted' ? Math.max(latest, Date.parse(event.at) || 0) : latest), -1);
    if (accepted >= 0) own = own.filter((event) => Date.parse(event.at) > accepted);
  }
  const decide = (show: boolean, reason: DeclineDecisionReason, availableAt: string | null = null): DeclineDecision => ({
    show,
    reason,
    availableAt,
  });

  if (own.some((event) => event.event === 'accepted')) return decide(false, 'accepted');
  if (policy.neverReshowDeclined && own.some((event) => event.event === 'declined')) return decide(false, 'declined');
  if (input.sessionOfferIds.includes(offerId)) return decide(true, 'already_shown_this_session');

  const impressions = own.filter((event) => event.event === 'shown').length;
  if (impressions >= policy.maxImpressions) return decide(false, 'max_impressions');

  const lastDismissal = own
    .filter((event) => event.event === 'dismissed' || (!policy.neverReshowDeclined && event.event === 'declined'))
    .reduce<number | null>((latest, event) => {
      const at = Date.parse(event.at);
      return Number.isNaN(at) ? latest : latest === null ? at : Math.max(latest, at);
    }, null);
  if (lastDismissal !== null && policy.cooldownDays > 0) {
    const availableAt = lastDismissal + policy.cooldownDays * DAY_MS;
    if (now.getTime() < availableAt) return decide(false, 'cooldown', new Date(availableAt).toISOString());
  }

  if (new Set(input.sessionOfferIds).size >= policy.maxOffersPerSession) return decide(false, 'session_cap');
  return decide(true, 'eligible');
}

/** Folds events into per-offer stats; conversion is accepts ÷ impressions (0 when never shown). */
export function summarizeOfferEvents(events: readonly OfferEvent[]): OfferStats[] {
  const byOffer = new Map<string, OfferStats>();
  for (const { offerId, event } of events) {
    let stats = byOffer.get(offerId);
    if (!stats) {
      stats = { offerId, impressions: 0, accepts: 0, declines: 0, dismissals: 0, failures: 0, conversionRate: 0 };
      byOffer.set(offerId, stats);
    }
    if (event === 'shown') stats.impressions += 1;
    else if (event === 'accepted') stats.accepts += 1;
    else if (event === 'declined') stats.declines += 1;
    else if (event === 'dismissed') stats.dismissals += 1;
    else stats.failures += 1;
  }
  return [...byOffer.values()].map((stats) => ({
    ...stats,
    conversionRate: stats.impressions === 0 ? 0 : stats.accepts / stats.impressions,
  }));
}
