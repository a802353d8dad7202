// @vitest-environment node
/** Server rendering: the modal and the card render on the server without touching browser globals. */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CrossSellCard, UpsellModal } from '../../src/components/index';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { createMemoryAdapter } from '../../src/memory/index';
import { trapBrowserGlobalsPerTest } from '../support/server-render';

/**
 * Records which browser globals the kit's own code (src/) reads while rendering. Reads from
 * dependencies are left out: Radix's Primitive guards with `typeof window`, which is safe.
 */
const trapBrowserGlobals = trapBrowserGlobalsPerTest({ readersIn: '/src/' });

describe('UpsellModal and CrossSellCard on the server', () => {
  it('the modal renders closed (its trigger only) and reads no browser global', () => {
    const touched = trapBrowserGlobals();
    const html = renderToString(
      <UpsellProvider adapter={createMemoryAdapter()}>
        <UpsellModal placement="post_purchase" trigger={<button type="button">See your offer</button>} />
      </UpsellProvider>,
    );
    expect(html).toContain('aria-haspopup="dialog"');
    expect(html).toContain('See your offer');
    expect(html).not.toContain('role="dialog"');
    expect(touched).toEqual([]);
  });

  it('the card renders its loading state and reads no browser global', () => {
    const touched = trapBrowserGlobals();
    const html = renderToString(
      <UpsellProvider adapter={createMemoryAdapter()}>
        <CrossSellCard productId="prod_priority_support" />
      </UpsellProvider>,
    );
    expect(html).toContain('class="uk-root uk-cross-sell-card"');
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain('Loading…');
    expect(touched).toEqual([]);
  });
});
