/**
 * The plan-change flow (upgrade / downgrade with a signed quote) as a pure reducer. Impossible
 * transitions return the same state object. Each preview carries a `requestId`; a response
 * for any other id is stale (the customer changed the plan meanwhile) and is ignored.
 *
 * ```
 * idle ─SELECT (plan chosen) | PREVIEW→ previewing ─PREVIEW_SUCCEEDED→ ready
 * previewing ─PREVIEW_FAILED→ failed | pending_change (409 plan_change_pending)
 * ready ─CONFIRM→ confirming ─CHANGE_SETTLED→ succeeded | processing | requires_action | failed
 * confirming ─CHANGE_FAILED→ failed | quote_expired | pending_change
 * quote_expired ─PREVIEW→ previewing (requoted: ask again)
 * requires_action ─ACTION_OPENED→ processing
 * processing ─CHANGE_SETTLED→ succeeded | failed (a replay of the key reports how it ended)
 * processing ─CHANGE_FAILED | POLL_EXHAUSTED→ failed (exhausted: retryable `in_progress`)
 * failed ─RETRY→ confirming (same key, retryable) | previewing (preview failed)
 * pending_change ─RETRY→ previewing
 * ```
 */
import type { PlanChangePreview, PlanChangeResult, ProrationMode } from '../types';
import type { UpsellErrorInfo } from './error-info';

/** A complete choice: which plan, how many units, how to bill the change. */
export interface PlanSelection {
  /** Target plan's product id. */
  productId: string;
  /** Units on the new plan. */
  quantity: number;
  /** How the change is billed. */
  prorationMode: ProrationMode;
}

/** A choice that may still lack the target plan. */
export interface PlanDraft extends Omit<PlanSelection, 'productId'> {
  /** Target plan's product id, or null before the customer picks one. */
  productId: string | null;
}

/** A succeeded plan-change result. */
export type SucceededPlanChange = Extract<PlanChangeResult, { status: 'succeeded' }>;

/** No target plan chosen yet (or reset). */
export interface PlanChangeIdleState {
  status: 'idle';
  /** The draft choice so far. */
  selection: PlanDraft;
}
/** A quote is being fetched for `selection`. */
export interface PlanChangePreviewingState {
  status: 'previewing';
  /** What is being quoted. */
  selection: PlanSelection;
  /** Identifies the preview; responses for other ids are stale. */
  requestId: number;
  /** True when this is a fresh quote after the previous one expired. */
  requoted: boolean;
}
/** A quote is on screen, waiting for the customer to confirm. */
export interface PlanChangeReadyState {
  status: 'ready';
  /** What was quoted. */
  selection: PlanSelection;
  /** The signed quote. */
  preview: PlanChangePreview;
  /** True when the previous quote expired and the customer must confirm the new one. */
  requoted: boolean;
}
/** The change is being executed with the quote token. */
export interface PlanChangeConfirmingState {
  status: 'confirming';
  /** What was quoted. */
  selection: PlanSelection;
  /** The quote being executed. */
  preview: PlanChangePreview;
  /** One key per intent; a retry reuses it. */
  idempotencyKey: string;
}
/** The bank wants the customer at `actionUrl` before the change goes through. */
export interface PlanChangeRequiresActionState {
  status: 'requires_action';
  /** What was quoted. */
  selection: PlanSelection;
  /** The quote being executed. */
  preview: PlanChangePreview;
  /** The intent's key. */
  idempotencyKey: string;
  /** Where the customer confirms the payment. */
  actionUrl: string;
}
/** Submitted, outcome not known yet (after the bank's page, or an unknown answer from Dodo): polled by replaying the key. */
export interface PlanChangeProcessingState {
  status: 'processing';
  /** What was quoted. */
  selection: PlanSelection;
  /** The quote being executed. */
  preview: PlanChangePreview;
  /** The intent's key. */
  idempotencyKey: string;
}
/** Changed. */
export interface PlanChangeSucceededState {
  status: 'succeeded';
  /** What was quoted. */
  selection: PlanSelection;
  /** The quote that was executed. */
  preview: PlanChangePreview;
  /** What the backend answered. */
  result: SucceededPlanChange;
}
/** The preview or the change failed. */
export interface PlanChangeFailedState {
  status: 'failed';
  /** What was being quoted or changed. */
  selection: PlanSelection;
  /** The quote, when the change (not the preview) failed. */
  preview: PlanChangePreview | null;
  /** Why. */
  error: UpsellErrorInfo;
  /** The intent's key, when the change (not the preview) failed. */
  idempotencyKey: string | null;
}
/** Another plan change is still being processed (Dodo answers 409); try again later. */
export interface PlanChangePendingState {
  status: 'pending_change';
  /** What the customer wanted. */
  selection: PlanSelection;
  /** The server's explanation. */
  error: UpsellErrorInfo;
}
/** The quote expired before confirming; a new preview follows and the customer is asked again. */
export interface PlanChangeQuoteExpiredState {
  status: 'quote_expired';
  /** What was quoted. */
  selection: PlanSelection;
  /** The expired quote. */
  preview: PlanChangePreview;
}

/** Every state of the plan-change flow. */
export type PlanChangeMachineState =
  | PlanChangeIdleState
  | PlanChangePreviewingState
  | PlanChangeReadyState
  | PlanChangeConfirmingState
  | PlanChangeRequiresActionState
  | PlanChangeProcessingState
  | PlanChangeSucceededState
  | PlanChangeFailedState
  | PlanChangePendingState
  | PlanChangeQuoteExpiredState;

/** The name of a plan-change state. */
export type PlanChangeMachineStatus = PlanChangeMachineState['status'];

/** Every event the plan-change flow understands. */
export type PlanChangeMachineEvent =
  /** The customer changed plan, quantity or mode; previews when a plan is chosen. */
  | { type: 'SELECT'; selection: PlanDraft; requestId: number }
  /** Quote the current selection again. */
  | { type: 'PREVIEW'; requestId: number }
  /** The preview answered. */
  | { type: 'PREVIEW_SUCCEEDED'; requestId: number; preview: PlanChangePreview }
  /** The preview threw. */
  | { type: 'PREVIEW_FAILED'; requestId: number; error: UpsellErrorInfo }
  /** The customer confirms the quote on screen. */
  | { type: 'CONFIRM'; idempotencyKey: string }
  /** `changePlan` answered. */
  | { type: 'CHANGE_SETTLED'; result: PlanChangeResult }
  /** `changePlan` threw. */
  | { type: 'CHANGE_FAILED'; error: UpsellErrorInfo }
  /** The customer was sent to the bank's page. */
  | { type: 'ACTION_OPENED' }
  /** Polling gave up while the outcome was still unknown. */
  | { type: 'POLL_EXHAUSTED' }
  /** Try the failed step again (same key for a change, a new preview otherwise). */
  | { type: 'RETRY'; requestId: number }
  /** Back to idle with a clean draft. */
  | { type: 'RESET'; selection?: PlanDraft };

/** The name of a plan-change event. */
export type PlanChangeMachineEventType = PlanChangeMachineEvent['type'];

/** The state a new plan-change flow starts in. */
export function initialPlanChangeState(selection: PlanDraft): PlanChangeIdleState {
  return { status: 'idle', selection };
}

/** True when `draft` names a target plan. */
export function isCompleteSelection(draft: PlanDraft): draft is PlanSelection {
  return typeof draft.productId === 'string' && draft.productId.length > 0;
}

/** True while a change is being executed or waits for the bank. */
export function isPlanChangeBusy(state: PlanChangeMachineState): boolean {
  return /^(confirming|requires_action|processing)$/.test(state.status);
}

/** States in which the customer may change the selection or ask for a new quote. */
const SELECTABLE = /^(idle|previewing|ready|failed|pending_change|quote_expired)$/;

function previewing(selection: PlanSelection, requestId: number, requoted = false): PlanChangePreviewingState {
  return { status: 'previewing', selection, requestId, requoted };
}

/** A state that executes an intent: its quote and key are carried into the next state. */
type ExecutingState = PlanChangeConfirmingState | PlanChangeRequiresActionState | PlanChangeProcessingState;

/** The quote and key of the intent being executed. */
const intent = ({ selection, preview, idempotencyKey }: ExecutingState) => ({ selection, preview, idempotencyKey });

function afterThrow(state: ExecutingState, error: UpsellErrorInfo): PlanChangeMachineState {
  const { selection, preview } = state;
  if (error.code === 'quote_expired') return { status: 'quote_expired', selection, preview };
  if (error.code === 'plan_change_pending') return { status: 'pending_change', selection, error };
  return { status: 'failed', ...intent(state), error };
}

function settle(state: PlanChangeConfirmingState | PlanChangeProcessingState, result: PlanChangeResult): PlanChangeMachineState {
  // While polling, "still waiting" (for the bank or for Dodo) is no transition.
  const waiting = state.status === 'processing';
  switch (result.status) {
    case 'succeeded':
      return { status: 'succeeded', selection: state.selection, preview: state.preview, result };
    case 'processing':
      return waiting ? state : { status: 'processing', ...intent(state) };
    case 'requires_action':
      return waiting ? state : { status: 'requires_action', ...intent(state), actionUrl: result.actionUrl };
    case 'failed':
      return afterThrow(state, { code: result.code, message: result.message, retryable: result.retryable });
  }
}

/** The plan-change flow's transition function; returns `state` itself for an impossible transition. */
export function planChangeReducer(state: PlanChangeMachineState, event: PlanChangeMachineEvent): PlanChangeMachineState {
  const { selection } = state;
  const answersPreview = state.status === 'previewing' && 'requestId' in event && state.requestId === event.requestId;
  switch (event.type) {
    case 'RESET':
      return initialPlanChangeState(event.selection ?? { ...selection, productId: null });
    case 'SELECT':
      if (!SELECTABLE.test(state.status)) return state;
      return isCompleteSelection(event.selection) ? previewing(event.selection, event.requestId) : initialPlanChangeState(event.selection);
    case 'PREVIEW':
      if (!SELECTABLE.test(state.status) || !isCompleteSelection(selection) || answersPreview) return state;
      return previewing(selection, event.requestId, state.status === 'quote_expired' || (state.status === 'previewing' && state.requoted));
    case 'PREVIEW_SUCCEEDED':
      return answersPreview ? { status: 'ready', selection: state.selection, preview: event.preview, requoted: state.requoted } : state;
    case 'PREVIEW_FAILED':
      if (!answersPreview) return state;
      return event.error.code === 'plan_change_pending'
        ? { status: 'pending_change', selection: state.selection, error: event.error }
        : { status: 'failed', selection: state.selection, preview: null, error: event.error, idempotencyKey: null };
    case 'CONFIRM':
      return state.status === 'ready'
        ? { status: 'confirming', selection: state.selection, preview: state.preview, idempotencyKey: event.idempotencyKey }
        : state;
    case 'CHANGE_SETTLED':
      return state.status === 'confirming' || state.status === 'processing' ? settle(state, event.result) : state;
    case 'CHANGE_FAILED':
      return state.status === 'confirming' || state.status === 'processing' ? afterThrow(state, event.error) : state;
    case 'ACTION_OPENED':
      return state.status === 'requires_action' ? { status: 'processing', ...intent(state) } : state;
    case 'POLL_EXHAUSTED':
      // Retrying replays the same key, which asks the backend again how the change ended.
      return state.status === 'processing'
        ? { status: 'failed', ...intent(state), error: { code: 'in_progress', message: 'The plan change is still being confirmed.', retryable: true } }
        : state;
    case 'RETRY':
      if (state.status === 'pending_change') return previewing(state.selection, event.requestId);
      if (state.status !== 'failed') return state;
      // A failed change is sent again with the same key (when retryable); a failed preview is asked again.
      if (state.preview && state.idempotencyKey) {
        return state.error.retryable ? { status: 'confirming', selection: state.selection, preview: state.preview, idempotencyKey: state.idempotencyKey } : state;
      }
      return previewing(state.selection, event.requestId);
  }
}
