'use client';
/** `PriceTag`: a price with its interval and an optional struck "was" price. */
import type { ReactNode } from 'react';
import type { Money } from '../../core/money';
import type { BillingInterval } from '../../core/types';
import { cx } from './class-names';
import type { Formatters } from './use-formatters';
import { VisuallyHidden } from './visually-hidden';

/** Props of {@link PriceTag}. */
export interface PriceTagProps {
  /** What the customer pays. */
  price: Money;
  /** Billing interval of `price` and `compareAt`; null for one-time. @default null */
  interval?: BillingInterval | null;
  /** The "was" price, shown struck through. @default null */
  compareAt?: Money | null;
  /** Formatting from `useFormatters`. */
  format: Formatters;
  /** Visual size. @default 'md' */
  size?: 'sm' | 'md' | 'lg';
  /** Extra class, last. @default undefined */
  className?: string;
}

/** Renders "$149.00 ~~$197.00~~"; the struck price is read as "Was $197.00", since strikethrough is not announced. */
export function PriceTag({ price, interval = null, compareAt = null, format, size = 'md', className }: PriceTagProps): ReactNode {
  const was = compareAt ? format.price(compareAt, interval) : null;
  return (
    <span className={cx('uk-price', className)} data-slot="price" data-size={size}>
      <span className="uk-price__amount" data-slot="amount">
        {format.price(price, interval)}
      </span>
      {was !== null && (
        <>
          {' '}
          <s className="uk-price__compare-at" data-slot="compare-at">
            <VisuallyHidden>{format.t('common.wasPrice', { price: was })}</VisuallyHidden>
            <span aria-hidden="true">{was}</span>
          </s>
        </>
      )}
    </span>
  );
}
