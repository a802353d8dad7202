import { describe, expect, it } from 'vitest';
import {
  initialOfferState,
  isOfferBusy,
  offerOf,
  offerReducer,
  POLL_EXHAUSTED_MESSAGE,
} from '../../../src/core/machines/offer-machine';
import type { OfferMachineEvent, OfferMachineState, OfferMachineStatus } from '../../../src/core/machines/offer-machine';
import { bundle, declinedByBank, downsell, processing, requiresAction, succeeded } from './factories';

const network = { code: 'network', message: 'The connection failed.', retryable: true } as const;

function run(...events: OfferMachineEvent[]): OfferMachineState {
  return events.reduce(offerReducer, initialOfferState as OfferMachineState);
}

const LOAD = { type: 'LOAD', requestId: 1 } as const;
const LOADED = { type: 'LOADED', requestId: 1, offer: bundle } as const;
const ACCEPT = { type: 'ACCEPT', paymentMethodId: null, idempotencyKey: 'key-1' } as const;

/** One reachable example of every state. */
const states: Record<string, OfferMachineState> = {
  idle: initialOfferState,
  loading: run(LOAD),
  empty: run(LOAD, { type: 'LOADED', requestId: 1, offer: null }),
  error: run(LOAD, { type: 'LOAD_FAILED', requestId: 1, error: network }),
  ready: run(LOAD, LOADED),
  confirming: run(LOAD, LOADED, ACCEPT),
  retrying: run(LOAD, LOADED, ACCEPT, { type: 'PURCHASE_FAILED', error: network }, { type: 'RETRY' }),
  requires_action: run(LOAD, LOADED, ACCEPT, { type: 'PURCHASE_SETTLED', result: requiresAction }),
  polling: run(LOAD, LOADED, ACCEPT, { type: 'PURCHASE_SETTLED', result: processing }),
  succeeded: run(LOAD, LOADED, ACCEPT, { type: 'PURCHASE_SETTLED', result: succeeded }),
  failed: run(LOAD, LOADED, ACCEPT, { type: 'PURCHASE_SETTLED', result: declinedByBank }),
  failedRetryable: run(LOAD, LOADED, ACCEPT, { type: 'PURCHASE_FAILED', error: network }),
  fallbackPending: run(LOAD, LOADED, { type: 'START_CHECKOUT' }),
  fallbackReady: run(LOAD, LOADED, ACCEPT, { type: 'PURCHASE_SETTLED', result: declinedByBank }, { type: 'START_CHECKOUT' }),
  declined: run(LOAD, LOADED, { type: 'DECLINE' }),
  done: run(LOAD, LOADED, { type: 'DECLINE' }, { type: 'FINISH' }),
  dismissed: run(LOAD, LOADED, { type: 'DISMISS' }),
};

/** One example of every event; request ids (9) never match a running load (1). */
const events: Record<OfferMachineEvent['type'], OfferMachineEvent> = {
  LOAD: { type: 'LOAD', requestId: 9 },
  LOADED: { type: 'LOADED', requestId: 9, offer: bundle },
  LOAD_FAILED: { type: 'LOAD_FAILED', requestId: 9, error: network },
  ACCEPT: ACCEPT,
  PURCHASE_SETTLED: { type: 'PURCHASE_SETTLED', result: succeeded },
  PURCHASE_FAILED: { type: 'PURCHASE_FAILED', error: network },
  ACTION_OPENED: { type: 'ACTION_OPENED' },
  POLL_EXHAUSTED: { type: 'POLL_EXHAUSTED' },
  RETRY: { type: 'RETRY' },
  START_CHECKOUT: { type: 'START_CHECKOUT' },
  CHECKOUT_READY: { type: 'CHECKOUT_READY', url: 'https://checkout.example/x' },
  CHECKOUT_FAILED: { type: 'CHECKOUT_FAILED', error: network },
  DECLINE: { type: 'DECLINE' },
  SHOW_DOWNSELL: { type: 'SHOW_DOWNSELL', offer: downsell },
  FINISH: { type: 'FINISH' },
  DISMISS: { type: 'DISMISS' },
  RESET: { type: 'RESET' },
};

/** The transition table: the only events each state reacts to. Everything else is ignored. */
const accepted: Record<keyof typeof states, Array<OfferMachineEvent['type']>> = {
  idle: ['LOAD'],
  loading: ['LOAD', 'RESET'],
  empty: ['LOAD', 'DISMISS', 'RESET'],
  error: ['LOAD', 'DISMISS', 'RESET'],
  ready: ['LOAD', 'ACCEPT', 'DECLINE', 'DISMISS', 'START_CHECKOUT', 'RESET'],
  confirming: ['PURCHASE_SETTLED', 'PURCHASE_FAILED', 'RESET'],
  retrying: ['PURCHASE_SETTLED', 'PURCHASE_FAILED', 'RESET'],
  requires_action: ['ACTION_OPENED', 'DISMISS', 'RESET'],
  polling: ['PURCHASE_SETTLED', 'PURCHASE_FAILED', 'POLL_EXHAUSTED', 'RESET'],
  succeeded: ['LOAD', 'RESET'],
  failed: ['LOAD', 'START_CHECKOUT', 'DISMISS', 'RESET'],
  failedRetryable: ['LOAD', 'RETRY', 'ACCEPT', 'START_CHECKOUT', 'DISMISS', 'RESET'],
  fallbackPending: ['LOAD', 'CHECKOUT_READY', 'CHECKOUT_FAILED', 'DISMISS', 'RESET'],
  fallbackReady: ['LOAD', 'DISMISS', 'RESET'],
  declined: ['SHOW_DOWNSELL', 'FINISH', 'RESET'],
  done: ['LOAD', 'RESET'],
  dismissed: ['LOAD', 'RESET'],
};

describe('offer machine transition table', () => {
  for (const [name, state] of Object.entries(states)) {
    for (const [type, event] of Object.entries(events)) {
      const reacts = accepted[name]?.includes(type as OfferMachineEvent['type']);
      it(`${name} ${reacts ? 'moves on' : 'ignores'} ${type}`, () => {
        const next = offerReducer(state, event);
        if (reacts) expect(next).not.toBe(state);
        else expect(next).toBe(state);
      });
    }
  }
});

describe('loading an offer', () => {
  it('shows the loaded offer as ready, not as a downsell', () => {
    expect(states.ready).toEqual({ status: 'ready', offer: bundle, isDownsell: false });
  });

  it('becomes empty when no offer is eligible', () => {
    expect(states.empty).toEqual({ status: 'empty' });
  });

  it('keeps the load error', () => {
    expect(states.error).toEqual({ status: 'error', error: network });
  });

  it('discards an answer for a superseded load', () => {
    const restarted = offerReducer(states.loading!, { type: 'LOAD', requestId: 2 });
    expect(offerReducer(restarted, LOADED)).toBe(restarted);
    expect(offerReducer(restarted, { type: 'LOADED', requestId: 2, offer: bundle })).toMatchObject({ status: 'ready' });
  });

  it('ignores a repeated LOAD with the same request id', () => {
    expect(offerReducer(states.loading!, LOAD)).toBe(states.loading);
  });
});

describe('accepting', () => {
  it('charges the offer’s suggested method when none is chosen, as the first try of a new intent', () => {
    expect(states.confirming).toMatchObject({
      status: 'confirming',
      attempt: { idempotencyKey: 'key-1', paymentMethodId: 'pm_visa', tries: 1 },
    });
  });

  it('charges the chosen method', () => {
    const next = offerReducer(states.ready!, { type: 'ACCEPT', paymentMethodId: 'pm_other', idempotencyKey: 'k' });
    expect(next).toMatchObject({ status: 'confirming', attempt: { paymentMethodId: 'pm_other' } });
  });

  it('ignores a second accept while confirming (one purchase per intent)', () => {
    expect(offerReducer(states.confirming!, { ...ACCEPT, idempotencyKey: 'key-2' })).toBe(states.confirming);
  });

  it('succeeds with the backend’s result', () => {
    expect(states.succeeded).toMatchObject({ status: 'succeeded', result: succeeded, attempt: { idempotencyKey: 'key-1' } });
  });

  it('fails with the result’s code, message and fallback checkout', () => {
    expect(states.failed).toMatchObject({
      status: 'failed',
      error: { code: 'payment_declined', message: 'Your bank declined the charge.', retryable: false },
      purchaseId: 'pur_1',
      fallbackCheckoutUrl: 'https://checkout.example/bundle',
    });
  });

  it('fails with the code of a refusal thrown before any charge', () => {
    const refused = offerReducer(states.confirming!, {
      type: 'PURCHASE_FAILED',
      error: { code: 'price_changed', message: 'The price changed.', retryable: false },
    });
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'price_changed' }, purchaseId: null, fallbackCheckoutUrl: null });
  });

  it('asks for customer action with the bank’s URL', () => {
    expect(states.requires_action).toMatchObject({
      status: 'requires_action',
      purchaseId: 'pur_1',
      actionUrl: 'https://bank.example/3ds/pur_1',
    });
  });

  it('polls a processing purchase', () => {
    expect(states.polling).toMatchObject({ status: 'polling', purchaseId: 'pur_1' });
  });
});

describe('3-D Secure and polling', () => {
  it('polls once the customer is sent to the bank', () => {
    const next = offerReducer(states.requires_action!, { type: 'ACTION_OPENED' });
    expect(next).toMatchObject({ status: 'polling', purchaseId: 'pur_1', attempt: { idempotencyKey: 'key-1' } });
  });

  it('keeps polling while the purchase still processes or waits for the customer', () => {
    expect(offerReducer(states.polling!, { type: 'PURCHASE_SETTLED', result: processing })).toBe(states.polling);
    expect(offerReducer(states.polling!, { type: 'PURCHASE_SETTLED', result: requiresAction })).toBe(states.polling);
  });

  it('settles from polling', () => {
    expect(offerReducer(states.polling!, { type: 'PURCHASE_SETTLED', result: succeeded }).status).toBe('succeeded');
    expect(offerReducer(states.polling!, { type: 'PURCHASE_SETTLED', result: declinedByBank }).status).toBe('failed');
  });

  it('keeps the purchase id when a poll fails', () => {
    expect(offerReducer(states.polling!, { type: 'PURCHASE_FAILED', error: network })).toMatchObject({ purchaseId: 'pur_1' });
  });

  it('gives up at the cap with a retryable in_progress failure', () => {
    expect(offerReducer(states.polling!, { type: 'POLL_EXHAUSTED' })).toMatchObject({
      status: 'failed',
      purchaseId: 'pur_1',
      error: { code: 'in_progress', message: POLL_EXHAUSTED_MESSAGE, retryable: true },
    });
  });
});

describe('retrying and falling back', () => {
  it('retries a retryable failure with the same idempotency key', () => {
    expect(states.retrying).toMatchObject({ status: 'retrying', attempt: { idempotencyKey: 'key-1', tries: 2 } });
  });

  it('settles a retry like a first try', () => {
    expect(offerReducer(states.retrying!, { type: 'PURCHASE_SETTLED', result: succeeded }).status).toBe('succeeded');
    expect(offerReducer(states.retrying!, { type: 'PURCHASE_FAILED', error: network }).status).toBe('failed');
  });

  it('never retries a non-retryable failure (a declined card is not charged again and again)', () => {
    expect(offerReducer(states.failed!, { type: 'RETRY' })).toBe(states.failed);
  });

  it('treats accepting again with the same card as a retry of the same intent', () => {
    const next = offerReducer(states.failedRetryable!, { ...ACCEPT, idempotencyKey: 'fresh' });
    expect(next).toMatchObject({ status: 'retrying', attempt: { idempotencyKey: 'key-1', tries: 2 } });
  });

  it('treats another card as a new intent with a fresh key', () => {
    const next = offerReducer(states.failed!, { type: 'ACCEPT', paymentMethodId: 'pm_other', idempotencyKey: 'fresh' });
    expect(next).toMatchObject({ status: 'confirming', attempt: { idempotencyKey: 'fresh', paymentMethodId: 'pm_other', tries: 1 } });
  });

  it('falls back to checkout with the failure’s URL', () => {
    expect(states.fallbackReady).toMatchObject({ status: 'fallback', checkoutUrl: 'https://checkout.example/bundle' });
  });

  it('falls back from ready (no usable card) and waits for a checkout URL', () => {
    expect(states.fallbackPending).toMatchObject({ status: 'fallback', checkoutUrl: null, attempt: null });
    const next = offerReducer(states.fallbackPending!, { type: 'CHECKOUT_READY', url: 'https://checkout.example/new' });
    expect(next).toMatchObject({ status: 'fallback', checkoutUrl: 'https://checkout.example/new' });
  });

  it('fails when the checkout cannot be created, and a new card is then a new intent', () => {
    const failed = offerReducer(states.fallbackPending!, { type: 'CHECKOUT_FAILED', error: network });
    expect(failed).toMatchObject({ status: 'failed', attempt: null, error: network, fallbackCheckoutUrl: null });
    expect(offerReducer(failed, { type: 'RETRY' })).toBe(failed);
    expect(offerReducer(failed, ACCEPT)).toMatchObject({ status: 'confirming', attempt: { idempotencyKey: 'key-1' } });
  });
});

describe('declining and dismissing', () => {
  it('declines, then shows the downsell as a downsell', () => {
    expect(states.declined).toEqual({ status: 'declined', offer: bundle, isDownsell: false });
    expect(offerReducer(states.declined!, { type: 'SHOW_DOWNSELL', offer: downsell })).toEqual({
      status: 'ready',
      offer: downsell,
      isDownsell: true,
    });
  });

  it('is done when nothing follows the decline', () => {
    expect(states.done).toEqual({ status: 'done', offer: bundle });
  });

  it('dismisses with the offer that was on screen', () => {
    expect(states.dismissed).toEqual({ status: 'dismissed', offer: bundle });
    expect(offerReducer(states.empty!, { type: 'DISMISS' })).toEqual({ status: 'dismissed', offer: null });
  });

  it('resets to the initial state', () => {
    expect(offerReducer(states.succeeded!, { type: 'RESET' })).toBe(initialOfferState);
  });
});

describe('helpers', () => {
  it('says which states are busy charging', () => {
    const busy = Object.entries(states)
      .filter(([, state]) => isOfferBusy(state))
      .map(([name]) => name);
    expect(busy.sort()).toEqual(['confirming', 'polling', 'requires_action', 'retrying']);
  });

  it('finds the offer of a state', () => {
    expect(offerOf(states.idle!)).toBeNull();
    expect(offerOf(states.polling!)).toBe(bundle);
  });

  it('covers every status in the table', () => {
    const statuses = new Set(Object.values(states).map((state) => state.status));
    const all: OfferMachineStatus[] = [
      'idle', 'loading', 'empty', 'error', 'ready', 'confirming', 'retrying', 'requires_action',
      'polling', 'succeeded', 'failed', 'fallback', 'declined', 'done', 'dismissed',
    ];
    expect([...statuses].sort()).toEqual(all.sort());
  });
});
