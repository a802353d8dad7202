import { describe, expect, it } from 'vitest';
import { money } from '../../../src/core/money';
import {
  initialPlanChangeState,
  isCompleteSelection,
  isPlanChangeBusy,
  planChangeReducer,
} from '../../../src/core/machines/plan-change-machine';
import type {
  PlanChangeMachineEvent,
  PlanChangeMachineState,
  PlanChangeMachineStatus,
  PlanDraft,
} from '../../../src/core/machines/plan-change-machine';
import type { PlanChangeResult } from '../../../src/core/types';
import { makePreview } from './factories';

const network = { code: 'network', message: 'The connection failed.', retryable: true } as const;
const pending = { code: 'plan_change_pending', message: 'A change is pending.', retryable: true } as const;
const expired = { code: 'quote_expired', message: 'The quote expired.', retryable: true } as const;

const noPlan: PlanDraft = { productId: null, quantity: 1, prorationMode: 'prorated_immediately' };
const pro = { productId: 'prod_pro', quantity: 1, prorationMode: 'difference_immediately' } as const;
const proPreview = makePreview('prod_pro');

const changed: PlanChangeResult = {
  status: 'succeeded',
  subscriptionId: 'sub_1',
  newPlan: proPreview.newPlan,
  quantity: 1,
  chargedToday: money(5000, 'USD'),
  credit: money(0, 'USD'),
  effectiveAt: '2026-11-28T00:00:00.000Z',
};
const declined: PlanChangeResult = {
  status: 'failed',
  subscriptionId: 'sub_1',
  code: 'payment_declined',
  message: 'Declined.',
  retryable: false,
};

function run(...events: PlanChangeMachineEvent[]): PlanChangeMachineState {
  return events.reduce(planChangeReducer, initialPlanChangeState(noPlan) as PlanChangeMachineState);
}

const SELECT = { type: 'SELECT', selection: pro, requestId: 1 } as const;
const QUOTED = { type: 'PREVIEW_SUCCEEDED', requestId: 1, preview: proPreview } as const;
const CONFIRM = { type: 'CONFIRM', idempotencyKey: 'key-1' } as const;

const states: Record<string, PlanChangeMachineState> = {
  idle: initialPlanChangeState(noPlan),
  idleWithPlan: initialPlanChangeState(pro),
  previewing: run(SELECT),
  ready: run(SELECT, QUOTED),
  confirming: run(SELECT, QUOTED, CONFIRM),
  requires_action: run(SELECT, QUOTED, CONFIRM, {
    type: 'CHANGE_SETTLED',
    result: { status: 'requires_action', subscriptionId: 'sub_1', actionUrl: 'https://bank.example/3ds' },
  }),
  processing: run(SELECT, QUOTED, CONFIRM, { type: 'CHANGE_SETTLED', result: { status: 'processing', subscriptionId: 'sub_1' } }),
  succeeded: run(SELECT, QUOTED, CONFIRM, { type: 'CHANGE_SETTLED', result: changed }),
  failedPreview: run(SELECT, { type: 'PREVIEW_FAILED', requestId: 1, error: network }),
  failedChange: run(SELECT, QUOTED, CONFIRM, { type: 'CHANGE_FAILED', error: network }),
  failedChangeFinal: run(SELECT, QUOTED, CONFIRM, { type: 'CHANGE_SETTLED', result: declined }),
  pending_change: run(SELECT, { type: 'PREVIEW_FAILED', requestId: 1, error: pending }),
  quote_expired: run(SELECT, QUOTED, CONFIRM, { type: 'CHANGE_FAILED', error: expired }),
};

const events: Record<PlanChangeMachineEvent['type'], PlanChangeMachineEvent> = {
  SELECT: { type: 'SELECT', selection: { ...pro, productId: 'prod_plus' }, requestId: 9 },
  PREVIEW: { type: 'PREVIEW', requestId: 9 },
  PREVIEW_SUCCEEDED: { type: 'PREVIEW_SUCCEEDED', requestId: 9, preview: proPreview },
  PREVIEW_FAILED: { type: 'PREVIEW_FAILED', requestId: 9, error: network },
  CONFIRM: { type: 'CONFIRM', idempotencyKey: 'key-9' },
  CHANGE_SETTLED: { type: 'CHANGE_SETTLED', result: changed },
  CHANGE_FAILED: { type: 'CHANGE_FAILED', error: network },
  ACTION_OPENED: { type: 'ACTION_OPENED' },
  POLL_EXHAUSTED: { type: 'POLL_EXHAUSTED' },
  RETRY: { type: 'RETRY', requestId: 9 },
  RESET: { type: 'RESET' },
};

const accepted: Record<string, Array<PlanChangeMachineEvent['type']>> = {
  idle: ['SELECT', 'RESET'],
  idleWithPlan: ['SELECT', 'PREVIEW', 'RESET'],
  previewing: ['SELECT', 'PREVIEW', 'RESET'],
  ready: ['SELECT', 'PREVIEW', 'CONFIRM', 'RESET'],
  confirming: ['CHANGE_SETTLED', 'CHANGE_FAILED', 'RESET'],
  requires_action: ['ACTION_OPENED', 'RESET'],
  processing: ['CHANGE_SETTLED', 'CHANGE_FAILED', 'POLL_EXHAUSTED', 'RESET'],
  succeeded: ['RESET'],
  failedPreview: ['SELECT', 'PREVIEW', 'RETRY', 'RESET'],
  failedChange: ['SELECT', 'PREVIEW', 'RETRY', 'RESET'],
  failedChangeFinal: ['SELECT', 'PREVIEW', 'RESET'],
  pending_change: ['SELECT', 'PREVIEW', 'RETRY', 'RESET'],
  quote_expired: ['SELECT', 'PREVIEW', 'RESET'],
};

describe('plan-change machine transition table', () => {
  for (const [name, state] of Object.entries(states)) {
    for (const [type, event] of Object.entries(events)) {
      const reacts = accepted[name]?.includes(type as PlanChangeMachineEvent['type']);
      it(`${name} ${reacts ? 'moves on' : 'ignores'} ${type}`, () => {
        const next = planChangeReducer(state, event);
        if (reacts) expect(next).not.toBe(state);
        else expect(next).toBe(state);
      });
    }
  }
});

describe('choosing and previewing', () => {
  it('stays idle while no target plan is chosen', () => {
    const next = planChangeReducer(states.idle!, { type: 'SELECT', selection: { ...noPlan, quantity: 3 }, requestId: 1 });
    expect(next).toEqual({ status: 'idle', selection: { ...noPlan, quantity: 3 } });
  });

  it('previews as soon as a plan is chosen', () => {
    expect(states.previewing).toEqual({ status: 'previewing', selection: pro, requestId: 1, requoted: false });
  });

  it('discards a stale preview answer after the customer changed the plan', () => {
    const changedPlan = planChangeReducer(states.previewing!, events.SELECT);
    expect(planChangeReducer(changedPlan, QUOTED)).toBe(changedPlan);
    expect(planChangeReducer(changedPlan, { type: 'PREVIEW_FAILED', requestId: 1, error: network })).toBe(changedPlan);
  });

  it('ignores a repeated PREVIEW with the running request id', () => {
    expect(planChangeReducer(states.previewing!, { type: 'PREVIEW', requestId: 1 })).toBe(states.previewing);
  });

  it('shows the quote', () => {
    expect(states.ready).toEqual({ status: 'ready', selection: pro, preview: proPreview, requoted: false });
  });

  it('names a pending plan change as its own state', () => {
    expect(states.pending_change).toEqual({ status: 'pending_change', selection: pro, error: pending });
  });

  it('keeps other preview failures as failed without a quote', () => {
    expect(states.failedPreview).toEqual({ status: 'failed', selection: pro, preview: null, error: network, idempotencyKey: null });
  });

  it('clearing the plan goes back to idle', () => {
    const next = planChangeReducer(states.ready!, { type: 'SELECT', selection: { ...pro, productId: null }, requestId: 2 });
    expect(next).toEqual({ status: 'idle', selection: { ...pro, productId: null } });
  });
});

describe('confirming', () => {
  it('executes the quote on screen with the intent’s key', () => {
    expect(states.confirming).toEqual({ status: 'confirming', selection: pro, preview: proPreview, idempotencyKey: 'key-1' });
  });

  it('ignores a second confirm while confirming', () => {
    expect(planChangeReducer(states.confirming!, { type: 'CONFIRM', idempotencyKey: 'key-2' })).toBe(states.confirming);
  });

  it('succeeds with the result', () => {
    expect(states.succeeded).toMatchObject({ status: 'succeeded', result: changed });
  });

  it('waits for the bank, then polls how the change ended', () => {
    expect(states.requires_action).toMatchObject({ status: 'requires_action', actionUrl: 'https://bank.example/3ds' });
    const polling = planChangeReducer(states.requires_action!, { type: 'ACTION_OPENED' });
    expect(polling).toMatchObject({ status: 'processing', idempotencyKey: 'key-1' });
    expect(states.processing).toMatchObject({ status: 'processing', preview: proPreview });
    // "Still waiting" answers are no transition; the outcome is.
    const still = (result: PlanChangeResult) => planChangeReducer(polling, { type: 'CHANGE_SETTLED', result });
    expect(still({ status: 'processing', subscriptionId: 'sub_1' })).toBe(polling);
    expect(still({ status: 'requires_action', subscriptionId: 'sub_1', actionUrl: 'https://bank.example/3ds' })).toBe(polling);
    expect(still(changed)).toEqual({ status: 'succeeded', selection: pro, preview: proPreview, result: changed });
    expect(still(declined)).toMatchObject({ status: 'failed', error: { code: 'payment_declined', retryable: false }, idempotencyKey: 'key-1' });
    expect(planChangeReducer(polling, { type: 'CHANGE_FAILED', error: network })).toMatchObject({ status: 'failed', idempotencyKey: 'key-1' });
  });

  it('gives up polling with a retryable in_progress that replays the same key', () => {
    const exhausted = planChangeReducer(states.processing!, { type: 'POLL_EXHAUSTED' });
    expect(exhausted).toEqual({
      status: 'failed',
      selection: pro,
      preview: proPreview,
      idempotencyKey: 'key-1',
      error: { code: 'in_progress', message: expect.any(String), retryable: true },
    });
    expect(planChangeReducer(exhausted, { type: 'RETRY', requestId: 4 })).toEqual({
      status: 'confirming',
      selection: pro,
      preview: proPreview,
      idempotencyKey: 'key-1',
    });
  });

  it('expired quote: asks for a new preview and marks it requoted', () => {
    expect(states.quote_expired).toEqual({ status: 'quote_expired', selection: pro, preview: proPreview });
    const again = planChangeReducer(states.quote_expired!, { type: 'PREVIEW', requestId: 2 });
    expect(again).toEqual({ status: 'previewing', selection: pro, requestId: 2, requoted: true });
    const restarted = planChangeReducer(again, { type: 'PREVIEW', requestId: 3 });
    expect(restarted).toMatchObject({ requoted: true });
    const quoted = planChangeReducer(restarted, { type: 'PREVIEW_SUCCEEDED', requestId: 3, preview: proPreview });
    expect(quoted).toMatchObject({ status: 'ready', requoted: true });
  });

  it('maps failed results by code, like thrown errors', () => {
    const fromResult = (code: 'quote_expired' | 'plan_change_pending') =>
      planChangeReducer(states.confirming!, {
        type: 'CHANGE_SETTLED',
        result: { status: 'failed', subscriptionId: 'sub_1', code, message: code, retryable: true },
      }).status;
    expect(fromResult('quote_expired')).toBe('quote_expired');
    expect(fromResult('plan_change_pending')).toBe('pending_change');
    expect(planChangeReducer(states.confirming!, { type: 'CHANGE_FAILED', error: pending }).status).toBe('pending_change');
    expect(states.failedChangeFinal).toMatchObject({ status: 'failed', error: { code: 'payment_declined' }, idempotencyKey: 'key-1' });
  });
});

describe('retrying', () => {
  it('retries a retryable failed change with the same key', () => {
    expect(planChangeReducer(states.failedChange!, { type: 'RETRY', requestId: 5 })).toEqual({
      status: 'confirming',
      selection: pro,
      preview: proPreview,
      idempotencyKey: 'key-1',
    });
  });

  it('previews again after a failed preview or a pending change', () => {
    expect(planChangeReducer(states.failedPreview!, { type: 'RETRY', requestId: 5 })).toMatchObject({ status: 'previewing', requestId: 5 });
    expect(planChangeReducer(states.pending_change!, { type: 'RETRY', requestId: 6 })).toMatchObject({ status: 'previewing', requestId: 6 });
  });

  it('resets to idle keeping quantity and mode, or to a given draft', () => {
    expect(planChangeReducer(states.succeeded!, { type: 'RESET' })).toEqual({ status: 'idle', selection: { ...pro, productId: null } });
    expect(planChangeReducer(states.succeeded!, { type: 'RESET', selection: noPlan })).toEqual({ status: 'idle', selection: noPlan });
  });
});

describe('helpers', () => {
  it('tells a complete selection from a draft', () => {
    expect(isCompleteSelection(pro)).toBe(true);
    expect(isCompleteSelection(noPlan)).toBe(false);
    expect(isCompleteSelection({ ...pro, productId: '' })).toBe(false);
  });

  it('says which states are busy', () => {
    const busy = Object.entries(states)
      .filter(([, state]) => isPlanChangeBusy(state))
      .map(([name]) => name);
    expect(busy.sort()).toEqual(['confirming', 'processing', 'requires_action']);
  });

  it('covers every status in the table', () => {
    const all: PlanChangeMachineStatus[] = [
      'idle', 'previewing', 'ready', 'confirming', 'requires_action', 'processing',
      'succeeded', 'failed', 'pending_change', 'quote_expired',
    ];
    expect([...new Set(Object.values(states).map((state) => state.status))].sort()).toEqual(all.sort());
  });
});
