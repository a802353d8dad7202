import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { AdapterCallOptions, ChangePlanRequest, PlanChangePreviewRequest, UpsellAdapter } from '../../src/core/adapter';
import type { PlanChangePreview, PlanChangeResult } from '../../src/core/types';
import { usePlanChange } from '../../src/hooks/use-plan-change';
import type { UsePlanChangeOptions } from '../../src/hooks/use-plan-change';
import { createMemoryAdapter } from '../../src/memory/index';
import type { MemoryAdapterOptions } from '../../src/memory/index';
import { makePreview } from '../core/machines/factories';
import { deferred, eventLog, guardConsole, providerWrapper } from './helpers';

guardConsole();

const alice = { subscriptionId: 'sub_alice_basic' };

function setup(adapterOptions: MemoryAdapterOptions = {}, options: UsePlanChangeOptions = alice, strict = false) {
  const adapter = createMemoryAdapter(adapterOptions);
  const log = eventLog();
  const rendered = renderHook((props: UsePlanChangeOptions) => usePlanChange({ debounceMs: 0, ...props }), {
    initialProps: options,
    wrapper: providerWrapper(adapter, { onEvent: log.onEvent }),
    reactStrictMode: strict,
  });
  return { adapter, log, ...rendered };
}

async function quoted(result: { current: { status: string } }) {
  await waitFor(() => expect(result.current.status).toBe('ready'));
}

/** A hand-written adapter whose previews answer only when the test says so. */
function controlledPreviews(base: UpsellAdapter) {
  const calls: Array<{ request: PlanChangePreviewRequest; signal: AbortSignal | undefined; answer: ReturnType<typeof deferred<PlanChangePreview>> }> = [];
  const adapter: UpsellAdapter = {
    ...base,
    previewPlanChange(request: PlanChangePreviewRequest, options?: AdapterCallOptions) {
      const answer = deferred<PlanChangePreview>();
      calls.push({ request, signal: options?.signal, answer });
      return answer.promise;
    },
  };
  return { adapter, calls };
}

describe('usePlanChange: choosing and previewing', () => {
  it('waits in idle until Alice picks a plan, then quotes it', async () => {
    const { adapter, result } = setup();
    expect(result.current.status).toBe('idle');
    expect(result.current.preview).toBeNull();
    act(() => result.current.setTargetPlan('prod_pro_monthly'));
    expect(result.current.status).toBe('previewing');
    expect(result.current.isPreviewing).toBe(true);
    await quoted(result);
    expect(adapter.calls('previewPlanChange')).toBe(1);
    expect(result.current.direction).toBe('upgrade');
    expect(result.current.preview?.newPlan.name).toBe('Pro plan');
    expect(result.current.credit?.minor).toBe(0);
  });

  it('a plan chosen up front is quoted on mount, once, also in StrictMode', async () => {
    const { adapter, result } = setup({}, { ...alice, defaultProductId: 'prod_plus_monthly' }, true);
    await quoted(result);
    expect(adapter.calls('previewPlanChange')).toBe(1);
    expect(result.current.selection).toEqual({ productId: 'prod_plus_monthly', quantity: 1, prorationMode: 'prorated_immediately' });
  });

  it('debounces a burst of changes into one preview of the final choice', async () => {
    const { adapter, result } = setup({}, { ...alice, debounceMs: 40 });
    const spy = vi.spyOn(adapter, 'previewPlanChange');
    act(() => {
      result.current.setTargetPlan('prod_plus_monthly');
    });
    act(() => result.current.setQuantity(3));
    act(() => result.current.setProrationMode('difference_immediately'));
    act(() => result.current.setTargetPlan('prod_pro_monthly'));
    await quoted(result);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[0]).toEqual({
      subscriptionId: 'sub_alice_basic',
      productId: 'prod_pro_monthly',
      quantity: 3,
      prorationMode: 'difference_immediately',
    });
    // $30 → 3 × $80 with the difference billed today.
    expect(result.current.chargeToday?.minor).toBe(21000);
  });

  it('aborts the previous preview and discards its late answer when the choice changes', async () => {
    const { adapter, calls } = controlledPreviews(createMemoryAdapter());
    const { result } = renderHook(() => usePlanChange({ ...alice, debounceMs: 0 }), { wrapper: providerWrapper(adapter) });
    act(() => result.current.setTargetPlan('prod_plus_monthly'));
    await waitFor(() => expect(calls).toHaveLength(1));
    act(() => result.current.setTargetPlan('prod_pro_monthly'));
    expect(calls[0]?.signal?.aborted).toBe(true);
    await act(async () => calls[0]?.answer.resolve(makePreview('prod_plus_monthly')));
    expect(result.current.status).toBe('previewing');
    await waitFor(() => expect(calls).toHaveLength(2));
    await act(async () => calls[1]?.answer.resolve(makePreview('prod_pro_monthly')));
    expect(result.current.status).toBe('ready');
    expect(result.current.preview?.newPlan.productId).toBe('prod_pro_monthly');
  });

  it('an unchanged selection does not preview again', async () => {
    const { adapter, result } = setup({}, { ...alice, defaultProductId: 'prod_pro_monthly' });
    await quoted(result);
    act(() => result.current.select({ productId: 'prod_pro_monthly', quantity: 1 }));
    expect(result.current.status).toBe('ready');
    expect(adapter.calls('previewPlanChange')).toBe(1);
  });

  it('requestPreview() quotes again at once', async () => {
    const { adapter, result } = setup({}, { ...alice, defaultProductId: 'prod_pro_monthly', debounceMs: 10_000 });
    await quoted(result);
    act(() => result.current.requestPreview());
    await quoted(result);
    expect(adapter.calls('previewPlanChange')).toBe(2);
  });

  it('a new subscription id is quoted again', async () => {
    const { adapter, result, rerender } = setup({}, { ...alice, defaultProductId: 'prod_pro_monthly' });
    await quoted(result);
    rerender({ subscriptionId: 'sub_unknown', defaultProductId: 'prod_pro_monthly' });
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error?.code).toBe('not_found');
    expect(adapter.calls('previewPlanChange')).toBe(2);
  });

  it('clearing the plan returns to idle; reset() forgets the plan', async () => {
    const { result } = setup({}, { ...alice, defaultProductId: 'prod_pro_monthly' });
    await quoted(result);
    act(() => result.current.setTargetPlan(null));
    expect(result.current.status).toBe('idle');
    act(() => result.current.setTargetPlan('prod_plus_monthly'));
    await quoted(result);
    act(() => result.current.reset());
    expect(result.current.state).toEqual({ status: 'idle', selection: { productId: null, quantity: 1, prorationMode: 'prorated_immediately' } });
  });

  it('unmounting mid-preview aborts it without warnings', async () => {
    const { adapter, calls } = controlledPreviews(createMemoryAdapter());
    const { result, unmount } = renderHook(() => usePlanChange({ ...alice, debounceMs: 0 }), { wrapper: providerWrapper(adapter) });
    act(() => result.current.setTargetPlan('prod_pro_monthly'));
    await waitFor(() => expect(calls).toHaveLength(1));
    unmount();
    expect(calls[0]?.signal?.aborted).toBe(true);
    calls[0]?.answer.resolve(makePreview('prod_pro_monthly'));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('exposes the plan offers and the chosen one', async () => {
    const base = createMemoryAdapter();
    const offers = await base.getOffers({ placement: 'account' });
    const { result } = setup({}, { ...alice, offers });
    expect(result.current.plans.map((offer) => offer.product.id)).toEqual(['prod_plus_monthly', 'prod_pro_monthly']);
    expect(result.current.targetPlan).toBeNull();
    act(() => result.current.setTargetPlan('prod_pro_monthly'));
    expect(result.current.targetPlan?.badges).toEqual(['most_popular']);
  });
});

describe('usePlanChange: confirming', () => {
  it('Alice upgrades Basic → Pro: one charge, the new plan, events once', async () => {
    const { adapter, log, result } = setup({}, { ...alice, defaultProductId: 'prod_pro_monthly', defaultProrationMode: 'difference_immediately' });
    await quoted(result);
    expect(result.current.chargeToday?.minor).toBe(5000);
    await act(() => result.current.confirm());
    expect(result.current.status).toBe('succeeded');
    expect(result.current.result).toMatchObject({ newPlan: { productId: 'prod_pro_monthly' }, chargedToday: result.current.preview?.chargeToday });
    expect(adapter.charges()[0]?.amount).toEqual(result.current.preview?.chargeToday);
    expect(adapter.charges()).toEqual([expect.objectContaining({ amount: { minor: 5000, currency: 'USD' } })]);
    expect(log.types()).toEqual(['plan_change_previewed', 'plan_change_succeeded']);
  });

  it('Bob downgrades Pro → Basic: nothing charged today, a subscription credit instead', async () => {
    const { adapter, result } = setup(
      { fixture: 'cardDeclined' },
      { subscriptionId: 'sub_bob_pro', defaultProductId: 'prod_basic_monthly', defaultProrationMode: 'difference_immediately' },
    );
    await quoted(result);
    expect(result.current.direction).toBe('downgrade');
    expect(result.current.chargeToday?.minor).toBe(0);
    expect(result.current.credit?.minor).toBe(5000);
    await act(() => result.current.confirm());
    expect(result.current.status).toBe('succeeded');
    expect(adapter.charges()).toHaveLength(0);
  });

  it('a double confirm executes the change once', async () => {
    const { adapter, result } = setup({}, { ...alice, defaultProductId: 'prod_pro_monthly' });
    await quoted(result);
    await act(async () => {
      await Promise.all([result.current.confirm(), result.current.confirm()]);
    });
    expect(adapter.calls('changePlan')).toBe(1);
    expect(adapter.charges()).toHaveLength(1);
  });

  it('an expired quote is quoted again and the customer is asked again (quoteExpired fixture)', async () => {
    const { adapter, log, result } = setup({ fixture: 'quoteExpired' }, { ...alice, defaultProductId: 'prod_pro_monthly' });
    await quoted(result);
    const firstQuote = result.current.preview?.quoteToken;
    expect(result.current.requoted).toBe(false);
    await act(() => result.current.confirm());
    await quoted(result);
    expect(result.current.requoted).toBe(true);
    expect(result.current.preview?.quoteToken).not.toBe(firstQuote);
    expect(adapter.calls('changePlan')).toBe(1);
    expect(adapter.calls('previewPlanChange')).toBe(2);
    expect(adapter.charges()).toHaveLength(0);
    expect(log.types()).toEqual(['plan_change_previewed', 'plan_change_failed', 'plan_change_previewed']);
    expect(log.events[1]).toMatchObject({ code: 'quote_expired' });
  });

  it('a plan change already pending is its own state; retry() quotes again once it cleared', async () => {
    const { adapter, result } = setup({ fixture: 'planChangePending' }, { subscriptionId: 'sub_dave_plus', defaultProductId: 'prod_pro_monthly' });
    await waitFor(() => expect(result.current.status).toBe('pending_change'));
    expect(result.current.error?.code).toBe('plan_change_pending');
    adapter.setPendingChange(false);
    await act(() => result.current.retry());
    await quoted(result);
  });

  it('a change refused as pending at confirm time is also pending_change', async () => {
    const { adapter, result } = setup({}, { ...alice, defaultProductId: 'prod_pro_monthly' });
    await quoted(result);
    adapter.setPendingChange(true);
    await act(() => result.current.confirm());
    expect(result.current.status).toBe('pending_change');
  });

  it('a dropped change request is retried with the same idempotency key', async () => {
    const { adapter, result } = setup({ failures: { changePlan: { code: 'network' } } }, { ...alice, defaultProductId: 'prod_pro_monthly' });
    await quoted(result);
    const spy = vi.spyOn(adapter, 'changePlan');
    await act(() => result.current.confirm());
    expect(result.current.state).toMatchObject({ status: 'failed', error: { code: 'network' } });
    await act(() => result.current.retry());
    expect(result.current.status).toBe('succeeded');
    const keys = spy.mock.calls.map(([request]: [ChangePlanRequest, ...unknown[]]) => request.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(adapter.charges()).toHaveLength(1);
  });

  it('a failed preview is retried by previewing again', async () => {
    const { result } = setup({ failures: { previewPlanChange: { code: 'unavailable' } } }, { ...alice, defaultProductId: 'prod_pro_monthly' });
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.preview).toBeNull();
    await act(() => result.current.retry());
    await quoted(result);
  });

  it('a failed result that is not retryable stays failed on retry()', async () => {
    const base = createMemoryAdapter();
    const declined: PlanChangeResult = { status: 'failed', subscriptionId: 'sub_alice_basic', code: 'payment_declined', message: 'Declined.', retryable: false };
    const adapter: UpsellAdapter = { ...base, changePlan: vi.fn(async () => declined) };
    const { result } = renderHook(() => usePlanChange({ ...alice, defaultProductId: 'prod_pro_monthly' }), { wrapper: providerWrapper(adapter) });
    await quoted(result);
    await act(() => result.current.confirm());
    expect(result.current.error?.code).toBe('payment_declined');
    await act(() => result.current.retry());
    expect(result.current.status).toBe('failed');
    expect(adapter.changePlan).toHaveBeenCalledTimes(1);
  });

  it('a change that needs the bank opens its page, then polls by replaying its key until the bank answered', async () => {
    const openActionUrl = vi.fn();
    const erin = { subscriptionId: 'sub_erin_basic', defaultProductId: 'prod_pro_monthly', openActionUrl, polling: { initialDelayMs: 5, maxDelayMs: 20 } };
    const { adapter, log, result } = setup({ fixture: 'requiresAction', autoCompleteActionMs: null }, erin);
    const keys: string[] = [];
    const changePlan = adapter.changePlan.bind(adapter);
    adapter.changePlan = (request: ChangePlanRequest) => (keys.push(request.idempotencyKey), changePlan(request));
    await quoted(result);
    act(() => result.current.openAction());
    expect(openActionUrl).not.toHaveBeenCalled();
    await act(() => result.current.confirm());
    const actionUrl = result.current.actionUrl ?? '';
    expect(actionUrl).toMatch(/\/action\/pca_/);
    act(() => result.current.openAction());
    expect(openActionUrl).toHaveBeenCalledWith(actionUrl);
    expect(result.current.status).toBe('processing');
    expect(result.current.isBusy).toBe(true);
    await waitFor(() => expect(keys.length).toBeGreaterThanOrEqual(3));
    expect(result.current.status).toBe('processing');
    expect(adapter.charges()).toHaveLength(0);

    act(() => adapter.completeAction(actionUrl.slice(actionUrl.lastIndexOf('/') + 1)));
    await waitFor(() => expect(result.current.status).toBe('succeeded'));
    expect(result.current.result).toMatchObject({ newPlan: { productId: 'prod_pro_monthly' }, chargedToday: result.current.preview?.chargeToday });
    expect(adapter.charges()[0]?.amount).toEqual(result.current.preview?.chargeToday);
    expect(new Set(keys).size).toBe(1);
    expect(adapter.charges()).toHaveLength(1);
    expect(log.types().filter((type) => type === 'plan_change_succeeded')).toHaveLength(1);
    const polls = keys.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(keys.length).toBe(polls);
  });

  it('stops polling at maxAttempts with a retryable in_progress; retry() asks again with the same key', async () => {
    const erin = { subscriptionId: 'sub_erin_basic', defaultProductId: 'prod_pro_monthly', openActionUrl: () => {}, polling: { initialDelayMs: 1, maxDelayMs: 1, maxAttempts: 2 } };
    const { adapter, result } = setup({ fixture: 'requiresAction', autoCompleteActionMs: null }, erin);
    await quoted(result);
    await act(() => result.current.confirm());
    const actionUrl = result.current.actionUrl ?? '';
    act(() => result.current.openAction());
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error).toMatchObject({ code: 'in_progress', retryable: true });
    expect(adapter.calls('changePlan')).toBe(3);

    adapter.completeAction(actionUrl.slice(actionUrl.lastIndexOf('/') + 1), 'failed');
    await act(() => result.current.retry());
    expect(result.current.status).toBe('failed');
    expect(result.current.error).toMatchObject({ code: 'payment_declined', retryable: false });
    expect(adapter.charges()).toHaveLength(0);
  });

  it('unmounting stops the polling (the change itself stays at the backend)', async () => {
    const erin = { subscriptionId: 'sub_erin_basic', defaultProductId: 'prod_pro_monthly', openActionUrl: () => {}, polling: { initialDelayMs: 5, maxDelayMs: 5 } };
    const { adapter, result, unmount } = setup({ fixture: 'requiresAction', autoCompleteActionMs: null }, erin);
    await quoted(result);
    await act(() => result.current.confirm());
    act(() => result.current.openAction());
    await waitFor(() => expect(adapter.calls('changePlan')).toBeGreaterThanOrEqual(2));
    unmount();
    const calls = adapter.calls('changePlan');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(adapter.calls('changePlan')).toBe(calls);
  });
});

function UpgradeButton() {
  const plan = usePlanChange({ ...alice, defaultProductId: 'prod_pro_monthly' });
  return (
    <>
      <p role="status">{plan.status}</p>
      <button {...plan.getConfirmButtonProps({ className: 'host' })}>Upgrade now</button>
    </>
  );
}

describe('usePlanChange: confirm button', () => {
  it('is disabled until quoted, aria-busy while confirming, and confirms on click', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ latencyMs: 25 });
    render(<UpgradeButton />, { wrapper: providerWrapper(adapter) });
    const button = screen.getByRole('button', { name: /upgrade now/i });
    expect(button).toHaveProperty('disabled', true);
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    await user.click(button);
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.getAttribute('data-state')).toBe('confirming');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('succeeded'));
    expect(adapter.calls('changePlan')).toBe(1);
  });
});
