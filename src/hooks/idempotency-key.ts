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

/** Where intent keys are kept: `sessionStorage`, so a reload in the same tab finds them. */
export type IntentKeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

const INTENT_PREFIX = 'upsell-kit:intent:';
/** How long a remembered intent key is reused; longer than any offer or purchase stays open. */
const INTENT_TTL_MS = 24 * 60 * 60 * 1000;

function sessionStorageOrNull(): IntentKeyStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    // Storage can throw when blocked (privacy modes, sandboxed iframes).
    return null;
  }
}

/**
 * The idempotency key of a user intent such as "buy offer X with card Y". Remembered in
 * `sessionStorage`, so a click after a reload (the first answer lost with the page) sends
 * the same key and the backend answers with the first result instead of charging again.
 * Only called from event handlers, never during render.
 */
export function keyForIntent(intent: string, storage: IntentKeyStorage | null = sessionStorageOrNull(), now = Date.now()): string {
  const name = INTENT_PREFIX + intent;
  try {
    const saved: unknown = JSON.parse(storage?.getItem(name) ?? 'null');
    if (typeof saved === 'object' && saved !== null) {
      const { key, at } = saved as { key?: unknown; at?: unknown };
      if (typeof key === 'string' && typeof at === 'number' && now - at < INTENT_TTL_MS) return key;
    }
  } catch {
    // A corrupt or unreadable entry is replaced below.
  }
  const key = createIdempotencyKey();
  try {
    storage?.setItem(name, JSON.stringify({ key, at: now }));
  } catch {
    // Full or blocked storage: the key still protects this page's clicks.
  }
  return key;
}
