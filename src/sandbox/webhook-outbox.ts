import { Webhook } from 'standardwebhooks';
import { newId } from './ids';
import type {
  PaymentFailedWebhookEvent,
  PaymentSucceededWebhookEvent,
  SubscriptionActiveWebhookEvent,
  SubscriptionPlanChangedWebhookEvent,
  UnwrapWebhookEvent,
} from './sdk-types';

/**
 * The sandbox's default Standard Webhooks secret (`whsec_` + base64 of 32 bytes).
 * Test-only: never use it for a real endpoint.
 */
export const SANDBOX_WEBHOOK_SECRET = 'whsec_dXBzZWxsLWtpdCBzYW5kYm94IHdlYmhvb2sga2V5ISE=';

/** The webhook events the sandbox sends, typed by the SDK. */
export type SandboxWebhookEvent =
  | PaymentSucceededWebhookEvent
  | PaymentFailedWebhookEvent
  | SubscriptionPlanChangedWebhookEvent
  | SubscriptionActiveWebhookEvent;

/** `payment.succeeded` | `payment.failed` | `subscription.plan_changed` | `subscription.active`. */
export type SandboxWebhookType = SandboxWebhookEvent['type'];

/**
 * Any event the SDK's `client.webhooks.unwrap` knows (`payment.processing`, `refund.succeeded`, …):
 * what `webhooks.send` accepts. The sandbox itself only emits {@link SandboxWebhookEvent}s.
 */
export type DodoWebhookEvent = UnwrapWebhookEvent;

/** The `type` of a {@link DodoWebhookEvent}. */
export type DodoWebhookType = DodoWebhookEvent['type'];

/** The `data` of the event of type `T`, e.g. a `Payment` for `payment.failed`. */
export type DodoWebhookData<T extends DodoWebhookType> = Extract<DodoWebhookEvent, { type: T }>['data'];

/**
 * Delivery order of `deliverPending`: `queued` (oldest first), `reverse` (newest first), or
 * indexes into `pending()` in the order to deliver them; a queued webhook whose index is not
 * listed stays queued.
 */
export type SandboxDeliveryOrder = 'queued' | 'reverse' | readonly number[];

/** The three Standard Webhooks headers. */
export interface SandboxWebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * One delivery attempt (from `sent()`), or a queued webhook (from `pending()`, where
 * `attempt` is 0 and `headers` are signed as of when it was queued).
 */
export interface SentWebhook {
  /** `webhook-id`: the same for every attempt of one event. */
  id: string;
  /** Event type. */
  type: DodoWebhookType;
  /** The event, parsed (without the `payload_type` the body adds). */
  event: DodoWebhookEvent;
  /** The exact signed body. */
  body: string;
  /** Headers of this attempt. */
  headers: SandboxWebhookHeaders;
  /** Where it went; `null` while pending. */
  url: string | null;
  /** The receiver's HTTP status; `null` when pending or the request failed. */
  status: number | null;
  /** The receiver's response body as text (first 64 KiB); `null` when pending or the request failed. */
  responseBody: string | null;
  /** Why the request failed (network, timeout); `null` otherwise. */
  error: string | null;
  /** 1 for the first delivery, 2+ for redeliveries; 0 while pending. */
  attempt: number;
  /** When it was attempted (or queued), by the webhook clock, in ms. */
  at: number;
}

interface OutboxMessage {
  id: string;
  event: DodoWebhookEvent;
  body: string;
  attempts: number;
  queuedAt: Date;
}

/** Settings of a `WebhookOutbox`. */
export interface WebhookOutboxOptions {
  /** Standard Webhooks secret (`whsec_…`). */
  secret: string;
  /** Receiver URL, or `null` to queue everything. */
  url: string | null;
  /** Deliver as soon as events are published (otherwise queue them). */
  autoDeliver: boolean;
  /** Clock for `webhook-timestamp`, its signature and the log's `at`. */
  now: () => Date;
}

const DELIVERY_TIMEOUT_MS = 5_000;
const MAX_LOGGED_RESPONSE_CHARS = 64 * 1024;

const PAYLOAD_TYPES: ReadonlyArray<[prefix: string, payloadType: string]> = [
  ['payment.', 'Payment'],
  ['subscription.', 'Subscription'],
  ['refund.', 'Refund'],
  ['dispute.', 'Dispute'],
  ['license_key.', 'LicenseKey'],
];

// Real payloads carry `payload_type` in `data` (Dodo's docs show it on payment.failed; refund payloads
// carry `Refund`); the SDK types omit it. A `payload_type` already in `data` wins; event families
// whose value is not known here get none.
function serialize(event: DodoWebhookEvent): string {
  const payloadType = PAYLOAD_TYPES.find(([prefix]) => event.type.startsWith(prefix))?.[1];
  return JSON.stringify({ ...event, data: { ...(payloadType !== undefined && { payload_type: payloadType }), ...event.data } });
}

/** Signs, queues and delivers webhooks. Delivery failures are recorded, never thrown. */
export class WebhookOutbox {
  private readonly signer: Webhook;
  private url: string | null;
  private autoDeliver: boolean;
  private readonly now: () => Date;
  private messages = new Map<string, OutboxMessage>();
  private queue: OutboxMessage[] = [];
  private log: SentWebhook[] = [];
  private chain: Promise<void> = Promise.resolve();
  private generation = 0;

  /** @param options secret, receiver URL, auto-delivery and clock. */
  constructor(options: WebhookOutboxOptions) {
    this.signer = new Webhook(options.secret);
    this.url = options.url;
    this.autoDeliver = options.autoDeliver;
    this.now = options.now;
  }

  /** Points deliveries at `url` (`null`: queue them). */
  setUrl(url: string | null): void {
    this.url = url;
  }

  /** Turns automatic delivery on or off. */
  setAutoDeliver(on: boolean): void {
    this.autoDeliver = on;
  }

  /** Forgets every message, attempt and queued webhook (in-flight deliveries still finish but are not logged). */
  reset(): void {
    this.generation += 1;
    this.messages = new Map();
    this.queue = [];
    this.log = [];
  }

  /** Queues events, or starts delivering them in order when auto-delivery is on and a URL is set. */
  publish(events: readonly DodoWebhookEvent[]): void {
    for (const event of events) this.enqueue(event);
  }

  /**
   * Publishes one event like `publish`, under `id` when given (else a fresh `msg_…`), and returns
   * its `webhook-id`. Reusing an id sends a new body under an old id (a replay with other content);
   * `redeliver(id)` then resends the newest message with that id.
   */
  enqueue(event: DodoWebhookEvent, id?: string): string {
    if (id === '') throw new RangeError('A webhook id must be non-empty');
    const message: OutboxMessage = { id: id ?? newId('msg'), event, body: serialize(event), attempts: 0, queuedAt: this.now() };
    this.messages.set(message.id, message);
    if (this.autoDeliver && this.url !== null) {
      // One chain keeps auto-deliveries in publish order (payment.succeeded before subscription.active).
      this.chain = this.chain.then(() => this.attempt(message).then(() => undefined));
    } else {
      this.queue.push(message);
    }
    return message.id;
  }

  /** Delivery attempts so far, in order. */
  sent(): SentWebhook[] {
    return this.log.map((entry) => ({ ...entry, headers: { ...entry.headers } }));
  }

  /** Webhooks queued and not yet delivered. */
  pending(): SentWebhook[] {
    return this.queue.map((message) => ({
      id: message.id,
      type: message.event.type,
      event: message.event,
      body: message.body,
      headers: this.sign(message, message.queuedAt),
      url: null,
      status: null,
      responseBody: null,
      error: null,
      attempt: 0,
      at: message.queuedAt.getTime(),
    }));
  }

  /**
   * Delivers queued webhooks one after another, in `order` (`reverse: true` is `order: 'reverse'`).
   * Without a URL they stay queued. Throws a RangeError, delivering nothing, for an index that is
   * out of range, fractional or repeated.
   */
  async deliverPending(options: { order?: SandboxDeliveryOrder; reverse?: boolean } = {}): Promise<void> {
    const order = options.order ?? (options.reverse ? 'reverse' : 'queued');
    const queued = [...this.queue];
    let batch: OutboxMessage[];
    if (order === 'queued') batch = queued;
    else if (order === 'reverse') batch = queued.reverse();
    else {
      const seen = new Set<number>();
      batch = order.map((index) => {
        const message = Number.isInteger(index) && !seen.has(index) ? queued[index] : undefined;
        if (message === undefined) throw new RangeError(`deliverPending order: ${index} is not a distinct index into the ${queued.length} pending webhooks`);
        seen.add(index);
        return message;
      });
    }
    if (this.url === null) return;
    const chosen = new Set(batch);
    this.queue = this.queue.filter((message) => !chosen.has(message));
    for (const message of batch) await this.attempt(message);
  }

  /** Sends an already-published webhook again: same `webhook-id` and body, fresh timestamp and signature. */
  async redeliver(webhookId: string): Promise<Response | void> {
    const message = this.messages.get(webhookId);
    if (!message) throw new Error(`Unknown webhook id ${webhookId}`);
    if (this.url === null) return;
    this.queue = this.queue.filter((queued) => queued !== message);
    return this.attempt(message, { keepBody: true });
  }

  /** Resolves when every automatic delivery started so far has finished. */
  async flush(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.chain;
      await current;
    } while (current !== this.chain);
  }

  private sign(message: OutboxMessage, at: Date): SandboxWebhookHeaders {
    return {
      'webhook-id': message.id,
      // Standard Webhooks timestamps are whole seconds.
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': this.signer.sign(message.id, at, message.body),
    };
  }

  private async attempt(message: OutboxMessage, options: { keepBody?: boolean } = {}): Promise<Response | void> {
    const url = this.url;
    if (url === null) {
      this.queue.push(message);
      return;
    }
    const generation = this.generation;
    const at = this.now();
    const headers = this.sign(message, at);
    message.attempts += 1;
    const entry: SentWebhook = {
      id: message.id,
      type: message.event.type,
      event: message.event,
      body: message.body,
      headers,
      url,
      status: null,
      responseBody: null,
      error: null,
      attempt: message.attempts,
      at: at.getTime(),
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'upsell-kit-sandbox' },
        body: message.body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      entry.status = response.status;
      // Reading the body also releases the connection; `redeliver` hands back an unread response, so read a copy.
      const text = await (options.keepBody ? response.clone() : response).text().catch(() => null);
      entry.responseBody = text === null ? null : text.slice(0, MAX_LOGGED_RESPONSE_CHARS);
      if (generation === this.generation) this.log.push(entry);
      return response;
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      if (generation === this.generation) this.log.push(entry);
      return;
    }
  }
}
