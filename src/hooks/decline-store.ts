/**
 * The browser-side memory of offer events behind `useDeclineTracker` and the offer hooks:
 * events persisted in a `Storage` (localStorage by default) plus the offers shown in this
 * session. Nothing here touches `window` until `hydrate()` or `record()` is called, which
 * hooks only do after mount, so server rendering never reaches for `localStorage`.
 */
import type { OfferEvent, OfferEventType } from '../core/types';

/** The subset of the Web Storage API the kit uses; pass your own to persist elsewhere. */
export interface UpsellStorage {
  /** The stored string for `key`, or null. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`. */
  setItem(key: string, value: string): void;
}

/** What the store knows at one moment; a new object after every change. */
export interface DeclineSnapshot {
  /** True once the persisted events were read (after mount). */
  hydrated: boolean;
  /** Every recorded event, oldest first. */
  events: readonly OfferEvent[];
  /** Offer ids shown since the provider mounted (the per-session cap counts them). */
  sessionOfferIds: readonly string[];
}

/** Offer events in storage plus this session's impressions. */
export interface DeclineStore {
  /** Reads persisted events once; later calls do nothing. */
  hydrate(): void;
  /** The current snapshot (never touches storage). */
  getSnapshot(): DeclineSnapshot;
  /** The snapshot used while server rendering and hydrating. */
  getServerSnapshot(): DeclineSnapshot;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Appends an event, persists it, and notes a `shown` offer for the session. */
  record(offerId: string, event: OfferEventType, at: Date): OfferEvent;
}

/** Options of {@link createDeclineStore}. */
export interface DeclineStoreOptions {
  /** Where to persist; undefined → `window.localStorage` when present, null → memory only. */
  storage?: UpsellStorage | null;
  /** Storage key. */
  storageKey: string;
}

/** Default storage key of the persisted events. */
export const DEFAULT_STORAGE_KEY = 'upsell-kit:offer-events';

/** Most events kept; older ones are dropped so storage never grows without bound. */
export const MAX_STORED_EVENTS = 500;

const EVENT_TYPES: readonly unknown[] = ['shown', 'accepted', 'declined', 'dismissed', 'failed'] satisfies OfferEventType[];

const SERVER_SNAPSHOT: DeclineSnapshot = Object.freeze({ hydrated: false, events: [], sessionOfferIds: [] });

function browserStorage(): UpsellStorage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    // Safari in some privacy modes throws on the mere access.
    return null;
  }
}

function isOfferEvent(value: unknown): value is OfferEvent {
  const event = value as Partial<Record<keyof OfferEvent, unknown>> | null;
  return typeof event?.offerId === 'string' && EVENT_TYPES.includes(event.event) && typeof event.at === 'string';
}

/** Creates a decline store; see the module comment for when it touches storage. */
export function createDeclineStore(options: DeclineStoreOptions): DeclineStore {
  const { storageKey } = options;
  const listeners = new Set<() => void>();
  let snapshot: DeclineSnapshot = SERVER_SNAPSHOT;
  let storage: UpsellStorage | null = null;

  function commit(events: OfferEvent[], sessionOfferIds = snapshot.sessionOfferIds): void {
    snapshot = { hydrated: true, events, sessionOfferIds };
    for (const listener of [...listeners]) listener();
  }

  /** The persisted events; a missing, corrupt or unreadable entry counts as none. */
  function read(): OfferEvent[] {
    try {
      const list: unknown = JSON.parse(storage?.getItem(storageKey) ?? 'null')?.events;
      return Array.isArray(list) ? list.filter(isOfferEvent) : [];
    } catch {
      return [];
    }
  }

  function hydrate(): void {
    if (snapshot.hydrated) return;
    storage = options.storage === undefined ? browserStorage() : options.storage;
    commit([...read(), ...snapshot.events]);
  }

  return {
    hydrate,
    getSnapshot: () => snapshot,
    getServerSnapshot: () => SERVER_SNAPSHOT,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    record(offerId, event, at) {
      hydrate();
      const entry: OfferEvent = { offerId, event, at: at.toISOString() };
      const events = [...snapshot.events, entry].slice(-MAX_STORED_EVENTS);
      const { sessionOfferIds } = snapshot;
      try {
        storage?.setItem(storageKey, JSON.stringify({ version: 1, events }));
      } catch {
        // A full or blocked storage must not break the offer; the session still remembers.
      }
      commit(events, event === 'shown' && !sessionOfferIds.includes(offerId) ? [...sessionOfferIds, offerId] : sessionOfferIds);
      return entry;
    },
  };
}
