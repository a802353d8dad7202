'use client';
/** `PaymentMethodPicker`: a radio group of saved methods; unusable ones are disabled with their reason. */
import { useId } from 'react';
import type { ReactNode } from 'react';
import type { Translate } from '../../core/i18n/index';
import type { SavedPaymentMethod } from '../../core/types';
import { CardLabel } from './card-label';
import { unusableText } from './messages';

/** Props of {@link PaymentMethodPicker}. */
export interface PaymentMethodPickerProps {
  /** Every saved method, usable or not (as `usePaymentMethods().methods`). */
  methods: readonly SavedPaymentMethod[];
  /** The chosen method's id. */
  selectedId: string | null;
  /** Called with a usable method's id when the customer picks it. */
  onSelect: (paymentMethodId: string) => void;
  /** The offer's currency, for the "Cannot pay in {currency}" reason. @default null */
  currency?: string | null;
  /** Translator (the provider's `t`). */
  t: Translate;
  /** Disables every option (e.g. while charging). @default false */
  disabled?: boolean;
  /** Element id of the fieldset (for `aria-controls`). @default undefined */
  id?: string;
}

/** A native radio group (arrow keys move the choice) with each method's label and, when unusable, why. */
export function PaymentMethodPicker(props: PaymentMethodPickerProps): ReactNode {
  const { methods, selectedId, onSelect, currency = null, t, disabled = false, id } = props;
  const name = useId();
  return (
    <fieldset id={id} className="uk-method-picker" data-slot="method-picker" disabled={disabled}>
      <legend className="uk-method-picker__legend" data-slot="legend">
        {t('card.choose')}
      </legend>
      {methods.map((method) => {
        const reason = unusableText(t, method, currency);
        const reasonId = `${name}-${method.id}-reason`;
        return (
          <label
            key={method.id}
            className="uk-method-picker__option"
            data-slot="option"
            data-state={method.id === selectedId ? 'checked' : 'unchecked'}
            data-disabled={method.usable ? undefined : ''}
          >
            <input
              type="radio"
              className="uk-method-picker__radio"
              name={name}
              value={method.id}
              checked={method.id === selectedId}
              disabled={!method.usable}
              aria-describedby={reason ? reasonId : undefined}
              onChange={() => onSelect(method.id)}
            />
            <CardLabel method={method} t={t} />
            {reason && (
              <span id={reasonId} className="uk-method-picker__reason" data-slot="reason">
                {reason}
              </span>
            )}
          </label>
        );
      })}
    </fieldset>
  );
}
