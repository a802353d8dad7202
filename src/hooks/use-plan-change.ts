'use client';
/**
 * `usePlanChange`: choose a target plan, quantity and proration mode, see a debounced signed
 * quote, confirm it. Runs the pure plan-change machine (`src/core/machines/plan-change-machine.ts`).
 */
import { useEffect, useMemo, useRef } from 'react';
import { toUpsellErrorInfo } from '../core/machines/error-info';
import type { UpsellErrorInfo } from '../core/machines/error-info';
import { initialPlanChangeState, isPlanChangeBusy, planChangeReducer } from '../core/machines/plan-change-machine';
import type {
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
import { openBankStep } from './navigation';
import { usePoller } from './poll';
import type { PollingOptions } from './poll';
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
  /** Polling of a change left `processing` (after the bank's page, or an unknown answer from Dodo). @default { initialDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 10 } */
  polling?: PollingOptions;
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
  /** In `requires_action`: opens the bank's page, then polls until the change settles. Call from a click. */
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
  const base = { subscriptionId, productId: next.selection.productId as string };
  if (next.status === 'ready' && previous.status === 'previewing') {
    context.emit({ type: 'plan_change_previewed', ...base, direction: next.preview.direction });
  } else if (next.status === 'succeeded') {
    context.emit({ type: 'plan_change_succeeded', ...base });
  } else if (previous.status === 'confirming' && /^(failed|pending_change|quote_expired)$/.test(next.status)) {
    context.emit({ type: 'plan_change_failed', ...base, code: 'error' in next ? next.error.code : 'quote_expired' });
  }
}

/** Upgrade or downgrade a subscription: choose, preview (debounced, stale answers discarded), confirm the signed quote. */
export function usePlanChange(options: UsePlanChangeOptions): UsePlanChangeResult {
  const context = useUpsellContext('usePlanChange');
  const latest = useLatest({ context, options });
  const { state, send, getState } = useMachine(
    planChangeReducer,
    (): PlanChangeMachineState =>
      initialPlanChangeState({
        productId: options.defaultProductId ?? null,
        quantity: options.defaultQuantity ?? 1,
        prorationMode: options.defaultProrationMode ?? 'prorated_immediately',
      }),
    {
      stateReducer: options.stateReducer,
      onTransition: (previous, next) => reportTransition(latest.current.context, latest.current.options.subscriptionId, previous, next),
    },
  );

  const requestSeq = useRef(0);
  const poller = usePoller();
  /** The request id that skips the debounce (explicit previews, retries, re-quotes). */
  const immediateRequest = useRef(0);

  const actions = useMemo(() => {
    /** A new request id that previews at once, without the debounce. */
    const immediate = (): number => (immediateRequest.current = ++requestSeq.current);
    const requestPreview = (): void => void send({ type: 'PREVIEW', requestId: immediate() });
    const select = (patch: Partial<PlanDraft>): void => {
      const current = getState().selection;
      const selection: PlanDraft = { ...current, ...patch };
      if (
        selection.productId !== current.productId ||
        selection.quantity !== current.quantity ||
        selection.prorationMode !== current.prorationMode
      ) {
        send({ type: 'SELECT', selection, requestId: ++requestSeq.current });
      }
    };
    /** Sends the intent of `state` (quote token and key); replaying the key reports how the change ended. */
    const changePlan = ({ preview, idempotencyKey }: Extract<PlanChangeMachineState, { idempotencyKey: string }>) =>
      latest.current.context.adapter.changePlan({ quoteToken: preview.quoteToken, idempotencyKey });
    /** While `processing`, replays the intent with backoff until the change settles or the cap is hit. */
    const poll = async (processing: PlanChangeMachineState): Promise<void> => {
      if (processing.status !== 'processing') return;
      await poller.poll(
        latest.current.options.polling,
        () => {
          const current = getState();
          return current.status === 'processing' && current.idempotencyKey === processing.idempotencyKey;
        },
        () => changePlan(processing),
        (answer) =>
          send(answer === null ? { type: 'POLL_EXHAUSTED' } : 'result' in answer ? { type: 'CHANGE_SETTLED', ...answer } : { type: 'CHANGE_FAILED', ...answer }),
      );
    };
    /** Executes the quote in `confirming` (if the event was accepted) with its key. */
    const execute = async (before: PlanChangeMachineState, confirming: PlanChangeMachineState): Promise<void> => {
      if (confirming === before || confirming.status !== 'confirming') return;
      let after: PlanChangeMachineState;
      try {
        after = send({ type: 'CHANGE_SETTLED', result: await changePlan(confirming) });
      } catch (error) {
        after = send({ type: 'CHANGE_FAILED', error: toUpsellErrorInfo(error) });
      }
      // Never confirm a new price silently: quote again and let the customer confirm it.
      if (after.status === 'quote_expired') requestPreview();
      await poll(after);
    };
    const confirm = (): Promise<void> => execute(getState(), send({ type: 'CONFIRM', idempotencyKey: createIdempotencyKey() }));
    return {
      setTargetPlan: (productId: string | null) => select({ productId }),
      setQuantity: (quantity: number) => select({ quantity }),
      setProrationMode: (prorationMode: ProrationMode) => select({ prorationMode }),
      select,
      requestPreview,
      confirm,
      retry: (): Promise<void> => execute(getState(), send({ type: 'RETRY', requestId: immediate() })),
      reset(): void {
        poller.stop();
        send({ type: 'RESET' });
      },
      openAction(): void {
        const next = openBankStep(getState(), latest.current.options.openActionUrl, () => send({ type: 'ACTION_OPENED' }));
        if (next) void poll(next);
      },
    };
  }, [getState, latest, poller, send]);

  // One preview per request id: debounced, aborted when superseded or unmounted. StrictMode's
  // double effect clears the first timer before it fires, so it costs no extra request.
  const previewRequestId = state.status === 'previewing' ? state.requestId : null;
  useEffect(() => {
    const current = getState();
    if (current.status !== 'previewing' || current.requestId !== previewRequestId) return undefined;
    const controller = new AbortController();
    const { signal } = controller;
    const { context: ctx, options: opts } = latest.current;
    const answer = (event: PlanChangeMachineEvent) => signal.aborted || send(event);
    const timer = setTimeout(
      () =>
        ctx.adapter.previewPlanChange({ subscriptionId: opts.subscriptionId, ...current.selection }, { signal }).then(
          (preview) => answer({ type: 'PREVIEW_SUCCEEDED', requestId: previewRequestId, preview }),
          (error: unknown) => answer({ type: 'PREVIEW_FAILED', requestId: previewRequestId, error: toUpsellErrorInfo(error) }),
        ),
      immediateRequest.current === previewRequestId ? 0 : (opts.debounceMs ?? 300),
    );
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
    if (!first || getState().status === 'idle') actions.requestPreview();
  }, [subscriptionId, getState, actions]);

  const plans = options.offers ?? NO_OFFERS;
  const productId = state.selection.productId;
  const targetPlan = useMemo(() => plans.find((offer) => offer.product.id === productId) ?? null, [plans, productId]);
  const preview = 'preview' in state ? state.preview : null;
  const { status } = state;

  return {
    state,
    status,
    selection: state.selection,
    plans,
    targetPlan,
    preview,
    direction: preview?.direction ?? null,
    chargeToday: preview?.chargeToday ?? null,
    credit: preview?.credit ?? null,
    requoted: 'requoted' in state && state.requoted,
    isPreviewing: status === 'previewing',
    isBusy: isPlanChangeBusy(state),
    error: 'error' in state ? state.error : null,
    actionUrl: status === 'requires_action' ? state.actionUrl : null,
    result: status === 'succeeded' ? state.result : null,
    ...actions,
    getConfirmButtonProps: (userProps: ButtonGetterProps = {}): ButtonGetterProps =>
      mergeButtonProps(userProps, {
        disabled: status !== 'ready',
        busy: status === 'confirming',
        state: status,
        action: () => void actions.confirm(),
      }),
  };
}

const NO_OFFERS: readonly Offer[] = [];
