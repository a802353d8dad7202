/** Styled components: thin renderings of the hooks, styled by `upsell-kit/styles.css`. */
export { UpsellModal } from './UpsellModal/index';
export type { UpsellModalProps, UpsellModalResult } from './UpsellModal/index';
export { CrossSellCard } from './CrossSellCard/index';
export type { CrossSellCardProps, CrossSellCardResult, CrossSellCardVariant } from './CrossSellCard/index';
export { UpgradePreview } from './UpgradePreview/index';
export type { UpgradePreviewOutcome, UpgradePreviewProps, UpgradePreviewState } from './UpgradePreview/index';
export { DeclineTracker, DeclineInsights } from './DeclineTracker/index';
export type {
  DeclineInsightsProps,
  DeclineInsightsState,
  DeclineTrackerProps,
  DeclineTrackerRenderState,
  OfferStatsSource,
} from './DeclineTracker/index';
