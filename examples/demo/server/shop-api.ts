/**
 * The shop's own API under `/demo/api`: sign-in, the product list, a normal (hosted) checkout,
 * order and account pages. Everything a host app has anyway; the kit's routes live at
 * `/api/upsell` and never take a customer id from the browser, and neither does this.
 *
 * | Route                         | Method | Answer                                   |
 * | ----------------------------- | ------ | ---------------------------------------- |
 * | /demo/api/session             | GET    | { customer, customers, backend, canReset } |
 * | /demo/api/session             | POST   | { customer } + Set-Cookie (sign in)       |
 * | /demo/api/session             | DELETE | 204 + Set-Cookie (sign out)               |
 * | /demo/api/products            | GET    | { products, crossSellProductIds }        |
 * | /demo/api/checkouts           | POST   | { url } of Dodo's hosted checkout        |
 * | /demo/api/orders/:paymentId   | GET    | { order }                                |
 * | /demo/api/account             | GET    | { subscriptions, orders }                |
 * | /demo/api/reset               | POST   | 204 (sandbox only: back to the seed)     |
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type DodoPayments from 'dodopayments';
import type { Payment, Product, Subscription } from 'dodopayments/resources/index';
import { money } from '../../../src/core/index';
import type { Money } from '../../../src/core/index';
import { asRecord, assertSameOrigin, HttpError, readJson, sendError, sendJson } from './http-utils';
import type { SessionCodec } from './session';

/** A customer who can sign in. */
export interface DemoCustomer {
  id: string;
  name: string;
  email: string;
}

/** A product as the shop shows it. */
export interface ShopProduct {
  id: string;
  name: string;
  description: string | null;
  price: Money;
  /** Billing interval of a plan, null for one-time products. */
  interval: 'day' | 'week' | 'month' | 'year' | null;
}

/** One order (a Dodo payment) as the shop shows it. */
export interface ShopOrder {
  paymentId: string;
  status: string;
  createdAt: string;
  total: Money;
  items: Array<{ productId: string; name: string; quantity: number }>;
}

/** One subscription as the Account page shows it. */
export interface ShopSubscription {
  id: string;
  productId: string;
  planName: string;
  price: Money;
  interval: ShopProduct['interval'];
  status: string;
  nextBillingDate: string;
}

/** What the shop API needs from the server around it. */
export interface ShopApiContext {
  /** The Dodo client (sandbox or real). */
  dodo: DodoPayments;
  /** Session cookies. */
  sessions: SessionCodec;
  /** Who can sign in, by id. */
  customers: ReadonlyMap<string, DemoCustomer>;
  /** Products on the shop page (Dodo ids). */
  shopProductIds: readonly string[];
  /** Cross-sells shown in the cart (Dodo ids). */
  crossSellProductIds: readonly string[];
  /** The shop's public URL, for Dodo's `return_url`. */
  publicUrl: string;
  /** Origins the shop is reached at (CSRF check of POST and DELETE routes). */
  allowedOrigins: readonly string[];
  /** Which Dodo the demo talks to. */
  backend: 'sandbox' | 'dodo';
  /** Subscription ids the customer may have (seed, verified webhooks). */
  subscriptionIdsOf: (customerId: string) => Promise<string[]>;
  /** Back to the seed; null when not available (real Dodo). */
  reset: (() => Promise<void>) | null;
}

const PRODUCT_TTL_MS = 60_000;
const MAX_ORDERS = 20;
const INTERVALS: Record<string, ShopProduct['interval']> = { Day: 'day', Week: 'week', Month: 'month', Year: 'year' };

function toShopProduct(product: Product): ShopProduct {
  const price = product.price;
  const amount = price.type === 'usage_based_price' ? price.fixed_price : price.price;
  const interval = price.type === 'one_time_price' ? null : (INTERVALS[price.payment_frequency_interval] ?? null);
  return { id: product.product_id, name: product.name ?? product.product_id, description: product.description ?? null, price: money(amount, price.currency), interval };
}

/** Creates the `/demo/api` request handler. */
export function createShopApi(ctx: ShopApiContext): (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> {
  const productCache = new Map<string, { at: number; product: Promise<ShopProduct> }>();

  function product(id: string): Promise<ShopProduct> {
    const cached = productCache.get(id);
    if (cached && Date.now() - cached.at < PRODUCT_TTL_MS) return cached.product;
    const loading = ctx.dodo.products.retrieve(id).then(toShopProduct);
    loading.catch(() => productCache.delete(id));
    productCache.set(id, { at: Date.now(), product: loading });
    return loading;
  }

  function requireCustomer(req: IncomingMessage): DemoCustomer {
    const id = ctx.sessions.customerFrom(req.headers.cookie);
    const customer = id === null ? undefined : ctx.customers.get(id);
    if (!customer) throw new HttpError(401, 'unauthenticated', 'Please sign in.');
    return customer;
  }

  async function toOrder(payment: Payment): Promise<ShopOrder> {
    const items = await Promise.all(
      (payment.product_cart ?? []).map(async (line) => ({
        productId: line.product_id,
        name: await product(line.product_id).then((p) => p.name, () => line.product_id),
        quantity: line.quantity,
      })),
    );
    return {
      paymentId: payment.payment_id,
      status: payment.status ?? 'processing',
      createdAt: payment.created_at,
      total: money(payment.total_amount, payment.currency),
      items,
    };
  }

  async function toSubscription(subscription: Subscription): Promise<ShopSubscription> {
    const plan = await product(subscription.product_id);
    return {
      id: subscription.subscription_id,
      productId: subscription.product_id,
      planName: plan.name,
      price: money(subscription.recurring_pre_tax_amount, subscription.currency),
      interval: INTERVALS[subscription.payment_frequency_interval] ?? plan.interval,
      status: subscription.status,
      nextBillingDate: subscription.next_billing_date,
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/^\/demo\/api/, '');
    if (method !== 'GET' && method !== 'HEAD') assertSameOrigin(req, ctx.allowedOrigins);

    if (path === '/session') {
      if (method === 'GET') {
        const id = ctx.sessions.customerFrom(req.headers.cookie);
        sendJson(res, 200, {
          customer: id === null ? null : (ctx.customers.get(id) ?? null),
          customers: [...ctx.customers.values()],
          backend: ctx.backend,
          canReset: ctx.reset !== null,
        });
        return;
      }
      if (method === 'POST') {
        const body = asRecord(await readJson(req));
        const customer = typeof body['customerId'] === 'string' ? ctx.customers.get(body['customerId']) : undefined;
        if (!customer) throw new HttpError(400, 'unknown_customer', 'Pick one of the listed customers.');
        sendJson(res, 200, { customer }, { 'set-cookie': ctx.sessions.signIn(customer.id) });
        return;
      }
      if (method === 'DELETE') {
        res.writeHead(204, { 'set-cookie': ctx.sessions.signOut(), 'cache-control': 'no-store' });
        res.end();
        return;
      }
    }

    if (path === '/products' && method === 'GET') {
      const products = await Promise.all(ctx.shopProductIds.map(product));
      sendJson(res, 200, { products, crossSellProductIds: ctx.crossSellProductIds });
      return;
    }

    if (path === '/checkouts' && method === 'POST') {
      const customer = requireCustomer(req);
      const body = asRecord(await readJson(req));
      const items = Array.isArray(body['items']) ? body['items'] : [];
      const cart = items.map((item) => {
        const line = asRecord(item);
        const productId = line['productId'];
        const quantity = line['quantity'] ?? 1;
        if (typeof productId !== 'string' || !ctx.shopProductIds.includes(productId)) throw new HttpError(400, 'unknown_product', 'That product is not sold here.');
        if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity < 1 || quantity > 10) throw new HttpError(400, 'invalid_quantity', 'Quantity must be 1 to 10.');
        return { product_id: productId, quantity };
      });
      if (cart.length === 0 || cart.length > 10) throw new HttpError(400, 'empty_cart', 'Your cart is empty.');
      const currencies = new Set(await Promise.all(cart.map(async (line) => (await product(line.product_id)).price.currency)));
      if (currencies.size > 1) throw new HttpError(400, 'mixed_currencies', 'Products priced in different currencies are paid separately.');
      // A normal checkout: no saved card, no `confirm`. Dodo's hosted page takes the payment and
      // sends the customer back to `return_url` with `payment_id` and `status`.
      const session = await ctx.dodo.checkoutSessions.create({
        product_cart: cart,
        customer: { customer_id: customer.id },
        return_url: `${ctx.publicUrl}/thank-you`,
        metadata: { source: 'upsell-kit-demo' },
      });
      if (!session.checkout_url) throw new HttpError(502, 'no_checkout_url', 'Dodo did not return a checkout page.');
      sendJson(res, 200, { url: session.checkout_url });
      return;
    }

    const order = /^\/orders\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (order && method === 'GET') {
      const customer = requireCustomer(req);
      let payment: Payment;
      try {
        payment = await ctx.dodo.payments.retrieve(order[1] ?? '');
      } catch {
        throw new HttpError(404, 'not_found', 'Order not found.');
      }
      // Somebody else's payment id is as unknown as a made-up one.
      if (payment.customer.customer_id !== customer.id) throw new HttpError(404, 'not_found', 'Order not found.');
      sendJson(res, 200, { order: await toOrder(payment) });
      return;
    }

    if (path === '/account' && method === 'GET') {
      const customer = requireCustomer(req);
      const payments: Payment[] = [];
      for await (const listed of ctx.dodo.payments.list({ customer_id: customer.id, status: 'succeeded', page_size: MAX_ORDERS })) {
        payments.push(await ctx.dodo.payments.retrieve(listed.payment_id));
        if (payments.length >= MAX_ORDERS) break;
      }
      const subscriptionIds = new Set(await ctx.subscriptionIdsOf(customer.id));
      for (const payment of payments) if (payment.subscription_id) subscriptionIds.add(payment.subscription_id);
      const subscriptions = (
        await Promise.all(
          [...subscriptionIds].map((id) =>
            ctx.dodo.subscriptions.retrieve(id).then(
              (subscription) => (subscription.customer.customer_id === customer.id && subscription.status === 'active' ? toSubscription(subscription) : null),
              () => null,
            ),
          ),
        )
      ).filter((subscription): subscription is ShopSubscription => subscription !== null);
      const orders = await Promise.all(payments.map(toOrder));
      orders.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      sendJson(res, 200, { subscriptions, orders });
      return;
    }

    if (path === '/reset' && method === 'POST') {
      if (!ctx.reset) throw new HttpError(404, 'not_found', 'Only the sandbox can be reset.');
      await ctx.reset();
      res.writeHead(204, { 'cache-control': 'no-store' });
      res.end();
      return;
    }

    throw new HttpError(404, 'not_found', 'No such route.');
  }

  return async (req, res, url) => {
    try {
      await handle(req, res, url);
    } catch (error) {
      if (error instanceof HttpError) {
        sendError(res, error.status, error.code, error.message);
        return;
      }
      console.error('upsell-kit demo: shop API error', error);
      if (!res.headersSent) sendError(res, 502, 'upstream', 'Something went wrong talking to Dodo. Please try again.');
      else res.destroy();
    }
  };
}
