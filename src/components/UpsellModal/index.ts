export { UpsellModal } from './UpsellModal';
export type { UpsellModalProps } from './UpsellModal';
export type { UpsellModalResult } from './modal-result';
