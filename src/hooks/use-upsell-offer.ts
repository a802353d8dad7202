'use client';
/**
 * `useUpsellOffer`: one offer at a placement, from load to one-click purchase, through the
 * pure offer machine (`src/core/machines/offer-machine.ts`). Side effects live here; every
 * decision about what may happen next lives in the reducer.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
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
import { navigateTo, openInNewWindow } from './navigation';
import type { UpsellContextValue } from './upsell-context';
import { identityKey, useKeyedTask } from './use-keyed-task';
import { useLatest } from './use-latest';
import { useMachine } from './use-machine';
import type { MachineStateReducer } from './use-machine';
import { useUpsellContext } from './use-upsell-context';
import { wait } from './wait';

/** Intercepts offer transitions (downshift's `stateReducer`): return `changes`, `state` to veto, or your own state. */
export type UpsellOfferStateReducer = MachineStateReducer<OfferMachineState, OfferMachineEvent>;

/** How a purchase waiting on the bank or processing is polled with `getPurchase`. */
export interface UpsellOfferPollingOptions {
  /** Wait before the first poll, in ms; each later wait doubles. @default 1000 */
  initialDelayMs?: number;
  /** Longest wait between two polls, in ms. @default 8000 */
  maxDelayMs?: number;
  /** Most polls before giving up with a retryable `in_progress` failure. @default 10 */
  maxAttempts?: number;
}

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

const DEFAULT_POLLING: Required<UpsellOfferPollingOptions> = { initialDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 10 };

const CHARGING: ReadonlySet<OfferMachineStatus> = new Set<OfferMachineStatus>(['confirming', 'retrying', 'polling']);

/** Options of {@link useOfferFlow}: the public ones plus a key that forces a reload. */
export interface OfferFlowOptions extends UseUpsellOfferOptions {
  /** Extra reload key (e.g. `useCrossSell`'s product id, which `filter` reads). */
  reloadKey?: string;
}

/** Records and reports one real transition; never called for an ignored event. */
function reportTransition(context: UpsellContextValue, previous: OfferMachineState, next: OfferMachineState): void {
  switch (next.status) {
    case 'ready':
      if (previous.status !== 'ready' || previous.offer.id !== next.offer.id) context.track(next.offer.id, 'shown');
      return;
    case 'confirming':
    case 'retrying':
      context.emit({
        type: 'purchase_started',
        offerId: next.offer.id,
        paymentMethodId: next.attempt.paymentMethodId,
        tries: next.attempt.tries,
      });
      return;
    case 'requires_action':
      context.emit({ type: 'purchase_requires_action', offerId: next.offer.id, purchaseId: next.purchaseId });
      return;
    case 'succeeded':
      context.track(next.offer.id, 'accepted');
      context.emit({ type: 'purchase_succeeded', offerId: next.offer.id, purchaseId: next.result.purchaseId, amount: next.result.amount });
      return;
    case 'failed':
      if (CHARGING.has(previous.status)) {
        context.track(next.offer.id, 'failed');
        context.emit({ type: 'purchase_failed', offerId: next.offer.id, code: next.error.code });
      }
      return;
    case 'fallback':
      if (next.checkoutUrl !== null && (previous.status !== 'fallback' || previous.checkoutUrl === null)) {
        context.emit({ type: 'checkout_started', offerId: next.offer.id, url: next.checkoutUrl });
      }
      return;
    case 'declined':
      context.track(next.offer.id, 'declined');
      return;
    case 'dismissed':
      if (previous.status === 'ready') context.track(previous.offer.id, 'dismissed');
      return;
    default:
      return;
  }
}

/** The implementation, given a context (shared with `useCrossSell`). */
export function useOfferFlow(context: UpsellContextValue, options: OfferFlowOptions): UseUpsellOfferResult {
  const latest = useLatest({ context, options });
  const onTransition = useCallback(
    (previous: OfferMachineState, next: OfferMachineState) => reportTransition(latest.current.context, previous, next),
    [latest],
  );
  const { state, send, getState } = useMachine(offerReducer, (): OfferMachineState => initialOfferState, {
    stateReducer: options.stateReducer,
    onTransition,
  });
  const requestSeq = useRef(0);

  const enabled = options.enabled ?? true;
  const loadKey = enabled
    ? JSON.stringify([identityKey(context.adapter), options.placement, options.context ?? null, options.reloadKey ?? null])
    : null;

  const { restart } = useKeyedTask(loadKey, (signal) => {
    const { context: ctx, options: opts } = latest.current;
    const requestId = ++requestSeq.current;
    const started = send({ type: 'LOAD', requestId });
    if (started.status !== 'loading' || started.requestId !== requestId) return;
    ctx.adapter.getOffers({ placement: opts.placement, context: opts.context }, { signal }).then(
      (offers) => {
        if (signal.aborted) return;
        const candidates = opts.filter ? offers.filter(opts.filter) : offers;
        const offer = candidates.find((candidate) => ctx.decide(candidate.id).show) ?? null;
        send({ type: 'LOADED', requestId, offer });
      },
      (error: unknown) => {
        if (!signal.aborted) send({ type: 'LOAD_FAILED', requestId, error: toUpsellErrorInfo(error) });
      },
    );
  });

  const pollController = useRef<AbortController | null>(null);
  const mountedRef = useRef(false);

  /** Polls `getPurchase` with exponential backoff until the purchase settles or the cap is hit. */
  const poll = useCallback(
    async (purchaseId: string): Promise<void> => {
      pollController.current?.abort();
      // A purchase that answers after unmount is recorded, but nobody is left to watch it settle.
      if (!mountedRef.current) return;
      const controller = new AbortController();
      pollController.current = controller;
      const { initialDelayMs, maxDelayMs, maxAttempts } = { ...DEFAULT_POLLING, ...latest.current.options.polling };
      const stillPolling = (): boolean => {
        const current = getState();
        return current.status === 'polling' && current.purchaseId === purchaseId && !controller.signal.aborted;
      };
      let delay = initialDelayMs;
      for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
        try {
          await wait(delay, controller.signal);
        } catch {
          return;
        }
        delay = Math.min(delay * 2, maxDelayMs);
        if (!stillPolling()) return;
        let result: PurchaseResult;
        try {
          result = await latest.current.context.adapter.getPurchase(purchaseId, { signal: controller.signal });
        } catch (error) {
          if (!stillPolling()) return;
          const info = toUpsellErrorInfo(error);
          // A dropped poll says nothing about the payment: keep asking until the cap.
          if (info.retryable) continue;
          send({ type: 'PURCHASE_FAILED', error: info });
          return;
        }
        send({ type: 'PURCHASE_SETTLED', result });
        if (!stillPolling()) return;
      }
      if (stillPolling()) send({ type: 'POLL_EXHAUSTED' });
    },
    [getState, latest, send],
  );

  /** Sends the intent in `charging` to the adapter. Never aborted: a purchase outlives its component. */
  const charge = useCallback(
    async (charging: OfferConfirmingState | OfferRetryingState): Promise<void> => {
      let result: PurchaseResult;
      try {
        result = await latest.current.context.adapter.purchase({
          offerToken: charging.offer.token,
          paymentMethodId: charging.attempt.paymentMethodId,
          idempotencyKey: charging.attempt.idempotencyKey,
        });
      } catch (error) {
        // Refusals before any charge (payment_method_unusable, price_changed, …) arrive as throws.
        send({ type: 'PURCHASE_FAILED', error: toUpsellErrorInfo(error) });
        return;
      }
      const after = send({ type: 'PURCHASE_SETTLED', result });
      if (after.status === 'polling' && after.purchaseId === result.purchaseId) await poll(after.purchaseId);
    },
    [latest, poll, send],
  );

  const accept = useCallback(
    async (paymentMethodId?: string | null): Promise<void> => {
      const before = getState();
      const offer = offerOf(before);
      const intent = offer ? `purchase:${offer.id}:${paymentMethodId ?? offer.suggestedPaymentMethodId ?? ''}` : null;
      const idempotencyKey = intent ? keyForIntent(intent) : createIdempotencyKey();
      const next = send({ type: 'ACCEPT', paymentMethodId: paymentMethodId ?? null, idempotencyKey });
      if (next === before || (next.status !== 'confirming' && next.status !== 'retrying')) return;
      await charge(next);
    },
    [charge, getState, send],
  );

  const retry = useCallback(async (): Promise<void> => {
    const before = getState();
    if (before.status === 'error') {
      restart();
      return;
    }
    const next = send({ type: 'RETRY' });
    if (next === before || next.status !== 'retrying') return;
    await charge(next);
  }, [charge, getState, restart, send]);

  const decline = useCallback((): void => {
    const before = getState();
    const next = send({ type: 'DECLINE' });
    if (next === before || next.status !== 'declined') return;
    const downsell = next.offer.downsell;
    if (downsell && latest.current.context.decide(downsell.id).show) send({ type: 'SHOW_DOWNSELL', offer: downsell });
    else send({ type: 'FINISH' });
  }, [getState, latest, send]);

  const dismiss = useCallback((): void => {
    send({ type: 'DISMISS' });
  }, [send]);

  const reset = useCallback((): void => {
    pollController.current?.abort();
    send({ type: 'RESET' });
  }, [send]);

  const openAction = useCallback((): void => {
    const before = getState();
    if (before.status !== 'requires_action') return;
    (latest.current.options.openActionUrl ?? openInNewWindow)(before.actionUrl);
    const next = send({ type: 'ACTION_OPENED' });
    if (next.status === 'polling') void poll(next.purchaseId);
  }, [getState, latest, poll, send]);

  const startCheckout = useCallback(async (): Promise<string | null> => {
    const navigate = latest.current.options.navigate ?? navigateTo;
    const before = getState();
    if (before.status === 'fallback' && before.checkoutUrl !== null) {
      navigate(before.checkoutUrl);
      return before.checkoutUrl;
    }
    const next = send({ type: 'START_CHECKOUT' });
    if (next === before || next.status !== 'fallback') return null;
    let url = next.checkoutUrl;
    if (url === null) {
      try {
        ({ url } = await latest.current.context.adapter.startCheckout({ offerToken: next.offer.token }));
      } catch (error) {
        send({ type: 'CHECKOUT_FAILED', error: toUpsellErrorInfo(error) });
        return null;
      }
      const ready = send({ type: 'CHECKOUT_READY', url });
      if (ready.status !== 'fallback' || ready.checkoutUrl !== url) return null;
    }
    navigate(url);
    return url;
  }, [getState, latest, send]);

  // Polling stops with the component; the purchase itself is already at the backend.
  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      pollController.current?.abort();
    };
  }, []);

  const isConfirming = CHARGING.has(state.status);
  const getAcceptButtonProps = useCallback(
    ({ paymentMethodId, ...userProps }: AcceptButtonPropsInput = {}): ButtonGetterProps =>
      mergeButtonProps(userProps, {
        disabled: state.status !== 'ready',
        busy: isConfirming,
        state: state.status,
        action: () => void accept(paymentMethodId),
      }),
    [accept, isConfirming, state.status],
  );
  const getDeclineButtonProps = useCallback(
    (userProps: ButtonGetterProps = {}): ButtonGetterProps =>
      mergeButtonProps(userProps, { disabled: state.status !== 'ready', busy: false, state: state.status, action: decline }),
    [decline, state.status],
  );

  return useMemo(
    () => ({
      state,
      status: state.status,
      offer: 'offer' in state ? state.offer : null,
      isDownsell: 'isDownsell' in state ? state.isDownsell : false,
      isConfirming,
      attempt: 'attempt' in state ? state.attempt : null,
      error: 'error' in state ? state.error : null,
      fallbackCheckoutUrl: state.status === 'failed' ? state.fallbackCheckoutUrl : null,
      actionUrl: state.status === 'requires_action' ? state.actionUrl : null,
      purchase: state.status === 'succeeded' ? state.result : null,
      accept,
      decline,
      dismiss,
      retry,
      reload: restart,
      reset,
      openAction,
      startCheckout,
      getAcceptButtonProps,
      getDeclineButtonProps,
    }),
    [state, isConfirming, accept, decline, dismiss, retry, restart, reset, openAction, startCheckout, getAcceptButtonProps, getDeclineButtonProps],
  );
}

/**
 * The eligible offer at a placement and everything to buy it one-click: load, accept,
 * decline to a downsell, dismiss, 3-D Secure with polling, retry with the same idempotency
 * key, and a fallback checkout.
 */
export function useUpsellOffer(options: UseUpsellOfferOptions): UseUpsellOfferResult {
  return useOfferFlow(useUpsellContext('useUpsellOffer'), options);
}
