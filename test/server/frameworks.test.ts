/**
 * The README's mounting recipes, run for real: the same handler behind Express 5, Hono and a
 * Next.js-style route module, each answering an offers request for a signed-in customer
 * and refusing an anonymous one. If a recipe in the README breaks, this breaks.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import DodoPayments from 'dodopayments';
import express from 'express';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_WEBHOOK_SECRET, createDodoSandbox } from '../../src/sandbox/index';
import type { DodoSandbox } from '../../src/sandbox/index';
import { GUIDE_OFFER_RULES, createUpsellHandler, toNodeListener } from '../../src/server/index';
import type { UpsellHandler } from '../../src/server/index';

let sandbox: DodoSandbox;
let handler: UpsellHandler;

beforeAll(async () => {
  sandbox = await createDodoSandbox({ port: 0 });
  handler = createUpsellHandler({
    dodo: new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: sandbox.url }),
    // The host's session decides who the customer is; here a cookie names a sandbox customer.
    authenticate: (request) => (request.headers.get('cookie') === 'session=alice' ? 'cus_alice' : null),
    offers: GUIDE_OFFER_RULES,
    signingSecret: 'frameworks-test-signing-secret-0123456789',
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    returnUrl: 'https://shop.example/thanks',
  });
});

afterAll(async () => {
  await sandbox.close();
});

async function askForPaymentMethods(baseUrl: string, signedIn: boolean): Promise<{ status: number; ids: string[] }> {
  const response = await fetch(`${baseUrl}/api/upsell/payment-methods?currency=USD`, {
    headers: signedIn ? { cookie: 'session=alice' } : {},
  });
  const body = (await response.json()) as { paymentMethods?: Array<{ id: string }> };
  return { status: response.status, ids: (body.paymentMethods ?? []).map((m) => m.id) };
}

async function listen(server: import('node:http').Server): Promise<string> {
  if (!server.listening) await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('mounting the handler', () => {
  it('works in Express 5 through toNodeListener', async () => {
    const app = express();
    app.all('/api/upsell/{*rest}', toNodeListener(handler));
    const server = app.listen(0, '127.0.0.1');
    try {
      const url = await listen(server);
      expect(await askForPaymentMethods(url, true)).toEqual({ status: 200, ids: expect.arrayContaining(['pm_visa_4242']) });
      expect((await askForPaymentMethods(url, false)).status).toBe(401);
    } finally {
      server.close();
    }
  });

  it('works in Hono, which speaks Request → Response natively', async () => {
    const app = new Hono();
    app.all('/api/upsell/*', (c) => handler(c.req.raw));
    const call = (signedIn: boolean) =>
      app.request('http://shop.example/api/upsell/payment-methods?currency=USD', { headers: signedIn ? { cookie: 'session=alice' } : {} });
    const ok = await call(true);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { paymentMethods: unknown[] }).paymentMethods.length).toBeGreaterThan(0);
    expect((await call(false)).status).toBe(401);
  });

  it('works as a Next.js route handler (app/api/upsell/[...path]/route.ts exports GET and POST)', async () => {
    const route = { GET: handler, POST: handler };
    const ok = await route.GET(new Request('https://shop.example/api/upsell/payment-methods', { headers: { cookie: 'session=alice' } }));
    expect(ok.status).toBe(200);
    const crossSite = await route.POST(
      new Request('https://shop.example/api/upsell/events', {
        method: 'POST',
        headers: { cookie: 'session=alice', origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ offerId: 'starter_to_bundle', event: 'shown' }),
      }),
    );
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });
});
