/**
 * Idempotency keys, one per user intent. Dodo's SDK sends none, so the kit makes one per
 * "buy this with that card" and reuses it on retry: the backend then returns the first
 * result instead of charging twice.
 */

/** A fresh random key (a UUID when `crypto.randomUUID` exists). */
export function createIdempotencyKey(): string {
  const cryptoApi: Crypto | undefined = typeof globalThis.crypto === 'object' ? globalThis.crypto : undefined;
  if (cryptoApi && typeof cryptoApi.randomUUID === 'function') return `uk_${cryptoApi.randomUUID()}`;
  const bytes = new Uint8Array(16);
  if (cryptoApi && typeof cryptoApi.getRandomValues === 'function') cryptoApi.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return `uk_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
