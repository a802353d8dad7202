import { createServer, type IncomingHttpHeaders } from 'node:http';
import DodoPayments from 'dodopayments';
import { SANDBOX_WEBHOOK_SECRET, type DodoSandbox } from '../../src/sandbox';
import { listenOnLoopback } from '../support/loopback-server';

/** A real SDK client on the sandbox. No retries unless a test asks: the SDK retries twice by default. */
export function sdk(sandbox: DodoSandbox, options: { maxRetries?: number; timeout?: number; bearerToken?: string } = {}): DodoPayments {
  return new DodoPayments({
    bearerToken: options.bearerToken ?? 'sk_test_sandbox',
    baseURL: sandbox.url,
    webhookKey: SANDBOX_WEBHOOK_SECRET,
    maxRetries: options.maxRetries ?? 0,
    ...(options.timeout !== undefined && { timeout: options.timeout }),
  });
}

/** One webhook POST as the receiver saw it. */
export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
}

/** A local webhook endpoint that records what it receives. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `count` webhooks have arrived (rejects after 2 s). */
  waitFor(count: number): Promise<ReceivedWebhook[]>;
  /** Answers every later webhook with this status. */
  respondWith(status: number): void;
  close(): Promise<void>;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') flat[name] = value;
  return flat;
}

/** Starts a webhook receiver on a random port. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: flatHeaders(req.headers), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: `${listening.url}/webhooks/dodo`,
    received,
    respondWith: (next) => {
      status = next;
    },
    waitFor: async (count) => {
      const deadline = Date.now() + 2_000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
    close: listening.close,
  };
}

/** The `action` and hidden fields of each `<form>` in an HTML page. */
export function formsOf(html: string): Array<{ action: string; fields: Record<string, string>; button: string }> {
  const forms: Array<{ action: string; fields: Record<string, string>; button: string }> = [];
  for (const match of html.matchAll(/<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/g)) {
    const inner = match[2] ?? '';
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input type="(?:hidden|radio)" name="([^"]+)" value="([^"]+)"([^>]*)>/g)) {
      const [, name = '', value = '', rest = ''] = input;
      if (input[0].includes('type="hidden"') || rest.includes('checked')) fields[name] = value;
    }
    const button = /<button type="submit">([^<]+)<\/button>/.exec(inner)?.[1] ?? '';
    forms.push({ action: match[1] ?? '', fields, button });
  }
  return forms;
}

/** Submits a form the way a browser does (urlencoded POST), without following the redirect. */
export async function submitForm(baseUrl: string, action: string, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL(action, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}
