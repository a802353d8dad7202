import { addInterval, type SandboxBilling } from './billing';
import { decideCharge, requireOffSessionCard } from './charge-rules';
import { SANDBOX_ERROR_CODES, SandboxHttpError } from './errors';
import { newId } from './ids';
import { isProrationBillingMode, PRORATION_BILLING_MODES, quotePlanChange, type PlanChangeQuote, type ProrationBillingMode } from './proration';
import type { SandboxProduct, SandboxSubscription } from './records';
import type { SubscriptionChangePlanResponse, SubscriptionPreviewChangePlanResponse } from './sdk-types';
import { toSubscription } from './serialize';
import type { PendingPlanChange } from './store';
import { invalid, optionalMetadata, requireBody, requireQuantity, requireString } from './validate';
import type { SandboxWebhookEvent } from './webhook-outbox';

type LineItem = SubscriptionPreviewChangePlanResponse.ImmediateCharge.Subscription;

interface PlanChangeRequest {
  subscription: SandboxSubscription;
  product: SandboxProduct;
  quantity: number;
  mode: ProrationBillingMode;
  effectiveAt: 'immediately' | 'next_billing_date';
  onPaymentFailure: 'prevent_change' | 'apply_change';
  body: Record<string, unknown>;
}

interface PlanChangeQuoteResult {
  request: PlanChangeRequest;
  quote: PlanChangeQuote;
  change: PendingPlanChange;
  effectiveAt: string;
  lineItems: LineItem[];
}

/** Previews and applies subscription plan changes with Dodo's proration modes. */
export class SandboxPlanChanges {
  /** @param billing the payment engine plan-change charges go through */
  constructor(private readonly billing: SandboxBilling) {}

  /** POST /subscriptions/{id}/change-plan/preview. */
  preview(subscriptionId: string, rawBody: unknown): SubscriptionPreviewChangePlanResponse {
    const { request, quote, change, effectiveAt, lineItems } = this.quote(subscriptionId, rawBody);
    const { subscription } = request;
    const newPlan: SandboxSubscription = structuredClone(subscription);
    if (request.effectiveAt === 'immediately') {
      newPlan.product_id = change.productId;
      newPlan.quantity = change.quantity;
      newPlan.recurring_pre_tax_amount = change.newAmount;
      if (change.resetsPeriod) {
        const now = this.billing.now();
        const cadence = request.product.recurring ?? { interval: 'Month', count: 1 };
        newPlan.previous_billing_date = now.toISOString();
        newPlan.next_billing_date = addInterval(now, cadence.interval, cadence.count).toISOString();
      }
    } else {
      newPlan.scheduled_change = { product_id: change.productId, quantity: change.quantity, created_at: this.billing.now().toISOString() };
    }
    return {
      immediate_charge: {
        effective_at: effectiveAt,
        line_items: lineItems,
        summary: {
          currency: subscription.currency,
          total_amount: quote.charge,
          // Positive: credit the downgrade adds (Dodo keeps it on the subscription for future renewals).
          customer_credits: quote.credit,
          settlement_amount: quote.charge,
          settlement_currency: subscription.currency,
          tax: 0,
          settlement_tax: 0,
        },
      },
      new_plan: toSubscription(this.billing.store, newPlan),
    };
  }

  /** POST /subscriptions/{id}/change-plan. */
  change(subscriptionId: string, rawBody: unknown, events: SandboxWebhookEvent[]): SubscriptionChangePlanResponse {
    const { request, quote, change } = this.quote(subscriptionId, rawBody);
    const { subscription } = request;
    const none: SubscriptionChangePlanResponse = { payment_id: null, payment_link: null, client_secret: null, expires_on: null };
    if (request.effectiveAt === 'next_billing_date') {
      subscription.scheduled_change = { product_id: change.productId, quantity: change.quantity, created_at: this.billing.now().toISOString() };
      return none;
    }
    if (quote.charge === 0) {
      this.billing.applyPlanChange(change, events);
      return none;
    }

    const customer = this.billing.store.customer(subscription.customer_id);
    if (subscription.payment_method_id === null) {
      throw new SandboxHttpError(422, SANDBOX_ERROR_CODES.noPaymentMethod, `Subscription ${subscription.subscription_id} has no payment method to charge`);
    }
    const card = requireOffSessionCard(customer, subscription.payment_method_id, this.billing.store.paymentMethods, this.billing.now());
    const decision = decideCharge(card, subscription.currency);
    const payment = this.billing.createPayment({
      customer,
      lines: [{ product_id: change.productId, quantity: change.quantity }],
      currency: subscription.currency,
      total: quote.charge,
      card,
      decision,
      metadata: optionalMetadata(request.body, 'metadata') ?? subscription.metadata,
      checkoutSessionId: null,
      subscriptionId: subscription.subscription_id,
      context: { returnUrl: null, planChange: change },
    });

    if (decision.status === 'requires_customer_action') {
      // The change waits for 3-D Secure; meanwhile another change answers 409.
      subscription.pending_change = true;
      const link = this.billing.actionUrl(payment.payment_id);
      payment.payment_link = link;
      return {
        payment_id: payment.payment_id,
        payment_link: link,
        client_secret: `${payment.payment_id}_secret_${newId('cs')}`,
        expires_on: new Date(this.billing.now().getTime() + 24 * 3600 * 1000).toISOString(),
      };
    }
    this.billing.settle(payment, events);
    // Dodo's default `on_payment_failure` is `apply_change`: a declined charge still moves the plan.
    if (decision.status === 'succeeded' || request.onPaymentFailure === 'apply_change') this.billing.applyPlanChange(change, events);
    return { ...none, payment_id: payment.payment_id };
  }

  private parse(subscriptionId: string, rawBody: unknown): PlanChangeRequest {
    const subscription = this.billing.store.subscription(subscriptionId);
    if (subscription.pending_change) {
      throw new SandboxHttpError(409, SANDBOX_ERROR_CODES.planChangePending, `Subscription ${subscriptionId} already has a plan change pending`);
    }
    const body = requireBody(rawBody);
    const product = this.billing.store.product(requireString(body, 'product_id'));
    const quantity = requireQuantity(body['quantity'], 'quantity');
    const mode = body['proration_billing_mode'];
    if (!isProrationBillingMode(mode)) invalid(`proration_billing_mode must be one of ${PRORATION_BILLING_MODES.join(', ')}`);
    const effectiveAt = body['effective_at'] ?? 'immediately';
    if (effectiveAt !== 'immediately' && effectiveAt !== 'next_billing_date') invalid('effective_at must be immediately or next_billing_date');
    const onPaymentFailure = body['on_payment_failure'] ?? 'apply_change';
    if (onPaymentFailure !== 'prevent_change' && onPaymentFailure !== 'apply_change') invalid('on_payment_failure must be prevent_change or apply_change');
    if (subscription.status !== 'active') invalid(`Subscription ${subscriptionId} is ${subscription.status}; only active subscriptions change plan`);
    if (product.recurring === null) invalid(`Product ${product.product_id} is not a subscription product`);
    if (product.currency !== subscription.currency) invalid(`Product ${product.product_id} is priced in ${product.currency}, the subscription in ${subscription.currency}`);
    if (product.product_id === subscription.product_id && quantity === subscription.quantity) {
      invalid(`Subscription ${subscriptionId} is already on ${product.product_id} × ${quantity}`);
    }
    return { subscription, product, quantity, mode, effectiveAt, onPaymentFailure, body };
  }

  private quote(subscriptionId: string, rawBody: unknown): PlanChangeQuoteResult {
    const request = this.parse(subscriptionId, rawBody);
    const { subscription, product, quantity, mode } = request;
    const now = this.billing.now();
    const newAmount = product.price * quantity;
    const change: PendingPlanChange = {
      subscriptionId,
      productId: product.product_id,
      quantity,
      newAmount,
      credit: 0,
      resetsPeriod: mode === 'full_immediately',
    };
    if (request.effectiveAt === 'next_billing_date') {
      return { request, quote: { net: 0, charge: 0, credit: 0, prorationFactor: 0 }, change, effectiveAt: subscription.next_billing_date, lineItems: [] };
    }
    const quote = quotePlanChange({
      currentAmount: subscription.recurring_pre_tax_amount,
      newAmount,
      currency: subscription.currency,
      mode,
      now,
      previousBillingDate: new Date(subscription.previous_billing_date),
      nextBillingDate: new Date(subscription.next_billing_date),
    });
    change.credit = quote.credit;
    return { request, quote, change, effectiveAt: now.toISOString(), lineItems: this.lineItems(request, quote) };
  }

  private lineItems(request: PlanChangeRequest, quote: PlanChangeQuote): LineItem[] {
    const { subscription, product, quantity, mode } = request;
    if (mode === 'do_not_bill') return [];
    const line = (target: SandboxProduct, units: number, unitPrice: number): LineItem => ({
      id: newId('li'),
      type: 'subscription',
      product_id: target.product_id,
      name: target.name,
      description: target.description,
      quantity: units,
      unit_price: unitPrice,
      proration_factor: quote.prorationFactor,
      currency: subscription.currency,
      tax_inclusive: false,
      tax: 0,
      tax_rate: 0,
    });
    const items = [line(product, quantity, product.price)];
    if (mode === 'full_immediately') return items;
    // The unused part of the current plan, as a negative line (line totals are approximate; the summary is exact).
    const current = this.billing.store.product(subscription.product_id);
    items.push(line(current, subscription.quantity, -Math.round(subscription.recurring_pre_tax_amount / subscription.quantity)));
    return items;
  }
}
