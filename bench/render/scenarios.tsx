/**
 * Render cost of `UpsellModal` in jsdom, and the browser requests of one accept through the
 * real hook + HTTP adapter. Imported only after `installDom()` (see child.ts).
 *
 * No `act()`: React runs on its real scheduler, as in a browser, so "interactive" is observed
 * the moment it happens (a MutationObserver for time, `<Profiler onRender>` for commits).
 */
import { createElement, Profiler } from 'react';
import type { ProfilerOnRenderCallback, ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpAdapter } from '../../src/client/index';
import type { UpsellAdapter } from '../../src/core/adapter';
import { UpsellModal } from '../../src/components/UpsellModal/index';
import { UpsellProvider } from '../../src/hooks/index';
import { createMemoryAdapter } from '../../src/memory/index';
import { createDodoSandbox, PM_VISA_4242, PROD_STARTER_COURSE } from '../../src/sandbox/index';
import { GUIDE_OFFER_RULES, toNodeListener } from '../../src/server/index';
import { benchCustomerId, createBenchSeed } from '../lib/bench-seed';
import { buyAtDodo, createKitHandler, serve, SESSION_HEADER, SHOP_ORIGIN } from '../lib/kit-stack';
import { median, percentile, round } from '../lib/stats';

/** Whether the one-click accept button is on screen and usable. */
function acceptState(): 'absent' | 'disabled' | 'enabled' {
  const button = document.querySelector('[data-slot="accept"]');
  if (!button) return 'absent';
  return button.hasAttribute('disabled') || button.getAttribute('aria-disabled') === 'true' ? 'disabled' : 'enabled';
}

const tick = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `test()` holds after a DOM change (or at once), with the time it first held; rejects after `timeoutMs`. */
function whenDom(test: () => boolean, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    if (test()) {
      resolve(performance.now());
      return;
    }
    const observer = new MutationObserver(() => {
      if (!test()) return;
      const at = performance.now();
      observer.disconnect();
      clearTimeout(timer);
      resolve(at);
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`timed out waiting for the DOM (accept: ${acceptState()})`));
    }, timeoutMs);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Figures of the render benchmark. */
export interface RenderFigures {
  mode: string;
  mounts: number;
  offerShown: string | null;
  /** Median ms from `root.render()` to the accept button being usable. */
  medianMountMs: number;
  p90MountMs: number;
  /** Median React commits per mount until quiet (null in production: onRender does not run there). */
  medianCommits: number | null;
  /** Median commits from the offer's arrival (state → ready) to the interactive commit, inclusive (null in production). */
  medianCommitsArrivalToInteractive: number | null;
  /** One mount's commit trail (phase + what the DOM showed), for the report. */
  trail: string[];
}

/** Mounts `<UpsellModal>` inside `<UpsellProvider>` with a fresh memory adapter (happyPath) `mounts` times. */
export async function measureRenders(mounts: number, mode: string): Promise<RenderFigures> {
  const profiling = mode !== 'production';
  const times: number[] = [];
  const commitCounts: number[] = [];
  const arrivalToInteractive: number[] = [];
  let trail: string[] = [];
  let offerShown: string | null = null;

  for (let i = 0; i < mounts; i += 1) {
    const adapter = createMemoryAdapter({ fixture: 'happyPath' });
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);

    const commits: string[] = [];
    let arrivalIndex: number | null = null;
    let interactiveIndex: number | null = null;
    const onRender: ProfilerOnRenderCallback = (_id, phase) => {
      const accept = acceptState();
      if (interactiveIndex === null && accept === 'enabled') interactiveIndex = commits.length;
      const dialog = document.querySelector('[role="dialog"]') ? 'open' : 'closed';
      commits.push(`${phase}: dialog ${dialog}, accept ${accept}`);
    };
    const onEvent = (event: { type: string; offerId?: string }): void => {
      // Emitted by the state machine as the offer arrives (loading → ready), before its commit.
      if (event.type === 'offer_shown' && arrivalIndex === null) {
        arrivalIndex = commits.length;
        offerShown = event.offerId ?? null;
      }
    };
    const tree: ReactNode = createElement(
      UpsellProvider,
      { adapter, storage: null, onEvent },
      createElement(UpsellModal, { placement: 'post_purchase' }),
    );
    const interactive = whenDom(() => acceptState() === 'enabled');
    const t0 = performance.now();
    root.render(profiling ? createElement(Profiler, { id: 'upsell', onRender }, tree) : tree);
    const at = await interactive;
    times.push(at - t0);
    // Let the mount settle (no commit for 20 ms) before counting its commits; without the
    // Profiler (production) there is nothing to count, so only let pending effects run.
    let seen = -1;
    while (profiling && seen !== commits.length) {
      seen = commits.length;
      await tick(20);
    }
    if (!profiling) await tick(5);
    if (profiling) {
      commitCounts.push(commits.length);
      if (arrivalIndex !== null && interactiveIndex !== null) arrivalToInteractive.push(interactiveIndex - arrivalIndex + 1);
      if (i === 0) trail = commits.map((entry, index) => `${index === arrivalIndex ? '→ data ' : ''}${entry}`);
    }
    root.unmount();
    container.remove();
    document.body.innerHTML = '';
  }
  return {
    mode,
    mounts,
    offerShown,
    medianMountMs: round(median(times), 3),
    p90MountMs: round(percentile(times, 90), 3),
    medianCommits: profiling ? median(commitCounts) : null,
    medianCommitsArrivalToInteractive: profiling ? median(arrivalToInteractive) : null,
    trail,
  };
}

/** The requests the browser sent to the handler, by step. */
export interface AcceptTrip {
  /** Requests while showing the offer (mount → interactive). */
  show: string[];
  /** Requests from the click until the purchase is final on screen. */
  accept: string[];
  /** Requests on the critical path of the accept (everything but fire-and-forget analytics). */
  blocking: number;
  /** Fire-and-forget requests in the accept step (`POST /events`). */
  background: number;
  /** How the purchase ended on screen. */
  outcome: string;
}

/** Shows and accepts one real offer through `UpsellModal` + `createHttpAdapter` against the kit's handler and the sandbox. */
export async function measureAcceptTrip(): Promise<AcceptTrip> {
  const sandbox = await createDodoSandbox({ port: 0, seed: createBenchSeed({ trip: 1 }) });
  const handler = createKitHandler(sandbox, { offers: GUIDE_OFFER_RULES });
  const listener = toNodeListener(handler);
  const log: Array<{ at: number; what: string }> = [];
  const server = await serve((req, res) => {
    // Only the browser's requests: Dodo's webhooks to the same handler are not round trips of the page.
    if (req.headers['webhook-id'] === undefined) log.push({ at: performance.now(), what: `${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`.replace('/api/upsell', '') });
    listener(req, res);
  });
  sandbox.webhooks.setUrl(`${server.url}/api/upsell/webhooks`);
  const customerId = benchCustomerId('trip', 0);
  await buyAtDodo(sandbox, customerId, PROD_STARTER_COURSE, PM_VISA_4242);
  log.length = 0;

  const adapter: UpsellAdapter = createHttpAdapter({ baseUrl: `${server.url}/api/upsell`, headers: { [SESSION_HEADER]: customerId, origin: SHOP_ORIGIN } });
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  try {
    const interactive = whenDom(() => acceptState() === 'enabled');
    root.render(createElement(UpsellProvider, { adapter, storage: null }, createElement(UpsellModal, { placement: 'post_purchase' })));
    await interactive;
    await tick(100);
    const show = log.splice(0).map((entry) => entry.what);
    const done = whenDom(() => document.querySelector('[data-slot="done"]') !== null || document.querySelector('[data-slot="retry"]') !== null);
    (document.querySelector('[data-slot="accept"]') as HTMLButtonElement).click();
    await done;
    await tick(300);
    await sandbox.webhooks.flush();
    const accept = log.splice(0).map((entry) => entry.what);
    const background = accept.filter((what) => what === 'POST /events').length;
    return {
      show,
      accept,
      blocking: accept.length - background,
      background,
      outcome: document.querySelector('[data-slot="done"]') ? 'succeeded on screen' : 'failed on screen',
    };
  } finally {
    root.unmount();
    container.remove();
    await server.close();
    await sandbox.close();
  }
}
