// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { useCrossSell } from '../../src/hooks/use-cross-sell';
import { useDeclineTracker } from '../../src/hooks/use-decline-tracker';
import { usePaymentMethods } from '../../src/hooks/use-payment-methods';
import { usePlanChange } from '../../src/hooks/use-plan-change';
import { useUpsellOffer } from '../../src/hooks/use-upsell-offer';
import { createMemoryAdapter } from '../../src/memory/index';
import { trapBrowserGlobalsPerTest } from '../support/server-render';

/** Turns every browser global into a trap that records who reached for it. */
const trapBrowserGlobals = trapBrowserGlobalsPerTest();

function Shop() {
  const offer = useUpsellOffer({ placement: 'post_purchase' });
  const plan = usePlanChange({ subscriptionId: 'sub_alice_basic', defaultProductId: 'prod_pro_monthly' });
  const cross = useCrossSell({ productId: 'prod_priority_support' });
  const methods = usePaymentMethods();
  const tracker = useDeclineTracker('starter_to_bundle');
  return (
    <main>
      <button {...offer.getAcceptButtonProps()}>Add to my order</button>
      <button {...offer.getDeclineButtonProps()}>No thanks</button>
      <button {...plan.getConfirmButtonProps()}>Upgrade now</button>
      <button {...cross.getAddButtonProps()}>Add support</button>
      <p>{`${methods.status} ${tracker.ready} ${tracker.shouldShow}`}</p>
    </main>
  );
}

describe('server rendering', () => {
  it('renderToString touches no window, document or storage, and calls no adapter method', () => {
    const adapter = createMemoryAdapter();
    const touched = trapBrowserGlobals();
    const error = vi.spyOn(console, 'error');
    const html = renderToString(
      <UpsellProvider adapter={adapter}>
        <Shop />
      </UpsellProvider>,
    );
    expect(touched).toEqual([]);
    expect(adapter.calls()).toBe(0);
    expect(error).not.toHaveBeenCalled();
    expect(html).toContain('data-state="idle"');
    expect(html).toContain('aria-busy="false"');
    expect(html).toContain('idle false false');
    error.mockRestore();
  });
});
