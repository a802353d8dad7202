// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DeclineInsights, DeclineTracker } from '../../src/components/DeclineTracker/index';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import { createMemoryAdapter } from '../../src/memory/index';
import { trapBrowserGlobalsPerTest } from '../support/server-render';

/** Turns every browser global into a trap that records who reached for it (`window.open` is not trapped here). */
const trapBrowserGlobals = trapBrowserGlobalsPerTest({ globals: ['window', 'document', 'localStorage', 'sessionStorage', 'location'] });

describe('DeclineTracker on the server', () => {
  it('renders nothing for an offer the policy would allow: storage is unknown until mount', () => {
    const touched = trapBrowserGlobals();
    const html = renderToString(
      <UpsellProvider adapter={createMemoryAdapter()}>
        <DeclineTracker offerId="single_to_team">
          <p>Team license offer</p>
        </DeclineTracker>
      </UpsellProvider>,
    );
    expect(html).toBe('');
    expect(touched).toEqual([]);
  });

  it('renders the fallback (a function gets ready=false)', () => {
    const touched = trapBrowserGlobals();
    const html = renderToString(
      <UpsellProvider adapter={createMemoryAdapter()}>
        <DeclineTracker offerId="single_to_team" fallback={(state) => <p>{`placeholder ready=${String(state.ready)}`}</p>}>
          <p>Team license offer</p>
        </DeclineTracker>
      </UpsellProvider>,
    );
    expect(html).toBe('<p>placeholder ready=false</p>');
    expect(touched).toEqual([]);
  });

  it('DeclineInsights renders its loading state without reaching for the browser', () => {
    const touched = trapBrowserGlobals();
    const html = renderToString(
      <UpsellProvider adapter={createMemoryAdapter({ fixture: 'withHistory' })}>
        <DeclineInsights />
      </UpsellProvider>,
    );
    expect(html).toContain('data-state="loading"');
    expect(html).toContain('Loading…');
    expect(html).not.toContain('<table');
    expect(touched).toEqual([]);
  });
});
