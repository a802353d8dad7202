/** What an `UpsellModal` reports to `onResult` when its offer flow reaches an outcome. */
import type { OfferMachineState, SucceededPurchase } from '../../core/machines/offer-machine';
import type { Offer } from '../../core/types';

/** The outcome of an `UpsellModal`, reported once per outcome. */
export type UpsellModalResult =
  | {
      /** The customer bought the offer one-click. */
      outcome: 'accepted';
      /** The offer bought (the downsell, when that was accepted). */
      offer: Offer;
      /** What the backend charged. */
      purchase: SucceededPurchase;
    }
  | {
      /** The customer said no to the offer and to any downsell. */
      outcome: 'declined';
      /** The last offer declined. */
      offer: Offer;
    }
  | {
      /** Closed without a choice (Escape, overlay, close button). */
      outcome: 'dismissed';
      /** The offer that was on screen, if any. */
      offer: Offer | null;
    }
  | {
      /** The customer is being sent to a normal checkout instead. */
      outcome: 'checkout';
      /** The offer being paid through checkout. */
      offer: Offer;
      /** The checkout URL. */
      url: string;
    };

/** The result `state` stands for, or null while the flow has no outcome yet. */
export function modalResultOf(state: OfferMachineState): UpsellModalResult | null {
  switch (state.status) {
    case 'succeeded':
      return { outcome: 'accepted', offer: state.offer, purchase: state.result };
    case 'done':
      return { outcome: 'declined', offer: state.offer };
    case 'dismissed':
      return { outcome: 'dismissed', offer: state.offer };
    case 'fallback':
      return state.checkoutUrl === null ? null : { outcome: 'checkout', offer: state.offer, url: state.checkoutUrl };
    default:
      return null;
  }
}
