/**
 * A story decorator that re-provides the kit with a memory adapter on a fixed clock, so the
 * prorated amounts and dates of every UpgradePreview story are the same on every run (the
 * global decorator's adapter runs on the real clock). Locale and messages come from the outer
 * provider, so the toolbar's language still applies.
 */
import type { Decorator } from '@storybook/react-vite';
import { useContext, useState } from 'react';
import type { ReactNode } from 'react';
import { UpsellContext } from '../../src/hooks/upsell-context';
import { UpsellProvider } from '../../src/hooks/index';
import { createMemoryAdapter, fixtures } from '../../src/memory/index';
import type { FixtureName } from '../../src/memory/index';

/** Half-way through the catalogue's billing period (13 Nov → 13 Dec 2026): prorated amounts are exactly half. */
export const STORY_NOW = new Date('2026-11-28T00:00:00.000Z');
const storyNow = (): Date => STORY_NOW;

const isFixtureName = (value: unknown): value is FixtureName => typeof value === 'string' && value in fixtures;

function FixedClock({ fixture, children }: { fixture: FixtureName; children: ReactNode }): ReactNode {
  const outer = useContext(UpsellContext);
  const [adapter] = useState(() => createMemoryAdapter({ fixture, now: storyNow }));
  return (
    <UpsellProvider adapter={adapter} locale={outer?.locale} messages={outer?.messages} storage={null} now={storyNow}>
      {children}
    </UpsellProvider>
  );
}

/** Wraps the story in a provider whose memory adapter runs `parameters.fixture` at {@link STORY_NOW}. */
export const withFixedClock: Decorator = (Story, context) => {
  const fixture = isFixtureName(context.parameters.fixture) ? context.parameters.fixture : 'happyPath';
  return (
    <FixedClock key={`${context.id}:${fixture}`} fixture={fixture}>
      <Story />
    </FixedClock>
  );
};
