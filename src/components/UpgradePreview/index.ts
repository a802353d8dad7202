export { UpgradePreview } from './UpgradePreview';
export type { UpgradePreviewOutcome, UpgradePreviewProps, UpgradePreviewState } from './UpgradePreview';
