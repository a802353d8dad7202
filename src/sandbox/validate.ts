import { SANDBOX_ERROR_CODES, SandboxHttpError } from './errors';
import type { Metadata } from './sdk-types';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws the 422 Dodo answers for a semantically invalid body. */
export function invalid(message: string): never {
  throw new SandboxHttpError(422, SANDBOX_ERROR_CODES.invalidRequest, message);
}

/** The request body as an object, or a 422. */
export function requireBody(body: unknown): JsonObject {
  if (!isJsonObject(body)) invalid('The request body must be a JSON object');
  return body;
}

/** A required non-empty string field, or a 422. */
export function requireString(body: JsonObject, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') invalid(`${field} must be a non-empty string`);
  return value;
}

/** An optional string field (absent or null → null), or a 422 for another type. */
export function optionalString(body: JsonObject, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') invalid(`${field} must be a string`);
  return value;
}

/** A required integer ≥ 1, or a 422. */
export function requireQuantity(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) invalid(`${field} must be an integer of at least 1`);
  return value;
}

/** Optional Dodo metadata: string, number or boolean values only. */
export function optionalMetadata(body: JsonObject, field: string): Metadata | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (!isJsonObject(value)) invalid(`${field} must be an object`);
  const metadata: Metadata = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string' && typeof entry !== 'number' && typeof entry !== 'boolean') {
      invalid(`${field}.${key} must be a string, number or boolean`);
    }
    metadata[key] = entry;
  }
  return metadata;
}

/** A `product_cart`: a non-empty array of `{ product_id, quantity }`, or a 422. */
export function requireCart(body: JsonObject): Array<{ product_id: string; quantity: number }> {
  const cart = body['product_cart'];
  if (!Array.isArray(cart) || cart.length === 0) invalid('product_cart must contain at least one item');
  return cart.map((item: unknown, i) => {
    if (!isJsonObject(item)) invalid(`product_cart[${i}] must be an object`);
    return { product_id: requireString(item, 'product_id'), quantity: requireQuantity(item['quantity'], `product_cart[${i}].quantity`) };
  });
}
