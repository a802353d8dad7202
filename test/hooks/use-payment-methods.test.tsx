import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { usePaymentMethods } from '../../src/hooks/use-payment-methods';
import type { UsePaymentMethodsOptions } from '../../src/hooks/use-payment-methods';
import { createMemoryAdapter } from '../../src/memory/index';
import type { MemoryAdapterOptions } from '../../src/memory/index';
import { makeOffer } from '../core/machines/factories';
import { providerWrapper } from './helpers';

function setup(adapterOptions: MemoryAdapterOptions = {}, options: UsePaymentMethodsOptions = {}, strict = false) {
  const adapter = createMemoryAdapter(adapterOptions);
  const rendered = renderHook((props: UsePaymentMethodsOptions) => usePaymentMethods(props), {
    initialProps: options,
    wrapper: providerWrapper(adapter),
    reactStrictMode: strict,
  });
  return { adapter, ...rendered };
}

describe('usePaymentMethods', () => {
  it('lists Alice’s cards with why each cannot be charged, and picks the most recently used usable one', async () => {
    const { result } = setup({}, {}, true);
    expect(result.current.status).toBe('loading');
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.methods.map((method) => [method.id, method.unusableReason])).toEqual([
      ['pm_visa_4242', null],
      ['pm_mc_3ds_3155', null],
      ['pm_amex_expired_0005', 'expired'],
      ['pm_visa_norecur_1881', 'not_reusable'],
    ]);
    expect(result.current.usableMethods).toHaveLength(2);
    expect(result.current.defaultMethod?.id).toBe('pm_visa_4242');
    expect(result.current.selectedMethod?.id).toBe('pm_visa_4242');
  });

  it('loads once in StrictMode', async () => {
    const { adapter, result } = setup({}, {}, true);
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(adapter.calls('listPaymentMethods')).toBe(1);
  });

  it('judges an Indian RuPay card against a USD offer as a currency mismatch', async () => {
    const { result } = setup({ fixture: 'currencyMismatch' }, { currency: 'USD' });
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.methods).toEqual([expect.objectContaining({ id: 'pm_rupay_in_6011', usable: false, unusableReason: 'currency_mismatch' })]);
    expect(result.current.defaultMethod).toBeNull();
  });

  it('prefers the offer’s suggested method and judges in the offer’s currency', async () => {
    const offer = makeOffer('x', { suggestedPaymentMethodId: 'pm_mc_3ds_3155' });
    const { adapter, result } = setup({}, { offer });
    const spy = vi.spyOn(adapter, 'listPaymentMethods');
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.defaultMethod?.id).toBe('pm_mc_3ds_3155');
    act(() => result.current.reload());
    await waitFor(() => expect(spy).toHaveBeenCalledWith({ currency: 'USD' }, expect.anything()));
  });

  it('lets the customer choose another usable card, and refuses an unusable one (dev warning)', async () => {
    const { result } = setup();
    await waitFor(() => expect(result.current.status).toBe('ready'));
    act(() => result.current.select('pm_mc_3ds_3155'));
    expect(result.current.selectedMethod?.id).toBe('pm_mc_3ds_3155');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    act(() => result.current.select('pm_amex_expired_0005'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('pm_amex_expired_0005'));
    expect(result.current.selectedMethod?.id).toBe('pm_mc_3ds_3155');
    warn.mockRestore();
  });

  it('does nothing while disabled', async () => {
    const { adapter, result } = setup({}, { enabled: false });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(result.current.status).toBe('idle');
    expect(adapter.calls('listPaymentMethods')).toBe(0);
  });

  it('reports a failed load and recovers on reload()', async () => {
    const { result } = setup({ failures: { listPaymentMethods: { code: 'unavailable' } } });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error?.code).toBe('unavailable');
    act(() => result.current.reload());
    await waitFor(() => expect(result.current.status).toBe('ready'));
    expect(result.current.error).toBeNull();
  });
});
