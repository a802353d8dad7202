import { decideCharge, isCardExpired, supportsCurrency, type ChargeDecision } from './charge-rules';
import { SANDBOX_ERROR_CODES, SandboxHttpError } from './errors';
import { newId } from './ids';
import type { SandboxCheckoutSession, SandboxCustomer, SandboxPayment, SandboxPaymentMethod, SandboxProduct, SandboxSubscription } from './records';
import type { Currency, Metadata, TimeInterval } from './sdk-types';
import { billingAddressOf, toCustomerLimited, toSubscription } from './serialize';
import type { PaymentContext, PendingPlanChange, SandboxStore } from './store';
import { invalid } from './validate';
import type { SandboxWebhookEvent } from './webhook-outbox';

/** One priced cart line. */
export interface CartLine {
  /** The product. */
  product: SandboxProduct;
  /** Units. */
  quantity: number;
}

/** A validated cart in a single currency. */
export interface PricedCart {
  /** Lines in request order. */
  lines: CartLine[];
  /** The one currency of every line. */
  currency: Currency;
  /** Sum of price × quantity, in minor units. */
  total: number;
}

/** Everything a new payment row needs. */
export interface NewPayment {
  /** Who pays. */
  customer: SandboxCustomer;
  /** Cart lines recorded as `product_cart`. */
  lines: Array<{ product_id: string; quantity: number }>;
  /** Currency. */
  currency: Currency;
  /** Amount in minor units. */
  total: number;
  /** Card charged, if any yet. */
  card: SandboxPaymentMethod | null;
  /** Initial status; a decision's error fields are copied for `failed`. */
  decision: ChargeDecision | { status: 'requires_payment_method' };
  /** Metadata passed through from the request (the kit puts its purchase id here). */
  metadata: Metadata;
  /** Session the payment belongs to. */
  checkoutSessionId: string | null;
  /** Subscription the payment belongs to. */
  subscriptionId: string | null;
  /** Sandbox bookkeeping. */
  context: PaymentContext;
}

/** Adds `count` intervals to `date` in UTC (months clamp like JavaScript's Date does). */
export function addInterval(date: Date, interval: TimeInterval, count: number): Date {
  const next = new Date(date.getTime());
  switch (interval) {
    case 'Day':
      next.setUTCDate(next.getUTCDate() + count);
      break;
    case 'Week':
      next.setUTCDate(next.getUTCDate() + 7 * count);
      break;
    case 'Month':
      next.setUTCMonth(next.getUTCMonth() + count);
      break;
    case 'Year':
      next.setUTCFullYear(next.getUTCFullYear() + count);
      break;
  }
  return next;
}

/** Adds `?payment_id=…&status=…` to a return URL, keeping its own query. */
export function withOutcome(returnUrl: string, paymentId: string, status: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set('payment_id', paymentId);
  url.searchParams.set('status', status);
  return url.toString();
}

/** Payments: creating them, settling them, 3-D Secure, hosted checkout. Webhooks go into the caller's `events`. */
export class SandboxBilling {
  /**
   * @param store live state
   * @param now the sandbox clock
   * @param baseUrl the sandbox's own URL (known once it listens)
   */
  constructor(
    readonly store: SandboxStore,
    readonly now: () => Date,
    readonly baseUrl: () => string,
  ) {}

  /** The 3-D Secure page of a payment. */
  actionUrl(paymentId: string): string {
    return `${this.baseUrl()}/sandbox/action/${encodeURIComponent(paymentId)}`;
  }

  /** The hosted checkout page of a session. */
  checkoutUrl(sessionId: string): string {
    return `${this.baseUrl()}/sandbox/checkout/${encodeURIComponent(sessionId)}`;
  }

  /** Where the customer lands after the hosted pages. */
  redirectAfter(payment: SandboxPayment): string {
    const returnUrl = this.store.paymentContexts.get(payment.payment_id)?.returnUrl ?? null;
    const status = payment.status ?? 'processing';
    if (returnUrl === null) return `${this.baseUrl()}/sandbox/done/${encodeURIComponent(payment.payment_id)}`;
    return withOutcome(returnUrl, payment.payment_id, status);
  }

  /** Validates a cart against the catalogue: known products (404), one currency, one-time only when asked (422). */
  priceCart(cart: Array<{ product_id: string; quantity: number }>, options: { oneTimeOnly: boolean }): PricedCart {
    const lines = cart.map((item) => ({ product: this.store.product(item.product_id), quantity: item.quantity }));
    const first = lines[0];
    if (!first) invalid('product_cart must contain at least one item');
    const currency = first.product.currency;
    for (const line of lines) {
      if (line.product.currency !== currency) invalid('Every product in product_cart must have the same currency');
      if (options.oneTimeOnly && line.product.recurring !== null) {
        invalid(`Product ${line.product.product_id} is a subscription product; payments accept one-time products only`);
      }
    }
    const total = lines.reduce((sum, line) => sum + line.product.price * line.quantity, 0);
    return { lines, currency, total };
  }

  /** Records a payment row (status from `decision`) and its bookkeeping. */
  createPayment(input: NewPayment): SandboxPayment {
    const at = this.now().toISOString();
    const card = input.card;
    const failed = input.decision.status === 'failed' ? input.decision : null;
    const payment: SandboxPayment = {
      payment_id: newId('pay'),
      business_id: this.store.businessId,
      brand_id: this.store.brandId,
      created_at: at,
      updated_at: at,
      status: input.decision.status,
      total_amount: input.total,
      currency: input.currency,
      tax: 0,
      settlement_amount: input.total,
      settlement_currency: input.currency,
      settlement_tax: 0,
      customer: toCustomerLimited(input.customer),
      billing: billingAddressOf(input.customer),
      metadata: { ...input.metadata },
      product_cart: input.lines.map((line) => ({ ...line })),
      checkout_session_id: input.checkoutSessionId,
      subscription_id: input.subscriptionId,
      subscription_ids: input.subscriptionId === null ? [] : [input.subscriptionId],
      is_multi_subscription: false,
      is_update_payment_method: false,
      payment_provider: 'dodo',
      retry_attempt: 0,
      digital_products_delivered: false,
      disputes: [],
      refunds: [],
      refund_status: null,
      discounts: [],
      error_code: failed?.error_code ?? null,
      error_message: failed?.error_message ?? null,
      payment_link: null,
      invoice_id: null,
      invoice_url: null,
      payment_method: card ? 'card' : null,
      payment_method_id: card?.payment_method_id ?? null,
      payment_method_type: card ? card.card_network.toLowerCase() : null,
      card_network: card?.card_network ?? null,
      card_last_four: card?.last4_digits ?? null,
      card_type: card?.card_type ?? null,
      card_issuing_country: card?.card_issuing_country ?? null,
      card_holder_name: card?.card_holder_name ?? null,
    };
    this.store.payments.set(payment.payment_id, payment);
    this.store.paymentContexts.set(payment.payment_id, input.context);
    return payment;
  }

  /**
   * Finishes a payment that reached a final status: webhooks, `last_used_at`, and a
   * subscription (with `subscription.active`) for each recurring line of a successful checkout.
   */
  settle(payment: SandboxPayment, events: SandboxWebhookEvent[]): void {
    const timestamp = this.now().toISOString();
    if (payment.status === 'failed') {
      events.push({ business_id: this.store.businessId, type: 'payment.failed', timestamp, data: structuredClone(payment) });
      return;
    }
    if (payment.status !== 'succeeded') return;
    const customer = this.store.customer(payment.customer.customer_id);
    const link = customer.payment_methods.find((m) => m.payment_method_id === payment.payment_method_id);
    if (link) link.last_used_at = timestamp;
    const context = this.store.paymentContexts.get(payment.payment_id);
    const created: SandboxSubscription[] = [];
    if (!context?.planChange && payment.subscription_id === null) {
      for (const line of payment.product_cart ?? []) {
        const product = this.store.product(line.product_id);
        if (product.recurring === null) continue;
        created.push(this.startSubscription(customer, product, line.quantity, payment.payment_method_id ?? null));
      }
      if (created.length > 0) {
        payment.subscription_ids = created.map((s) => s.subscription_id);
        payment.is_multi_subscription = created.length > 1;
        payment.subscription_id = created.length === 1 ? (created[0]?.subscription_id ?? null) : null;
      }
    }
    payment.digital_products_delivered = true;
    events.push({ business_id: this.store.businessId, type: 'payment.succeeded', timestamp, data: structuredClone(payment) });
    for (const subscription of created) {
      events.push({
        business_id: this.store.businessId,
        type: 'subscription.active',
        timestamp,
        data: toSubscription(this.store, subscription),
      });
    }
  }

  private startSubscription(customer: SandboxCustomer, product: SandboxProduct, quantity: number, paymentMethodId: string | null): SandboxSubscription {
    const now = this.now();
    const cadence = product.recurring ?? { interval: 'Month', count: 1 };
    const subscription: SandboxSubscription = {
      subscription_id: newId('sub'),
      customer_id: customer.customer_id,
      product_id: product.product_id,
      quantity,
      status: 'active',
      previous_billing_date: now.toISOString(),
      next_billing_date: addInterval(now, cadence.interval, cadence.count).toISOString(),
      payment_method_id: paymentMethodId,
      recurring_pre_tax_amount: product.price * quantity,
      currency: product.currency,
      pending_change: false,
      credit_balance: 0,
      scheduled_change: null,
      metadata: {},
      created_at: now.toISOString(),
    };
    this.store.subscriptions.set(subscription.subscription_id, subscription);
    return subscription;
  }

  /**
   * What the 3-D Secure page does: settles a payment waiting for customer action.
   * A plan change waiting on it is applied on success and dropped on failure.
   */
  completeAction(paymentId: string, outcome: 'succeeded' | 'failed', events: SandboxWebhookEvent[]): SandboxPayment {
    const payment = this.store.payment(paymentId);
    if (payment.status !== 'requires_customer_action') {
      throw new SandboxHttpError(409, SANDBOX_ERROR_CODES.invalidRequest, `Payment ${paymentId} is ${payment.status}, not waiting for customer action`);
    }
    payment.status = outcome;
    payment.updated_at = this.now().toISOString();
    if (outcome === 'failed') {
      payment.error_code = SANDBOX_ERROR_CODES.authenticationFailure;
      payment.error_message = 'The customer did not complete 3-D Secure authentication.';
    }
    const planChange = this.store.paymentContexts.get(paymentId)?.planChange ?? null;
    if (planChange) {
      const subscription = this.store.subscription(planChange.subscriptionId);
      subscription.pending_change = false;
      this.settle(payment, events);
      if (outcome === 'succeeded') this.applyPlanChange(planChange, events);
      return payment;
    }
    this.settle(payment, events);
    return payment;
  }

  /** Moves a subscription to its new plan and sends `subscription.plan_changed`. */
  applyPlanChange(change: PendingPlanChange, events: SandboxWebhookEvent[]): SandboxSubscription {
    const subscription = this.store.subscription(change.subscriptionId);
    const product = this.store.product(change.productId);
    const now = this.now();
    subscription.product_id = change.productId;
    subscription.quantity = change.quantity;
    subscription.recurring_pre_tax_amount = change.newAmount;
    subscription.credit_balance += change.credit;
    subscription.scheduled_change = null;
    if (change.resetsPeriod) {
      const cadence = product.recurring ?? { interval: 'Month', count: 1 };
      subscription.previous_billing_date = now.toISOString();
      subscription.next_billing_date = addInterval(now, cadence.interval, cadence.count).toISOString();
    }
    events.push({
      business_id: this.store.businessId,
      type: 'subscription.plan_changed',
      timestamp: now.toISOString(),
      data: toSubscription(this.store, subscription),
    });
    return subscription;
  }

  /** Cards a customer can pick on the hosted page for `currency`: not expired, currency supported. */
  usableCardsOnSession(customer: SandboxCustomer, currency: Currency): SandboxPaymentMethod[] {
    const now = this.now();
    return customer.payment_methods
      .map((link) => this.store.paymentMethods.get(link.payment_method_id))
      .filter((card): card is SandboxPaymentMethod => card !== undefined && !isCardExpired(card, now) && supportsCurrency(card, currency));
  }

  /** The customer a session pays as: the named one, one found by email, or a new one. */
  sessionCustomer(session: SandboxCheckoutSession): SandboxCustomer {
    if (session.customer_id !== null) return this.store.customer(session.customer_id);
    const email = session.new_customer?.email ?? 'guest@example.com';
    for (const existing of this.store.customers.values()) if (existing.email === email) return existing;
    const customer: SandboxCustomer = {
      customer_id: newId('cus'),
      name: session.new_customer?.name ?? 'Sandbox Guest',
      email,
      phone_number: null,
      country: 'US',
      created_at: this.now().toISOString(),
      payment_methods: [],
    };
    this.store.customers.set(customer.customer_id, customer);
    session.customer_id = customer.customer_id;
    return customer;
  }

  /** Saves a fresh always-succeeding Visa for the customer (what typing a new card on the hosted page does). */
  addNewCard(customer: SandboxCustomer): SandboxPaymentMethod {
    const now = this.now();
    const card: SandboxPaymentMethod = {
      payment_method_id: newId('pm'),
      card_network: 'VISA',
      last4_digits: '4242',
      expiry_month: '12',
      expiry_year: String(now.getUTCFullYear() + 3),
      card_holder_name: customer.name,
      card_issuing_country: customer.country,
      card_type: 'CREDIT',
      recurring_enabled: true,
      behavior: 'succeed',
      currencies: null,
    };
    this.store.paymentMethods.set(card.payment_method_id, card);
    customer.payment_methods.unshift({ payment_method_id: card.payment_method_id, last_used_at: null });
    return card;
  }

  /**
   * The hosted page's "Pay": charges the chosen card (`choice` = a usable card id or `new`;
   * default the first usable card, else a new one). Returns the payment; its status says
   * whether the customer goes on to the 3-D Secure page.
   */
  payHostedSession(sessionId: string, choice: string | null, events: SandboxWebhookEvent[]): SandboxPayment {
    const session = this.store.session(sessionId);
    const previous = session.payment_id === null ? undefined : this.store.payments.get(session.payment_id);
    if (previous && (previous.status === 'succeeded' || previous.status === 'requires_customer_action')) {
      throw new SandboxHttpError(409, SANDBOX_ERROR_CODES.checkoutSessionConsumed, `Checkout session ${sessionId} already has payment ${previous.payment_id}`);
    }
    const cart = this.priceCart(session.product_cart, { oneTimeOnly: false });
    const customer = this.sessionCustomer(session);
    const usable = this.usableCardsOnSession(customer, cart.currency);
    let card: SandboxPaymentMethod;
    if (choice === 'new') card = this.addNewCard(customer);
    else if (choice !== null) {
      const picked = usable.find((c) => c.payment_method_id === choice);
      if (!picked) invalid(`Payment method ${choice} cannot pay this checkout`);
      card = picked;
    } else card = usable[0] ?? this.addNewCard(customer);

    const decision = decideCharge(card, cart.currency);
    let payment: SandboxPayment;
    if (previous && previous.status === 'requires_payment_method') {
      // A payment created by POST /payments without a card is paid in place: same payment_id.
      payment = previous;
      payment.status = decision.status;
      payment.updated_at = this.now().toISOString();
      payment.payment_method = 'card';
      payment.payment_method_id = card.payment_method_id;
      payment.payment_method_type = card.card_network.toLowerCase();
      payment.card_network = card.card_network;
      payment.card_last_four = card.last4_digits;
      payment.card_type = card.card_type;
      payment.card_issuing_country = card.card_issuing_country;
      payment.card_holder_name = card.card_holder_name;
      payment.customer = toCustomerLimited(customer);
      payment.billing = billingAddressOf(customer);
      if (decision.status === 'failed') {
        payment.error_code = decision.error_code;
        payment.error_message = decision.error_message;
      }
    } else {
      payment = this.createPayment({
        customer,
        lines: session.product_cart,
        currency: cart.currency,
        total: cart.total,
        card,
        decision,
        metadata: session.metadata,
        checkoutSessionId: session.session_id,
        subscriptionId: null,
        context: { returnUrl: session.return_url, planChange: null },
      });
      session.payment_id = payment.payment_id;
    }
    this.settle(payment, events);
    return payment;
  }
}
