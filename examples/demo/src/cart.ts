/** The cart: product ids and quantities in this browser's storage, shared by every page. */
import { useSyncExternalStore } from 'react';

export interface CartLine {
  productId: string;
  quantity: number;
}

const KEY = 'demo:cart';
const listeners = new Set<() => void>();
let cached: { raw: string | null; lines: CartLine[] } = { raw: null, lines: [] };

function load(): CartLine[] {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    raw = null;
  }
  if (raw === cached.raw) return cached.lines;
  let lines: CartLine[] = [];
  try {
    const parsed: unknown = JSON.parse(raw ?? '[]');
    if (Array.isArray(parsed)) {
      lines = parsed.filter(
        (line): line is CartLine =>
          typeof line === 'object' && line !== null && typeof (line as CartLine).productId === 'string' && Number.isSafeInteger((line as CartLine).quantity),
      );
    }
  } catch {
    lines = [];
  }
  cached = { raw, lines };
  return lines;
}

function save(lines: CartLine[]): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(lines));
  } catch {
    // Blocked storage: nothing to remember the cart in.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent): void => {
    if (event.key === KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

const EMPTY: CartLine[] = [];

/** The cart's lines; re-renders when they change (in any tab). */
export function useCart(): CartLine[] {
  return useSyncExternalStore(subscribe, load, () => EMPTY);
}

/** Adds one of `productId` (at most 10). */
export function addToCart(productId: string): void {
  const lines = load();
  const existing = lines.find((line) => line.productId === productId);
  save(existing ? lines.map((line) => (line === existing ? { ...line, quantity: Math.min(10, line.quantity + 1) } : line)) : [...lines, { productId, quantity: 1 }]);
}

/** Sets the quantity of `productId`; 0 removes it. */
export function setCartQuantity(productId: string, quantity: number): void {
  const lines = load();
  save(quantity <= 0 ? lines.filter((line) => line.productId !== productId) : lines.map((line) => (line.productId === productId ? { ...line, quantity: Math.min(10, quantity) } : line)));
}

/** Empties the cart. */
export function clearCart(): void {
  save([]);
}
