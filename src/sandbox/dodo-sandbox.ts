import type { SandboxFault } from './faults';
import type { SandboxPayment, SandboxSeed } from './records';
import type { SandboxStateView } from './store';
import type { DodoWebhookData, DodoWebhookType, SandboxDeliveryOrder, SentWebhook } from './webhook-outbox';

/** Options of `createDodoSandbox`. */
export interface DodoSandboxOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; otherwise any non-empty bearer passes. */
  apiKey?: string;
  /** Where webhooks are POSTed; without it they are queued in `webhooks.pending()`. */
  webhookUrl?: string;
  /** Standard Webhooks secret (`whsec_…`). @default SANDBOX_WEBHOOK_SECRET */
  webhookSecret?: string;
  /** Deliver webhooks right after each response (otherwise queue them). @default true */
  autoDeliverWebhooks?: boolean;
  /** Starting state, restored by `reset()`. @default DEFAULT_SEED */
  seed?: SandboxSeed;
  /** Business clock: object timestamps, webhook `timestamp` fields, card expiry, proration. @default () => new Date() */
  now?: () => Date;
  /**
   * Clock for the `webhook-timestamp` header and its signature. Real time by default, so
   * receivers' 5-minute tolerance holds even when `now` is fixed; set it to test stale webhooks.
   * @default () => new Date()
   */
  webhookNow?: () => Date;
}

/** One request the sandbox received. */
export interface SandboxCall {
  /** HTTP method. */
  method: string;
  /** Route key, e.g. `POST /checkouts` (`<METHOD> <unmatched>` for unknown paths). */
  route: string;
  /** Actual path, e.g. `/payments/pay_123`. */
  path: string;
  /** Query parameters (the last value of a repeated name), e.g. `{ customer_id: 'cus_alice', page_size: '100' }`. */
  query: Record<string, string>;
  /** Parsed JSON (API) or form fields (pages); `undefined` when empty; the raw text when it is not JSON. */
  body: unknown;
  /** `now()` when it arrived, in ms. */
  at: number;
}

/** Filter of `charges()`. */
export interface SandboxChargeFilter {
  /** Only this customer's charges. */
  customerId?: string;
  /** Only charges whose cart holds this product. */
  productId?: string;
}

/** Options of `webhooks.send`. */
export interface SandboxWebhookSendOptions {
  /** The `webhook-id` header. @default a fresh `msg_…` id */
  id?: string;
  /** The event's `timestamp` field (not the signed header: that follows `webhookNow`). @default the sandbox's `now()` */
  timestamp?: Date | string;
  /** The event's `business_id`. @default the seed's business id */
  businessId?: string;
}

/** Test and demo controls of the sandbox's webhook sender. */
export interface SandboxWebhookControls {
  /** Points deliveries at `url`; `null` queues them. */
  setUrl(url: string | null): void;
  /** Delivery attempts so far, in order (redeliveries included). */
  sent(): SentWebhook[];
  /** Webhooks queued and not yet delivered. */
  pending(): SentWebhook[];
  /**
   * Delivers the queue one by one: in queue order, newest first (`order: 'reverse'`, or the older
   * `reverse: true`), or as `order: [2, 0]` lists indexes into `pending()` (unlisted ones stay queued).
   */
  deliverPending(opts?: { order?: SandboxDeliveryOrder; reverse?: boolean }): Promise<void>;
  /**
   * Publishes a hand-made event of any type the SDK's `webhooks.unwrap` knows, signed like the
   * sandbox's own (e.g. a late `payment.failed` for a payment that succeeded:
   * `send('payment.failed', { ...payment, status: 'failed' })`). It is delivered or queued like
   * any other webhook (auto-delivery, `pending()`, `deliverPending`, `redeliver`). Returns its
   * `webhook-id`; pass `id` to reuse one (a replay with another body).
   */
  send<T extends DodoWebhookType>(type: T, data: DodoWebhookData<T>, options?: SandboxWebhookSendOptions): string;
  /** Sends a published webhook again with the same `webhook-id` and body; resolves to the receiver's response (void without a URL). */
  redeliver(webhookId: string): Promise<Response | void>;
  /** Turns automatic delivery on or off. */
  setAutoDeliver(on: boolean): void;
  /** Resolves when every automatic delivery started so far has finished. */
  flush(): Promise<void>;
}

/** A running fake of the Dodo Payments REST API. */
export interface DodoSandbox {
  /** Base URL for `new DodoPayments({ baseURL })`, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The Standard Webhooks secret webhooks are signed with. */
  readonly webhookSecret: string;
  /** Stops listening and drops held connections. */
  close(): Promise<void>;
  /** Back to the seed: state, counters, call log, faults and webhook log/queue (URL and auto-delivery return to the creation options). */
  reset(): void;
  /** Requests received for a route key (e.g. `GET /customers/:id/payment-methods`), or in total. */
  calls(route?: string): number;
  /** Every request received, in order. */
  callLog(): SandboxCall[];
  /** Payments that moved money (status `succeeded`). */
  charges(filter?: SandboxChargeFilter): SandboxPayment[];
  /** Every payment attempt, in creation order. */
  payments(): SandboxPayment[];
  /** Failure injection. */
  readonly faults: { inject(fault: SandboxFault): void; clear(): void };
  /** Webhook sender controls. */
  readonly webhooks: SandboxWebhookControls;
  /** What the 3-D Secure page does: settles a payment waiting for customer action and sends its webhooks. */
  completeAction(paymentId: string, outcome?: 'succeeded' | 'failed'): void;
  /** Marks a subscription as having (or not) a pending plan change; while pending, change-plan and its preview answer 409. */
  setSubscriptionPendingChange(subscriptionId: string, pending: boolean): void;
  /** Changes a catalogue price (minor units), e.g. between an offer and its purchase. */
  setProductPrice(productId: string, minor: number): void;
  /** Live state, read-only. */
  readonly state: SandboxStateView;
}
