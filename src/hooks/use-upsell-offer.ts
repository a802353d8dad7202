'use client';
/**
 * `useUpsellOffer`: one offer at a placement, from load to one-click purchase, through the
 * pure offer machine (`src/core/machines/offer-machine.ts`). Side effects live here; every
 * decision about what may happen next lives in the reducer.
 */
import { useMemo, useRef } from 'react';
import type { OfferContext } from '../core/adapter';
import { toUpsellErrorInfo } from '../core/machines/error-info';
import type { UpsellErrorInfo } from '../core/machines/error-info';
import { initialOfferState, offerOf, offerReducer } from '../core/machines/offer-machine';
import type {
  OfferConfirmingState,
  OfferMachineEvent,
  OfferMachineState,
  OfferMachineStatus,
  OfferRetryingState,
  PurchaseAttempt,
  SucceededPurchase,
} from '../core/machines/offer-machine';
import type { Offer, Placement, PurchaseResult } from '../core/types';
import { mergeButtonProps } from './button-props';
import type { ButtonGetterProps } from './button-props';
import { createIdempotencyKey, keyForIntent } from './idempotency-key';
import { navigateTo, openBankStep } from './navigation';
import { usePoller } from './poll';
import type { PollingOptions } from './poll';
import type { UpsellContextValue } from './upsell-context';
import { identityKey, useKeyedTask } from './use-keyed-task';
import { useLatest } from './use-latest';
import { useMachine } from './use-machine';
import type { MachineStateReducer } from './use-machine';
import { useUpsellContext } from './use-upsell-context';

/** Intercepts offer transitions (downshift's `stateReducer`): return `changes`, `state` to veto, or your own state. */
export type UpsellOfferStateReducer = MachineStateReducer<OfferMachineState, OfferMachineEvent>;

/** How a purchase waiting on the bank or processing is polled with `getPurchase`. */
export type UpsellOfferPollingOptions = PollingOptions;

/** Options of {@link useUpsellOffer}. */
export interface UseUpsellOfferOptions {
  /** Where the offer is shown; the backend picks offers per placement. */
  placement: Placement;
  /** Hints for the backend's offer rules (product just bought, subscription). @default undefined */
  context?: OfferContext;
  /** Which of the returned offers may be shown; read at load time. @default every offer */
  filter?: (offer: Offer) => boolean;
  /** Load only when true. @default true */
  enabled?: boolean;
  /** Escape hatch to intercept or change any transition. @default undefined */
  stateReducer?: UpsellOfferStateReducer;
  /** Polling after `requires_action` or `processing`. @default { initialDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 10 } */
  polling?: UpsellOfferPollingOptions;
  /** Opens the bank's 3-D Secure page. @default a new window, or this tab when popups are blocked */
  openActionUrl?: (url: string) => void;
  /** Sends the customer to the fallback checkout. @default window.location.assign */
  navigate?: (url: string) => void;
}

/** Extra input of `getAcceptButtonProps`. */
export type AcceptButtonPropsInput = ButtonGetterProps & {
  /** Saved method to charge; omitted → the offer's suggested method. */
  paymentMethodId?: string | null;
};

/** Result of {@link useUpsellOffer}. */
export interface UseUpsellOfferResult {
  /** The machine state (a discriminated union on `status`). */
  state: OfferMachineState;
  /** Shortcut for `state.status`. */
  status: OfferMachineStatus;
  /** The offer on screen (or just bought, declined, failed), or null. */
  offer: Offer | null;
  /** True when `offer` is the downsell shown after a decline. */
  isDownsell: boolean;
  /** True while a purchase request or poll is in flight. */
  isConfirming: boolean;
  /** The current purchase intent (key, method, tries), or null. */
  attempt: PurchaseAttempt | null;
  /** Why loading or buying failed, or null. */
  error: UpsellErrorInfo | null;
  /** A normal checkout to pay through instead, when the backend gave one. */
  fallbackCheckoutUrl: string | null;
  /** The bank's page while `requires_action`, or null. */
  actionUrl: string | null;
  /** The succeeded purchase, or null. */
  purchase: SucceededPurchase | null;
  /** Buys the offer one-click; a second call while confirming does nothing. Another card is a new intent. */
  accept: (paymentMethodId?: string | null) => Promise<void>;
  /** Declines; shows the offer's downsell when it has one the decline policy allows, else `done`. */
  decline: () => void;
  /** Closes without a choice. */
  dismiss: () => void;
  /** After a retryable failure, sends the same intent again with the same idempotency key; after a load error, reloads. */
  retry: () => Promise<void>;
  /** Loads the offers again. */
  reload: () => void;
  /** Back to `idle`. */
  reset: () => void;
  /** In `requires_action`: opens the bank's page, then polls until the purchase settles. Call from a click. */
  openAction: () => void;
  /** Falls back to a normal checkout and navigates there; resolves to its URL (null when refused). */
  startCheckout: () => Promise<string | null>;
  /** Props for the accept button: disabled unless `ready`, `aria-busy` while confirming. */
  getAcceptButtonProps: (userProps?: AcceptButtonPropsInput) => ButtonGetterProps;
  /** Props for the decline button: disabled unless `ready`. */
  getDeclineButtonProps: (userProps?: ButtonGetterProps) => ButtonGetterProps;
}

/** Statuses in which a purchase request or poll is in flight. */
const CHARGING = /^(confirming|retrying|polling)$/;

/** Options of {@link useOfferFlow}: the public ones plus a key that forces a reload. */
export interface OfferFlowOptions extends UseUpsellOfferOptions {
  /** Extra reload key (e.g. `useCrossSell`'s product id, which `filter` reads). */
  reloadKey?: string;
}

/** Records and reports one real transition; never called for an ignored event. */
function reportTransition(context: UpsellContextValue, previous: OfferMachineState, next: OfferMachineState): void {
  const { track, emit } = context;
  // Every state that reports something carries the offer (a dismissal carries the one that was on screen).
  const offerId = offerOf(next)?.id as string;
  switch (next.status) {
    case 'ready':
      if (offerId !== offerOf(previous)?.id || previous.status !== 'ready') track(offerId, 'shown');
      return;
    case 'confirming':
    case 'retrying':
      emit({ type: 'purchase_started', offerId, paymentMethodId: next.attempt.paymentMethodId, tries: next.attempt.tries });
      return;
    case 'requires_action':
      emit({ type: 'purchase_requires_action', offerId, purchaseId: next.purchaseId });
      return;
    case 'succeeded':
      track(offerId, 'accepted');
      emit({ type: 'purchase_succeeded', offerId, purchaseId: next.result.purchaseId, amount: next.result.amount });
      return;
    case 'failed':
      if (CHARGING.test(previous.status)) {
        track(offerId, 'failed');
        emit({ type: 'purchase_failed', offerId, code: next.error.code });
      }
      return;
    case 'fallback':
      if (next.checkoutUrl !== null && (previous.status !== 'fallback' || previous.checkoutUrl === null)) {
        emit({ type: 'checkout_started', offerId, url: next.checkoutUrl });
      }
      return;
    case 'declined':
      track(offerId, 'declined');
      return;
    case 'dismissed':
      if (previous.status === 'ready') track(offerId, 'dismissed');
  }
}

/** The implementation, given a context (shared with `useCrossSell`). */
export function useOfferFlow(context: UpsellContextValue, options: OfferFlowOptions): UseUpsellOfferResult {
  const latest = useLatest({ context, options });
  const { state, send, getState } = useMachine(offerReducer, (): OfferMachineState => initialOfferState, {
    stateReducer: options.stateReducer,
    onTransition: (previous, next) => reportTransition(latest.current.context, previous, next),
  });
  const requestSeq = useRef(0);
  const poller = usePoller();

  const { restart } = useKeyedTask(
    (options.enabled ?? true)
      ? JSON.stringify([identityKey(context.adapter), options.placement, options.context ?? null, options.reloadKey ?? null])
      : null,
    (signal) => {
      const { context: ctx, options: opts } = latest.current;
      const requestId = ++requestSeq.current;
      const started = send({ type: 'LOAD', requestId });
      if (started.status !== 'loading' || started.requestId !== requestId) return;
      ctx.adapter.getOffers({ placement: opts.placement, context: opts.context }, { signal }).then(
        (offers) => {
          if (signal.aborted) return;
          const candidates = opts.filter ? offers.filter(opts.filter) : offers;
          send({ type: 'LOADED', requestId, offer: candidates.find((candidate) => ctx.decide(candidate.id, candidate.subscriptionId !== null).show) ?? null });
        },
        (error: unknown) => {
          if (!signal.aborted) send({ type: 'LOAD_FAILED', requestId, error: toUpsellErrorInfo(error) });
        },
      );
    },
  );

  const actions = useMemo(() => {
    const adapter = () => latest.current.context.adapter;
    /** Sends `event`; the new state when it was accepted and is one of `statuses`, else null. */
    const step = <K extends OfferMachineStatus>(event: OfferMachineEvent, ...statuses: K[]) => {
      const before = getState();
      const next = send(event);
      return next !== before && (statuses as string[]).includes(next.status) ? (next as Extract<OfferMachineState, { status: K }>) : null;
    };
    const failWith = (type: 'PURCHASE_FAILED' | 'CHECKOUT_FAILED', error: unknown) => send({ type, error: toUpsellErrorInfo(error) });

    /** Polls `getPurchase` with exponential backoff until the purchase settles or the cap is hit. */
    const poll = (purchaseId: string): Promise<void> =>
      poller.poll(
        latest.current.options.polling,
        () => {
          const current = getState();
          return current.status === 'polling' && current.purchaseId === purchaseId;
        },
        (signal) => adapter().getPurchase(purchaseId, { signal }),
        (answer) =>
          send(answer === null ? { type: 'POLL_EXHAUSTED' } : 'result' in answer ? { type: 'PURCHASE_SETTLED', ...answer } : { type: 'PURCHASE_FAILED', ...answer }),
      );

    /** Sends the intent in `charging` to the adapter. Never aborted: a purchase outlives its component. */
    const charge = async (charging: OfferConfirmingState | OfferRetryingState | null): Promise<void> => {
      if (!charging) return;
      const { offer, attempt } = charging;
      let result: PurchaseResult;
      try {
        result = await adapter().purchase({ offerToken: offer.token, paymentMethodId: attempt.paymentMethodId, idempotencyKey: attempt.idempotencyKey });
      } catch (error) {
        // Refusals before any charge (payment_method_unusable, price_changed, …) arrive as throws.
        failWith('PURCHASE_FAILED', error);
        return;
      }
      const after = send({ type: 'PURCHASE_SETTLED', result });
      if (after.status === 'polling' && after.purchaseId === result.purchaseId) await poll(after.purchaseId);
    };

    const accept = (paymentMethodId?: string | null): Promise<void> => {
      const offer = offerOf(getState());
      // One key per "buy this offer with that card", kept across a reload (see keyForIntent).
      const idempotencyKey = offer
        ? keyForIntent(`purchase:${offer.id}:${paymentMethodId ?? offer.suggestedPaymentMethodId ?? ''}`)
        : createIdempotencyKey();
      return charge(step({ type: 'ACCEPT', paymentMethodId: paymentMethodId ?? null, idempotencyKey }, 'confirming', 'retrying'));
    };

    const decline = (): void => {
      const declined = step({ type: 'DECLINE' }, 'declined');
      if (!declined) return;
      const { downsell } = declined.offer;
      send(downsell && latest.current.context.decide(downsell.id, downsell.subscriptionId !== null).show ? { type: 'SHOW_DOWNSELL', offer: downsell } : { type: 'FINISH' });
    };

    const startCheckout = async (): Promise<string | null> => {
      const navigate = latest.current.options.navigate ?? navigateTo;
      const before = getState();
      let url = before.status === 'fallback' ? before.checkoutUrl : null;
      if (url === null) {
        const next = step({ type: 'START_CHECKOUT' }, 'fallback');
        if (!next) return null;
        url = next.checkoutUrl;
        if (url === null) {
          try {
            ({ url } = await adapter().startCheckout({ offerToken: next.offer.token }));
          } catch (error) {
            failWith('CHECKOUT_FAILED', error);
            return null;
          }
          // A host's stateReducer may veto or change the URL: navigate only to the one the machine took.
          if (step({ type: 'CHECKOUT_READY', url }, 'fallback')?.checkoutUrl !== url) return null;
        }
      }
      navigate(url);
      return url;
    };

    return {
      accept,
      decline,
      dismiss: (): void => void send({ type: 'DISMISS' }),
      async retry(): Promise<void> {
        if (getState().status === 'error') restart();
        else await charge(step({ type: 'RETRY' }, 'retrying'));
      },
      reload: restart,
      reset(): void {
        poller.stop();
        send({ type: 'RESET' });
      },
      openAction(): void {
        const next = openBankStep(getState(), latest.current.options.openActionUrl, () => send({ type: 'ACTION_OPENED' }));
        if (next?.status === 'polling') void poll(next.purchaseId);
      },
      startCheckout,
    };
  }, [getState, latest, poller, restart, send]);

  return useMemo(() => {
    const { status } = state;
    const isConfirming = CHARGING.test(status);
    const own = (action: () => void, busy = false) => ({ disabled: status !== 'ready', busy, state: status, action });
    return {
      state,
      status,
      offer: offerOf(state),
      isDownsell: 'isDownsell' in state && state.isDownsell,
      isConfirming,
      attempt: 'attempt' in state ? state.attempt : null,
      error: 'error' in state ? state.error : null,
      fallbackCheckoutUrl: status === 'failed' ? state.fallbackCheckoutUrl : null,
      actionUrl: status === 'requires_action' ? state.actionUrl : null,
      purchase: status === 'succeeded' ? state.result : null,
      ...actions,
      getAcceptButtonProps: ({ paymentMethodId, ...userProps }: AcceptButtonPropsInput = {}) =>
        mergeButtonProps(userProps, own(() => void actions.accept(paymentMethodId), isConfirming)),
      getDeclineButtonProps: (userProps: ButtonGetterProps = {}) => mergeButtonProps(userProps, own(actions.decline)),
    };
  }, [state, actions]);
}

/**
 * The eligible offer at a placement and everything to buy it one-click: load, accept,
 * decline to a downsell, dismiss, 3-D Secure with polling, retry with the same idempotency
 * key, and a fallback checkout.
 */
export function useUpsellOffer(options: UseUpsellOfferOptions): UseUpsellOfferResult {
  return useOfferFlow(useUpsellContext('useUpsellOffer'), options);
}
