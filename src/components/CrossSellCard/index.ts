export { CrossSellCard } from './CrossSellCard';
export type { CrossSellCardProps, CrossSellCardResult, CrossSellCardVariant } from './CrossSellCard';
