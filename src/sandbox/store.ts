import { SANDBOX_ERROR_CODES, SandboxHttpError } from './errors';
import type {
  SandboxCheckoutSession,
  SandboxCustomer,
  SandboxPayment,
  SandboxPaymentMethod,
  SandboxProduct,
  SandboxSeed,
  SandboxSubscription,
} from './records';

/** Read access to the sandbox's live state. The maps are the live ones: they survive `reset()`. */
export interface SandboxStateView {
  /** Business id reported on objects and webhooks. */
  readonly businessId: string;
  /** Brand id reported on objects. */
  readonly brandId: string;
  /** Customers by id. */
  readonly customers: ReadonlyMap<string, Readonly<SandboxCustomer>>;
  /** Products by id. */
  readonly products: ReadonlyMap<string, Readonly<SandboxProduct>>;
  /** Saved cards by id. */
  readonly paymentMethods: ReadonlyMap<string, Readonly<SandboxPaymentMethod>>;
  /** Subscriptions by id. */
  readonly subscriptions: ReadonlyMap<string, Readonly<SandboxSubscription>>;
  /** Payments by id, in creation order. */
  readonly payments: ReadonlyMap<string, Readonly<SandboxPayment>>;
  /** Checkout sessions by id. */
  readonly checkoutSessions: ReadonlyMap<string, Readonly<SandboxCheckoutSession>>;
}

/** Where a payment came from and where its customer goes afterwards (sandbox bookkeeping, never served). */
export interface PaymentContext {
  /** Redirect target after the hosted pages. */
  returnUrl: string | null;
  /** Set for a plan-change charge: the change waits for this payment when it needs 3-D Secure. */
  planChange: PendingPlanChange | null;
}

/** A plan change whose charge awaits customer action. */
export interface PendingPlanChange {
  /** Subscription being changed. */
  subscriptionId: string;
  /** Target plan. */
  productId: string;
  /** Target quantity. */
  quantity: number;
  /** New per-period amount. */
  newAmount: number;
  /** Credit created by the change. */
  credit: number;
  /** True when the change restarts the billing period. */
  resetsPeriod: boolean;
}

function index<T>(items: readonly T[], key: (item: T) => string): Array<[string, T]> {
  return items.map((item) => [key(item), structuredClone(item)]);
}

/** The sandbox's mutable state, rebuilt from a seed by `reset()`. */
export class SandboxStore implements SandboxStateView {
  businessId = '';
  brandId = '';
  readonly customers = new Map<string, SandboxCustomer>();
  readonly products = new Map<string, SandboxProduct>();
  readonly paymentMethods = new Map<string, SandboxPaymentMethod>();
  readonly subscriptions = new Map<string, SandboxSubscription>();
  readonly payments = new Map<string, SandboxPayment>();
  readonly checkoutSessions = new Map<string, SandboxCheckoutSession>();
  readonly paymentContexts = new Map<string, PaymentContext>();

  /** @param seed the state `reset()` returns to. */
  constructor(private readonly seed: Readonly<SandboxSeed>) {
    this.reset();
  }

  /** Back to a deep copy of the seed. */
  reset(): void {
    this.businessId = this.seed.business_id;
    this.brandId = this.seed.brand_id;
    const refill = <T>(map: Map<string, T>, entries: Array<[string, T]>): void => {
      map.clear();
      for (const [id, value] of entries) map.set(id, value);
    };
    refill(this.customers, index(this.seed.customers, (c) => c.customer_id));
    refill(this.products, index(this.seed.products, (p) => p.product_id));
    refill(this.paymentMethods, index(this.seed.payment_methods, (m) => m.payment_method_id));
    refill(this.subscriptions, index(this.seed.subscriptions, (s) => s.subscription_id));
    this.payments.clear();
    this.checkoutSessions.clear();
    this.paymentContexts.clear();
  }

  /** The customer, or a 404. */
  customer(id: string): SandboxCustomer {
    return found(this.customers.get(id), `Customer ${id} not found`);
  }

  /** The product, or a 404. */
  product(id: string): SandboxProduct {
    return found(this.products.get(id), `Product ${id} not found`);
  }

  /** The subscription, or a 404. */
  subscription(id: string): SandboxSubscription {
    return found(this.subscriptions.get(id), `Subscription ${id} not found`);
  }

  /** The payment, or a 404. */
  payment(id: string): SandboxPayment {
    return found(this.payments.get(id), `Payment ${id} not found`);
  }

  /** The checkout session, or a 404. */
  session(id: string): SandboxCheckoutSession {
    return found(this.checkoutSessions.get(id), `Checkout session ${id} not found`);
  }
}

function found<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new SandboxHttpError(404, SANDBOX_ERROR_CODES.notFound, message);
  return value;
}
