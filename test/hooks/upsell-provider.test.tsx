import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_DECLINE_POLICY } from '../../src/core/decline-policy';
import { useFormatters } from '../../src/components/shared/use-formatters';
import { useCrossSell } from '../../src/hooks/use-cross-sell';
import { useDeclineTracker } from '../../src/hooks/use-decline-tracker';
import { usePaymentMethods } from '../../src/hooks/use-payment-methods';
import { usePlanChange } from '../../src/hooks/use-plan-change';
import { useUpsellContext } from '../../src/hooks/use-upsell-context';
import { useUpsellOffer } from '../../src/hooks/use-upsell-offer';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import type { UpsellAnalyticsEvent } from '../../src/hooks/upsell-event';
import * as entry from '../../src/index';
import { createMemoryAdapter } from '../../src/memory/index';
import { providerWrapper } from './helpers';

function outsideProvider(hook: () => unknown): unknown {
  // React reports the render error on the console as well; keep the output quiet.
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const onWindowError = (event: ErrorEvent) => event.preventDefault();
  window.addEventListener('error', onWindowError);
  try {
    renderHook(hook);
    return null;
  } catch (caught) {
    return caught;
  } finally {
    window.removeEventListener('error', onWindowError);
    error.mockRestore();
  }
}

describe('UpsellProvider', () => {
  it.each([
    ['useUpsellOffer', () => useUpsellOffer({ placement: 'post_purchase' })],
    ['usePlanChange', () => usePlanChange({ subscriptionId: 'sub_1' })],
    ['useCrossSell', () => useCrossSell({ productId: 'prod_1' })],
    ['usePaymentMethods', () => usePaymentMethods()],
    ['useDeclineTracker', () => useDeclineTracker('offer')],
    ['useUpsellContext', () => useUpsellContext()],
  ])('%s outside the provider throws an error naming the hook and the provider', (name, hook) => {
    const error = outsideProvider(hook);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`${name} must be used inside <UpsellProvider>`);
  });

  it('shares the adapter, an en-US locale, the host’s message overrides, and the merged decline policy', () => {
    const adapter = createMemoryAdapter();
    const { result } = renderHook(() => useUpsellContext(), {
      wrapper: providerWrapper(adapter, { messages: { 'offer.accept': 'Yes, add it' }, declinePolicy: { maxImpressions: 5 } }),
    });
    expect(result.current.adapter).toBe(adapter);
    expect(result.current.locale).toBe('en-US');
    // Only the overrides: the English catalog is resolved by the components (useFormatters), not the provider.
    expect(result.current.messages).toEqual({ 'offer.accept': 'Yes, add it' });
    expect(result.current.declinePolicy).toEqual({ ...DEFAULT_DECLINE_POLICY, maxImpressions: 5 });
  });

  it('gives no overrides as an empty object', () => {
    const { result } = renderHook(() => useUpsellContext(), { wrapper: providerWrapper(createMemoryAdapter()) });
    expect(result.current.messages).toEqual({});
  });

  it('components translate English with the provider’s overrides on top (useFormatters)', () => {
    const { result } = renderHook(() => useFormatters('Probe'), {
      wrapper: providerWrapper(createMemoryAdapter(), { locale: 'hi-IN', messages: { 'offer.accept': 'हाँ' } }),
    });
    expect(result.current.t('offer.accept')).toBe('हाँ');
    expect(result.current.t('offer.decline')).toBe('No thanks');
    expect(result.current.price({ minor: 3000, currency: 'USD' }, 'month')).toBe(`${result.current.money({ minor: 3000, currency: 'USD' })}/month`);
  });

  it('keeps the context value stable across re-renders with inline props', () => {
    const adapter = createMemoryAdapter();
    const values: unknown[] = [];
    function Probe() {
      values.push(useUpsellContext());
      return null;
    }
    const tree = (n: number) => (
      <UpsellProvider adapter={adapter} locale="hi-IN" messages={{ 'offer.accept': 'हाँ' }} declinePolicy={{ cooldownDays: 7 }} onEvent={() => n}>
        <Probe />
      </UpsellProvider>
    );
    const { rerender } = render(tree(1));
    rerender(tree(2));
    expect(values).toHaveLength(2);
    expect(values[0]).toBe(values[1]);
  });

  it('warns in development when the storage object changes between renders', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const adapter = createMemoryAdapter();
    const storage = () => ({ getItem: () => null, setItem: () => undefined });
    const { rerender } = render(<UpsellProvider adapter={adapter} storage={storage()} />);
    expect(warn).not.toHaveBeenCalled();
    rerender(<UpsellProvider adapter={adapter} storage={storage()} />);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('pass a stable storage object'));
    warn.mockRestore();
  });

  it('sends analytics to the latest onEvent callback', async () => {
    const adapter = createMemoryAdapter();
    const first = vi.fn();
    const second = vi.fn();
    function Offer() {
      const offer = useUpsellOffer({ placement: 'post_purchase' });
      return <button onClick={() => offer.dismiss()}>{offer.status}</button>;
    }
    const { rerender } = render(
      <UpsellProvider adapter={adapter} storage={null} onEvent={first}>
        <Offer />
      </UpsellProvider>,
    );
    await screen.findByText('ready');
    rerender(
      <UpsellProvider adapter={adapter} storage={null} onEvent={second}>
        <Offer />
      </UpsellProvider>,
    );
    act(() => screen.getByRole('button').click());
    expect(first).toHaveBeenCalledWith(expect.objectContaining({ type: 'offer_shown' }));
    expect(second).toHaveBeenCalledWith(expect.objectContaining({ type: 'offer_dismissed' }));
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('an onEvent that throws never breaks a purchase (logged in development)', async () => {
    const adapter = createMemoryAdapter();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const onEvent = (event: UpsellAnalyticsEvent) => {
      throw new Error(`analytics down: ${event.type}`);
    };
    const { result } = renderHook(() => useUpsellOffer({ placement: 'post_purchase' }), { wrapper: providerWrapper(adapter, { onEvent }) });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    await act(() => result.current.accept());
    expect(result.current.status).toBe('succeeded');
    expect(adapter.charges()).toHaveLength(1);
    expect(error).toHaveBeenCalledWith('upsell-kit: onEvent threw', expect.any(Error));
    error.mockRestore();
  });

  it('the package entry exports the provider and every hook', () => {
    expect(Object.keys(entry)).toEqual(
      expect.arrayContaining([
        'UpsellProvider', 'useUpsellContext', 'usePaymentMethods', 'useUpsellOffer', 'usePlanChange', 'useCrossSell',
        'useDeclineTracker', 'offerReducer', 'planChangeReducer', 'initialOfferState', 'toUpsellErrorInfo',
      ]),
    );
  });
});
