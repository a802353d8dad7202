/**
 * `GET /purchases/:id`: the purchase as it stands, and reconciliation of a purchase whose
 * outcome is still open. Webhooks settle most purchases; this lookup is the safety net for
 * a lost webhook or an unknown outcome (timeout, dropped connection). It runs at most once
 * per `reconcileAfterMs` per purchase, so a client polling every second costs Dodo little.
 */
import type { Payment, PaymentListResponse } from 'dodopayments/resources/index';
import { UpsellError } from '../core/errors';
import { money } from '../core/money';
import type { PurchaseResult } from '../core/types';
import { classifyDodoError, codeForPaymentError } from './dodo-errors';
import type { HandlerContext } from './handler-context';
import { failureFor } from './purchase-failures';
import { presentPurchase } from './purchase-view';
import { settlePurchase } from './settlement';
import type { PurchaseOutcome } from './settlement';
import type { PurchaseRecord } from './store';

/** The customer's purchase `purchaseId`, reconciled if stale. Another customer's → `not_found`. */
export async function getPurchaseStatus(ctx: HandlerContext, customerId: string, purchaseId: string): Promise<PurchaseResult> {
  const record = await ctx.store.getPurchase(purchaseId);
  if (!record || record.customerId !== customerId) throw new UpsellError('not_found', 'Purchase not found.');
  return presentPurchase(ctx, await reconcilePurchase(ctx, record));
}

type PaymentView = Pick<Payment, 'payment_id' | 'status' | 'total_amount' | 'currency' | 'customer'> & {
  error_code?: string | null | undefined;
  payment_link?: string | null | undefined;
};

/** Maps a Dodo payment's status to news about the purchase, or null while still open. */
export function outcomeOfPayment(payment: PaymentView): PurchaseOutcome | null {
  switch (payment.status) {
    case 'succeeded': {
      let amount = null;
      try {
        amount = money(payment.total_amount, payment.currency);
      } catch {
        amount = null;
      }
      return { status: 'succeeded', paymentId: payment.payment_id, amount };
    }
    case 'failed':
    case 'cancelled': {
      const code = codeForPaymentError(payment.error_code);
      return { status: 'failed', paymentId: payment.payment_id, failure: failureFor(code) };
    }
    case 'requires_customer_action':
      return payment.payment_link ? { status: 'requires_action', paymentId: payment.payment_id, actionUrl: payment.payment_link } : null;
    default:
      return null;
  }
}

/** Asks Dodo about an open purchase when it is due, and applies the answer. */
export async function reconcilePurchase(ctx: HandlerContext, record: PurchaseRecord): Promise<PurchaseRecord> {
  if (record.status !== 'pending' && record.status !== 'processing' && record.status !== 'requires_action') return record;
  const now = ctx.now();
  const since = (iso: string | null): number => (iso === null ? Number.POSITIVE_INFINITY : now.getTime() - Date.parse(iso));
  if (since(record.updatedAt) < ctx.reconcileAfterMs || since(record.reconciledAt) < ctx.reconcileAfterMs) return record;
  // Claim this round first, so concurrent polls do not all call Dodo.
  const claimed = await ctx.store.updatePurchase(record.id, { reconciledAt: now.toISOString() }, [record.status]);
  if (!claimed) return (await ctx.store.getPurchase(record.id)) ?? record;

  let payment: PaymentView | PaymentListResponse | null;
  try {
    payment = record.paymentId
      ? await ctx.dodo.getPayment(record.paymentId)
      : await ctx.dodo.findPaymentByPurchase(record.customerId, record.id, new Date(Date.parse(record.createdAt) - 60_000));
  } catch (error) {
    // Dodo unreachable or the lookup unsupported: stay open and try again next round.
    if (!classifyDodoError(error)) ctx.report(error, 'GET /purchases/:id (reconcile)');
    return claimed;
  }
  if (payment && payment.customer.customer_id !== record.customerId) payment = null;

  let outcome: PurchaseOutcome | null = payment ? outcomeOfPayment(payment) : null;
  if (!payment && !record.paymentId && since(record.createdAt) >= ctx.abandonAfterMs) {
    // Long past any webhook retry window and Dodo has no payment for it: nothing was charged.
    outcome = { status: 'failed', paymentId: null, failure: failureFor('upstream', true) };
  }
  if (!outcome) return claimed;
  return (await settlePurchase(ctx, record.id, outcome)) ?? claimed;
}
