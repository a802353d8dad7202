import type { SandboxCustomer, SandboxPaymentMethod, SandboxProduct, SandboxSubscription } from './records';
import type {
  BillingAddress,
  Customer,
  CustomerLimitedDetails,
  CustomerRetrievePaymentMethodsResponse,
  Payment,
  PaymentListResponse,
  Price,
  Product,
  Subscription,
} from './sdk-types';
import type { SandboxStateView } from './store';

const ADDRESSES: Partial<Record<BillingAddress['country'], Omit<BillingAddress, 'country'>>> = {
  US: { street: '548 Market St', city: 'San Francisco', state: 'CA', zipcode: '94104' },
  IN: { street: '12 MG Road', city: 'Bengaluru', state: 'KA', zipcode: '560001' },
  GB: { street: '10 Finsbury Square', city: 'London', state: null, zipcode: 'EC2A 1AF' },
};

/** A plausible billing address in the customer's country. */
export function billingAddressOf(customer: SandboxCustomer): BillingAddress {
  return { country: customer.country, ...(ADDRESSES[customer.country] ?? { street: null, city: null, state: null, zipcode: null }) };
}

/** The `customer` block embedded in payments and subscriptions. */
export function toCustomerLimited(customer: SandboxCustomer): CustomerLimitedDetails {
  return {
    customer_id: customer.customer_id,
    email: customer.email,
    name: customer.name,
    phone_number: customer.phone_number,
    metadata: {},
  };
}

/** GET /customers/{id}. */
export function toCustomer(state: SandboxStateView, customer: SandboxCustomer): Customer {
  return {
    business_id: state.businessId,
    created_at: customer.created_at,
    customer_id: customer.customer_id,
    email: customer.email,
    name: customer.name,
    phone_number: customer.phone_number,
    metadata: {},
  };
}

/** One item of GET /customers/{id}/payment-methods. */
export function toPaymentMethodItem(
  card: SandboxPaymentMethod,
  lastUsedAt: string | null,
): CustomerRetrievePaymentMethodsResponse.Item {
  return {
    payment_method_id: card.payment_method_id,
    payment_method: 'card',
    payment_method_type: card.card_type === 'DEBIT' ? 'debit' : 'credit',
    card: {
      card_network: card.card_network,
      last4_digits: card.last4_digits,
      expiry_month: card.expiry_month,
      expiry_year: card.expiry_year,
      card_holder_name: card.card_holder_name,
      card_issuing_country: card.card_issuing_country,
      card_type: card.card_type,
    },
    recurring_enabled: card.recurring_enabled,
    last_used_at: lastUsedAt,
  };
}

/** One item of GET /payments: the list's summary of a payment (no cart, no billing, no error fields). */
export function toPaymentListItem(payment: Payment): PaymentListResponse {
  return {
    brand_id: payment.brand_id,
    created_at: payment.created_at,
    currency: payment.currency,
    customer: structuredClone(payment.customer),
    digital_products_delivered: payment.digital_products_delivered,
    // The sandbox's catalogue has no license-key products.
    has_license_key: false,
    is_multi_subscription: payment.is_multi_subscription,
    metadata: { ...payment.metadata },
    payment_id: payment.payment_id,
    payment_provider: payment.payment_provider,
    subscription_ids: [...payment.subscription_ids],
    total_amount: payment.total_amount,
    card_last_four: payment.card_last_four ?? null,
    card_network: payment.card_network ?? null,
    dispute_status: null,
    invoice_id: payment.invoice_id ?? null,
    invoice_url: payment.invoice_url ?? null,
    payment_method: payment.payment_method ?? null,
    payment_method_type: payment.payment_method_type ?? null,
    refund_status: payment.refund_status ?? null,
    status: payment.status ?? null,
    subscription_id: payment.subscription_id ?? null,
  };
}

function toPrice(product: SandboxProduct): Price {
  if (product.recurring === null) {
    return {
      type: 'one_time_price',
      price: product.price,
      currency: product.currency,
      discount: 0,
      pay_what_you_want: false,
      purchasing_power_parity: false,
      tax_inclusive: false,
    };
  }
  return {
    type: 'recurring_price',
    price: product.price,
    currency: product.currency,
    payment_frequency_count: product.recurring.count,
    payment_frequency_interval: product.recurring.interval,
    // Dodo's default subscription term: it renews every period for 10 years.
    subscription_period_count: 10,
    subscription_period_interval: 'Year',
    trial_period_days: 0,
    discount: 0,
    purchasing_power_parity: false,
    tax_inclusive: false,
  };
}

/** GET /products/{id}. `metadata.features` carries the feature list as a JSON array string. */
export function toProduct(state: SandboxStateView, product: SandboxProduct): Product {
  return {
    product_id: product.product_id,
    brand_id: state.brandId,
    business_id: state.businessId,
    name: product.name,
    description: product.description,
    created_at: product.created_at,
    updated_at: product.updated_at,
    is_recurring: product.recurring !== null,
    price: toPrice(product),
    tax_category: product.tax_category,
    metadata: { ...product.metadata, features: JSON.stringify(product.features) },
    credit_entitlements: [],
    entitlements: [],
    license_key_enabled: false,
    addons: [],
    image: null,
  };
}

/** GET /subscriptions/{id}. */
export function toSubscription(state: SandboxStateView, subscription: SandboxSubscription): Subscription {
  const customer = state.customers.get(subscription.customer_id);
  const product = state.products.get(subscription.product_id);
  if (!customer || !product) throw new Error(`Subscription ${subscription.subscription_id} points at a missing customer or product`);
  const interval = product.recurring ?? { interval: 'Month', count: 1 };
  const scheduled = subscription.scheduled_change;
  const scheduledProduct = scheduled ? state.products.get(scheduled.product_id) : undefined;
  return {
    subscription_id: subscription.subscription_id,
    brand_id: state.brandId,
    status: subscription.status,
    product_id: subscription.product_id,
    quantity: subscription.quantity,
    recurring_pre_tax_amount: subscription.recurring_pre_tax_amount,
    currency: subscription.currency,
    tax_inclusive: false,
    customer: toCustomerLimited(customer),
    billing: billingAddressOf(customer),
    created_at: subscription.created_at,
    previous_billing_date: subscription.previous_billing_date,
    next_billing_date: subscription.next_billing_date,
    payment_frequency_count: interval.count,
    payment_frequency_interval: interval.interval,
    subscription_period_count: 10,
    subscription_period_interval: 'Year',
    trial_period_days: 0,
    on_demand: false,
    cancel_at_next_billing_date: false,
    cancelled_at: null,
    has_payment_method: subscription.payment_method_id !== null,
    payment_method_id: subscription.payment_method_id,
    metadata: { ...subscription.metadata },
    addons: [],
    meters: [],
    credit_entitlement_cart: [],
    meter_credit_entitlement_cart: [],
    discounts: [],
    scheduled_change: scheduled
      ? {
          id: `sch_${subscription.subscription_id}`,
          addons: [],
          created_at: scheduled.created_at,
          effective_at: subscription.next_billing_date,
          product_id: scheduled.product_id,
          quantity: scheduled.quantity,
          product_name: scheduledProduct?.name ?? null,
          product_description: scheduledProduct?.description ?? null,
        }
      : null,
  };
}
