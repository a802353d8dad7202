/**
 * `POST /webhooks`: Dodo's signed events move purchases on and record what customers own.
 *
 * - Signature and timestamp are verified first (Standard Webhooks); anything else → 401.
 * - Each `webhook-id` is processed once: the id is claimed atomically before processing
 *   (a redelivery or replay answers 200 and changes nothing) and released if processing
 *   fails, so Dodo's retry gets another chance.
 * - Order does not matter: settlement is a compare-and-set (see `settlement.ts`), so a late
 *   `payment.failed` never downgrades a succeeded purchase.
 * - `payment.succeeded`, `subscription.active` and `subscription.plan_changed` record product
 *   ownership, which opens follow-up offers (bought Basic → offered Pro).
 */
import * as z from 'zod';
import { money } from '../core/money';
import type { Money } from '../core/money';
import { codeForPaymentError } from './dodo-errors';
import type { HandlerContext } from './handler-context';
import { errorReplyFor, jsonReply } from './http-response';
import type { Reply } from './http-response';
import { failureFor } from './purchase-failures';
import { readBodyText } from './request-body';
import { settlePurchase } from './settlement';

const paymentData = z.object({
  payment_id: z.string().min(1).max(128),
  customer: z.object({ customer_id: z.string().min(1).max(128) }),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  total_amount: z.number(),
  currency: z.string(),
  product_cart: z.array(z.object({ product_id: z.string().min(1).max(128), quantity: z.number() })).nullish(),
  subscription_id: z.string().max(128).nullish(),
  error_code: z.string().nullish(),
});

const subscriptionData = z.object({
  subscription_id: z.string().min(1).max(128),
  product_id: z.string().min(1).max(128),
  customer: z.object({ customer_id: z.string().min(1).max(128) }),
});

const webhookEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('payment.succeeded'), data: paymentData }),
  z.object({ type: z.literal('payment.failed'), data: paymentData }),
  z.object({ type: z.literal('subscription.active'), data: subscriptionData }),
  z.object({ type: z.literal('subscription.plan_changed'), data: subscriptionData }),
]);

type WebhookEvent = z.infer<typeof webhookEvent>;
type PaymentData = z.infer<typeof paymentData>;

/** Verifies and processes one webhook delivery (`buffered`: its raw body, if the adapter already read it). */
export async function handleWebhook(ctx: HandlerContext, request: Request, buffered?: Uint8Array): Promise<Reply> {
  if (!ctx.webhooks) return errorReplyFor('not_found', 'Not found.');
  const body = await readBodyText(request, ctx.maxWebhookBodyBytes, buffered);
  const verification = ctx.webhooks.verify(body, request.headers);
  if (!verification.ok) {
    const message = verification.reason === 'stale_timestamp' ? 'The webhook timestamp is outside the allowed window.' : 'The webhook signature is not valid.';
    return errorReplyFor('unauthenticated', message);
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    return errorReplyFor('invalid_request', 'The webhook body is not JSON.');
  }
  const event = webhookEvent.safeParse(parsed);
  if (!event.success) {
    // Genuine, but not an event the kit acts on: acknowledge so Dodo does not retry it.
    return jsonReply({ received: true, ignored: true });
  }

  const at = ctx.now().toISOString();
  if (!(await ctx.store.markWebhookProcessed(verification.webhookId, at))) {
    return jsonReply({ received: true, duplicate: true });
  }
  try {
    await applyEvent(ctx, event.data, at);
  } catch (error) {
    await ctx.store.forgetWebhook(verification.webhookId).catch(() => undefined);
    throw error;
  }
  return jsonReply({ received: true });
}

function amountOf(data: PaymentData): Money | null {
  try {
    return money(data.total_amount, data.currency);
  } catch {
    return null;
  }
}

async function purchaseFor(ctx: HandlerContext, data: PaymentData) {
  const id = data.metadata?.['upsell_purchase_id'];
  const byMetadata = typeof id === 'string' && id.length <= 128 ? await ctx.store.getPurchase(id) : null;
  const purchase = byMetadata ?? (await ctx.store.findPurchaseByPaymentId(data.payment_id));
  // A payment of another customer never settles this customer's purchase.
  return purchase && purchase.customerId === data.customer.customer_id ? purchase : null;
}

async function applyEvent(ctx: HandlerContext, event: WebhookEvent, at: string): Promise<void> {
  switch (event.type) {
    case 'payment.succeeded': {
      const { data } = event;
      const purchase = await purchaseFor(ctx, data);
      if (purchase) await settlePurchase(ctx, purchase.id, { status: 'succeeded', paymentId: data.payment_id, amount: amountOf(data) });
      for (const line of data.product_cart ?? []) {
        await ctx.store.recordOwnership({
          customerId: data.customer.customer_id,
          productId: line.product_id,
          subscriptionId: data.subscription_id ?? null,
          source: event.type,
          at,
        });
      }
      return;
    }
    case 'payment.failed': {
      const { data } = event;
      const purchase = await purchaseFor(ctx, data);
      if (purchase) {
        await settlePurchase(ctx, purchase.id, { status: 'failed', paymentId: data.payment_id, failure: failureFor(codeForPaymentError(data.error_code)) });
      }
      return;
    }
    case 'subscription.active':
    case 'subscription.plan_changed':
      await ctx.store.recordOwnership({
        customerId: event.data.customer.customer_id,
        productId: event.data.product_id,
        subscriptionId: event.data.subscription_id,
        source: event.type,
        at,
      });
      return;
  }
}
