/**
 * Dodo products as the kit shows and prices them. Prices always come from Dodo's product
 * (never from configuration or the browser), so an offer and its purchase agree with what
 * Dodo will charge.
 */
import type { Product } from 'dodopayments/resources/index';
import { money } from '../core/money';
import type { Money } from '../core/money';
import type { BillingInterval, OfferProduct, PlanSummary } from '../core/types';

/** A product with its unit price, as the offer engine needs it. */
export interface CatalogProduct extends OfferProduct {
  /** Unit price per purchase (one-time) or per billing interval (recurring). */
  price: Money;
  /** Billing interval, null for one-time products. */
  interval: BillingInterval | null;
}

const INTERVALS: Record<string, BillingInterval> = { day: 'day', week: 'week', month: 'month', year: 'year' };

/** Dodo's `Day`/`Week`/`Month`/`Year` → the kit's lower-case interval. */
export function toBillingInterval(value: string | null | undefined): BillingInterval | null {
  return value ? (INTERVALS[value.toLowerCase()] ?? null) : null;
}

/**
 * Feature bullets from `metadata.features`: a JSON array of strings (Dodo metadata values
 * are strings), or a newline-separated list. Anything else → no features.
 */
export function parseFeatures(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string').slice(0, 50);
  if (typeof value !== 'string' || value.trim() === '') return [];
  try {
    return parseFeatures(JSON.parse(value) as unknown);
  } catch {
    return value.split('\n').map((line) => line.trim()).filter((line) => line !== '').slice(0, 50);
  }
}

/** A Dodo product → {@link CatalogProduct}. Throws `invalid_request` for a price that is not integer minor units. */
export function toCatalogProduct(product: Product): CatalogProduct {
  const price = product.price;
  let amount: number;
  let interval: BillingInterval | null = null;
  switch (price.type) {
    case 'one_time_price':
      amount = price.price;
      break;
    case 'recurring_price':
      amount = price.price;
      interval = toBillingInterval(price.payment_frequency_interval);
      break;
    case 'usage_based_price':
      amount = price.fixed_price;
      interval = toBillingInterval(price.payment_frequency_interval);
      break;
  }
  const metadata = product.metadata as Record<string, unknown>;
  return {
    id: product.product_id,
    name: product.name ?? product.product_id,
    description: product.description ?? null,
    imageUrl: product.image ?? null,
    features: parseFeatures(metadata['features']),
    price: money(amount, price.currency),
    interval,
  };
}

/** The display part of a catalogue product. */
export function toOfferProduct(product: CatalogProduct): OfferProduct {
  return { id: product.id, name: product.name, description: product.description, imageUrl: product.imageUrl, features: [...product.features] };
}

/** A plan summary for plan comparisons. */
export function toPlanSummary(product: CatalogProduct): PlanSummary {
  return { productId: product.id, name: product.name, price: product.price, interval: product.interval, features: [...product.features] };
}
