/**
 * A tiny time-to-live cache with in-flight de-duplication: concurrent misses for one key
 * share a single load, so 200 simultaneous requests cost Dodo one product lookup.
 * Failed loads are not cached.
 */

/** Options of {@link createTtlCache}. */
export interface TtlCacheOptions {
  /** How long a loaded value is served, in ms; 0 disables caching (in-flight sharing stays). */
  ttlMs: number;
  /** Clock. */
  now: () => Date;
  /** Most entries kept; the oldest is dropped beyond it. @default 1000 */
  maxEntries?: number;
}

/** A keyed cache of async values. */
export interface TtlCache<T> {
  /** The cached value of `key`, or the result of `load()` (shared with concurrent callers). */
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops every entry. */
  clear(): void;
}

/** Creates a {@link TtlCache}. */
export function createTtlCache<T>(options: TtlCacheOptions): TtlCache<T> {
  const maxEntries = options.maxEntries ?? 1000;
  const values = new Map<string, { value: T; expiresAt: number }>();
  const inFlight = new Map<string, Promise<T>>();

  return {
    get(key, load) {
      const hit = values.get(key);
      if (hit && hit.expiresAt > options.now().getTime()) return Promise.resolve(hit.value);
      const running = inFlight.get(key);
      if (running) return running;
      const promise = load().then(
        (value) => {
          inFlight.delete(key);
          if (options.ttlMs > 0) {
            values.delete(key);
            values.set(key, { value, expiresAt: options.now().getTime() + options.ttlMs });
            if (values.size > maxEntries) {
              const oldest = values.keys().next();
              if (!oldest.done) values.delete(oldest.value);
            }
          }
          return value;
        },
        (error: unknown) => {
          inFlight.delete(key);
          throw error;
        },
      );
      inFlight.set(key, promise);
      return promise;
    },
    clear() {
      values.clear();
    },
  };
}
