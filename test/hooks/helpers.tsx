/** Shared test scaffolding for the hook tests: a provider wrapper, an in-memory storage and console guards. */
import { cleanup } from '@testing-library/react';
import type { ReactNode } from 'react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import type { UpsellAdapter } from '../../src/core/adapter';
import { UpsellProvider } from '../../src/hooks/upsell-provider';
import type { UpsellProviderProps } from '../../src/hooks/upsell-provider';
import type { UpsellStorage } from '../../src/hooks/decline-store';
import type { UpsellAnalyticsEvent } from '../../src/hooks/upsell-event';

afterEach(() => {
  cleanup();
});

/** A Web Storage stand-in that counts reads and writes. */
export function memoryStorage(initial: Record<string, string> = {}): UpsellStorage & { data: Map<string, string>; reads: number } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    reads: 0,
    getItem(key) {
      this.reads += 1;
      return data.get(key) ?? null;
    },
    setItem(key, value) {
      data.set(key, value);
    },
  };
}

/** Options of {@link providerWrapper}. */
export interface WrapperOptions extends Partial<Omit<UpsellProviderProps, 'adapter' | 'children'>> {
  /** Also wrap in <StrictMode> (renders twice; pass `reactStrictMode: true` to render/renderHook for double effects). */
  strict?: boolean;
}

/** A `wrapper` for render/renderHook with an UpsellProvider (and, optionally, StrictMode). */
export function providerWrapper(adapter: UpsellAdapter, options: WrapperOptions = {}) {
  const { strict, ...props } = options;
  const storage = props.storage === undefined ? memoryStorage() : props.storage;
  return function Wrapper({ children }: { children: ReactNode }) {
    const tree = (
      <UpsellProvider adapter={adapter} storage={storage} {...props}>
        {children}
      </UpsellProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
}

/** Collects analytics events. */
export function eventLog(): { onEvent: (event: UpsellAnalyticsEvent) => void; events: UpsellAnalyticsEvent[]; types: () => string[] } {
  const events: UpsellAnalyticsEvent[] = [];
  return { onEvent: (event) => events.push(event), events, types: () => events.map((event) => event.type) };
}

/** Fails the test when React (or the kit) writes to console.error / console.warn. */
export function guardConsole(): { error: MockInstance; warn: MockInstance } {
  const spies = {} as { error: MockInstance; warn: MockInstance };
  beforeEach(() => {
    spies.error = vi.spyOn(console, 'error');
    spies.warn = vi.spyOn(console, 'warn');
  });
  afterEach(() => {
    expect(spies.error).not.toHaveBeenCalled();
    expect(spies.warn).not.toHaveBeenCalled();
    spies.error.mockRestore();
    spies.warn.mockRestore();
  });
  return spies;
}

/** A promise with its resolve/reject exposed. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
