export { DeclineTracker } from './DeclineTracker';
export type { DeclineTrackerProps, DeclineTrackerRenderState } from './DeclineTracker';
export { DeclineInsights } from './DeclineInsights';
export type { DeclineInsightsProps, DeclineInsightsState } from './DeclineInsights';
export type { OfferStatsSource } from './use-offer-stats';
