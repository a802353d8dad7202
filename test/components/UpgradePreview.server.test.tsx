// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { UpgradePreview } from '../../src/components/UpgradePreview/index';
import type { Offer } from '../../src/core/types';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { createMemoryAdapter } from '../../src/memory/index';
import { trapBrowserGlobalsPerTest } from '../support/server-render';

/** Turns every browser global into a trap that records who reached for it. */
const trapBrowserGlobals = trapBrowserGlobalsPerTest();

describe('UpgradePreview on the server', () => {
  it('renders the loading state while its plans would load after mount', () => {
    const touched = trapBrowserGlobals();
    const html = renderToString(
      <UpsellProvider adapter={createMemoryAdapter()}>
        <UpgradePreview subscriptionId="sub_alice_basic" />
      </UpsellProvider>,
    );
    expect(html).toContain('data-state="loading"');
    expect(html).toContain('Loading…');
    expect(touched).toEqual([]);
  });

  it('with plans given, renders the picker with the chosen plan and a calculating status', async () => {
    const adapter = createMemoryAdapter();
    const offers: Offer[] = await adapter.getOffers({ placement: 'account' });
    const touched = trapBrowserGlobals();
    const html = renderToString(
      <UpsellProvider adapter={adapter}>
        <UpgradePreview subscriptionId="sub_alice_basic" offers={offers} defaultProductId="prod_pro_monthly" />
      </UpsellProvider>,
    );
    expect(html).toContain('Choose your new plan');
    expect(html).toMatch(/data-state="checked"[^>]*><input[^>]*checked=""[^>]*value="prod_pro_monthly"/);
    expect(html).toContain('Calculating…');
    expect(html).toContain('Confirm upgrade');
    expect(touched).toEqual([]);
    expect(adapter.calls('previewPlanChange')).toBe(0);
  });
});
