/**
 * The full HTTP stack as a contract world: `createHttpAdapter` → `createUpsellHandler`
 * (served by `toNodeListener`) → the real `dodopayments` SDK → the sandbox, over HTTP.
 * The scenario's customer is signed in by a session header the host's `authenticate` reads.
 */
import { createServer } from 'node:http';
import DodoPayments from 'dodopayments';
import { createHttpAdapter } from '../../src/client/create-http-adapter';
import { fixtures } from '../../src/memory/fixtures';
import { GUIDE_CUSTOMERS } from '../../src/memory/guide-catalog';
import { SANDBOX_WEBHOOK_SECRET, createDodoSandbox } from '../../src/sandbox/index';
import { GUIDE_OFFER_RULES, createMemoryStore, createUpsellHandler, toNodeListener } from '../../src/server/index';
import type { ContractImplementation } from './contract-world';
import { listenOnLoopback } from '../support/loopback-server';

/** Worlds backed by the reference server and the sandbox. */
export const httpImplementation: ContractImplementation = {
  name: 'HTTP adapter → reference server → dodopayments SDK → sandbox',
  async create(fixtureName, start) {
    const fixture = fixtures[fixtureName];
    let offsetMs = 0;
    const now = () => new Date(start.getTime() + offsetMs);

    let listener: ReturnType<typeof toNodeListener> | null = null;
    const server = createServer((req, res) => listener?.(req, res));
    const listening = await listenOnLoopback(server);
    const serverUrl = listening.url;

    const sandbox = await createDodoSandbox({ port: 0, now, webhookUrl: `${serverUrl}/api/upsell/webhooks`, webhookSecret: SANDBOX_WEBHOOK_SECRET });
    const store = createMemoryStore({ now });
    const customerId = fixture.customerId;
    listener = toNodeListener(
      createUpsellHandler({
        dodo: new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: sandbox.url }),
        authenticate: (request) => (request.headers.get('x-session') === 'contract' ? customerId : null),
        offers: GUIDE_OFFER_RULES,
        store,
        signingSecret: 'contract-signing-secret-0123456789abcdef',
        webhookSecret: SANDBOX_WEBHOOK_SECRET,
        allowedOrigins: [serverUrl],
        returnUrl: `${serverUrl}/thanks`,
        now,
      }),
    );

    // What the customer owns is what past webhooks told the server; record it as they would.
    const customer = GUIDE_CUSTOMERS.find((c) => c.id === customerId);
    const subscription = fixture.subscribed ? (customer?.subscription ?? null) : null;
    const owned = [...fixture.ownedProductIds.map((productId) => ({ productId, subscriptionId: null as string | null }))];
    if (subscription) owned.push({ productId: subscription.productId, subscriptionId: subscription.id });
    for (const { productId, subscriptionId } of owned) {
      await store.recordOwnership({ customerId, productId, subscriptionId, source: 'contract-setup', at: start.toISOString() });
    }
    if (fixture.events.length > 0) throw new Error('the HTTP world does not seed offer events');

    return {
      adapter: createHttpAdapter({ baseUrl: `${serverUrl}/api/upsell`, headers: { 'x-session': 'contract' } }),
      async completeAction(result, outcome) {
        // What the customer does on the bank's page: follow the URL and press a button.
        const page = await fetch(result.actionUrl);
        if (!page.ok) throw new Error(`action page answered ${page.status}`);
        await fetch(result.actionUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ outcome }).toString(),
          redirect: 'manual',
        });
        await sandbox.webhooks.flush();
      },
      advanceClock(ms) {
        offsetMs += ms;
      },
      chargeCount: () => sandbox.charges().length,
      async close() {
        await sandbox.webhooks.flush().catch(() => undefined);
        await sandbox.close();
        await listening.close();
      },
    };
  },
};
