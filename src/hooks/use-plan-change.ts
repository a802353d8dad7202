'use client';
/**
 * `usePlanChange`: choose a target plan, quantity and proration mode, see a debounced signed
 * quote, confirm it. Runs the pure plan-change machine (`src/core/machines/plan-change-machine.ts`).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { toUpsellErrorInfo } from '../core/machines/error-info';
import type { UpsellErrorInfo } from '../core/machines/error-info';
import { initialPlanChangeState, isPlanChangeBusy, planChangeReducer } from '../core/machines/plan-change-machine';
import type {
  PlanChangeConfirmingState,
  PlanChangeMachineEvent,
  PlanChangeMachineState,
  PlanChangeMachineStatus,
  PlanDraft,
  SucceededPlanChange,
} from '../core/machines/plan-change-machine';
import type { Money } from '../core/money';
import type { Offer, PlanChangeDirection, PlanChangePreview, ProrationMode } from '../core/types';
import { mergeButtonProps } from './button-props';
import type { ButtonGetterProps } from './button-props';
import { createIdempotencyKey } from './idempotency-key';
import { openInNewWindow } from './navigation';
import type { UpsellContextValue } from './upsell-context';
import { useLatest } from './use-latest';
import { useMachine } from './use-machine';
import type { MachineStateReducer } from './use-machine';
import { useUpsellContext } from './use-upsell-context';

/** Intercepts plan-change transitions (downshift's `stateReducer`). */
export type PlanChangeStateReducer = MachineStateReducer<PlanChangeMachineState, PlanChangeMachineEvent>;

/** Options of {@link usePlanChange}. */
export interface UsePlanChangeOptions {
  /** The subscription to change; it must belong to the signed-in customer. */
  subscriptionId: string;
  /** Plan offers to choose from (e.g. `getOffers({ placement: 'account' })`). @default [] */
  offers?: readonly Offer[];
  /** Plan chosen at first; a preview starts on mount when set. @default null */
  defaultProductId?: string | null;
  /** Units at first. @default 1 */
  defaultQuantity?: number;
  /** Proration mode at first. @default 'prorated_immediately' */
  defaultProrationMode?: ProrationMode;
  /** Quiet time after a change of plan, quantity or mode before previewing, in ms. @default 300 */
  debounceMs?: number;
  /** Escape hatch to intercept or change any transition. @default undefined */
  stateReducer?: PlanChangeStateReducer;
  /** Opens the bank's page when the change needs customer action. @default a new window, or this tab when blocked */
  openActionUrl?: (url: string) => void;
}

/** Result of {@link usePlanChange}. */
export interface UsePlanChangeResult {
  /** The machine state (a discriminated union on `status`). */
  state: PlanChangeMachineState;
  /** Shortcut for `state.status`. */
  status: PlanChangeMachineStatus;
  /** Plan, quantity and proration mode chosen so far. */
  selection: PlanDraft;
  /** The plan offers passed in. */
  plans: readonly Offer[];
  /** The offer of the chosen plan, if it is among `plans`. */
  targetPlan: Offer | null;
  /** The signed quote on screen (also while confirming and after), or null. */
  preview: PlanChangePreview | null;
  /** Upgrade, downgrade or lateral, once quoted. */
  direction: PlanChangeDirection | null;
  /** Charged today, once quoted. */
  chargeToday: Money | null;
  /** Subscription-scoped credit for future renewals (a downgrade), once quoted. */
  credit: Money | null;
  /** True when the previous quote expired and this one must be confirmed again. */
  requoted: boolean;
  /** True while previewing. */
  isPreviewing: boolean;
  /** True while the change is executing or waits for the bank. */
  isBusy: boolean;
  /** Why the preview or change failed (also the pending-change explanation), or null. */
  error: UpsellErrorInfo | null;
  /** The bank's page while `requires_action`, or null. */
  actionUrl: string | null;
  /** The succeeded change, or null. */
  result: SucceededPlanChange | null;
  /** Chooses the target plan (null clears it). */
  setTargetPlan: (productId: string | null) => void;
  /** Sets the units on the new plan. */
  setQuantity: (quantity: number) => void;
  /** Sets how the change is billed. */
  setProrationMode: (mode: ProrationMode) => void;
  /** Changes several parts of the selection at once. */
  select: (patch: Partial<PlanDraft>) => void;
  /** Quotes the current selection now, without the debounce. */
  requestPreview: () => void;
  /** Executes the quote on screen with a fresh idempotency key; a second call while confirming does nothing. */
  confirm: () => Promise<void>;
  /** A retryable failed change: again with the same key. A failed preview or a pending change: preview again. */
  retry: () => Promise<void>;
  /** Back to `idle`, clearing the target plan. */
  reset: () => void;
  /** In `requires_action`: opens the bank's page. Call from a click. */
  openAction: () => void;
  /** Props for the confirm button: disabled unless `ready`, `aria-busy` while confirming. */
  getConfirmButtonProps: (userProps?: ButtonGetterProps) => ButtonGetterProps;
}

function reportTransition(
  context: UpsellContextValue,
  subscriptionId: string,
  previous: PlanChangeMachineState,
  next: PlanChangeMachineState,
): void {
  if (next.status === 'ready' && previous.status === 'previewing') {
    context.emit({
      type: 'plan_change_previewed',
      subscriptionId,
      productId: next.selection.productId,
      direction: next.preview.direction,
    });
  } else if (next.status === 'succeeded') {
    context.emit({ type: 'plan_change_succeeded', subscriptionId, productId: next.selection.productId });
  } else if (previous.status === 'confirming' && (next.status === 'failed' || next.status === 'pending_change' || next.status === 'quote_expired')) {
    const code = next.status === 'quote_expired' ? 'quote_expired' : next.error.code;
    context.emit({ type: 'plan_change_failed', subscriptionId, productId: next.selection.productId, code });
  }
}

/** Upgrade or downgrade a subscription: choose, preview (debounced, stale answers discarded), confirm the signed quote. */
export function usePlanChange(options: UsePlanChangeOptions): UsePlanChangeResult {
  const context = useUpsellContext('usePlanChange');
  const latest = useLatest({ context, options });
  const onTransition = useCallback(
    (previous: PlanChangeMachineState, next: PlanChangeMachineState) =>
      reportTransition(latest.current.context, latest.current.options.subscriptionId, previous, next),
    [latest],
  );
  const { state, send, getState } = useMachine(
    planChangeReducer,
    (): PlanChangeMachineState =>
      initialPlanChangeState({
        productId: options.defaultProductId ?? null,
        quantity: options.defaultQuantity ?? 1,
        prorationMode: options.defaultProrationMode ?? 'prorated_immediately',
      }),
    { stateReducer: options.stateReducer, onTransition },
  );

  const requestSeq = useRef(0);
  /** Request ids that skip the debounce (explicit previews, retries, re-quotes). */
  const immediateRequest = useRef(0);

  const previewNow = useCallback((): void => {
    const requestId = ++requestSeq.current;
    immediateRequest.current = requestId;
    send({ type: 'PREVIEW', requestId });
  }, [send]);

  const select = useCallback(
    (patch: Partial<PlanDraft>): void => {
      const current = getState().selection;
      const selection: PlanDraft = { ...current, ...patch };
      if (
        selection.productId === current.productId &&
        selection.quantity === current.quantity &&
        selection.prorationMode === current.prorationMode
      ) {
        return;
      }
      send({ type: 'SELECT', selection, requestId: ++requestSeq.current });
    },
    [getState, send],
  );

  // One preview per request id: debounced, aborted when superseded or unmounted. StrictMode's
  // double effect clears the first timer before it fires, so it costs no extra request.
  const previewRequestId = state.status === 'previewing' ? state.requestId : null;
  useEffect(() => {
    if (previewRequestId === null) return undefined;
    const current = getState();
    if (current.status !== 'previewing' || current.requestId !== previewRequestId) return undefined;
    const controller = new AbortController();
    const { context: ctx, options: opts } = latest.current;
    const delay = immediateRequest.current === previewRequestId ? 0 : (opts.debounceMs ?? 300);
    const timer = setTimeout(() => {
      ctx.adapter
        .previewPlanChange({ subscriptionId: opts.subscriptionId, ...current.selection }, { signal: controller.signal })
        .then(
          (preview) => {
            if (!controller.signal.aborted) send({ type: 'PREVIEW_SUCCEEDED', requestId: previewRequestId, preview });
          },
          (error: unknown) => {
            if (!controller.signal.aborted) {
              send({ type: 'PREVIEW_FAILED', requestId: previewRequestId, error: toUpsellErrorInfo(error) });
            }
          },
        );
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [previewRequestId, getState, latest, send]);

  // A plan chosen up front is quoted on mount; a new subscription id is quoted again.
  const subscriptionId = options.subscriptionId;
  const quotedFor = useRef<string | null>(null);
  useEffect(() => {
    if (quotedFor.current === subscriptionId) return;
    const first = quotedFor.current === null;
    quotedFor.current = subscriptionId;
    const current = getState();
    if (!first || current.status === 'idle') previewNow();
  }, [subscriptionId, getState, previewNow]);

  const execute = useCallback(
    async (confirming: PlanChangeConfirmingState): Promise<void> => {
      let after: PlanChangeMachineState;
      try {
        const result = await latest.current.context.adapter.changePlan({
          quoteToken: confirming.preview.quoteToken,
          idempotencyKey: confirming.idempotencyKey,
        });
        after = send({ type: 'CHANGE_SETTLED', result });
      } catch (error) {
        after = send({ type: 'CHANGE_FAILED', error: toUpsellErrorInfo(error) });
      }
      // Never confirm a new price silently: quote again and let the customer confirm it.
      if (after.status === 'quote_expired') previewNow();
    },
    [latest, previewNow, send],
  );

  const confirm = useCallback(async (): Promise<void> => {
    const before = getState();
    const next = send({ type: 'CONFIRM', idempotencyKey: createIdempotencyKey() });
    if (next === before || next.status !== 'confirming') return;
    await execute(next);
  }, [execute, getState, send]);

  const retry = useCallback(async (): Promise<void> => {
    const before = getState();
    const requestId = ++requestSeq.current;
    immediateRequest.current = requestId;
    const next = send({ type: 'RETRY', requestId });
    if (next !== before && next.status === 'confirming') await execute(next);
  }, [execute, getState, send]);

  const reset = useCallback((): void => {
    send({ type: 'RESET' });
  }, [send]);

  const openAction = useCallback((): void => {
    const before = getState();
    if (before.status !== 'requires_action') return;
    (latest.current.options.openActionUrl ?? openInNewWindow)(before.actionUrl);
    send({ type: 'ACTION_OPENED' });
  }, [getState, latest, send]);

  const setTargetPlan = useCallback((productId: string | null) => select({ productId }), [select]);
  const setQuantity = useCallback((quantity: number) => select({ quantity }), [select]);
  const setProrationMode = useCallback((prorationMode: ProrationMode) => select({ prorationMode }), [select]);

  const getConfirmButtonProps = useCallback(
    (userProps: ButtonGetterProps = {}): ButtonGetterProps =>
      mergeButtonProps(userProps, {
        disabled: state.status !== 'ready',
        busy: state.status === 'confirming',
        state: state.status,
        action: () => void confirm(),
      }),
    [confirm, state.status],
  );

  const plans = options.offers ?? NO_OFFERS;
  const preview = 'preview' in state ? state.preview : null;
  const productId = state.selection.productId;
  const targetPlan = useMemo(() => plans.find((offer) => offer.product.id === productId) ?? null, [plans, productId]);

  return {
    state,
    status: state.status,
    selection: state.selection,
    plans,
    targetPlan,
    preview,
    direction: preview?.direction ?? null,
    chargeToday: preview?.chargeToday ?? null,
    credit: preview?.credit ?? null,
    requoted: 'requoted' in state ? state.requoted : false,
    isPreviewing: state.status === 'previewing',
    isBusy: isPlanChangeBusy(state),
    error: 'error' in state ? state.error : null,
    actionUrl: state.status === 'requires_action' ? state.actionUrl : null,
    result: state.status === 'succeeded' ? state.result : null,
    setTargetPlan,
    setQuantity,
    setProrationMode,
    select,
    requestPreview: previewNow,
    confirm,
    retry,
    reset,
    openAction,
    getConfirmButtonProps,
  };
}

const NO_OFFERS: readonly Offer[] = [];
