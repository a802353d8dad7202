/**
 * Test scaffolding for the styled components: render inside an `UpsellProvider` with a fresh
 * memory adapter (no storage, so no test sees another's declines) and fail on console noise.
 * Works in jsdom and in vitest browser mode.
 */
import { cleanup, render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { MockInstance } from 'vitest';
import { UpsellProvider } from '../../src/hooks/index';
import type { UpsellProviderProps } from '../../src/hooks/index';
import { createMemoryAdapter } from '../../src/memory/index';
import type { MemoryAdapter, MemoryAdapterOptions } from '../../src/memory/index';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
});

/** Options of {@link renderWithKit}. */
export interface RenderWithKitOptions extends MemoryAdapterOptions {
  /** Provider props besides the adapter (locale, messages …). @default {} */
  provider?: Partial<Omit<UpsellProviderProps, 'adapter' | 'children'>>;
}

/** What {@link renderWithKit} returns: Testing Library's result plus the adapter and a re-render with the same provider. */
export interface RenderedKit extends RenderResult {
  /** The memory adapter behind the provider. */
  adapter: MemoryAdapter;
  /** Re-renders `ui` inside the same provider and adapter. */
  rerenderKit: (ui: ReactElement) => void;
}

/** Renders `ui` inside an `UpsellProvider` over a fresh memory adapter (3-D Secure settles only by `completeAction`). */
export function renderWithKit(ui: ReactElement, options: RenderWithKitOptions = {}): RenderedKit {
  const { provider = {}, ...adapterOptions } = options;
  const adapter = createMemoryAdapter({ autoCompleteActionMs: null, ...adapterOptions });
  const wrap = (node: ReactElement): ReactElement => (
    <UpsellProvider adapter={adapter} storage={null} {...provider}>
      {node}
    </UpsellProvider>
  );
  const result = render(wrap(ui));
  return { ...result, adapter, rerenderKit: (next) => result.rerender(wrap(next)) };
}

/** Fails the test when React, Radix or the kit writes to console.error / console.warn. */
export function failOnConsole(): void {
  let spies: MockInstance[] = [];
  beforeEach(() => {
    spies = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn')];
  });
  afterEach(() => {
    const [error, warn] = spies;
    try {
      expect(error?.mock.calls ?? []).toEqual([]);
      expect(warn?.mock.calls ?? []).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
}

/** The element an `aria-describedby` / `aria-labelledby` attribute points at, joined as text. */
export function referencedText(element: Element, attribute: 'aria-describedby' | 'aria-labelledby'): string {
  const ids = (element.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
}
