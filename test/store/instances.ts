/**
 * Several real `createUpsellHandler` instances, each served by `toNodeListener` on its own
 * port with its own store (its own pool, as separate processes would have), in front of one
 * Dodo sandbox. Webhooks go through a round-robin "load balancer" to whichever instances are
 * up, the way a deployment behind one webhook URL receives them.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createDodoSandbox, SANDBOX_WEBHOOK_SECRET } from '../../src/sandbox/index';
import type { DodoSandbox } from '../../src/sandbox/index';
import { createUpsellHandler, toNodeListener } from '../../src/server/index';
import type { UpsellHandler, UpsellHandlerOptions, UpsellStore } from '../../src/server/index';
import { handlerOptions } from '../server/harness';
import type { ApiResponse, CallOptions } from '../server/harness';
import { listenOnLoopback } from '../support/loopback-server';

/** One running handler instance. */
export interface Instance {
  /** Name for messages (`A`, `B` …). */
  name: string;
  /** Its base URL. */
  url: string;
  /** Its handler. */
  handler: UpsellHandler;
  /** Its store. */
  store: UpsellStore;
  /** Errors its `onError` received. */
  reported: unknown[];
  /** Calls its API over HTTP like a browser session would. */
  call(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** Calls its handler directly (`Request → Response`, no sockets), so concurrent calls really arrive together. */
  callDirect(method: string, path: string, options?: CallOptions): Promise<ApiResponse>;
  /** Stops serving (open connections are cut) and takes it out of the webhook rotation; the store is left alone. */
  stop(): Promise<void>;
}

/** A sandbox, a webhook load balancer, and the instances started on them. */
export interface Deployment {
  sandbox: DodoSandbox;
  /** Starts an instance over `store`. */
  start(name: string, store: UpsellStore, overrides?: Partial<UpsellHandlerOptions>): Promise<Instance>;
  /** Back to the sandbox seed (instances are stopped first). */
  reset(): Promise<void>;
  /** Stops everything. */
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  return (await listenOnLoopback(server)).url;
}

async function shut(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Calls `baseUrl`'s API as session `options.session` (default alice), over HTTP or straight into `handler`. */
export async function callApi(baseUrl: string, method: string, path: string, options: CallOptions = {}, handler?: UpsellHandler): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const session = options.session === undefined ? 'alice' : options.session;
  if (session !== null) headers['x-session'] = session;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const target = `${baseUrl}/api/upsell${path}`;
  const response = handler ? await handler(new Request(target, { method, headers, body })) : await fetch(target, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Starts a sandbox whose webhooks reach the running instances in turn. */
export async function startDeployment(): Promise<Deployment> {
  const live: Array<{ listener: (req: IncomingMessage, res: ServerResponse) => void; server: Server }> = [];
  let turn = 0;
  const front = createServer((req, res) => {
    const target = live[turn++ % Math.max(live.length, 1)];
    if (!target) {
      res.statusCode = 503;
      res.end();
      return;
    }
    target.listener(req, res);
  });
  const frontUrl = await listen(front);
  const sandbox = await createDodoSandbox({ port: 0, webhookUrl: `${frontUrl}/api/upsell/webhooks`, webhookSecret: SANDBOX_WEBHOOK_SECRET });
  const clock = { now: () => new Date() };
  const servers = new Set<Server>();

  const deployment: Deployment = {
    sandbox,
    async start(name, store, overrides = {}) {
      const reported: unknown[] = [];
      const handler = createUpsellHandler({ ...handlerOptions(sandbox.url, store, clock, reported), ...overrides });
      const listener = toNodeListener(handler);
      const server = createServer(listener);
      server.keepAliveTimeout = 1_000;
      const url = await listen(server);
      const entry = { listener, server };
      live.push(entry);
      servers.add(server);
      return {
        name,
        url,
        handler,
        store,
        reported,
        call: (method, path, options) => callApi(url, method, path, options),
        callDirect: (method, path, options) => callApi(url, method, path, options, handler),
        async stop() {
          const index = live.indexOf(entry);
          if (index >= 0) live.splice(index, 1);
          servers.delete(server);
          await shut(server);
        },
      };
    },
    async reset() {
      await sandbox.webhooks.flush();
      for (const server of servers) await shut(server);
      servers.clear();
      live.length = 0;
      sandbox.reset();
    },
    async close() {
      await sandbox.webhooks.flush().catch(() => undefined);
      for (const server of servers) await shut(server);
      await sandbox.close();
      await shut(front);
    },
  };
  return deployment;
}
