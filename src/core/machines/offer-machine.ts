/**
 * The offer flow as a pure reducer: `(state, event) → state`, no React, no I/O. Hooks send
 * named events and run the side effects a new state asks for; anything that makes no sense
 * in the current state (a second accept while confirming, a late response for a superseded
 * load) returns the very same state object, so callers detect "ignored" with `===`.
 *
 * ```
 * idle ─LOAD→ loading ─LOADED→ ready | empty      loading ─LOAD_FAILED→ error
 * ready ─ACCEPT→ confirming ─PURCHASE_SETTLED→ succeeded | failed | requires_action | polling
 * requires_action ─ACTION_OPENED→ polling ─PURCHASE_SETTLED→ succeeded | failed
 * polling ─POLL_EXHAUSTED→ failed (in_progress, retryable)
 * failed ─RETRY→ retrying (same idempotency key)      failed ─START_CHECKOUT→ fallback
 * ready ─DECLINE→ declined ─SHOW_DOWNSELL→ ready (downsell) | ─FINISH→ done
 * ready | requires_action | failed | fallback | error | empty ─DISMISS→ dismissed
 * ```
 */
import type { Offer, PurchaseResult } from '../types';
import type { UpsellErrorInfo } from './error-info';

/** One user intent to buy: the key that makes it idempotent and the method it charges. */
export interface PurchaseAttempt {
  /** Sent with every try of this intent, so the backend never charges it twice. */
  idempotencyKey: string;
  /** Saved method charged; null means the offer's suggested method. */
  paymentMethodId: string | null;
  /** How many times this intent was sent (1 on the first try). */
  tries: number;
}

/** A succeeded purchase result. */
export type SucceededPurchase = Extract<PurchaseResult, { status: 'succeeded' }>;

/** Fields every state that shows an offer carries. */
interface WithOffer {
  /** The offer on screen. */
  offer: Offer;
  /** True when `offer` is the downsell shown after a decline. */
  isDownsell: boolean;
}

/** Nothing asked yet (also the server render). */
export interface OfferIdleState {
  status: 'idle';
}
/** Offers are being fetched. */
export interface OfferLoadingState {
  status: 'loading';
  /** Identifies the load; a response for another id is stale and ignored. */
  requestId: number;
}
/** No eligible offer at this placement (or the decline policy hides them all). */
export interface OfferEmptyState {
  status: 'empty';
}
/** Loading offers failed. */
export interface OfferErrorState {
  status: 'error';
  /** What went wrong. */
  error: UpsellErrorInfo;
}
/** An offer is on screen, waiting for the customer. */
export interface OfferReadyState extends WithOffer {
  status: 'ready';
}
/** A one-click purchase is in flight. */
export interface OfferConfirmingState extends WithOffer {
  status: 'confirming';
  /** The intent being charged. */
  attempt: PurchaseAttempt;
}
/** The same intent is being sent again after a retryable failure. */
export interface OfferRetryingState extends WithOffer {
  status: 'retrying';
  /** The intent being charged (same key as before). */
  attempt: PurchaseAttempt;
}
/** The bank wants the customer (3-D Secure) at `actionUrl`. */
export interface OfferRequiresActionState extends WithOffer {
  status: 'requires_action';
  /** The intent being charged. */
  attempt: PurchaseAttempt;
  /** Purchase to poll once the customer is sent to the bank. */
  purchaseId: string;
  /** Where the customer confirms the payment. */
  actionUrl: string;
}
/** Waiting for a processing or action-pending purchase to settle (`getPurchase`). */
export interface OfferPollingState extends WithOffer {
  status: 'polling';
  /** The intent being charged. */
  attempt: PurchaseAttempt;
  /** Purchase being polled. */
  purchaseId: string;
}
/** Bought. */
export interface OfferSucceededState extends WithOffer {
  status: 'succeeded';
  /** The intent that was charged. */
  attempt: PurchaseAttempt;
  /** What the backend answered. */
  result: SucceededPurchase;
}
/** The purchase failed or was refused before any charge. */
export interface OfferFailedState extends WithOffer {
  status: 'failed';
  /** The failed intent; null when a fallback checkout could not be started. */
  attempt: PurchaseAttempt | null;
  /** Why. */
  error: UpsellErrorInfo;
  /** The purchase, when one was created. */
  purchaseId: string | null;
  /** A normal checkout the customer can pay through instead, when the backend gave one. */
  fallbackCheckoutUrl: string | null;
}
/** Sending the customer to a normal (redirect) checkout. */
export interface OfferFallbackState extends WithOffer {
  status: 'fallback';
  /** The failed intent this replaces, if any. */
  attempt: PurchaseAttempt | null;
  /** The checkout URL; null while it is being created. */
  checkoutUrl: string | null;
}
/** The customer said no; a downsell or `done` follows. */
export interface OfferDeclinedState extends WithOffer {
  status: 'declined';
}
/** Declined with nothing more to show. */
export interface OfferDoneState {
  status: 'done';
  /** The last offer declined. */
  offer: Offer;
}
/** Closed without a choice. */
export interface OfferDismissedState {
  status: 'dismissed';
  /** The offer that was on screen, if any. */
  offer: Offer | null;
}

/** Every state of the offer flow. */
export type OfferMachineState =
  | OfferIdleState
  | OfferLoadingState
  | OfferEmptyState
  | OfferErrorState
  | OfferReadyState
  | OfferConfirmingState
  | OfferRetryingState
  | OfferRequiresActionState
  | OfferPollingState
  | OfferSucceededState
  | OfferFailedState
  | OfferFallbackState
  | OfferDeclinedState
  | OfferDoneState
  | OfferDismissedState;

/** The name of an offer-flow state. */
export type OfferMachineStatus = OfferMachineState['status'];

/** Every event the offer flow understands. */
export type OfferMachineEvent =
  /** Start (or restart) loading offers. */
  | { type: 'LOAD'; requestId: number }
  /** The load answered: the offer to show, or null for none. */
  | { type: 'LOADED'; requestId: number; offer: Offer | null }
  /** The load threw. */
  | { type: 'LOAD_FAILED'; requestId: number; error: UpsellErrorInfo }
  /** The customer accepts; `idempotencyKey` is used only when this is a new intent. */
  | { type: 'ACCEPT'; paymentMethodId: string | null; idempotencyKey: string }
  /** `purchase` or `getPurchase` answered. */
  | { type: 'PURCHASE_SETTLED'; result: PurchaseResult }
  /** `purchase` or `getPurchase` threw (refused before any charge, or the network failed). */
  | { type: 'PURCHASE_FAILED'; error: UpsellErrorInfo }
  /** The customer was sent to the bank's page; start polling. */
  | { type: 'ACTION_OPENED' }
  /** Polling hit its cap without a final answer. */
  | { type: 'POLL_EXHAUSTED' }
  /** Send the failed intent again with the same key. */
  | { type: 'RETRY' }
  /** Fall back to a normal checkout. */
  | { type: 'START_CHECKOUT' }
  /** The fallback checkout URL is known. */
  | { type: 'CHECKOUT_READY'; url: string }
  /** Creating the fallback checkout failed. */
  | { type: 'CHECKOUT_FAILED'; error: UpsellErrorInfo }
  /** The customer says no. */
  | { type: 'DECLINE' }
  /** Show the downsell after a decline. */
  | { type: 'SHOW_DOWNSELL'; offer: Offer }
  /** Nothing follows the decline. */
  | { type: 'FINISH' }
  /** Closed without a choice. */
  | { type: 'DISMISS' }
  /** Back to idle. */
  | { type: 'RESET' };

/** The name of an offer-flow event. */
export type OfferMachineEventType = OfferMachineEvent['type'];

/** The state a new offer flow starts in. */
export const initialOfferState: OfferIdleState = Object.freeze({ status: 'idle' });

/** Message of the failure reached when polling gives up; the outcome is not known yet. */
export const POLL_EXHAUSTED_MESSAGE = 'The payment is still being confirmed. Check again in a moment.';

/** States from which a fresh load may start: nothing is being charged. */
const RELOADABLE: ReadonlySet<OfferMachineStatus> = new Set<OfferMachineStatus>([
  'idle',
  'loading',
  'empty',
  'error',
  'ready',
  'succeeded',
  'failed',
  'fallback',
  'done',
  'dismissed',
]);

const DISMISSABLE: ReadonlySet<OfferMachineStatus> = new Set<OfferMachineStatus>([
  'ready',
  'requires_action',
  'failed',
  'fallback',
  'error',
  'empty',
]);

/** True when a purchase request is in flight or waiting for the bank. */
export function isOfferBusy(state: OfferMachineState): boolean {
  return (
    state.status === 'confirming' ||
    state.status === 'retrying' ||
    state.status === 'requires_action' ||
    state.status === 'polling'
  );
}

/** The offer on screen in `state`, or null. */
export function offerOf(state: OfferMachineState): Offer | null {
  return 'offer' in state ? state.offer : null;
}

type ChargingState = OfferConfirmingState | OfferRetryingState | OfferPollingState;

function settle(state: ChargingState, result: PurchaseResult): OfferMachineState {
  const base = { offer: state.offer, isDownsell: state.isDownsell, attempt: state.attempt };
  switch (result.status) {
    case 'succeeded':
      return { status: 'succeeded', ...base, result };
    case 'failed':
      return {
        status: 'failed',
        ...base,
        error: { code: result.code, message: result.message, retryable: result.retryable },
        purchaseId: result.purchaseId,
        fallbackCheckoutUrl: result.fallbackCheckoutUrl,
      };
    case 'requires_action':
      // While polling, "requires_action" only means the customer has not finished yet.
      if (state.status === 'polling') return state;
      return { status: 'requires_action', ...base, purchaseId: result.purchaseId, actionUrl: result.actionUrl };
    case 'processing':
      if (state.status === 'polling') return state;
      return { status: 'polling', ...base, purchaseId: result.purchaseId };
  }
}

function fail(state: ChargingState, error: UpsellErrorInfo): OfferFailedState {
  return {
    status: 'failed',
    offer: state.offer,
    isDownsell: state.isDownsell,
    attempt: state.attempt,
    error,
    purchaseId: state.status === 'polling' ? state.purchaseId : null,
    fallbackCheckoutUrl: null,
  };
}

function retry(state: OfferFailedState): OfferMachineState {
  if (!state.attempt || !state.error.retryable) return state;
  return {
    status: 'retrying',
    offer: state.offer,
    isDownsell: state.isDownsell,
    attempt: { ...state.attempt, tries: state.attempt.tries + 1 },
  };
}

/** The offer flow's transition function; returns `state` itself for an impossible transition. */
export function offerReducer(state: OfferMachineState, event: OfferMachineEvent): OfferMachineState {
  if (event.type === 'RESET') return state.status === 'idle' ? state : initialOfferState;
  if (event.type === 'LOAD') {
    if (!RELOADABLE.has(state.status)) return state;
    if (state.status === 'loading' && state.requestId === event.requestId) return state;
    return { status: 'loading', requestId: event.requestId };
  }
  if (event.type === 'DISMISS') {
    if (!DISMISSABLE.has(state.status)) return state;
    return { status: 'dismissed', offer: offerOf(state) };
  }

  switch (state.status) {
    case 'loading':
      if (event.type === 'LOADED' && event.requestId === state.requestId) {
        return event.offer ? { status: 'ready', offer: event.offer, isDownsell: false } : { status: 'empty' };
      }
      if (event.type === 'LOAD_FAILED' && event.requestId === state.requestId) {
        return { status: 'error', error: event.error };
      }
      return state;

    case 'ready':
      if (event.type === 'ACCEPT') {
        return {
          status: 'confirming',
          offer: state.offer,
          isDownsell: state.isDownsell,
          attempt: {
            idempotencyKey: event.idempotencyKey,
            paymentMethodId: event.paymentMethodId ?? state.offer.suggestedPaymentMethodId,
            tries: 1,
          },
        };
      }
      if (event.type === 'DECLINE') return { status: 'declined', offer: state.offer, isDownsell: state.isDownsell };
      if (event.type === 'START_CHECKOUT') {
        return { status: 'fallback', offer: state.offer, isDownsell: state.isDownsell, attempt: null, checkoutUrl: null };
      }
      return state;

    case 'confirming':
    case 'retrying':
    case 'polling':
      if (event.type === 'PURCHASE_SETTLED') return settle(state, event.result);
      if (event.type === 'PURCHASE_FAILED') return fail(state, event.error);
      if (event.type === 'POLL_EXHAUSTED' && state.status === 'polling') {
        return fail(state, { code: 'in_progress', message: POLL_EXHAUSTED_MESSAGE, retryable: true });
      }
      return state;

    case 'requires_action':
      if (event.type === 'ACTION_OPENED') {
        return {
          status: 'polling',
          offer: state.offer,
          isDownsell: state.isDownsell,
          attempt: state.attempt,
          purchaseId: state.purchaseId,
        };
      }
      return state;

    case 'failed':
      if (event.type === 'RETRY') return retry(state);
      if (event.type === 'ACCEPT') {
        const paymentMethodId = event.paymentMethodId ?? state.offer.suggestedPaymentMethodId;
        // The same card again is the same intent (same key); another card is a new one.
        if (state.attempt && state.attempt.paymentMethodId === paymentMethodId) return retry(state);
        return {
          status: 'confirming',
          offer: state.offer,
          isDownsell: state.isDownsell,
          attempt: { idempotencyKey: event.idempotencyKey, paymentMethodId, tries: 1 },
        };
      }
      if (event.type === 'START_CHECKOUT') {
        return {
          status: 'fallback',
          offer: state.offer,
          isDownsell: state.isDownsell,
          attempt: state.attempt,
          checkoutUrl: state.fallbackCheckoutUrl,
        };
      }
      return state;

    case 'fallback':
      if (event.type === 'CHECKOUT_READY' && state.checkoutUrl === null) return { ...state, checkoutUrl: event.url };
      if (event.type === 'CHECKOUT_FAILED' && state.checkoutUrl === null) {
        return {
          status: 'failed',
          offer: state.offer,
          isDownsell: state.isDownsell,
          attempt: state.attempt,
          error: event.error,
          purchaseId: null,
          fallbackCheckoutUrl: null,
        };
      }
      return state;

    case 'declined':
      if (event.type === 'SHOW_DOWNSELL') return { status: 'ready', offer: event.offer, isDownsell: true };
      if (event.type === 'FINISH') return { status: 'done', offer: state.offer };
      return state;

    case 'idle':
    case 'empty':
    case 'error':
    case 'succeeded':
    case 'done':
    case 'dismissed':
      return state;
  }
}
