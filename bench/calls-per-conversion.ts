/**
 * Dodo calls per shown-and-accepted upsell: the guide's Express example vs the kit's handler,
 * against the same sandbox, counted from the sandbox's own request log (`sandbox.calls()`).
 *
 * Scenario (the guide's own): a customer buys the Starter course at Dodo; the webhook makes
 * them eligible; the app shows the Complete-bundle upsell; the customer accepts; the charge
 * settles. The original purchase is outside the count; everything after it is inside
 * (show + accept + settle, webhooks included, which cost no Dodo call for either).
 */
import { randomUUID } from 'node:crypto';
import { createDodoSandbox, PM_VISA_4242, PROD_COMPLETE_BUNDLE, PROD_STARTER_COURSE } from '../src/sandbox/index';
import type { DodoSandbox } from '../src/sandbox/index';
import { GUIDE_OFFER_RULES, toNodeListener } from '../src/server/index';
import type { OfferRulesConfig } from '../src/server/index';
import { createGuideApp } from './guide-express/app';
import { benchCustomerId, createBenchSeed } from './lib/bench-seed';
import { createHttpClient } from './lib/http-client';
import { buyAtDodo, createKitHandler, serve, SESSION_HEADER, SHOP_ORIGIN } from './lib/kit-stack';

/** The guide's single post-purchase offer, as kit rules: Starter course → Complete bundle, nothing else. */
export const SINGLE_OFFER_RULES: OfferRulesConfig = {
  offers: [
    {
      id: 'starter_to_bundle',
      kind: 'upsell',
      placements: ['post_purchase'],
      productId: PROD_COMPLETE_BUNDLE,
      trigger: { type: 'purchased', productIds: [PROD_STARTER_COURSE] },
    },
  ],
};

/** Calls of one conversion. */
export interface ConversionCount {
  /** Row label. */
  name: string;
  /** Dodo API calls from "show" to "settled". */
  dodoCalls: number;
  /** The calls by sandbox route. */
  byRoute: Record<string, number>;
  /** HTTP requests from the browser to the app in the accept step (the kit's are measured through its hook in the render bench too). */
  acceptRoundTrips: number;
  /** Offers the page showed (the kit also prices the downsell and cross-sells it shows). */
  offersShown: number;
  /** How the purchase ended. */
  outcome: string;
}

/** Results of this benchmark. */
export interface CallsResult {
  guide: ConversionCount;
  kit: ConversionCount[];
}

function countSince(sandbox: DodoSandbox, from: number): { total: number; byRoute: Record<string, number> } {
  const byRoute: Record<string, number> = {};
  const calls = sandbox.callLog().slice(from);
  for (const call of calls) byRoute[call.route] = (byRoute[call.route] ?? 0) + 1;
  return { total: calls.length, byRoute };
}

async function guideConversion(sandbox: DodoSandbox, customerId: string): Promise<ConversionCount> {
  const app = createGuideApp({ dodoBaseUrl: sandbox.url, appUrl: SHOP_ORIGIN });
  const server = await serve(app);
  const http = createHttpClient(server.url);
  try {
    sandbox.webhooks.setUrl(`${server.url}/webhooks/dodo`);
    await buyAtDodo(sandbox, customerId, PROD_STARTER_COURSE, PM_VISA_4242);
    const from = sandbox.callLog().length;
    const shown = await http.send('GET', `/api/upsell/${customerId}`);
    const offer = JSON.parse(shown.body) as { eligible: boolean };
    if (!offer.eligible) throw new Error(`guide app: no upsell for ${customerId}: ${shown.body}`);
    const accepted = await http.send('POST', `/api/upsell/${customerId}/accept`, { origin: SHOP_ORIGIN }, '{}');
    await sandbox.webhooks.flush();
    const counted = countSince(sandbox, from);
    const result = JSON.parse(accepted.body) as { success?: boolean };
    return {
      name: 'Dodo guide Express example',
      dodoCalls: counted.total,
      byRoute: counted.byRoute,
      acceptRoundTrips: 1,
      offersShown: 1,
      outcome: result.success ? 'session created (outcome only via webhook, never told to the browser)' : `failed: ${accepted.body}`,
    };
  } finally {
    http.close();
    await server.close();
  }
}

async function kitConversions(sandbox: DodoSandbox, label: string, rules: OfferRulesConfig, customers: readonly string[]): Promise<ConversionCount[]> {
  const handler = createKitHandler(sandbox, { offers: rules });
  const server = await serve(toNodeListener(handler));
  const requests: string[] = [];
  const http = createHttpClient(server.url);
  const send = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    requests.push(`${method} ${path.split('?')[0] ?? path}`);
    const headers: Record<string, string> = { [SESSION_HEADER]: currentCustomer };
    if (method === 'POST') headers['origin'] = SHOP_ORIGIN;
    return http.send(method, `/api/upsell${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
  };
  let currentCustomer = '';
  const results: ConversionCount[] = [];
  try {
    sandbox.webhooks.setUrl(`${server.url}/api/upsell/webhooks`);
    for (const [index, customerId] of customers.entries()) {
      currentCustomer = customerId;
      await buyAtDodo(sandbox, customerId, PROD_STARTER_COURSE, PM_VISA_4242);
      const from = sandbox.callLog().length;
      const shown = await send('GET', '/offers?placement=post_purchase');
      const offers = (JSON.parse(shown.body) as { offers: Array<{ id: string; token: string; downsell: unknown }> }).offers;
      const offer = offers.find((candidate) => candidate.id === 'starter_to_bundle');
      if (!offer) throw new Error(`kit: no starter_to_bundle offer for ${customerId}: ${shown.body}`);
      const before = requests.length;
      const bought = await send('POST', '/purchases', { offerToken: offer.token, idempotencyKey: randomUUID() });
      const acceptRoundTrips = requests.length - before;
      await sandbox.webhooks.flush();
      const counted = countSince(sandbox, from);
      const purchase = JSON.parse(bought.body) as { status?: string };
      results.push({
        name: `kit, ${label}, ${index === 0 ? 'cold product cache' : 'warm product cache'}`,
        dodoCalls: counted.total,
        byRoute: counted.byRoute,
        acceptRoundTrips,
        offersShown: offers.reduce((sum, entry) => sum + 1 + (entry.downsell ? 1 : 0), 0),
        outcome: purchase.status ?? `error ${bought.body}`,
      });
    }
    return results;
  } finally {
    http.close();
    await server.close();
  }
}

/** Runs both flows against one sandbox and returns the counts. */
export async function runCallsPerConversion(): Promise<CallsResult> {
  const sandbox = await createDodoSandbox({ port: 0, seed: createBenchSeed({ calls: 5 }) });
  try {
    const guide = await guideConversion(sandbox, benchCustomerId('calls', 0));
    const kit = [
      ...(await kitConversions(sandbox, 'same single offer as the guide', SINGLE_OFFER_RULES, [benchCustomerId('calls', 1), benchCustomerId('calls', 2)])),
      ...(await kitConversions(sandbox, 'guide rules (upsell + downsell + cross-sell shown)', GUIDE_OFFER_RULES, [benchCustomerId('calls', 3), benchCustomerId('calls', 4)])),
    ];
    return { guide, kit };
  } finally {
    await sandbox.webhooks.flush().catch(() => undefined);
    await sandbox.close();
  }
}
