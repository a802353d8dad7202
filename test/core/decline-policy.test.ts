import { describe, expect, it } from 'vitest';
import { DEFAULT_DECLINE_POLICY, evaluateDeclinePolicy, summarizeOfferEvents } from '../../src/core/decline-policy';
import type { DeclinePolicy, DeclinePolicyInput } from '../../src/core/decline-policy';
import type { OfferEvent, OfferEventType } from '../../src/core/types';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const OFFER = 'basic_to_pro';

const at = (iso: string, event: OfferEventType, offerId = OFFER): OfferEvent => ({ offerId, event, at: iso });
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

function decide(events: OfferEvent[], overrides: Partial<Omit<DeclinePolicyInput, 'policy'>> & { policy?: Partial<DeclinePolicy> } = {}) {
  return evaluateDeclinePolicy({
    offerId: overrides.offerId ?? OFFER,
    events,
    sessionOfferIds: overrides.sessionOfferIds ?? [],
    policy: { ...DEFAULT_DECLINE_POLICY, ...overrides.policy },
    now: overrides.now ?? NOW,
    planChange: overrides.planChange,
  });
}

describe('evaluateDeclinePolicy', () => {
  it('uses the documented defaults', () => {
    expect(DEFAULT_DECLINE_POLICY).toEqual({ neverReshowDeclined: true, cooldownDays: 3, maxImpressions: 3, maxOffersPerSession: 2 });
    expect(Object.isFrozen(DEFAULT_DECLINE_POLICY)).toBe(true);
  });

  it('shows a fresh offer', () => {
    expect(decide([])).toEqual({ show: true, reason: 'eligible', availableAt: null });
  });

  it('never re-shows a declined offer, however long ago', () => {
    const events = [at(daysBefore(400), 'shown'), at(daysBefore(400), 'declined')];
    expect(decide(events)).toEqual({ show: false, reason: 'declined', availableAt: null });
  });

  it('never shows an accepted offer again, even if it was declined before', () => {
    const events = [at(daysBefore(10), 'declined'), at(daysBefore(1), 'shown'), at(daysBefore(1), 'accepted')];
    expect(decide(events)).toMatchObject({ show: false, reason: 'accepted' });
    expect(decide(events, { policy: { neverReshowDeclined: false } })).toMatchObject({ show: false, reason: 'accepted' });
  });

  it('a plan-change offer counts only what happened after its last acceptance (the backend offers it again once the plan changed)', () => {
    const bought = [at(daysBefore(30), 'shown'), at(daysBefore(30), 'shown'), at(daysBefore(30), 'declined'), at(daysBefore(20), 'shown'), at(daysBefore(20), 'accepted')];
    expect(decide(bought, { planChange: true })).toEqual({ show: true, reason: 'eligible', availableAt: null });
    // After the acceptance the policy applies again as to a fresh offer.
    expect(decide([...bought, at(daysBefore(2), 'declined')], { planChange: true })).toMatchObject({ show: false, reason: 'declined' });
    expect(decide([...bought, at(daysBefore(1), 'dismissed')], { planChange: true })).toMatchObject({ show: false, reason: 'cooldown' });
    expect(decide([...bought, at(daysBefore(5), 'shown'), at(daysBefore(4), 'shown'), at(daysBefore(3), 'shown')], { planChange: true })).toMatchObject({
      show: false,
      reason: 'max_impressions',
    });
    // Events arrive in any order: the latest acceptance is the one that counts.
    expect(decide([at(daysBefore(2), 'declined'), at(daysBefore(1), 'accepted'), at(daysBefore(9), 'accepted')], { planChange: true })).toMatchObject({ show: true });
    // A one-time offer stays bought.
    expect(decide(bought)).toMatchObject({ show: false, reason: 'accepted' });
  });

  it('only looks at the offer in question', () => {
    const events = [at(daysBefore(1), 'declined', 'starter_to_bundle'), at(daysBefore(1), 'accepted', 'single_to_team')];
    expect(decide(events)).toMatchObject({ show: true, reason: 'eligible' });
  });

  it('keeps showing an offer already on screen this session, even past max impressions or a cooldown', () => {
    const events = [at(daysBefore(1), 'dismissed'), at(daysBefore(0.1), 'shown'), at(daysBefore(0.1), 'shown'), at(daysBefore(0.1), 'shown')];
    expect(decide(events, { sessionOfferIds: [OFFER, 'a', 'b'] })).toEqual({ show: true, reason: 'already_shown_this_session', availableAt: null });
  });

  it('but not once it is declined in this session', () => {
    const events = [at(daysBefore(0), 'shown'), at(daysBefore(0), 'declined')];
    expect(decide(events, { sessionOfferIds: [OFFER] })).toMatchObject({ show: false, reason: 'declined' });
  });

  it('stops after max impressions', () => {
    const twice = [at(daysBefore(20), 'shown'), at(daysBefore(10), 'shown')];
    expect(decide(twice)).toMatchObject({ show: true, reason: 'eligible' });
    const thrice = [...twice, at(daysBefore(5), 'shown')];
    expect(decide(thrice)).toEqual({ show: false, reason: 'max_impressions', availableAt: null });
    expect(decide(thrice, { policy: { maxImpressions: 4 } })).toMatchObject({ show: true });
  });

  it('waits out the cooldown after a dismissal and says when the offer is available again', () => {
    const dismissedAt = '2026-11-27T12:00:00.000Z';
    const events = [at('2026-11-27T11:59:00.000Z', 'shown'), at(dismissedAt, 'dismissed')];
    expect(decide(events)).toEqual({ show: false, reason: 'cooldown', availableAt: '2026-11-30T12:00:00.000Z' });
    // One millisecond before the end of the cooldown: still waiting.
    expect(decide(events, { now: new Date('2026-11-30T11:59:59.999Z') })).toMatchObject({ show: false, reason: 'cooldown' });
    // From the moment it ends: shown again.
    expect(decide(events, { now: new Date('2026-11-30T12:00:00.000Z') })).toMatchObject({ show: true, reason: 'eligible' });
  });

  it('counts the cooldown from the latest dismissal, whatever the order of events', () => {
    const events = [at('2026-11-27T00:00:00.000Z', 'dismissed'), at('2026-11-10T00:00:00.000Z', 'dismissed')];
    expect(decide(events)).toMatchObject({ reason: 'cooldown', availableAt: '2026-11-30T00:00:00.000Z' });
  });

  it('has no cooldown when cooldownDays is 0', () => {
    expect(decide([at(daysBefore(0), 'dismissed')], { policy: { cooldownDays: 0 } })).toMatchObject({ show: true, reason: 'eligible' });
  });

  it('caps the number of different offers per session', () => {
    expect(decide([], { sessionOfferIds: ['starter_to_bundle'] })).toMatchObject({ show: true, reason: 'eligible' });
    expect(decide([], { sessionOfferIds: ['starter_to_bundle', 'single_to_team'] })).toEqual({ show: false, reason: 'session_cap', availableAt: null });
    // The same offer shown twice is one offer.
    expect(decide([], { sessionOfferIds: ['starter_to_bundle', 'starter_to_bundle'] })).toMatchObject({ show: true, reason: 'eligible' });
    expect(decide([], { sessionOfferIds: ['starter_to_bundle', 'single_to_team'], policy: { maxOffersPerSession: 3 } })).toMatchObject({ show: true });
  });

  it('with neverReshowDeclined false, a decline acts as a cooldown', () => {
    const events = [at('2026-11-27T12:00:00.000Z', 'declined')];
    const policy = { neverReshowDeclined: false };
    expect(decide(events, { policy })).toEqual({ show: false, reason: 'cooldown', availableAt: '2026-11-30T12:00:00.000Z' });
    expect(decide(events, { policy, now: new Date('2026-12-01T00:00:00.000Z') })).toMatchObject({ show: true, reason: 'eligible' });
  });

  it('ignores events with an unreadable time instead of failing', () => {
    expect(decide([at('not a date', 'dismissed')])).toMatchObject({ show: true, reason: 'eligible' });
  });
});

describe('summarizeOfferEvents', () => {
  it('counts each kind of event per offer and computes conversion as accepts ÷ impressions', () => {
    const events: OfferEvent[] = [
      ...Array.from({ length: 4 }, () => at(NOW.toISOString(), 'shown')),
      at(NOW.toISOString(), 'accepted'),
      at(NOW.toISOString(), 'declined'),
      at(NOW.toISOString(), 'declined'),
      at(NOW.toISOString(), 'dismissed'),
      at(NOW.toISOString(), 'failed'),
      at(NOW.toISOString(), 'shown', 'starter_to_bundle'),
      at(NOW.toISOString(), 'shown', 'starter_to_bundle'),
      at(NOW.toISOString(), 'accepted', 'starter_to_bundle'),
    ];
    const stats = summarizeOfferEvents(events);
    expect(stats).toEqual([
      { offerId: OFFER, impressions: 4, accepts: 1, declines: 2, dismissals: 1, failures: 1, conversionRate: 0.25 },
      { offerId: 'starter_to_bundle', impressions: 2, accepts: 1, declines: 0, dismissals: 0, failures: 0, conversionRate: 0.5 },
    ]);
  });

  it('reports 0 conversion for an offer never shown, not NaN or Infinity', () => {
    expect(summarizeOfferEvents([at(NOW.toISOString(), 'accepted')])).toEqual([
      { offerId: OFFER, impressions: 0, accepts: 1, declines: 0, dismissals: 0, failures: 0, conversionRate: 0 },
    ]);
  });

  it('returns nothing for no events', () => {
    expect(summarizeOfferEvents([])).toEqual([]);
  });
});
