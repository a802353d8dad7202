'use client';
/** `OfferSummary`: the product part of the upsell dialog (name, description, features, price). */
import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import type { Offer } from '../../core/types';
import { PriceTag } from '../shared/price-tag';
import { TickIcon } from '../shared/tick-icon';
import type { Formatters } from '../shared/use-formatters';

/** Props of {@link OfferSummary}. */
export interface OfferSummaryProps {
  /** The offer on screen. */
  offer: Offer;
  /** Formatting from `useFormatters`. */
  format: Formatters;
  /** Show the feature list (the full offer view) or only name and price. @default true */
  detailed?: boolean;
}

// Dates in the provider's locale, in the customer's own time zone: `formatDate` defaults to UTC,
// which suits billing dates but not "ends at 3 pm".
const LOCAL_DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short', timeZone: undefined };

/** The product: its name, the description that describes the dialog, features and price. */
export function OfferSummary({ offer, format, detailed = true }: OfferSummaryProps): ReactNode {
  const { product } = offer;
  return (
    <div className="uk-upsell-modal__offer" data-slot="offer">
      <h3 className="uk-upsell-modal__product" data-slot="product">
        {product.name}
      </h3>
      {product.description && (
        <Dialog.Description className="uk-upsell-modal__description" data-slot="description">
          {product.description}
        </Dialog.Description>
      )}
      {detailed && product.features.length > 0 && (
        <ul className="uk-upsell-modal__features" data-slot="features" aria-label={format.t('plan.features')}>
          {product.features.map((feature) => (
            <li key={feature} className="uk-upsell-modal__feature" data-slot="feature">
              <TickIcon className="uk-upsell-modal__tick" />
              {feature}
            </li>
          ))}
        </ul>
      )}
      <PriceTag className="uk-upsell-modal__price" price={offer.price} interval={offer.interval} compareAt={offer.compareAtPrice} format={format} size="lg" />
      {detailed && offer.badges.includes('limited_time') && (
        <p className="uk-upsell-modal__expiry" data-slot="expiry">
          {format.t('offer.expiresAt', { date: format.date(offer.expiresAt, LOCAL_DATE_TIME) })}
        </p>
      )}
    </div>
  );
}
