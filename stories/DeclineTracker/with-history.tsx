/**
 * A story decorator that re-provides the kit with offer events already in storage (the global
 * decorator keeps none), on a fixed clock. Locale and messages come from the outer provider.
 */
import type { Decorator } from '@storybook/react-vite';
import { useContext, useState } from 'react';
import type { ReactNode } from 'react';
import type { OfferEvent } from '../../src/core/types';
import type { UpsellStorage } from '../../src/hooks/index';
import { DEFAULT_STORAGE_KEY, UpsellProvider } from '../../src/hooks/index';
import { UpsellContext } from '../../src/hooks/upsell-context';
import { createMemoryAdapter } from '../../src/memory/index';

/** The stories' "today". */
export const STORY_NOW = new Date('2026-11-28T12:00:00.000Z');
const storyNow = (): Date => STORY_NOW;

/** A Web Storage stand-in holding `events` under the kit's key (never the real localStorage). */
export function storageWith(events: readonly OfferEvent[]): UpsellStorage {
  const data = new Map<string, string>([[DEFAULT_STORAGE_KEY, JSON.stringify({ version: 1, events })]]);
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

function SeededProvider({ events, children }: { events: readonly OfferEvent[]; children: ReactNode }): ReactNode {
  const outer = useContext(UpsellContext);
  const [adapter] = useState(() => outer?.adapter ?? createMemoryAdapter());
  const [storage] = useState(() => storageWith(events));
  return (
    <UpsellProvider adapter={adapter} locale={outer?.locale} messages={outer?.messages} storage={storage} now={storyNow}>
      {children}
    </UpsellProvider>
  );
}

/** Wraps the story in a provider whose storage already holds `events`. */
export function withStoredEvents(events: readonly OfferEvent[]): Decorator {
  return (Story, context) => (
    <SeededProvider key={context.id} events={events}>
      <Story />
    </SeededProvider>
  );
}
