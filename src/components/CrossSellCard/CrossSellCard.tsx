'use client';
/** `CrossSellCard`: `useCrossSell` rendered as an inline "add this too" card. */
import { useId } from 'react';
import type { ReactNode } from 'react';
import type { OfferMachineState, SucceededPurchase } from '../../core/machines/offer-machine';
import type { Offer } from '../../core/types';
import { useCrossSell } from '../../hooks/use-cross-sell';
import type { UseCrossSellOptions } from '../../hooks/use-cross-sell';
import { cardTexts } from '../shared/card-label';
import { cx } from '../shared/class-names';
import { focusableButtonProps } from '../shared/focusable-button';
import { FlowLink, OpenActionButton } from '../shared/flow-buttons';
import { FailedActions, flowStatus, useBankStep, useOutcome } from '../shared/offer-flow';
import { PriceTag } from '../shared/price-tag';
import { StatusRegion } from '../shared/status-region';
import { TickIcon } from '../shared/tick-icon';
import { useFormatters } from '../shared/use-formatters';

/** How much of the product a `CrossSellCard` shows. */
export type CrossSellCardVariant = 'compact' | 'full';

/** The outcome of a `CrossSellCard`, reported once per outcome. */
export type CrossSellCardResult =
  | {
      /** Bought one-click. */
      outcome: 'added';
      /** The offer bought. */
      offer: Offer;
      /** What the backend charged. */
      purchase: SucceededPurchase;
    }
  | {
      /** Sent to a normal checkout (no usable saved card, or after a failure). */
      outcome: 'checkout';
      /** The offer being paid through checkout. */
      offer: Offer;
      /** The checkout URL. */
      url: string;
    };

/** Props of {@link CrossSellCard}: the card's own plus every option of `useCrossSell`. */
export type CrossSellCardProps = UseCrossSellOptions & {
  /** `full` shows the description and the card to be charged; `compact` fits a cart line. @default 'full' */
  variant?: CrossSellCardVariant;
  /** Your own image (decorative: the product name is next to it). @default the product's `imageUrl`, else a monogram */
  image?: ReactNode;
  /** Heading level of the product name. @default 3 */
  headingLevel?: 2 | 3 | 4 | 5 | 6;
  /** Where the customer can update their saved card, shown after a card failure. @default undefined */
  updateCardUrl?: string;
  /** Called once per outcome: added one-click, or sent to checkout. @default undefined */
  onResult?: (result: CrossSellCardResult) => void;
  /** Extra class on the card, after the kit's. @default undefined */
  className?: string;
};

/** States in which there is nothing to offer, so the card renders nothing. */
const HIDDEN = new Set<OfferMachineState['status']>(['empty', 'error', 'declined', 'done', 'dismissed']);

function resultOf(state: OfferMachineState): CrossSellCardResult | null {
  if (state.status === 'succeeded') return { outcome: 'added', offer: state.offer, purchase: state.result };
  if (state.status === 'fallback' && state.checkoutUrl !== null) return { outcome: 'checkout', offer: state.offer, url: state.checkoutUrl };
  return null;
}

/**
 * An inline cross-sell: image, name, price and one button, "Add for $19" charged one-click to a
 * usable saved card, or "Add at checkout" that goes to a normal checkout. Renders nothing when
 * there is no offer (or it could not be loaded: a cross-sell never shows the customer an error).
 */
export function CrossSellCard(props: CrossSellCardProps): ReactNode {
  const { variant = 'full', image, headingLevel = 3, updateCardUrl, onResult, className, ...options } = props;
  const format = useFormatters('CrossSellCard');
  const { t } = format;
  const flow = useCrossSell(options);
  const { state, status, offer } = flow;
  const nameId = useId();
  const bank = useBankStep(flow);
  useOutcome(state, resultOf, onResult);

  if (HIDDEN.has(status)) return null;
  const rootClass = cx('uk-root', 'uk-cross-sell-card', className);

  if (offer === null) {
    return (
      <div className={rootClass} data-state={status} data-variant={variant} aria-busy="true">
        <div className="uk-cross-sell-card__media" data-slot="media" aria-hidden="true" />
        <div className="uk-cross-sell-card__skeleton" data-slot="skeleton" aria-hidden="true">
          <span />
          <span />
        </div>
        <StatusRegion className="uk-cross-sell-card__status" busy>
          {t('common.loading')}
        </StatusRegion>
      </div>
    );
  }

  const { product } = offer;
  const Heading = `h${headingLevel}` as const;
  const methodsPending = flow.paymentMethods.status === 'idle' || flow.paymentMethods.status === 'loading';
  const message = flowStatus(state, t, bank.opened);

  let action: ReactNode;
  if (status === 'succeeded') {
    action = (
      <p className="uk-cross-sell-card__added" data-slot="added">
        <TickIcon />
        {t('crossSell.added')}
      </p>
    );
  } else if (status === 'requires_action') {
    action = <OpenActionButton t={t} onOpen={bank.open} />;
  } else if (status === 'failed') {
    action = (
      <FailedActions
        flow={flow}
        methods={flow.paymentMethods}
        t={t}
        checkoutLabel={t('crossSell.addAtCheckout')}
        updateCardUrl={updateCardUrl}
        describedBy={nameId}
      />
    );
  } else if (state.status === 'fallback' && state.checkoutUrl !== null) {
    action = (
      <FlowLink slot="checkout-link" variant="primary" href={state.checkoutUrl} describedBy={nameId}>
        {t('offer.checkout')}
      </FlowLink>
    );
  } else {
    const label = methodsPending
      ? t('crossSell.add')
      : flow.isConfirming
        ? t('offer.accepting')
        : flow.canOneClick
          ? t('crossSell.addWithPrice', { price: format.price(offer.price, offer.interval, { trimZeroFraction: true }) })
          : t('crossSell.addAtCheckout');
    action = (
      <button
        {...focusableButtonProps(flow.getAddButtonProps())}
        className="uk-button"
        data-variant={flow.canOneClick || methodsPending ? 'primary' : 'secondary'}
        data-slot="add"
        aria-describedby={nameId}
      >
        {label}
      </button>
    );
  }

  const chargedTo =
    variant === 'full' && flow.canOneClick && flow.paymentMethod && (status === 'ready' || flow.isConfirming)
      ? t('crossSell.chargedTo', { card: cardTexts(flow.paymentMethod, t).summary })
      : null;

  return (
    <article className={rootClass} data-state={status} data-variant={variant} aria-labelledby={nameId} aria-busy={message.busy || undefined}>
      <div className="uk-cross-sell-card__media" data-slot="media">
        {image ??
          (product.imageUrl ? (
            <img className="uk-cross-sell-card__image" data-slot="image" src={product.imageUrl} alt="" />
          ) : (
            <span className="uk-cross-sell-card__monogram" data-slot="monogram" aria-hidden="true">
              {Array.from(product.name)[0]}
            </span>
          ))}
      </div>
      <div className="uk-cross-sell-card__body" data-slot="body">
        <Heading id={nameId} className="uk-cross-sell-card__name" data-slot="name">
          {product.name}
        </Heading>
        {variant === 'full' && product.description && (
          <p className="uk-cross-sell-card__description" data-slot="description">
            {product.description}
          </p>
        )}
        <PriceTag className="uk-cross-sell-card__price" price={offer.price} interval={offer.interval} compareAt={offer.compareAtPrice} format={format} size="sm" />
      </div>
      <div className="uk-cross-sell-card__actions" data-slot="actions">
        {action}
        {chargedTo && (
          <p className="uk-cross-sell-card__charged-to" data-slot="charged-to">
            {chargedTo}
          </p>
        )}
      </div>
      <StatusRegion className="uk-cross-sell-card__status" tone={message.tone} busy={message.busy}>
        {message.text}
      </StatusRegion>
    </article>
  );
}
