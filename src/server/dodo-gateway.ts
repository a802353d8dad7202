/**
 * Every call the kit makes to Dodo, in one place, so the retry rule is enforced once:
 * mutating calls run with `maxRetries: 0`, reads keep the SDK's retries.
 *
 * Why: the SDK retries 408/409/429/5xx and dropped connections twice by default, and Dodo
 * takes no idempotency key, so a retried charge whose first response was lost charges the
 * customer again. An unknown outcome is reconciled instead (webhook or payment lookup).
 */
import DodoPayments from 'dodopayments';
import type { ClientOptions } from 'dodopayments';
import type {
  CheckoutSessionRequest,
  CheckoutSessionResponse,
  Payment,
  PaymentCreateParams,
  PaymentCreateResponse,
  PaymentListResponse,
  Subscription,
  SubscriptionChangePlanParams,
  SubscriptionChangePlanResponse,
  SubscriptionPreviewChangePlanParams,
  SubscriptionPreviewChangePlanResponse,
} from 'dodopayments/resources/index';
import type { PaymentMethodRecord } from '../core/types';
import { toCatalogProduct } from './catalog';
import type { CatalogProduct } from './catalog';
import { toPaymentMethodRecord } from './payment-methods';
import type { SupportedCurrenciesRule } from './payment-methods';
import { createTtlCache } from './ttl-cache';

/** Per-request options for calls that may move money: never retried by the SDK. */
const NO_RETRY = Object.freeze({ maxRetries: 0 });

/** The kit's view of Dodo. */
export interface DodoGateway {
  /** The customer's saved payment methods (read). */
  listPaymentMethods(customerId: string): Promise<PaymentMethodRecord[]>;
  /** A product, cached for `productCacheTtlMs` (read). */
  getProduct(productId: string): Promise<CatalogProduct>;
  /** A subscription (read). */
  getSubscription(subscriptionId: string): Promise<Subscription>;
  /** A payment (read). */
  getPayment(paymentId: string): Promise<Payment>;
  /** The customer's payment carrying `metadata.upsell_purchase_id = purchaseId`, created since `since` (read). */
  findPaymentByPurchase(customerId: string, purchaseId: string, since: Date): Promise<PaymentListResponse | null>;
  /**
   * Previews a plan change. Not retried: a 409 means "another change is pending" and is an
   * answer, and a retried preview only delays it (the SDK backs off for seconds).
   */
  previewChangePlan(subscriptionId: string, params: SubscriptionPreviewChangePlanParams): Promise<SubscriptionPreviewChangePlanResponse>;
  /** Changes a plan, possibly charging (mutating, never retried). */
  changePlan(subscriptionId: string, params: SubscriptionChangePlanParams): Promise<SubscriptionChangePlanResponse>;
  /** One-click checkout session with a saved method and `confirm: true` (mutating, never retried). */
  chargeWithCheckout(params: CheckoutSessionRequest): Promise<CheckoutSessionResponse>;
  /** Payment with a saved method (mutating, never retried). */
  chargeWithPayment(params: PaymentCreateParams): Promise<PaymentCreateResponse>;
  /**
   * A normal hosted checkout session (no saved method, no confirm). It moves no money by
   * itself, so it is not retried either: a duplicate would be harmless, but the fallback
   * should answer fast rather than back off for seconds.
   */
  createCheckout(params: CheckoutSessionRequest): Promise<CheckoutSessionResponse>;
}

/** Options of {@link createDodoGateway}. */
export interface DodoGatewayOptions {
  /** A client, or options to build one. */
  dodo: DodoPayments | ClientOptions;
  /** Product cache lifetime in ms. */
  productCacheTtlMs: number;
  /** Clock for the cache. */
  now: () => Date;
  /** Currency rule for saved methods. */
  supportedCurrencies: SupportedCurrenciesRule;
}

function isClient(value: DodoPayments | ClientOptions): value is DodoPayments {
  if (value instanceof DodoPayments) return true;
  // Another copy of the SDK in the bundle: recognise it by shape.
  const candidate = value as { checkoutSessions?: unknown; subscriptions?: unknown };
  return typeof candidate.checkoutSessions === 'object' && typeof candidate.subscriptions === 'object';
}

/** Wraps a Dodo client with the kit's retry and caching rules. */
export function createDodoGateway(options: DodoGatewayOptions): DodoGateway {
  const client = isClient(options.dodo) ? options.dodo : new DodoPayments(options.dodo);
  const products = createTtlCache<CatalogProduct>({ ttlMs: options.productCacheTtlMs, now: options.now });

  return {
    async listPaymentMethods(customerId) {
      const response = await client.customers.retrievePaymentMethods(customerId);
      return response.items.map((item) => toPaymentMethodRecord(item, options.supportedCurrencies));
    },
    getProduct(productId) {
      return products.get(productId, async () => toCatalogProduct(await client.products.retrieve(productId)));
    },
    getSubscription(subscriptionId) {
      return client.subscriptions.retrieve(subscriptionId);
    },
    getPayment(paymentId) {
      return client.payments.retrieve(paymentId);
    },
    async findPaymentByPurchase(customerId, purchaseId, since) {
      // `page_number: 0` explicitly: the SDK computes the next page as `(page_number ?? 1) + 1`,
      // so leaving it out skips Dodo's page 1. Bounded, since only recent payments can match.
      let seen = 0;
      for await (const payment of client.payments.list({ customer_id: customerId, created_at_gte: since.toISOString(), page_number: 0, page_size: 100 })) {
        if (payment.metadata['upsell_purchase_id'] === purchaseId) return payment;
        if (++seen >= 1_000) break;
      }
      return null;
    },
    previewChangePlan(subscriptionId, params) {
      return client.subscriptions.previewChangePlan(subscriptionId, params, NO_RETRY);
    },
    changePlan(subscriptionId, params) {
      return client.subscriptions.changePlan(subscriptionId, params, NO_RETRY);
    },
    chargeWithCheckout(params) {
      return client.checkoutSessions.create(params, NO_RETRY);
    },
    chargeWithPayment(params) {
      return client.payments.create(params, NO_RETRY);
    },
    createCheckout(params) {
      return client.checkoutSessions.create(params, NO_RETRY);
    },
  };
}
