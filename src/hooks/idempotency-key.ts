/**
 * Idempotency keys, one per user intent. Dodo's SDK sends none, so the kit makes one per
 * "buy this with that card" and reuses it on retry: the backend then returns the first
 * result instead of charging twice.
 */

/** A fresh random key (a UUID when `crypto.randomUUID` exists). */
export function createIdempotencyKey(): string {
  const cryptoApi = globalThis.crypto as Partial<Crypto> | undefined;
  if (cryptoApi?.randomUUID) return `uk_${cryptoApi.randomUUID()}`;
  const bytes = new Uint8Array(16);
  if (cryptoApi?.getRandomValues) cryptoApi.getRandomValues(bytes);
  // Assigning to a Uint8Array truncates to an integer byte.
  else bytes.forEach((_, i) => (bytes[i] = Math.random() * 256));
  return `uk_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Where intent keys are kept: `sessionStorage`, so a reload in the same tab finds them. */
export type IntentKeyStorage = Pick<Storage, 'getItem' | 'setItem'>;

const INTENT_PREFIX = 'upsell-kit:intent:';
/** How long a remembered intent key is reused; longer than any offer or purchase stays open. */
const INTENT_TTL_MS = 24 * 60 * 60 * 1000;

function sessionStorageOrNull(): IntentKeyStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    // No `window` (server), or storage blocked (privacy modes, sandboxed iframes): both throw.
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
    const { key, at } = JSON.parse(storage?.getItem(name) ?? 'null') as { key?: unknown; at?: unknown };
    if (typeof key === 'string' && typeof at === 'number' && now - at < INTENT_TTL_MS) return key;
  } catch {
    // Nothing saved, or a corrupt or unreadable entry: replaced below.
  }
  const key = createIdempotencyKey();
  try {
    storage?.setItem(name, JSON.stringify({ key, at: now }));
  } catch {
    // Full or blocked storage: the key still protects this page's clicks.
  }
  return key;
}
