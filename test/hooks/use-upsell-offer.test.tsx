import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { UpsellAdapter } from '../../src/core/adapter';
import type { PurchaseRequest } from '../../src/core/adapter';
import { useUpsellOffer } from '../../src/hooks/use-upsell-offer';
import type { UseUpsellOfferOptions } from '../../src/hooks/use-upsell-offer';
import { createMemoryAdapter } from '../../src/memory/index';
import type { MemoryAdapterOptions } from '../../src/memory/index';
import { eventLog, guardConsole, memoryStorage, providerWrapper } from './helpers';
import type { WrapperOptions } from './helpers';

guardConsole();

const postPurchase: UseUpsellOfferOptions = { placement: 'post_purchase' };

function setup(
  adapterOptions: MemoryAdapterOptions = {},
  hookOptions: UseUpsellOfferOptions = postPurchase,
  wrapperOptions: WrapperOptions = {},
) {
  const adapter = createMemoryAdapter({ autoCompleteActionMs: null, ...adapterOptions });
  const log = eventLog();
  const navigate = vi.fn<(url: string) => void>();
  const openActionUrl = vi.fn<(url: string) => void>();
  const rendered = renderHook((options: UseUpsellOfferOptions) => useUpsellOffer({ navigate, openActionUrl, ...options }), {
    initialProps: hookOptions,
    wrapper: providerWrapper(adapter, { onEvent: log.onEvent, ...wrapperOptions }),
    // RTL's root-level StrictMode is the one that double-invokes effects, as React does in development.
    reactStrictMode: wrapperOptions.strict ?? false,
  });
  return { adapter, log, navigate, openActionUrl, ...rendered };
}

async function ready(result: { current: { status: string } }) {
  await waitFor(() => expect(result.current.status).toBe('ready'));
}

const purchaseKeys = (spy: { mock: { calls: Array<[PurchaseRequest, ...unknown[]]> } }) =>
  spy.mock.calls.map(([request]) => request.idempotencyKey);

describe('useUpsellOffer: showing an offer', () => {
  it('Alice, just after buying, sees the first eligible offer and it is recorded as shown once', async () => {
    const { adapter, log, result, rerender } = setup();
    expect(result.current.status).toBe('loading');
    await ready(result);
    expect(result.current.offer).toMatchObject({ id: 'basic_to_pro', product: { name: 'Pro plan' } });
    expect(result.current.isDownsell).toBe(false);
    rerender(postPurchase);
    rerender(postPurchase);
    await waitFor(() => expect(adapter.events()).toHaveLength(1));
    expect(adapter.events()[0]).toMatchObject({ offerId: 'basic_to_pro', event: 'shown' });
    expect(log.types()).toEqual(['offer_shown']);
  });

  it('in React StrictMode, loads once and records one impression', async () => {
    const { adapter, log, result } = setup({}, postPurchase, { strict: true });
    await ready(result);
    await waitFor(() => expect(adapter.calls('recordOfferEvent')).toBe(1));
    expect(adapter.calls('getOffers')).toBe(1);
    expect(log.types()).toEqual(['offer_shown']);
  });

  it('says empty when the customer has nothing that triggers an offer', async () => {
    // The guide's rules offer nothing at onboarding_done.
    const { result } = setup({ fixture: 'noOffers' }, { placement: 'onboarding_done' });
    await waitFor(() => expect(result.current.status).toBe('empty'));
    expect(result.current.offer).toBeNull();
  });

  it('stays loading while the backend has not answered (loading fixture), and unmounts cleanly', async () => {
    const { result, unmount, adapter } = setup({ fixture: 'loading' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(result.current.status).toBe('loading');
    expect(adapter.calls('getOffers')).toBe(1);
    unmount();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('reaches error when the network is down (networkError fixture) and keeps the code', async () => {
    const { result } = setup({ fixture: 'networkError' });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ code: 'network', retryable: true });
  });

  it('retry() after a load error loads again', async () => {
    const { result, adapter } = setup({ failures: { getOffers: { code: 'unavailable' } } });
    await waitFor(() => expect(result.current.status).toBe('error'));
    await act(() => result.current.retry());
    await ready(result);
    expect(adapter.calls('getOffers')).toBe(2);
  });

  it('skips an offer the customer declined before (decline policy from storage) and shows the next', async () => {
    const storage = memoryStorage({
      'upsell-kit:offer-events': JSON.stringify({ events: [{ offerId: 'basic_to_pro', event: 'declined', at: '2026-11-01T00:00:00.000Z' }] }),
    });
    const { result } = setup({}, postPurchase, { storage });
    await ready(result);
    expect(result.current.offer?.id).toBe('starter_to_bundle');
  });

  it('shows a plan-change offer the backend returns though this browser saw it accepted (the plan changed since); a one-time offer stays hidden', async () => {
    const storage = memoryStorage({
      'upsell-kit:offer-events': JSON.stringify({
        events: [
          { offerId: 'basic_to_pro', event: 'accepted', at: '2026-11-01T00:00:00.000Z' },
          { offerId: 'starter_to_bundle', event: 'accepted', at: '2026-11-01T00:00:00.000Z' },
        ],
      }),
    });
    const plan = setup({}, postPurchase, { storage });
    await ready(plan.result);
    expect(plan.result.current.offer).toMatchObject({ id: 'basic_to_pro', subscriptionId: expect.any(String) });
    plan.unmount();

    const oneTime = setup({}, { ...postPurchase, filter: (offer) => offer.id === 'starter_to_bundle' }, { storage });
    await waitFor(() => expect(oneTime.result.current.status).toBe('empty'));
  });

  it('applies a filter', async () => {
    const { result } = setup({}, { placement: 'post_purchase', filter: (offer) => offer.kind === 'upsell' });
    await ready(result);
    expect(result.current.offer?.id).toBe('starter_to_bundle');
  });

  it('does not load while disabled, then loads when enabled', async () => {
    const { result, adapter, rerender } = setup({}, { placement: 'post_purchase', enabled: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(result.current.status).toBe('idle');
    expect(adapter.calls('getOffers')).toBe(0);
    rerender({ placement: 'post_purchase', enabled: true });
    await ready(result);
  });

  it('aborts the superseded load when the placement changes, and shows the new placement’s offer', async () => {
    const { result, adapter, rerender } = setup({ latencyMs: 20 });
    const spy = vi.spyOn(adapter, 'getOffers');
    rerender({ placement: 'checkout' });
    await ready(result);
    expect(result.current.offer?.placement).toBe('checkout');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(adapter.calls('getOffers')).toBe(2);
  });

  it('reload() asks again', async () => {
    const { result, adapter } = setup();
    await ready(result);
    act(() => result.current.reload());
    await ready(result);
    expect(adapter.calls('getOffers')).toBe(2);
  });
});

describe('useUpsellOffer: one-click purchase', () => {
  it('accepting charges the saved card once and records the acceptance', async () => {
    const { adapter, log, result } = setup();
    await ready(result);
    await act(() => result.current.accept());
    expect(result.current.status).toBe('succeeded');
    expect(result.current.purchase).toMatchObject({ status: 'succeeded', offerId: 'basic_to_pro' });
    expect(adapter.charges()).toEqual([expect.objectContaining({ offerId: 'basic_to_pro', paymentMethodId: 'pm_visa_4242' })]);
    await waitFor(() => expect(adapter.events().map((event) => event.event)).toEqual(['shown', 'accepted']));
    expect(log.types()).toEqual(['offer_shown', 'purchase_started', 'offer_accepted', 'purchase_succeeded']);
  });

  it('a double accept makes one purchase at the adapter', async () => {
    const { adapter, result } = setup();
    await ready(result);
    const spy = vi.spyOn(adapter, 'purchase');
    await act(async () => {
      await Promise.all([result.current.accept(), result.current.accept(), result.current.accept('pm_visa_4242')]);
    });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(adapter.charges()).toHaveLength(1);
    expect(result.current.status).toBe('succeeded');
  });

  it('a purchase started before unmount still completes once, with no warnings and the result recorded', async () => {
    const { adapter, log, result, unmount } = setup({ latencyMs: 15 });
    await ready(result);
    let pending: Promise<void> = Promise.resolve();
    act(() => {
      pending = result.current.accept();
    });
    expect(result.current.status).toBe('confirming');
    unmount();
    await pending;
    expect(adapter.calls('purchase')).toBe(1);
    expect(adapter.charges()).toHaveLength(1);
    expect(log.types()).toContain('purchase_succeeded');
  });

  it('3-D Secure: opens the bank’s page on request, polls with backoff, and succeeds once the bank confirms', async () => {
    const { adapter, log, openActionUrl, result } = setup(
      { fixture: 'requiresAction' },
      { placement: 'post_purchase', polling: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 50 } },
    );
    await ready(result);
    await act(() => result.current.accept());
    expect(result.current.status).toBe('requires_action');
    const actionUrl = result.current.actionUrl;
    expect(actionUrl).toMatch(/\/action\//);
    expect(openActionUrl).not.toHaveBeenCalled();

    act(() => result.current.openAction());
    expect(openActionUrl).toHaveBeenCalledWith(actionUrl);
    expect(result.current.status).toBe('polling');
    await waitFor(() => expect(adapter.calls('getPurchase')).toBeGreaterThanOrEqual(2));
    expect(result.current.status).toBe('polling');

    const purchaseId = result.current.state.status === 'polling' ? result.current.state.purchaseId : '';
    adapter.completeAction(purchaseId, 'succeeded');
    await waitFor(() => expect(result.current.status).toBe('succeeded'));
    expect(adapter.charges()).toHaveLength(1);
    expect(log.types()).toEqual(['offer_shown', 'purchase_started', 'purchase_requires_action', 'offer_accepted', 'purchase_succeeded']);
  });

  it('3-D Secure failed by the bank ends in failed with a fallback checkout', async () => {
    const { adapter, result } = setup({ fixture: 'requiresAction' }, { placement: 'post_purchase', polling: { initialDelayMs: 2 } });
    await ready(result);
    await act(() => result.current.accept());
    act(() => result.current.openAction());
    const purchaseId = result.current.state.status === 'polling' ? result.current.state.purchaseId : '';
    adapter.completeAction(purchaseId, 'failed');
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error?.code).toBe('payment_declined');
    expect(result.current.fallbackCheckoutUrl).toMatch(/\/checkout\//);
  });

  it('gives up polling at the cap, and retry() reuses the key: no second charge', async () => {
    const { adapter, result } = setup(
      { fixture: 'requiresAction' },
      { placement: 'post_purchase', polling: { initialDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 } },
    );
    await ready(result);
    const purchase = vi.spyOn(adapter, 'purchase');
    await act(() => result.current.accept());
    act(() => result.current.openAction());
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(adapter.calls('getPurchase')).toBe(3);
    expect(result.current.error).toMatchObject({ code: 'in_progress', retryable: true });

    await act(() => result.current.retry());
    expect(result.current.status).toBe('requires_action');
    expect(purchase).toHaveBeenCalledTimes(2);
    expect(new Set(purchaseKeys(purchase)).size).toBe(1);
    expect(adapter.charges()).toHaveLength(0);
  });

  it('keeps polling through a dropped poll', async () => {
    const { adapter, result } = setup(
      { fixture: 'requiresAction', failures: { getPurchase: { code: 'network', times: 1 } } },
      { placement: 'post_purchase', polling: { initialDelayMs: 1, maxAttempts: 20 } },
    );
    await ready(result);
    await act(() => result.current.accept());
    act(() => result.current.openAction());
    await waitFor(() => expect(adapter.calls('getPurchase')).toBeGreaterThanOrEqual(2));
    const purchaseId = result.current.state.status === 'polling' ? result.current.state.purchaseId : '';
    adapter.completeAction(purchaseId);
    await waitFor(() => expect(result.current.status).toBe('succeeded'));
  });

  it('fails a poll that the backend refuses outright', async () => {
    const { result } = setup(
      { fixture: 'requiresAction', failures: { getPurchase: { code: 'not_found', times: 1 } } },
      { placement: 'post_purchase', polling: { initialDelayMs: 1 } },
    );
    await ready(result);
    await act(() => result.current.accept());
    act(() => result.current.openAction());
    await waitFor(() => expect(result.current.status).toBe('failed'));
    expect(result.current.error?.code).toBe('not_found');
  });

  it('stops polling on unmount', async () => {
    const { adapter, result, unmount } = setup({ fixture: 'requiresAction' }, { placement: 'post_purchase', polling: { initialDelayMs: 5 } });
    await ready(result);
    await act(() => result.current.accept());
    act(() => result.current.openAction());
    unmount();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(adapter.calls('getPurchase')).toBe(0);
  });

  it('reset() stops polling and goes back to idle', async () => {
    const { adapter, result } = setup({ fixture: 'requiresAction' }, { placement: 'post_purchase', polling: { initialDelayMs: 5 } });
    await ready(result);
    await act(() => result.current.accept());
    act(() => result.current.openAction());
    act(() => result.current.reset());
    expect(result.current.status).toBe('idle');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(adapter.calls('getPurchase')).toBe(0);
  });

  it('openAction() outside requires_action does nothing', async () => {
    const { openActionUrl, result } = setup();
    await ready(result);
    act(() => result.current.openAction());
    expect(openActionUrl).not.toHaveBeenCalled();
    expect(result.current.status).toBe('ready');
  });

  it('opens the bank’s page in a new window by default, cut off from the shop', async () => {
    const adapter = createMemoryAdapter({ fixture: 'requiresAction', autoCompleteActionMs: null });
    const popup = { opener: {} as unknown } as Window;
    const open = vi.spyOn(window, 'open').mockReturnValue(popup);
    const { result } = renderHook(() => useUpsellOffer({ placement: 'post_purchase', polling: { initialDelayMs: 1000 } }), {
      wrapper: providerWrapper(adapter),
    });
    await ready(result);
    await act(() => result.current.accept());
    act(() => result.current.openAction());
    expect(open).toHaveBeenCalledWith(expect.stringMatching(/\/action\//), '_blank');
    expect(popup.opener).toBeNull();
    open.mockRestore();
  });
});

describe('useUpsellOffer: every failure fixture reaches its named state', () => {
  it.each([
    ['cardDeclined', 'payment_declined'],
    ['expiredCard', 'payment_method_unusable'],
    ['noSavedCard', 'payment_method_unusable'],
    ['currencyMismatch', 'payment_method_unusable'],
  ] as const)('%s → failed with %s, and nothing is charged', async (fixture, code) => {
    const { adapter, log, result } = setup({ fixture });
    await ready(result);
    await act(() => result.current.accept());
    expect(result.current.status).toBe('failed');
    expect(result.current.error?.code).toBe(code);
    expect(adapter.charges()).toHaveLength(0);
    expect(log.types()).toEqual(['offer_shown', 'purchase_started', 'offer_failed', 'purchase_failed']);
  });

  it('a declined card is never charged again by retry(); the fallback checkout is offered instead', async () => {
    const { adapter, log, navigate, result } = setup({ fixture: 'cardDeclined' });
    await ready(result);
    await act(() => result.current.accept());
    const fallback = result.current.fallbackCheckoutUrl;
    expect(fallback).toMatch(/\/checkout\//);
    await act(() => result.current.retry());
    expect(adapter.calls('purchase')).toBe(1);
    expect(result.current.status).toBe('failed');

    let url: string | null = null;
    await act(async () => {
      url = await result.current.startCheckout();
    });
    expect(url).toBe(fallback);
    expect(navigate).toHaveBeenCalledWith(fallback);
    expect(result.current.status).toBe('fallback');
    expect(adapter.calls('startCheckout')).toBe(0);
    expect(log.types().at(-1)).toBe('checkout_started');

    // Calling it again (e.g. the redirect was blocked) navigates again without a new transition.
    await act(async () => {
      url = await result.current.startCheckout();
    });
    expect(navigate).toHaveBeenCalledTimes(2);
    expect(log.types().filter((type) => type === 'checkout_started')).toHaveLength(1);
  });

  it('with no fallback URL in the failure, startCheckout() asks the adapter for one', async () => {
    const { adapter, navigate, result } = setup({ fixture: 'expiredCard' });
    await ready(result);
    await act(() => result.current.accept());
    expect(result.current.fallbackCheckoutUrl).toBeNull();
    await act(async () => {
      await result.current.startCheckout();
    });
    expect(adapter.calls('startCheckout')).toBe(1);
    expect(navigate).toHaveBeenCalledWith(expect.stringMatching(/\/checkout\/starter_to_bundle$/));
    expect(result.current.state).toMatchObject({ status: 'fallback', checkoutUrl: expect.stringMatching(/checkout/) });
  });

  it('a checkout that cannot be created ends in failed', async () => {
    const { navigate, result } = setup({ fixture: 'expiredCard', failures: { startCheckout: { code: 'unavailable' } } });
    await ready(result);
    await act(() => result.current.accept());
    let url: string | null = 'unset';
    await act(async () => {
      url = await result.current.startCheckout();
    });
    expect(url).toBeNull();
    expect(navigate).not.toHaveBeenCalled();
    expect(result.current.state).toMatchObject({ status: 'failed', error: { code: 'unavailable' } });
  });

  it('startCheckout() where it makes no sense returns null', async () => {
    const { result } = setup({ fixture: 'noOffers' }, { placement: 'onboarding_done' });
    await waitFor(() => expect(result.current.status).toBe('empty'));
    let url: string | null = 'unset';
    await act(async () => {
      url = await result.current.startCheckout();
    });
    expect(url).toBeNull();
  });

  it('a network failure is retried with the same idempotency key, and charges once', async () => {
    const { adapter, result } = setup({ failures: { purchase: { code: 'network', times: 1 } } });
    await ready(result);
    const purchase = vi.spyOn(adapter, 'purchase');
    await act(() => result.current.accept());
    expect(result.current.state).toMatchObject({ status: 'failed', error: { code: 'network', retryable: true } });
    await act(() => result.current.retry());
    expect(result.current.status).toBe('succeeded');
    expect(result.current.attempt?.tries).toBe(2);
    const keys = purchaseKeys(purchase);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(adapter.charges()).toHaveLength(1);
  });

  it('in_progress (the same intent is still running) is retryable', async () => {
    const { result } = setup({ failures: { purchase: { code: 'in_progress' } } });
    await ready(result);
    await act(() => result.current.accept());
    expect(result.current.error?.code).toBe('in_progress');
    await act(() => result.current.retry());
    expect(result.current.status).toBe('succeeded');
  });

  it('another card after a failure is a new intent with a fresh key', async () => {
    // A one-time offer: a plan change is always charged to the subscription's card.
    const { adapter, result } = setup({}, { placement: 'post_purchase', filter: (offer) => offer.id === 'starter_to_bundle' });
    await ready(result);
    expect(result.current.offer?.kind).toBe('upsell');
    const purchase = vi.spyOn(adapter, 'purchase');
    await act(() => result.current.accept('pm_not_mine'));
    expect(result.current.error?.code).toBe('not_found');
    await act(() => result.current.accept('pm_visa_4242'));
    expect(result.current.status).toBe('succeeded');
    const keys = purchaseKeys(purchase);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('a price change since the offer was shown → failed price_changed; reload shows the new price', async () => {
    const { adapter, result } = setup({}, { placement: 'post_purchase', filter: (offer) => offer.id === 'starter_to_bundle' });
    await ready(result);
    adapter.setProductPrice('prod_complete_bundle', 15900);
    await act(() => result.current.accept());
    expect(result.current.state).toMatchObject({ status: 'failed', error: { code: 'price_changed', retryable: false } });
    expect(adapter.charges()).toHaveLength(0);
    act(() => result.current.reload());
    await ready(result);
    expect(result.current.offer?.price.minor).toBe(15900);
  });

  it('an expired offer → failed offer_expired', async () => {
    let now = new Date('2026-11-28T10:00:00.000Z');
    const { result } = setup({ now: () => now });
    await ready(result);
    now = new Date('2026-11-28T11:00:00.000Z');
    await act(() => result.current.accept());
    expect(result.current.error?.code).toBe('offer_expired');
  });

  it('the same offer bought in another tab → failed already_purchased', async () => {
    const adapter = createMemoryAdapter();
    const wrapper = providerWrapper(adapter);
    const first = renderHook(() => useUpsellOffer(postPurchase), { wrapper });
    const second = renderHook(() => useUpsellOffer(postPurchase), { wrapper });
    await ready(first.result);
    await ready(second.result);
    await act(() => first.result.current.accept());
    // Another tab has its own sessionStorage, so it holds no key for this intent.
    window.sessionStorage.clear();
    await act(() => second.result.current.accept());
    expect(first.result.current.status).toBe('succeeded');
    expect(second.result.current.error?.code).toBe('already_purchased');
    expect(adapter.charges()).toHaveLength(1);
  });

  it('a reload while the accept is in flight sends the same key again, so the customer is charged once', async () => {
    window.sessionStorage.clear();
    const backend = createMemoryAdapter();
    // The network holds each purchase a moment, so the page can reload before the first one lands.
    const adapter: UpsellAdapter = {
      ...backend,
      purchase: async (request, options) => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return backend.purchase(request, options);
      },
    };
    const wrapper = providerWrapper(adapter);
    const beforeReload = renderHook(() => useUpsellOffer(postPurchase), { wrapper });
    await ready(beforeReload.result);
    const offerId = beforeReload.result.current.offer?.id;
    act(() => void beforeReload.result.current.accept());
    beforeReload.unmount();
    // The reloaded page fetches the same offer (a fresh token) and the customer clicks again.
    const afterReload = renderHook(() => useUpsellOffer(postPurchase), { wrapper });
    await ready(afterReload.result);
    expect(afterReload.result.current.offer?.id).toBe(offerId);
    await act(() => afterReload.result.current.accept());
    expect(afterReload.result.current.status).toBe('succeeded');
    expect(backend.charges()).toHaveLength(1);
    expect(backend.calls('purchase')).toBe(2);
  });
});

describe('useUpsellOffer: declining and dismissing', () => {
  it('declining shows the embedded downsell, declining that is done', async () => {
    const { adapter, log, result } = setup({ fixture: 'withDownsell' });
    await ready(result);
    act(() => result.current.decline());
    expect(result.current.status).toBe('ready');
    expect(result.current.isDownsell).toBe(true);
    expect(result.current.offer?.id).toBe('basic_to_plus');
    act(() => result.current.decline());
    expect(result.current.state).toMatchObject({ status: 'done', offer: { id: 'basic_to_plus' } });
    expect(log.types()).toEqual(['offer_shown', 'offer_declined', 'offer_shown', 'offer_declined']);
    await waitFor(() => expect(adapter.calls('recordOfferEvent')).toBe(4));
    await expect(adapter.getOfferStats()).resolves.toContainEqual(expect.objectContaining({ offerId: 'basic_to_pro', declines: 1 }));
  });

  it('skips a downsell the customer already declined', async () => {
    const storage = memoryStorage({
      'upsell-kit:offer-events': JSON.stringify({ events: [{ offerId: 'basic_to_plus', event: 'declined', at: '2026-11-01T00:00:00.000Z' }] }),
    });
    const { result } = setup({}, postPurchase, { storage });
    await ready(result);
    act(() => result.current.decline());
    expect(result.current.status).toBe('done');
  });

  it('the downsell can be bought like any offer', async () => {
    const { adapter, result } = setup();
    await ready(result);
    act(() => result.current.decline());
    await act(() => result.current.accept());
    expect(result.current.state).toMatchObject({ status: 'succeeded', isDownsell: true, offer: { id: 'basic_to_plus' } });
    expect(adapter.charges()).toHaveLength(1);
  });

  it('dismissing records a dismissal; a second dismiss is ignored', async () => {
    const { log, result } = setup();
    await ready(result);
    act(() => result.current.dismiss());
    act(() => result.current.dismiss());
    expect(result.current.state).toMatchObject({ status: 'dismissed', offer: { id: 'basic_to_pro' } });
    expect(log.types()).toEqual(['offer_shown', 'offer_dismissed']);
  });

  it('decline outside ready does nothing', async () => {
    const { log, result } = setup({ fixture: 'noOffers' }, { placement: 'onboarding_done' });
    await waitFor(() => expect(result.current.status).toBe('empty'));
    act(() => result.current.decline());
    expect(result.current.status).toBe('empty');
    expect(log.types()).toEqual([]);
  });
});

describe('useUpsellOffer: stateReducer escape hatch', () => {
  it('a host can veto a transition', async () => {
    const { log, result } = setup(
      {},
      { placement: 'post_purchase', stateReducer: (state, { event, changes }) => (event.type === 'DECLINE' ? state : changes) },
    );
    await ready(result);
    act(() => result.current.decline());
    expect(result.current.status).toBe('ready');
    expect(log.types()).toEqual(['offer_shown']);
  });

  it('a host can change where a transition goes (skip the downsell)', async () => {
    const { result } = setup(
      {},
      {
        placement: 'post_purchase',
        stateReducer: (_state, { event, changes }) =>
          event.type === 'SHOW_DOWNSELL' && changes.status === 'ready' ? { status: 'done', offer: changes.offer } : changes,
      },
    );
    await ready(result);
    act(() => result.current.decline());
    expect(result.current.state).toMatchObject({ status: 'done', offer: { id: 'basic_to_plus' } });
  });

  it('a vetoed accept sends nothing to the adapter', async () => {
    const { adapter, result } = setup(
      {},
      { placement: 'post_purchase', stateReducer: (state, { event, changes }) => (event.type === 'ACCEPT' ? state : changes) },
    );
    await ready(result);
    await act(() => result.current.accept());
    expect(adapter.calls('purchase')).toBe(0);
  });

  it('a vetoed checkout URL is not navigated to', async () => {
    const { navigate, result } = setup(
      {},
      { placement: 'post_purchase', stateReducer: (state, { event, changes }) => (event.type === 'CHECKOUT_READY' ? state : changes) },
    );
    await ready(result);
    await act(async () => {
      await result.current.startCheckout();
    });
    expect(navigate).not.toHaveBeenCalled();
  });
});

function OfferCard({ onAcceptClick, onDeclineClick }: { onAcceptClick?: (event: React.MouseEvent) => void; onDeclineClick?: () => void }) {
  const offer = useUpsellOffer({ placement: 'post_purchase' });
  if (offer.status === 'idle' || offer.status === 'loading') return <p>Loading…</p>;
  return (
    <section aria-label={offer.offer?.product.name ?? 'offer'}>
      <p role="status">{offer.status}</p>
      <button {...offer.getAcceptButtonProps({ onClick: onAcceptClick, className: 'host-accept' })}>Add to my order</button>
      <button {...offer.getDeclineButtonProps({ onClick: onDeclineClick })}>No thanks</button>
    </section>
  );
}

describe('useUpsellOffer: prop getters', () => {
  it('the accept button runs the host’s handler first, then buys; it is disabled and aria-busy while confirming', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ latencyMs: 30 });
    const order: string[] = [];
    render(<OfferCard onAcceptClick={() => order.push('host')} />, {
      wrapper: providerWrapper(adapter, { onEvent: (event) => order.push(event.type) }),
    });
    const accept = await screen.findByRole('button', { name: /add to my order/i });
    expect(accept).toHaveProperty('className', 'host-accept');
    expect(accept.getAttribute('aria-busy')).toBe('false');
    expect(accept.getAttribute('type')).toBe('button');
    await user.click(accept);
    expect(order).toEqual(['offer_shown', 'host', 'purchase_started']);
    expect(accept.getAttribute('aria-busy')).toBe('true');
    expect(accept).toHaveProperty('disabled', true);
    expect(accept.getAttribute('data-state')).toBe('confirming');
    expect(screen.getByRole('button', { name: /no thanks/i })).toHaveProperty('disabled', true);
    await user.dblClick(accept);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('succeeded'));
    expect(accept.getAttribute('aria-busy')).toBe('false');
    expect(adapter.calls('purchase')).toBe(1);
  });

  it('a host handler that calls preventDefault() keeps the kit from acting', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter();
    render(<OfferCard onAcceptClick={(event) => event.preventDefault()} />, { wrapper: providerWrapper(adapter) });
    await user.click(await screen.findByRole('button', { name: /add to my order/i }));
    expect(adapter.calls('purchase')).toBe(0);
    expect(screen.getByRole('status').textContent).toBe('ready');
  });

  it('the decline button runs the host’s handler, then moves to the downsell', async () => {
    const user = userEvent.setup();
    const onDeclineClick = vi.fn();
    render(<OfferCard onDeclineClick={onDeclineClick} />, { wrapper: providerWrapper(createMemoryAdapter()) });
    await user.click(await screen.findByRole('button', { name: /no thanks/i }));
    expect(onDeclineClick).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('region', { name: 'Plus plan' })).toBeTruthy();
  });
});

describe('useUpsellOffer: a host adapter that misbehaves', () => {
  it('a non-UpsellError throw counts as a retryable network failure', async () => {
    const adapter = createMemoryAdapter();
    const hostAdapter: UpsellAdapter = {
      ...adapter,
      purchase: () => Promise.reject(new TypeError('Failed to fetch')),
    };
    const { result } = renderHook(() => useUpsellOffer(postPurchase), { wrapper: providerWrapper(hostAdapter) });
    await ready(result);
    await act(() => result.current.accept());
    expect(result.current.error).toMatchObject({ code: 'network', retryable: true });
  });

  it('a processing answer is polled until it settles', async () => {
    const adapter = createMemoryAdapter();
    let polls = 0;
    const hostAdapter: UpsellAdapter = {
      ...adapter,
      purchase: async () => ({ status: 'processing', purchaseId: 'pur_x', offerId: 'basic_to_pro' }),
      getPurchase: async () => {
        polls += 1;
        return polls < 2
          ? { status: 'processing', purchaseId: 'pur_x', offerId: 'basic_to_pro' }
          : { status: 'succeeded', purchaseId: 'pur_x', offerId: 'basic_to_pro', amount: { minor: 100, currency: 'USD' }, paymentId: null };
      },
    };
    const { result } = renderHook(() => useUpsellOffer({ ...postPurchase, polling: { initialDelayMs: 1 } }), {
      wrapper: providerWrapper(hostAdapter),
    });
    await ready(result);
    await act(() => result.current.accept());
    expect(result.current.status).toBe('succeeded');
    expect(polls).toBe(2);
  });

  it('a failing recordOfferEvent never breaks the offer (a dev warning only)', async () => {
    const adapter = createMemoryAdapter({ failures: { recordOfferEvent: { code: 'unavailable' } } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { result } = renderHook(() => useUpsellOffer(postPurchase), { wrapper: providerWrapper(adapter) });
    await ready(result);
    await waitFor(() => expect(warn).toHaveBeenCalledWith('upsell-kit: recordOfferEvent failed', expect.anything()));
    warn.mockClear();
    await act(() => result.current.accept());
    expect(result.current.status).toBe('succeeded');
    warn.mockRestore();
  });
});
