'use client';
/**
 * `useCrossSell`: an inline "add this too" offer. One click when a usable saved method
 * exists (`usePaymentMethods`), otherwise the normal checkout as a redirect. Same states as
 * `useUpsellOffer`, because it runs the same offer machine.
 */
import { useCallback } from 'react';
import type { Offer, Placement, SavedPaymentMethod } from '../core/types';
import { mergeButtonProps } from './button-props';
import type { ButtonGetterProps } from './button-props';
import { usePaymentMethodsWith } from './use-payment-methods';
import type { UsePaymentMethodsResult } from './use-payment-methods';
import { useOfferFlow } from './use-upsell-offer';
import type { UseUpsellOfferOptions, UseUpsellOfferResult } from './use-upsell-offer';
import { useUpsellContext } from './use-upsell-context';
import { useLatest } from './use-latest';

/** What to cross-sell: a specific product, or the first cross-sell at a placement. */
export type CrossSellTarget =
  | {
      /** Offer this product (the first offer for it at `placement`). */
      productId: string;
      /** Where to ask for it. @default 'checkout' */
      placement?: Placement;
    }
  | {
      /** Offer the first eligible cross-sell at this placement. */
      placement: Placement;
      /** Not set in this form. */
      productId?: undefined;
    };

/** Options of {@link useCrossSell}. */
export type UseCrossSellOptions = CrossSellTarget & Omit<UseUpsellOfferOptions, 'placement' | 'filter'>;

/** Result of {@link useCrossSell}: the offer flow plus the one-click-or-checkout choice. */
export interface UseCrossSellResult extends UseUpsellOfferResult {
  /** The saved methods, judged for the offer's currency. */
  paymentMethods: UsePaymentMethodsResult;
  /** The method `add()` charges, or null when none is usable. */
  paymentMethod: SavedPaymentMethod | null;
  /** True when `add()` charges one-click; false when it goes to checkout. */
  canOneClick: boolean;
  /** Adds the offer: one click with `paymentMethod`, else `startCheckout()` (a redirect). */
  add: () => Promise<void>;
  /** Props for the add button: disabled until the offer and the saved methods are known, `aria-busy` while confirming. */
  getAddButtonProps: (userProps?: ButtonGetterProps) => ButtonGetterProps;
}

/** A cross-sell by product id or placement, bought one-click or through the checkout fallback. */
export function useCrossSell(options: UseCrossSellOptions): UseCrossSellResult {
  const context = useUpsellContext('useCrossSell');
  const { productId, placement, ...rest } = options;
  const filterRef = useLatest(productId);
  const filter = useCallback(
    (offer: Offer): boolean =>
      filterRef.current === undefined ? offer.kind === 'cross_sell' : offer.product.id === filterRef.current,
    [filterRef],
  );
  const flow = useOfferFlow(context, {
    ...rest,
    placement: placement ?? 'checkout',
    filter,
    reloadKey: productId ?? '',
  });

  const paymentMethods = usePaymentMethodsWith(context, {
    offer: flow.offer,
    enabled: (options.enabled ?? true) && flow.offer !== null,
  });
  const paymentMethod = paymentMethods.selectedMethod;
  const canOneClick = paymentMethods.status === 'ready' && paymentMethod !== null;
  const methodsSettled = paymentMethods.status === 'ready' || paymentMethods.status === 'error';

  const { accept, startCheckout } = flow;
  const add = useCallback(async (): Promise<void> => {
    if (canOneClick && paymentMethod) await accept(paymentMethod.id);
    else await startCheckout();
  }, [accept, canOneClick, paymentMethod, startCheckout]);

  const getAddButtonProps = useCallback(
    (userProps: ButtonGetterProps = {}): ButtonGetterProps =>
      mergeButtonProps(userProps, {
        disabled: flow.status !== 'ready' || !methodsSettled,
        busy: flow.isConfirming || flow.status === 'fallback',
        state: flow.status,
        action: () => void add(),
      }),
    [add, flow.isConfirming, flow.status, methodsSettled],
  );

  return { ...flow, paymentMethods, paymentMethod, canOneClick, add, getAddButtonProps };
}
