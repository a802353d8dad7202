'use client';
/**
 * What `UpsellModal` and `CrossSellCard` show alike for one offer flow: the live status
 * message, the bank step, the actions after a failed charge, and each outcome reported once.
 * One definition, so the modal and the card cannot drift apart.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { MessageKey, Translate } from '../../core/i18n/index';
import type { OfferMachineState, OfferMachineStatus } from '../../core/machines/offer-machine';
import { pickDefaultPaymentMethod } from '../../core/eligibility';
import type { SavedPaymentMethod } from '../../core/types';
import type { UsePaymentMethodsResult } from '../../hooks/use-payment-methods';
import type { UseUpsellOfferResult } from '../../hooks/use-upsell-offer';
import { cardTexts } from './card-label';
import { CARD_ERROR_CODES, errorText } from './messages';
import type { StatusTone } from './status-region';
import { FlowButton, FlowLink } from './flow-buttons';

/** A live-region message: its text, its tone, and whether something is under way (spinner). */
export interface FlowStatus {
  text: string;
  tone: StatusTone;
  busy: boolean;
}

/** States whose message is one catalog key: [key, tone, busy]. */
const SAYS: { [S in OfferMachineStatus]?: [MessageKey, StatusTone, boolean] } = {
  idle: ['common.loading', 'neutral', true],
  loading: ['common.loading', 'neutral', true],
  confirming: ['status.confirming', 'neutral', true],
  retrying: ['status.confirming', 'neutral', true],
  requires_action: ['status.requiresAction', 'warning', false],
  fallback: ['offer.redirecting', 'neutral', true],
  done: ['status.declined', 'neutral', false],
  dismissed: ['status.dismissed', 'neutral', false],
};

/**
 * The message for `state`; empty while the customer is simply looking at the offer.
 * `bankOpened`: the customer opened the bank's page, so polling means "waiting for your bank".
 */
export function flowStatus(state: OfferMachineState, t: Translate, bankOpened: boolean): FlowStatus {
  const simple = SAYS[state.status];
  if (simple) return { text: t(simple[0]), tone: simple[1], busy: simple[2] };
  switch (state.status) {
    case 'error':
      return { text: `${t('offer.loadError')} ${errorText(t, state.error.code)}`, tone: 'danger', busy: false };
    case 'polling':
      return { text: t(bankOpened ? 'status.requiresActionWaiting' : 'status.processing'), tone: 'neutral', busy: true };
    case 'failed':
      return { text: errorText(t, state.error.code), tone: 'danger', busy: false };
    case 'succeeded':
      return {
        text:
          state.offer.kind === 'plan_change'
            ? t('status.succeededPlan', { plan: state.offer.product.name })
            : t('status.succeeded', { product: state.offer.product.name }),
        tone: 'success',
        busy: false,
      };
    default:
      return { text: '', tone: 'neutral', busy: false };
  }
}

/** Result of {@link useBankStep}. */
export interface BankStep {
  /** The customer opened the bank's page for the intent being polled. */
  opened: boolean;
  /** Opens the bank's page (call from a click) and remembers for which intent. */
  open: () => void;
}

/** The 3-D Secure step of `flow`: opening the bank's page, and whether the current polling follows it. */
export function useBankStep(flow: UseUpsellOfferResult): BankStep {
  const [openedFor, setOpenedFor] = useState<string | null>(null);
  const key = flow.attempt?.idempotencyKey ?? null;
  return {
    opened: flow.status === 'polling' && openedFor !== null && openedFor === key,
    open: () => {
      setOpenedFor(key);
      flow.openAction();
    },
  };
}

/** Calls `onResult` once per outcome that `resultOf` finds in `state`, after the commit that shows it. */
export function useOutcome<R>(state: OfferMachineState, resultOf: (state: OfferMachineState) => R | null, onResult: ((result: R) => void) | undefined): void {
  const reported = useRef<OfferMachineState | null>(null);
  useEffect(() => {
    const result = resultOf(state);
    if (result === null || reported.current === state) return;
    reported.current = state;
    onResult?.(result);
  });
}

/** Props of {@link FailedActions}. */
export interface FailedActionsProps {
  /** The flow that failed. */
  flow: UseUpsellOfferResult;
  /** The customer's saved methods: after a card failure another usable one is offered. */
  methods: UsePaymentMethodsResult;
  /** The translator of the surrounding component. */
  t: Translate;
  /** Label of the checkout button. */
  checkoutLabel: string;
  /** Where the customer can update their saved card (shown after a card failure). @default undefined */
  updateCardUrl?: string | undefined;
  /** `aria-describedby` of the checkout button. @default undefined */
  describedBy?: string;
}

/**
 * After a card failure on a one-time offer, the best other usable saved card (most recently
 * used): paying with it is a new intent, never a repeat of a refused charge, so neither the card
 * that just failed nor the suggested one (the first tried) is offered. A plan change is always
 * charged to the subscription's card, so it gets none.
 */
function otherCard(flow: UseUpsellOfferResult, methods: UsePaymentMethodsResult): SavedPaymentMethod | null {
  const { error, attempt, offer } = flow;
  if (!error || !attempt || !offer || offer.kind === 'plan_change' || !CARD_ERROR_CODES.has(error.code)) return null;
  const tried = [attempt.paymentMethodId, offer.suggestedPaymentMethodId];
  return pickDefaultPaymentMethod(methods.usableMethods.filter((method) => !tried.includes(method.id)));
}

/**
 * After a failed charge: "Pay with <another saved card>" after a card failure when there is one,
 * pay through checkout instead, "Try again" when it may help, and "Update card" after a card failure.
 */
export function FailedActions({ flow, methods, t, checkoutLabel, updateCardUrl, describedBy }: FailedActionsProps): ReactNode {
  const { error } = flow;
  const other = otherCard(flow, methods);
  return (
    <>
      {other && (
        <FlowButton
          slot="other-card"
          variant="primary"
          describedBy={describedBy}
          onClick={() => {
            // Shown as the card being charged from now on.
            methods.select(other.id);
            void flow.accept(other.id);
          }}
        >
          {t('card.payWith', { card: cardTexts(other, t).summary })}
        </FlowButton>
      )}
      <FlowButton slot="checkout" variant={other ? 'secondary' : 'primary'} onClick={() => void flow.startCheckout()} describedBy={describedBy}>
        {checkoutLabel}
      </FlowButton>
      {error?.retryable && (
        <FlowButton slot="retry" variant="secondary" onClick={() => void flow.retry()}>
          {t('common.retry')}
        </FlowButton>
      )}
      {updateCardUrl !== undefined && error && CARD_ERROR_CODES.has(error.code) && (
        <FlowLink slot="update-card" variant="link" href={updateCardUrl}>
          {t('card.update')}
        </FlowLink>
      )}
    </>
  );
}
