'use client';
/** `CardLabel`: a saved payment method as "Visa •• 4242, expires 08/30". */
import type { ReactNode } from 'react';
import type { Translate } from '../../core/i18n/index';
import type { PaymentMethodRecord } from '../../core/types';
import { VisuallyHidden } from './visually-hidden';

/** The texts of a payment method. */
export interface CardTexts {
  /** "Visa •• 4242", shown in sentences. */
  summary: string;
  /** "Visa •• 4242, expires 08/30", shown on screen. */
  display: string;
  /** "Visa ending in 4242, expires 08/30", what a screen reader reads. */
  spoken: string;
}

const twoDigits = (n: number): string => String(n % 100).padStart(2, '0');

/** The display and spoken texts of `method` from the catalog (`card.summary`, `card.display`, `card.label`). */
export function cardTexts(method: PaymentMethodRecord, t: Translate): CardTexts {
  const card = method.card;
  if (!card) {
    const text = t('card.otherMethod', { type: method.type });
    return { summary: text, display: text, spoken: text };
  }
  const month = twoDigits(card.expMonth);
  const year = twoDigits(card.expYear);
  const summary = t('card.summary', { brand: card.brand, last4: card.last4 });
  return {
    summary,
    display: t('card.display', { card: summary, expires: t('card.expires', { month, year }) }),
    spoken: t('card.label', { brand: card.brand, last4: card.last4, month, year }),
  };
}

/** Props of {@link CardLabel}. */
export interface CardLabelProps {
  /** The method to show. */
  method: PaymentMethodRecord;
  /** Translator (the provider's `t`). */
  t: Translate;
}

/** Shows "Visa •• 4242, expires 08/30" and gives screen readers "Visa ending in 4242, expires 08/30". */
export function CardLabel({ method, t }: CardLabelProps): ReactNode {
  const texts = cardTexts(method, t);
  return (
    <span className="uk-card-label" data-slot="card-label">
      <svg className="uk-card-label__icon" data-slot="card-icon" viewBox="0 0 24 16" width="24" height="16" aria-hidden="true" focusable="false">
        <rect x="0.75" y="0.75" width="22.5" height="14.5" rx="2.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <rect x="0.75" y="4" width="22.5" height="2.5" fill="currentColor" />
      </svg>
      <span aria-hidden="true">{texts.display}</span>
      <VisuallyHidden>{texts.spoken}</VisuallyHidden>
    </span>
  );
}
