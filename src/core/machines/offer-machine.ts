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
export const POLL_EXHAUSTED_MESSAGE = 'The payment is still being confirmed.';

/** States a customer may close: nothing is being charged, and something is on screen or failed. */
const DISMISSABLE = /^(ready|requires_action|failed|fallback|error|empty)$/;

/** True when a purchase request is in flight or waiting for the bank. */
export function isOfferBusy(state: OfferMachineState): boolean {
  return /^(confirming|retrying|requires_action|polling)$/.test(state.status);
}

/** The offer on screen in `state`, or null. */
export function offerOf(state: OfferMachineState): Offer | null {
  return 'offer' in state ? state.offer : null;
}

type ChargingState = OfferConfirmingState | OfferRetryingState | OfferPollingState;

/** The offer fields every offer state carries into the next one. */
const keep = ({ offer, isDownsell }: WithOffer): WithOffer => ({ offer, isDownsell });

function settle(state: ChargingState, result: PurchaseResult): OfferMachineState {
  const base = { ...keep(state), attempt: state.attempt };
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
    // While polling, "requires_action" or "processing" only means the customer or bank has not finished yet.
    case 'requires_action':
      return state.status === 'polling' ? state : { status: 'requires_action', ...base, purchaseId: result.purchaseId, actionUrl: result.actionUrl };
    case 'processing':
      return state.status === 'polling' ? state : { status: 'polling', ...base, purchaseId: result.purchaseId };
  }
}

function fail(state: ChargingState | OfferFallbackState, error: UpsellErrorInfo): OfferFailedState {
  return {
    status: 'failed',
    ...keep(state),
    attempt: state.attempt,
    error,
    purchaseId: state.status === 'polling' ? state.purchaseId : null,
    fallbackCheckoutUrl: null,
  };
}

function retry(state: OfferFailedState): OfferMachineState {
  const { attempt } = state;
  return attempt && state.error.retryable ? { status: 'retrying', ...keep(state), attempt: { ...attempt, tries: attempt.tries + 1 } } : state;
}

/** The offer flow's transition function; returns `state` itself for an impossible transition. */
export function offerReducer(state: OfferMachineState, event: OfferMachineEvent): OfferMachineState {
  if (event.type === 'RESET') return state.status === 'idle' ? state : initialOfferState;
  if (event.type === 'LOAD') {
    // A fresh load may start whenever nothing is being charged and no decline is being settled.
    return isOfferBusy(state) || state.status === 'declined' || (state.status === 'loading' && state.requestId === event.requestId)
      ? state
      : { status: 'loading', requestId: event.requestId };
  }
  if (event.type === 'DISMISS') return DISMISSABLE.test(state.status) ? { status: 'dismissed', offer: offerOf(state) } : state;

  switch (state.status) {
    case 'loading':
      if (event.type === 'LOADED' && event.requestId === state.requestId) {
        return event.offer ? { status: 'ready', offer: event.offer, isDownsell: false } : { status: 'empty' };
      }
      return event.type === 'LOAD_FAILED' && event.requestId === state.requestId ? { status: 'error', error: event.error } : state;

    case 'ready':
    case 'failed': {
      const failed = state.status === 'failed' ? state : null;
      if (event.type === 'ACCEPT') {
        const paymentMethodId = event.paymentMethodId ?? state.offer.suggestedPaymentMethodId;
        // After a failure the same card again is the same intent (same key); another card is a new one.
        if (failed?.attempt && failed.attempt.paymentMethodId === paymentMethodId) return retry(failed);
        return { status: 'confirming', ...keep(state), attempt: { idempotencyKey: event.idempotencyKey, paymentMethodId, tries: 1 } };
      }
      if (event.type === 'START_CHECKOUT') {
        return { status: 'fallback', ...keep(state), attempt: failed?.attempt ?? null, checkoutUrl: failed?.fallbackCheckoutUrl ?? null };
      }
      if (failed) return event.type === 'RETRY' ? retry(failed) : state;
      return event.type === 'DECLINE' ? { status: 'declined', ...keep(state) } : state;
    }

    case 'confirming':
    case 'retrying':
    case 'polling':
      if (event.type === 'PURCHASE_SETTLED') return settle(state, event.result);
      if (event.type === 'PURCHASE_FAILED') return fail(state, event.error);
      return event.type === 'POLL_EXHAUSTED' && state.status === 'polling'
        ? fail(state, { code: 'in_progress', message: POLL_EXHAUSTED_MESSAGE, retryable: true })
        : state;

    case 'requires_action':
      return event.type === 'ACTION_OPENED'
        ? { status: 'polling', ...keep(state), attempt: state.attempt, purchaseId: state.purchaseId }
        : state;

    case 'fallback':
      if (state.checkoutUrl !== null) return state;
      if (event.type === 'CHECKOUT_READY') return { ...state, checkoutUrl: event.url };
      return event.type === 'CHECKOUT_FAILED' ? fail(state, event.error) : state;

    case 'declined':
      if (event.type === 'SHOW_DOWNSELL') return { status: 'ready', offer: event.offer, isDownsell: true };
      return event.type === 'FINISH' ? { status: 'done', offer: state.offer } : state;

    default:
      return state;
  }
}
