import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { UpsellAdapter } from '../../src/core/adapter';
import { useCrossSell } from '../../src/hooks/use-cross-sell';
import type { UseCrossSellOptions } from '../../src/hooks/use-cross-sell';
import { createMemoryAdapter } from '../../src/memory/index';
import type { MemoryAdapterOptions } from '../../src/memory/index';
import { guardConsole, providerWrapper } from './helpers';

guardConsole();

function setup(adapterOptions: MemoryAdapterOptions, options: UseCrossSellOptions) {
  const adapter = createMemoryAdapter(adapterOptions);
  const navigate = vi.fn<(url: string) => void>();
  const rendered = renderHook((props: UseCrossSellOptions) => useCrossSell({ navigate, ...props }), {
    initialProps: options,
    wrapper: providerWrapper(adapter),
  });
  return { adapter, navigate, ...rendered };
}

async function settled(result: { current: { status: string; paymentMethods: { status: string } } }) {
  await waitFor(() => {
    expect(result.current.status).toBe('ready');
    expect(['ready', 'error']).toContain(result.current.paymentMethods.status);
  });
}

describe('useCrossSell', () => {
  it('adds priority support one-click with Alice’s saved Visa', async () => {
    const { adapter, result } = setup({}, { productId: 'prod_priority_support' });
    await settled(result);
    expect(result.current.offer?.product.id).toBe('prod_priority_support');
    expect(result.current.canOneClick).toBe(true);
    expect(result.current.paymentMethod?.id).toBe('pm_visa_4242');
    await act(() => result.current.add());
    expect(result.current.status).toBe('succeeded');
    expect(adapter.charges()).toEqual([expect.objectContaining({ paymentMethodId: 'pm_visa_4242' })]);
    expect(adapter.calls('startCheckout')).toBe(0);
  });

  it('Dave has no saved card: add() redirects to a normal checkout instead', async () => {
    const { adapter, navigate, result } = setup({ fixture: 'noSavedCard' }, { placement: 'checkout' });
    await settled(result);
    expect(result.current.paymentMethods.methods).toEqual([]);
    expect(result.current.canOneClick).toBe(false);
    await act(() => result.current.add());
    expect(adapter.calls('purchase')).toBe(0);
    expect(navigate).toHaveBeenCalledWith(expect.stringMatching(/\/checkout\/cross_priority_support$/));
    expect(result.current.status).toBe('fallback');
  });

  it('Carol’s only card expired: the card is shown as unusable and add() goes to checkout', async () => {
    const { navigate, result } = setup({ fixture: 'expiredCard' }, { productId: 'prod_priority_support' });
    await settled(result);
    expect(result.current.paymentMethods.methods).toEqual([expect.objectContaining({ usable: false, unusableReason: 'expired' })]);
    await act(() => result.current.add());
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('by placement, shows the first cross-sell and skips other kinds', async () => {
    const base = createMemoryAdapter();
    // A backend that answers upsells and cross-sells at one placement.
    const adapter: UpsellAdapter = {
      ...base,
      getOffers: async (request, options) => [
        ...(await base.getOffers({ placement: 'post_purchase' }, options)),
        ...(await base.getOffers(request, options)),
      ],
    };
    const { result } = renderHook(() => useCrossSell({ placement: 'checkout' }), { wrapper: providerWrapper(adapter) });
    await settled(result);
    expect(result.current.offer).toMatchObject({ id: 'cross_priority_support', kind: 'cross_sell' });
  });

  it('a product that is not offered leaves it empty', async () => {
    const { result } = setup({}, { productId: 'prod_no_such_thing' });
    await waitFor(() => expect(result.current.status).toBe('empty'));
    expect(result.current.paymentMethods.status).toBe('idle');
  });

  it('another product id loads again', async () => {
    const { adapter, result, rerender } = setup({}, { productId: 'prod_priority_support' });
    await settled(result);
    rerender({ productId: 'prod_templates_pack' });
    await waitFor(() => expect(result.current.offer?.product.id).toBe('prod_templates_pack'));
    expect(adapter.calls('getOffers')).toBe(2);
  });

  it('the add button waits for the saved cards, then adds on click', async () => {
    const user = userEvent.setup();
    const adapter = createMemoryAdapter({ latencyMs: 15 });
    function AddSupport() {
      const cross = useCrossSell({ productId: 'prod_priority_support' });
      return (
        <>
          <p role="status">{cross.status}</p>
          <button {...cross.getAddButtonProps()}>Add priority support</button>
        </>
      );
    }
    render(<AddSupport />, { wrapper: providerWrapper(adapter) });
    const button = screen.getByRole('button', { name: /add priority support/i });
    expect(button).toHaveProperty('disabled', true);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('ready'));
    expect(button).toHaveProperty('disabled', true);
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    await user.click(button);
    expect(button.getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('succeeded'));
    expect(adapter.charges()).toHaveLength(1);
  });
});
