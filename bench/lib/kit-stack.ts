/**
 * Wiring shared by the server benchmarks: the kit's handler configured like a host would
 * (authenticate from the host session, CSRF origin list, webhook secret), HTTP servers on
 * ephemeral ports, and a direct "buy at Dodo" for the customer's original purchase.
 */
import { createServer } from 'node:http';
import type { RequestListener } from 'node:http';
import DodoPayments from 'dodopayments';
import { SANDBOX_WEBHOOK_SECRET } from '../../src/sandbox/index';
import type { DodoSandbox } from '../../src/sandbox/index';
import { createUpsellHandler } from '../../src/server/index';
import type { UpsellHandler, UpsellHandlerOptions } from '../../src/server/index';
import { listenOnLoopback } from '../../test/support/loopback-server';

/** The fake host's shop origin (sent as `Origin` on POSTs, as a browser would). */
export const SHOP_ORIGIN = 'https://shop.example';
/** Signing secret of every bench handler. */
export const SIGNING_SECRET = 'bench-signing-secret-0123456789-abcdefghijklmnop';
/** Header carrying the signed-in customer in the fake host session. */
export const SESSION_HEADER = 'x-customer';

/** The host's `authenticate`: the session header names the customer (a stand-in for a session cookie lookup). */
export function authenticate(request: Request): string | null {
  const id = request.headers.get(SESSION_HEADER);
  return id !== null && id.startsWith('cus_') ? id : null;
}

/** A kit handler against `sandbox`, with host-like options; `overrides` win. */
export function createKitHandler(sandbox: DodoSandbox, overrides: Partial<UpsellHandlerOptions> & Pick<UpsellHandlerOptions, 'offers'>): UpsellHandler {
  return createUpsellHandler({
    dodo: { bearerToken: 'sk_test_sandbox', baseURL: sandbox.url },
    authenticate,
    signingSecret: SIGNING_SECRET,
    returnUrl: `${SHOP_ORIGIN}/thanks`,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    allowedOrigins: [SHOP_ORIGIN],
    ...overrides,
  });
}

/** A listening server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `listener` on 127.0.0.1 at a free port. */
export async function serve(listener: RequestListener): Promise<RunningServer> {
  const server = createServer(listener);
  server.keepAliveTimeout = 5_000;
  return listenOnLoopback(server);
}

/** The customer's original purchase, made at Dodo directly by the host's own checkout; its webhook reaches whoever the sandbox points at. */
export async function buyAtDodo(sandbox: DodoSandbox, customerId: string, productId: string, paymentMethodId: string): Promise<string> {
  const client = new DodoPayments({ bearerToken: 'sk_test_sandbox', baseURL: sandbox.url });
  const session = await client.checkoutSessions.create(
    {
      product_cart: [{ product_id: productId, quantity: 1 }],
      customer: { customer_id: customerId },
      payment_method_id: paymentMethodId,
      confirm: true,
      return_url: `${SHOP_ORIGIN}/thanks`,
    },
    { maxRetries: 0 },
  );
  await sandbox.webhooks.flush();
  if (!session.payment_id) throw new Error('the original purchase made no payment');
  return session.payment_id;
}
