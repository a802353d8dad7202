import type { SandboxBilling } from './billing';
import { decideCharge, requireOffSessionCard } from './charge-rules';
import { newId } from './ids';
import { listPayments, parsePaymentListQuery } from './payment-list';
import type { SandboxPlanChanges } from './plan-changes';
import type { SandboxCheckoutSession, SandboxCustomer } from './records';
import type { RouteDefinition } from './router';
import type { BillingAddress, CheckoutSessionResponse, CountryCode, CustomerRetrievePaymentMethodsResponse, PaymentCreateResponse } from './sdk-types';
import { toCustomer, toCustomerLimited, toPaymentMethodItem, toProduct, toSubscription } from './serialize';
import {
  invalid,
  isJsonObject,
  optionalMetadata,
  optionalString,
  requireBody,
  requireCart,
  requireString,
  type JsonObject,
} from './validate';

type CustomerReference = { customer_id: string } | { email: string; name: string | null };

function parseCustomerReference(value: unknown): CustomerReference | null {
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) invalid('customer must be an object');
  if (value['customer_id'] !== undefined) return { customer_id: requireString(value, 'customer_id') };
  return { email: requireString(value, 'email'), name: optionalString(value, 'name') };
}

function parseReturnUrl(body: JsonObject): string | null {
  const returnUrl = optionalString(body, 'return_url');
  if (returnUrl === null) return null;
  if (!URL.canParse(returnUrl)) invalid('return_url must be a valid absolute URL');
  return returnUrl;
}

function isCountryCode(value: unknown): value is CountryCode {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value);
}

function parseBilling(body: JsonObject): BillingAddress {
  const billing = body['billing'];
  if (!isJsonObject(billing)) invalid('billing is required');
  const country = billing['country'];
  if (!isCountryCode(country)) invalid('billing.country must be an ISO 3166-1 alpha-2 code');
  return {
    country,
    city: optionalString(billing, 'city'),
    state: optionalString(billing, 'state'),
    street: optionalString(billing, 'street'),
    zipcode: optionalString(billing, 'zipcode'),
  };
}

/** The customer a new-customer reference names: an existing one with that email, or a new record. */
function findOrCreateCustomer(billing: SandboxBilling, reference: { email: string; name: string | null }, country: CountryCode): SandboxCustomer {
  for (const existing of billing.store.customers.values()) if (existing.email === reference.email) return existing;
  const customer: SandboxCustomer = {
    customer_id: newId('cus'),
    name: reference.name ?? reference.email,
    email: reference.email,
    phone_number: null,
    country,
    created_at: billing.now().toISOString(),
    payment_methods: [],
  };
  billing.store.customers.set(customer.customer_id, customer);
  return customer;
}

function clientSecret(paymentId: string): string {
  return `${paymentId}_secret_${newId('cs').slice(3)}`;
}

/** The Dodo REST endpoints the kit's server calls, at the SDK's paths. */
export function apiRoutes(billing: SandboxBilling, planChanges: SandboxPlanChanges): RouteDefinition[] {
  const { store } = billing;
  return [
    {
      method: 'GET',
      pattern: '/customers/:id/payment-methods',
      audience: 'api',
      handle: (ctx) => {
        const customer = store.customer(ctx.param('id'));
        const body: CustomerRetrievePaymentMethodsResponse = {
          items: customer.payment_methods.flatMap((link) => {
            const card = store.paymentMethods.get(link.payment_method_id);
            return card ? [toPaymentMethodItem(card, link.last_used_at)] : [];
          }),
        };
        return { kind: 'json', status: 200, body };
      },
    },
    {
      method: 'GET',
      pattern: '/customers/:id',
      audience: 'api',
      handle: (ctx) => ({ kind: 'json', status: 200, body: toCustomer(store, store.customer(ctx.param('id'))) }),
    },
    {
      method: 'GET',
      pattern: '/products/:id',
      audience: 'api',
      handle: (ctx) => ({ kind: 'json', status: 200, body: toProduct(store, store.product(ctx.param('id'))) }),
    },
    {
      method: 'POST',
      pattern: '/checkouts',
      audience: 'api',
      handle: (ctx) => {
        const body = requireBody(ctx.body);
        const items = requireCart(body);
        const paymentMethodId = optionalString(body, 'payment_method_id');
        // Dodo: "payment_method_id … Only allowed when `confirm` is true."
        if (paymentMethodId !== null && body['confirm'] !== true) invalid('payment_method_id is only allowed when confirm is true');
        const cart = billing.priceCart(items, { oneTimeOnly: false });
        const reference = parseCustomerReference(body['customer']);
        const metadata = optionalMetadata(body, 'metadata') ?? {};
        const returnUrl = parseReturnUrl(body);
        const named = reference !== null && 'customer_id' in reference ? store.customer(reference.customer_id) : null;

        const session: SandboxCheckoutSession = {
          session_id: newId('cks'),
          customer_id: named?.customer_id ?? null,
          new_customer: reference !== null && 'email' in reference ? reference : null,
          product_cart: items,
          return_url: returnUrl,
          metadata,
          payment_id: null,
          created_at: billing.now().toISOString(),
        };

        if (paymentMethodId === null) {
          store.checkoutSessions.set(session.session_id, session);
          const reply: CheckoutSessionResponse = {
            session_id: session.session_id,
            checkout_url: billing.checkoutUrl(session.session_id),
            payment_id: null,
            client_secret: null,
          };
          return { kind: 'json', status: 200, body: reply };
        }

        if (named === null) invalid('payment_method_id requires customer.customer_id of an existing customer');
        const card = requireOffSessionCard(named, paymentMethodId, store.paymentMethods, billing.now());
        const decision = decideCharge(card, cart.currency);
        store.checkoutSessions.set(session.session_id, session);
        const payment = billing.createPayment({
          customer: named,
          lines: items,
          currency: cart.currency,
          total: cart.total,
          card,
          decision,
          metadata,
          checkoutSessionId: session.session_id,
          subscriptionId: null,
          context: { returnUrl, planChange: null },
        });
        session.payment_id = payment.payment_id;
        if (decision.status === 'requires_customer_action') {
          payment.payment_link = billing.actionUrl(payment.payment_id);
          const reply: CheckoutSessionResponse = {
            session_id: session.session_id,
            payment_id: payment.payment_id,
            checkout_url: payment.payment_link,
            client_secret: clientSecret(payment.payment_id),
          };
          return { kind: 'json', status: 200, body: reply };
        }
        billing.settle(payment, ctx.events);
        const reply: CheckoutSessionResponse = { session_id: session.session_id, payment_id: payment.payment_id, checkout_url: null, client_secret: null };
        return { kind: 'json', status: 200, body: reply };
      },
    },
    {
      method: 'POST',
      pattern: '/payments',
      audience: 'api',
      handle: (ctx) => {
        const body = requireBody(ctx.body);
        const billingAddress = parseBilling(body);
        const reference = parseCustomerReference(body['customer']);
        if (reference === null) invalid('customer is required');
        const items = requireCart(body);
        const cart = billing.priceCart(items, { oneTimeOnly: true });
        const paymentMethodId = optionalString(body, 'payment_method_id');
        const metadata = optionalMetadata(body, 'metadata') ?? {};
        const returnUrl = parseReturnUrl(body);
        if (paymentMethodId !== null && !('customer_id' in reference)) invalid('payment_method_id requires customer.customer_id of an existing customer');
        const customer = 'customer_id' in reference ? store.customer(reference.customer_id) : findOrCreateCustomer(billing, reference, billingAddress.country);
        const card = paymentMethodId === null ? null : requireOffSessionCard(customer, paymentMethodId, store.paymentMethods, billing.now());
        const decision = card === null ? ({ status: 'requires_payment_method' } as const) : decideCharge(card, cart.currency);

        const payment = billing.createPayment({
          customer,
          lines: items,
          currency: cart.currency,
          total: cart.total,
          card,
          decision,
          metadata,
          checkoutSessionId: null,
          subscriptionId: null,
          context: { returnUrl, planChange: null },
        });
        payment.billing = billingAddress;
        let expiresOn: string | null = null;
        if (decision.status === 'requires_payment_method') {
          // No saved card: the customer pays on the hosted page, which settles this same payment.
          const session: SandboxCheckoutSession = {
            session_id: newId('cks'),
            customer_id: customer.customer_id,
            new_customer: null,
            product_cart: items,
            return_url: returnUrl,
            metadata,
            payment_id: payment.payment_id,
            created_at: billing.now().toISOString(),
          };
          store.checkoutSessions.set(session.session_id, session);
          payment.checkout_session_id = session.session_id;
          payment.payment_link = billing.checkoutUrl(session.session_id);
          expiresOn = new Date(billing.now().getTime() + 24 * 3600 * 1000).toISOString();
        } else if (decision.status === 'requires_customer_action') {
          payment.payment_link = billing.actionUrl(payment.payment_id);
          expiresOn = new Date(billing.now().getTime() + 24 * 3600 * 1000).toISOString();
        } else {
          billing.settle(payment, ctx.events);
        }
        const reply: PaymentCreateResponse = {
          payment_id: payment.payment_id,
          client_secret: clientSecret(payment.payment_id),
          customer: toCustomerLimited(customer),
          metadata: { ...metadata },
          total_amount: payment.total_amount,
          payment_link: payment.payment_link ?? null,
          product_cart: items.map((item) => ({ ...item })),
          expires_on: expiresOn,
          discount_id: null,
          discount_ids: [],
        };
        return { kind: 'json', status: 200, body: reply };
      },
    },
    {
      // `client.payments.list(…)`: filters, newest first, zero-based pages of `{ items }`.
      method: 'GET',
      pattern: '/payments',
      audience: 'api',
      handle: (ctx) => ({ kind: 'json', status: 200, body: listPayments(store.payments.values(), parsePaymentListQuery(ctx.query)) }),
    },
    {
      method: 'GET',
      pattern: '/payments/:id',
      audience: 'api',
      handle: (ctx) => ({ kind: 'json', status: 200, body: store.payment(ctx.param('id')) }),
    },
    {
      method: 'GET',
      pattern: '/subscriptions/:id',
      audience: 'api',
      handle: (ctx) => ({ kind: 'json', status: 200, body: toSubscription(store, store.subscription(ctx.param('id'))) }),
    },
    {
      method: 'POST',
      pattern: '/subscriptions/:id/change-plan/preview',
      audience: 'api',
      handle: (ctx) => ({ kind: 'json', status: 200, body: planChanges.preview(ctx.param('id'), ctx.body) }),
    },
    {
      method: 'POST',
      pattern: '/subscriptions/:id/change-plan',
      audience: 'api',
      handle: (ctx) => ({ kind: 'json', status: 200, body: planChanges.change(ctx.param('id'), ctx.body, ctx.events) }),
    },
  ];
}
