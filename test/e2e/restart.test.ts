/**
 * Issue 7's promise for `npm start`: the demo restarted twice keeps a purchase, a decline and
 * the insights numbers, because its store is PGlite on disk (createStoreFromEnv), not memory.
 * Drives the demo's own HTTP API as the browser would (session cookie, same-origin POSTs).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../examples/demo/server';

const SECRET = 'restart-test-session-secret-0123456789';
let dataDir = '';

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('the demo keeps its records across restarts', () => {
  it('still knows Alice’s purchase, her decline and the insights after two restarts', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'upsell-demo-restart-'));
    let demo = await startDemo({ port: 0, dataDir, quiet: true, open: false, sessionSecret: SECRET });
    const signIn = await fetch(`${demo.url}/demo/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: demo.url },
      body: JSON.stringify({ customerId: 'cus_alice' }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const api = (url: string) => async (pathname: string, init: { method?: string; body?: unknown } = {}) =>
      fetch(`${url}/api/upsell${pathname}`, {
        method: init.method ?? 'GET',
        headers: { cookie, origin: url, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });

    let call = api(demo.url);
    const offers = (await json(await call('/offers?placement=checkout')))['offers'] as Array<{ id: string; token: string }>;
    const [bought, declined] = offers;
    expect(bought && declined).toBeTruthy();
    if (!bought || !declined) return;
    const purchase = await json(await call('/purchases', { method: 'POST', body: { offerToken: bought.token, idempotencyKey: 'restart-key-0001' } }));
    let status = purchase['status'];
    for (let i = 0; i < 40 && status !== 'succeeded'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await json(await call(`/purchases/${String(purchase['purchaseId'])}`)))['status'];
    }
    expect(status).toBe('succeeded');
    for (const event of ['shown', 'declined'] as const) {
      expect((await call('/events', { method: 'POST', body: { offerId: declined.id, event } })).status).toBe(204);
    }

    for (let restart = 1; restart <= 2; restart += 1) {
      await demo.close();
      demo = await startDemo({ port: 0, dataDir, quiet: true, open: false, sessionSecret: SECRET });
      call = api(demo.url);
      const replay = await json(await call(`/purchases/${String(purchase['purchaseId'])}`));
      expect(replay, `purchase after restart ${restart}`).toMatchObject({ status: 'succeeded', offerId: bought.id });
      const shownNow = ((await json(await call('/offers?placement=checkout')))['offers'] as Array<{ id: string }>).map((o) => o.id);
      expect(shownNow, `offers after restart ${restart}`).not.toContain(bought.id);
      expect(shownNow, `offers after restart ${restart}`).not.toContain(declined.id);
      const stats = (await json(await call('/stats')))['stats'] as Array<{ offerId: string; impressions: number; declines: number }>;
      expect(stats.find((s) => s.offerId === declined.id), `insights after restart ${restart}`).toMatchObject({ impressions: 1, declines: 1 });
    }
    await demo.close();
  }, 120_000);
});
