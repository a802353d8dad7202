'use client';
/** `PaymentSection`: which saved card the one-click charge uses, and how to pick another. */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { Offer } from '../../core/types';
import type { UsePaymentMethodsResult } from '../../hooks/use-payment-methods';
import { CardLabel, cardTexts } from '../shared/card-label';
import { FlowLink } from '../shared/flow-buttons';
import { unusableText } from '../shared/messages';
import { PaymentMethodPicker } from '../shared/payment-method-picker';
import type { Formatters } from '../shared/use-formatters';

/** Props of {@link PaymentSection}. */
export interface PaymentSectionProps {
  /** The offer being bought. */
  offer: Offer;
  /** The saved methods, judged for the offer. */
  methods: UsePaymentMethodsResult;
  /** Formatting from `useFormatters`. */
  format: Formatters;
  /** Where the customer can update their card. @default undefined */
  updateCardUrl?: string;
  /** Freezes the choice (while charging). @default false */
  disabled?: boolean;
}

/** A plan change's charge in words: the amount today when the backend quoted it, then the new recurring price. */
function planNotice(offer: Offer, card: string, format: Formatters): string {
  const price = format.price(offer.price, offer.interval);
  const today = offer.chargeToday;
  if (!today) return format.t('offer.chargeNoticePlan', { card, price });
  return today.minor > 0 ? format.t('offer.chargeNoticePlanAmount', { card, amount: format.money(today), price }) : format.t('offer.chargeNoticePlanFree', { price });
}

/**
 * The card that will be charged ("Pay with Visa •• 4242, expires 08/30") and the charge in
 * words; "Use another card" opens a radio group of every saved method, unusable ones disabled
 * with their reason. Without a usable card it says so and that checkout comes next.
 */
export function PaymentSection({ offer, methods, format, updateCardUrl, disabled = false }: PaymentSectionProps): ReactNode {
  const { t } = format;
  const pickerId = useId();
  const [choosing, setChoosing] = useState(false);
  const selected = methods.selectedMethod;
  const currency = offer.price.currency;

  if (methods.status === 'idle' || methods.status === 'loading') {
    return (
      <div className="uk-upsell-modal__payment" data-slot="payment" data-state="loading">
        <p className="uk-upsell-modal__notice">{t('common.loading')}</p>
      </div>
    );
  }

  if (!selected) {
    // The list failed to load: the backend charges the offer's suggested method, if it has one.
    if (methods.status === 'error' && offer.suggestedPaymentMethodId) return null;
    return (
      <div className="uk-upsell-modal__payment" data-slot="payment" data-state="no-card">
        <p className="uk-upsell-modal__no-card" data-slot="no-card">
          {t('card.none')}
        </p>
        {methods.methods.length > 0 && (
          <ul className="uk-upsell-modal__methods" data-slot="methods">
            {methods.methods.map((method) => (
              <li key={method.id} className="uk-upsell-modal__method" data-slot="method">
                <CardLabel method={method} t={t} />
                <span className="uk-method-picker__reason" data-slot="reason">
                  {unusableText(t, method, currency)}
                </span>
              </li>
            ))}
          </ul>
        )}
        <p className="uk-upsell-modal__notice" data-slot="charge-notice">
          {t('offer.chargeNoticeNoCard')}
        </p>
        {updateCardUrl && (
          <FlowLink slot="update-card" variant="link" href={updateCardUrl}>
            {t('card.update')}
          </FlowLink>
        )}
      </div>
    );
  }

  const summary = cardTexts(selected, t).summary;
  const notice = offer.kind === 'plan_change' ? planNotice(offer, summary, format) : t('offer.chargeNotice', { card: summary, price: format.money(offer.price) });
  return (
    <div className="uk-upsell-modal__payment" data-slot="payment" data-state="card">
      <div className="uk-upsell-modal__card" data-slot="card">
        <span className="uk-upsell-modal__card-label" data-slot="card-heading">
          {t('card.choose')}
        </span>{' '}
        <CardLabel method={selected} t={t} />
        {/* A plan change is charged to the subscription's card: there is nothing to choose. */}
        {methods.methods.length > 1 && offer.kind !== 'plan_change' && (
          <button
            type="button"
            className="uk-button"
            data-variant="link"
            data-slot="change-card"
            aria-expanded={choosing}
            aria-controls={choosing ? pickerId : undefined}
            onClick={() => setChoosing((open) => !open)}
          >
            {t('card.change')}
          </button>
        )}
      </div>
      {choosing && (
        <PaymentMethodPicker
          id={pickerId}
          methods={methods.methods}
          selectedId={selected.id}
          onSelect={methods.select}
          currency={currency}
          t={t}
          disabled={disabled}
        />
      )}
      <p className="uk-upsell-modal__notice" data-slot="charge-notice">
        {notice}
      </p>
    </div>
  );
}
